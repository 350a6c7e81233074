package dev.ruleport.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EqlRegexTest {

    private static boolean cs(String regex, String value) {
        return EqlRegex.compile(regex, false).matches(value);
    }

    private static boolean ci(String regex, String value) {
        return EqlRegex.compile(regex, true).matches(value);
    }

    @Test
    void conformanceQueriesFromElasticsearch() {
        String cmd = "net1  localgroup administrators";
        assertTrue(cs(".*?net1.*?", cmd));
        assertTrue(cs(".*?net1[ ]+localgroup.*?", cmd));
        assertTrue(cs(".*?net1[ ]+[a-z]{4,15}[ ]+.*?", cmd));
        assertTrue(ci(".*?net1[ ]+localgroup.*?", "NET1 LOCALGROUP"));
        assertTrue(cs(".*?net[1]?  localgroup.*?", "c:\\net  localgroup x"));
        assertFalse(cs(".*?net1.*?", "NET1"));
    }

    @Test
    void wholeValueAnchoring() {
        assertTrue(cs("abc", "abc"));
        assertFalse(cs("abc", "xabc"));
        assertFalse(cs("abc", "abcx"));
        assertFalse(cs("b", "abc"));
        assertTrue(cs(".*b.*", "abc"));
        assertFalse(cs("abc", "abc\n"));
        assertFalse(cs("abc", null));
        assertTrue(cs("", ""));
        assertFalse(cs("", "a"));
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", value = {
        ".*?net1.*? => (?s).*net1.*",
        "a+* => (?s)a*",
        "a*+ => (?s)a*",
        "a?? => (?s)a?",
        "a+? => (?s)a*",
        "(ab)+ => (?s)(?:ab)+",
        "a{2,3} => (?s)a{2,3}",
        "a{2,} => (?s)a{2,}",
        "a{2} => (?s)a{2}",
        "x|yz => (?s)(?:x|yz)",
        "\"a.b\" => (?s)a\\.b",
        "a\\.b => (?s)a\\.b",
        "[^a-c\\]] => (?s)[^a-c\\]]",
        "\\d\\s\\w\\D\\S\\W => (?s)[0-9][ \\t\\n\\r][a-zA-Z_0-9][^0-9][^ \\t\\n\\r][^a-zA-Z_0-9]",
        "^a$ => (?s)\\^a\\$",
        "@ => (?s).*",
    })
    void translation(String lucene, String java) {
        assertEquals(java, EqlRegex.compile(lucene, false).javaRegex());
    }

    @Test
    void caseInsensitiveUsesAsciiFlagWhenRangesAreCaseClosed() {
        EqlRegex r = EqlRegex.compile("NET1[ ]+[a-zA-Z]+", true);
        assertEquals("(?si)NET1[ ]+[a-zA-Z]+", r.javaRegex());
        assertTrue(r.matches("net1 LocalGroup"));
        assertFalse(ci("é", "É")); // ASCII-only folding
        assertTrue(ci("[ab]+", "AbBa")); // single characters in a class fold
        assertFalse(ci("[^a]", "A"));   // ... also when negated
    }

    @Test
    void caseInsensitiveDoesNotFoldRangesLikeLucene() {
        EqlRegex r = EqlRegex.compile("[a-z]+x", true);
        assertEquals("(?s)[a-z]+[xX]", r.javaRegex());
        assertTrue(r.matches("abcX"));
        assertFalse(r.matches("ABCx"));
    }

    @Test
    void luceneQuotingAndEscapes() {
        assertTrue(cs("\"a.b\"", "a.b"));
        assertFalse(cs("\"a.b\"", "axb"));
        assertTrue(cs("\"a\\b\"", "a\\b")); // no escapes inside quotes
        assertTrue(cs("a\\.b", "a.b"));
        assertFalse(cs("a\\.b", "axb"));
        assertTrue(cs("\\\\", "\\"));
        assertTrue(cs("\\@\\#\\~\\&\\<", "@#~&<"));
        assertTrue(cs("[\\]\\[]+", "][]"));
    }

    @Test
    void predefinedClassesFollowLucene() {
        assertTrue(cs("\\d+", "0123"));
        assertFalse(cs("\\d", "٣")); // Arabic-Indic digit: not [0-9]
        assertTrue(cs("\\s", "\t"));
        assertFalse(cs("\\s", "\u000B")); // Lucene's \s is only [ \t\n\r]
        assertTrue(cs("\\S", "\u000B"));
        assertTrue(cs("\\w+", "abc_1"));
        assertTrue(cs("\\W", "-"));
        assertTrue(cs("[\\d.]+", "1.2.3"));
        assertTrue(cs("[a\\D]", "x"));
    }

    @Test
    void dotMatchesAnyCodePointIncludingNewline() {
        assertTrue(cs("a.b", "a\nb"));
        assertTrue(cs(".", "😀"));
        assertFalse(cs("..", "😀"));
    }

    @Test
    void reservedCharacterWhereAnAtomIsExpectedIsLiteral() {
        assertTrue(cs("*a", "*a"));
        assertTrue(cs("]", "]"));
        assertTrue(cs("a||b", "|b")); // after '|', a second '|' is a literal character
        assertTrue(cs("|b", "|b"));
        assertTrue(cs("a()b", "ab"));
    }

    @Test
    void optionalOperatorsAreOnByDefault() {
        assertTrue(cs("@", "anything at all\n"));
        assertTrue(cs("@", ""));
        assertFalse(cs("#", ""));
        assertFalse(cs("#", "#"));
        assertTrue(cs("ab#|cd", "cd"));
        assertTrue(cs("foo<1-100>", "foo1"));
        assertTrue(cs("foo<1-100>", "foo100"));
        assertTrue(cs("foo<1-100>", "foo007"));  // bounds of different width: leading zeros allowed
        assertFalse(cs("foo<1-100>", "foo101"));
        assertFalse(cs("foo<1-100>", "foo0"));
        assertTrue(cs("<001-100>", "007"));      // same width: exactly that many digits
        assertFalse(cs("<001-100>", "7"));
        assertTrue(cs("<10-5>", "7"));           // bounds are swapped, as Lucene does
        assertTrue(cs("~(abc)", "abd"));
        assertTrue(cs("~(abc)", ""));
        assertFalse(cs("~(abc)", "abc"));
        assertTrue(cs("@&~(abc.+)", "abc"));
        assertFalse(cs("@&~(abc.+)", "abcd"));
        assertTrue(cs("@&~(abc.+)", "xyz"));
        assertTrue(cs("aaa.+&.+bbb", "aaabbb"));
        assertFalse(cs("aaa.+&.+bbb", "aaab"));
        assertTrue(cs("x|~(y)", "z"));
        assertFalse(cs("~(~(a))", "b"));
        assertTrue(cs("~(~(a))", "a"));
        assertTrue(ci("~(ABC)", "abd"));
        assertFalse(ci("~(ABC)", "abc"));
    }

    @Test
    void repetitionBounds() {
        assertTrue(cs("a{2,3}", "aa"));
        assertTrue(cs("a{2,3}", "aaa"));
        assertFalse(cs("a{2,3}", "aaaa"));
        assertTrue(cs("a{2,}", "aaaaa"));
        assertFalse(cs("a{3,2}", "aa")); // min > max: the empty language
        assertFalse(cs("a{3,2}", "aaa"));
    }

    @Test
    void portability() {
        assertTrue(EqlRegex.compile(".*net1[ ]+<1-9>.*", true).portable());
        assertFalse(EqlRegex.compile("~(abc)", false).portable());
        assertFalse(EqlRegex.compile("[a\\D]", false).portable());
    }

    @ParameterizedTest
    @ValueSource(strings = {"(abc", "abc)", "[abc", "a{2", "a{x}", "[z-a]", "<foo>", "<1-x>", "a|", "\\", "\\n", "\\t",
        "\\p{L}", "\"abc", "a~bc", "(~a)*", "x(a&b)y", "a&", "~"})
    void invalidOrUnsupportedSyntaxIsAClearError(String pattern) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EqlRegex.compile(pattern, false));
        assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), pattern);
    }

    @Test
    void errorMessageNamesPatternAndPosition() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EqlRegex.compile("ab\\qc", false));
        assertEquals("Invalid regex [ab\\qc]: invalid escape \\q (Lucene escapes only non-letters; "
                + "\\d \\s \\w and their negations are classes) at position 2", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> EqlRegex.compile("a~bc", false));
        assertTrue(e.getMessage().contains("complement"), e.getMessage());
    }

    @Test
    void numericIntervalsAgreeWithBruteForce() {
        Random rnd = new Random(11);
        for (int t = 0; t < 300; t++) {
            int a = rnd.nextInt(1300);
            int b = rnd.nextInt(1300);
            String lo = Integer.toString(a);
            String hi = Integer.toString(b);
            if (rnd.nextBoolean()) { // same width bounds: fixed-width interval
                int w = Math.max(lo.length(), hi.length()) + rnd.nextInt(2);
                lo = "0".repeat(w - lo.length()) + lo;
                hi = "0".repeat(w - hi.length()) + hi;
            }
            EqlRegex r = EqlRegex.compile("<" + lo + "-" + hi + ">", false);
            int min = Math.min(a, b);
            int max = Math.max(a, b);
            boolean fixed = lo.length() == hi.length();
            for (int v = 0; v <= 1400; v += 1 + rnd.nextInt(3)) {
                for (int pad = 0; pad <= 2; pad++) {
                    String text = "0".repeat(pad) + v;
                    boolean expected = v >= min && v <= max && (!fixed || text.length() == lo.length());
                    assertEquals(expected, r.matches(text), r.javaRegex() + " on " + text);
                }
            }
        }
    }

    @Test
    void javaRegexIsSelfContained() {
        for (String p : new String[] {".*?net1.*?", "[a-z]+x", "NET<1-9>", "@&~(abc.+)"}) {
            for (boolean ci : new boolean[] {false, true}) {
                EqlRegex r = EqlRegex.compile(p, ci);
                Pattern again = Pattern.compile(r.javaRegex());
                for (String v : new String[] {"net1", "NET5", "abcX", "abc", "abcd", "x\nnet1\n"}) {
                    assertEquals(r.matches(v), again.matcher(v).matches(), p + " " + ci + " " + v);
                }
            }
        }
    }

    @Test
    void stackedQuantifiersDoNotBlowUp() {
        String as = "a".repeat(5_000) + "!";
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            assertFalse(cs("a**b", as));
            assertFalse(cs(".*?.*?.*?b", as));
            assertFalse(cs(".*.+.*b", as));
        });
    }

    // ------------------------------------------------------------------ reliability (issue #19, #17)

    @Test
    void catastrophicBacktrackingPatternsAreDecidedByTheAutomaton() {
        // each of these overflowed the stack or ran for minutes in java.util.regex
        String a5k = "a".repeat(5_000);
        assertFalse(cs("(a|aa)+b", a5k));
        assertTrue(cs("(a|aa)+b", a5k + "b"));
        assertFalse(cs("(a|a)*b", a5k));
        assertTrue(cs("(a|a)*b", a5k + "b"));
        String a100k = "a".repeat(100_000);
        assertFalse(cs("(.*a){20}b", a100k));
        assertTrue(cs("(.*a){20}b", a100k + "b"));
        assertFalse(cs("(.*a){20}b", "a".repeat(19) + "b"));
    }

    @Test
    void aMillionCharacterLiteralCompilesAndMatches() {
        String literal = "ab".repeat(500_000);
        EqlRegex r = EqlRegex.compile(literal, false);
        assertTrue(r.matches(literal));
        assertFalse(r.matches(literal.substring(1)));
        assertFalse(r.matches(literal.substring(0, literal.length() - 1) + "c"));
        assertTrue(EqlRegex.compile(literal, true).matches(literal.toUpperCase(java.util.Locale.ROOT)));
    }

    @Test
    void repetitionThatExpandsTooFarIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EqlRegex.compile("(a{1000}){3000}", false));
        assertEquals("Invalid regex [(a{1000}){3000}]: the pattern is too large: it expands to more than 2097152 automaton "
                + "states (a repetition multiplies the size of what it repeats)", e.getMessage());
        assertTrue(EqlRegex.compile("a{1000}b{1000}", false).matches("a".repeat(1000) + "b".repeat(1000)));
    }

    @Test
    void nestingIsBoundedWithAPosition() {
        String deep = "(".repeat(10_000) + "a" + ")".repeat(10_000);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EqlRegex.compile(deep, false));
        assertTrue(e.getMessage().endsWith("groups nest more than 100 deep at position 100"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> EqlRegex.compile("~".repeat(10_000) + "a", false));
        assertTrue(e.getMessage().endsWith("groups, repetitions and complements nest more than 100 deep at position 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> EqlRegex.compile("a" + "{1}".repeat(10_000), false));
        assertTrue(e.getMessage().endsWith("groups, repetitions and complements nest more than 100 deep at position 298"), e.getMessage());
        // wide is fine: long runs of & and | are read in loops, not by recursion
        assertTrue(cs(String.join("&", java.util.Collections.nCopies(50_000, "a")), "a"));
        assertTrue(cs(String.join("|", java.util.Collections.nCopies(50_000, "a")) + "|b", "b"));
        String nested = "(".repeat(100) + "a" + ")".repeat(100);
        assertTrue(cs(nested, "a"));
    }

    @Test
    void anEmptyAlternativeIsAnErrorAsInLucene() {
        // Lucene's grammar has no empty alternative: after '|' the ')' is a literal character, so the
        // group is never closed (issue #17: a Sigma reading of (?:x|) must write (x|()) or (x)? instead)
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EqlRegex.compile("a(b|)c", false));
        assertEquals("Invalid regex [a(b|)c]: expected ')' at position 6", e.getMessage());
        assertTrue(cs("a(b|)c)", "a)c"));
        for (String empty : new String[] {"a(b|())c", "a(b)?c", "a(()|b)c"}) {
            assertTrue(cs(empty, "ac"), empty);
            assertTrue(cs(empty, "abc"), empty);
            assertFalse(cs(empty, "abbc"), empty);
        }
    }

    @Test
    void aPatternWhoseDfaOutgrowsTheCacheStillMatchesExactly() {
        // (a|b)*a(a|b){14} needs 2^15 DFA states, more than the cache keeps: the rest is simulated
        EqlRegex r = EqlRegex.compile("(a|b)*a(a|b){14}", false);
        Pattern old = Pattern.compile(r.javaRegex());
        Random random = new Random(5);
        for (int i = 0; i < 3_000; i++) {
            StringBuilder sb = new StringBuilder();
            int n = 10 + random.nextInt(40);
            for (int k = 0; k < n; k++) sb.append(random.nextBoolean() ? 'a' : 'b');
            String v = sb.toString();
            assertEquals(old.matcher(v).matches(), r.matches(v), v);
        }
    }

    @Test
    void oneRegexIsSafeToShareBetweenThreads() throws InterruptedException {
        EqlRegex r = EqlRegex.compile("(a|b)*a(a|b){12}|x.*[0-9]{3}", false);
        Pattern old = Pattern.compile(r.javaRegex());
        List<String> values = new ArrayList<>();
        Random random = new Random(9);
        for (int i = 0; i < 2_000; i++) {
            StringBuilder sb = new StringBuilder(random.nextInt(5) == 0 ? "x" : "");
            int n = 5 + random.nextInt(30);
            for (int k = 0; k < n; k++) sb.append("ab1".charAt(random.nextInt(3)));
            values.add(sb.toString());
        }
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int offset = t;
            Thread thread = new Thread(() -> {
                try {
                    for (int i = 0; i < values.size(); i++) {
                        String v = values.get((i + offset * 251) % values.size());
                        assertEquals(old.matcher(v).matches(), r.matches(v), v);
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) thread.join();
        assertEquals(List.of(), failures);
    }

    @Test
    void problemNamesWhatNoTargetCanRunAndNothingElse() {
        assertEquals(null, EqlRegex.problem(".*net1[ ]+<1-9>.*"));
        // valid Lucene that only the translation cannot express: for each backend to refuse
        assertEquals(null, EqlRegex.problem("a~bc"));
        assertThrows(IllegalArgumentException.class, () -> EqlRegex.compile("a~bc", false));
        assertEquals("Invalid regex [a(b|)c]: expected ')' at position 6", EqlRegex.problem("a(b|)c"));
        assertTrue(EqlRegex.problem("(a{1000}){3000}").contains("the pattern is too large"));
        assertTrue(EqlRegex.problem("(".repeat(300) + ")".repeat(300)).endsWith("nest more than 100 deep at position 100"));
    }

    @Test
    void patternIsCompiledOnlyWhenAsked() {
        EqlRegex r = EqlRegex.compile("a.c", false);
        assertTrue(r.pattern().matcher("abc").matches());
        assertTrue(r.pattern() == r.pattern());
    }
}
