package dev.ruleport.sigma;

import dev.ruleport.diag.Diagnostic;
import dev.ruleport.diag.Severity;
import dev.ruleport.diag.SourceText;
import dev.ruleport.diag.Span;
import dev.ruleport.ir.Category;
import dev.ruleport.ir.Compare;
import dev.ruleport.ir.EventQuery;
import dev.ruleport.ir.Expr;
import dev.ruleport.ir.FieldPath;
import dev.ruleport.ir.FieldRef;
import dev.ruleport.ir.Filter;
import dev.ruleport.ir.In;
import dev.ruleport.ir.Literal;
import dev.ruleport.ir.Query;
import dev.ruleport.ir.SequenceQuery;
import dev.ruleport.ir.SequenceTerm;
import dev.ruleport.ir.TimeSpan;
import dev.ruleport.lower.ProfileReverse;
import dev.ruleport.mapping.RuleFacts;
import dev.ruleport.parse.QueryParser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads Sigma YAML (detection rules, correlation rules, filters, several documents in one text) into EQL IR over
 * ECS fields. The names are read through a Sigma profile backwards ({@link InputProfiles}: by default the
 * built-in profile of the rule's product), and the log source becomes the ECS conjuncts that say which events it
 * holds (the profile's {@code reads_as}: {@code process_creation} on Windows is {@code host.os.type ==
 * "windows" and event.category == "process" and event.type == "start"}); where a log source has several
 * readings (the Security log), the rule's own {@code EventID} values choose (4624 is an authentication event).
 * Text ruleport wrote itself carries a {@code ruleport} attribute with the log source and the absorbed conjuncts,
 * which are read back as written.
 *
 * <p>Every node keeps its position: diagnostics point into the YAML file, and IR nodes carry real spans.
 * Problems accumulate; a construct EQL cannot express is refused by name. Correlations: {@code
 * temporal_ordered} (an EQL sequence, per-rule {@code aliases} included) and {@code event_count} of one rule with
 * an at-least condition (a sequence term with {@code runs}). Filters apply to the rules they name (or {@code any}
 * rule) whose log source matches theirs, ANDing their condition, from the same text or a {@link SigmaLibrary}.
 * Immutable and thread-safe.
 */
public final class SigmaReader {
    public static final String CODE = "SIGMA";
    private static final Pattern TIMESPAN = Pattern.compile("(\\d+)([smhd])");
    private static final Set<String> RULE_KEYS_SKIPPED = Set.of("condition", "timeframe");

    private final InputProfiles profiles;

    /** A reader through one profile (the user's {@code --input-profile}, or a test's). */
    public SigmaReader(ProfileReverse profile) { this(InputProfiles.fixed(profile)); }

    private SigmaReader(InputProfiles profiles) { this.profiles = profiles; }

    /** The default reader: each rule through the built-in Sigma profile that knows its log source. */
    public static SigmaReader byProduct() { return new SigmaReader(InputProfiles.builtIn()); }

    /** A problem in the Sigma text, or a construct EQL cannot express (the first one, for {@link #read(String)}). */
    public static final class SigmaReadException extends RuntimeException {
        public SigmaReadException(String message) { super(message); }
    }

    /**
     * One rule read: the outermost documents of a text (correlations, and rules no correlation names).
     * {@code document} is the rule's YAML as plain values (its metadata); {@code span} where it starts.
     */
    public record ReadRule(String title, String id, Query query, Map<String, Object> document, Span span) {}

    /** The rules read and every diagnostic; a rule is listed only when it read without error. */
    public record Result(List<ReadRule> rules, List<Diagnostic> diagnostics) {
        public boolean ok() { return diagnostics.stream().noneMatch(Diagnostic::isError); }
    }

    /** Reads a text; throws with the first error (tests and the round trip use this form). */
    public List<ReadRule> read(String yaml) {
        Result r = read(SourceText.of("<sigma>", yaml), SigmaLibrary.EMPTY);
        for (Diagnostic d : r.diagnostics()) {
            if (d.isError()) throw new SigmaReadException(d.message());
        }
        return r.rules();
    }

