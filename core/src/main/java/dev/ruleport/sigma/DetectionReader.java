package dev.ruleport.sigma;

import dev.ruleport.diag.Span;
import dev.ruleport.ir.Call;
import dev.ruleport.ir.Compare;
import dev.ruleport.ir.Expr;
import dev.ruleport.ir.FieldPath;
import dev.ruleport.ir.FieldRef;
import dev.ruleport.ir.Function;
import dev.ruleport.ir.In;
import dev.ruleport.ir.Literal;
import dev.ruleport.ir.Match;
import dev.ruleport.ir.Not;
import dev.ruleport.lower.ProfileReverse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads the search identifiers of one Sigma detection (or of a filter's selection) into EQL expressions over ECS
 * fields, in the scope of one log source: field names through the profile, values typed by the ECS field
 * ({@link EcsTypes}), every modifier of the specification read or refused by name. Problems go to the
 * {@link Problems} sink with the position of the key or value that holds them; reading goes on, so one pass
 * reports everything.
 *
 * <p>Values: a plain string is matched case-insensitively ({@code :}), exactly where it has no letter ({@code
 * ==}), case-sensitively with {@code |cased} ({@code ==}, {@code like}); wildcards {@code *} and {@code ?} keep
 * Sigma's meaning; a value with literal {@code *} or {@code ?} and wildcards becomes a regex. A keyword (a plain
 * value with no field) is a case-insensitive substring search of the fields the log source declares under
 * {@code keywords}.
 */
final class DetectionReader {
    /** Where diagnostics go; counts let a caller tell whether a part failed. */
    interface Problems {
        void error(Span span, String message);

        void note(Span span, String message);

        int errors();
    }

    static final Set<String> MODIFIERS = Set.of("contains", "startswith", "endswith", "all", "exists", "cased", "neq", "windash",
            "re", "i", "m", "s", "base64", "base64offset", "utf16le", "utf16be", "utf16", "wide", "lt", "lte", "gt", "gte",
            "minute", "hour", "day", "week", "month", "year", "cidr", "expand", "fieldref");
    private static final Set<String> DATE_PARTS = Set.of("minute", "hour", "day", "week", "month", "year");
    private static final Set<String> ENCODINGS = Set.of("utf16le", "utf16be", "utf16", "wide");
    private static final Set<String> SHAPES = Set.of("contains", "startswith", "endswith");
    private static final Pattern PLACEHOLDER = Pattern.compile("%([A-Za-z0-9_.-]+)%");
    private static final Pattern IPV4_PREFIX = Pattern.compile("((?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){1,3}");
    /** More dash characters than this in one windash value become one regex rather than 5^n patterns. */
    private static final int WINDASH_ENUMERATED = 2;

    private final Problems problems;
    private final ProfileReverse names;
    private final ProfileReverse.Source logsource;
    private final List<String> keywordFields;
    private final Map<String, String> variables;
    private final String where;

    /**
     * @param logsource the log source the names are read in; null under an identity profile that has none
     * @param keywordFields the ECS fields a keyword search looks in (empty: keyword searches are refused)
     */
    DetectionReader(Problems problems, ProfileReverse names, ProfileReverse.Source logsource, List<String> keywordFields,
                    Map<String, String> variables, String where) {
        this.problems = problems;
        this.names = names;
        this.logsource = logsource;
        this.keywordFields = List.copyOf(keywordFields);
        this.variables = variables;
        this.where = where;
    }

    // ------------------------------------------------------------------ identifiers

    /** Every search identifier of a detection map except the keys in {@code skip}, read in order. */
    Map<String, SigmaCondition.Identifier> identifiers(MappingNode detection, Set<String> skip) {
        Map<String, SigmaCondition.Identifier> out = new LinkedHashMap<>();
        for (NodeTuple t : detection.getValue()) {
            String name = YamlTree.key(t);
            if (name == null) {
                problems.error(YamlTree.span(t.getKeyNode()), "a search identifier must be a plain name");
                continue;
            }
            if (skip.contains(name)) continue;
            if (out.containsKey(name)) {
                problems.error(YamlTree.span(t.getKeyNode()), "search identifier '" + name + "' is defined twice");
                continue;
            }
            int before = problems.errors();
            Expr e = identifier(name, t.getKeyNode(), t.getValueNode());
            out.put(name, new SigmaCondition.Identifier(e, e == null || problems.errors() > before));
        }
        return out;
    }

