package dev.ruleport.sigma;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
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

    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z_@][A-Za-z0-9_.|@-]*");
    private static final Resolver RESOLVER = new Resolver();

    /** One YAML document (no {@code ---}) for a map of String keys to Strings, Numbers, Booleans, null, Lists, Maps. */
    static String dump(Map<String, ?> document) {
        return dev.ruleport.io.YamlText.serialize(node(document, false), 4, false);
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

    static boolean isPlainKey(String s) {
        return PLAIN_KEY.matcher(s).matches() && RESOLVER.resolve(NodeId.scalar, s, true).equals(Tag.STR);
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
