package dev.ruleport.javagen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.palantir.javapoet.JavaFile;
import dev.ruleport.compile.CompiledRule;
import dev.ruleport.interpret.Interpreter;
import dev.ruleport.interpret.InterpreterOptions;
import dev.ruleport.runtime.Event;
import dev.ruleport.runtime.EventFields;
import dev.ruleport.runtime.matcher.EventMatcher;
import dev.ruleport.runtime.matcher.EventRuleSet;
import dev.ruleport.runtime.matcher.RunOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Values that Java source cannot hold as JavaPoet writes them (issue #19 item 13): the line and
 * paragraph separators U+2028/U+2029, which JavaPoet turned into line breaks inside string literals,
 * and strings longer than one class-file constant. Every rule class and the rule set compile in
 * memory and decide exactly as the interpreter does, on the exact values and on near misses.
 */
class SourceLimitsTest {
    static final String LS = "\u2028";
    static final String PS = "\u2029";
    /** Longer than a class-file constant (65,535 bytes of modified UTF-8), with a separator inside. */
    static final String LONG = "x".repeat(70_000) + LS + "y".repeat(30_000);

    record Case(String name, String query, Map<String, Object> hit, Map<String, Object> miss) {}

    static Map<String, Object> event(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    static final List<Case> CASES = List.of(
            new Case("Name" + LS + "with" + PS + "separators", "process where process.name == \"a" + LS + "b\"",
                    event("event.category", "process", "process.name", "a" + LS + "b"),
                    event("event.category", "process", "process.name", "a\nb")),
            new Case("Escaped separators", "process where process.name == \"a\\u{2028}b\\u{2029}c\"",
                    event("event.category", "process", "process.name", "a" + LS + "b" + PS + "c"),
                    event("event.category", "process", "process.name", "a b c")),
            new Case("Wildcards", "process where process.name : (\"*" + LS + "x*\", \"" + PS + "?\") and process.args like~ \"A" + LS + "*\"",
                    event("event.category", "process", "process.name", "q" + LS + "XYZ", "process.args", "a" + LS + "rest"),
                    event("event.category", "process", "process.name", "q" + LS + "XYZ", "process.args", "a\u0085rest")),
            new Case("Functions", "process where startsWith(process.name, \"" + LS + "\") and endsWith(process.name, \"" + PS
                    + "\") and stringContains(process.name, \"m" + LS + "\")",
                    event("event.category", "process", "process.name", LS + "m" + LS + PS),
                    event("event.category", "process", "process.name", LS + "m" + PS)),
            new Case("Regex", "process where process.name regex~ \"A" + LS + "[" + PS + "b]+\"",
                    event("event.category", "process", "process.name", "a" + LS + PS + "B"),
                    event("event.category", "process", "process.name", "a" + LS + "c")),
            new Case("Sets", "process where process.name in (\"1" + LS + "\", \"2" + LS + "\", \"3" + PS + "\", \"4\", \"5\", \"6\")"
                    + " and process.args in~ (\"X" + LS + "\", \"y\")",
                    event("event.category", "process", "process.name", "3" + PS, "process.args", "x" + LS),
                    event("event.category", "process", "process.name", "3", "process.args", "x" + LS)),
            new Case("Field", "process where `odd" + LS + "field`.x == \"v\"",
                    event("event.category", "process", "odd" + LS + "field", Map.of("x", "v")),
                    event("event.category", "process", "odd field", Map.of("x", "v"))),
            new Case("Category", "\"cat" + LS + "egory\" where a == 1",
                    event("event.category", "cat" + LS + "egory", "a", 1),
                    event("event.category", "cat egory", "a", 1)),
            new Case("Long value", "process where process.name == \"" + LONG + "\"",
                    event("event.category", "process", "process.name", LONG),
                    event("event.category", "process", "process.name", LONG.replace(LS, PS))),
            new Case("Long regex", "process where process.name regex \"" + LONG + "\"",
                    event("event.category", "process", "process.name", LONG),
                    event("event.category", "process", "process.name", LONG + "z")),
            new Case("Long category", "\"" + LONG + "\" where a == 1",
                    event("event.category", LONG, "a", 1),
                    event("event.category", "process", "a", 1)));

    @Test
    void separatorsAndLongStringsCompileAndMatchExactly() throws ReflectiveOperationException {
        MatcherGenerator generator = new MatcherGenerator(JavaGenOptions.defaults());
        List<CompiledRule> rules = new ArrayList<>();
        for (Case c : CASES) rules.add(Rules.inline(c.name(), c.query()));
        List<MatcherGenerator.Result> results = generator.generateAll(rules);
        List<JavaFile> files = new ArrayList<>();
        for (MatcherGenerator.Result r : results) {
            assertTrue(r.ok(), r.diagnostics()::toString);
            String source = r.matcher().get().source();
            assertFalse(source.contains(LS) || source.contains(PS), "a raw separator in " + r.matcher().get().className());
            assertEquals(List.of(), HostileRuleTest.unicodeEscapes(source), "javac would pre-process these");
            files.add(r.matcher().get().javaFile());
        }
        JavaFile set = generator.ruleSet(results, "SeparatorRules").orElseThrow();
        files.add(set);
        InMemoryCompiler.Compilation compiled = InMemoryCompiler.compileFiles(files);
        assertTrue(compiled.success(), compiled.errors()::toString);
        assertEquals(List.of(), compiled.warnings());

        EventRuleSet ruleSet = (EventRuleSet) compiled.load(set.packageName() + "." + set.typeSpec().name())
                .getConstructor().newInstance();
        assertEquals(CASES.size(), ruleSet.rules().size());
        for (int i = 0; i < CASES.size(); i++) {
            Case c = CASES.get(i);
            GeneratedMatcher m = results.get(i).matcher().get();
            EventMatcher matcher = (EventMatcher) Differential.instantiate(compiled.load(m.qualifiedName()), RunOptions.defaults());
            assertEquals(c.name(), matcher.info().name());
            assertEquals(c.query() + "\n", matcher.info().query());
            Interpreter interpreter = Interpreter.compile(rules.get(i).query(), InterpreterOptions.defaults());
            Event hit = Event.of(c.hit());
            Event miss = Event.of(c.miss());
            assertTrue(interpreter.matches(hit), c.name());
            assertFalse(interpreter.matches(miss), c.name());
            assertTrue(matcher.matches(hit), c.name());
            assertFalse(matcher.matches(miss), c.name());
            int index = ruleSet.rules().indexOf(matcher.info());
            assertTrue(matchedBySet(ruleSet, hit).contains(index), c.name());
            assertFalse(matchedBySet(ruleSet, miss).contains(index), c.name());
        }
    }

    /** At the nesting limit (dev.ruleport.parse.QueryParser.MAX_NESTING) the writer and javac both cope. */
    @Test
    void expressionsAtTheNestingLimitCompileAndAgree() {
        List<String> queries = List.of(
                "process where " + "not ".repeat(99) + "a == 1",
                "process where a == " + "(".repeat(98) + "1" + ")".repeat(98),
                "process where a == " + "1 + ".repeat(99) + "1",
                "process where a == " + "- ".repeat(99) + "1",
                "process where " + "b == 1 and (c == 2 or (".repeat(24) + "a == 1" + "))".repeat(24),
                "process where length(" + "concat(".repeat(97) + "b" + ")".repeat(97) + ") == 1");
        List<Event> events = List.of(Event.of(event("event.category", "process", "a", 1, "b", "x", "c", 2)),
                Event.of(event("event.category", "process", "a", 100, "b", 1, "c", 2)),
                Event.of(event("event.category", "process", "a", -1)));
        for (String query : queries) {
            CompiledRule rule = Rules.inline("Deep " + queries.indexOf(query), query);
            EventMatcher matcher = Differential.compileEventMatcher(rule);
            Interpreter interpreter = Interpreter.compile(rule.query(), InterpreterOptions.defaults());
            for (Event e : events) assertEquals(interpreter.matches(e), matcher.matches(e), query.substring(0, 40) + " on " + e);
        }
    }

    private static List<Integer> matchedBySet(EventRuleSet set, Event e) {
        List<Integer> out = new ArrayList<>();
        set.match(new EventFields(e), out::add);
        return out;
    }

    @Test
    void javaStringsKeepsJavaPoetsFormWhereItIsRight() {
        assertEquals("\"plain \\\"quoted\\\" \\\\ \\n\"", JavaStrings.of("plain \"quoted\" \\ \n").toString());
        assertEquals("(\"a\" + (char) 0x2028 + \"b\" + (char) 0x2029 + \"\")", JavaStrings.of("a" + LS + "b" + PS).toString());
        assertEquals("null", JavaStrings.of(null).toString());
        assertTrue(JavaStrings.isConstant("x".repeat(65_534)));
        assertFalse(JavaStrings.isConstant("x".repeat(65_535)));
        assertFalse(JavaStrings.isConstant("\u00e9".repeat(32_768))); // two bytes each
    }
}