    /** Reads one file's text; other files' documents (filters, rules a correlation names) come from {@code library}. */
    public Result read(SourceText file, SigmaLibrary library) {
        return new Session(file, library).read();
    }

    // ------------------------------------------------------------------ one read

    /** A Sigma document with the file it comes from. */
    record Doc(SourceText source, MappingNode node) {
        String str(String key) {
            Node n = YamlTree.get(node, key);
            return n instanceof ScalarNode s && !YamlTree.isNull(s) ? s.getValue() : null;
        }

        boolean has(String key) { return YamlTree.get(node, key) != null; }

        Span span() { return YamlTree.span(node); }
    }

    private final class Session {
        private final SourceText file;
        private final SigmaLibrary library;
        private final List<Diagnostic> diagnostics = new ArrayList<>();
        private final Map<String, Doc> byRef = new LinkedHashMap<>();
        private final List<Doc> filters = new ArrayList<>();

        Session(SourceText file, SigmaLibrary library) {
            this.file = file;
            this.library = library;
        }

        Problems problems(SourceText source) { return new Problems(source, diagnostics); }

        Result read() {
            List<Node> nodes;
            try {
                nodes = YamlTree.composeAll(file.text());
            } catch (YamlTree.Malformed e) {
                diagnostics.add(Diagnostic.at(Severity.ERROR, file, Span.of(e.line, e.column, 0, 0), CODE, e.getMessage()));
                return new Result(List.of(), diagnostics);
            }
            Problems p = problems(file);
            List<Doc> rules = new ArrayList<>();
            List<Doc> correlations = new ArrayList<>();
            for (Node n : nodes) {
                if (!(n instanceof MappingNode m)) {
                    p.error(YamlTree.span(n), "a Sigma document must be a map");
                    continue;
                }
                Doc d = new Doc(file, m);
                if (!duplicateKeys(m, p)) continue;
                if (d.has("action")) {
                    p.error(YamlTree.span(YamlTree.keyNode(m, "action")), "Sigma 1 rule collection (action: " + d.str("action")
                            + "): merge the documents into one rule per document");
                    continue;
                }
                if (d.has("correlation")) correlations.add(d);
                else if (d.has("filter")) filters.add(d);
                else if (d.has("detection")) rules.add(d);
                else {
                    p.error(d.span(), "a document without detection, correlation or filter is not a Sigma rule");
                    continue;
                }
                if (d.str("name") != null) byRef.putIfAbsent(d.str("name"), d);
                if (d.str("id") != null) byRef.putIfAbsent(d.str("id"), d);
            }
            for (Doc f : library.filters()) {
                if (!f.source().fileName().equals(file.fileName())) filters.add(f); // this file's own are in already
            }
            Set<MappingNode> referenced = new LinkedHashSet<>();
            for (Doc c : correlations) referenced.addAll(references(c));
            List<ReadRule> out = new ArrayList<>();
            for (Doc c : correlations) {
                if (referenced.contains(c.node())) continue;
                int before = errors();
                Query q = correlation(c);
                if (q != null && errors() == before) out.add(readRule(c, q));
            }
            for (Doc r : rules) {
                if (referenced.contains(r.node())) continue;
                int before = errors();
                RuleScope scope = rule(r, true);
                if (scope != null && errors() == before) {
                    out.add(readRule(r, new EventQuery(scope.filter(), List.of(), r.span())));
                }
            }
            return new Result(out, diagnostics);
        }

        private int errors() { return (int) diagnostics.stream().filter(Diagnostic::isError).count(); }

        private ReadRule readRule(Doc d, Query q) {
            @SuppressWarnings("unchecked")
            Map<String, Object> plain = (Map<String, Object>) YamlTree.plain(d.node());
            return new ReadRule(d.str("title"), d.str("id"), q, plain, d.span());
        }

        /** Duplicate keys at the top of a document are an error (YAML forbids them; readers disagree on which wins). */
        private boolean duplicateKeys(MappingNode m, Problems p) {
            Set<String> seen = new LinkedHashSet<>();
            boolean ok = true;
            for (NodeTuple t : m.getValue()) {
                String k = YamlTree.key(t);
                if (k != null && !seen.add(k)) {
                    p.error(YamlTree.span(t.getKeyNode()), "key '" + k + "' appears twice in the document");
                    ok = false;
                }
            }
            return ok;
        }

