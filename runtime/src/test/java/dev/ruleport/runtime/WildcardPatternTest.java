package dev.ruleport.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WildcardPatternTest {

    private static boolean cs(String pattern, String value) {
        return WildcardPattern.compile(pattern, false).matches(value);
    }

    private static boolean ci(String pattern, String value) {
        return WildcardPattern.compile(pattern, true).matches(value);
    }

    @Test
    void lsassPath() {
        String p = "?:\\Windows\\System32\\lsass.exe";
        assertTrue(cs(p, "C:\\Windows\\System32\\lsass.exe"));
        assertFalse(cs(p, "C:\\Windows\\System32\\LSASS.EXE"));
        assertTrue(ci(p, "c:\\WINDOWS\\system32\\LSASS.exe"));
        assertFalse(ci(p, "\\Windows\\System32\\lsass.exe"));
        assertFalse(ci(p, "CD:\\Windows\\System32\\lsass.exe"));
    }

    @Test
    void emptyPatternMatchesOnlyEmpty() {
        assertTrue(cs("", ""));
        assertFalse(cs("", "a"));
        assertEquals(WildcardPattern.Shape.EXACT, WildcardPattern.compile("", false).shape());
    }

    @Test
    void starMatchesEverythingIncludingEmptyAndNewlines() {
        for (String v : List.of("", "a", "line1\nline2", "😀")) {
            assertTrue(cs("*", v), v);
            assertTrue(cs("***", v), v);
        }
        assertFalse(cs("*", null));
    }

    @Test
    void questionMarkStarNeedsTwoOrMore() {
        assertFalse(cs("??*", ""));
        assertFalse(cs("??*", "a"));
        assertTrue(cs("??*", "ab"));
        assertTrue(cs("??*", "abcdef"));
    }

    @Test
    void questionMarkIsOneCodePoint() {
        String emoji = "😀"; // U+1F600, two UTF-16 units
        assertEquals(2, emoji.length());
        assertTrue(cs("?", emoji));
        assertFalse(cs("??", emoji));
        assertTrue(cs("a?b", "a" + emoji + "b"));
        assertTrue(cs("*?", emoji));
        assertTrue(cs("?*?", emoji + emoji));
        assertFalse(cs("?*?", emoji));
        assertTrue(cs("*x?", "yx" + emoji)); // last segment with '?', matched backwards
        assertTrue(cs("*?y*", emoji + "y"));
        assertTrue(cs("?", "\n"));
    }

    @Test
    void backslashIsLiteral() {
        assertTrue(cs("a\\*", "a\\"));
        assertTrue(cs("a\\*", "a\\bc"));
        assertFalse(cs("a\\*", "a*"));
        assertTrue(cs("\\?", "\\x"));
    }

    @Test
    void caseFoldingIsAsciiOnly() {
        assertTrue(ci("*CMD.EXE", "c:\\windows\\cmd.exe"));
        assertFalse(ci("é*", "É"));
        assertTrue(ci("é*", "ébc"));
        assertFalse(cs("*CMD.EXE", "c:\\windows\\cmd.exe"));
    }

    @Test
    void anchoringAndOverlap() {
        assertTrue(cs("a*a", "aa"));
        assertFalse(cs("a*a", "a"));       // first and last segments may not overlap
        assertTrue(cs("ab*ba", "abba"));
        assertFalse(cs("ab*ba", "aba"));
        assertTrue(cs("*a*b*c*", "xxaxxbxxcxx"));
        assertFalse(cs("*a*b*c*", "xxcxxbxxaxx"));
        assertTrue(cs("a?c*", "abcd"));
        assertFalse(cs("abc", "abcd"));
    }

    @ParameterizedTest
    @CsvSource({
        "cmd.exe, EXACT, cmd.exe",
        "cmd*, PREFIX, cmd",
        "*, PREFIX, ''",
        "**, PREFIX, ''",
        "*.exe, SUFFIX, .exe",
        "*cmd*, CONTAINS, cmd",
        "**cmd***, CONTAINS, cmd",
        "c*d, GENERAL, ",
        "*a*b*, GENERAL, ",
        "cmd.ex?, GENERAL, ",
        "?, GENERAL, ",
    })
    void shapes(String pattern, WildcardPattern.Shape shape, String literal) {
        WildcardPattern p = WildcardPattern.compile(pattern, false);
        assertEquals(shape, p.shape());
        if (shape == WildcardPattern.Shape.GENERAL) {
            assertThrows(IllegalStateException.class, p::literal);
        } else {
            assertEquals(literal == null ? "" : literal, p.literal());
        }
    }

    @Test
    void literalKeepsCase() {
        WildcardPattern p = WildcardPattern.compile("*\\PowerShell.EXE", true);
        assertEquals(WildcardPattern.Shape.SUFFIX, p.shape());
        assertEquals("\\PowerShell.EXE", p.literal());
        assertTrue(p.caseInsensitive());
        assertEquals(List.of("", "\\PowerShell.EXE"), p.segments());
    }

    @Test
    void toRegex() {
        assertEquals("(?s)^C:\\\\Windows\\\\.*\\.exe$", WildcardPattern.compile("C:\\Windows\\*.exe", false).toRegex());
        assertEquals("(?si)^.:\\\\a\\(1\\)\\[x\\]\\{2\\}\\+\\^\\$\\|.*$", WildcardPattern.compile("?:\\a(1)[x]{2}+^$|*", true).toRegex());
        assertEquals("(?s)^$", WildcardPattern.compile("", false).toRegex());
        assertEquals("(?s)^.*$", WildcardPattern.compile("**", false).toRegex());
    }

    @Test
    void toRegexAgreesWithMatcherOnRandomInput() {
        Random rnd = new Random(7);
        for (int i = 0; i < 5_000; i++) {
            String pattern = random(rnd, "aB.*?\\(", 6);
            String value = random(rnd, "abAB.(\\\n😀", 7);
            for (boolean ci : new boolean[] {false, true}) {
                WildcardPattern w = WildcardPattern.compile(pattern, ci);
                assertEquals(w.matches(value), Pattern.compile(w.toRegex()).matcher(value).matches(),
                        () -> w + " on " + value);
            }
        }
    }

    // ------------------------------------------------------------------ property test

    /** A straightforward dynamic-programming matcher over code points, written independently. */
    private static boolean reference(String pattern, String value, boolean ci) {
        int[] p = (ci ? CaseFold.fold(pattern) : pattern).codePoints().toArray();
        int[] v = (ci ? CaseFold.fold(value) : value).codePoints().toArray();
        boolean[][] m = new boolean[p.length + 1][v.length + 1];
        m[p.length][v.length] = true;
        for (int i = p.length - 1; i >= 0; i--) {
            for (int j = v.length; j >= 0; j--) {
                if (p[i] == '*') {
                    m[i][j] = m[i + 1][j] || (j < v.length && m[i][j + 1]);
                } else {
                    m[i][j] = j < v.length && (p[i] == '?' || p[i] == v[j]) && m[i + 1][j + 1];
                }
            }
        }
        return m[0][0];
    }

    private static String random(Random rnd, String alphabet, int maxLen) {
        int[] cps = alphabet.codePoints().toArray();
        int len = rnd.nextInt(maxLen + 1);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < len; i++) {
            sb.appendCodePoint(cps[rnd.nextInt(cps.length)]);
        }
        return sb.toString();
    }

    @Test
    void agreesWithReferenceOnRandomPairs() {
        Random rnd = new Random(20240607L);
        int checked = 0;
        int matched = 0;
        for (int i = 0; i < 120_000; i++) {
            String pattern = random(rnd, "ab*?A😀", 8);
            String value = random(rnd, "abAB😀", 10);
            boolean ci = rnd.nextBoolean();
            boolean expected = reference(pattern, value, ci);
            boolean actual = WildcardPattern.compile(pattern, ci).matches(value);
            if (expected != actual) {
                throw new AssertionError("pattern=" + pattern + " value=" + value + " ci=" + ci
                        + " expected " + expected);
            }
            checked++;
            if (actual) {
                matched++;
            }
        }
        assertEquals(120_000, checked);
        assertTrue(matched > 5_000, "the generator should produce a fair share of matches: " + matched);
    }

    // ------------------------------------------------------------------ adversarial inputs

    @Test
    void adversarialPatternsFinishAndAnswerCorrectly() {
        String as = "a".repeat(100_000);
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            assertFalse(cs("*a*a*a*a*a*b", as));
            assertTrue(cs("*a*a*a*a*a*a", as));
            assertFalse(cs("*a?a?a?a?a?b", as));
            assertFalse(cs("a*a*a*a*a*a*a*a*a*a*a*ab", as));
            assertFalse(cs("*" + "?".repeat(50) + "b*", as));
            assertTrue(cs("*?a*?a*", as));
            assertFalse(cs("*aaaaaaaaab*", as));
            assertFalse(ci("*A*A*A*A*A*B", as));
            assertTrue(cs("*" + "a*".repeat(1_000), as));
            assertFalse(cs("*" + "a*".repeat(1_000) + "b", as));
        });
    }
}
