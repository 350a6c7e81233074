package dev.ruleport.sigma;

import dev.ruleport.backend.Refusals;
import dev.ruleport.diag.Span;
import dev.ruleport.ir.And;
import dev.ruleport.ir.Category;
import dev.ruleport.ir.Compare;
import dev.ruleport.ir.EventQuery;
import dev.ruleport.ir.Expr;
import dev.ruleport.ir.FieldPath;
import dev.ruleport.ir.FieldRef;
import dev.ruleport.ir.Filter;
import dev.ruleport.ir.Literal;
import dev.ruleport.ir.Query;
import dev.ruleport.ir.QueryVisitor;
import dev.ruleport.ir.SampleQuery;
import dev.ruleport.ir.SequenceQuery;
import dev.ruleport.ir.SequenceTerm;
import dev.ruleport.ir.TimeSpan;
import dev.ruleport.loader.Rule;
import dev.ruleport.mapping.Fidelity;
import dev.ruleport.mapping.MappingProfile;
import dev.ruleport.mapping.RuleFacts;
import dev.ruleport.mapping.Selection;
import dev.ruleport.print.EqlPrinter;
import dev.ruleport.sigma.Detection.Cond;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes one rule as Sigma YAML: an event query as one detection rule; a sequence as its stages (base rules with
 * a {@code name}) followed by a {@code temporal_ordered} correlation (or {@code event_count} for a single term
 * with {@code runs=N}) in one multi-document text. Everything the target cannot express goes to the
 * {@link Refusals}; under lossy output the approximations are listed in a {@code ruleport_losses} attribute and a
 * comment at the top of the text.
 *
 * <p>Custom attributes: {@code elastic} keeps every piece of Elastic metadata that has no Sigma field (the
 * original query included); {@code ruleport} records the profile, the chosen log source and the conjuncts the log
 * source absorbed (as EQL), which is what the {@link SigmaReader} re-adds when it maps a rule back to ECS.
 */
final class SigmaWriter {
    static final String LOSSES = "ruleport_losses";
    private static final Pattern TAG = Pattern.compile("[a-z0-9_-]+\\.[a-z0-9._-]+");
    private static final Pattern ELASTIC_DATE = Pattern.compile("(\\d{4})[/-](\\d{2})[/-](\\d{2})");

    private final Rule rule;
    private final MappingProfile profile;
    private final Refusals refusals;

    SigmaWriter(Rule rule, MappingProfile profile, Refusals refusals) {
        this.rule = rule;
        this.profile = profile;
        this.refusals = refusals;
    }

    /** A translated filter: its log source, detection and the absorbed conjuncts. */
    private record Body(Selection selection, Map<String, Object> detection, List<String> absorbed, Map<String, String> fields) {}

    /** The YAML text, or null when nothing sensible could be written (the refusals then say why). */
    String write(Query query) {
        List<Map<String, Object>> docs = query.accept(new QueryVisitor<List<Map<String, Object>>>() {
            @Override public List<Map<String, Object>> visitEvent(EventQuery q) { return event(q); }

            @Override public List<Map<String, Object>> visitSequence(SequenceQuery q) { return sequence(q); }

            @Override public List<Map<String, Object>> visitSample(SampleQuery q) {
                refusals.fatal(q.span(), "sample: Sigma has no correlation of unordered events without a time window "
                        + "(temporal correlations need a timespan)");
                return null;
            }
        });
        if (docs == null || refusals.refused()) return null;
        Map<String, Object> main = docs.get(docs.size() - 1);
        StringBuilder out = new StringBuilder();
        if (!refusals.losses().isEmpty()) {
            main.put(LOSSES, new ArrayList<>(refusals.losses()));
            out.append("# ruleport: LOSSY translation of ").append(fileBase()).append(": this Sigma does not mean exactly\n")
               .append("# what the EQL means. Approximations (").append(LOSSES).append(" lists them too):\n");
            for (String l : refusals.losses()) out.append("#   ").append(oneLine(l)).append('\n');
        }
        for (int i = 0; i < docs.size(); i++) {
            if (i > 0) out.append("---\n");
            if (i == docs.size() - 1 && docs.size() > 1) {
                out.append("# ruleport: the correlation fires for a group when its events exist in this order within the\n")
                   .append("# timespan, as the EQL sequence does; EQL additionally reports each match once (one pending\n")
                   .append("# sequence per stage and key), so alert counts may differ while the verdicts agree.\n");
                if (stagesDisjoint) {
                    out.append("# No event can match two of its rules (their fixed field values differ, or they are different\n")
                       .append("# endpoint activity categories, which an ECS event does not combine, or they join a process\n")
                       .append("# with its parent), so each stage has its own event, as in EQL.\n");
                }
            }
            out.append(SigmaYaml.dump(docs.get(i)));
        }
        return out.toString();
    }

