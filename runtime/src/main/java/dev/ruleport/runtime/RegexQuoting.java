package dev.ruleport.runtime;

/**
 * Writes literal text into regular-expression source so that it matches itself, escaping each
 * metacharacter with a backslash (instead of {@code \Q...\E}), which reads the same in
 * java.util.regex, PCRE (Splunk) and RE2 (Kusto). Shared by {@link WildcardPattern#toRegex()} and
 * {@link EqlRegex#javaRegex()} so every backend sees one normalized form.
 */
public final class RegexQuoting {
    private RegexQuoting() {}

    private static final String OUTSIDE_CLASS = "\\.[]{}()*+?^$|";
    private static final String INSIDE_CLASS = "\\[]^-&";

    /** The text quoted for use outside a character class. */
    public static String quote(String literal) {
        StringBuilder sb = new StringBuilder(literal.length() + 8);
        appendLiteral(sb, literal);
        return sb.toString();
    }

    /** Appends {@code literal} quoted for use outside a character class. */
    public static void appendLiteral(StringBuilder sb, CharSequence literal) {
        for (int i = 0; i < literal.length(); ) {
            int cp = Character.codePointAt(literal, i);
            appendCodePoint(sb, cp, false);
            i += Character.charCount(cp);
        }
    }

    /**
     * Appends one code point, escaped for use outside ({@code inClass == false}) or inside a
     * character class. Control characters and line/paragraph separators are written as
     * {@code \x{h}} so the text stays on one line and means the same in every dialect.
     */
    public static void appendCodePoint(StringBuilder sb, int cp, boolean inClass) {
        if (cp < 0x20 || cp == 0x7f || cp == 0x85 || cp == 0x2028 || cp == 0x2029) {
            sb.append("\\x{").append(Integer.toHexString(cp)).append('}');
            return;
        }
        String special = inClass ? INSIDE_CLASS : OUTSIDE_CLASS;
        if (cp < 0x80 && special.indexOf(cp) >= 0) {
            sb.append('\\');
        }
        sb.appendCodePoint(cp);
    }
}