        private Set<MappingNode> references(Doc c) {
            Set<MappingNode> out = new LinkedHashSet<>();
            if (YamlTree.get(c.node(), "correlation") instanceof MappingNode cm
                    && YamlTree.get(cm, "rules") instanceof SequenceNode rs) {
                for (Node r : rs.getValue()) {
                    if (r instanceof ScalarNode s && byRef.get(s.getValue()) != null) out.add(byRef.get(s.getValue()).node());
                }
            }
            return out;
        }

        private Doc resolve(String ref) {
            Doc d = byRef.get(ref);
            return d != null ? d : library.find(ref);
        }

        // -------------------------------------------------------------- correlations

        private Query correlation(Doc doc) {
            Problems p = problems(doc.source());
            Node cNode = YamlTree.get(doc.node(), "correlation");
            if (!(cNode instanceof MappingNode c)) {
                p.error(YamlTree.span(cNode), "correlation must be a map");
                return null;
            }
            String type = scalar(c, "type");
            Node generate = YamlTree.get(doc.node(), "generate");
            if (generate instanceof ScalarNode g && Boolean.TRUE.equals(YamlTree.value(g))) {
                p.error(YamlTree.span(g), "generate: true asks for the referenced rules as rules of their own as well; "
                        + "ruleport reads one rule per file: put them in files of their own");
            }
            Node rulesNode = YamlTree.get(c, "rules");
            List<ScalarNode> refs = new ArrayList<>();
            if (rulesNode instanceof SequenceNode rs) {
                for (Node r : rs.getValue()) {
                    if (r instanceof ScalarNode s) refs.add(s);
                    else p.error(YamlTree.span(r), "a correlation names rules by id or name");
                }
            } else if (rulesNode instanceof ScalarNode s && !YamlTree.isNull(s)) {
                refs.add(s);
            } else {
                p.error(doc.span(), "correlation without rules");
                return null;
            }
            List<Doc> ruleDocs = new ArrayList<>();
            for (ScalarNode ref : refs) {
                Doc r = resolve(ref.getValue());
                if (r == null) {
                    p.error(YamlTree.span(ref), "correlation names rule " + ref.getValue() + ", which is neither in this file nor "
                            + "among the other Sigma files given");
                } else if (r.has("correlation")) {
                    p.error(YamlTree.span(ref), "chained correlations (" + ref.getValue() + " is itself a correlation): EQL "
                            + "sequences do not nest");
                } else {
                    ruleDocs.add(r);
                }
            }
            Map<String, Object> condition = YamlTree.get(c, "condition") instanceof MappingNode cm
                    ? asPlainMap(cm) : Map.of();
            Node condNode = YamlTree.get(c, "condition") != null ? YamlTree.get(c, "condition") : cNode;
            int runs = 1;
            if ("event_count".equals(type)) {
                if (ruleDocs.size() != 1) {
                    p.error(YamlTree.span(rulesNode), "event_count over " + ruleDocs.size() + " rules: EQL counts the events of one "
                            + "sequence term only");
                    return null;
                }
                Object gte = condition.get("gte");
                Object gt = condition.get("gt");
                if (condition.size() != 1 || !(gte instanceof Integer || gt instanceof Integer)) {
                    p.error(YamlTree.span(condNode), "event_count condition " + condition + ": EQL expresses at-least counts "
                            + "(gte, gt) only");
                    return null;
                }
                runs = gte instanceof Integer n ? n : (Integer) gt + 1;
                if (runs < 2 || runs > 100) {
                    p.error(YamlTree.span(condNode), "event_count of " + runs + ": an EQL sequence term runs 2 to 100 times");
                    return null;
                }
            } else if ("temporal_ordered".equals(type)) {
                Object gte = condition.get("gte");
                if (!condition.isEmpty() && !(condition.size() == 1 && gte instanceof Integer n && n == ruleDocs.size())) {
                    p.error(YamlTree.span(condNode), "temporal_ordered condition " + condition + ": an EQL sequence needs every rule");
                    return null;
                }
                if (ruleDocs.size() < 2) {
                    p.error(YamlTree.span(rulesNode), "temporal_ordered over fewer than two rules");
                    return null;
                }
            } else {
                Node at = YamlTree.get(c, "type") != null ? YamlTree.get(c, "type") : cNode;
                p.error(YamlTree.span(at), "correlation type " + type + ": EQL has ordered sequences only (temporal_ordered, or "
                        + "event_count over one rule); " + (type == null ? "the type is missing"
                        : switch (type) {
                            case "temporal" -> "an unordered temporal correlation would need every order as its own sequence";
                            case "value_count", "value_sum", "value_avg", "value_percentile" -> "EQL has no aggregation over values";
                            default -> "the specification defines no such type";
                        }));
                return null;
            }
            TimeSpan maxspan = timespan(c, p);
            if (maxspan == null || ruleDocs.size() != refs.size()) return null;
            List<String> groupBy = new ArrayList<>();
            Node gb = YamlTree.get(c, "group-by");
            if (gb instanceof SequenceNode gs) {
                for (Node g : gs.getValue()) if (g instanceof ScalarNode s) groupBy.add(s.getValue());
            } else if (gb instanceof ScalarNode s && !YamlTree.isNull(s)) {
                groupBy.add(s.getValue());
            }
            MappingNode aliases = YamlTree.get(c, "aliases") instanceof MappingNode a ? a : null;
            List<SequenceTerm> terms = new ArrayList<>();
            for (Doc r : ruleDocs) {
                RuleScope scope = rule(r, false);
                if (scope == null) return null;
                List<Expr> keys = new ArrayList<>();
                for (String g : groupBy) {
                    String target = g;
                    Node at = gb;
                    if (aliases != null && YamlTree.get(aliases, g) instanceof MappingNode perRule) {
                        Node t = r.str("name") == null ? null : YamlTree.get(perRule, r.str("name"));
                        if (!(t instanceof ScalarNode ts)) {
                            p.error(YamlTree.span(perRule), "alias " + g + " names no field for rule " + r.str("name"));
                            return null;
                        }
                        target = ts.getValue();
                        at = ts;
                    }
                    FieldRef key = scope.reader().field(target, at);
                    if (key == null) return null;
                    keys.add(key);
                }
                terms.add(new SequenceTerm(scope.filter(), keys, runs, false, r.span()));
            }
            return new SequenceQuery(List.of(), maxspan, terms, null, List.of(), doc.span());
        }

