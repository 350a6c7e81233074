package dev.ruleport.sigma;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * YAML output for Sigma documents, built node by node so the quoting is decided here and not by a representer:
 * every string <em>value</em> is single-quoted (so {@code on}, {@code no}, {@code 0x10}, {@code ~}, {@code null},
 * dates and numbers written as strings stay strings in any YAML 1.1 or 1.2 reader; snakeyaml falls back to double
 * quotes only for text that single quotes cannot carry, such as control characters). Keys are plain when they are
 * ordinary names that resolve to strings, else quoted. Numbers, booleans and null are plain. Block style, four
 * spaces, lists indented under their key, no line folding.
 */
final class SigmaYaml {
    private SigmaYaml() {}

    private static final Resolver RESOLVER = new Resolver();

    /** One YAML document (no {@code ---}) for a map of String keys to Strings, Numbers, Booleans, null, Lists, Maps. */
    static String dump(Map<String, ?> document) {
        String direct = Direct.write(document);
        return direct != null ? direct : dev.ruleport.io.YamlText.serialize(node(document, false), 4, false);
    }

    /**
     * The text snakeyaml's emitter writes for {@link #node} trees, written directly for the shapes Sigma documents
     * have (snakeyaml's serializer was a tenth of a conversion to all targets): non-empty maps and lists, no list
     * directly in a list, keys written plain, strings single- or double-quoted as snakeyaml chooses, no character
     * outside the Basic Multilingual Plane. Anything else gives null, and the document goes through snakeyaml.
     * SigmaYamlTest compares the two over every corpus document and odd keys, values and shapes.
     */
    static final class Direct {
        private final StringBuilder out = new StringBuilder();

        private Direct() {}

        static String write(Map<?, ?> document) {
            Direct d = new Direct();
            return d.mapping(document, 0, false) ? d.out.toString() : null;
        }

        /** A block mapping at {@code indent}; {@code inline}: its first key goes on the current line, after "- ". */
        private boolean mapping(Map<?, ?> m, int indent, boolean inline) {
            if (m.isEmpty()) return false;
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String key = String.valueOf(e.getKey());
                // a long key is written as an explicit "? key" (snakeyaml counts its "!!str" tag too); '@' may not
                // start a plain one
                if (key.length() > 100 || key.startsWith("@") || !isPlainKey(key)) return false;
                if (!(first && inline)) spaces(indent);
                first = false;
                out.append(key).append(':');
                Object v = e.getValue();
                if (v instanceof Map<?, ?> inner) {
                    out.append('\n');
                    if (!mapping(inner, indent + 4, false)) return false;
                } else if (v instanceof List<?> list) {
                    out.append('\n');
                    if (!sequence(list, indent)) return false;
                } else {
                    out.append(' ');
                    if (!scalar(v, indent + 4)) return false;
                    out.append('\n');
                }
            }
            return true;
        }

        /** A block list under a key at {@code indent}: items at indent + 2 (snakeyaml's indicator indent). */
        private boolean sequence(List<?> list, int indent) {
            if (list.isEmpty()) return false;
            for (Object item : list) {
                spaces(indent + 2);
                out.append("- ");
                if (item instanceof Map<?, ?> m) {
                    if (!mapping(m, indent + 4, true)) return false;
                } else if (item instanceof List<?>) {
                    return false;
                } else {
                    if (!scalar(item, indent + 4)) return false;
                    out.append('\n');
                }
            }
            return true;
        }

