package dev.ruleport.sigma;

import dev.ruleport.diag.SourceText;
import dev.ruleport.diag.Span;
import dev.ruleport.ir.And;
import dev.ruleport.ir.Call;
import dev.ruleport.ir.Category;
import dev.ruleport.ir.Compare;
import dev.ruleport.ir.EventQuery;
import dev.ruleport.ir.Expr;
import dev.ruleport.ir.FieldPath;
import dev.ruleport.ir.FieldRef;
import dev.ruleport.ir.Filter;
import dev.ruleport.ir.Function;
import dev.ruleport.ir.In;
import dev.ruleport.ir.Literal;
import dev.ruleport.ir.Match;
import dev.ruleport.ir.Not;
import dev.ruleport.ir.Or;
import dev.ruleport.ir.Query;
import dev.ruleport.ir.SequenceQuery;
import dev.ruleport.ir.SequenceTerm;
import dev.ruleport.ir.TimeSpan;
import dev.ruleport.mapping.Logsource;
import dev.ruleport.mapping.MappingProfile;
import dev.ruleport.parse.QueryParser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Sigma YAML (detection rules, correlation rules, several documents in one text) back into EQL IR over ECS
 * fields, through the reverse of a mapping profile: target fields are renamed to the ECS fields they stand for,
 * and the facts a log source stands for are re-added as conjuncts (the conjuncts the writer recorded under
 * {@code ruleport.absorbed}; for other rules, the log source's absorbed {@code host.os.type} and
 * {@code event.category} values).
 *
 * <p>Supported: maps (AND), lists of maps (OR), value lists (OR, {@code |all} AND), modifiers {@code contains
 * startswith endswith all cased re (i m s) cidr exists fieldref neq lt lte gt gte}, wildcards and their escapes,
 * {@code null} values, conditions with {@code and or not ( )}, {@code 1 of}/{@code any of}/{@code all of} a
 * pattern or {@code them}; correlations {@code temporal_ordered} (a sequence with per-rule join keys, aliases
 * included) and single-rule {@code event_count} with {@code gte} (a one-term sequence with {@code runs}).
 * Everything else is a {@link SigmaReadException} naming the construct. Immutable and thread-safe.
 */
public final class SigmaReader {
    private static final Span SPAN = Span.synthetic("read from Sigma");
    private static final Pattern TIMESPAN = Pattern.compile("(\\d+)([smhd])");

    private final ProfileReverse reverse;

    public SigmaReader(MappingProfile profile) {
        this.reverse = new ProfileReverse(profile);
    }

    /** A problem in the Sigma text, or a construct EQL cannot express. */
    public static final class SigmaReadException extends RuntimeException {
        public SigmaReadException(String message) { super(message); }
    }

    /** One rule read back: the outermost documents (correlations, and rules no correlation names). */
    public record ReadRule(String title, String id, Query query) {}

    public List<ReadRule> read(String yaml) {
        List<Object> docs;
        try {
            docs = SigmaYaml.loadAll(yaml);
        } catch (RuntimeException e) {
            throw new SigmaReadException("not YAML: " + e.getMessage());
        }
        Map<String, Map<String, Object>> byRef = new LinkedHashMap<>();
        List<Map<String, Object>> rules = new ArrayList<>();
        List<Map<String, Object>> correlations = new ArrayList<>();
        for (Object d : docs) {
            if (!(d instanceof Map<?, ?> m)) throw new SigmaReadException("a document is not a map");
            Map<String, Object> doc = stringMap(m);
            if (doc.containsKey("correlation")) correlations.add(doc);
            else if (doc.containsKey("detection")) rules.add(doc);
            else if (doc.containsKey("filter")) throw new SigmaReadException("Sigma filter documents are not supported");
            else throw new SigmaReadException("document without detection or correlation: " + doc.get("title"));
            if (doc.get("name") != null) byRef.put(String.valueOf(doc.get("name")), doc);
            if (doc.get("id") != null) byRef.put(String.valueOf(doc.get("id")), doc);
        }
        Set<Map<String, Object>> referenced = new LinkedHashSet<>();
        List<ReadRule> out = new ArrayList<>();
        for (Map<String, Object> c : correlations) {
            out.add(new ReadRule(str(c.get("title")), str(c.get("id")), correlation(c, byRef, referenced)));
        }
        for (Map<String, Object> r : rules) {
            if (referenced.contains(r)) continue;
            out.add(new ReadRule(str(r.get("title")), str(r.get("id")), new EventQuery(filter(r), List.of(), SPAN)));
        }
        return out;
    }

