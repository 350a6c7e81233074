package dev.ruleport.loader;

import dev.ruleport.diag.Diagnostic;
import dev.ruleport.diag.Severity;
import dev.ruleport.diag.SourceText;
import dev.ruleport.diag.Span;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/**
 * The rule loader as it was before {@link RuleLoader} read TOML itself: tomlj, kept verbatim (class
 * name aside) as the reference that {@link RuleLoaderEquivalenceTest} compares the new loader with.
 */
final class TomljRuleLoader {
    private static final Set<String> KNOWN_RULE_KEYS = Set.of("rule_id", "name", "description", "author", "license",
            "severity", "risk_score", "type", "language", "query", "index", "tags", "threat", "references",
            "false_positives", "note", "setup", "from", "interval", "timestamp_override", "event_category_override",
            "building_block_type", "max_signals", "investigation_fields");
    private static final Set<String> KNOWN_METADATA_KEYS = Set.of("creation_date", "updated_date", "maturity",
            "integration", "min_stack_version", "min_stack_comments");

    record Result(Rule rule, List<Diagnostic> diagnostics) {
        public boolean ok() { return rule != null && diagnostics.stream().noneMatch(Diagnostic::isError); }
    }

    private TomljRuleLoader() {}

    public static Result load(Path path) {
        String name = path.toString();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            return new Result(null, List.of(new Diagnostic(Severity.ERROR, name, 0, 0, "IO",
                    "cannot read file: " + e.getMessage(), null)));
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return new Result(null, List.of(new Diagnostic(Severity.ERROR, name, 0, 0, "TOML",
                    "file is not valid UTF-8", null)));
        }
        return parse(name, text);
    }

    public static Result parse(String fileName, String text) {
        SourceText file = SourceText.of(fileName, text);
        List<Diagnostic> diags = new ArrayList<>();
        TomlParseResult toml = Toml.parse(text);
        if (toml.hasErrors()) {
            for (TomlParseError e : toml.errors()) {
                TomlPosition p = e.position();
                String msg = e.getMessage() == null ? "invalid TOML" : e.getMessage();
                diags.add(Diagnostic.at(Severity.ERROR, file, Span.of(p.line(), p.column(), 0, 0), "TOML",
                        "invalid TOML: " + msg));
            }
            return new Result(null, diags);
        }
        Fields f = new Fields(file, toml, diags);
        TomlTable rule = toml.getTable("rule");
        if (rule == null) {
            diags.add(Diagnostic.at(Severity.ERROR, file, Span.of(1, 1, 0, 0), "RULE", "missing [rule] table"));
            return new Result(null, diags);
        }
        String query = f.requiredString("rule.query");
        String language = f.requiredString("rule.language");
        SourceText querySource = query == null ? null : querySource(fileName, text, toml, query);

        Map<String, Object> other = new LinkedHashMap<>();
        for (String k : rule.keySet()) {
            if (!KNOWN_RULE_KEYS.contains(k)) other.put(k, plain(rule.get(List.of(k))));
        }
        Rule.Metadata metadata = null;
        TomlTable meta = toml.getTable("metadata");
        if (meta != null) {
            Map<String, Object> otherMeta = new LinkedHashMap<>();
            for (String k : meta.keySet()) {
                if (!KNOWN_METADATA_KEYS.contains(k)) otherMeta.put(k, plain(meta.get(List.of(k))));
            }
            metadata = new Rule.Metadata(f.string("metadata.creation_date"), f.string("metadata.updated_date"),
                    f.string("metadata.maturity"), f.stringOrList("metadata.integration"),
                    f.string("metadata.min_stack_version"), f.string("metadata.min_stack_comments"), otherMeta);
        }
        TomlTable transform = toml.getTable("transform");
        Rule r = new Rule(
                fileName,
                f.requiredString("rule.rule_id"),
                f.requiredString("rule.name"),
                f.string("rule.description"),
                f.stringOrList("rule.author"),
                f.string("rule.license"),
                f.string("rule.severity"),
                f.integer("rule.risk_score"),
                f.requiredString("rule.type"),
                language,
                query,
                querySource,
                f.stringOrList("rule.index"),
                f.stringOrList("rule.tags"),
                threats(f, rule),
                f.stringOrList("rule.references"),
                f.stringOrList("rule.false_positives"),
                f.string("rule.note"),
                f.string("rule.setup"),
                f.string("rule.from"),
                f.string("rule.interval"),
                f.string("rule.timestamp_override"),
                f.string("rule.event_category_override"),
                f.string("rule.building_block_type"),
                f.integer("rule.max_signals"),
                f.stringOrList("rule.investigation_fields.field_names"),
                metadata,
                transform == null ? Map.of() : castMap(plain(transform)),
                other);
        return new Result(diags.stream().anyMatch(Diagnostic::isError) ? null : r, diags);
    }

    private static List<Rule.Threat> threats(Fields f, TomlTable rule) {
        TomlArray arr = rule.getArray("threat");
        List<Rule.Threat> out = new ArrayList<>();
        if (arr == null) return out;
        for (int i = 0; i < arr.size(); i++) {
            if (!arr.isTable(i)) continue;
            TomlTable t = arr.getTable(i);
            TomlTable tactic = t.getTable("tactic");
            List<Rule.Technique> techniques = new ArrayList<>();
            TomlArray techs = t.getArray("technique");
            if (techs != null) {
                for (int j = 0; j < techs.size(); j++) {
                    if (!techs.isTable(j)) continue;
                    TomlTable tech = techs.getTable(j);
                    List<Rule.Reference> subs = new ArrayList<>();
                    TomlArray subArr = tech.getArray("subtechnique");
                    if (subArr != null) {
                        for (int k = 0; k < subArr.size(); k++) {
                            if (subArr.isTable(k)) subs.add(reference(subArr.getTable(k)));
                        }
                    }
                    Rule.Reference ref = reference(tech);
                    techniques.add(new Rule.Technique(ref.id(), ref.name(), ref.reference(), subs));
                }
            }
            out.add(new Rule.Threat(t.getString("framework"), tactic == null ? null : reference(tactic), techniques));
        }
        return out;
    }

    private static Rule.Reference reference(TomlTable t) {
        return new Rule.Reference(str(t.get("id")), str(t.get("name")), str(t.get("reference")));
    }

    private static String str(Object o) { return o == null ? null : o.toString(); }

    /**
     * Where the query's text starts in the file. tomlj gives the position of the key; the value
     * follows the {@code =} and its opening quote, and a multi-line string drops a newline right
     * after the opening delimiter, as TOML specifies. Positions inside the query assume a literal
     * string ({@code '''}), which every corpus rule uses: escapes in a basic string would shift columns.
     */
    static SourceText querySource(String fileName, String text, TomlParseResult toml, String query) {
        TomlPosition key = toml.inputPositionOf("rule.query");
        int line = key == null ? 1 : key.line();
        int offset = offsetOf(text, line, key == null ? 1 : key.column());
        int eq = text.indexOf('=', offset);
        if (eq < 0) return new SourceText(fileName, query, line, 1, text);
        int i = eq + 1;
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) i++;
        int delimiter = text.startsWith("'''", i) || text.startsWith("\"\"\"", i) ? 3 : 1;
        boolean multiline = delimiter == 3;
        i += delimiter;
        if (multiline) {
            if (text.startsWith("\r\n", i)) i += 2;
            else if (i < text.length() && text.charAt(i) == '\n') i += 1;
        }
        int startLine = 1;
        int lineStart = 0;
        for (int k = 0; k < i && k < text.length(); k++) {
            if (text.charAt(k) == '\n') {
                startLine++;
                lineStart = k + 1;
            }
        }
        return new SourceText(fileName, query, startLine, i - lineStart + 1, text);
    }

    private static int offsetOf(String text, int line, int column) {
        int l = 1;
        int i = 0;
        while (l < line && i < text.length()) {
            if (text.charAt(i) == '\n') l++;
            i++;
        }
        return Math.min(text.length(), i + column - 1);
    }

    /** TOML values as plain Java maps, lists and scalars. */
    static Object plain(Object v) {
        if (v instanceof TomlTable t) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (String k : t.keySet()) m.put(k, plain(t.get(List.of(k))));
            return m;
        }
        if (v instanceof TomlArray a) {
            List<Object> l = new ArrayList<>();
            for (int i = 0; i < a.size(); i++) l.add(plain(a.get(i)));
            return l;
        }
        return v;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object o) { return (Map<String, Object>) o; }

    /** Typed access to dotted keys, reporting type mismatches at the key's position. */
    private static final class Fields {
        private final SourceText file;
        private final TomlParseResult toml;
        private final List<Diagnostic> diags;

        Fields(SourceText file, TomlParseResult toml, List<Diagnostic> diags) {
            this.file = file;
            this.toml = toml;
            this.diags = diags;
        }

        private Span at(String key) {
            TomlPosition p = toml.inputPositionOf(key);
            return p == null ? Span.of(1, 1, 0, 0) : Span.of(p.line(), p.column(), 0, 0);
        }

        String requiredString(String key) {
            Object v = toml.get(key);
            if (v == null) {
                diags.add(Diagnostic.at(Severity.ERROR, file, Span.of(1, 1, 0, 0), "RULE", "missing required key [" + key + "]"));
                return null;
            }
            return string(key);
        }

        String string(String key) {
            Object v = toml.get(key);
            if (v == null) return null;
            if (v instanceof String s) return s;
            if (v instanceof TomlArray || v instanceof TomlTable) {
                diags.add(Diagnostic.at(Severity.ERROR, file, at(key), "RULE", "[" + key + "] must be a string"));
                return null;
            }
            return v.toString();
        }

        Integer integer(String key) {
            Object v = toml.get(key);
            if (v == null) return null;
            if (v instanceof Long l && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) return l.intValue();
            diags.add(Diagnostic.at(Severity.ERROR, file, at(key), "RULE", "[" + key + "] must be an integer"));
            return null;
        }

        /** A list of strings; a lone string counts as a one-element list (seen in metadata.integration). */
        List<String> stringOrList(String key) {
            Object v = toml.get(key);
            if (v == null) return List.of();
            if (v instanceof String s) return List.of(s);
            if (v instanceof TomlArray a) {
                List<String> out = new ArrayList<>();
                for (int i = 0; i < a.size(); i++) {
                    Object e = a.get(i);
                    if (e instanceof String s) out.add(s);
                    else {
                        diags.add(Diagnostic.at(Severity.ERROR, file, at(key), "RULE", "[" + key + "] must hold strings"));
                        return List.of();
                    }
                }
                return List.copyOf(out);
            }
            diags.add(Diagnostic.at(Severity.ERROR, file, at(key), "RULE", "[" + key + "] must be a string or a list of strings"));
            return List.of();
        }
    }
}
