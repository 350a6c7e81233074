package dev.ruleport.runtime;

/**
 * The one place that defines case-insensitive comparison for EQL ({@code :}, {@code like~},
 * {@code in~}, {@code regex~} and the {@code fn~} function variants).
 *
 * <p><b>Decision: fold ASCII letters only ({@code A-Z} to {@code a-z}); every other code point is
 * left as is.</b> Evidence: Elasticsearch builds case-insensitive term and wildcard queries with
 * {@code AutomatonQueries.toCaseInsensitiveChar}, which adds the other case only for code points
 * up to 128 ("For now we only work with ASCII characters"), and the {@code regexp} query passes
 * Lucene's {@code RegExp.ASCII_CASE_INSENSITIVE}. So in Elasticsearch {@code "É" : "é"} is false.
 * The scripted path of the string functions ({@code startsWith~} on a computed value) uses
 * {@code String.toLowerCase(Locale.ROOT)} instead, which also folds non-ASCII letters; we do not
 * copy that inconsistency: one fold everywhere, ASCII only. Folding ASCII keeps the UTF-16 length
 * and every index unchanged, so {@code indexOf~} and {@code between~} can report positions in the
 * original string.
 */
public final class CaseFold {
    private CaseFold() {}

    /** Folds ASCII upper-case letters to lower case. Returns {@code s} itself when nothing changes. */
    public static String fold(String s) {
        if (s == null) {
            return null;
        }
        Folded last = lastFolded;
        if (last != null && last.from == s) {
            return last.to;
        }
        int n = s.length();
        int i = 0;
        while (i < n && !isAsciiUpper(s.charAt(i))) {
            i++;
        }
        if (i == n) {
            return s; // common case: no allocation
        }
        char[] chars = s.toCharArray();
        for (; i < n; i++) {
            char c = chars[i];
            if (isAsciiUpper(c)) {
                chars[i] = (char) (c + ('a' - 'A'));
            }
        }
        String folded = new String(chars);
        lastFolded = new Folded(s, folded);
        return folded;
    }

    /**
     * The last string folded (the same string object, so the same text) and its fold: rules test one event value
     * against many patterns in a row (60 paths in one rule), each folding it, and a copy per pattern was a sixth of
     * matching. An immutable pair, so a thread sees either pair whole; threads overwriting each other only miss.
     */
    private record Folded(String from, String to) {}

    private static Folded lastFolded;

    /** Folds one code point (ASCII letters only). */
    public static int fold(int codePoint) {
        return codePoint >= 'A' && codePoint <= 'Z' ? codePoint + ('a' - 'A') : codePoint;
    }

    /** Case-insensitive equality under {@link #fold(String)}; no allocation. */
    public static boolean equalsIgnoreCase(String a, String b) {
        if (a.length() != b.length()) {
            return false;
        }
        for (int i = 0; i < a.length(); i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y && fold(x) != fold(y)) {
                return false;
            }
        }
        return true;
    }

    static boolean isAsciiUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    static boolean isAsciiLetter(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    /** The other case of an ASCII letter, or the code point itself. */
    static int otherCase(int c) {
        if (c >= 'A' && c <= 'Z') {
            return c + ('a' - 'A');
        }
        if (c >= 'a' && c <= 'z') {
            return c - ('a' - 'A');
        }
        return c;
    }
}