    // ------------------------------------------------------------------ correlations

    private Query correlation(Map<String, Object> doc, Map<String, Map<String, Object>> byRef,
                              Set<Map<String, Object>> referenced) {
        Map<String, Object> c = stringMap(asMap(doc.get("correlation"), "correlation"));
        String type = str(c.get("type"));
        List<Object> ruleRefs = asList(c.get("rules"), "correlation.rules");
        List<Map<String, Object>> ruleDocs = new ArrayList<>();
        for (Object ref : ruleRefs) {
            Map<String, Object> r = byRef.get(String.valueOf(ref));
            if (r == null) throw new SigmaReadException("correlation names rule " + ref + ", which is not in this text");
            if (r.containsKey("correlation")) throw new SigmaReadException("chained correlations are not supported");
            ruleDocs.add(r);
            referenced.add(r);
        }
        TimeSpan maxspan = timespan(str(c.get("timespan")));
        List<String> groupBy = new ArrayList<>();
        if (c.get("group-by") != null) asList(c.get("group-by"), "group-by").forEach(g -> groupBy.add(String.valueOf(g)));
        Map<String, Object> aliases = c.get("aliases") == null ? Map.of() : stringMap(asMap(c.get("aliases"), "aliases"));
        Map<String, Object> condition = c.get("condition") == null ? Map.of() : stringMap(asMap(c.get("condition"), "condition"));
        int runs = 1;
        if ("event_count".equals(type)) {
            if (ruleDocs.size() != 1) throw new SigmaReadException("event_count over several rules: EQL has no such count");
            if (condition.size() != 1 || !(condition.get("gte") instanceof Integer || condition.get("gt") instanceof Integer)) {
                throw new SigmaReadException("event_count condition " + condition + ": EQL can express at-least counts only");
            }
            runs = condition.get("gte") instanceof Integer n ? n : (Integer) condition.get("gt") + 1;
            if (runs < 2 || runs > 100) throw new SigmaReadException("event_count of " + runs + ": EQL runs takes 2 to 100");
        } else if ("temporal_ordered".equals(type)) {
            Object gte = condition.get("gte");
            if (!condition.isEmpty() && !(condition.size() == 1 && gte instanceof Integer n && n == ruleDocs.size())) {
                throw new SigmaReadException("temporal_ordered condition " + condition + ": EQL sequences need every rule");
            }
            if (ruleDocs.size() < 2) throw new SigmaReadException("temporal_ordered over fewer than two rules");
        } else {
            throw new SigmaReadException("correlation type " + type + ": EQL has ordered sequences only (temporal_ordered, "
                    + "or event_count over one rule)");
        }
        List<SequenceTerm> terms = new ArrayList<>();
        for (Map<String, Object> r : ruleDocs) {
            RuleContext ctx = context(r);
            List<Expr> keys = new ArrayList<>();
            for (String g : groupBy) {
                String target = g;
                if (aliases.get(g) != null) {
                    Map<String, Object> perRule = stringMap(asMap(aliases.get(g), "aliases." + g));
                    Object t = perRule.get(str(r.get("name")));
                    if (t == null) throw new SigmaReadException("alias " + g + " names no field for rule " + r.get("name"));
                    target = String.valueOf(t);
                }
                keys.add(ctx.field(target));
            }
            terms.add(new SequenceTerm(filter(r, ctx), keys, runs, false, SPAN));
        }
        return new SequenceQuery(List.of(), maxspan, terms, null, List.of(), SPAN);
    }

    private static TimeSpan timespan(String text) {
        Matcher m = text == null ? null : TIMESPAN.matcher(text.strip());
        if (m == null || !m.matches()) throw new SigmaReadException("timespan " + text + " is not <number><s|m|h|d>");
        TimeSpan.Unit unit = switch (m.group(2)) {
            case "s" -> TimeSpan.Unit.S;
            case "m" -> TimeSpan.Unit.M;
            case "h" -> TimeSpan.Unit.H;
            default -> TimeSpan.Unit.D;
        };
        return new TimeSpan(Long.parseLong(m.group(1)), unit, SPAN);
    }

