package dev.ruleport.runtime;

import java.math.BigInteger;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * EQL comparison semantics over runtime values (see {@link Event} for the value types; also
 * {@link Ip} and {@link VersionValue}, which the typed layer creates for {@code ip} and
 * {@code version} fields).
 *
 * <p>Decisions:
 * <ul>
 *   <li><b>Null.</b> Any comparison with a null operand (missing field, JSON null, null function
 *       result, the {@code null} literal) is {@code null} (unknown); a filter treats it as false.
 *       Presence is tested with {@link #isNull}/{@link #isNotNull}, which is what
 *       {@code x == null} / {@code x != null} compile to.</li>
 *   <li><b>Strings</b> compare case-sensitively; equality is exact, ordering is by Unicode code
 *       point (= the UTF-8 byte order Elasticsearch uses for keyword terms; it differs from
 *       {@code String.compareTo} only for supplementary characters vs U+E000..U+FFFF).</li>
 *   <li><b>Numbers</b> compare numerically across Integer/Long/Double/BigDecimal/... ({@link Numbers}).</li>
 *   <li><b>Number vs string</b>: the string is read as a JSON-style number
 *       ({@code -?digits[.digits][e±digits]}), mimicking Elasticsearch numeric fields, which
 *       coerce numeric strings by default; a string that is not a number is unequal (and unordered)
 *       to every number. The mapping-aware layer should convert by field type before calling.</li>
 *   <li><b>Booleans</b>: {@code false < true}; the strings {@code "true"}/{@code "false"} equal
 *       the booleans (Elasticsearch boolean fields accept them); other strings never do.</li>
 *   <li><b>Ip / VersionValue</b> compare by address / semantic version; a string on the other side
 *       is parsed (an unparsable string is unequal and unordered).</li>
 *   <li>Other combinations (e.g. boolean vs number, objects) are unequal and unordered.</li>
 * </ul>
 */
public final class Values {
    private Values() {}

    // ------------------------------------------------------------------ presence

    /** {@code x == null}: the value is missing/null. Never unknown. */
    public static boolean isNull(Object v) {
        return v == null;
    }

    /** {@code x != null}: the value is present. Never unknown. */
    public static boolean isNotNull(Object v) {
        return v != null;
    }

    // ------------------------------------------------------------------ equality

    /** EQL {@code ==}: case-sensitive; null when either side is null. */
    public static Boolean equal(Object a, Object b) {
        if (a == null || b == null) {
            return null;
        }
        return Tri.of(equalNonNull(a, b));
    }

    /** EQL {@code !=}: the negation of {@link #equal} (still null when either side is null). */
    public static Boolean notEqual(Object a, Object b) {
        return Tri.not(equal(a, b));
    }

    /** Case-insensitive equality for {@code in~}: strings fold with {@link CaseFold}; other types as {@link #equal}. */
    public static Boolean equalIgnoreCase(Object a, Object b) {
        if (a == null || b == null) {
            return null;
        }
        if (isString(a) && isString(b)) {
            return Tri.of(CaseFold.equalsIgnoreCase(a.toString(), b.toString()));
        }
        return Tri.of(equalNonNull(a, b));
    }

    private static boolean equalNonNull(Object a, Object b) {
        if (isString(a) && isString(b)) {
            return a.toString().equals(b.toString());
        }
        if (a instanceof Number x && b instanceof Number y) {
            return Numbers.equal(x, y);
        }
        if (a instanceof Boolean x && b instanceof Boolean y) {
            return x.equals(y);
        }
        if (a instanceof Number x && isString(b)) {
            Number y = parseNumber(b.toString());
            return y != null && Numbers.equal(x, y);
        }
        if (isString(a) && b instanceof Number) {
            return equalNonNull(b, a);
        }
        if (a instanceof Boolean x && isString(b)) {
            return x.toString().equals(b.toString());
        }
        if (isString(a) && b instanceof Boolean) {
            return equalNonNull(b, a);
        }
        if (a instanceof Ip || b instanceof Ip || a instanceof VersionValue || b instanceof VersionValue) {
            Integer c = compare(a, b);
            return c != null && c == 0;
        }
        return a.equals(b);
    }

    /** EQL {@code in (...)}: case-sensitive membership; null when the value is null. Null candidates are ignored. */
    public static Boolean in(Object value, List<?> candidates) {
        if (value == null) {
            return null;
        }
        for (Object c : candidates) {
            if (c != null && equalNonNull(value, c)) {
                return Boolean.TRUE;
            }
        }
        return Boolean.FALSE;
    }

    /** EQL {@code in~ (...)}: case-insensitive membership, no wildcards; null when the value is null. */
    public static Boolean inIgnoreCase(Object value, List<?> candidates) {
        if (value == null) {
            return null;
        }
        for (Object c : candidates) {
            if (c != null && Boolean.TRUE.equals(equalIgnoreCase(value, c))) {
                return Boolean.TRUE;
            }
        }
        return Boolean.FALSE;
    }

    // ------------------------------------------------------------------ ordering

    /** Three-way comparison, or null when either side is null or the two are not comparable. */
    public static Integer compare(Object a, Object b) {
        if (a == null || b == null) {
            return null;
        }
        if (isString(a) && isString(b)) {
            return Integer.signum(compareStrings(a.toString(), b.toString()));
        }
        if (a instanceof Number x && b instanceof Number y) {
            return Numbers.compare(x, y);
        }
        if (a instanceof Boolean x && b instanceof Boolean y) {
            return Boolean.compare(x, y);
        }
        if (a instanceof Number x && isString(b)) {
            Number y = parseNumber(b.toString());
            return y == null ? null : Numbers.compare(x, y);
        }
        if (isString(a) && b instanceof Number) {
            Integer c = compare(b, a);
            return c == null ? null : -c;
        }
        if (a instanceof Ip || b instanceof Ip) {
            Ip x = a instanceof Ip ip ? ip : isString(a) ? Ip.tryParse(a.toString()) : null;
            Ip y = b instanceof Ip ip ? ip : isString(b) ? Ip.tryParse(b.toString()) : null;
            return x == null || y == null ? null : Integer.signum(x.compareTo(y));
        }
        if (a instanceof VersionValue || b instanceof VersionValue) {
            VersionValue x = a instanceof VersionValue v ? v : isString(a) ? VersionValue.of(a.toString()) : null;
            VersionValue y = b instanceof VersionValue v ? v : isString(b) ? VersionValue.of(b.toString()) : null;
            return x == null || y == null ? null : Integer.signum(x.compareTo(y));
        }
        return null;
    }

    public static Boolean lessThan(Object a, Object b) {
        Integer c = compare(a, b);
        return c == null ? null : c < 0;
    }

    public static Boolean lessOrEqual(Object a, Object b) {
        Integer c = compare(a, b);
        return c == null ? null : c <= 0;
    }

    public static Boolean greaterThan(Object a, Object b) {
        Integer c = compare(a, b);
        return c == null ? null : c > 0;
    }

    public static Boolean greaterOrEqual(Object a, Object b) {
        Integer c = compare(a, b);
        return c == null ? null : c >= 0;
    }

    /** Compares by Unicode code point (UTF-8 byte order), not by UTF-16 unit. */
    public static int compareStrings(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                // a surrogate (U+D800..DFFF) encodes a code point above U+FFFF: it sorts after
                // every BMP character, although U+E000..U+FFFF are numerically larger chars
                boolean sx = Character.isSurrogate(x);
                boolean sy = Character.isSurrogate(y);
                if (sx != sy) {
                    return sx ? 1 : -1;
                }
                return x - y;
            }
        }
        return a.length() - b.length();
    }

    // ------------------------------------------------------------------ multi-valued fields

    /** True when some value satisfies {@code p} (a field matches if any of its values does). */
    public static boolean anyMatch(List<Object> values, Predicate<Object> p) {
        for (Object v : values) {
            if (p.test(v)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Three-valued "any": TRUE if some value gives TRUE; null if none does and the list is empty
     * (missing field) or some value gives null; FALSE otherwise.
     */
    public static Boolean any(List<Object> values, Function<Object, Boolean> p) {
        if (values.isEmpty()) {
            return null;
        }
        boolean unknown = false;
        for (Object v : values) {
            Boolean r = p.apply(v);
            if (r == null) {
                unknown = true;
            } else if (r) {
                return Boolean.TRUE;
            }
        }
        return unknown ? null : Boolean.FALSE;
    }

    // ------------------------------------------------------------------ helpers

    static boolean isString(Object o) {
        return o instanceof String || o instanceof Character;
    }

    /**
     * Reads a JSON-style number ({@code -?digits[.digits][(e|E)[+-]digits]}), or returns null.
     * Integral text becomes Long (BigInteger when larger), anything else Double.
     */
    public static Number parseNumber(String s) {
        int n = s.length();
        int i = 0;
        if (i < n && s.charAt(i) == '-') {
            i++;
        }
        int digitsStart = i;
        while (i < n && isDigit(s.charAt(i))) {
            i++;
        }
        if (i == digitsStart) {
            return null;
        }
        boolean integral = true;
        if (i < n && s.charAt(i) == '.') {
            integral = false;
            int frac = ++i;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
            }
            if (i == frac) {
                return null;
            }
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            integral = false;
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int exp = i;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
            }
            if (i == exp) {
                return null;
            }
        }
        if (i != n) {
            return null;
        }
        if (integral) {
            BigInteger big = new BigInteger(s);
            return big.bitLength() < 64 ? (Number) big.longValue() : big;
        }
        return Double.parseDouble(s);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
