package dev.ruleport.kql;


/**
 * How values and names are written into KQL text so that nothing breaks out of its literal.
 *
 * <ul>
 *   <li>A string literal is verbatim ({@code @"..."}, backslash literal, {@code "} doubled) when the value has a
 *       backslash and no line break or tab; otherwise a regular literal ({@code "..."}) with the documented escapes
 *       {@code \\ \" \t \n \r}. Other control characters cannot be written in either form with a documented
 *       meaning: {@link #hasUnwritableCharacter} tells the writer to route such a comparison through an RE2
 *       pattern ({@code \x{h}}), where they are expressible.</li>
 *   <li>A column name that is not {@code [A-Za-z_][A-Za-z0-9_]*} (every ECS name with a dot) is written
 *       {@code ['name']} with {@code \\} and {@code \'} escaped.</li>
 * </ul>
 */
public final class KqlText {
    private KqlText() {}

    /** {@code [A-Za-z_][A-Za-z0-9_]*}, as a loop (every column reference asks). */
    static boolean isIdentifier(String name) {
        if (name.isEmpty()) return false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (i > 0 && c >= '0' && c <= '9');
            if (!ok) return false;
        }
        return true;
    }

    /** Kusto keywords that cannot stand as bare column names in the subset we write. */
    private static final java.util.Set<String> RESERVED = java.util.Set.of("and", "or", "not", "in", "has", "true",
            "false", "by", "on", "with", "step", "let", "where", "extend", "project", "sort", "asc", "desc", "scan",
            "partition", "union", "declare", "output", "contains", "startswith", "endswith", "matches", "regex",
            "between", "dynamic", "null", "typeof", "to", "kind", "hint");

    /** A column reference. */
    /** How a query refers to a mapped field: its column, or the profile's computed expression in parentheses. */
    public static String ref(dev.ruleport.mapping.FieldMapping m) {
        return m.computed() ? "(" + m.expression() + ")" : column(m.target());
    }

    public static String column(String name) {
        if (isIdentifier(name) && !RESERVED.contains(name.toLowerCase(java.util.Locale.ROOT))) return name;
        StringBuilder sb = new StringBuilder("['");
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '\\' || c == '\'') sb.append('\\');
            sb.append(c);
        }
        return sb.append("']").toString();
    }

    /** Whether {@code s} has a character no string literal form writes with a documented meaning. */
    public static boolean hasUnwritableCharacter(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) return true;
            if (Character.isSurrogate(c)) {
                // a lone surrogate cannot be encoded in UTF-8 (Kusto stores UTF-8)
                if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return true;
                }
            }
        }
        return false;
    }

    /** A string literal meaning exactly {@code value}. Precondition: {@code !hasUnwritableCharacter(value)}. */
    public static String string(String value) {
        if (hasUnwritableCharacter(value)) throw new IllegalArgumentException("unwritable character in " + value);
        boolean control = value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0 || value.indexOf('\t') >= 0;
        if (value.indexOf('\\') >= 0 && !control) return verbatim(value);
        StringBuilder sb = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    /** A verbatim literal {@code @"..."}: the backslash is literal, {@code "} is doubled. No line breaks. */
    public static String verbatim(String value) {
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("a verbatim literal cannot hold a line break");
        }
        return "@\"" + value.replace("\"", "\"\"") + "\"";
    }

    /** A timespan literal for a maxspan: Kusto spells the units {@code ms s m h d} as EQL does. */
    public static String timespan(dev.ruleport.ir.TimeSpan span) {
        return span.amount() + span.unit().symbol();
    }

    /** One comment line per line of {@code text}, each starting with {@code // }. Nothing escapes a line comment. */
    public static String comment(String text) {
        // lines end at \r\n, \r, \n, U+2028, U+2029 or U+0085; in a line, ASCII control characters but the tab
        // become '?' and trailing white space goes (a char loop: this runs for every rule's header)
        int n = text.length();
        StringBuilder sb = new StringBuilder(n + 16);
        int i = 0;
        while (true) {
            sb.append("// ");
            int start = sb.length();
            for (; i < n; i++) {
                char c = text.charAt(i);
                if (c == '\n' || c == '\r' || c == '\u2028' || c == '\u2029' || c == '\u0085') break;
                sb.append((c < 0x20 && c != '\t') || c == 0x7f ? '?' : c);
            }
            int end = sb.length();
            while (end > start && Character.isWhitespace(sb.charAt(end - 1))) end--;
            sb.setLength(end);
            sb.append('\n');
            if (i >= n) return sb.toString();
            if (text.charAt(i++) == '\r' && i < n && text.charAt(i) == '\n') i++;
        }
    }
}
