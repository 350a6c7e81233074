package dev.ruleport.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Property: the automaton gives the verdict of the engine it replaced, java.util.regex running
 * {@link EqlRegex#javaRegex()} with {@code matches()} (which is exactly what {@code EqlRegex.matches}
 * did before), on random Lucene patterns and random values, case-sensitive and not.
 *
 * <p>Patterns are drawn from the whole syntax (classes, predefined classes, quoting, escapes,
 * intervals, {@code @ # ~ &}, every quantifier) over a small alphabet, so that values built from the
 * same alphabet often match; values also include line breaks, non-ASCII letters and a supplementary
 * code point.
 */
class EqlRegexDifferentialTest {
    /** {@code -Druleport.regex.seed=N -Druleport.regex.patterns=M} for a longer or different run. */
    static final long SEED = Long.getLong("ruleport.regex.seed", 20260301L);
    static final int PATTERNS = Integer.getInteger("ruleport.regex.patterns", 3_000);
    static final int VALUES_PER_PATTERN = 120;
    static final String VALUE_ALPHABET = "aabbAB01-. \n\u00e9\u00c9";

    @Test
    void automatonAgreesWithTheBacktrackingEngineOnRandomPatterns() {
        Random random = new Random(SEED);
        int compiled = 0;
        int refused = 0;
        int matched = 0;
        int compared = 0;
        int oldGaveUp = 0;
        List<String> exhaustive = shortStrings();
        for (int p = 0; p < PATTERNS; p++) {
            String pattern = pattern(random, 3);
            boolean ci = random.nextBoolean();
            EqlRegex regex;
            try {
                regex = EqlRegex.compile(pattern, ci);
            } catch (IllegalArgumentException e) {
                refused++;
                continue;
            }
            compiled++;
            Pattern old = Pattern.compile(regex.javaRegex());
            List<String> values = new ArrayList<>(exhaustive);
            for (int v = 0; v < VALUES_PER_PATTERN; v++) values.add(value(random));
            for (String v : values) {
                Boolean oldVerdict = BoundedText.matches(old, v);
                if (oldVerdict == null) {
                    oldGaveUp++; // the backtracking engine exceeded its budget: exactly what the automaton avoids
                    continue;
                }
                boolean expected = oldVerdict;
                assertEquals(expected, regex.matches(v),
                        () -> (ci ? "regex~ " : "regex ") + quoted(pattern) + " on " + quoted(v) + " (java: " + regex.javaRegex() + ")");
                compared++;
                if (expected) matched++;
            }
        }
        System.out.printf("regex differential: seed %d, %d patterns compiled, %d refused, %d values compared, %d matches,"
                + " %d values too slow for java.util.regex%n", SEED, compiled, refused, compared, matched, oldGaveUp);
        // the generator must exercise both verdicts and mostly valid syntax
        assertTrue(compiled > PATTERNS * 0.7, "compiled: " + compiled);
        assertTrue(matched > compared / 50, "matches: " + matched);
    }

    /**
     * A value that java.util.regex may read only so many times: catastrophic backtracking on a
     * random pattern ends in {@link #matches} returning null instead of running for minutes.
     */
    static final class BoundedText implements CharSequence {
        private static final long BUDGET = 2_000_000;
        private final String s;
        private long reads;

        private BoundedText(String s) {
            this.s = s;
        }

        static Boolean matches(Pattern p, String value) {
            try {
                return p.matcher(new BoundedText(value)).matches();
            } catch (OutOfBudget e) {
                return null;
            }
        }

        @Override
        public char charAt(int index) {
            if (++reads > BUDGET) throw new OutOfBudget();
            return s.charAt(index);
        }

        @Override
        public int length() {
            return s.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return s.subSequence(start, end);
        }

        @Override
        public String toString() {
            return s;
        }

        private static final class OutOfBudget extends RuntimeException {
            OutOfBudget() {
                super(null, null, false, false);
            }
        }
    }

    /** Every string of length 0 to 2 over a few characters. */
    private static List<String> shortStrings() {
        String chars = "aAb1";
        List<String> out = new ArrayList<>(List.of(""));
        for (char x : chars.toCharArray()) {
            out.add(String.valueOf(x));
            for (char y : chars.toCharArray()) out.add("" + x + y);
        }
        return out;
    }

    private static String value(Random r) {
        int n = r.nextInt(r.nextInt(10) < 8 ? 7 : 20);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (r.nextInt(60) == 0) sb.appendCodePoint(0x1F600);
            else sb.append(VALUE_ALPHABET.charAt(r.nextInt(VALUE_ALPHABET.length())));
        }
        return sb.toString();
    }

    static String pattern(Random r, int depth) {
        int alternatives = r.nextInt(6) == 0 ? 2 : 1;
        StringBuilder sb = new StringBuilder();
        for (int a = 0; a < alternatives; a++) {
            // ~ and & are supported over whole values only: mostly generate them there
            if (a > 0) sb.append(r.nextInt(depth == 3 ? 3 : 30) == 0 ? '&' : '|');
            int parts = 1 + r.nextInt(4);
            if (depth == 3 && r.nextInt(10) == 0) {
                sb.append("~(").append(pattern(r, depth - 1)).append(')');
                continue;
            }
            for (int i = 0; i < parts; i++) sb.append(repeat(r, depth));
        }
        return sb.toString();
    }

    private static String repeat(Random r, int depth) {
        String atom = (r.nextInt(60) == 0 ? "~" : "") + atom(r, depth);
        return switch (r.nextInt(12)) {
            case 0 -> atom + "?";
            case 1 -> atom + "*";
            case 2 -> atom + "+";
            case 3 -> atom + "{" + r.nextInt(3) + "}";
            case 4 -> atom + "{" + r.nextInt(3) + ",}";
            case 5 -> atom + "{" + r.nextInt(3) + "," + r.nextInt(4) + "}";
            case 6 -> atom + "*?";
            default -> atom;
        };
    }

    private static String atom(Random r, int depth) {
        switch (r.nextInt(depth > 0 ? 16 : 13)) {
            case 0: return ".";
            case 1: return "[" + (r.nextBoolean() ? "^" : "") + classBody(r) + "]";
            case 2: return "\\" + "dDsSwW".charAt(r.nextInt(6));
            case 3: return "\"" + literal(r, 1 + r.nextInt(3)) + "\"";
            case 4: return "\\" + ".*-\"\\".charAt(r.nextInt(5));
            case 5: return r.nextInt(4) == 0 ? "@" : r.nextInt(3) == 0 ? "#" : "()";
            case 6: return "<" + r.nextInt(20) + "-" + r.nextInt(120) + ">";
            case 13: case 14: case 15: return "(" + pattern(r, depth - 1) + ")";
            default: return literal(r, 1);
        }
    }

    private static String classBody(Random r) {
        StringBuilder sb = new StringBuilder();
        int items = 1 + r.nextInt(3);
        for (int i = 0; i < items; i++) {
            switch (r.nextInt(5)) {
                case 0 -> sb.append("a-").append("bcz".charAt(r.nextInt(3)));
                case 1 -> sb.append("A-").append("BZ".charAt(r.nextInt(2)));
                case 2 -> sb.append('\\').append("dDsSwW".charAt(r.nextInt(6)));
                case 3 -> sb.append("0-9");
                default -> sb.append(literal(r, 1));
            }
        }
        return sb.toString();
    }

    private static String literal(Random r, int n) {
        String chars = "aabAB1-";
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) sb.append(chars.charAt(r.nextInt(chars.length())));
        return sb.toString();
    }

    private static String quoted(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c < 0x20 || c > 0x7e) sb.append(String.format("\\u%04x", (int) c));
            else sb.append(c);
        }
        return sb.append('"').toString();
    }
}