        private TimeSpan timespan(MappingNode c, Problems p) {
            Node n = YamlTree.get(c, "timespan");
            String text = n instanceof ScalarNode s ? s.getValue() : null;
            Matcher m = text == null ? null : TIMESPAN.matcher(text.strip());
            if (m == null || !m.matches()) {
                p.error(YamlTree.span(n != null ? n : c), "timespan " + text + " is not <number><s|m|h|d>");
                return null;
            }
            TimeSpan.Unit unit = switch (m.group(2)) {
                case "s" -> TimeSpan.Unit.S;
                case "m" -> TimeSpan.Unit.M;
                case "h" -> TimeSpan.Unit.H;
                default -> TimeSpan.Unit.D;
            };
            return new TimeSpan(Long.parseLong(m.group(1)), unit, YamlTree.span(n));
        }

        // -------------------------------------------------------------- rules

        /**
         * One rule's filter and the reader of its names; null after reporting why it cannot be read.
         * {@code withFilters}: apply the filters that name the rule (not for a correlation's stages).
         */
        private RuleScope rule(Doc doc, boolean withFilters) {
            Problems p = problems(doc.source());
            Node lsNode = YamlTree.get(doc.node(), "logsource");
            Node lsKey = YamlTree.keyNode(doc.node(), "logsource");
            Map<String, String> attributes = logsource(lsNode, p);
            if (attributes == null) return null;
            if (!(YamlTree.get(doc.node(), "detection") instanceof MappingNode detection)) {
                p.error(doc.span(), "detection must be a map of search identifiers and a condition");
                return null;
            }
            Map<String, Object> rp = YamlTree.get(doc.node(), "ruleport") instanceof MappingNode m ? asPlainMap(m) : Map.of();
            InputProfiles.Choice choice = profiles.choose(attributes, doc.str("taxonomy"));
            if (choice.refusal() != null) {
                p.error(YamlTree.span(lsKey), choice.refusal());
                return null;
            }
            ProfileReverse names = choice.names();
            ProfileReverse sources = choice.sources();
            boolean recorded = rp.get("profile") != null && names.profileName().equals(String.valueOf(rp.get("profile")));
            List<ProfileReverse.Source> candidates = sources == null ? List.of() : sources.logsources(attributes);
            if (recorded && rp.get("logsource") != null) {
                Optional<ProfileReverse.Source> recordedSource = names.byId(String.valueOf(rp.get("logsource")));
                if (recordedSource.isPresent()) candidates = List.of(recordedSource.get());
            }
            if (candidates.isEmpty() && names.identity() && sources == null) {
                p.note(YamlTree.span(lsKey), "no profile says what events log source " + InputProfiles.describe(attributes)
                        + " holds; under " + names.profileName() + " it adds no condition");
            } else if (candidates.isEmpty()) {
                p.error(YamlTree.span(lsKey), "log source " + InputProfiles.describe(attributes) + " is not one of profile "
                        + names.profileName() + "'s");
                return null;
            }
            Span lsSpan = YamlTree.span(lsKey);
            ProfileReverse.Source chosen = candidates.isEmpty() ? null : candidates.get(0);
            Expr condition;
            DetectionReader reader;
            if (candidates.size() > 1) {
                // the log source's readings differ by the rule's own facts (Security 4688 / 4624 / other): read once to learn them
                Problems scratch = new Problems(doc.source(), new ArrayList<>());
                Expr probe = detection(doc, detection, readerFor(names, sources, chosen, scratch, attributes, rp, recorded), scratch);
                chosen = probe == null ? null : choose(candidates, sources, probe);
                if (chosen == null) {
                    chosen = candidates.get(candidates.size() - 1);
                    if (probe != null) {
                        p.error(lsSpan, "no reading of log source " + InputProfiles.describe(attributes) + " in profile "
                                + sources.profileName() + " fits this rule's facts (" + RuleFacts.of(probe).values() + ")");
                        return null;
                    }
                }
            }
            reader = readerFor(names, sources, chosen, p, attributes, rp, recorded);
            condition = detection(doc, detection, reader, p);
            if (condition == null) return null;
            List<Expr> conjuncts = new ArrayList<>(implied(doc, rp, recorded, sources, chosen, condition, lsSpan, p));
            if (conjuncts.contains(null)) return null;
            conjuncts.add(condition);
            if (withFilters) {
                for (Doc f : applicableFilters(doc, attributes)) {
                    Expr fc = filterCondition(f, readerFor(names, sources, chosen, problems(f.source()), attributes, rp, recorded));
                    if (fc == null) return null;
                    conjuncts.add(fc);
                }
            }
            return new RuleScope(new Filter(Category.any(lsSpan), Exprs.and(conjuncts), doc.span()), reader);
        }

