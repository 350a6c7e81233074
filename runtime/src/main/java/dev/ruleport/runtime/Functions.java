package dev.ruleport.runtime;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * The EQL functions of Elasticsearch, over runtime values. A {@code boolean caseInsensitive}
 * parameter is the {@code fn~} variant; overloads without it are case-sensitive.
 *
 * <p>General rules (decisions):
 * <ul>
 *   <li>A null source/value argument gives a null result, as the reference documents for each
 *       function; exceptions (where the documentation or implementation says otherwise) are noted
 *       on the method.</li>
 *   <li>Where the Elasticsearch documentation and its implementation disagree, we follow the
 *       implementation (it is what a cluster returns) and say so. Where Elasticsearch and the Python
 *       {@code eql} package disagree, we follow Elasticsearch.</li>
 *   <li>String arguments accept strings; numbers and booleans are first rendered with
 *       {@link #string} (what a {@code keyword} field does with a JSON number). Numeric arguments
 *       accept numbers and numeric strings (what a numeric field does with a JSON string). Other
 *       types are an {@link IllegalArgumentException}: the type checker should have rejected them.</li>
 *   <li>Positions and lengths count UTF-16 units, as Java (and therefore Elasticsearch) does.</li>
 *   <li>Case-insensitive variants fold with {@link CaseFold} (ASCII only). Elasticsearch's scripted
 *       path uses {@code toLowerCase(Locale.ROOT)}, which also folds non-ASCII letters; see
 *       {@link CaseFold} for why we do not.</li>
 * </ul>
 */
public final class Functions {
    private Functions() {}

    // ------------------------------------------------------------------ arithmetic

    /** {@code add(a, b)}; null if either is null. Integral overflow is an {@link ArithmeticException}. */
    public static Number add(Object a, Object b) {
        return a == null || b == null ? null : Numbers.add(num("add", a), num("add", b));
    }

    public static Number subtract(Object a, Object b) {
        return a == null || b == null ? null : Numbers.subtract(num("subtract", a), num("subtract", b));
    }

    public static Number multiply(Object a, Object b) {
        return a == null || b == null ? null : Numbers.multiply(num("multiply", a), num("multiply", b));
    }

    /**
     * {@code divide(a, b)}: integral when both are integral (truncated: {@code divide(4, 3) == 1},
     * so {@code serial_event_id / 2 == 41} holds for 82 and 83); null if either is null; an integral
     * division by zero is an {@link ArithmeticException}.
     */
    public static Number divide(Object a, Object b) {
        return a == null || b == null ? null : Numbers.divide(num("divide", a), num("divide", b));
    }

    /** {@code modulo(a, b)}: Java {@code %} ({@code modulo(10, -6) == 4}); null if either is null. */
    public static Number modulo(Object a, Object b) {
        return a == null || b == null ? null : Numbers.modulo(num("modulo", a), num("modulo", b));
    }

    // ------------------------------------------------------------------ strings

    /** {@code between(source, left, right)}: not greedy, case-sensitive. */
    public static String between(Object source, Object left, Object right) {
        return between(source, left, right, Boolean.FALSE, false);
    }

    /**
     * {@code between(source, left, right, greedy)}: the text after the first {@code left} and before
     * the next {@code right} (greedy: before the last {@code right}).
     *
     * <p>Follows Elasticsearch's implementation: an empty source, left or right returns the source
     * unchanged ({@code between("abc", "", "")} is {@code "abc"}; Python eql gives {@code ""} when not
     * greedy); a left or right that is not found gives {@code ""} (Python gives null). Null source,
     * left or right gives null (Python; Elasticsearch's docs cover only the source). A null
     * {@code greedy} means false. Greedy with the last {@code right} before the end of {@code left}
     * gives {@code ""} (Elasticsearch would fail with an index error).
     */
    public static String between(Object source, Object left, Object right, Object greedy, boolean caseInsensitive) {
        String s = str("between", source);
        String l = str("between", left);
        String r = str("between", right);
        if (s == null || l == null || r == null) {
            return null;
        }
        boolean g = bool("between", greedy);
        if (s.isEmpty() || l.isEmpty() || r.isEmpty()) {
            return s;
        }
        String hay = caseInsensitive ? CaseFold.fold(s) : s;
        String lf = caseInsensitive ? CaseFold.fold(l) : l;
        String rf = caseInsensitive ? CaseFold.fold(r) : r;
        int at = hay.indexOf(lf);
        if (at < 0) {
            return "";
        }
        int start = at + lf.length();
        int end = g ? hay.lastIndexOf(rf) : hay.indexOf(rf, start);
        if (end < start) {
            return "";
        }
        return s.substring(start, end);
    }

    /**
     * {@code cidrMatch(ip, cidr...)}: null when the address or any block is null, or the address is
     * not an IP; an invalid block is an {@link IllegalArgumentException}. Generated code should
     * parse the blocks once and call {@link Cidr#matchAny}.
     */
    public static Boolean cidrMatch(Object address, Object... cidrs) {
        if (cidrs.length == 0) {
            throw new IllegalArgumentException("cidrMatch requires at least one CIDR block");
        }
        if (address == null) {
            return null;
        }
        List<Cidr> blocks = new ArrayList<>(cidrs.length);
        for (Object c : cidrs) {
            if (c == null) {
                return null;
            }
            blocks.add(Cidr.parse(str("cidrMatch", c)));
        }
        return Cidr.matchAny(address instanceof Ip ? address : str("cidrMatch", address), blocks);
    }

    /** {@code concat(v...)}: the values rendered with {@link #string} and joined; null if any is null. */
    public static String concat(Object... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("concat requires at least one argument");
        }
        StringBuilder sb = new StringBuilder();
        for (Object v : values) {
            if (v == null) {
                return null;
            }
            sb.append(string(v));
        }
        return sb.toString();
    }

    public static Boolean endsWith(Object source, Object suffix) {
        return endsWith(source, suffix, false);
    }

    /** {@code endsWith(source, suffix)}; {@code endsWith("", "")} is true; null if either is null. */
    public static Boolean endsWith(Object source, Object suffix, boolean caseInsensitive) {
        String s = str("endsWith", source);
        String x = str("endsWith", suffix);
        if (s == null || x == null) {
            return null;
        }
        return caseInsensitive ? CaseFold.fold(s).endsWith(CaseFold.fold(x)) : s.endsWith(x);
    }

    public static Integer indexOf(Object source, Object substring) {
        return indexOf(source, substring, null, false);
    }

    public static Integer indexOf(Object source, Object substring, Object start) {
        return indexOf(source, substring, start, false);
    }

    /**
     * {@code indexOf(source, substring[, start])}: first position at or after {@code start}, or null
     * when not found. Null source or substring gives null. Follows Elasticsearch's implementation
     * (Java {@code String.indexOf}): a null start means 0 (the docs say null; the implementation and
     * Python eql both return the match, {@code indexOf("foobarbaz", "o", null) == 1}), a negative
     * start means 0, and an empty substring is found at {@code min(start, length)}.
     */
    public static Integer indexOf(Object source, Object substring, Object start, boolean caseInsensitive) {
        String s = str("indexOf", source);
        String sub = str("indexOf", substring);
        if (s == null || sub == null) {
            return null;
        }
        int from = start == null ? 0 : integer("indexOf", start);
        int at = caseInsensitive ? CaseFold.fold(s).indexOf(CaseFold.fold(sub), from) : s.indexOf(sub, from);
        return at < 0 ? null : at;
    }

    /** {@code length(s)}: UTF-16 length; null for null. */
    public static Integer length(Object value) {
        String s = str("length", value);
        return s == null ? null : s.length();
    }

    public static Number number(Object value) {
        return number(value, null);
    }

    /**
     * {@code number(s[, base])}. Surrounding whitespace is ignored. A string starting with
     * {@code 0x} is hexadecimal when the base is null or 16. Base 10 reads integers (as Long) and
     * decimals ({@code [+-]digits[.digits]}, as Double; no exponent); other bases read integers
     * with an optional sign (as Long). Null value gives null; a null base is the default. A string
     * that does not convert is an {@link IllegalArgumentException} ("Unable to convert"), as in
     * Elasticsearch, where it fails the query.
     */
    public static Number number(Object value, Object base) {
        String s = str("number", value);
        if (s == null) {
            return null;
        }
        s = s.strip();
        boolean hex = s.startsWith("0x");
        int radix = base == null ? (hex ? 16 : 10) : integer("number", base);
        if (radix < Character.MIN_RADIX || radix > Character.MAX_RADIX) {
            throw new IllegalArgumentException("number: base must be between 2 and 36, got " + radix);
        }
        String digits = hex && radix == 16 ? s.substring(2) : s;
        try {
            if (radix == 10) {
                return parseDecimal(digits);
            }
            if (digits.isEmpty() || digits.charAt(digits.length() - 1) == '+' || digits.charAt(digits.length() - 1) == '-') {
                throw new NumberFormatException();
            }
            return Long.parseLong(digits, radix);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Unable to convert [" + value + "] to number of base [" + radix + "]", e);
        }
    }

    private static Number parseDecimal(String s) {
        int i = 0;
        int n = s.length();
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        int intStart = i;
        while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        int intDigits = i - intStart;
        int fracDigits = -1;
        if (i < n && s.charAt(i) == '.') {
            int fracStart = ++i;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
            }
            fracDigits = i - fracStart;
        }
        if (i != n || (intDigits == 0 && fracDigits <= 0)) {
            throw new NumberFormatException();
        }
        if (fracDigits < 0) {
            return Long.parseLong(s);
        }
        return Double.parseDouble(s);
    }

    public static Boolean startsWith(Object source, Object prefix) {
        return startsWith(source, prefix, false);
    }

    /** {@code startsWith(source, prefix)}; {@code startsWith("", "")} is true; null if either is null. */
    public static Boolean startsWith(Object source, Object prefix, boolean caseInsensitive) {
        String s = str("startsWith", source);
        String p = str("startsWith", prefix);
        if (s == null || p == null) {
            return null;
        }
        return caseInsensitive ? CaseFold.fold(s).startsWith(CaseFold.fold(p)) : s.startsWith(p);
    }

    /**
     * {@code string(v)}: null stays null; strings as is; booleans {@code true}/{@code false};
     * integers in decimal; doubles as Java's {@code Double.toString} ({@code 42.5}, {@code 1.0},
     * {@code 1.0E20}), which is what Elasticsearch's {@code toString()} produces; BigDecimal in
     * plain notation; {@link Ip} and {@link VersionValue} as text.
     */
    public static String string(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (value instanceof Number || value instanceof Boolean || value instanceof Character
                || value instanceof Ip || value instanceof VersionValue) {
            return value.toString();
        }
        throw new IllegalArgumentException("string: cannot convert a " + typeName(value) + " to a string");
    }

    public static Boolean stringContains(Object source, Object substring) {
        return stringContains(source, substring, false);
    }

    /**
     * {@code stringContains(source, substring)}; null if either is null. An empty source or
     * substring gives false ({@code stringContains("", "")} is false, as documented and implemented).
     */
    public static Boolean stringContains(Object source, Object substring, boolean caseInsensitive) {
        String s = str("stringContains", source);
        String sub = str("stringContains", substring);
        if (s == null || sub == null) {
            return null;
        }
        if (s.isEmpty() || sub.isEmpty()) {
            return Boolean.FALSE;
        }
        return caseInsensitive ? CaseFold.fold(s).contains(CaseFold.fold(sub)) : s.contains(sub);
    }

    public static String substring(Object source, Object start) {
        return substring(source, start, null);
    }

    /**
     * {@code substring(source, start[, end])} with Python slice semantics: negative positions count
     * from the end, positions are clamped to the string, {@code start >= end} gives {@code ""}.
     * Null source gives null; a null end means the end of the string. A null start returns the
     * source unchanged, as Elasticsearch's implementation does (Python eql treats it as 0, so
     * {@code substring("hello world", null, 5)} is {@code "hello"} there and
     * {@code "hello world"} here).
     */
    public static String substring(Object source, Object start, Object end) {
        String s = str("substring", source);
        if (s == null) {
            return null;
        }
        if (start == null || s.isEmpty()) {
            return s;
        }
        int len = s.length();
        long from = integer("substring", start);
        long to = end == null ? len : integer("substring", end);
        if (from < 0) {
            from = Math.max(0, from + len);
        }
        if (to < 0) {
            to = Math.max(0, to + len);
        }
        to = Math.min(to, len);
        return from >= to ? "" : s.substring((int) from, (int) to);
    }

    // ------------------------------------------------------------------ argument coercion

    private static String str(String fn, Object v) {
        if (v == null || v instanceof String) {
            return (String) v;
        }
        if (v instanceof Number || v instanceof Boolean || v instanceof Character || v instanceof Ip
                || v instanceof VersionValue) {
            return string(v);
        }
        throw new IllegalArgumentException(fn + ": a string is required; received a " + typeName(v) + " [" + v + "]");
    }

    private static Number num(String fn, Object v) {
        if (v instanceof Number n) {
            return n;
        }
        if (v instanceof String s) {
            Number n = Values.parseNumber(s);
            if (n != null) {
                return n instanceof BigInteger b ? (Number) b.doubleValue() : n;
            }
        }
        throw new IllegalArgumentException(fn + ": a number is required; received a " + typeName(v) + " [" + v + "]");
    }

    private static int integer(String fn, Object v) {
        Number n = num(fn, v);
        long l = n.longValue(); // truncates a fractional position, as Elasticsearch's intValue() does
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, l));
    }

    private static boolean bool(String fn, Object v) {
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException(fn + ": a boolean is required; received a " + typeName(v) + " [" + v + "]");
    }

    private static String typeName(Object v) {
        if (v instanceof List) {
            return "list";
        }
        if (v instanceof java.util.Map) {
            return "object";
        }
        return v.getClass().getSimpleName();
    }
}
