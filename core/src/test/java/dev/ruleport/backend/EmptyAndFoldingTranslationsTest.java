package dev.ruleport.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ruleport.Ruleport;
import dev.ruleport.compile.CompiledRule;
import dev.ruleport.interpret.Interpreter;
import dev.ruleport.interpret.InterpreterOptions;
import dev.ruleport.runtime.Event;
import dev.ruleport.testsupport.TestRules;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 19 items 3 to 6: the empty string, YAML line breaks and Unicode case folding, each translation exact or
 * refused. The Elasticsearch verdicts are the interpreter's (conformance-tested against Elasticsearch's own).
 */
class EmptyAndFoldingTranslationsTest {
    private static final Map<String, Object> EMPTY_NAME = Map.of("event", Map.of("category", "process"), "process", Map.of("name", ""));
    private static final Map<String, Object> NO_NAME = Map.of("event", Map.of("category", "process"));
    private static final Map<String, Object> NAMED = Map.of("event", Map.of("category", "process"), "process", Map.of("name", "cmd.exe"));

    private static Translation translate(String target, String profile, CompiledRule r) {
        return Ruleport.builder().profile(target, profile).build().translate(r, target);
    }

    private static boolean matches(CompiledRule r, Map<String, Object> event) {
        Interpreter i = Interpreter.compile(r.query(), r.rule().querySource(), InterpreterOptions.defaults());
        return !i.run(List.of(Event.of(event))).isEmpty();
    }

    /**
     * A rule over several log sources whose every branch can never match there (each tests a field its source never
     * records) is refused as such by every writer, not failed: the lowering leaves no branch to write.
     */
    @Test
    void aUnionWithNoBranchLeftIsRefusedNotFailed() {
        CompiledRule r = TestRules.rule("any where host.os.type == \"linux\" and event.category in (\"file\", \"process\")"
                + " and container.id like \"?*\" and ((event.category == \"file\" and event.type == \"deletion\" and"
                + " file.name == \".bash_history\") or (event.category == \"process\" and event.type == \"start\" and"
                + " process.name == \"history\"))");
        Translation t = translate("sigma", "sigma-linux", r);
        assertEquals(Translation.Status.REFUSED, t.status(), t.text());
        assertTrue(t.diagnostics().stream().anyMatch(d -> d.code().equals("never-matches")), t.diagnostics().toString());
        assertFalse(t.diagnostics().stream().anyMatch(d -> d.code().equals("internal")), t.diagnostics().toString());
    }

    /** Item 3: stringContains(x, "") is false in Elasticsearch, so no backend writes a test that holds on any value. */
    @Test
    void containsTheEmptyStringIsNeverTrue() {
        CompiledRule r = TestRules.rule("process where stringContains(process.name, \"\")");
        assertFalse(matches(r, NAMED));
        assertFalse(matches(r, EMPTY_NAME));
        for (String[] job : new String[][] {{"sigma", "ecs"}, {"kql", "kql-ecs"}, {"spl", "splunk-ecs"}}) {
            Translation t = translate(job[0], job[1], r);
            assertEquals(Translation.Status.REFUSED, t.status(), job[0] + "\n" + t.text());
            assertTrue(t.diagnostics().stream().anyMatch(d -> d.code().equals("never-matches")), t.diagnostics().toString());
        }
    }

    /**
     * Item 5: a test that holds for "" cannot be written in KQL, where a missing string is "": `: "*"`, startsWith
     * "" and regex "" all match an empty value in Elasticsearch and none a missing one.
     */
    @Test
    void kqlRefusesTestsThatHoldForTheEmptyString() {
        for (String q : List.of("process.name : \"*\"", "startsWith(process.name, \"\")", "process.name regex \"\"",
                "process.name like \"*\"")) {
            CompiledRule r = TestRules.rule("process where " + q);
            assertTrue(matches(r, EMPTY_NAME), q);
            assertFalse(matches(r, NO_NAME), q);
            Translation t = translate("kql", "kql-ecs", r);
            assertEquals(Translation.Status.REFUSED, t.status(), q + "\n" + t.text());
            assertTrue(t.diagnostics().stream().anyMatch(d -> d.code().equals("empty-string")), t.diagnostics().toString());
        }
        // a test false on "" keeps its exact translation
        Translation t = translate("kql", "kql-ecs", TestRules.rule("process where process.name : \"c*\""));
        assertEquals(Translation.Status.EXACT, t.status(), t.text());
    }