    // ------------------------------------------------------------------ rules

    /** The log source of one rule and how its fields read back. */
    private final class RuleContext {
        final Logsource logsource;
        final Map<String, String> recorded;

        RuleContext(Logsource logsource, Map<String, String> recorded) {
            this.logsource = logsource;
            this.recorded = recorded;
        }

        FieldRef field(String target) {
            String ecs = recorded.get(target);
            if (ecs == null) {
                ecs = reverse.ecsField(logsource, target).orElseThrow(() -> new SigmaReadException("field " + target
                        + " has no ECS equivalent in log source " + logsource.id() + " of profile " + reverse.profile().name()));
            }
            return new FieldRef(FieldPath.parse(ecs), false, SPAN);
        }
    }

    private RuleContext context(Map<String, Object> doc) {
        Map<String, String> attributes = new LinkedHashMap<>();
        if (doc.get("logsource") != null) stringMap(asMap(doc.get("logsource"), "logsource")).forEach((k, v) -> attributes.put(k, str(v)));
        Map<String, Object> rp = doc.get("ruleport") instanceof Map<?, ?> m ? stringMap(m) : Map.of();
        List<Logsource> candidates = reverse.logsources(attributes);
        Logsource chosen = null;
        if (rp.get("logsource") != null && reverse.profile().name().equals(str(rp.get("profile")))) {
            for (Logsource l : reverse.profile().logsources()) if (l.id().equals(str(rp.get("logsource")))) chosen = l;
        }
        if (chosen == null && !candidates.isEmpty()) chosen = candidates.get(0);
        if (chosen == null && reverse.identity() && !reverse.profile().logsources().isEmpty()) chosen = reverse.profile().logsources().get(0);
        if (chosen == null) {
            throw new SigmaReadException("logsource " + attributes + " is not one of profile " + reverse.profile().name());
        }
        Map<String, String> recorded = new LinkedHashMap<>();
        if (rp.get("fields") instanceof Map<?, ?> f && reverse.profile().name().equals(str(rp.get("profile")))) {
            f.forEach((k, v) -> recorded.put(String.valueOf(k), String.valueOf(v)));
        }
        return new RuleContext(chosen, recorded);
    }

    private Filter filter(Map<String, Object> doc) { return filter(doc, context(doc)); }

