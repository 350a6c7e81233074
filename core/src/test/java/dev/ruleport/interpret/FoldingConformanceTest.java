package dev.ruleport.interpret;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ruleport.diag.SourceText;
import dev.ruleport.ir.Expr;
import dev.ruleport.parse.QueryParser;
import dev.ruleport.runtime.Event;
import dev.ruleport.testsupport.Shared;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

/**
 * The Python eql suite's expression files ({@code test_string_functions.toml}, {@code test_folding.toml}):
 * each {@code fold.tests} expression is parsed and evaluated on an empty event and must give its
 * {@code expected} value (absent = null); each {@code verifier.failures} expression must be refused.
 * Cases that differ, because the Python engine is case-insensitive or knows functions Elasticsearch
 * does not, are listed in {@code conformance/unsupported-folding.txt} with the reason.
 */
class FoldingConformanceTest {
    private static final Map<String, String> SAMPLE_VALUES = Map.of(
            "bool", "true", "int", "1", "string", "\"abc\"", "float", "1.5", "null", "null");

    record Unit(String id, String expression, boolean mustFail, Object expected) {}

    @Test
    void expressionFilesFoldAsExpected() throws IOException {
        Path dir = Shared.require("conformance/endgameinc-eql");
        List<Unit> units = new ArrayList<>();
        units.addAll(units(dir.resolve("test_string_functions.toml"), "functions"));
        units.addAll(units(dir.resolve("test_folding.toml"), "folding"));
        Map<String, String> unsupported = list();
        List<String> failures = new ArrayList<>();
        List<String> nowPassing = new ArrayList<>();
        int passed = 0;
        for (Unit u : units) {
            String problem = check(u);
            if (problem == null) passed++;
            boolean listed = unsupported.containsKey(u.id());
            if (problem != null && !listed) failures.add(u.id() + " `" + u.expression() + "`: " + problem);
            if (problem == null && listed) nowPassing.add(u.id());
        }
        System.out.printf("folding conformance: %d / %d passed, %d listed as legacy-only%n", passed, units.size(), unsupported.size());
        assertEquals(List.of(), failures);
        assertEquals(List.of(), nowPassing, "listed cases that now pass: remove them from unsupported-folding.txt");
        assertTrue(units.size() > 150, "units read: " + units.size());
    }

    static String check(Unit u) {
        QueryParser.Result<Expr> parsed = QueryParser.parseExpression(SourceText.of(u.id(), u.expression()));
        if (u.mustFail()) {
            if (!parsed.ok()) return null;
            try {
                Object v = evaluate(parsed.value());
                return "accepted (value " + v + ") although the suite expects a verifier failure";
            } catch (RuntimeException e) {
                return null;
            }
        }
        if (!parsed.ok()) return "refused: " + parsed.diagnostics();
        Object actual;
        try {
            actual = evaluate(parsed.value());
        } catch (RuntimeException e) {
            return "fails: " + e;
        }
        return same(u.expected(), actual) ? null : "expected " + u.expected() + " but got " + actual;
    }

    static Object evaluate(Expr e) {
        List<ExprCompiler.Problem> problems = new ArrayList<>();
        ExprCompiler.ValuesFn fn = new ExprCompiler(FieldTypes.NONE, problems).values(e);
        if (!problems.isEmpty()) throw new IllegalArgumentException(problems.toString());
        List<Object> values = fn.of(Event.of(Map.of()));
        return values.size() == 1 ? values.get(0) : values;
    }

    static boolean same(Object expected, Object actual) {
        if (expected == null || actual == null) return expected == actual;
        if (expected instanceof Number a && actual instanceof Number b) {
            if (a instanceof Double || b instanceof Double) return Math.abs(a.doubleValue() - b.doubleValue()) < 1e-9;
            return a.longValue() == b.longValue();
        }
        return expected.equals(actual);
    }

    static List<Unit> units(Path file, String prefix) throws IOException {
        TomlParseResult r = Toml.parse(file);
        if (r.hasErrors()) throw new IOException(file + ": " + r.errors());
        List<Unit> out = new ArrayList<>();
        for (String section : r.keySet()) {
            TomlTable t = r.getTable(List.of(section));
            if (t == null) continue;
            String base = prefix + "/" + section;
            collect(t.getTable("fold"), t.getTable("verifier"), base, Map.of(), out);
            TomlArray loops = t.getArray("loop");
            if (loops == null) continue;
            for (int i = 0; i < loops.size(); i++) {
                TomlTable loop = loops.getTable(i);
                TomlTable param = loop.getTable("param");
                String name = param.getString("name");
                TomlArray types = param.getArray("type");
                for (int k = 0; k < types.size(); k++) {
                    String type = types.getString(k);
                    collect(loop.getTable("fold"), loop.getTable("verifier"), base + "/loop" + (i + 1) + "[" + type + "]",
                            Map.of("$" + name, SAMPLE_VALUES.get(type)), out);
                }
            }
        }
        return out;
    }

    private static void collect(TomlTable fold, TomlTable verifier, String base, Map<String, String> params, List<Unit> out) {
        if (fold != null && fold.getArray("tests") != null) {
            TomlArray tests = fold.getArray("tests");
            for (int i = 0; i < tests.size(); i++) {
                TomlTable t = tests.getTable(i);
                Object expected = t.get("expected");
                if (expected instanceof Long l && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) expected = l.intValue();
                out.add(new Unit(base + "/fold" + (i + 1), substitute(t.getString("expression"), params), false, expected));
            }
        }
        if (verifier != null && verifier.getArray("failures") != null) {
            TomlArray failures = verifier.getArray("failures");
            for (int i = 0; i < failures.size(); i++) {
                out.add(new Unit(base + "/failure" + (i + 1), substitute(failures.getTable(i).getString("expression"), params), true, null));
            }
        }
    }

    /**
     * The suite writes most strings in single quotes, which Elasticsearch EQL rejects; they are
     * rewritten as double-quoted strings (when they hold no quote or backslash) so that the cases test
     * function semantics rather than the legacy string syntax.
     */
    private static String substitute(String expression, Map<String, String> params) {
        String s = expression.replaceAll("'([^'\"\\\\]*)'", "\"$1\"");
        for (Map.Entry<String, String> p : params.entrySet()) s = s.replace(p.getKey(), p.getValue());
        return s;
    }

    static Map<String, String> list() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        try (var in = FoldingConformanceTest.class.getResourceAsStream("/conformance/unsupported-folding.txt")) {
            if (in == null) return out;
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) continue;
                int bar = line.indexOf(" | ");
                out.put((bar < 0 ? line : line.substring(0, bar)).trim(), bar < 0 ? "" : line.substring(bar + 3).trim());
            }
        }
        return out;
    }
}
