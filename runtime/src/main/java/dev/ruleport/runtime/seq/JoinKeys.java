package dev.ruleport.runtime.seq;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;

/** Helpers to build join-key tuples for a {@link KeyExtractor}. */
public final class JoinKeys {

    /** The single empty tuple used by keyless queries. */
    public static final List<List<Object>> NO_KEY = List.of(List.of());

    private JoinKeys() {
    }

    /**
     * One tuple from explicit values (nulls kept as given).
     */
    public static List<List<Object>> single(Object... values) {
        return List.of(Collections.unmodifiableList(Arrays.asList(values.clone())));
    }

    /**
     * The fan-out of multi-valued keys: one tuple per combination of values, in value order
     * (first key varies slowest), duplicates collapsed.
     *
     * <p>For each key position, {@code null} elements are ignored and duplicates collapse. If no value
     * is left, the key is missing: when {@code nullAllowed[i]} is true (an {@code ?optional} key) the
     * position takes the single value {@code null}; otherwise the event has no tuple at all and an
     * empty list is returned.
     *
     * @param valuesPerKey the values of each key position (a single-valued key is a one-element list;
     *                     a missing key an empty list or one holding only nulls); {@code null} counts as empty
     * @param nullAllowed  per position, whether a missing key is allowed (as {@code null}); may be shorter
     *                     than {@code valuesPerKey} (missing entries mean "not allowed")
     */
    public static List<List<Object>> fanOut(List<? extends Collection<?>> valuesPerKey, boolean... nullAllowed) {
        int n = valuesPerKey.size();
        if (n == 0) {
            return NO_KEY;
        }
        List<List<Object>> distinct = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Collection<?> values = valuesPerKey.get(i);
            LinkedHashSet<Object> set = new LinkedHashSet<>();
            if (values != null) {
                for (Object v : values) {
                    if (v != null) {
                        set.add(v);
                    }
                }
            }
            if (set.isEmpty()) {
                if (i < nullAllowed.length && nullAllowed[i]) {
                    set.add(null);
                } else {
                    return List.of();
                }
            }
            distinct.add(new ArrayList<>(set));
        }
        List<List<Object>> out = new ArrayList<>();
        Object[] current = new Object[n];
        product(distinct, 0, current, out);
        return out;
    }

    private static void product(List<List<Object>> distinct, int pos, Object[] current, List<List<Object>> out) {
        if (pos == distinct.size()) {
            out.add(Collections.unmodifiableList(Arrays.asList(current.clone())));
            return;
        }
        for (Object v : distinct.get(pos)) {
            current[pos] = v;
            product(distinct, pos + 1, current, out);
        }
    }
}