    private Filter filter(Map<String, Object> doc, RuleContext ctx) {
        Map<String, Object> detection = stringMap(asMap(doc.get("detection"), "detection"));
        Object condition = detection.get("condition");
        Map<String, Expr> identifiers = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : detection.entrySet()) {
            if (e.getKey().equals("condition") || e.getKey().equals("timeframe")) continue;
            identifiers.put(e.getKey(), identifier(e.getKey(), e.getValue(), ctx));
        }
        Expr cond;
        if (condition instanceof List<?> list) {
            List<Expr> alts = new ArrayList<>();
            for (Object c : list) alts.add(new ConditionParser(String.valueOf(c), identifiers).parse());
            cond = or(alts);
        } else if (condition != null) {
            cond = new ConditionParser(String.valueOf(condition), identifiers).parse();
        } else {
            throw new SigmaReadException("detection without condition");
        }
        List<Expr> conjuncts = new ArrayList<>(implied(doc, ctx));
        conjuncts.add(cond);
        return new Filter(Category.any(SPAN), and(conjuncts), SPAN);
    }

    /** The facts the log source stands for, as ECS conjuncts. */
    private List<Expr> implied(Map<String, Object> doc, RuleContext ctx) {
        Map<String, Object> rp = doc.get("ruleport") instanceof Map<?, ?> m ? stringMap(m) : Map.of();
        List<Expr> out = new ArrayList<>();
        if (rp.get("absorbed") instanceof List<?> absorbed && reverse.profile().name().equals(str(rp.get("profile")))) {
            for (Object a : absorbed) {
                QueryParser.Result<Expr> e = QueryParser.parseExpression(SourceText.of("<ruleport.absorbed>", String.valueOf(a)));
                if (!e.ok()) throw new SigmaReadException("ruleport.absorbed entry " + a + " is not EQL: " + e.diagnostics());
                out.add(e.value());
            }
            return out;
        }
        if (rp.containsKey("profile")) return out; // written by ruleport: nothing absorbed
        reverse.absorbed(ctx.logsource, List.of("host.os.type", "event.category")).forEach((field, values) -> {
            List<Literal> lits = new ArrayList<>();
            values.forEach(v -> lits.add(new Literal(v, SPAN)));
            out.add(new Match(Match.Kind.COLON, new FieldRef(FieldPath.parse(field), false, SPAN), lits, true, SPAN));
        });
        return out;
    }

    private Expr identifier(String name, Object value, RuleContext ctx) {
        if (value instanceof Map<?, ?> m) return map(stringMap(m), ctx);
        if (value instanceof List<?> list) {
            if (list.isEmpty()) throw new SigmaReadException("search identifier " + name + " is an empty list");
            List<Expr> alts = new ArrayList<>();
            for (Object o : list) {
                if (!(o instanceof Map<?, ?> m)) {
                    throw new SigmaReadException("search identifier " + name + " is a keyword list: ECS events have no "
                            + "full-text field to search");
                }
                alts.add(map(stringMap(m), ctx));
            }
            return or(alts);
        }
        throw new SigmaReadException("search identifier " + name + " is neither a map nor a list");
    }

    private Expr map(Map<String, Object> items, RuleContext ctx) {
        List<Expr> parts = new ArrayList<>();
        for (Map.Entry<String, Object> e : items.entrySet()) parts.add(item(e.getKey(), e.getValue(), ctx));
        if (parts.isEmpty()) throw new SigmaReadException("empty map in a detection");
        return and(parts);
    }

    // ------------------------------------------------------------------ one field item

    private Expr item(String key, Object value, RuleContext ctx) {
        String[] parts = key.split("\\|", -1);
        if (parts[0].isEmpty()) throw new SigmaReadException("keyword search '" + key + "': ECS events have no full-text field");
        FieldRef field = ctx.field(parts[0]);
        Set<String> mods = new LinkedHashSet<>();
        for (int i = 1; i < parts.length; i++) {
            String mod = parts[i].toLowerCase(Locale.ROOT);
            switch (mod) {
                case "contains", "startswith", "endswith", "all", "cased", "re", "i", "m", "s", "cidr", "exists", "fieldref",
                     "neq", "lt", "lte", "gt", "gte" -> mods.add(mod);
                default -> throw new SigmaReadException("modifier |" + parts[i] + " on " + parts[0] + " is not supported");
            }
        }
        List<Object> values = new ArrayList<>();
        if (value instanceof List<?> l) values.addAll(l);
        else values.add(value);
        if (values.isEmpty()) throw new SigmaReadException("empty value list for " + key);
        boolean all = mods.remove("all");
        boolean neq = mods.remove("neq");
        List<Expr> tests = new ArrayList<>();
        for (Object v : values) tests.add(value(field, mods, v, key, ctx));
        Expr e = all ? and(tests) : or(tests);
        return neq ? new Not(e, SPAN) : e;
    }

    private Expr value(FieldRef field, Set<String> mods, Object v, String key, RuleContext ctx) {
        if (mods.contains("exists")) {
            if (mods.size() != 1 || !(v instanceof Boolean b)) throw new SigmaReadException(key + ": exists takes true or false alone");
            // exists checks presence; an explicit null counts as present in Sigma, as absent in EQL (documented difference)
            return new Compare(b ? Compare.Op.NE : Compare.Op.EQ, field, new Literal(null, SPAN), SPAN);
        }
        if (v == null) {
            if (!mods.isEmpty()) throw new SigmaReadException(key + ": null with modifiers");
            return new Compare(Compare.Op.EQ, field, new Literal(null, SPAN), SPAN);
        }
        for (String cmp : List.of("lt", "lte", "gt", "gte")) {
            if (mods.contains(cmp)) {
                if (mods.size() != 1 || !(v instanceof Number)) throw new SigmaReadException(key + ": " + cmp + " takes one number");
                Compare.Op op = switch (cmp) {
                    case "lt" -> Compare.Op.LT;
                    case "lte" -> Compare.Op.LE;
                    case "gt" -> Compare.Op.GT;
                    default -> Compare.Op.GE;
                };
                return new Compare(op, field, literal(v), SPAN);
            }
        }
        if (mods.contains("cidr")) {
            if (mods.size() != 1) throw new SigmaReadException(key + ": cidr with other modifiers");
            return new Call(Function.CIDRMATCH, false, List.of(field, new Literal(String.valueOf(v), SPAN)), SPAN);
        }
        if (mods.contains("fieldref")) {
            Set<String> rest = new LinkedHashSet<>(mods);
            rest.remove("fieldref");
            if (!rest.equals(Set.of("cased"))) {
                throw new SigmaReadException(key + ": fieldref compares case-insensitively unless |cased; EQL's == between "
                        + "fields is case-sensitive");
            }
            if (!(v instanceof String other)) throw new SigmaReadException(key + ": fieldref takes a field name");
            return new Compare(Compare.Op.EQ, field, ctx.field(other), SPAN);
        }
        if (mods.contains("re")) {
            Set<String> rest = new LinkedHashSet<>(mods);
            rest.removeAll(List.of("re", "i", "m", "s"));
            if (!rest.isEmpty()) throw new SigmaReadException(key + ": re with " + rest);
            try {
                String lucene = SigmaRegex.toLucene(String.valueOf(v), mods.contains("s"), mods.contains("m"));
                return new Match(Match.Kind.REGEX, field, List.of(new Literal(lucene, SPAN)), mods.contains("i"), SPAN);
            } catch (SigmaRegex.Untranslatable e) {
                throw new SigmaReadException(key + ": " + e.getMessage());
            }
        }
        boolean cased = mods.contains("cased");
        Set<String> rest = new LinkedHashSet<>(mods);
        rest.remove("cased");
        if (!(v instanceof String) && rest.isEmpty()) {
            if (v instanceof Number || v instanceof Boolean) return new Compare(Compare.Op.EQ, field, literal(v), SPAN);
            throw new SigmaReadException(key + ": value " + v + " of type " + v.getClass().getSimpleName());
        }
        SigmaString s = SigmaString.parse(v instanceof String str ? str : String.valueOf(v));
        List<SigmaString.Part> parts = new ArrayList<>(s.parts());
        if (rest.contains("contains") || rest.contains("endswith")) {
            if (parts.isEmpty() || !(parts.get(0).isWildcard() && parts.get(0).star())) parts.add(0, SigmaString.Part.STAR);
        }
        if (rest.contains("contains") || rest.contains("startswith")) {
            if (parts.isEmpty() || !(parts.get(parts.size() - 1).isWildcard() && parts.get(parts.size() - 1).star())) {
                parts.add(SigmaString.Part.STAR);
            }
        }
        rest.removeAll(List.of("contains", "startswith", "endswith"));
        if (!rest.isEmpty()) throw new SigmaReadException(key + ": modifiers " + rest + " on a string");
        return stringTest(field, SigmaString.of(parts), cased);
    }

    /** The EQL test for a Sigma string: ==/like for cased, :/in~ for the default, regex where wildcards mix with literal ones. */
    private static Expr stringTest(FieldRef field, SigmaString s, boolean cased) {
        if (!s.hasWildcards()) {
            String text = s.literalText();
            if (cased) return new Compare(Compare.Op.EQ, field, new Literal(text, SPAN), SPAN);
            return new In(field, List.of(new Literal(text, SPAN)), true, SPAN);
        }
        if (!s.hasLiteralWildcardChars()) {
            Literal p = new Literal(s.eqlPattern(), SPAN);
            return new Match(cased ? Match.Kind.LIKE : Match.Kind.COLON, field, List.of(p), !cased, SPAN);
        }
        StringBuilder lucene = new StringBuilder();
        for (SigmaString.Part p : s.parts()) {
            if (p.isWildcard()) lucene.append(p.star() ? ".*" : ".");
            else lucene.append(luceneLiteral(p.text()));
        }
        return new Match(Match.Kind.REGEX, field, List.of(new Literal(lucene.toString(), SPAN)), !cased, SPAN);
    }

    private static String luceneLiteral(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (".?+*|{}[]()\"\\#@&<>~^$".indexOf(c) >= 0) sb.append('\\');
            sb.append(c);
        }
        return sb.toString();
    }

    private static Literal literal(Object v) {
        if (v instanceof Integer || v instanceof Long || v instanceof Double || v instanceof Boolean || v instanceof String) {
            return new Literal(v, SPAN);
        }
        if (v instanceof java.math.BigInteger b) return new Literal(b.doubleValue(), SPAN);
        if (v instanceof Number n) return new Literal(n.doubleValue(), SPAN);
        return new Literal(String.valueOf(v), SPAN);
    }

    // ------------------------------------------------------------------ helpers

    static Expr and(List<Expr> parts) {
        List<Expr> flat = new ArrayList<>();
        for (Expr e : parts) {
            if (e instanceof And a) flat.addAll(a.operands());
            else flat.add(e);
        }
        return flat.size() == 1 ? flat.get(0) : new And(flat, SPAN);
    }

    static Expr or(List<Expr> parts) {
        List<Expr> flat = new ArrayList<>();
        for (Expr e : parts) {
            if (e instanceof Or o) flat.addAll(o.operands());
            else flat.add(e);
        }
        return flat.size() == 1 ? flat.get(0) : new Or(flat, SPAN);
    }

    private static String str(Object o) { return o == null ? null : String.valueOf(o); }

    private static Map<?, ?> asMap(Object o, String what) {
        if (o instanceof Map<?, ?> m) return m;
        throw new SigmaReadException(what + " is not a map");
    }

    private static List<Object> asList(Object o, String what) {
        if (o instanceof List<?> l) return new ArrayList<>(l);
        if (o != null) return new ArrayList<>(List.of(o));
        throw new SigmaReadException(what + " is missing");
    }

    private static Map<String, Object> stringMap(Map<?, ?> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    // ------------------------------------------------------------------ conditions

    /** {@code or < and < not < x of < ( )}, identifiers {@code [A-Za-z0-9_-]+}, patterns with {@code *}. */
    static final class ConditionParser {
        private final List<String> tokens = new ArrayList<>();
        private final Map<String, Expr> identifiers;
        private final String text;
        private int pos;

        ConditionParser(String text, Map<String, Expr> identifiers) {
            this.text = text;
            this.identifiers = identifiers;
            Matcher m = Pattern.compile("\\s*([()]|[A-Za-z0-9_*.-]+|\\S)").matcher(text);
            while (m.find()) tokens.add(m.group(1));
        }

        Expr parse() {
            Expr e = or();
            if (pos != tokens.size()) throw error("unexpected '" + tokens.get(pos) + "'");
            return e;
        }

        private Expr or() {
            List<Expr> parts = new ArrayList<>(List.of(and()));
            while (accept("or")) parts.add(and());
            return SigmaReader.or(parts);
        }

        private Expr and() {
            List<Expr> parts = new ArrayList<>(List.of(not()));
            while (accept("and")) parts.add(not());
            return SigmaReader.and(parts);
        }

        private Expr not() {
            if (accept("not")) return new Not(not(), SPAN);
            return primary();
        }

        private Expr primary() {
            if (pos >= tokens.size()) throw error("unexpected end");
            String t = tokens.get(pos++);
            if (t.equals("(")) {
                Expr e = or();
                if (!accept(")")) throw error("missing ')'");
                return e;
            }
            String lower = t.toLowerCase(Locale.ROOT);
            if ((lower.equals("1") || lower.equals("any") || lower.equals("all")) && pos < tokens.size()
                    && tokens.get(pos).equalsIgnoreCase("of")) {
                pos++;
                if (pos >= tokens.size()) throw error("'of' without a pattern");
                String pattern = tokens.get(pos++);
                List<Expr> matched = new ArrayList<>();
                for (Map.Entry<String, Expr> e : identifiers.entrySet()) {
                    boolean hit = pattern.equalsIgnoreCase("them") ? !e.getKey().startsWith("_")
                            : e.getKey().matches(Pattern.quote(pattern).replace("*", "\\E.*\\Q"));
                    if (hit) matched.add(e.getValue());
                }
                if (matched.isEmpty()) throw error("'" + pattern + "' matches no search identifier");
                return lower.equals("all") ? SigmaReader.and(matched) : SigmaReader.or(matched);
            }
            Expr e = identifiers.get(t);
            if (e == null) throw error("unknown search identifier '" + t + "'");
            return e;
        }

        private boolean accept(String word) {
            if (pos < tokens.size() && tokens.get(pos).equalsIgnoreCase(word)) {
                pos++;
                return true;
            }
            return false;
        }

        private SigmaReadException error(String what) {
            return new SigmaReadException("condition '" + text + "': " + what);
        }
    }
}