        /** A scalar as {@link #node} styles it; a line break in a quoted string continues at {@code indent}. */
        private boolean scalar(Object v, int indent) {
            if (v == null || v instanceof Boolean || v instanceof Integer || v instanceof Long || v instanceof Double) {
                ScalarNode n = (ScalarNode) node(v, false);
                // a text that would not read back as its tag is written with the tag: left to snakeyaml
                if (!RESOLVER.resolve(NodeId.scalar, n.getValue(), true).equals(n.getTag())) return false;
                out.append(n.getValue());
                return true;
            }
            String s = v.toString();
            boolean doubleQuoted = needsEscapes(s);
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (Character.isSurrogate(c)) return false;
                // what snakeyaml will not single-quote: a character it counts as special, a space beside a line break
                boolean special = !(c == '\n' || c >= 0x20 && c <= 0x7e || c == 0x85 || c >= 0xa0 && c <= 0xd7ff
                        || c >= 0xe000 && c <= 0xfffd && c != 0xfeff);
                boolean spaceAtBreak = c == '\n' && (i > 0 && s.charAt(i - 1) == ' ' || i + 1 < s.length() && s.charAt(i + 1) == ' ');
                doubleQuoted |= special || spaceAtBreak;
            }
            if (doubleQuoted) {
                doubleQuoted(s);
                return true;
            }
            out.append('\'');
            for (int i = 0; i < s.length(); ) {
                char c = s.charAt(i);
                if (c == '\n') {
                    // a run of k line breaks is written as k + 1 (a single-quoted scalar folds one), then the indent
                    int end = i;
                    while (end < s.length() && s.charAt(end) == '\n') end++;
                    for (int k = i; k <= end; k++) out.append('\n');
                    spaces(indent);
                    i = end;
                } else {
                    if (c == '\'') out.append('\'');
                    out.append(c);
                    i++;
                }
            }
            out.append('\'');
            return true;
        }

        /** snakeyaml's escapes: its short ones, printable characters as they are, others as \\x or \\u. */
        private void doubleQuoted(String s) {
            out.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                String shortEscape = switch (c) {
                    case '\0' -> "0";
                    case '\u0007' -> "a";
                    case '\b' -> "b";
                    case '\t' -> "t";
                    case '\n' -> "n";
                    case '\u000b' -> "v";
                    case '\f' -> "f";
                    case '\r' -> "r";
                    case '\u001b' -> "e";
                    case '"' -> "\"";
                    case '\\' -> "\\";
                    case '\u0085' -> "N";
                    case '\u00a0' -> "_";
                    case '\u2028' -> "L";
                    case '\u2029' -> "P";
                    default -> null;
                };
                if (shortEscape != null) {
                    out.append('\\').append(shortEscape);
                } else if (c >= 0x20 && c <= 0x7e || c >= 0xa0 && c <= 0xd7ff || c >= 0xe000 && c <= 0xfffd) {
                    out.append(c);
                } else if (c <= 0xff) {
                    out.append("\\x").append(String.format("%02x", (int) c));
                } else {
                    out.append("\\u").append(String.format("%04x", (int) c));
                }
            }
            out.append('"');
        }

        private void spaces(int n) {
            for (int i = 0; i < n; i++) out.append(' ');
        }
    }

    static Node node(Object v, boolean key) {
        if (v instanceof Map<?, ?> m) {
            List<NodeTuple> tuples = new ArrayList<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                tuples.add(new NodeTuple(node(String.valueOf(e.getKey()), true), node(e.getValue(), false)));
            }
            return new MappingNode(Tag.MAP, tuples, DumperOptions.FlowStyle.BLOCK);
        }
        if (v instanceof List<?> l) {
            List<Node> items = new ArrayList<>();
            for (Object x : l) items.add(node(x, false));
            return new SequenceNode(Tag.SEQ, items, DumperOptions.FlowStyle.BLOCK);
        }
        if (v == null) return new ScalarNode(Tag.NULL, "null", null, null, DumperOptions.ScalarStyle.PLAIN);
        if (v instanceof Boolean b) return new ScalarNode(Tag.BOOL, b.toString(), null, null, DumperOptions.ScalarStyle.PLAIN);
        if (v instanceof Integer || v instanceof Long) {
            return new ScalarNode(Tag.INT, v.toString(), null, null, DumperOptions.ScalarStyle.PLAIN);
        }
        if (v instanceof Double d) {
            String text = Double.isNaN(d) ? ".nan" : Double.isInfinite(d) ? (d > 0 ? ".inf" : "-.inf") : d.toString();
            return new ScalarNode(Tag.FLOAT, text, null, null, DumperOptions.ScalarStyle.PLAIN);
        }
        String s = v.toString();
        // a single-quoted scalar holds line breaks as they are, and a YAML reader folds them (NEL, U+2028 and U+2029
        // are breaks too, so "a\u0085b" would load as "a b"): such text is double-quoted, where they are escaped
        DumperOptions.ScalarStyle style = key && isPlainKey(s) ? DumperOptions.ScalarStyle.PLAIN
                : needsEscapes(s) ? DumperOptions.ScalarStyle.DOUBLE_QUOTED : DumperOptions.ScalarStyle.SINGLE_QUOTED;
        return new ScalarNode(Tag.STR, s, null, null, style);
    }

    /**
     * Whether the text holds a line break other than \n (which a single-quoted scalar keeps), a control character or
     * a byte-order mark.
     */
    static boolean needsEscapes(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f || c == '\u0085' || c == '\u2028' || c == '\u2029' || c == '\ufeff') return true;
        }
        return false;
    }

    /** {@code [A-Za-z_@][A-Za-z0-9_.|@-]*}, as a loop. */
    static boolean plainKeyShape(String s) {
        if (s.isEmpty()) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '@'
                    || (i > 0 && ((c >= '0' && c <= '9') || c == '.' || c == '|' || c == '-'));
            if (!ok) return false;
        }
        return true;
    }

    static boolean isPlainKey(String s) {
        return plainKeyShape(s) && RESOLVER.resolve(NodeId.scalar, s, true).equals(Tag.STR);
    }

    /** Loads every document of a YAML text with snakeyaml's safe constructor (YAML 1.1 resolution). */
    static List<Object> loadAll(String text) {
        LoaderOptions lo = new LoaderOptions();
        lo.setMaxAliasesForCollections(10);
        lo.setCodePointLimit(64 * 1024 * 1024);
        Yaml yaml = new Yaml(new SafeConstructor(lo));
        List<Object> out = new ArrayList<>();
        for (Object d : yaml.loadAll(text)) {
            if (d != null) out.add(d);
        }
        return out;
    }
}