    // ------------------------------------------------------------------ event queries

    private List<Map<String, Object>> event(EventQuery q) {
        if (!q.pipes().isEmpty()) {
            refusals.cannot(q.pipes().get(0).span(), "pipe | " + q.pipes().get(0) + ": Sigma rules have no result limits");
        }
        Body body = body(q.filter());
        if (body == null) return null;
        Map<String, Object> doc = header(rule.name(), sigmaId(rule.ruleId()), null);
        metadataBeforeDetection(doc);
        doc.put("logsource", new LinkedHashMap<>(body.selection().attributes()));
        doc.put("detection", body.detection());
        metadataAfterDetection(doc);
        doc.put("ruleport", ruleportAttribute(body));
        doc.put("elastic", elastic());
        List<Map<String, Object>> docs = new ArrayList<>();
        docs.add(doc);
        return docs;
    }

    private Body body(Filter filter) {
        RuleFacts facts = RuleFacts.from(filter, rule.index(), rule.eventCategoryOverride());
        Optional<Selection> chosen = profile.select(facts);
        if (chosen.isEmpty()) {
            refusals.fatal(filter.span(), "no log source of profile " + profile.name() + " fits this rule (facts: "
                    + (facts.values().isEmpty() ? "none" : facts) + ")");
            return null;
        }
        Selection sel = chosen.get();
        if (sel.fidelity() != Fidelity.EXACT) {
            refusals.cannot(filter.span(), "log source " + sel.id() + " is " + sel.fidelity().label() + " than the rule: "
                    + sel.reason());
        }
        List<Expr> kept = new ArrayList<>();
        List<String> absorbed = new ArrayList<>();
        Category cat = filter.category();
        String catField = rule.categoryField();
        if (!cat.isAny()) {
            Expr implied = new Compare(Compare.Op.EQ, new FieldRef(FieldPath.parse(catField), false, cat.span()),
                    new Literal(cat.name(), cat.span()), cat.span());
            Optional<Fidelity> a = sel.absorbsCategory(cat);
            absorb(sel, implied, a, kept, absorbed, cat.span());
        }
        for (Expr c : conjuncts(filter.condition())) absorb(sel, c, sel.absorbs(c), kept, absorbed, c.span());
        if (kept.isEmpty()) {
            refusals.fatal(filter.span(), "nothing is left to test once log source " + sel.id() + " absorbs "
                    + String.join(", ", absorbed) + ": a Sigma detection needs at least one search identifier");
            return null;
        }
        ExprTranslator translator = new ExprTranslator(refusals, sel);
        Cond cond = translator.translate(kept.size() == 1 ? kept.get(0) : new And(kept, filter.span()));
        if (cond == null) {
            if (!refusals.refused()) refusals.fatal(filter.span(), "no part of this filter can be written in Sigma");
            return null;
        }
        return new Body(sel, Detection.render(cond), absorbed, translator.renames());
    }

    private void absorb(Selection sel, Expr conjunct, Optional<Fidelity> a, List<Expr> kept, List<String> absorbed, Span span) {
        if (a.isEmpty()) {
            kept.add(conjunct);
            return;
        }
        if (a.get() != Fidelity.EXACT) {
            refusals.cannot(span, "dropping " + EqlPrinter.print(conjunct) + " for log source " + sel.id()
                    + " is " + a.get().label() + " than the rule (the log source does not guarantee it)");
        }
        absorbed.add(EqlPrinter.print(conjunct));
    }