    private Expr identifier(String name, Node key, Node value) {
        if (value instanceof MappingNode m) return map(m);
        if (value instanceof SequenceNode s) {
            if (s.getValue().isEmpty()) {
                problems.error(YamlTree.span(value), "search identifier '" + name + "' is an empty list");
                return null;
            }
            boolean maps = s.getValue().stream().allMatch(n -> n instanceof MappingNode);
            boolean scalars = s.getValue().stream().allMatch(n -> n instanceof ScalarNode);
            if (maps) {
                List<Expr> alts = new ArrayList<>();
                for (Node n : s.getValue()) alts.add(map((MappingNode) n));
                return alts.contains(null) ? null : Exprs.or(alts);
            }
            if (scalars) return keywords(key, List.of(), values(value), value);
            problems.error(YamlTree.span(value), "search identifier '" + name + "' mixes maps and plain values in one list");
            return null;
        }
        if (value instanceof ScalarNode s && !YamlTree.isNull(s)) return keywords(key, List.of(), values(value), value);
        problems.error(YamlTree.span(key), "search identifier '" + name + "' has no value");
        return null;
    }

    private Expr map(MappingNode m) {
        if (m.getValue().isEmpty()) {
            problems.error(YamlTree.span(m), "empty map in a detection");
            return null;
        }
        List<Expr> parts = new ArrayList<>();
        Set<String> keys = new LinkedHashSet<>();
        boolean failed = false;
        for (NodeTuple t : m.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                problems.error(YamlTree.span(t.getKeyNode()), "a field name must be a plain string");
                failed = true;
                continue;
            }
            if (!keys.add(k.getValue())) {
                problems.error(YamlTree.span(k), "'" + k.getValue() + "' appears twice in one map");
                failed = true;
                continue;
            }
            Expr e = item(k, t.getValueNode());
            if (e == null) failed = true;
            else parts.add(e);
        }
        return failed ? null : Exprs.and(parts);
    }

    // ------------------------------------------------------------------ one field item

    /** A value as written, with its node (for its position and its text as written). */
    record Val(Object value, ScalarNode node) {
        Span span() { return YamlTree.span(node); }
    }

    private List<Val> values(Node value) {
        List<Val> out = new ArrayList<>();
        if (value instanceof ScalarNode s) {
            out.add(new Val(YamlTree.value(s), s));
            return out;
        }
        if (value instanceof SequenceNode q) {
            if (q.getValue().isEmpty()) problems.error(YamlTree.span(value), "empty value list");
            for (Node n : q.getValue()) {
                if (n instanceof ScalarNode s) out.add(new Val(YamlTree.value(s), s));
                else problems.error(YamlTree.span(n), "a value must be a plain value, not a " + (n instanceof MappingNode ? "map" : "list"));
            }
            return out;
        }
        problems.error(YamlTree.span(value), "a value must be a plain value or a list of them, not a map");
        return out;
    }

    Expr item(ScalarNode key, Node valueNode) {
        String[] parts = key.getValue().split("\\|", -1);
        List<String> mods = new ArrayList<>();
        boolean bad = false;
        for (int i = 1; i < parts.length; i++) {
            String mod = parts[i].toLowerCase(Locale.ROOT);
            if (!MODIFIERS.contains(mod)) {
                problems.error(modifierSpan(key, parts, i), "unknown modifier |" + parts[i] + " (Sigma defines " + String.join(", ",
                        new java.util.TreeSet<>(MODIFIERS)) + ")");
                bad = true;
            } else if (DATE_PARTS.contains(mod)) {
                problems.error(modifierSpan(key, parts, i), "modifier |" + mod + ": EQL cannot take the " + mod
                        + " out of a date, so a date-part test has no EQL equivalent");
                bad = true;
            } else {
                mods.add(mod);
            }
        }
        List<Val> vals = values(valueNode);
        if (bad || vals.isEmpty()) return null;
        if (parts[0].isEmpty()) return keywords(key, mods, vals, valueNode);
        FieldRef field = field(parts[0], key);
        if (field == null) return null;
        return fieldItem(field, parts[0], key, mods, vals);
    }

    /** The position of the i-th {@code |modifier} inside a key. */
    private static Span modifierSpan(ScalarNode key, String[] parts, int i) {
        int offset = 0;
        for (int k = 0; k < i; k++) offset += parts[k].length() + 1;
        return YamlTree.spanAt(key, offset);
    }

    /** The ECS field a Sigma field name reads as, or null after reporting why there is none. */
    FieldRef field(String sigmaName, Node at) {
        ProfileReverse.FieldReading r = names.reading(logsource, sigmaName);
        if (!r.ok()) {
            problems.error(YamlTree.span(at), "field " + sigmaName + ": " + r.refusal());
            return null;
        }
        return new FieldRef(FieldPath.parse(r.ecsField()), false, YamlTree.span(at));
    }

    private Expr fieldItem(FieldRef field, String sigmaName, ScalarNode key, List<String> mods, List<Val> vals) {
        boolean all = mods.contains("all");
        boolean neq = mods.contains("neq");
        Set<String> rest = new LinkedHashSet<>(mods);
        rest.removeAll(List.of("all", "neq"));
        Span keySpan = YamlTree.span(key);
        List<Expr> tests = new ArrayList<>();
        if (rest.contains("exists")) {
            if (rest.size() != 1 || vals.size() != 1 || all || neq) {
                problems.error(keySpan, "|exists takes no other modifier and one value, true or false");
                return null;
            }
            Boolean b = bool(vals.get(0).value());
            if (b == null) {
                problems.error(vals.get(0).span(), "|exists takes true or false, not '" + vals.get(0).node().getValue() + "'");
                return null;
            }
            // presence only; an explicit JSON null counts as absent in EQL (Sigma: present)
            return new Compare(b ? Compare.Op.NE : Compare.Op.EQ, field, new Literal(null, keySpan), keySpan);
        }
        Set<String> regexMods = Set.of("re", "i", "m", "s");
        if (rest.contains("re") || rest.stream().anyMatch(m -> m.equals("i") || m.equals("m") || m.equals("s"))) {
            if (!rest.contains("re") || !regexMods.containsAll(rest)) {
                Set<String> other = new LinkedHashSet<>(rest);
                other.removeAll(regexMods);
                problems.error(keySpan, rest.contains("re") ? "|re with " + modList(other) + ": a regex takes only i, m and s"
                        : "|i, |m and |s are sub-modifiers of |re");
                return null;
            }
            for (Val v : vals) tests.add(regex(field, v, rest.contains("i"), rest.contains("s"), rest.contains("m")));
        } else if (rest.contains("cidr")) {
            if (rest.size() != 1) {
                problems.error(keySpan, "|cidr with " + modList(minus(rest, "cidr")) + ": a network takes no other modifier");
                return null;
            }
            for (Val v : vals) tests.add(cidr(field, v));
        } else if (rest.stream().anyMatch(m -> m.startsWith("lt") || m.startsWith("gt"))) {
            if (rest.size() != 1) {
                problems.error(keySpan, "numeric comparison with " + modList(rest) + ": take one of lt, lte, gt, gte alone");
                return null;
            }
            String op = rest.iterator().next();
            for (Val v : vals) tests.add(compare(field, op, v));
        } else if (rest.contains("fieldref")) {
            Set<String> other = minus(rest, "fieldref");
            other.remove("cased");
            if (!other.isEmpty()) {
                problems.error(keySpan, "|fieldref with " + modList(other) + ": a field reference compares whole values "
                        + "(neq and cased allowed)");
                return null;
            }
            for (Val v : vals) tests.add(fieldRef(field, v, rest.contains("cased")));
        } else {
            for (Val v : vals) tests.add(valueTests(field, sigmaName, rest, v));
        }
        if (tests.contains(null)) return null;
        Expr e = all ? Exprs.and(tests) : Exprs.orOnField(tests);
        return neq ? new Not(e, keySpan) : e;
    }

    private static Set<String> rest(Set<String> mods) { return minus(mods, "cased"); }

    private static Set<String> minus(Set<String> s, String x) {
        Set<String> out = new LinkedHashSet<>(s);
        out.remove(x);
        return out;
    }

    private static String modList(Set<String> mods) {
        List<String> out = new ArrayList<>();
        for (String m : mods) out.add("|" + m);
        return String.join(" ", out);
    }

    private static Boolean bool(Object v) {
        if (v instanceof Boolean b) return b;
        if (v instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) return Boolean.parseBoolean(s);
        return null;
    }

    // ------------------------------------------------------------------ plain values, with the string modifiers

    /** The tests for one value (an OR when a modifier makes several values of it), typed by the ECS field. */
    private Expr valueTests(FieldRef field, String sigmaName, Set<String> mods, Val v) {
        Span span = v.span();
        if (v.value() == null) {
            if (!mods.isEmpty()) {
                problems.error(span, "null with " + modList(mods) + ": null takes no modifier");
                return null;
            }
            return new Compare(Compare.Op.EQ, field, new Literal(null, span), span);
        }
        EcsTypes.Kind kind = EcsTypes.of(field.name());
        if (kind == EcsTypes.Kind.UNKNOWN) {
            // a field outside ECS: a number or boolean written plainly stays one, anything else is text
            kind = rest(mods).isEmpty() && (v.value() instanceof Number) ? EcsTypes.Kind.NUMBER
                    : rest(mods).isEmpty() && v.value() instanceof Boolean ? EcsTypes.Kind.BOOLEAN : EcsTypes.Kind.STRING;
        }
        boolean cased = mods.contains("cased");
        Set<String> rest = minus(mods, "cased");
        if (kind == EcsTypes.Kind.NUMBER || kind == EcsTypes.Kind.BOOLEAN) {
            if (!rest.isEmpty()) {
                problems.error(span, field.name() + " is " + (kind == EcsTypes.Kind.NUMBER ? "numeric" : "boolean") + " in ECS: "
                        + modList(rest) + " applies to text");
                return null;
            }
            Literal lit = kind == EcsTypes.Kind.NUMBER ? number(v) : booleanLiteral(v);
            if (lit == null) {
                problems.error(span, "'" + v.node().getValue() + "' is not a " + (kind == EcsTypes.Kind.NUMBER ? "number" : "boolean")
                        + ", and " + field.name() + " is " + (kind == EcsTypes.Kind.NUMBER ? "numeric" : "boolean") + " in ECS");
                return null;
            }
            return new Compare(Compare.Op.EQ, field, lit, span);
        }
        if (logsource != null) {
            String text = v.value() instanceof String str ? str : v.node().getValue();
            // a field the target writes in its own way (values_as, numbers_as) reads back through the rendering
            dev.ruleport.mapping.ValueRendering rendering = names.rendering(logsource, field.name()).orElse(null);
            if (rendering != null) {
                if (!rendering.values().isEmpty() && !rest.isEmpty()) {
                    problems.error(span, field.name() + " is written as " + rendering.values().values() + " in "
                            + logsource.id() + ": " + modList(rest) + " on those texts has no ECS reading");
                    return null;
                }
                if (rest.isEmpty() && rendering.open()) {
                    // the field may hold texts beyond the listed ones, each an unlisted ECS value: a test is read
                    // only when it holds on one listed text and on no other text
                    boolean folds = !text.toLowerCase(java.util.Locale.ROOT).equals(text.toUpperCase(java.util.Locale.ROOT));
                    String ecs = null;
                    for (java.util.Map.Entry<String, String> e : rendering.values().entrySet()) {
                        if (e.getValue().equals(text)) ecs = e.getKey();
                    }
                    String raw = ecs == null || !cased && folds ? names.rawAlias(logsource, field.name()) : null;
                    if (raw != null) {
                        // the same target field holds the text as written under another ECS name: read it there
                        field = new FieldRef(FieldPath.parse(raw), false, field.span());
                    } else if (ecs == null || !cased && folds) {
                        problems.error(span, field.name() + " is written as " + rendering.values().values() + " in "
                                + logsource.id() + " for " + rendering.values().keySet() + ", any other text for some other"
                                + " value: " + (ecs == null ? "'" + text + "' is none of those texts"
                                : "'" + text + "' without |cased also matches texts in other case"));
                        return null;
                    }
                    else v = new Val(ecs, v.node());
                } else if (rest.isEmpty()) {
                    if (text.equals(rendering.missing())) {
                        // the text the target writes where the source lacks the field (IpAddress "-")
                        return new Compare(Compare.Op.EQ, field, new Literal(null, span), span);
                    }
                    String ecs = rendering.ecsValue(text, cased);
                    if (ecs == null) {
                        problems.error(span, "'" + text + "' is no value " + logsource.id() + " writes for " + field.name());
                        return null;
                    }
                    v = new Val(ecs, v.node());
                }
            }
        }
        Strings read = strings(v, rest);
        if (read == null) return null;
        List<SigmaString> strings = read.values();
        boolean dashRegex = read.dashClass();
        List<Expr> tests = new ArrayList<>();
        for (SigmaString s : strings) {
            Expr t = kind == EcsTypes.Kind.IP ? ipTest(field, sigmaName, s, cased, span)
                    : dashRegex ? dashRegex(field, s, cased, span) : stringTest(field, s, cased, span);
            if (t == null) return null;
            tests.add(t);
        }
        return Exprs.orOnField(tests);
    }

    /** The values one value stands for; {@code dashClass}: windash left to a character class in a regex. */
    private record Strings(List<SigmaString> values, boolean dashClass) {}

    /**
     * A value through the string modifiers, in the order written: {@code expand}, {@code windash}, the
     * encodings, {@code contains}/{@code startswith}/{@code endswith}. Several results are alternatives. A
     * windash value with more than {@value #WINDASH_ENUMERATED} dashes stays one value (its dashes become a
     * character class in {@link #dashRegex}).
     */
    private Strings strings(Val v, Set<String> mods) {
        Span span = v.span();
        String text = v.value() instanceof String s ? s : v.node().getValue();
        List<SigmaString> out = new ArrayList<>();
        if (mods.contains("expand")) {
            List<String> expanded = expand(text, span);
            if (expanded == null) return null;
            for (String e : expanded) out.add(SigmaString.parse(e));
        } else {
            out.add(SigmaString.parse(text)); // without |expand, a %name% is literal text
        }
        String encoding = null;
        boolean encoded = false;
        boolean dashes = false;
        for (String m : mods) {
            switch (m) {
                case "windash" -> {
                    boolean many = out.stream().anyMatch(s -> SigmaEncodings.dashCount(s) > WINDASH_ENUMERATED);
                    if (!many) {
                        List<SigmaString> next = new ArrayList<>();
                        for (SigmaString s : out) next.addAll(SigmaEncodings.windash(s));
                        out = next;
                    } else {
                        dashes = true;
                    }
                }
                case "utf16le", "utf16be", "utf16", "wide" -> {
                    encoding = m;
                    encoded = false;
                }
                case "base64", "base64offset" -> {
                    if (dashes) {
                        problems.error(span, "|windash before |" + m + " on a value with more than " + WINDASH_ENUMERATED + " dashes");
                        return null;
                    }
                    List<SigmaString> next = new ArrayList<>();
                    for (SigmaString s : out) {
                        if (s.hasWildcards()) {
                            problems.error(span, "|" + m + " of a value with wildcards: the encoding of a wildcard is not a wildcard");
                            return null;
                        }
                        byte[] bytes = SigmaEncodings.bytes(s.literalText(), encoding);
                        if (m.equals("base64")) next.add(SigmaString.literal(SigmaEncodings.base64(bytes)));
                        else for (String b : SigmaEncodings.base64offset(bytes)) next.add(SigmaString.literal(b));
                    }
                    out = next;
                    encoded = true;
                }
                case "contains", "startswith", "endswith" -> {
                    List<SigmaString> next = new ArrayList<>();
                    for (SigmaString s : out) next.add(shape(s, m));
                    out = next;
                }
                default -> { } // expand: done above
            }
        }
        if (encoding != null && !encoded) {
            problems.error(span, "|" + encoding + " without a following |base64 or |base64offset: EQL compares text, and the "
                    + "encoded bytes are not text");
            return null;
        }
        return new Strings(out, dashes);
    }

    private static SigmaString shape(SigmaString s, String modifier) {
        List<SigmaString.Part> parts = new ArrayList<>(s.parts());
        boolean front = modifier.equals("contains") || modifier.equals("endswith");
        boolean back = modifier.equals("contains") || modifier.equals("startswith");
        if (front && (parts.isEmpty() || !(parts.get(0).isWildcard() && parts.get(0).star()))) parts.add(0, SigmaString.Part.STAR);
        if (back && (parts.isEmpty() || !(parts.get(parts.size() - 1).isWildcard() && parts.get(parts.size() - 1).star()))) {
            parts.add(SigmaString.Part.STAR);
        }
        return SigmaString.of(parts);
    }

    /** {@code %name%} placeholders replaced by the input profile's variable {@code name} (a comma-separated list). */
    private List<String> expand(String text, Span span) {
        List<String> out = new ArrayList<>(List.of(""));
        Matcher m = PLACEHOLDER.matcher(text);
        int last = 0;
        while (m.find()) {
            String literal = text.substring(last, m.start());
            String value = variables.get(m.group(1));
            if (value == null) {
                problems.error(span, "placeholder %" + m.group(1) + "% has no value: define variable " + m.group(1)
                        + " in the input profile (--input-profile); the specification asks to reject a rule whose "
                        + "placeholders cannot be resolved");
                return null;
            }
            List<String> next = new ArrayList<>();
            for (String prefix : out) {
                for (String alt : value.split(",")) next.add(prefix + literal + alt.strip());
            }
            out = next;
            last = m.end();
        }
        List<String> done = new ArrayList<>();
        for (String prefix : out) done.add(prefix + text.substring(last));
        return done;
    }

    /** The EQL test for a Sigma string: {@code :} / {@code ==} / {@code like}, or a regex where wildcards mix with literal ones. */
    static Expr stringTest(FieldRef field, SigmaString s, boolean cased, Span span) {
        if (!s.hasWildcards()) {
            String text = s.literalText();
            Literal lit = new Literal(text, span);
            if (cased || !hasLetter(text)) return new Compare(Compare.Op.EQ, field, lit, span);
            if (text.indexOf('*') < 0 && text.indexOf('?') < 0) return new Match(Match.Kind.COLON, field, List.of(lit), true, span);
            return new In(field, List.of(lit), true, span);
        }
        if (!s.hasLiteralWildcardChars()) {
            Literal p = new Literal(s.eqlPattern(), span);
            return new Match(cased ? Match.Kind.LIKE : Match.Kind.COLON, field, List.of(p), !cased, span);
        }
        StringBuilder lucene = new StringBuilder();
        for (SigmaString.Part p : s.parts()) {
            if (p.isWildcard()) lucene.append(p.star() ? ".*" : ".");
            else lucene.append(luceneLiteral(p.text(), false));
        }
        return new Match(Match.Kind.REGEX, field, List.of(new Literal(lucene.toString(), span)), !cased, span);
    }

    /** A windash value with many dashes: one regex in which each dash is any of the five. */
    private static Expr dashRegex(FieldRef field, SigmaString s, boolean cased, Span span) {
        StringBuilder lucene = new StringBuilder();
        for (SigmaString.Part p : s.parts()) {
            if (p.isWildcard()) lucene.append(p.star() ? ".*" : ".");
            else lucene.append(luceneLiteral(p.text(), true));
        }
        return new Match(Match.Kind.REGEX, field, List.of(new Literal(lucene.toString(), span)), !cased, span);
    }

    static boolean hasLetter(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            // EQL folds ASCII letters only; a text without them compares alike either way
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') return true;
        }
        return false;
    }

    private static String luceneLiteral(String s, boolean windash) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (windash && SigmaEncodings.DASHES.indexOf(c) >= 0) {
                sb.append("[\\-/\u2013\u2014\u2015]");
                continue;
            }
            if (".?+*|{}[]()\"\\#@&<>~^$".indexOf(c) >= 0) sb.append('\\');
            sb.append(c);
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------ typed fields

    private static Literal number(Val v) {
        Object o = v.value();
        Span span = v.span();
        if (o instanceof Integer || o instanceof Long || o instanceof Double) return new Literal(o, span);
        if (o instanceof String s) {
            String t = s.strip();
            try {
                long l = Long.parseLong(t);
                return new Literal(l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE ? (Object) (int) l : l, span);
            } catch (NumberFormatException e) {
                try {
                    if (t.matches("[+-]?[0-9]*\\.[0-9]+([eE][+-]?[0-9]+)?")) return new Literal(Double.parseDouble(t), span);
                } catch (NumberFormatException ignored) {
                    return null;
                }
            }
        }
        return null;
    }

    private static Literal booleanLiteral(Val v) {
        Boolean b = bool(v.value());
        return b == null ? null : new Literal(b, v.span());
    }

    /**
     * An ip field (Elasticsearch matches it by address or network): a plain address, or an IPv4 prefix of whole
     * octets ({@code 10.} with startswith, {@code 10.*}) as the network it names. Anything else is refused.
     */
    private Expr ipTest(FieldRef field, String sigmaName, SigmaString s, boolean cased, Span span) {
        if (!s.hasWildcards() && Ip.isAddress(s.literalText())) return new Compare(Compare.Op.EQ, field, new Literal(s.literalText(), span), span);
        List<SigmaString.Part> parts = s.parts();
        if (parts.size() == 2 && !parts.get(0).isWildcard() && parts.get(1).isWildcard() && parts.get(1).star()
                && IPV4_PREFIX.matcher(parts.get(0).text()).matches()) {
            String prefix = parts.get(0).text();
            int octets = prefix.length() - prefix.replace(".", "").length();
            StringBuilder net = new StringBuilder(prefix);
            for (int i = octets; i < 4; i++) net.append(i == 3 ? "0" : "0.");
            return new Call(Function.CIDRMATCH, false, List.of(field, new Literal(net + "/" + (8 * octets), span)), span);
        }
        // the target writes a text for a missing address (IpAddress "-"): a pattern with a character no address text
        // has (addresses are written with hex digits, '.', ':' and a '%' zone) can only match that text, so when it
        // does it is a test that the field is missing; one that does not match it stays refused below
        String missing = logsource == null ? null : names.rendering(logsource, field.name()).map(r -> r.missing()).orElse(null);
        if (missing != null && !s.literalChars().chars().allMatch(c -> c < 128 && (Character.isLetterOrDigit(c) || c == '.' || c == ':' || c == '%'))
                && !s.hasLiteralWildcardChars()
                && dev.ruleport.runtime.WildcardPattern.compile(s.eqlPattern(), !cased).matches(missing)) {
            return new Compare(Compare.Op.EQ, field, new Literal(null, span), span);
        }
        String raw = logsource == null ? null : names.prefixField(logsource, sigmaName);
        // reading this value on the raw text field would split one Sigma field over two ECS fields
        problems.error(span, "'" + s.text() + "' on " + field.name() + ", an ip field in ECS: Elasticsearch matches ip fields by "
                + "address or network (|cidr) only" + (raw == null ? "" : " (the event's text of " + sigmaName + " is " + raw
                + ", which another input profile can map it to)"));
        return null;
    }

    private Expr cidr(FieldRef field, Val v) {
        String text = v.node().getValue().strip();
        if (!Ip.isNetwork(text)) {
            problems.error(v.span(), "'" + text + "' is not an IPv4 or IPv6 network (address/prefix length)");
            return null;
        }
        return new Call(Function.CIDRMATCH, false, List.of(field, new Literal(text, v.span())), v.span());
    }

    private Expr compare(FieldRef field, String op, Val v) {
        Literal n = number(v);
        if (n == null) {
            problems.error(v.span(), "|" + op + " takes a number, not '" + v.node().getValue() + "'");
            return null;
        }
        Compare.Op o = switch (op) {
            case "lt" -> Compare.Op.LT;
            case "lte" -> Compare.Op.LE;
            case "gt" -> Compare.Op.GT;
            default -> Compare.Op.GE;
        };
        EcsTypes.Kind kind = EcsTypes.of(field.name());
        if (kind != EcsTypes.Kind.NUMBER && kind != EcsTypes.Kind.UNKNOWN && kind != EcsTypes.Kind.DATE) {
            problems.error(v.span(), "|" + op + " on " + field.name() + ", which ECS stores as text: Elasticsearch would compare "
                    + "it as text, not as a number");
            return null;
        }
        return new Compare(o, field, n, v.span());
    }

    /**
     * {@code |fieldref}: equal to another field of the event. Case-insensitively (Sigma's default) for text:
     * one starts with the other, ignoring case, and both are as long (EQL folds ASCII only, which keeps lengths).
     */
    private Expr fieldRef(FieldRef field, Val v, boolean cased) {
        if (!(v.value() instanceof String other) || other.isBlank()) {
            problems.error(v.span(), "|fieldref takes the name of another field");
            return null;
        }
        FieldRef ref = field(other, v.node());
        if (ref == null) return null;
        boolean text = EcsTypes.of(field.name()) == EcsTypes.Kind.STRING && EcsTypes.of(ref.name()) == EcsTypes.Kind.STRING;
        // a field outside ECS of unknown type: compared exactly (case matters only for text, where it would be refused below)
        if (!cased && !text && (EcsTypes.of(field.name()) == EcsTypes.Kind.UNKNOWN || EcsTypes.of(ref.name()) == EcsTypes.Kind.UNKNOWN)) {
            problems.error(v.span(), "|fieldref between " + field.name() + " and " + ref.name() + ": the type of a field outside "
                    + "ECS is unknown, so whether Sigma's case-insensitive comparison applies is too");
            return null;
        }
        if (cased || !text) return new Compare(Compare.Op.EQ, field, ref, v.span());
        Span span = v.span();
        return Exprs.and(List.of(new Call(Function.STARTSWITH, true, List.of(field, ref), span),
                new Compare(Compare.Op.EQ, new Call(Function.LENGTH, false, List.of(field), span),
                        new Call(Function.LENGTH, false, List.of(ref), span), span)));
    }

    private Expr regex(FieldRef field, Val v, boolean i, boolean s, boolean m) {
        if (!(v.value() instanceof String pattern)) {
            problems.error(v.span(), "|re takes a string pattern");
            return null;
        }
        try {
            SigmaRegexReader.Read r = SigmaRegexReader.read(pattern, i, s, m);
            return new Match(Match.Kind.REGEX, field, List.of(new Literal(r.lucene(), v.span())), r.caseInsensitive(), v.span());
        } catch (SigmaRegexReader.Unreadable e) {
            problems.error(v.span(), e.getMessage());
            return null;
        }
    }

    // ------------------------------------------------------------------ keywords

    /** Keyword (full-text) values: a case-insensitive substring search of the log source's message fields. */
    private Expr keywords(Node key, List<String> mods, List<Val> vals, Node valueNode) {
        if (keywordFields.isEmpty()) {
            problems.error(YamlTree.span(valueNode), "keyword search: " + where + " declares no field that holds the event's "
                    + "free text (keywords: in the profile), so there is nothing exact to search");
            return null;
        }
        if (vals.isEmpty()) return null;
        boolean all = mods.contains("all");
        Set<String> rest = new LinkedHashSet<>(mods);
        rest.remove("all");
        Set<String> allowed = Set.of("contains", "startswith", "endswith", "windash", "cased", "base64", "base64offset",
                "utf16le", "utf16be", "utf16", "wide", "expand");
        if (!allowed.containsAll(rest)) {
            Set<String> other = new LinkedHashSet<>(rest);
            other.removeAll(allowed);
            problems.error(YamlTree.span(key), "keyword search with " + modList(other) + ": keywords take string modifiers only");
            return null;
        }
        boolean shaped = rest.stream().anyMatch(SHAPES::contains);
        Set<String> withShape = new LinkedHashSet<>(rest);
        if (!shaped) withShape.add("contains");
        List<Expr> perValue = new ArrayList<>();
        for (Val v : vals) {
            if (v.value() == null) {
                problems.error(v.span(), "a keyword cannot be null");
                return null;
            }
            List<Expr> alternatives = new ArrayList<>();
            for (String f : keywordFields) {
                FieldRef field = new FieldRef(FieldPath.parse(f), false, v.span());
                Expr t = valueTests(field, f, withShape, v);
                if (t == null) return null;
                alternatives.add(t);
            }
            perValue.add(Exprs.or(alternatives));
        }
        return all ? Exprs.and(perValue) : Exprs.or(perValue);
    }

    /** IP address and network syntax, checked without resolving names. */
    static final class Ip {
        private Ip() {}

        static boolean isAddress(String s) { return dev.ruleport.runtime.Ip.tryParse(s) != null; }

        static boolean isNetwork(String s) {
            try {
                dev.ruleport.runtime.Cidr.parse(s);
                return true;
            } catch (RuntimeException e) {
                return false;
            }
        }
    }
}
