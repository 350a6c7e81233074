package dev.ruleport.loader;

import dev.ruleport.diag.Diagnostic;
import dev.ruleport.diag.Severity;
import dev.ruleport.diag.SourceText;
import dev.ruleport.diag.Span;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads Elastic rule TOML files into {@link Rule}s. Never throws for bad input: TOML syntax errors,
 * missing keys and keys of the wrong type or shape come back as diagnostics at their line and column.
 */
public final class RuleLoader {
    private static final Set<String> KNOWN_RULE_KEYS = Set.of("rule_id", "name", "description", "author", "license",
            "severity", "risk_score", "type", "language", "query", "index", "tags", "threat", "references",
            "false_positives", "note", "setup", "from", "interval", "timestamp_override", "event_category_override",
            "building_block_type", "max_signals", "investigation_fields");
    private static final Set<String> KNOWN_METADATA_KEYS = Set.of("creation_date", "updated_date", "maturity",
            "integration", "min_stack_version", "min_stack_comments");
    private static final char BOM = '\uFEFF';

    public record Result(Rule rule, List<Diagnostic> diagnostics) {
        public boolean ok() { return rule != null && diagnostics.stream().noneMatch(Diagnostic::isError); }
    }

    private RuleLoader() {}

    public static Result load(Path path) {
        String name = path.toString();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            return new Result(null, List.of(new Diagnostic(Severity.ERROR, name, 0, 0, "IO",
                    "cannot read file: " + e.getMessage(), null)));
        }
        String text = validUtf8(bytes);
        if (text != null) return parse(name, text);
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            // where the bad bytes are: the text decoded so far gives their line and column
            out.flip();
            String before = out.toString();
            if (!before.isEmpty() && before.charAt(0) == BOM) before = before.substring(1);
            int[] lc = TomlReader.lineColumn(before, before.length());
            return new Result(null, List.of(new Diagnostic(Severity.ERROR, name, lc[0], lc[1], "TOML",
                    "file is not valid UTF-8 (byte " + in.position() + ")", null)));
        }
        decoder.flush(out);
        out.flip();
        return parse(name, out.toString());
    }

    /**
     * The bytes as text when they are certainly valid UTF-8, else null (then the strict decoder finds out, and says
     * where the bad bytes are). {@code new String} replaces each malformed sequence by U+FFFD, so text without U+FFFD
     * came from valid UTF-8 and is what the strict decoder gives; text with it (bad bytes, or a U+FFFD written in the
     * file) is left to the decoder. A quick path: the JDK's String decoding is much cheaper than a CharsetDecoder
     * into a CharBuffer of the file's size.
     */
    static String validUtf8(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        return text.indexOf('\uFFFD') < 0 ? text : null;
    }

    /** Reads rule text; a leading byte-order mark is ignored. */
    public static Result parse(String fileName, String text) {
        if (!text.isEmpty() && text.charAt(0) == BOM) text = text.substring(1);
        SourceText file = SourceText.of(fileName, text);
        TomlReader.Table toml;
        try {
            toml = TomlReader.read(text);
        } catch (TomlReader.TomlError e) {
            return new Result(null, List.of(Diagnostic.at(Severity.ERROR, file, span(text, e.offset()), "TOML",
                    "invalid TOML: " + e.getMessage())));
        }
        return new Builder(fileName, text, file).rule(toml);
    }

    private static Span span(String text, int offset) {
        int[] lc = TomlReader.lineColumn(text, offset);
        return Span.of(lc[0], lc[1], 0, 0);
    }

    /** Turns the TOML tree into a rule, checking each key's type and reporting at the key. */
    private static final class Builder {
        private final String fileName;
        private final String text;
        private final SourceText file;
        private final List<Diagnostic> diags = new ArrayList<>();

        Builder(String fileName, String text, SourceText file) {
            this.fileName = fileName;
            this.text = text;
            this.file = file;
        }

        Result rule(TomlReader.Table root) {
            if (!(root.values.get("rule") instanceof TomlReader.Table rule)) {
                if (root.values.containsKey("rule")) error(root, "rule", "[rule] must be a table");
                else diags.add(Diagnostic.at(Severity.ERROR, file, Span.of(1, 1, 0, 0), "RULE", "missing [rule] table"));
                return new Result(null, diags);
            }
            Span ruleAt = span(text, root.valueOffset("rule")); // the [rule] header
            String query = requiredString(rule, ruleAt, "rule", "query");
            String language = requiredString(rule, ruleAt, "rule", "language");
            SourceText querySource = query == null ? null : querySource(rule.valueOffset("query"), query);
            Map<String, Object> other = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : rule.values.entrySet()) {
                if (!KNOWN_RULE_KEYS.contains(e.getKey())) other.put(e.getKey(), plain(e.getValue()));
            }
            TomlReader.Table meta = table(root, "metadata", "metadata");
            Rule.Metadata metadata = meta == null ? null : metadata(meta);
            TomlReader.Table transform = table(root, "transform", "transform");
            TomlReader.Table investigation = table(rule, "investigation_fields", "rule.investigation_fields");
            Rule r = new Rule(
                    fileName,
                    requiredString(rule, ruleAt, "rule", "rule_id"),
                    requiredString(rule, ruleAt, "rule", "name"),
                    string(rule, "rule", "description"),
                    stringOrList(rule, "rule", "author"),
                    string(rule, "rule", "license"),
                    string(rule, "rule", "severity"),
                    integer(rule, "rule", "risk_score"),
                    requiredString(rule, ruleAt, "rule", "type"),
                    language,
                    query,
                    querySource,
                    stringOrList(rule, "rule", "index"),
                    stringOrList(rule, "rule", "tags"),
                    threats(rule),
                    stringOrList(rule, "rule", "references"),
                    stringOrList(rule, "rule", "false_positives"),
                    string(rule, "rule", "note"),
                    string(rule, "rule", "setup"),
                    string(rule, "rule", "from"),
                    string(rule, "rule", "interval"),
                    string(rule, "rule", "timestamp_override"),
                    string(rule, "rule", "event_category_override"),
                    string(rule, "rule", "building_block_type"),
                    integer(rule, "rule", "max_signals"),
                    investigation == null ? List.of()
                            : stringOrList(investigation, "rule.investigation_fields", "field_names"),
                    metadata,
                    transform == null ? Map.of() : plainTable(transform),
                    other);
            return new Result(diags.stream().anyMatch(Diagnostic::isError) ? null : r, diags);
        }

        private Rule.Metadata metadata(TomlReader.Table meta) {
            Map<String, Object> otherMeta = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : meta.values.entrySet()) {
                if (!KNOWN_METADATA_KEYS.contains(e.getKey())) otherMeta.put(e.getKey(), plain(e.getValue()));
            }
            return new Rule.Metadata(string(meta, "metadata", "creation_date"), string(meta, "metadata", "updated_date"),
                    string(meta, "metadata", "maturity"), stringOrList(meta, "metadata", "integration"),
                    string(meta, "metadata", "min_stack_version"), string(meta, "metadata", "min_stack_comments"), otherMeta);
        }

        /** {@code [[rule.threat]]} with its tactic and {@code [[...technique]]}, {@code [[...subtechnique]]}. */
        private List<Rule.Threat> threats(TomlReader.Table rule) {
            List<Rule.Threat> out = new ArrayList<>();
            for (TomlReader.Table t : tables(rule, "rule", "threat")) {
                TomlReader.Table tactic = table(t, "tactic", "rule.threat.tactic");
                List<Rule.Technique> techniques = new ArrayList<>();
                for (TomlReader.Table tech : tables(t, "rule.threat", "technique")) {
                    List<Rule.Reference> subs = new ArrayList<>();
                    for (TomlReader.Table sub : tables(tech, "rule.threat.technique", "subtechnique")) {
                        subs.add(reference(sub, "rule.threat.technique.subtechnique"));
                    }
                    Rule.Reference ref = reference(tech, "rule.threat.technique");
                    techniques.add(new Rule.Technique(ref.id(), ref.name(), ref.reference(), subs));
                }
                out.add(new Rule.Threat(string(t, "rule.threat", "framework"),
                        tactic == null ? null : reference(tactic, "rule.threat.tactic"), techniques));
            }
            return out;
        }

        private Rule.Reference reference(TomlReader.Table t, String path) {
            return new Rule.Reference(string(t, path, "id"), string(t, path, "name"), string(t, path, "reference"));
        }

        /**
         * Where the query's text starts in the file: after the value's opening delimiter, and for a
         * multi-line string after the newline that directly follows it (TOML drops that newline).
         * Positions inside the query assume a literal string ({@code '''}), which every corpus rule
         * uses: escapes in a basic string would shift columns.
         */
        private SourceText querySource(int valueOffset, String query) {
            int i = valueOffset;
            boolean multiline = text.startsWith("'''", i) || text.startsWith("\"\"\"", i);
            i += multiline ? 3 : 1;
            if (multiline) {
                if (text.startsWith("\r\n", i)) i += 2;
                else if (i < text.length() && text.charAt(i) == '\n') i += 1;
            }
            int[] lc = TomlReader.lineColumn(text, i);
            return new SourceText(fileName, query, lc[0], lc[1], text);
        }

        // ---- typed access, each mistake reported at its key -------------------------------------

        private Span at(TomlReader.Table table, String key) {
            return span(text, table.keyOffset(key));
        }

        private void error(TomlReader.Table table, String key, String message) {
            diags.add(Diagnostic.at(Severity.ERROR, file, at(table, key), "RULE", message));
        }

        private String requiredString(TomlReader.Table table, Span tableAt, String path, String key) {
            if (!table.values.containsKey(key)) {
                diags.add(Diagnostic.at(Severity.ERROR, file, tableAt, "RULE", "missing required key [" + path + "." + key + "]"));
                return null;
            }
            return string(table, path, key);
        }

        private String string(TomlReader.Table table, String path, String key) {
            Object v = table.values.get(key);
            if (v == null || v instanceof String) return (String) v;
            error(table, key, "[" + path + "." + key + "] must be a string");
            return null;
        }

        private Integer integer(TomlReader.Table table, String path, String key) {
            Object v = table.values.get(key);
            if (v == null) return null;
            if (v instanceof Long l && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) return l.intValue();
            error(table, key, "[" + path + "." + key + "] must be an integer");
            return null;
        }

        /** A list of strings; a lone string counts as a one-element list (seen in metadata.integration). */
        private List<String> stringOrList(TomlReader.Table table, String path, String key) {
            Object v = table.values.get(key);
            if (v == null) return List.of();
            if (v instanceof String s) return List.of(s);
            if (v instanceof List<?> list && !(v instanceof TomlReader.TableArray)) {
                List<String> out = new ArrayList<>(list.size());
                for (Object e : list) {
                    if (!(e instanceof String s)) {
                        error(table, key, "[" + path + "." + key + "] must hold strings");
                        return List.of();
                    }
                    out.add(s);
                }
                return List.copyOf(out);
            }
            error(table, key, "[" + path + "." + key + "] must be a string or a list of strings");
            return List.of();
        }

        private TomlReader.Table table(TomlReader.Table parent, String key, String path) {
            Object v = parent.values.get(key);
            if (v == null || v instanceof TomlReader.Table) return (TomlReader.Table) v;
            error(parent, key, "[" + path + "] must be a table");
            return null;
        }

        /** An array of tables ({@code [[x]]} or {@code x = [{...}]}); empty when absent. */
        private List<TomlReader.Table> tables(TomlReader.Table parent, String path, String key) {
            Object v = parent.values.get(key);
            if (v == null) return List.of();
            List<TomlReader.Table> out = new ArrayList<>();
            if (v instanceof List<?> list) {
                for (Object e : list) {
                    if (!(e instanceof TomlReader.Table t)) {
                        out = null;
                        break;
                    }
                    out.add(t);
                }
                if (out != null) return out;
            }
            error(parent, key, "[" + path + "." + key + "] must be an array of tables ([[" + path + "." + key + "]])");
            return List.of();
        }
    }

    /** TOML values as plain Java maps, lists and scalars. */
    private static Object plain(Object v) {
        if (v instanceof TomlReader.Table t) return plainTable(t);
        if (v instanceof List<?> a) {
            List<Object> l = new ArrayList<>(a.size());
            for (Object e : a) l.add(plain(e));
            return l;
        }
        return v;
    }

    private static Map<String, Object> plainTable(TomlReader.Table t) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : t.values.entrySet()) m.put(e.getKey(), plain(e.getValue()));
        return m;
    }
}
