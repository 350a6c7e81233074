package dev.ruleport.kql;

import dev.ruleport.runtime.EqlRegex;
import dev.ruleport.runtime.RegexQuoting;
import dev.ruleport.runtime.WildcardPattern;

/**
 * RE2 pattern text (Kusto {@code matches regex}) for EQL wildcards and regular expressions. Every pattern is
 * anchored {@code ^...$} (RE2 searches unanchored; {@code $} without {@code (?m)} is the end of the text) and
 * starts with {@code (?s)} so that {@code .} also matches line breaks, as EQL's {@code ?} and {@code .} do.
 *
 * <p>Case-insensitive patterns use {@code (?i)} when every letter of their literal text is ASCII and none is k or s.
 * RE2's {@code (?i)} folds by Unicode: k also matches the Kelvin sign U+212A, s the long s U+017F, and a non-ASCII
 * letter its other cases, where EQL folds ASCII letters only. Such a pattern is written without the flag and each
 * ASCII letter as a class ({@code [aA]}): exact in every engine (a regex likewise, {@link EqlRegex#javaRegexWithoutFlag}).
 */
public final class Re2 {
    private Re2() {}

    /**
     * The whole-value regex for a wildcard pattern. {@code excluded} (may be null) is a character that
     * {@code *} and {@code ?} must not match: the path separator of a basename transform, or the dot of an
     * extension transform; {@code prefix} is written after {@code ^} (e.g. {@code (?:.*\\)?}).
     */
    public static String wildcard(WildcardPattern w, String prefix, Character excluded) {
        boolean flag = w.caseInsensitive() && foldsAsAscii(w.pattern());
        boolean expand = w.caseInsensitive() && !flag;
        StringBuilder sb = new StringBuilder(flag ? "(?is)^" : "(?s)^");
        if (prefix != null) sb.append(prefix);
        String any = excluded == null ? "." : "[^" + quoteInClass(excluded) + "]";
        for (int i = 0; i < w.segments().size(); i++) {
            if (i > 0) sb.append(any).append('*');
            String seg = w.segments().get(i);
            for (int j = 0; j < seg.length(); ) {
                int cp = seg.codePointAt(j);
                j += Character.charCount(cp);
                if (cp == '?') sb.append(any);
                else appendLiteral(sb, cp, expand);
            }
        }
        return sb.append('$').toString();
    }

    /** The whole-value regex for a literal (equality, prefix, ...): {@code before + literal + after}. */
    public static String literal(String text, boolean caseInsensitive, String before, String after) {
        boolean flag = caseInsensitive && foldsAsAscii(text);
        boolean expand = caseInsensitive && !flag;
        StringBuilder sb = new StringBuilder(flag ? "(?is)^" : "(?s)^").append(before);
        for (int j = 0; j < text.length(); ) {
            int cp = text.codePointAt(j);
            j += Character.charCount(cp);
            appendLiteral(sb, cp, expand);
        }
        return sb.append(after).append('$').toString();
    }

    /**
     * The RE2 text of an EQL (Lucene) regex, or null when it cannot be written exactly: lookarounds (from
     * Lucene's {@code ~ & #} operators) do not exist in RE2, and a case-insensitive pattern with non-ASCII text
     * would fold more under RE2's Unicode {@code (?i)} than under EQL's ASCII folding; so would one with a k or an s
     * (the Kelvin sign, the long s), or a character class, which may hold them: those are written without the flag.
     */
    public static String regex(EqlRegex r) {
        String java = r.javaRegex();
        if (!r.portable() || java.contains("(?=") || java.contains("(?!") || java.contains("(?<")) return null;
        boolean flag = java.startsWith("(?si)");
        if (flag && (!foldsAsAscii(r.source()) || r.source().indexOf('[') >= 0)) {
            // RE2 would fold k, s or a class by Unicode: each ASCII letter written with its other case instead
            return "(?s)^(?:" + r.javaRegexWithoutFlag().substring(4) + ")$";
        }
        String body = java.substring(flag ? 5 : 4);
        return (flag ? "(?is)^(?:" : "(?s)^(?:") + body + ")$";
    }

    /** Whether RE2's Unicode {@code (?i)} folds this text as EQL does: ASCII only, and no k or s. */
    static boolean foldsAsAscii(String s) {
        if (!isAsciiOnly(s)) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 'k' || c == 'K' || c == 's' || c == 'S') return false;
        }
        return true;
    }

    static boolean isAsciiOnly(String s) {
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) >= 0x80) return false;
        return true;
    }

    private static void appendLiteral(StringBuilder sb, int cp, boolean expandCase) {
        if (expandCase && ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z'))) {
            int lower = Character.toLowerCase(cp);
            sb.append('[').appendCodePoint(lower).appendCodePoint(Character.toUpperCase(cp)).append(']');
        } else {
            RegexQuoting.appendCodePoint(sb, cp, false);
        }
    }

    private static String quoteInClass(char c) {
        StringBuilder sb = new StringBuilder();
        RegexQuoting.appendCodePoint(sb, c, true);
        return sb.toString();
    }
}
