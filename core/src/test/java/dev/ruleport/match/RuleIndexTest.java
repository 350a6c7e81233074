package dev.ruleport.match;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.ruleport.runtime.Event;
import dev.ruleport.runtime.EventFields;
import dev.ruleport.testsupport.TestRules;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The guards {@link RuleIndex} reads off rules, and which rules an event is then tried on. */
class RuleIndexTest {
    private static RuleIndex.Guard guard(String query) { return RuleIndex.guard(TestRules.rule(query)); }

    private static RuleIndex.Term term(String field, String... folded) {
        return new RuleIndex.Term(List.of(field.split("\\.")), Set.of(folded));
    }

    private static RuleIndex.Term runs(String field, String... folded) {
        return new RuleIndex.Term(List.of(field.split("\\.")), Set.of(folded), true);
    }

    @Test
    void aNameTestIsPreferredToTheCategoryAndFolded() {
        assertEquals(new RuleIndex.Guard(List.of(term("process.name", "cmd.exe", "pwsh.exe"))),
                guard("process where event.type == \"start\" and process.name : (\"CMD.exe\", \"pwsh.EXE\") and process.args : \"*x*\""));
        assertEquals(new RuleIndex.Guard(List.of(term("process.name", "cmd.exe"))),
                guard("process where process.name in (\"cmd.exe\") and not user.name == \"a\""));
    }

    @Test
    void theRarestFieldGuardsAtEveryLevel() {
        // the categories of an or's branches say more than the host's OS, which nearly every event shares
        assertEquals(new RuleIndex.Guard(List.of(term("event.category", "file"), term("event.category", "registry"))),
                guard("any where host.os.type == \"windows\" and ((event.category == \"file\" and file.path : \"*x*\") or "
                        + "(event.category == \"registry\" and registry.path : \"*y*\"))"));
        // within a branch, a name test rather than the category that comes first
        assertEquals(new RuleIndex.Guard(List.of(term("event.category", "file"), term("registry.value", "remcos"))),
                guard("any where host.os.type == \"windows\" and ((event.category == \"file\" and file.path : \"*x*\") or "
                        + "(event.category == \"registry\" and registry.value : \"Remcos\"))"));
        assertEquals(new RuleIndex.Guard(List.of(term("host.os.type", "windows"))), guard("any where host.os.type == \"windows\" and process.pid == 4"));
    }

    @Test
    void anOrOfNameTestsGuardsOnEveryField() {
        assertEquals(new RuleIndex.Guard(List.of(term("process.name", "a.exe"), term("process.pe.original_file_name", "b.exe"))),
                guard("process where (process.name : \"a.exe\" or process.pe.original_file_name == \"B.exe\") and process.args : \"-x\""));
    }

    @Test
    void regexesNegationsAndShortRunsGiveNoGuardButTheCategory() {
        assertEquals(new RuleIndex.Guard(List.of(term("event.category", "process"))),
                guard("process where process.name regex \"abc.*\" and not process.name : \"x\" and not process.name : \"*abcd*\""));
        // an or with one unguarded branch guards nothing
        assertEquals(new RuleIndex.Guard(List.of(term("event.category", "process"))),
                guard("process where process.name : \"a.exe\" or process.args : \"*b*\""));
        // every pattern needs a run of three characters
        assertEquals(new RuleIndex.Guard(List.of(term("event.category", "process"))),
                guard("process where process.name : (\"*abc*\", \"a?bc*d\")"));
        assertNull(guard("any where process.name : \"a?b*\""));
        assertNull(guard("any where process.pid == 4"));
    }

    @Test
    void aWildcardPatternGuardsByItsLongestLiteralRun() {
        assertEquals(new RuleIndex.Guard(List.of(runs("process.executable", ":\\perflogs\\", "\\temp\\"))),
                guard("process where event.type == \"start\" and process.executable : (\"?:\\\\PerfLogs\\\\*.exe\", \"*\\\\TEMP\\\\*\")"));
        assertEquals(new RuleIndex.Guard(List.of(runs("process.name", ".exe"))), guard("any where process.name like \"a?.EXE\""));
        // a look-up on a field of its own rather than a run on one
        assertEquals(new RuleIndex.Guard(List.of(term("process.name", "a.exe"))),
                guard("process where process.executable : \"*\\\\temp\\\\*\" and process.name : \"a.exe\""));
        // an or of a look-up and a run
        assertEquals(new RuleIndex.Guard(List.of(term("process.name", "a.exe"), runs("process.args", "-enc"))),
                guard("any where process.name : \"a.exe\" or process.args : \"*-ENC*\""));
    }

    @Test
    void theTimestampIsADateNotAGuard() {
        // "2020-01-01T00:00:00Z" equals an event's "2020-01-01T00:00:00.000Z": the name test guards instead
        assertEquals(new RuleIndex.Guard(List.of(term("process.name", "a"))),
                guard("process where @timestamp == \"2020-01-01T00:00:00Z\" and process.name == \"a\""));
        assertEquals(new RuleIndex.Guard(List.of(term("event.category", "process"))),
                guard("process where @timestamp in (\"2020-01-01T00:00:00Z\")"));
    }

