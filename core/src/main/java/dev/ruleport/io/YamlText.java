package dev.ruleport.io;

import java.io.StringWriter;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Serialises a YAML node tree the way every ruleport output does: block style, Unix line breaks, no line folding,
 * Unicode kept; the writers build the nodes themselves so that they, not a representer, decide each scalar's quoting.
 */
public final class YamlText {
    private YamlText() {}

    /**
     * @param indent              spaces per level
     * @param indentWithIndicator whether a list's {@code -} is indented under its key (counted in {@code indent})
     */
    public static String serialize(Node root, int indent, boolean indentWithIndicator) {
        DumperOptions o = new DumperOptions();
        o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        o.setIndent(indent);
        o.setIndicatorIndent(2);
        o.setIndentWithIndicator(indentWithIndicator);
        o.setWidth(Integer.MAX_VALUE);
        o.setSplitLines(false);
        o.setAllowUnicode(true);
        o.setLineBreak(DumperOptions.LineBreak.UNIX);
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()), new Representer(o), o);
        StringWriter w = new StringWriter();
        yaml.serialize(root, w);
        return w.toString();
    }
}