    /** Item 4: NEL, U+2028 and U+2029 are line breaks to a YAML reader: written escaped, they load back as written. */
    @Test
    void sigmaValuesWithYamlLineBreaksLoadBackAsWritten() {
        for (String ch : List.of("\\u{85}", "\\u{2028}", "\\u{2029}")) {
            CompiledRule r = TestRules.rule("process where process.name == \"a" + ch + "b\"");
            Translation t = translate("sigma", "ecs", r);
            assertEquals(Translation.Status.EXACT, t.status(), t.text());
            Object loaded = new org.yaml.snakeyaml.Yaml(new org.yaml.snakeyaml.constructor.SafeConstructor(
                    new org.yaml.snakeyaml.LoaderOptions())).load(t.text());
            String expected = "a" + new String(Character.toChars(Integer.parseInt(ch.substring(3, ch.length() - 1), 16))) + "b";
            assertTrue(String.valueOf(loaded).contains("=" + expected + "}"), ch + " -> " + loaded);
            assertFalse(String.valueOf(loaded).contains("a b"), String.valueOf(loaded));
        }
    }

    /**
     * Item 6: RE2's (?i) folds k to the Kelvin sign U+212A and s to the long s U+017F; EQL folds ASCII only. A
     * case-insensitive wildcard or regex with k, s or a class is written with explicit classes, without the flag.
     */
    @Test
    void kqlNeverFoldsTheKelvinSignOrTheLongS() {
        CompiledRule kelvin = TestRules.rule("process where process.name regex~ \"k.*\"");
        assertFalse(matches(kelvin, Map.of("event", Map.of("category", "process"), "process", Map.of("name", "\u212Aelvin"))));
        assertTrue(matches(kelvin, Map.of("event", Map.of("category", "process"), "process", Map.of("name", "Kelvin"))));
        Translation t = translate("kql", "kql-ecs", kelvin);
        assertEquals(Translation.Status.EXACT, t.status(), t.text());
        assertTrue(t.text().contains("matches regex @\"(?s)^(?:[kK].*)$\""), t.text());
        // Lucene folds the literal letters of a regex~, not its ranges: [a-c] stays lower case
        CompiledRule range = TestRules.rule("process where process.name regex~ \"[a-c]md\"");
        assertTrue(matches(range, Map.of("event", Map.of("category", "process"), "process", Map.of("name", "aMD"))));
        assertFalse(matches(range, Map.of("event", Map.of("category", "process"), "process", Map.of("name", "Amd"))));
        Translation cls = translate("kql", "kql-ecs", range);
        assertTrue(cls.text().contains("(?s)^(?:[a-c][mM][dD])$"), cls.text());
        Translation wild = translate("kql", "kql-ecs", TestRules.rule("process where process.name : \"?s*k\""));
        assertEquals(Translation.Status.EXACT, wild.status(), wild.text());
        assertTrue(wild.text().contains("matches regex @\"(?s)^.[sS].*[kK]$\""), wild.text());
        assertFalse(wild.text().contains("(?is)"), wild.text());
        // letters that fold only to ASCII keep the flag
        Translation plain = translate("kql", "kql-ecs", TestRules.rule("process where process.name regex~ \"cmd.*\""));
        assertEquals(Translation.Status.EXACT, plain.status(), plain.text());
        assertTrue(plain.text().contains("(?is)^(?:cmd.*)$"), plain.text());
    }
}
