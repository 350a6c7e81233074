package dev.ruleport.runtime.seq;

import java.util.Comparator;
import java.util.List;

/**
 * Orders join-key values and tuples the way Elasticsearch's composite aggregation orders sample
 * buckets: ascending per position, {@code null} (the "missing" bucket of an optional key) first.
 *
 * <p>Within one type: booleans {@code false < true}; numbers by value; strings by Unicode code point
 * (equal to UTF-8 byte order, so {@code "GTA" < "doom"}); other values by their own
 * {@link Comparable} order. Values of different types (which one Elasticsearch field would not hold)
 * sort by type: boolean &lt; number &lt; string &lt; other, then by class name; this is a deterministic
 * choice, not an observed Elasticsearch behaviour. Callers with typed keys (IP addresses, versions,
 * dates) normalise them (e.g. dates to epoch millis) or supply their own comparator.
 */
public final class KeyOrder {

    /** The value order described above. */
    public static final Comparator<Object> VALUES = KeyOrder::compareValues;

    private KeyOrder() {
    }

    /** Lexicographic order of tuples using {@code values} per position; a shorter prefix sorts first. */
    public static Comparator<List<Object>> tuples(Comparator<Object> values) {
        return (a, b) -> {
            int n = Math.min(a.size(), b.size());
            for (int i = 0; i < n; i++) {
                int c = values.compare(a.get(i), b.get(i));
                if (c != 0) {
                    return c;
                }
            }
            return Integer.compare(a.size(), b.size());
        };
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static int compareValues(Object a, Object b) {
        if (a == b) {
            return 0;
        }
        if (a == null) {
            return -1;
        }
        if (b == null) {
            return 1;
        }
        int ra = rank(a);
        int rb = rank(b);
        if (ra != rb) {
            return Integer.compare(ra, rb);
        }
        switch (ra) {
            case 0:
                return Boolean.compare((Boolean) a, (Boolean) b);
            case 1: {
                Number na = (Number) a;
                Number nb = (Number) b;
                if (Ordinal.isIntegral(na) && Ordinal.isIntegral(nb)) {
                    return Long.compare(na.longValue(), nb.longValue());
                }
                return Double.compare(na.doubleValue(), nb.doubleValue());
            }
            case 2:
                return compareCodePoints(a.toString(), b.toString());
            default:
                if (a.getClass() == b.getClass() && a instanceof Comparable) {
                    return ((Comparable) a).compareTo(b);
                }
                int c = a.getClass().getName().compareTo(b.getClass().getName());
                return c != 0 ? c : compareCodePoints(a.toString(), b.toString());
        }
    }

    private static int rank(Object v) {
        if (v instanceof Boolean) {
            return 0;
        }
        if (v instanceof Number) {
            return 1;
        }
        if (v instanceof CharSequence) {
            return 2;
        }
        return 3;
    }

    /** Compares strings by code point (String.compareTo compares UTF-16 units, which differs above U+FFFF). */
    static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
