package dev.ruleport.spl;

/**
 * Reads a PCRE pattern of the kind SPL's {@code match()}/{@code mvfind()} take back into a Lucene regular
 * expression (EQL {@code regex}), which always matches the whole value. Supported: inline flags {@code (?s)}
 * {@code (?i)} at the start, anchors {@code ^} at the start and {@code \z}/{@code $} at the end (absent anchors
 * become {@code .*}), {@code (?:...)} groups, classes, quantifiers, alternation, {@code \x{h}} escapes and
 * escaped punctuation, {@code \d \D \s \S \w \W}. Anything else (lookarounds, back-references, other escapes)
 * is an {@link IllegalArgumentException}: the reader does not guess.
 */
final class PcreToLucene {
    private PcreToLucene() {}

    /** Lucene's reserved characters, escaped when PCRE has them as literals. */
    private static final String LUCENE_RESERVED = ".?+*|{}[]()\"\\#@&<>~";

    record Result(String lucene, boolean caseInsensitive) {}

    static Result convert(String pcre) {
        int i = 0;
        boolean ci = false;
        boolean dotAll = false;
        if (pcre.startsWith("(?")) {
            int close = pcre.indexOf(')');
            String flags = close > 0 ? pcre.substring(2, close) : "";
            if (!flags.isEmpty() && flags.chars().allMatch(c -> c == 's' || c == 'i')) {
                ci = flags.indexOf('i') >= 0;
                dotAll = flags.indexOf('s') >= 0;
                i = close + 1;
            }
        }
        boolean anchoredStart = pcre.startsWith("^", i);
        if (anchoredStart) i++;
        int end = pcre.length();
        boolean anchoredEnd = false;
        if (pcre.endsWith("\\z") && !escapedBackslashBefore(pcre, end - 2)) { end -= 2; anchoredEnd = true; }
        else if (pcre.endsWith("$") && !escapedBackslashBefore(pcre, end - 1)) { end -= 1; anchoredEnd = true; }
        if (!dotAll && pcre.indexOf('.') >= 0) {
            throw new IllegalArgumentException("a PCRE '.' without (?s) does not match line breaks; EQL's does: " + pcre);
        }
        StringBuilder sb = new StringBuilder();
        if (!anchoredStart) sb.append(".*");
        boolean inClass = false;
        while (i < end) {
            char c = pcre.charAt(i);
            if (c == '\\') {
                if (i + 1 >= end) throw new IllegalArgumentException("dangling backslash in " + pcre);
                char n = pcre.charAt(i + 1);
                if (n == 'x' && i + 2 < end && pcre.charAt(i + 2) == '{') {
                    int close = pcre.indexOf('}', i + 3);
                    int cp = Integer.parseInt(pcre.substring(i + 3, close), 16);
                    appendLiteral(sb, cp);
                    i = close + 1;
                    continue;
                }
                if ("dDsSwW".indexOf(n) >= 0) {
                    sb.append('\\').append(n);
                } else if ("tnrfv".indexOf(n) >= 0) {
                    appendLiteral(sb, switch (n) { case 't' -> '\t'; case 'n' -> '\n'; case 'r' -> '\r'; case 'f' -> '\f'; default -> 0x0b; });
                } else if (inClass && !Character.isLetterOrDigit(n)) {
                    sb.append('\\').append(n); // keep '-', ']', '^' literal inside the class
                } else if (Character.isLetterOrDigit(n)) {
                    throw new IllegalArgumentException("PCRE escape \\" + n + " has no Lucene equivalent here: " + pcre);
                } else {
                    appendLiteral(sb, n);
                }
                i += 2;
                continue;
            }
            if (inClass) {
                if (c == ']') inClass = false;
                if ("\"#@&<>~".indexOf(c) >= 0) sb.append('\\');
                sb.append(c);
                i++;
                continue;
            }
            if (c == '[') {
                inClass = true;
                sb.append(c);
                i++;
                if (i < end && pcre.charAt(i) == '^') { sb.append('^'); i++; }
                if (i < end && pcre.charAt(i) == ']') { sb.append("\\]"); i++; }
                continue;
            }
            if (c == '(') {
                if (pcre.startsWith("(?:", i)) { sb.append('('); i += 3; continue; }
                if (pcre.startsWith("(?", i)) throw new IllegalArgumentException("PCRE group construct has no Lucene equivalent: " + pcre);
                sb.append('(');
                i++;
                continue;
            }
            if (c == '^' || c == '$') throw new IllegalArgumentException("an anchor inside the pattern: " + pcre);
            if ("\"#@&<>~".indexOf(c) >= 0) {
                sb.append('\\').append(c);
                i++;
                continue;
            }
            sb.append(c);
            i++;
        }
        if (!anchoredEnd) sb.append(".*");
        return new Result(sb.toString(), ci);
    }

    private static boolean escapedBackslashBefore(String s, int at) {
        int n = 0;
        for (int k = at - 1; k >= 0 && s.charAt(k) == '\\'; k--) n++;
        return n % 2 == 1;
    }

    private static void appendLiteral(StringBuilder sb, int cp) {
        if (cp < 0x80 && LUCENE_RESERVED.indexOf(cp) >= 0) sb.append('\\');
        sb.appendCodePoint(cp);
    }

    /** Lucene text for a literal string. */
    static String literal(String s) {
        StringBuilder sb = new StringBuilder();
        s.codePoints().forEach(cp -> appendLiteral(sb, cp));
        return sb.toString();
    }
}