        private DetectionReader readerFor(ProfileReverse names, ProfileReverse sources, ProfileReverse.Source chosen, Problems p,
                                          Map<String, String> attributes, Map<String, Object> rp, boolean recorded) {
            ProfileReverse.Source namesLogsource = names == sources ? chosen : null;
            List<String> keywords = chosen != null && sources != null ? sources.keywordFields(chosen) : List.of();
            if (keywords.isEmpty() && names.identity()) keywords = names.keywordFields(names.first());
            String where = chosen != null ? "log source " + chosen.id() + " of profile " + (sources != null ? sources : names).profileName()
                    : "log source " + InputProfiles.describe(attributes);
            DetectionReader.Problems sink = p;
            ProfileReverse effective = names;
            if (recorded && rp.get("fields") instanceof Map<?, ?> f && !f.isEmpty()) {
                effective = names.withRecordedFields(f);
            }
            return new DetectionReader(sink, effective, namesLogsource, keywords, names.variables(), where);
        }

        private Expr detection(Doc doc, MappingNode detection, DetectionReader reader, Problems p) {
            Map<String, SigmaCondition.Identifier> ids = reader.identifiers(detection, RULE_KEYS_SKIPPED);
            Node timeframe = YamlTree.get(detection, "timeframe");
            if (timeframe != null) {
                p.note(YamlTree.span(timeframe), "timeframe without a Sigma 1 aggregation has no effect; ignored");
            }
            Node cond = YamlTree.get(detection, "condition");
            if (cond == null) {
                p.error(YamlTree.span(YamlTree.keyNode(doc.node(), "detection")), "detection without condition");
                return null;
            }
            if (cond instanceof SequenceNode list) {
                List<Expr> alts = new ArrayList<>();
                for (Node c : list.getValue()) {
                    if (!(c instanceof ScalarNode s)) {
                        p.error(YamlTree.span(c), "a condition must be a string");
                        return null;
                    }
                    alts.add(SigmaCondition.parse(s, ids, p::error));
                }
                return alts.contains(null) ? null : Exprs.or(alts);
            }
            if (!(cond instanceof ScalarNode s)) {
                p.error(YamlTree.span(cond), "a condition must be a string");
                return null;
            }
            return SigmaCondition.parse(s, ids, p::error);
        }