    private static List<Expr> conjuncts(Expr condition) {
        List<Expr> out = new ArrayList<>();
        if (condition instanceof And and) out.addAll(and.operands());
        else out.add(condition);
        out.removeIf(e -> e instanceof Literal l && Boolean.TRUE.equals(l.value()));
        return out;
    }

    // ------------------------------------------------------------------ sequences

    /**
     * EQL gives each stage its own event; a Sigma correlation may count one event for two of its rules.
     * Exact only when no event can match two stages: {@link StageOverlap} proves it from their constant
     * conjuncts, or they name two endpoint activity categories (process, file, network, ...), which no
     * event combines (an assumption about ECS data, written into the output), or they join a process
     * with its parent (one event's two roles land in different correlation groups). Different log sources
     * prove nothing: Sigma's process_creation and the Security log share event 4688. Reported once, at
     * the later stage of the first pair.
     */
    private void overlappingStages(SequenceQuery q, List<SequenceTerm> terms) {
        stagesDisjoint = false;
        for (int j = 1; j < terms.size(); j++) {
            for (int i = 0; i < j; i++) {
                Filter a = terms.get(i).filter();
                Filter b = terms.get(j).filter();
                // activity categories mean something only as values of event.category
                boolean activities = "event.category".equals(rule.categoryField()) && StageOverlap.differentActivities(a, b);
                if (StageOverlap.disjoint(a, b) || activities
                        || StageOverlap.keysApart(q.joinKeys(terms.get(i)), q.joinKeys(terms.get(j)))) {
                    continue;
                }
                refusals.cannot(terms.get(j).span(), "stages " + (i + 1) + " and " + (j + 1) + " can match the same event "
                        + "(no single-valued field tells them apart): EQL needs a distinct event for each stage, a Sigma "
                        + "correlation may count one event for both rules");
                return;
            }
        }
        stagesDisjoint = true;
    }

    /** Set by {@link #overlappingStages}: every pair of stages was shown disjoint. */
    private boolean stagesDisjoint;

