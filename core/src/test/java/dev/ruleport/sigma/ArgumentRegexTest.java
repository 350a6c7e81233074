package dev.ruleport.sigma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ruleport.runtime.EqlRegex;
import dev.ruleport.runtime.WildcardPattern;
import dev.ruleport.verify.Argv;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@link ArgumentRegex} against its definition: on every line of a small alphabet (spaces, a tab, a line feed, a NUL,
 * letters) the regex matches exactly when some token of {@link Argv#tokens} matches a pattern, both as the Lucene regex
 * and as the Sigma {@code |re} it becomes (read with PCRE's {@code $}: Java's search with UNIX_LINES and DOTALL).
 */
class ArgumentRegexTest {
    private static final String LINE_ALPHABET = "a b\t\n\0";

    @Test
    void matchesExactlyWhenSomeTokenMatches() throws Exception {
        List<String> lines = words(LINE_ALPHABET, 5);
        List<String> patterns = words("a*?\t", 3);
        patterns.remove("");
        int checked = 0;
        int matched = 0;
        for (String p : patterns) {
            for (boolean ci : new boolean[] {false, true}) {
                List<SigmaString> values = List.of(SigmaString.eqlWildcard(p));
                String lucene = ArgumentRegex.anyToken(values);
                WildcardPattern wp = WildcardPattern.compile(p, ci);
                EqlRegex re = EqlRegex.compile(lucene, ci);
                SigmaRegex.Sigma sigma = SigmaRegex.toSigma(lucene, ci);
                assertFalse(sigma.newlineGuard(), lucene);
                Pattern pcre = Pattern.compile(sigma.regex(), Pattern.UNIX_LINES | Pattern.DOTALL
                        | (sigma.ignoreCase() ? Pattern.CASE_INSENSITIVE : 0));
                for (String line : lines) {
                    boolean want = Argv.tokens(line).stream().anyMatch(wp::matches);
                    assertEquals(want, re.matches(line), () -> "pattern '" + p + "' on " + show(line) + ": " + lucene);
                    assertEquals(want, pcre.matcher(line).find(), () -> "pattern '" + p + "' on " + show(line) + ": " + sigma.regex());
                    checked++;
                    if (want) matched++;
                }
            }
        }
        assertTrue(matched > 20_000 && checked - matched > 20_000, matched + " of " + checked);
    }

    @Test
    void severalPatternsAreAnyOfThem() throws Exception {
        List<SigmaString> values = List.of(SigmaString.eqlWildcard("a*"), SigmaString.eqlWildcard("?b"), SigmaString.eqlWildcard("x y"));
        EqlRegex re = EqlRegex.compile(ArgumentRegex.anyToken(values), false);
        for (String line : words(LINE_ALPHABET, 5)) {
            boolean want = Argv.tokens(line).stream().anyMatch(t -> t.startsWith("a") || t.length() == 2 && t.charAt(1) == 'b');
            assertEquals(want, re.matches(line), () -> show(line));
        }
    }

    @Test
    void countsTokens() throws Exception {
        List<String> lines = words("a \t\0", 7);
        for (int k = 1; k <= 4; k++) {
            EqlRegex atLeast = EqlRegex.compile(ArgumentRegex.atLeast(k), false);
            EqlRegex exactly = EqlRegex.compile(ArgumentRegex.exactly(k), false);
            SigmaRegex.Sigma a = SigmaRegex.toSigma(ArgumentRegex.atLeast(k), false);
            SigmaRegex.Sigma e = SigmaRegex.toSigma(ArgumentRegex.exactly(k), false);
            assertFalse(a.newlineGuard() || e.newlineGuard());
            Pattern pa = Pattern.compile(a.regex(), Pattern.UNIX_LINES | Pattern.DOTALL);
            Pattern pe = Pattern.compile(e.regex(), Pattern.UNIX_LINES | Pattern.DOTALL);
            int n = k;
            int exact = 0;
            for (String line : lines) {
                int count = Argv.tokens(line).size();
                assertEquals(count >= n, atLeast.matches(line), () -> ">= " + n + " on " + show(line));
                assertEquals(count == n, exactly.matches(line), () -> "== " + n + " on " + show(line));
                assertEquals(count >= n, pa.matcher(line).find(), () -> ">= " + n + " on " + show(line) + ": " + a.regex());
                assertEquals(count == n, pe.matcher(line).find(), () -> "== " + n + " on " + show(line) + ": " + e.regex());
                if (count == n) exact++;
            }
            assertTrue(exact > 5, "lines with " + n + " tokens: " + exact);
        }
    }

    @Test
    void aValueWithASpaceIsNoArgument() {
        assertNull(ArgumentRegex.anyToken(List.of(SigmaString.literal("-c ls"))));
        assertNull(ArgumentRegex.anyToken(List.of(SigmaString.eqlWildcard("* *"))));
    }

    private static List<String> words(String alphabet, int maxLength) {
        List<String> out = new ArrayList<>();
        out.add("");
        int from = 0;
        for (int len = 1; len <= maxLength; len++) {
            int to = out.size();
            for (int i = from; i < to; i++) for (char c : alphabet.toCharArray()) out.add(out.get(i) + c);
            from = to;
        }
        return out;
    }

    private static String show(String s) {
        return "'" + s.replace("\0", "\\0").replace("\t", "\\t").replace("\n", "\\n") + "'";
    }
}
