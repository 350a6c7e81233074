package dev.ruleport.sigma;

import dev.ruleport.backend.Refusals;
import dev.ruleport.ir.Filter;
import dev.ruleport.ir.SequenceQuery;
import dev.ruleport.ir.TimeSpan;
import dev.ruleport.loader.Rule;
import dev.ruleport.lower.Finding;
import dev.ruleport.lower.JoinKey;
import dev.ruleport.lower.LoweredFilter;
import dev.ruleport.lower.LoweredRule;
import dev.ruleport.lower.LoweredSequence;
import dev.ruleport.lower.LoweredTerm;
import dev.ruleport.lower.Reason;
import dev.ruleport.mapping.Fidelity;
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

    private final LoweredRule lowered;
    private final Rule rule;
    private final Refusals refusals;

    private final String measured;

    /** Whether the Elastic extras ({@code elastic:}, {@code ruleport:}, {@code ruleport_losses}) are written. */
    private final boolean full;

    SigmaWriter(LoweredRule lowered, Refusals refusals, String measured) {
        this(lowered, refusals, measured, false);
    }

    SigmaWriter(LoweredRule lowered, Refusals refusals, String measured, boolean full) {
        this.full = full;
        this.measured = measured;
        this.lowered = lowered;
        this.rule = lowered.rule();
        this.refusals = refusals;
    }

    /** A translated filter: its log source, detection and the absorbed conjuncts. */
    private record Body(LoweredFilter filter, Map<String, Object> detection, List<String> absorbed, Map<String, String> fields) {}

    /** The YAML text, or null when nothing sensible could be written (the refusals then say why). */
    String write() {
        List<Map<String, Object>> docs = switch (lowered.kind()) {
            case EVENT -> {
                if (!lowered.isUnion()) yield event(lowered.event());
                // one Sigma rule has one logsource; several rule documents in one file are not read back as one rule
                refusals.fatal(lowered.query().span(), Reason.NO_LOGSOURCE, "no single log source of " + lowered.profileName()
                        + " holds every event the query can match (it needs " + String.join(", ", lowered.logsourceIds())
                        + "), and a Sigma rule has one logsource: ruleport writes no union of Sigma rules");
                yield null;
            }
            case SEQUENCE -> sequence(lowered.sequence());
            case SAMPLE -> {
                refusals.fatal(lowered.query().span(), Reason.SAMPLE, "sample: Sigma has no correlation of unordered"
                        + " events without a time window (temporal correlations need a timespan)");
                yield null;
            }
        };
        if (docs == null || refusals.refused()) return null;
        Map<String, Object> main = docs.get(docs.size() - 1);
        StringBuilder out = new StringBuilder();
        List<Finding> losses = refusals.losses();
        if (!losses.isEmpty()) {
            List<String> listed = new ArrayList<>();
            for (Finding f : losses) listed.add(refusals.position(f) + " " + f.directionLabel() + " " + f.text());
            if (full) main.put(LOSSES, listed);
            out.append("# ruleport: LOSSY translation of ").append(fileBase()).append(": this Sigma does not mean exactly\n")
               .append("# what the EQL means. Approximations").append(full ? " (" + LOSSES + " lists them too)" : "").append(":\n");
            for (String l : listed) out.append("#   ").append(oneLine(l)).append('\n');
            if (measured != null) out.append("# measured: ").append(oneLine(measured)).append('\n');
        } else if (!lowered.equivalences().isEmpty()) {
            out.append("# ruleport: equivalent translation of ").append(fileBase()).append(": the same logic over this log")
               .append(" source's record of the same activity, relying on:\n");
            for (String e : lowered.equivalences()) out.append("#   ").append(oneLine(e)).append('\n');
        } else {
            out.append("# ruleport: exact translation of ").append(fileBase()).append(" (profile ").append(lowered.profileName())
               .append("): the same events, with the same verdicts\n");
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
                if (multiValuedKeys) {
                    out.append("# A group-by field can hold several values: like EQL, which joins on each value, this relies on\n")
                       .append("# the backend putting an event in the group of each of its values, as Splunk's stats by and\n")
                       .append("# ES|QL's STATS BY do with multi-valued fields.\n");
                }
            }
            out.append(SigmaYaml.dump(docs.get(i)));
        }
        return out.toString();
    }

    // ------------------------------------------------------------------ event queries

    private List<Map<String, Object>> event(LoweredFilter filter) {
        Body body = body(filter);
        if (body == null) return null;
        Map<String, Object> doc = header(rule.name(), sigmaId(rule.ruleId()), null);
        metadataBeforeDetection(doc);
        doc.put("logsource", logsource(filter));
        doc.put("detection", body.detection());
        metadataAfterDetection(doc);
        if (full) {
            doc.put("ruleport", ruleportAttribute(body));
            doc.put("elastic", elastic());
        }
        List<Map<String, Object>> docs = new ArrayList<>();
        docs.add(doc);
        return docs;
    }

    private Body body(LoweredFilter filter) {
        if (filter.selection() == null) return null;
        if (!filter.clauses().isEmpty()) {
            refusals.fatal(filter.source().span(), Reason.EXPRESSION, "log source " + filter.logsourceId() + " tests "
                    + String.join(", ", filter.clauses()) + " with a target-specific clause, which a Sigma detection cannot hold");
            return null;
        }
        List<String> absorbed = new ArrayList<>();
        for (LoweredFilter.Absorbed a : filter.absorbed()) absorbed.add(EqlPrinter.print(a.conjunct()));
        if (filter.testsNothing()) {
            if (!refusals.refused()) {
                refusals.fatal(filter.source().span(), Reason.EXPRESSION, "nothing is left to test once log source "
                        + filter.logsourceId() + " absorbs " + String.join(", ", absorbed)
                        + ": a Sigma detection needs at least one search identifier");
            }
            return null;
        }
        ExprTranslator translator = new ExprTranslator(refusals, filter);
        Optional<Cond> cond = translator.render(filter.condition());
        translator.checkFlood(cond.isEmpty(), filter.source().span(), filter.logsourceId());
        if (cond.isEmpty()) {
            if (!refusals.refused()) refusals.fatal(filter.source().span(), Reason.EXPRESSION, "no part of this filter can be written in Sigma");
            return null;
        }
        return new Body(filter, integers(Detection.render(cond.get())), absorbed, translator.renames());
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
    private void overlappingStages(LoweredSequence q, List<LoweredTerm> terms) {
        stagesDisjoint = false;
        SequenceQuery source = q.source();
        for (int j = 1; j < terms.size(); j++) {
            for (int i = 0; i < j; i++) {
                Filter a = terms.get(i).term().filter();
                Filter b = terms.get(j).term().filter();
                // activity categories mean something only as values of event.category
                boolean activities = "event.category".equals(rule.categoryField()) && StageOverlap.differentActivities(a, b);
                if (StageOverlap.disjoint(a, b) || activities
                        || StageOverlap.keysApart(source.joinKeys(terms.get(i).term()), source.joinKeys(terms.get(j).term()))) {
                    continue;
                }
                refusals.approximate(terms.get(j).term().span(), Reason.SEQUENCE, Fidelity.BROADER, null, "stages " + (i + 1)
                        + " and " + (j + 1) + " can match the same event (no single-valued field tells them apart): EQL needs a"
                        + " distinct event for each stage, a Sigma correlation may count one event for both rules");
                return;
            }
        }
        stagesDisjoint = true;
    }

    /** Set by {@link #overlappingStages}: every pair of stages was shown disjoint. */
    private boolean stagesDisjoint;

    /** Set by {@link #sequence}: a group-by field can hold several values. */
    private boolean multiValuedKeys;

    private List<Map<String, Object>> sequence(LoweredSequence q) {
        if (q.until() != null) {
            refusals.drop(q.until().term().span(), Reason.UNTIL, "until", "until [...]: a Sigma correlation cannot cancel a"
                    + " pending sequence");
        }
        List<LoweredTerm> terms = new ArrayList<>();
        for (LoweredTerm t : q.terms()) {
            if (t.missing()) {
                refusals.drop(t.term().span(), Reason.MISSING_EVENT, "![...]", "missing-event term ![...]: Sigma"
                        + " correlations cannot require that an event is absent");
            } else {
                terms.add(t);
            }
        }
        if (terms.isEmpty()) {
            refusals.fatal(q.source().span(), Reason.SEQUENCE, "no positive stage left in the sequence");
            return null;
        }
        String timespan = timespan(q.source());
        boolean eventCount = terms.size() == 1;
        if (!eventCount) {
            for (LoweredTerm t : terms) {
                if (t.runs() > 1) {
                    refusals.approximate(t.term().span(), Reason.RUNS, Fidelity.BROADER, null, "with runs=" + t.runs()
                            + " in a sequence of several terms: a Sigma correlation names each rule once and cannot require"
                            + " distinct events for repeated stages");
                }
            }
        } else if (terms.get(0).runs() < 2) {
            // once refused for its missing-event terms, saying more would only repeat the cause
            if (!refusals.refused()) {
                refusals.fatal(q.source().span(), Reason.SEQUENCE, terms.size() < q.terms().size()
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
            LoweredTerm t = terms.get(i);
            Body body = body(t.filter());
            if (body == null) return null;
            String name = base + "_stage" + (i + 1);
            names.add(name);
            List<String> keys = new ArrayList<>();
            List<String> ecs = new ArrayList<>();
            Map<String, String> keyRenames = new LinkedHashMap<>();
            for (JoinKey k : t.keys()) {
                if (k.optional()) {
                    refusals.approximate(k.expr().span(), Reason.JOIN_KEY, Fidelity.NARROWER, EqlPrinter.print(k.expr()),
                            "optional join key " + EqlPrinter.print(k.expr()) + ": EQL joins events lacking it (null key);"
                            + " Sigma group-by does not");
                }
                if (k.mapping().computed() || k.column().indexOf('|') >= 0 || k.column().isEmpty()) {
                    refusals.fatal(k.expr().span(), Reason.FIELD_NAME, "field name '" + k.column()
                            + "' cannot be a Sigma field (the '|' separates modifiers)");
                    continue;
                }
                multiValuedKeys |= k.kind() == JoinKey.Kind.MULTI_VALUED;
                if (!k.column().equals(k.ecsName())) keyRenames.putIfAbsent(k.column(), k.ecsName());
                keys.add(k.column());
                ecs.add(k.ecsName());
            }
            keyNames.add(keys);
            ecsKeys.add(ecs);
            Map<String, Object> doc = header(rule.name() + " (stage " + (i + 1) + " of " + terms.size() + ")",
                    UUID.nameUUIDFromBytes((rule.ruleId() + ":stage" + (i + 1)).getBytes(StandardCharsets.UTF_8)).toString(),
                    name);
            doc.put("logsource", logsource(t.filter()));
            doc.put("detection", body.detection());
            Map<String, Object> rp = ruleportAttribute(body);
            if (!keyRenames.isEmpty()) {
                @SuppressWarnings("unchecked")
                Map<String, Object> fields = (Map<String, Object>) rp.computeIfAbsent("fields", k -> new LinkedHashMap<String, Object>());
                keyRenames.forEach(fields::putIfAbsent); // the join keys' fields, for the reader
            }
            if (full) doc.put("ruleport", rp);
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
            refusals.approximate(q.source().span(), Reason.JOIN_KEY, Fidelity.OVERLAPPING, null,
                    "sequence without join keys: Sigma correlations group by fields");
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
        if (full) doc.put("elastic", elastic());
        docs.add(doc);
        return docs;
    }

    private String timespan(SequenceQuery q) {
        TimeSpan span = q.maxspan();
        if (span == null) {
            refusals.approximate(q.span(), Reason.MAXSPAN, Fidelity.NARROWER, null, "sequence without maxspan: Sigma"
                    + " correlations need a timespan; the rule's look-back is used");
            Matcher m = rule.from() == null ? null : Pattern.compile("now-(\\d+)([smhd])").matcher(rule.from());
            if (m != null && m.matches()) return m.group(1) + m.group(2); // lossy: the rule's look-back
            return "1d";
        }
        if (span.unit() == TimeSpan.Unit.MS) {
            if (span.amount() % 1000 == 0) return (span.amount() / 1000) + "s";
            refusals.approximate(span.span(), Reason.MAXSPAN, Fidelity.BROADER, null, "maxspan=" + span
                    + ": Sigma timespans count whole seconds at least; rounded up");
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
        if (IDENTITY.equals(lowered.profileTarget())) doc.put("taxonomy", "ecs"); // the field names are ECS's, not Sigma's
        return doc;
    }

    private static final String IDENTITY = "any";

    /**
     * The log source: the profile's attributes; where they name no {@code product}, {@code category} or {@code
     * service} (the {@code ecs} profile has the rule's index patterns), the ones the rule's facts make evident
     * ({@code product: windows, category: process_creation}), else the rule's Elastic integration as product, else the
     * event category, so the Sigma tools (which refuse an empty log source) load it; the index patterns become its
     * {@code definition}. Only Sigma's four log source keys are written.
     */
    private Map<String, Object> logsource(LoweredFilter filter) {
        Map<String, String> attrs = filter.attributes();
        Map<String, Object> out = new LinkedHashMap<>();
        for (String k : List.of("category", "product", "service")) if (present(attrs.get(k))) out.put(k, attrs.get(k));
        if (out.isEmpty()) out.putAll(SigmaLogsources.evident(rule, filter));
        if (present(attrs.get("definition"))) out.put("definition", attrs.get("definition"));
        else if (present(attrs.get("index"))) out.put("definition", "Elastic index patterns: " + attrs.get("index"));
        for (Map.Entry<String, String> e : attrs.entrySet()) {
            // a profile's own keys (other than the index) stay with the full metadata
            if (full && !out.containsKey(e.getKey()) && !e.getKey().equals("index")) out.put(e.getKey(), e.getValue());
        }
        if (full && present(attrs.get("index"))) out.put("index", attrs.get("index"));
        return out;
    }

    /** Sigma taxonomy fields whose values are numbers in the logs (Windows event ids, logon types, ports). */
    static final Set<String> INTEGER_FIELDS = Set.of("EventID", "LogonType", "DestinationPort", "SourcePort");
    private static final Pattern DECIMAL = Pattern.compile("0|[1-9][0-9]{0,8}");

    /**
     * The detection with plain equality values of {@link #INTEGER_FIELDS} as YAML integers ({@code EventID: 4688}, as
     * SigmaHQ writes them; pySigma flags a number written as a string). A number and its text match the same events.
     */
    @SuppressWarnings("unchecked")
    static <T> T integers(T node) {
        if (node instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String key = String.valueOf(e.getKey());
                Object v = e.getValue();
                out.put(key, INTEGER_FIELDS.contains(key) ? number(v) : integers(v));
            }
            return (T) out;
        }
        if (node instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object x : l) out.add(integers(x));
            return (T) out;
        }
        return node;
    }

    private static Object number(Object v) {
        if (v instanceof String s && DECIMAL.matcher(s).matches()) return Integer.valueOf(s);
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object x : l) out.add(number(x));
            return out;
        }
        return v;
    }

    private static boolean present(String s) { return s != null && !s.isBlank(); }

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
        m.put("profile", lowered.profileName());
        m.put("logsource", body.filter().logsourceId());
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
