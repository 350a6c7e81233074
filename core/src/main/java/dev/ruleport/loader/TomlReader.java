package dev.ruleport.loader;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A TOML reader made for rule files: one pass over the text with no lexer generator (rule files are
 * mostly long investigation guides, which a general lexer reads character by character through its
 * automaton), keeping the offset of every key and value so that diagnostics can point at them.
 *
 * <p>It reads TOML 1.1, as tomlj 2.2 (ruleport's reader before this one) did: TOML 1.0 plus seconds
 * optional in times, the {@code \e} and {@code \xHH} escapes, and inline tables over several lines
 * with a trailing comma.
 *
 * <p>Values are {@code String}, {@code Long}, {@code Double}, {@code Boolean}, {@code OffsetDateTime},
 * {@code LocalDateTime}, {@code LocalDate}, {@code LocalTime}, {@code List} and {@link Table}, the
 * Java types tomlj gives, so rules read the same as they did through it. The first error stops the
 * read: {@link TomlError} names its offset.
 */
final class TomlReader {
    /** A syntax or structure error at an offset of the text. */
    static final class TomlError extends Exception {
        private final int offset;

        TomlError(int offset, String message) {
            super(message, null, false, false);
            this.offset = offset;
        }

        int offset() { return offset; }
    }

    /** How a table came to exist; it decides what may still add to it. */
    enum Kind {
        /** A {@code [header]}. */
        HEADER,
        /** A parent named only on the way to a header ({@code a} in {@code [a.b]}); a later {@code [a]} may still define it. */
        IMPLICIT,
        /** Made by a dotted key ({@code a} in {@code a.b = 1}); only dotted keys of the same section add to it. */
        DOTTED,
        /** An element of an array of tables ({@code [[a]]}). */
        ARRAY_ELEMENT,
        /** An inline table; closed once written. */
        INLINE
    }

    /** A table: entries in the order written, and where each key and value starts. */
    static final class Table {
        final Map<String, Object> values = new LinkedHashMap<>();
        private final Map<String, int[]> offsets = new HashMap<>();
        Kind kind;
        /** The section ({@code [header]} or array element) whose dotted keys made this table. */
        Table section;

        Table(Kind kind) { this.kind = kind; }

        /** Offset of the key as written (for a table made by a header: the header's key). */
        int keyOffset(String key) { return offsets.get(key)[0]; }

        /** Offset of the value's first character (a table made by a header: its {@code [}). */
        int valueOffset(String key) { return offsets.get(key)[1]; }

        void put(String key, Object value, int keyOffset, int valueOffset) {
            values.put(key, value);
            offsets.put(key, new int[] {keyOffset, valueOffset});
        }
    }

    /** An array of tables ({@code [[a]]}), which later headers may extend; a value array ({@code a = []}) is a plain list. */
    static final class TableArray extends ArrayList<Object> {
        TableArray() { super(2); }
    }

    private final String text;
    private final int length;
    private int pos;

    private TomlReader(String text) {
        this.text = text;
        this.length = text.length();
    }

    /** Reads a whole document into its root table. */
    static Table read(String text) throws TomlError {
        return new TomlReader(text).document();
    }

    private Table document() throws TomlError {
        Table root = new Table(Kind.HEADER);
        Table current = root;
        while (true) {
            skipSpaces();
            if (pos >= length) break;
            char c = text.charAt(pos);
            if (c == '[') {
                current = header(root);
            } else if (c != '#' && c != '\n' && c != '\r') {
                keyValue(current, current);
            }
            endOfLine();
        }
        return root;
    }

    /** After an expression: spaces, an optional comment, then a newline or the end. */
    private void endOfLine() throws TomlError {
        skipSpaces();
        if (pos < length && text.charAt(pos) == '#') comment();
        if (pos >= length) return;
        if (!newline()) throw unexpected("a newline or end-of-input");
    }

    private void comment() throws TomlError {
        pos++;
        while (pos < length) {
            char c = text.charAt(pos);
            if (c == '\n' || c == '\r' && pos + 1 < length && text.charAt(pos + 1) == '\n') return;
            if (isControl(c)) throw new TomlError(pos, "Control characters are not allowed in comments");
            pos++;
        }
    }

    /** Consumes LF or CRLF; false when neither is next. */
    private boolean newline() {
        if (pos < length && text.charAt(pos) == '\n') {
            pos++;
            return true;
        }
        if (pos + 1 < length && text.charAt(pos) == '\r' && text.charAt(pos + 1) == '\n') {
            pos += 2;
            return true;
        }
        return false;
    }

    private void skipSpaces() {
        while (pos < length) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t') return;
            pos++;
        }
    }

    /** Spaces, newlines and comments, as allowed between the elements of an array or inline table. */
    private void skipArraySpace() throws TomlError {
        while (true) {
            skipSpaces();
            if (pos >= length) return;
            char c = text.charAt(pos);
            if (c == '#') comment();
            else if (!newline()) return;
        }
    }

    // ---- tables -------------------------------------------------------------------------------

    private Table header(Table root) throws TomlError {
        int start = pos;
        boolean array = text.startsWith("[[", pos);
        pos += array ? 2 : 1;
        skipSpaces();
        int keyStart = pos;
        List<String> key = key();
        skipSpaces();
        if (array ? !text.startsWith("]]", pos) : pos >= length || text.charAt(pos) != ']') {
            throw unexpected(array ? "]]" : "]");
        }
        pos += array ? 2 : 1;
        Table parent = root;
        for (int i = 0; i < key.size() - 1; i++) parent = descendForHeader(parent, key.get(i), keyStart, start);
        String last = key.get(key.size() - 1);
        Object existing = parent.values.get(last);
        if (array) {
            TableArray tables;
            if (existing == null) {
                tables = new TableArray();
                parent.put(last, tables, keyStart, start);
            } else if (existing instanceof TableArray a) {
                tables = a;
            } else {
                throw previouslyDefined(keyStart, dotted(key), parent, last);
            }
            Table element = new Table(Kind.ARRAY_ELEMENT);
            tables.add(element);
            return element;
        }
        if (existing == null) {
            Table t = new Table(Kind.HEADER);
            parent.put(last, t, keyStart, start);
            return t;
        }
        if (existing instanceof Table t && t.kind == Kind.IMPLICIT) {
            t.kind = Kind.HEADER;
            parent.put(last, t, keyStart, start); // the header is where it is defined
            return t;
        }
        throw previouslyDefined(keyStart, dotted(key), parent, last);
    }

    /** A step of a header's key: into a table (made implicitly if absent) or the last table of an array of tables. */
    private Table descendForHeader(Table parent, String name, int keyStart, int headerStart) throws TomlError {
        Object v = parent.values.get(name);
        if (v == null) {
            Table t = new Table(Kind.IMPLICIT);
            parent.put(name, t, keyStart, headerStart);
            return t;
        }
        if (v instanceof Table t && t.kind != Kind.INLINE) return t;
        if (v instanceof TableArray a) return (Table) a.get(a.size() - 1);
        throw previouslyDefined(keyStart, name, parent, name);
    }

    private void keyValue(Table table, Table section) throws TomlError {
        int keyStart = pos;
        List<String> key = key();
        skipSpaces();
        if (pos >= length || text.charAt(pos) != '=') throw unexpected("=");
        pos++;
        skipSpaces();
        Table target = table;
        for (int i = 0; i < key.size() - 1; i++) {
            String name = key.get(i);
            Object v = target.values.get(name);
            if (v == null) {
                Table t = new Table(Kind.DOTTED);
                t.section = section;
                target.put(name, t, keyStart, keyStart);
                target = t;
            } else if (v instanceof Table t && t.kind == Kind.DOTTED && t.section == section) {
                target = t;
            } else {
                throw previouslyDefined(keyStart, name, target, name);
            }
        }
        String last = key.get(key.size() - 1);
        if (target.values.containsKey(last)) throw previouslyDefined(keyStart, last, target, last);
        int valueStart = pos;
        target.put(last, value(), keyStart, valueStart);
    }

    private TomlError previouslyDefined(int at, String shown, Table table, String key) {
        int[] first = table.offsets.get(key);
        int[] lc = lineColumn(text, first[0]);
        return new TomlError(at, shown + " previously defined at line " + lc[0] + ", column " + lc[1]);
    }

    private static String dotted(List<String> key) { return String.join(".", key); }

    // ---- keys ---------------------------------------------------------------------------------

    private List<String> key() throws TomlError {
        List<String> parts = new ArrayList<>(2);
        while (true) {
            parts.add(simpleKey());
            skipSpaces();
            if (pos < length && text.charAt(pos) == '.') {
                pos++;
                skipSpaces();
            } else {
                return parts;
            }
        }
    }

    private String simpleKey() throws TomlError {
        if (pos >= length) throw unexpected("a key");
        char c = text.charAt(pos);
        if (c == '"') {
            if (text.startsWith("\"\"\"", pos)) throw unexpected("a key");
            return basicString();
        }
        if (c == '\'') {
            if (text.startsWith("'''", pos)) throw unexpected("a key");
            return literalString();
        }
        int start = pos;
        while (pos < length && isBareKeyChar(text.charAt(pos))) pos++;
        if (pos == start) throw unexpected("a key");
        return text.substring(start, pos);
    }

    private static boolean isBareKeyChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-';
    }

    // ---- values -------------------------------------------------------------------------------

    private Object value() throws TomlError {
        if (pos >= length) throw unexpected("a value");
        char c = text.charAt(pos);
        switch (c) {
            case '"':
                return text.startsWith("\"\"\"", pos) ? multilineBasicString() : basicString();
            case '\'':
                return text.startsWith("'''", pos) ? multilineLiteralString() : literalString();
            case '[':
                return array();
            case '{':
                return inlineTable();
            case 't':
                return keyword("true", Boolean.TRUE);
            case 'f':
                return keyword("false", Boolean.FALSE);
            default:
                return scalar();
        }
    }

    private Object keyword(String word, Object value) throws TomlError {
        if (!text.startsWith(word, pos) || pos + word.length() < length && isBareKeyChar(text.charAt(pos + word.length()))) {
            throw unexpected("a value");
        }
        pos += word.length();
        return value;
    }

    private List<Object> array() throws TomlError {
        pos++; // [
        List<Object> out = new ArrayList<>();
        while (true) {
            skipArraySpace();
            if (pos < length && text.charAt(pos) == ']') {
                pos++;
                return out;
            }
            out.add(value());
            skipArraySpace();
            if (pos < length && text.charAt(pos) == ',') {
                pos++;
            } else if (pos < length && text.charAt(pos) == ']') {
                pos++;
                return out;
            } else {
                throw unexpected(", or ]");
            }
        }
    }

    private Table inlineTable() throws TomlError {
        pos++; // {
        Table t = new Table(Kind.DOTTED);
        t.section = t;
        while (true) {
            skipArraySpace();
            if (pos < length && text.charAt(pos) == '}') {
                pos++;
                close(t);
                return t;
            }
            keyValue(t, t);
            skipArraySpace();
            if (pos < length && text.charAt(pos) == ',') {
                pos++;
            } else if (pos < length && text.charAt(pos) == '}') {
                pos++;
                close(t);
                return t;
            } else {
                throw unexpected(", or }");
            }
        }
    }

    /** An inline table and the tables its dotted keys made are complete once written. */
    private static void close(Table t) {
        t.kind = Kind.INLINE;
        for (Object v : t.values.values()) {
            if (v instanceof Table sub && sub.kind == Kind.DOTTED) close(sub);
        }
    }

    // ---- strings ------------------------------------------------------------------------------

    private String basicString() throws TomlError {
        pos++; // "
        int start = pos;
        StringBuilder sb = null;
        while (true) {
            if (pos >= length) throw unexpected("\" or a character");
            char c = text.charAt(pos);
            if (c == '"') {
                String s = sb == null ? text.substring(start, pos) : sb.append(text, start, pos).toString();
                pos++;
                return s;
            }
            if (c == '\\') {
                if (sb == null) sb = new StringBuilder();
                sb.append(text, start, pos);
                escape(sb);
                start = pos;
            } else if (c == '\n' || c == '\r') {
                throw unexpected("\" or a character");
            } else if (isControl(c)) {
                throw new TomlError(pos, "Control characters are not allowed in strings");
            } else {
                pos++;
            }
        }
    }

    private String multilineBasicString() throws TomlError {
        pos += 3;
        newline(); // a newline right after the delimiter is not part of the string
        StringBuilder sb = new StringBuilder();
        int start = pos;
        while (true) {
            if (pos >= length) throw new TomlError(pos, "Unexpected end of input, expected \"\"\"");
            char c = text.charAt(pos);
            if (c == '"' && text.startsWith("\"\"\"", pos)) {
                int quotes = closingQuotes('"');
                sb.append(text, start, pos + quotes - 3);
                pos += quotes;
                return sb.toString();
            }
            if (c == '\\') {
                sb.append(text, start, pos);
                if (lineEndingBackslash()) {
                    start = pos;
                    continue;
                }
                escape(sb);
                start = pos;
            } else if (c == '\r') {
                if (pos + 1 >= length || text.charAt(pos + 1) != '\n') throw new TomlError(pos, "Control characters are not allowed in strings");
                pos += 2;
            } else if (c != '\n' && isControl(c)) {
                throw new TomlError(pos, "Control characters are not allowed in strings");
            } else {
                pos++;
            }
        }
    }

    /** {@code \} then spaces up to a newline: the backslash, the newline and the spaces that follow are dropped. */
    private boolean lineEndingBackslash() throws TomlError {
        int p = pos + 1;
        while (p < length && (text.charAt(p) == ' ' || text.charAt(p) == '\t')) p++;
        if (p < length && (text.charAt(p) == '\n' || text.charAt(p) == '\r')) {
            pos = p;
            while (pos < length) {
                char c = text.charAt(pos);
                if (c == ' ' || c == '\t') pos++;
                else if (!newline()) break;
            }
            return true;
        }
        return false;
    }

    /** At three or more closing quotes: how many end the string (up to two more belong to its content). */
    private int closingQuotes(char quote) throws TomlError {
        int n = 0;
        while (pos + n < length && text.charAt(pos + n) == quote) n++;
        if (n > 5) throw new TomlError(pos + 5, "Unexpected '" + quote + "', expected a newline or end-of-input");
        return n;
    }

    private void escape(StringBuilder sb) throws TomlError {
        int at = pos;
        pos++; // backslash
        if (pos >= length) throw new TomlError(at, "Invalid escape sequence");
        char e = text.charAt(pos++);
        switch (e) {
            case 'b' -> sb.append('\b');
            case 't' -> sb.append('\t');
            case 'n' -> sb.append('\n');
            case 'f' -> sb.append('\f');
            case 'r' -> sb.append('\r');
            case '"' -> sb.append('"');
            case '\\' -> sb.append('\\');
            case 'e' -> sb.append('\u001b');
            case 'x' -> sb.appendCodePoint(unicode(at, 2));
            case 'u' -> sb.appendCodePoint(unicode(at, 4));
            case 'U' -> sb.appendCodePoint(unicode(at, 8));
            default -> throw new TomlError(at, "Invalid escape sequence \\" + e);
        }
    }

    private int unicode(int at, int digits) throws TomlError {
        if (pos + digits > length) throw new TomlError(at, "Invalid unicode escape sequence");
        int cp = 0;
        for (int i = 0; i < digits; i++) {
            int d = Character.digit(text.charAt(pos + i), 16);
            if (d < 0) throw new TomlError(at, "Invalid unicode escape sequence");
            cp = cp * 16 + d;
            if (cp > Character.MAX_CODE_POINT) throw new TomlError(at, "Invalid unicode code point " + text.substring(at, pos + digits));
        }
        if (cp >= 0xD800 && cp <= 0xDFFF) throw new TomlError(at, "Invalid unicode code point " + text.substring(at, pos + digits));
        pos += digits;
        return cp;
    }

    private String literalString() throws TomlError {
        pos++; // '
        int start = pos;
        while (true) {
            if (pos >= length) throw unexpected("' or a character");
            char c = text.charAt(pos);
            if (c == '\'') return text.substring(start, pos++);
            if (c == '\n' || c == '\r') throw unexpected("' or a character");
            if (isControl(c)) throw new TomlError(pos, "Control characters are not allowed in strings");
            pos++;
        }
    }

    private String multilineLiteralString() throws TomlError {
        pos += 3;
        newline();
        int start = pos;
        int end = text.indexOf("'''", pos);
        if (end < 0) {
            pos = length;
            throw new TomlError(length, "Unexpected end of input, expected '''");
        }
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c == '\r' ? i + 1 >= length || text.charAt(i + 1) != '\n' : c != '\n' && isControl(c)) {
                throw new TomlError(i, "Control characters are not allowed in strings");
            }
        }
        pos = end;
        int quotes = closingQuotes('\'');
        pos += quotes;
        return text.substring(start, end + quotes - 3);
    }

    /** Characters TOML forbids outside multi-line strings: C0 controls but tab, and DEL. */
    private static boolean isControl(char c) {
        return c < 0x20 && c != '\t' || c == 0x7F;
    }

    // ---- numbers, dates and times -------------------------------------------------------------

    private Object scalar() throws TomlError {
        int start = pos;
        char c = text.charAt(pos);
        if (isDigit(c) && pos + 4 < length && text.charAt(pos + 4) == '-' && allDigits(pos, 4)) return dateTime(start);
        if (isDigit(c) && pos + 2 < length && text.charAt(pos + 2) == ':' && allDigits(pos, 2)) {
            LocalTime t = time();
            return t;
        }
        int end = pos;
        while (end < length && isNumberChar(text.charAt(end))) end++;
        if (end == start) throw unexpected("a value");
        String token = text.substring(start, end);
        pos = end;
        Object n = number(token);
        if (n == null) throw new TomlError(start, "Invalid number " + token);
        return n;
    }

    private static boolean isNumberChar(char c) {
        return isDigit(c) || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == '+' || c == '-' || c == '.';
    }

    private static boolean isDigit(char c) { return c >= '0' && c <= '9'; }

    private boolean allDigits(int from, int count) {
        for (int i = from; i < from + count; i++) if (i >= length || !isDigit(text.charAt(i))) return false;
        return true;
    }

    /** An integer or float token, or null when it is neither. */
    private static Object number(String token) {
        String body = token;
        boolean signed = body.startsWith("+") || body.startsWith("-");
        String unsigned = signed ? body.substring(1) : body;
        switch (unsigned) {
            case "inf":
                return token.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            case "nan":
                return Double.NaN;
            default:
                break;
        }
        if (unsigned.length() > 2 && unsigned.charAt(0) == '0' && "xob".indexOf(unsigned.charAt(1)) >= 0) {
            if (signed) return null;
            int radix = unsigned.charAt(1) == 'x' ? 16 : unsigned.charAt(1) == 'o' ? 8 : 2;
            String digits = digits(unsigned.substring(2), radix);
            if (digits == null) return null;
            try {
                return Long.parseLong(digits, radix);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        int exp = Math.max(unsigned.indexOf('e'), unsigned.indexOf('E'));
        int dot = unsigned.indexOf('.');
        String intPart = unsigned.substring(0, dot >= 0 ? dot : exp >= 0 ? exp : unsigned.length());
        String intDigits = digits(intPart, 10);
        if (intDigits == null || intDigits.length() > 1 && intDigits.charAt(0) == '0') return null;
        if (dot < 0 && exp < 0) {
            try {
                return Long.parseLong(signed ? token.charAt(0) + intDigits : intDigits);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        StringBuilder d = new StringBuilder(token.length());
        if (token.charAt(0) == '-') d.append('-');
        d.append(intDigits);
        if (dot >= 0) {
            if (exp >= 0 && exp < dot) return null;
            String frac = digits(unsigned.substring(dot + 1, exp >= 0 ? exp : unsigned.length()), 10);
            if (frac == null) return null;
            d.append('.').append(frac);
        }
        if (exp >= 0) {
            String e = unsigned.substring(exp + 1);
            boolean expSigned = e.startsWith("+") || e.startsWith("-");
            String expDigits = digits(expSigned ? e.substring(1) : e, 10);
            if (expDigits == null) return null;
            d.append('e').append(e.startsWith("-") ? "-" : "").append(expDigits);
        }
        return Double.parseDouble(d.toString());
    }

    /** Digits of a radix with single underscores between them, the underscores removed; null when malformed. */
    private static String digits(String s, int radix) {
        if (s.isEmpty() || s.charAt(0) == '_' || s.charAt(s.length() - 1) == '_') return null;
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '_') {
                if (s.charAt(i - 1) == '_') return null;
            } else if (Character.digit(c, radix) >= 0 && c < 0x80) {
                out.append(c);
            } else {
                return null;
            }
        }
        return out.toString();
    }

    private Object dateTime(int start) throws TomlError {
        LocalDate date = date();
        boolean withTime = pos < length && (text.charAt(pos) == 'T' || text.charAt(pos) == 't'
                || text.charAt(pos) == ' ' && pos + 3 < length && allDigits(pos + 1, 2) && text.charAt(pos + 3) == ':');
        if (!withTime) return date;
        pos++;
        LocalTime time = time();
        if (pos < length && (text.charAt(pos) == 'Z' || text.charAt(pos) == 'z')) {
            pos++;
            return OffsetDateTime.of(date, time, ZoneOffset.UTC);
        }
        if (pos < length && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
            int at = pos;
            int sign = text.charAt(pos) == '-' ? -1 : 1;
            pos++;
            int hours = twoDigits();
            expect(':');
            int minutes = twoDigits();
            try {
                return OffsetDateTime.of(date, time, ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes));
            } catch (DateTimeException e) {
                throw new TomlError(at, "Invalid time offset " + text.substring(at, pos));
            }
        }
        return LocalDateTime.of(date, time);
    }

    private LocalDate date() throws TomlError {
        int at = pos;
        int year = fourDigits();
        expect('-');
        int month = twoDigits();
        expect('-');
        int day = twoDigits();
        try {
            return LocalDate.of(year, month, day);
        } catch (DateTimeException e) {
            throw new TomlError(at, "Invalid date " + text.substring(at, pos));
        }
    }

    private LocalTime time() throws TomlError {
        int at = pos;
        int hour = twoDigits();
        expect(':');
        int minute = twoDigits();
        int second = 0;
        int nanos = 0;
        if (pos >= length || text.charAt(pos) != ':') return localTime(at, hour, minute, 0, 0);
        pos++;
        second = twoDigits();
        if (pos < length && text.charAt(pos) == '.') {
            pos++;
            int digits = 0;
            while (pos < length && isDigit(text.charAt(pos))) {
                // precision beyond nanoseconds is truncated, as TOML allows
                if (digits < 9) nanos = nanos * 10 + (text.charAt(pos) - '0');
                digits++;
                pos++;
            }
            if (digits == 0) throw unexpected("a digit");
            for (int i = digits; i < 9; i++) nanos *= 10;
        }
        return localTime(at, hour, minute, second, nanos);
    }

    private LocalTime localTime(int at, int hour, int minute, int second, int nanos) throws TomlError {
        try {
            return LocalTime.of(hour, minute, second, nanos);
        } catch (DateTimeException e) {
            throw new TomlError(at, "Invalid time " + text.substring(at, pos));
        }
    }

    private int fourDigits() throws TomlError {
        return twoDigits() * 100 + twoDigits();
    }

    private int twoDigits() throws TomlError {
        if (!allDigits(pos, 2)) throw unexpected("a digit");
        int v = (text.charAt(pos) - '0') * 10 + text.charAt(pos + 1) - '0';
        pos += 2;
        return v;
    }

    private void expect(char c) throws TomlError {
        if (pos >= length || text.charAt(pos) != c) throw unexpected("'" + c + "'");
        pos++;
    }

    // ---- errors and positions -----------------------------------------------------------------

    private TomlError unexpected(String expected) {
        String found;
        if (pos >= length) found = "end of input";
        else if (text.charAt(pos) == '\n' || text.charAt(pos) == '\r') found = "end of line";
        else found = "'" + printable(text.codePointAt(pos)) + "'";
        return new TomlError(pos, "Unexpected " + found + ", expected " + expected);
    }

    private static String printable(int cp) {
        if (cp < 0x20 || cp == 0x7F || Character.isWhitespace(cp) && cp != ' ' || cp == 0xFEFF) {
            return String.format("\\u%04x", cp);
        }
        return new String(Character.toChars(cp));
    }

    /** 1-based line and column (in UTF-16 units, as editors and the EQL positions count) of an offset. */
    static int[] lineColumn(String text, int offset) {
        int line = 1;
        int lineStart = 0;
        int end = Math.min(offset, text.length());
        for (int i = text.indexOf('\n'); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) {
            line++;
            lineStart = i + 1;
        }
        return new int[] {line, offset - lineStart + 1};
    }
}