    private List<Map<String, Object>> sequence(SequenceQuery q) {
        if (q.until() != null) {
            refusals.cannot(q.until().span(), "until [...]: a Sigma correlation cannot cancel a pending sequence");
        }
        if (!q.pipes().isEmpty()) {
            refusals.cannot(q.pipes().get(0).span(), "pipe | " + q.pipes().get(0) + ": Sigma correlations have no result limits");
        }
        List<SequenceTerm> terms = new ArrayList<>();
        for (SequenceTerm t : q.terms()) {
            if (t.missing()) {
                refusals.cannot(t.span(), "missing-event term ![...]: Sigma correlations cannot require that an event is absent");
            } else {
                terms.add(t);
            }
        }
        if (terms.isEmpty()) {
            refusals.fatal(q.span(), "no positive stage left in the sequence");
            return null;
        }
        String timespan = timespan(q);
        boolean eventCount = terms.size() == 1;
        if (!eventCount) {
            for (SequenceTerm t : terms) {
                if (t.runs() > 1) {
                    refusals.cannot(t.span(), "with runs=" + t.runs() + " in a sequence of several terms: a Sigma "
                            + "correlation names each rule once and cannot require distinct events for repeated stages");
                }
            }
        } else if (terms.get(0).runs() < 2) {
            // once refused for its missing-event terms, saying more would only repeat the cause
            if (!refusals.refused()) {
                refusals.fatal(q.span(), terms.size() < q.terms().size()
                        ? "without its missing-event terms the sequence has one stage, which no Sigma correlation expresses"
                        : "a one-stage sequence without runs");
            }
            return null;
        }
        String base = fileBase();
        List<Map<String, Object>> docs = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<List<String>> keyNames = new ArrayList<>();
        List<List<String>> ecsKeys = new ArrayList<>();
        for (int i = 0; i < terms.size(); i++) {
            SequenceTerm t = terms.get(i);
            Body body = body(t.filter());
            if (body == null) return null;
            String name = base + "_stage" + (i + 1);
            names.add(name);
            List<String> keys = new ArrayList<>();
            List<String> ecs = new ArrayList<>();
            ExprTranslator tr = new ExprTranslator(refusals, body.selection());
            for (Expr k : q.joinKeys(t)) {
                if (!(k instanceof FieldRef f)) {
                    refusals.cannot(k.span(), "join key " + EqlPrinter.print(k) + ": Sigma groups by fields only");
                    continue;
                }
                if (f.optional()) {
                    refusals.cannot(k.span(), "optional join key " + EqlPrinter.print(k) + ": EQL joins events lacking it "
                            + "(null key); Sigma group-by does not");
                }
                ExprTranslator.Target target = tr.target(f);
                if (target == null) continue;
                if (target.transform() != dev.ruleport.mapping.ValueTransform.NONE) {
                    refusals.cannot(k.span(), "join key " + f.name() + " is only part of " + target.name() + " in log source "
                            + body.selection().id());
                }
                keys.add(target.name());
                ecs.add(f.name());
            }
            keyNames.add(keys);
            ecsKeys.add(ecs);
            Map<String, Object> doc = header(rule.name() + " (stage " + (i + 1) + " of " + terms.size() + ")",
                    UUID.nameUUIDFromBytes((rule.ruleId() + ":stage" + (i + 1)).getBytes(StandardCharsets.UTF_8)).toString(),
                    name);
            doc.put("logsource", new LinkedHashMap<>(body.selection().attributes()));
            doc.put("detection", body.detection());
            Map<String, Object> rp = ruleportAttribute(body);
            if (!tr.renames().isEmpty()) {
                @SuppressWarnings("unchecked")
                Map<String, Object> fields = (Map<String, Object>) rp.computeIfAbsent("fields", k -> new LinkedHashMap<String, Object>());
                tr.renames().forEach(fields::putIfAbsent); // the join keys' fields, for the reader
            }
            doc.put("ruleport", rp);
            docs.add(doc);
        }
        if (!eventCount) overlappingStages(q, terms);
        if (refusals.refused()) return null;
        Map<String, Object> correlation = new LinkedHashMap<>();
        correlation.put("type", eventCount ? "event_count" : "temporal_ordered");
        correlation.put("rules", names);
        List<String> groupBy = new ArrayList<>();
        Map<String, Object> aliases = new LinkedHashMap<>();
        int n = keyNames.get(0).size();
        if (n == 0) {
            refusals.cannot(q.span(), "sequence without join keys: Sigma correlations group by fields");
        }
        for (int k = 0; k < n; k++) {
            Set<String> distinct = new LinkedHashSet<>();
            for (List<String> ks : keyNames) distinct.add(ks.get(k));
            if (distinct.size() == 1) {
                if (!groupBy.contains(keyNames.get(0).get(k))) groupBy.add(keyNames.get(0).get(k)); // a repeated key adds nothing
            } else {
                String alias = ecsKeys.get(0).get(k).replaceAll("[^A-Za-z0-9_]+", "_");
                while (aliases.containsKey(alias) || distinct.contains(alias)) alias = alias + "_key";
                Map<String, Object> perRule = new LinkedHashMap<>();
                for (int i = 0; i < names.size(); i++) perRule.put(names.get(i), keyNames.get(i).get(k));
                aliases.put(alias, perRule);
                groupBy.add(alias);
            }
        }
        if (!aliases.isEmpty()) correlation.put("aliases", aliases);
        correlation.put("group-by", groupBy);
        correlation.put("timespan", timespan);
        Map<String, Object> condition = new LinkedHashMap<>();
        condition.put("gte", eventCount ? terms.get(0).runs() : terms.size());
        correlation.put("condition", condition);

        Map<String, Object> doc = header(rule.name(), sigmaId(rule.ruleId()), null);
        metadataBeforeDetection(doc);
        doc.put("correlation", correlation);
        metadataAfterDetection(doc);
        doc.put("elastic", elastic());
        docs.add(doc);
        return docs;
    }

