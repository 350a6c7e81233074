package dev.ruleport.lower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ruleport.interpret.Interpreter;
import dev.ruleport.interpret.InterpreterOptions;
import dev.ruleport.ir.Category;
import dev.ruleport.ir.EventQuery;
import dev.ruleport.ir.Expr;
import dev.ruleport.ir.FieldRef;
import dev.ruleport.ir.Filter;
import dev.ruleport.ir.Not;
import dev.ruleport.mapping.KeyedEntry;
import dev.ruleport.print.EqlPrinter;
import dev.ruleport.runtime.Event;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A test of a field stored as an entry of a list (Sysmon's {@code SHA256=...} in {@code Hashes}) rewritten as a test
 * of the list: pinned outputs, refusals, and a brute-force check that the rewrite decides every event as the leaf
 * does on the ECS event Elastic's pipeline would make of the same Sysmon record.
 */
class EntriesTest {
    private static final KeyedEntry SHA256 = new KeyedEntry("winlog.event_data.Hashes", "SHA256", 64);
    private static final String A = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    private static final String B = "3ed33e71641645367442e65dca6dab0d326b22b48ef9a4c2a2488e673844c8d1";

    private static Renderings.Result rewrite(String leaf) {
        Expr e = LoweringTest.expr(leaf);
        boolean negated = false;
        if (e instanceof Not n) {
            e = n.operand();
            negated = true;
        }
        return Entries.rewrite(e, negated, new FieldRef(dev.ruleport.ir.FieldPath.parse("x"), false, e.span()), SHA256);
    }

    private static String printed(String leaf) {
        Renderings.Result r = rewrite(leaf);
        return r.refusal() != null ? "refused: " + r.refusal() : EqlPrinter.print(r.expr());
    }

    @Test
    void aValueIsItsEntryFollowedByASeparatorOrTheEnd() {
        String upper = A.toUpperCase(java.util.Locale.ROOT);
        assertEquals("winlog.event_data.Hashes : (\"*SHA256=" + upper + ",*\", \"*SHA256=" + upper + "\")",
                printed("x == \"" + A + "\""));
        // : ignores case, so an upper-case value names the same hash
        assertEquals(printed("x == \"" + A + "\""), printed("x : \"" + upper + "\""));
    }

    @Test
    void aCaseSensitiveTestOfUpperCaseHexNeverHolds() {
        // ECS holds the pipeline's lower-case hex: == with an upper-case letter matches no event
        assertEquals("false", printed("x == \"" + A.toUpperCase(java.util.Locale.ROOT) + "\""));
        assertEquals("true", printed("not x in (\"" + A.toUpperCase(java.util.Locale.ROOT) + "\")"));
        // a text that is no hash of this length never holds either
        assertEquals("false", printed("x : \"abc\""));
    }

    @Test
    void inequalityIsTheEntryAbsent() {
        // != holds on a missing field in EQL, and on every other hash
        String upper = A.toUpperCase(java.util.Locale.ROOT);
        assertEquals("not winlog.event_data.Hashes : (\"*SHA256=" + upper + ",*\", \"*SHA256=" + upper + "\")",
                printed("x != \"" + A + "\""));
    }

    @Test
    void presenceIsANonZeroEntry() {
        String zeros = "0".repeat(64);
        assertEquals("winlog.event_data.Hashes : \"*SHA256=*\" and not winlog.event_data.Hashes : (\"*SHA256=" + zeros
                + ",*\", \"*SHA256=" + zeros + "\")", printed("x != null"));
    }

    @Test
    void patternsAndFunctionsAreRefused() {
        for (String leaf : List.of("x : \"9f86*\"", "x like~ \"?f86\"", "x regex \"9f.*\"", "startswith(x, \"9f\")", "x == y")) {
            String why = rewrite(leaf).refusal();
            assertNotNull(why, leaf);
            assertTrue(why.contains("x is the SHA256 entry of winlog.event_data.Hashes"), why);
        }
    }

    /** Leaves over x: every comparison shape with whole values, positive and negated. */
    private static List<String> leaves() {
        String up = A.toUpperCase(java.util.Locale.ROOT);
        List<String> base = List.of("x == \"" + A + "\"", "x == \"" + up + "\"", "x != \"" + A + "\"", "x != \"" + up + "\"",
                "x : \"" + up + "\"", "x : (\"" + A + "\", \"" + B + "\")", "x in (\"" + A + "\", \"" + B + "\")",
                "x in (\"" + up + "\", \"" + B + "\")", "x in~ (\"" + up + "\", \"nohash\")", "x like \"" + A + "\"",
                "x like~ \"" + up + "\"", "x == null", "x != null", "x == \"abc\"", "x != \"abc\"", "x : \"" + "0".repeat(64) + "\"");
        List<String> out = new ArrayList<>();
        for (String b : base) {
            out.add(b);
            out.add("not " + b);
        }
        return out;
    }

    /**
     * Sysmon records: a Hashes text with the SHA256 entry absent, all zeros, A or B (in upper case as Sysmon writes
     * it, or lower), or another hash, among MD5, SHA1 and IMPHASH entries in any order; no Hashes at all.
     */
    private static List<String> records(Random random) {
        List<String> sha = new ArrayList<>(List.of("", "SHA256=" + "0".repeat(64), "SHA256=" + A.toUpperCase(java.util.Locale.ROOT),
                "SHA256=" + A, "sha256=" + B, "SHA256=" + "C".repeat(64), "SHA256=" + B.toUpperCase(java.util.Locale.ROOT)));
        List<String> others = List.of("MD5=" + "D".repeat(32), "SHA1=" + "E".repeat(40), "IMPHASH=" + "0".repeat(32),
                "IMPHASH=" + A.substring(0, 32).toUpperCase(java.util.Locale.ROOT));
        List<String> out = new ArrayList<>();
        out.add(null);
        for (String s : sha) {
            for (int k = 0; k < 8; k++) {
                List<String> entries = new ArrayList<>();
                if (!s.isEmpty()) entries.add(s);
                for (String o : others) if (random.nextBoolean()) entries.add(o);
                if (entries.isEmpty()) continue;
                java.util.Collections.shuffle(entries, random);
                out.add(String.join(",", entries));
            }
        }
        return out;
    }

    private static boolean matches(Expr cond, Map<String, Object> event) {
        return Interpreter.compile(new EventQuery(new Filter(Category.any(cond.span()), cond, cond.span()), List.of(),
                cond.span()), InterpreterOptions.defaults()).matches(Event.of(event));
    }

    @Test
    void everyRewriteDecidesEverySysmonRecordAsTheLeafDoesOnItsEcsEvent() {
        Random random = new Random(14);
        List<String> records = records(random);
        int checked = 0;
        for (String leaf : leaves()) {
            Renderings.Result r = rewrite(leaf);
            assertNotNull(r.expr(), leaf + ": " + r.refusal());
            Expr original = LoweringTest.expr(leaf);
            for (String hashes : records) {
                Map<String, Object> ecs = new LinkedHashMap<>();
                Map<String, Object> row = new LinkedHashMap<>();
                if (hashes != null) {
                    row.put("winlog.event_data.Hashes", hashes);
                    // what Elastic's pipeline files as process.hash.sha256: the entry's hex lower-cased, none when zeros
                    for (String e : hashes.split(",")) {
                        String[] kv = e.split("=", 2);
                        if (kv[0].equalsIgnoreCase("SHA256") && !kv[1].matches("0*")) ecs.put("x", kv[1].toLowerCase(java.util.Locale.ROOT));
                    }
                }
                assertEquals(matches(original, ecs), matches(r.expr(), row), leaf + " on " + hashes + " (rewritten: "
                        + EqlPrinter.print(r.expr()) + ")");
                checked++;
            }
        }
        assertTrue(checked > 1000, "checked " + checked);
    }
}
