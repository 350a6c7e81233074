package dev.ruleport.sigma;

import dev.ruleport.diag.Span;
import java.io.StringReader;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * YAML documents as snakeyaml node trees, which keep every value's position, for the {@link SigmaReader}: the
 * reader points its diagnostics at the node that holds the problem. Scalars resolve as YAML 1.1 does (what
 * pySigma's PyYAML reads): {@code 4624} an integer, {@code yes} a boolean, {@code ~} null; the scalar's text
 * stays available, so a number written against a keyword field can be read as the text the author wrote.
 */
final class YamlTree {
    private YamlTree() {}

    /** A YAML text that is not well-formed, with the position snakeyaml reports. */
    static final class Malformed extends Exception {
        final int line;
        final int column;

        Malformed(String message, int line, int column) {
            super(message);
            this.line = line;
            this.column = column;
        }
    }

    /** Every document of the text, empty documents dropped. */
    static List<Node> composeAll(String text) throws Malformed {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(10);
        options.setCodePointLimit(64 * 1024 * 1024);
        List<Node> out = new ArrayList<>();
        try {
            for (Node n : new Yaml(new SafeConstructor(options)).composeAll(new StringReader(text))) {
                if (n != null && !(n instanceof ScalarNode s && s.getTag().equals(Tag.NULL))) out.add(n);
            }
        } catch (org.yaml.snakeyaml.error.MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
            throw new Malformed("not valid YAML: " + problem, m == null ? 1 : m.getLine() + 1, m == null ? 1 : m.getColumn() + 1);
        } catch (org.yaml.snakeyaml.error.YAMLException e) {
            throw new Malformed("not valid YAML: " + e.getMessage(), 1, 1);
        }
        return out;
    }

    /** The node's position in the file (1-based line and column). */
    static Span span(Node n) {
        Mark s = n.getStartMark();
        Mark e = n.getEndMark();
        if (s == null) return Span.synthetic("YAML node without a position");
        return Span.of(s.getLine() + 1, s.getColumn() + 1, s.getIndex(), e == null ? s.getIndex() : e.getIndex());
    }

    /** A position inside a one-line scalar: {@code offset} characters into its value. */
    static Span spanAt(ScalarNode n, int offset) {
        Mark s = n.getStartMark();
        Mark e = n.getEndMark();
        if (s == null || e == null || s.getLine() != e.getLine()) return span(n);
        int quote = n.isPlain() ? 0 : 1;
        // a quoted scalar with escapes shifts columns; then the start of the scalar is the honest answer
        if (!n.isPlain() && (e.getColumn() - s.getColumn()) != n.getValue().length() + 2) return span(n);
        return Span.of(s.getLine() + 1, s.getColumn() + 1 + quote + offset, s.getIndex() + quote + offset,
                s.getIndex() + quote + offset + 1);
    }

    static boolean isNull(Node n) { return n instanceof ScalarNode s && s.getTag().equals(Tag.NULL); }

    /**
     * The value of a scalar: String, Integer, Long, Double, Boolean or null. Timestamps (dates written bare,
     * such as {@code 2023-01-02}) and integers too large for a long stay text.
     */
    static Object value(ScalarNode n) {
        Tag tag = n.getTag();
        if (tag.equals(Tag.STR) || tag.equals(Tag.TIMESTAMP) || tag.equals(Tag.BINARY)) return n.getValue();
        if (tag.equals(Tag.NULL)) return null;
        Object v;
        try {
            v = new Scalars().of(n);
        } catch (RuntimeException e) {
            return n.getValue();
        }
        if (v instanceof BigInteger b) return b.bitLength() < 64 ? (Object) b.longValue() : n.getValue();
        if (v instanceof Integer || v instanceof Long || v instanceof Double || v instanceof Boolean) return v;
        if (v instanceof Number num) return num.doubleValue();
        return v == null ? null : n.getValue();
    }

    /** The text of a scalar key; null for a key that is not a scalar. */
    static String key(NodeTuple t) {
        return t.getKeyNode() instanceof ScalarNode s ? s.getValue() : null;
    }

    /** The value of the first entry with this key, or null. */
    static Node get(MappingNode m, String key) {
        for (NodeTuple t : m.getValue()) {
            if (key.equals(key(t))) return t.getValueNode();
        }
        return null;
    }

    /** The key node of the first entry with this key, or null. */
    static Node keyNode(MappingNode m, String key) {
        for (NodeTuple t : m.getValue()) {
            if (key.equals(key(t))) return t.getKeyNode();
        }
        return null;
    }

    /** The node as plain Java values (maps, lists, scalars), for metadata the reader only passes on. */
    static Object plain(Node n) {
        if (n instanceof ScalarNode s) return value(s);
        if (n instanceof SequenceNode q) {
            List<Object> out = new ArrayList<>();
            for (Node x : q.getValue()) out.add(plain(x));
            return out;
        }
        if (n instanceof MappingNode m) {
            java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
            for (NodeTuple t : m.getValue()) {
                String k = key(t);
                if (k != null) out.putIfAbsent(k, plain(t.getValueNode()));
            }
            return out;
        }
        return null;
    }

    /** snakeyaml's own YAML 1.1 scalar construction, reached through its protected entry point. */
    private static final class Scalars extends SafeConstructor {
        Scalars() { super(new LoaderOptions()); }

        Object of(ScalarNode n) { return constructObject(n); }
    }
}
