package dev.ruleport.kql;

/**
 * Turns the RE2 patterns the KQL writer emits back into Lucene (EQL {@code regex}) syntax, for the reader.
 * Handles exactly the writer's forms: {@code (?s)} or {@code (?is)}, then {@code ^...$} around literals escaped by
 * {@code RegexQuoting}, {@code .}, classes, {@code (?:...)} groups, quantifiers and alternation.
 */
final class Re2ToLucene {
    private Re2ToLucene() {}

    /** A Lucene pattern and whether it is case-insensitive ({@code regex~}). */
    record Result(String lucene, boolean caseInsensitive) {}

    /** Characters that are operators in Lucene but ordinary in RE2; a literal one needs a backslash. */
    private static final String LUCENE_ONLY = "\"<>@#~&";

    static Result convert(String re2) {
        boolean ci;
        String body;
        if (re2.startsWith("(?is)^")) {
            ci = true;
            body = re2.substring(6);
        } else if (re2.startsWith("(?s)^")) {
            ci = false;
            body = re2.substring(5);
        } else {
            throw new IllegalArgumentException("not a pattern this writer emits (expected (?s)^ or (?is)^): " + re2);
        }
        if (!body.endsWith("$")) throw new IllegalArgumentException("pattern not anchored with $: " + re2);
        body = body.substring(0, body.length() - 1);
        StringBuilder out = new StringBuilder();
        int i = 0;
        boolean inClass = false;
        while (i < body.length()) {
            char c = body.charAt(i);
            if (c == '\\') {
                if (i + 1 >= body.length()) throw new IllegalArgumentException("dangling backslash: " + re2);
                char n = body.charAt(i + 1);
                if (n == 'x' && i + 2 < body.length() && body.charAt(i + 2) == '{') {
                    int end = body.indexOf('}', i + 3);
                    int cp = Integer.parseInt(body.substring(i + 3, end), 16);
                    if (inClass) out.append('\\').appendCodePoint(cp);
                    else out.append('"').appendCodePoint(cp).append('"');
                    i = end + 1;
                    continue;
                }
                if (n == 't' || n == 'n' || n == 'r') {
                    char ch = n == 't' ? '\t' : n == 'n' ? '\n' : '\r';
                    if (inClass) out.append(ch);
                    else out.append('"').append(ch).append('"');
                    i += 2;
                    continue;
                }
                if (Character.isLetterOrDigit(n)) throw new IllegalArgumentException("escape \\" + n + " is not one this writer emits: " + re2);
                out.append('\\').append(n);
                i += 2;
                continue;
            }
            if (inClass) {
                if (c == ']') inClass = false;
                out.append(c);
                i++;
                continue;
            }
            if (c == '[') {
                inClass = true;
                out.append(c);
                i++;
                if (i < body.length() && body.charAt(i) == '^') {
                    out.append('^');
                    i++;
                }
                continue;
            }
            if (c == '(' && body.startsWith("(?:", i)) {
                out.append('(');
                i += 3;
                continue;
            }
            if (c == '(' && body.startsWith("(?", i)) throw new IllegalArgumentException("group flag not emitted by this writer: " + re2);
            if (LUCENE_ONLY.indexOf(c) >= 0) out.append('\\');
            out.appendCodePoint(body.codePointAt(i));
            i += Character.charCount(body.codePointAt(i));
        }
        return new Result(out.toString(), ci);
    }
}