    private String timespan(SequenceQuery q) {
        TimeSpan span = q.maxspan();
        if (span == null) {
            refusals.cannot(q.span(), "sequence without maxspan: Sigma correlations need a timespan");
            Matcher m = rule.from() == null ? null : Pattern.compile("now-(\\d+)([smhd])").matcher(rule.from());
            if (m != null && m.matches()) return m.group(1) + m.group(2); // lossy: the rule's look-back
            return "1d";
        }
        if (span.unit() == TimeSpan.Unit.MS) {
            if (span.amount() % 1000 == 0) return (span.amount() / 1000) + "s";
            refusals.cannot(span.span(), "maxspan=" + span + ": Sigma timespans count whole seconds at least");
            return Math.max(1, (span.amount() + 999) / 1000) + "s";
        }
        return span.amount() + span.unit().symbol();
    }

    // ------------------------------------------------------------------ metadata

    /** The rule_id when it is a UUID (Sigma ids are); else a name-based UUID of it (the rule_id stays under elastic). */
    static String sigmaId(String ruleId) {
        if (ruleId == null) return null;
        if (ruleId.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")) return ruleId;
        return UUID.nameUUIDFromBytes(ruleId.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private Map<String, Object> header(String title, String id, String name) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("title", title.length() > 256 ? title.substring(0, 256) : title);
        if (id != null) doc.put("id", id);
        if (name != null) doc.put("name", name);
        return doc;
    }

    private void metadataBeforeDetection(Map<String, Object> doc) {
        Rule.Metadata md = rule.metadata();
        String status = md == null || md.maturity() == null ? null : switch (md.maturity().toLowerCase(Locale.ROOT)) {
            case "production" -> "stable";
            case "development", "experimental" -> "experimental";
            case "deprecated" -> "deprecated";
            default -> null;
        };
        if (status != null) doc.put("status", status);
        if (rule.description() != null) doc.put("description", rule.description().strip());
        List<String> refs = distinct(rule.references());
        if (!refs.isEmpty()) doc.put("references", refs);
        if (rule.authors() != null && !rule.authors().isEmpty()) doc.put("author", String.join(", ", rule.authors()));
        if (md != null) {
            String created = date(md.creationDate());
            String updated = date(md.updatedDate());
            if (created != null) doc.put("date", created);
            if (updated != null) doc.put("modified", updated);
        }
        List<String> tags = tags();
        if (!tags.isEmpty()) doc.put("tags", tags);
    }

    private void metadataAfterDetection(Map<String, Object> doc) {
        List<String> fps = new ArrayList<>();
        for (String fp : distinct(rule.falsePositives())) if (fp.strip().length() >= 2) fps.add(fp.strip());
        if (!fps.isEmpty()) doc.put("falsepositives", fps);
        String sev = rule.severity() == null ? null : rule.severity().toLowerCase(Locale.ROOT);
        if (sev != null && List.of("informational", "low", "medium", "high", "critical").contains(sev)) doc.put("level", sev);
    }

    private static List<String> distinct(List<String> in) {
        return in == null ? List.of() : new ArrayList<>(new LinkedHashSet<>(in));
    }

    static String date(String elastic) {
        if (elastic == null) return null;
        Matcher m = ELASTIC_DATE.matcher(elastic.strip());
        return m.matches() ? m.group(1) + "-" + m.group(2) + "-" + m.group(3) : null;
    }

    /** ATT&CK tags: tactic names dashed ({@code attack.credential-access}), technique and subtechnique ids. */
    private List<String> tags() {
        Set<String> out = new LinkedHashSet<>();
        if (rule.threats() == null) return List.of();
        for (Rule.Threat t : rule.threats()) {
            if (t.framework() != null && !t.framework().toLowerCase(Locale.ROOT).contains("att&ck")) continue;
            if (t.tactic() != null && t.tactic().name() != null) {
                out.add("attack." + t.tactic().name().strip().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-"));
            }
            for (Rule.Technique tech : t.techniques()) {
                if (tech.id() != null) out.add("attack." + tech.id().toLowerCase(Locale.ROOT));
                for (Rule.Reference sub : tech.subtechniques()) {
                    if (sub.id() != null) out.add("attack." + sub.id().toLowerCase(Locale.ROOT));
                }
            }
        }
        List<String> valid = new ArrayList<>();
        for (String t : out) if (TAG.matcher(t).matches()) valid.add(t);
        return valid;
    }

    private Map<String, Object> ruleportAttribute(Body body) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("profile", profile.name());
        m.put("logsource", body.selection().id());
        if (!body.absorbed().isEmpty()) m.put("absorbed", new ArrayList<>(body.absorbed()));
        if (!body.fields().isEmpty()) m.put("fields", new LinkedHashMap<>(body.fields()));
        return m;
    }

    /** Every Elastic field Sigma has no place for, so nothing is dropped. */
    private Map<String, Object> elastic() {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "rule_id", rule.ruleId());
        put(m, "name", rule.name());
        put(m, "type", rule.type());
        put(m, "language", rule.language());
        put(m, "query", rule.query());
        put(m, "index", rule.index());
        put(m, "severity", rule.severity());
        put(m, "risk_score", rule.riskScore());
        put(m, "tags", rule.tags());
        put(m, "license", rule.license());
        put(m, "from", rule.from());
        put(m, "interval", rule.interval());
        put(m, "timestamp_override", rule.timestampOverride());
        put(m, "event_category_override", rule.eventCategoryOverride());
        put(m, "building_block_type", rule.buildingBlockType());
        put(m, "max_signals", rule.maxSignals());
        put(m, "false_positives", rule.falsePositives());
        put(m, "investigation_fields", rule.investigationFields());
        if (rule.threats() != null && !rule.threats().isEmpty()) {
            List<Object> threats = new ArrayList<>();
            for (Rule.Threat t : rule.threats()) {
                Map<String, Object> tm = new LinkedHashMap<>();
                put(tm, "framework", t.framework());
                if (t.tactic() != null) tm.put("tactic", reference(t.tactic()));
                List<Object> techs = new ArrayList<>();
                for (Rule.Technique tech : t.techniques()) {
                    Map<String, Object> x = reference(new Rule.Reference(tech.id(), tech.name(), tech.reference()));
                    List<Object> subs = new ArrayList<>();
                    for (Rule.Reference s : tech.subtechniques()) subs.add(reference(s));
                    if (!subs.isEmpty()) x.put("subtechnique", subs);
                    techs.add(x);
                }
                if (!techs.isEmpty()) tm.put("technique", techs);
                threats.add(tm);
            }
            m.put("threat", threats);
        }
        put(m, "note", rule.note());
        put(m, "setup", rule.setup());
        Rule.Metadata md = rule.metadata();
        if (md != null) {
            Map<String, Object> mm = new LinkedHashMap<>();
            put(mm, "creation_date", md.creationDate());
            put(mm, "updated_date", md.updatedDate());
            put(mm, "maturity", md.maturity());
            put(mm, "integration", md.integration());
            put(mm, "min_stack_version", md.minStackVersion());
            put(mm, "min_stack_comments", md.minStackComments());
            if (md.other() != null) md.other().forEach((k, v) -> put(mm, k, v));
            if (!mm.isEmpty()) m.put("metadata", mm);
        }
        if (rule.transform() != null && !rule.transform().isEmpty()) m.put("transform", plain(rule.transform()));
        if (rule.otherRuleFields() != null) rule.otherRuleFields().forEach((k, v) -> put(m, k, v));
        return m;
    }

    private static Map<String, Object> reference(Rule.Reference r) {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "id", r.id());
        put(m, "name", r.name());
        put(m, "reference", r.reference());
        return m;
    }

    private static void put(Map<String, Object> m, String key, Object value) {
        if (value == null) return;
        if (value instanceof List<?> l && l.isEmpty()) return;
        if (value instanceof String s && s.isEmpty()) return;
        m.put(key, plain(value));
    }

    /** TOML values as YAML-ready values: maps, lists, strings, numbers, booleans; anything else as its text. */
    private static Object plain(Object v) {
        if (v instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, x) -> out.put(String.valueOf(k), plain(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object x : l) out.add(plain(x));
            return out;
        }
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof Integer || v instanceof Long) return v;
        if (v instanceof Double d) return d;
        if (v instanceof Number n) return n.toString();
        return v.toString();
    }

    String fileBase() {
        String f = rule.file() == null ? "rule" : dev.ruleport.backend.Backends.baseName(rule.file());
        String s = f.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]+", "_");
        return s.isEmpty() ? "rule" : s;
    }

    private static String oneLine(String s) { return s.replace('\n', ' ').replace('\r', ' '); }
}