        /** The first candidate whose {@code when} holds for the rule's facts together with its own reading. */
        private ProfileReverse.Source choose(List<ProfileReverse.Source> candidates, ProfileReverse sources, Expr probe) {
            return sources.firstHolding(candidates, RuleFacts.of(probe).values());
        }

        /** The conjuncts the log source stands for: recorded by ruleport, or the profile's {@code reads_as}. */
        private List<Expr> implied(Doc doc, Map<String, Object> rp, boolean recorded, ProfileReverse sources, ProfileReverse.Source chosen,
                                   Expr condition, Span at, Problems p) {
            List<Expr> out = new ArrayList<>();
            if (recorded) {
                if (rp.get("absorbed") instanceof List<?> absorbed) {
                    for (Object a : absorbed) {
                        QueryParser.Result<Expr> e = QueryParser.parseExpression(SourceText.of("<ruleport.absorbed>", String.valueOf(a)));
                        if (!e.ok()) {
                            p.error(at, "ruleport.absorbed entry " + a + " is not EQL: " + e.diagnostics());
                            out.add(null);
                        } else {
                            out.add(e.value());
                        }
                    }
                }
                return out;
            }
            if (chosen == null) return out;
            Map<String, Object> reads = sources.readsAs(chosen);
            if (reads == null) {
                p.error(at, "profile " + sources.profileName() + " does not say what events log source " + chosen.id()
                        + " holds (reads_as)");
                out.add(null);
                return out;
            }
            Map<String, Set<String>> facts = RuleFacts.of(condition).values();
            reads.forEach((field, v) -> {
                Expr e = readsAs(field, v, facts, at);
                if (e != null) out.add(e);
            });
            return out;
        }

        private Expr readsAs(String field, Object v, Map<String, Set<String>> facts, Span at) {
            FieldRef f = new FieldRef(FieldPath.parse(field), false, at);
            if (v instanceof Map<?, ?> m) {
                if (Boolean.TRUE.equals(m.get("present"))) return new Compare(Compare.Op.NE, f, new Literal(null, at), at);
                if (m.get("when") instanceof Map<?, ?> w) {
                    Map<String, Object> when = new LinkedHashMap<>();
                    w.forEach((k, x) -> when.put(String.valueOf(k), x));
                    if (!ProfileReverse.holds(when, facts)) return null;
                }
                v = m.get("values");
            }
            List<Expr> values = new ArrayList<>();
            if (v instanceof List<?> l) l.forEach(x -> values.add(constant(field, x, at)));
            else values.add(constant(field, v, at));
            if (values.size() == 1) return new Compare(Compare.Op.EQ, f, values.get(0), at);
            return new In(f, values, false, at);
        }

        private Literal constant(String field, Object v, Span at) {
            if (EcsTypes.of(field) == EcsTypes.Kind.NUMBER && v instanceof Number n) return new Literal(n.longValue() == n.doubleValue()
                    && Math.abs(n.longValue()) < Integer.MAX_VALUE ? (Object) n.intValue() : (Object) n.doubleValue(), at);
            return new Literal(String.valueOf(v), at);
        }

