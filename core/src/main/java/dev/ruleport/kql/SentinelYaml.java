package dev.ruleport.kql;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * YAML for Sentinel analytic rules, in the Azure-Sentinel repository's style: plain keys, two-space indentation,
 * multi-line text (description, query) as {@code |} literal blocks, other strings single-quoted so that no value
 * changes type in a YAML 1.1 reader (snakeyaml falls back to double quotes where a block cannot carry the text).
 */
final class SentinelYaml {
    private SentinelYaml() {}

    static String dump(Map<String, ?> document) {
        return dev.ruleport.io.YamlText.serialize(node(document, true), 2, true);
    }

    private static Node node(Object v, boolean key) {
        if (v instanceof Map<?, ?> m) {
            List<NodeTuple> tuples = new ArrayList<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                tuples.add(new NodeTuple(scalar(String.valueOf(e.getKey()), DumperOptions.ScalarStyle.PLAIN), node(e.getValue(), false)));
            }
            return new MappingNode(Tag.MAP, tuples, DumperOptions.FlowStyle.BLOCK);
        }
        if (v instanceof List<?> l) {
            List<Node> items = new ArrayList<>();
            for (Object x : l) items.add(node(x, false));
            return new SequenceNode(Tag.SEQ, items, l.isEmpty() ? DumperOptions.FlowStyle.FLOW : DumperOptions.FlowStyle.BLOCK);
        }
        if (v == null) return new ScalarNode(Tag.NULL, "null", null, null, DumperOptions.ScalarStyle.PLAIN);
        if (v instanceof Boolean b) return new ScalarNode(Tag.BOOL, b.toString(), null, null, DumperOptions.ScalarStyle.PLAIN);
        if (v instanceof Integer || v instanceof Long) return new ScalarNode(Tag.INT, v.toString(), null, null, DumperOptions.ScalarStyle.PLAIN);
        String s = v.toString();
        boolean block = s.indexOf('\n') >= 0 && s.lines().noneMatch(line -> line.endsWith(" ") || line.endsWith("\t"));
        return scalar(s, block ? DumperOptions.ScalarStyle.LITERAL : DumperOptions.ScalarStyle.SINGLE_QUOTED);
    }

    private static ScalarNode scalar(String s, DumperOptions.ScalarStyle style) {
        return new ScalarNode(Tag.STR, s, null, null, style);
    }
}
