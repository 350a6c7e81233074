package dev.ruleport.spl;


/**
 * Quoting for the SPL ruleport writes. Every value that reaches the output goes through one of these
 * methods, so no value can leave its string or change the pipeline.
 * <ul>
 *   <li>SPL strings (search values and eval literals): {@code "…"} with {@code \} written {@code \\} and
 *       {@code "} written {@code \"}. Characters that have no safe spelling inside an SPL string (control
 *       characters, line breaks, and the backtick, which starts macros and {@code ```comments```}) are
 *       never written into a string: values holding them are matched by a regular expression in which
 *       they appear as {@code \x{h}} escapes ({@link #isSafeLiteral}).</li>
 *   <li>Regular expressions ({@code match}, {@code mvfind}): PCRE text quoted per character, then quoted
 *       again as an SPL string, so {@code \.} is written {@code "\\."} and a literal backslash
 *       {@code "\\\\"}.</li>
 *   <li>Field names: bare in search (only {@code [A-Za-z_][A-Za-z0-9_.]*}); single-quoted in eval
 *       ({@code 'process.name'}); names holding a quote, backslash, backtick or control character are
 *       refused by the writer.</li>
 * </ul>
 */
public final class SplStrings {
    private SplStrings() {}

    private static final String REGEX_META = "\\.[]{}()*+?^$|";

    /** An SPL double-quoted string holding {@code s} ({@code s} must be {@link #isSafeLiteral safe}). */
    public static String quote(String s) {
        if (!isSafeLiteral(s)) throw new IllegalArgumentException("not representable as an SPL string: " + s);
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' || c == '"') sb.append('\\');
            sb.append(c);
        }
        return sb.append('"').toString();
    }

    /** Whether {@code s} can be written inside an SPL string: no control character, line break or backtick. */
    public static boolean isSafeLiteral(String s) {
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (unsafe(cp)) return false;
            i += Character.charCount(cp);
        }
        return true;
    }

    static boolean unsafe(int cp) {
        return cp < 0x20 || cp == 0x7f || cp == 0x85 || cp == 0x2028 || cp == 0x2029 || cp == '`'
                || Character.getType(cp) == Character.FORMAT && cp > 0x7f && cp != 0x200d;
    }

    /** Whether every character is printable ASCII (so Splunk's and EQL's case folding agree on it). */
    public static boolean isPrintableAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '`') return false;
        }
        return true;
    }

    /** A field name as a search term may write it bare, or null when it cannot. */
    public static boolean isSearchField(String name) {
        // [A-Za-z_][A-Za-z0-9_.]*, as a loop
        if (name.isEmpty()) return false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'
                    || (i > 0 && ((c >= '0' && c <= '9') || c == '.'));
            if (!ok) return false;
        }
        return true;
    }

    /** Whether {@code name} can be written as {@code 'name'} in eval. */
    public static boolean isEvalField(String name) {
        if (name.isEmpty()) return false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '\'' || c == '\\' || c == '`' || c == '"' || c < 0x20 || c == 0x7f) return false;
        }
        return true;
    }

    /** {@code 'name'}: a field reference in an eval expression. */
    public static String evalField(String name) {
        if (!isEvalField(name)) throw new IllegalArgumentException("field name not writable in eval: " + name);
        return "'" + name + "'";
    }

    /**
     * Rewrites every field reference {@code 'name'} of an eval expression (outside its {@code "strings"}) through
     * {@code rewrite}, which gets the name and returns the text to put instead; {@code found}, when not null,
     * collects the names in order of appearance.
     */
    public static String rewriteEvalFields(String eval, java.util.function.UnaryOperator<String> rewrite,
                                           java.util.Collection<String> found) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < eval.length(); i++) {
            char c = eval.charAt(i);
            if (c == '"') {
                int j = i + 1;
                while (j < eval.length() && eval.charAt(j) != '"') j += eval.charAt(j) == '\\' ? 2 : 1;
                sb.append(eval, i, Math.min(j + 1, eval.length()));
                i = j;
            } else if (c == '\'') {
                int j = eval.indexOf('\'', i + 1);
                String name = eval.substring(i + 1, j);
                if (found != null && !found.contains(name)) found.add(name);
                sb.append(rewrite.apply(name));
                i = j;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * Appends one code point to PCRE text so that it matches itself. With {@code foldAscii} an ASCII
     * letter becomes {@code [aA]} (case-insensitive without the {@code (?i)} flag, which in UTF mode would
     * also fold non-ASCII characters such as U+212A into {@code k}). Unsafe characters and {@code "} are
     * written {@code \x{h}}.
     */
    public static void appendRegexChar(StringBuilder sb, int cp, boolean foldAscii) {
        if (unsafe(cp) || cp == '"' || cp == '#' || (cp > 0x7e && Character.isWhitespace(cp))) {
            sb.append("\\x{").append(Integer.toHexString(cp)).append('}');
            return;
        }
        if (foldAscii && cp < 0x80 && Character.isLetter(cp)) {
            sb.append('[').append((char) Character.toLowerCase(cp)).append((char) Character.toUpperCase(cp)).append(']');
            return;
        }
        if (cp < 0x80 && REGEX_META.indexOf(cp) >= 0) sb.append('\\');
        sb.appendCodePoint(cp);
    }

    /** PCRE text matching {@code literal} exactly. */
    public static String regexLiteral(String literal, boolean foldAscii) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < literal.length(); ) {
            int cp = literal.codePointAt(i);
            appendRegexChar(sb, cp, foldAscii);
            i += Character.charCount(cp);
        }
        return sb.toString();
    }

    /** Text for inside a {@code ```comment```}: no backtick runs, one line. */
    public static String commentText(String s) {
        if (s == null) return "";
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '`') sb.append('\'');
            else if (c == '\n' || c == '\r' || c == '\t' || c < 0x20 || c == 0x7f) {
                // a run of spaces becomes one
                if (sb.length() == 0 || sb.charAt(sb.length() - 1) != ' ') sb.append(' ');
            } else if (c == ' ') {
                if (sb.length() == 0 || sb.charAt(sb.length() - 1) != ' ') sb.append(' ');
            } else sb.append(c);
        }
        return sb.toString().strip();
    }
}