        private Map<String, String> logsource(Node lsNode, Problems p) {
            if (!(lsNode instanceof MappingNode ls)) {
                p.error(lsNode == null ? Span.of(1, 1, 0, 0) : YamlTree.span(lsNode), "logsource must be a map (product, category, service)");
                return null;
            }
            Map<String, String> out = new LinkedHashMap<>();
            for (NodeTuple t : ls.getValue()) {
                String k = YamlTree.key(t);
                if (k == null || !(t.getValueNode() instanceof ScalarNode v)) {
                    p.error(YamlTree.span(t.getKeyNode()), "logsource values must be plain names");
                    return null;
                }
                if (k.equals("definition") || YamlTree.isNull(v)) continue;
                out.put(k.toLowerCase(Locale.ROOT), v.getValue());
            }
            return out;
        }

        // -------------------------------------------------------------- filters

        private List<Doc> applicableFilters(Doc rule, Map<String, String> attributes) {
            List<Doc> out = new ArrayList<>();
            for (Doc f : filters) {
                Map<String, String> fl = logsource(YamlTree.get(f.node(), "logsource"), new Problems(f.source(), new ArrayList<>()));
                if (fl == null) continue;
                boolean logsourceMatches = true;
                for (Map.Entry<String, String> e : fl.entrySet()) {
                    if (!e.getValue().equalsIgnoreCase(attributes.get(e.getKey()))) logsourceMatches = false;
                }
                if (!logsourceMatches || !(YamlTree.get(f.node(), "filter") instanceof MappingNode fm)) continue;
                Node rules = YamlTree.get(fm, "rules");
                boolean any = rules == null || rules instanceof ScalarNode s && s.getValue().equalsIgnoreCase("any")
                        || rules instanceof SequenceNode q && q.getValue().isEmpty();
                boolean named = false;
                List<Node> refs = rules instanceof SequenceNode q ? q.getValue() : rules == null ? List.of() : List.of(rules);
                for (Node r : refs) {
                    if (r instanceof ScalarNode s && (s.getValue().equals(rule.str("id")) || s.getValue().equals(rule.str("name")))) {
                        named = true;
                    }
                }
                if (any || named) out.add(f);
            }
            return out;
        }

        private Expr filterCondition(Doc f, DetectionReader reader) {
            Problems p = problems(f.source());
            MappingNode fm = (MappingNode) YamlTree.get(f.node(), "filter");
            Map<String, SigmaCondition.Identifier> ids = reader.identifiers(fm, Set.of("rules", "condition"));
            Node cond = YamlTree.get(fm, "condition");
            if (!(cond instanceof ScalarNode s)) {
                p.error(YamlTree.span(cond != null ? cond : fm), "a filter needs one condition, a string");
                return null;
            }
            return SigmaCondition.parse(s, ids, p::error);
        }

        private String scalar(MappingNode m, String key) {
            Node n = YamlTree.get(m, key);
            return n instanceof ScalarNode s && !YamlTree.isNull(s) ? s.getValue() : null;
        }
    }

    /** A read rule's filter and the reader of its names (a correlation maps its group-by fields with it). */
    private record RuleScope(Filter filter, DetectionReader reader) {}

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asPlainMap(MappingNode m) { return (Map<String, Object>) YamlTree.plain(m); }

    /** Diagnostics of one source file. */
    private static final class Problems implements DetectionReader.Problems {
        private final SourceText source;
        private final List<Diagnostic> sink;

        Problems(SourceText source, List<Diagnostic> sink) {
            this.source = source;
            this.sink = sink;
        }

        @Override public void error(Span span, String message) {
            sink.add(Diagnostic.at(Severity.ERROR, source, span, CODE, message));
        }

        @Override public void note(Span span, String message) {
            sink.add(Diagnostic.at(Severity.NOTE, source, span, CODE, message));
        }

        @Override public int errors() { return (int) sink.stream().filter(Diagnostic::isError).count(); }
    }
}
