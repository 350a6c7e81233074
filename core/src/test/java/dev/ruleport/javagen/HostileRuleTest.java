package dev.ruleport.javagen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ruleport.compile.CompiledRule;
import dev.ruleport.interpret.Interpreter;
import dev.ruleport.interpret.InterpreterOptions;
import dev.ruleport.runtime.Event;
import dev.ruleport.runtime.matcher.EventMatcher;
import dev.ruleport.runtime.matcher.RunOptions;
import dev.ruleport.runtime.matcher.StatefulMatcher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Rules whose strings hold what could break Java source: quotes, backslashes, newlines, comment
 * terminators, EQL {@code \\u{...}} escapes and literal {@code \\u0041} text (which javac would turn
 * into a character before lexing), JavaPoet's own {@code $} format characters and {@code ${}}. Each
 * still compiles and matches exactly the event holding the decoded value.
 */
class HostileRuleTest {
    /** A hostile query and an event (field → value) it must match. */
    record Hostile(String ruleName, String query, Map<String, Object> matching) {}

    static Map<String, Object> event(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    static final List<Hostile> RULES = List.of(
            new Hostile("Quotes \"and\" back\\slashes */ /* ${x} $S $L",
                    "any where process.name == \"quote\\\" back\\\\slash */ end /* x\"",
                    event("process.name", "quote\" back\\slash */ end /* x")),
            new Hostile("Unicode escapes \\u0041 and \\u{41}",
                    "any where process.name : \"*\\u{41}\\u{1F600}\\n\\t\\r*\"",
                    event("process.name", "xxa\uD83D\uDE00\n\t\rYY")),
            new Hostile("Raw text with \\u0041 and ${HOME}",
                    "any where process.name == \"\"\"C:\\u0041\\users\\${HOME} $S $L $N $T\"\"\"",
                    event("process.name", "C:\\u0041\\users\\${HOME} $S $L $N $T")),
            new Hostile("Hostile field name",
                    "any where `hostile*/field\\u0041$L`.x == \"v\"",
                    event("hostile*/field\\u0041$L", Map.of("x", "v"))),
            new Hostile("Hostile set",
                    "any where process.name in (\"a\\\"b\", \"c\\\\d\", \"e*/f\", \"g\\u{0A}h\", \"\"\"\\u0041\"\"\", \"i$j\", \"k${l}\")",
                    event("process.name", "\\u0041")),
            new Hostile("Hostile case-insensitive set",
                    "any where process.name in~ (\"A\\\"B\", \"C\\\\D\", \"E*/F\", \"\"\"\\U0041\"\"\", \"I$J\")",
                    event("process.name", "\\u0041")),
            new Hostile("Hostile wildcards",
                    "any where process.name : (\"A\\\\B*\", \"\"\"*\\u000a*\"\"\", \"x?y\", \"*$L*\", \"*\\\"*/*\")",
                    event("process.name", "ZZ\\u000Azz")),
            new Hostile("Hostile regex",
                    "any where process.name regex \"\"\"\\\\u0041.*\\*/\"\"\"",
                    event("process.name", "\\u0041zz*/")),
            new Hostile("Newline\nin the name",
                    "any where process.name : \"line1\\nline2\" and process.args == \"*/\"",
                    event("process.name", "LINE1\nline2", "process.args", List.of("x", "*/"))));

    @Test
    void hostileRulesCompileAndMatchTheDecodedValues() {
        MatcherGenerator generator = new MatcherGenerator(JavaGenOptions.defaults());
        List<CompiledRule> rules = new ArrayList<>();
        for (Hostile h : RULES) rules.add(Rules.inline(h.ruleName(), h.query()));
        List<MatcherGenerator.Result> results = generator.generateAll(rules);
        List<com.palantir.javapoet.JavaFile> files = new ArrayList<>();
        for (MatcherGenerator.Result r : results) {
            assertTrue(r.ok(), r.diagnostics()::toString);
            String source = r.matcher().get().source();
            assertEquals(List.of(), unicodeEscapes(source), "javac would pre-process these in " + r.matcher().get().className());
            files.add(r.matcher().get().javaFile());
        }
        InMemoryCompiler.Compilation c = InMemoryCompiler.compileFiles(files);
        assertTrue(c.success(), c.errors()::toString);
        assertEquals(List.of(), c.warnings());
        for (int i = 0; i < RULES.size(); i++) {
            Hostile h = RULES.get(i);
            GeneratedMatcher m = results.get(i).matcher().get();
            EventMatcher matcher = (EventMatcher) Differential.instantiate(c.load(m.qualifiedName()), RunOptions.defaults());
            Interpreter interpreter = Interpreter.compile(rules.get(i).query(), InterpreterOptions.defaults());
            Event hit = Event.of(h.matching());
            assertTrue(interpreter.matches(hit), "interpreter matches " + h.matching());
            assertTrue(matcher.matches(hit), m.className() + " matches " + h.matching());
            Event miss = Event.of(Map.of("process.name", "unrelated"));
            assertFalse(matcher.matches(miss), m.className() + " does not match an unrelated event");
            // metadata survives as written
            assertEquals(h.ruleName(), matcher.info().name());
            assertEquals(h.query() + "\n", matcher.info().query());
            // and the differential on derived events agrees
            List<Event> events = MutationEvents.forQuery(rules.get(i).query(), "event.category", i, 200);
            events.add(hit);
            String diff = Differential.compare(new Differential.Case(h.ruleName(), rules.get(i), InterpreterOptions.defaults(),
                    JavaGenOptions.defaults(), RunOptions.defaults(), events), interpreter, matcher);
            assertEquals(null, diff);
        }
    }

    @Test
    void hostileSequenceCompilesAndRuns() {
        CompiledRule rule = Rules.inline("Seq \"*/\" \\u0041",
                "sequence by `k\\u0041*/` with maxspan=1m [any where a == \"\\\"*/\\u{41}\"] [any where b : \"\"\"\\u0041*\"\"\"]");
        MatcherGenerator.Result r = new MatcherGenerator(JavaGenOptions.defaults()).generate(rule);
        assertTrue(r.ok(), r.diagnostics()::toString);
        assertEquals(List.of(), unicodeEscapes(r.matcher().get().source()));
        InMemoryCompiler.Compilation c = InMemoryCompiler.compileFiles(List.of(r.matcher().get().javaFile()));
        assertTrue(c.success(), c.errors()::toString);
        StatefulMatcher m = (StatefulMatcher) Differential.instantiate(c.load(r.matcher().get().qualifiedName()), RunOptions.defaults());
        Event first = Event.of(event("@timestamp", 1000, "k\\u0041*/", "key", "a", "\"*/A"));
        Event second = Event.of(event("@timestamp", 2000, "k\\u0041*/", "key", "b", "\\U0041-rest"));
        m.accept(first);
        m.accept(second);
        m.finish();
        assertEquals(List.of(List.of(first, second)), m.drain());
    }

    /** Every {@code \\u} that javac would read as a unicode escape (preceded by an even number of backslashes). */
    static List<String> unicodeEscapes(String source) {
        List<String> out = new ArrayList<>();
        for (int i = source.indexOf("\\u"); i >= 0; i = source.indexOf("\\u", i + 1)) {
            int backslashes = 0;
            for (int j = i; j >= 0 && source.charAt(j) == '\\'; j--) backslashes++;
            if (backslashes % 2 == 1) out.add(source.substring(i, Math.min(source.length(), i + 10)));
        }
        return out;
    }
}