    @Test
    void aSequenceIsGuardedByEveryStageOrNotAtAll() {
        assertEquals(new RuleIndex.Guard(List.of(term("process.name", "a.exe"), term("file.name", "b.txt"))),
                guard("sequence by host.id [process where process.name : \"a.exe\"] [file where file.name == \"b.txt\"]"));
        assertEquals(new RuleIndex.Guard(List.of(term("process.name", "a.exe"), term("event.category", "file"))),
                guard("sequence by host.id [process where process.name : \"a.exe\"] [file where file.path : \"*b*\"]"));
        assertNull(guard("sequence by host.id [process where process.name : \"a.exe\"] [any where true]"));
    }

    private static List<Integer> candidates(RuleIndex index, int rules, Map<String, ?> event) {
        long[] bits = index.newBits();
        index.candidates(new EventFields(Event.of(event)), bits);
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < rules; i++) if (RuleIndex.has(bits, i)) out.add(i);
        return out;
    }

    private static RuleIndex index(String... queries) {
        List<RuleIndex.Guard> guards = new ArrayList<>();
        List<String> categories = new ArrayList<>();
        for (String q : queries) {
            if (q == null) {
                guards.add(null);
                categories.add(null);
            } else {
                guards.add(RuleIndex.guard(TestRules.rule(q)));
                categories.add(RuleIndex.category(TestRules.rule(q)));
            }
        }
        return new RuleIndex(guards, categories);
    }

    @Test
    void anEventIsTriedOnlyOnTheRulesWhoseGuardItPasses() {
        RuleIndex index = index(
                "any where process.name : \"cmd.exe\"",
                "any where process.name == \"powershell.exe\" or process.pe.original_file_name == \"PowerShell.EXE\"",
                "any where file.path : \"*x*\"",
                null);
        assertEquals(List.of(0, 2, 3), candidates(index, 4, Map.of("process", Map.of("name", "CMD.EXE"))));
        assertEquals(List.of(1, 2, 3), candidates(index, 4, Map.of("process", Map.of("pe", Map.of("original_file_name", "powershell.exe")))));
        assertEquals(List.of(0, 2, 3), candidates(index, 4, Map.of("process", Map.of("name", List.of("x", "cmd.exe")))));
        assertEquals(List.of(2, 3), candidates(index, 4, Map.of("process", Map.of("name", "other.exe"))));
        // a value that is not a string is left to the rules themselves
        assertEquals(List.of(0, 1, 2, 3), candidates(index, 4, Map.of("process", Map.of("name", 7))));
        assertEquals(List.of(2, 3), candidates(index, 4, Map.of()));
    }

    @Test
    void aWildcardRuleIsTriedOnlyOnEventsWithItsRun() {
        RuleIndex index = index(
                "any where process.executable : \"?:\\\\PerfLogs\\\\*.exe\"",
                "any where process.args like \"*-EncodedCommand*\"",
                "process where not process.executable : \"*\\\\Temp\\\\*\"",
                null);
        assertEquals(List.of(0, 2, 3), candidates(index, 4, Map.of("event", Map.of("category", "process"),
                "process", Map.of("executable", "C:\\PerfLogs\\x.exe"))));
        assertEquals(List.of(0, 3), candidates(index, 4, Map.of("process", Map.of("executable", "c:\\PERFLOGS\\x.EXE"))));
        assertEquals(List.of(0, 3), candidates(index, 4, Map.of("process", Map.of("executable", List.of("C:\\Windows\\a.exe", "D:\\perflogs\\b.exe")))));
        assertEquals(List.of(3), candidates(index, 4, Map.of("process", Map.of("executable", "C:\\Windows\\PerfLogs.exe"))));
        // folded: a case-sensitive like is left to decide on a value that has the run in another case
        assertEquals(List.of(1, 3), candidates(index, 4, Map.of("process", Map.of("args", List.of("x", "-encodedcommand")))));
        assertEquals(List.of(0, 3), candidates(index, 4, Map.of("process", Map.of("executable", 7))));
        // under not, a pattern guards nothing: the category does
        assertEquals(List.of(2, 3), candidates(index, 4, Map.of("event", Map.of("category", "process"),
                "process", Map.of("executable", "C:\\Temp\\x.exe"))));
    }

    @Test
    void aRuleOfACategoryIsTriedOnlyOnEventsOfThatCategory() {
        RuleIndex index = index(
                "process where process.name : \"cmd.exe\"",
                "process where process.args : \"*x*\"",
                "file where file.path : \"*x*\"",
                "any where process.name : \"cmd.exe\"");
        assertEquals(List.of(0, 1, 3), candidates(index, 4, Map.of("event", Map.of("category", List.of("process")),
                "process", Map.of("name", "cmd.exe"))));
        assertEquals(List.of(1), candidates(index, 4, Map.of("event", Map.of("category", "Process"), "process", Map.of("name", "x"))));
        assertEquals(List.of(1, 2), candidates(index, 4, Map.of("event", Map.of("category", List.of("file", "process", "file")))));
        assertEquals(List.of(3), candidates(index, 4, Map.of("process", Map.of("name", "cmd.exe"))));
        // a category that is not a string: every category's rules
        assertEquals(List.of(1, 2), candidates(index, 4, Map.of("event", Map.of("category", 1))));
    }

    /**
     * The index against the plain reading of the guards (fold the value, look it up in the term's set, search each run
     * with {@code contains}) over random guards and events: values and runs from a small alphabet with both cases, so
     * that look-ups, runs that overlap, share their first characters or reach the end of a value, and non-string
     * values all occur.
     */
    @Test
    void theIndexAgreesWithThePlainReadingOfTheGuards() {
        java.util.Random random = new java.util.Random(16);
        String alphabet = "aAbB\\:.xX\u00e9";
        List<List<String>> fields = List.of(List.of("process", "name"), List.of("process", "executable"), List.of("file", "path"));
        List<String> categoryNames = List.of("process", "file", "registry");
        for (int round = 0; round < 300; round++) {
            int n = 1 + random.nextInt(150);
            List<RuleIndex.Guard> guards = new ArrayList<>();
            List<String> categories = new ArrayList<>();
            for (int r = 0; r < n; r++) {
                categories.add(random.nextInt(3) == 0 ? null : categoryNames.get(random.nextInt(3)));
                if (random.nextInt(6) == 0) {
                    guards.add(null);
                    continue;
                }
                List<RuleIndex.Term> terms = new ArrayList<>();
                for (int t = 1 + random.nextInt(2); t > 0; t--) {
                    java.util.Set<String> folded = new java.util.LinkedHashSet<>();
                    boolean contains = random.nextBoolean();
                    for (int v = 1 + random.nextInt(4); v > 0; v--) {
                        folded.add(dev.ruleport.runtime.CaseFold.fold(word(random, alphabet, contains ? 2 : 0, 5)));
                    }
                    terms.add(new RuleIndex.Term(fields.get(random.nextInt(fields.size())), Set.copyOf(folded), contains));
                }
                guards.add(new RuleIndex.Guard(terms));
            }
            RuleIndex index = new RuleIndex(guards, categories);
            for (int e = 0; e < 40; e++) {
                Map<String, Object> process = new java.util.LinkedHashMap<>();
                Map<String, Object> event = new java.util.LinkedHashMap<>();
                event.put("process", process);
                event.put("file", Map.of("path", values(random, alphabet)));
                process.put("name", values(random, alphabet));
                process.put("executable", values(random, alphabet));
                if (random.nextInt(4) > 0) {
                    String c = categoryNames.get(random.nextInt(3));
                    event.put("event", Map.of("category", random.nextBoolean() ? c.toUpperCase(java.util.Locale.ROOT) : c));
                }
                Event ev = Event.of(event);
                List<Integer> expected = new ArrayList<>();
                for (int r = 0; r < n; r++) if (plainCandidate(guards.get(r), categories.get(r), ev)) expected.add(r);
                assertEquals(expected, candidates(index, n, event), () -> event + " " + guards + " " + categories);
            }
        }
    }

    private static String word(java.util.Random random, String alphabet, int min, int max) {
        StringBuilder sb = new StringBuilder();
        for (int k = min + random.nextInt(max - min + 1); k > 0; k--) sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        return sb.toString();
    }

    private static Object values(java.util.Random random, String alphabet) {
        return switch (random.nextInt(5)) {
            case 0 -> word(random, alphabet, 0, 12);
            case 1 -> List.of(word(random, alphabet, 0, 30), word(random, alphabet, 0, 8));
            case 2 -> random.nextInt(10) == 0 ? 7 : word(random, alphabet, 0, 3);
            default -> word(random, alphabet, 0, 60);
        };
    }

    private static boolean plainCandidate(RuleIndex.Guard guard, String category, Event event) {
        if (category != null) {
            boolean found = false;
            List<Object> cs = dev.ruleport.runtime.FieldAccessor.of("event.category").values(event);
            for (Object c : cs) found |= !(c instanceof String) || dev.ruleport.runtime.CaseFold.fold((String) c).equals(category);
            if (!found) return false;
        }
        if (guard == null) return true;
        for (RuleIndex.Term t : guard.terms()) {
            for (Object v : dev.ruleport.runtime.FieldAccessor.of(t.field()).values(event)) {
                if (!(v instanceof String s)) return true;
                String folded = dev.ruleport.runtime.CaseFold.fold(s);
                if (!t.contains() && t.folded().contains(folded)) return true;
                if (t.contains()) for (String run : t.folded()) if (folded.contains(run)) return true;
            }
        }
        return false;
    }
}
