package dev.ruleport.match;

import dev.ruleport.runtime.CaseFold;
import java.util.Map;

/**
 * An open-addressing table from case-folded strings ({@link CaseFold#fold(String)}) to values, looked up with a string
 * in any case: the hash and the comparison fold the looked-up string's characters as they go, so a look-up neither
 * copies nor allocates. Built once, then immutable and thread-safe.
 */
final class FoldedTable<V> {
    private final String[] keys;   // folded; null: an empty slot
    private final Object[] values;
    private final int mask;
    private final int size;

    /** {@code entries}' keys must be folded already. */
    FoldedTable(Map<String, V> entries) {
        int capacity = Integer.highestOneBit(Math.max(4, entries.size() * 2 + 1)) << 1;
        keys = new String[capacity];
        values = new Object[capacity];
        mask = capacity - 1;
        size = entries.size();
        for (Map.Entry<String, V> e : entries.entrySet()) {
            String k = e.getKey();
            if (!CaseFold.fold(k).equals(k)) throw new IllegalArgumentException("not folded: " + k);
            int i = hash(k) & mask;
            while (keys[i] != null) {
                if (keys[i].equals(k)) throw new IllegalArgumentException("duplicate key: " + k);
                i = (i + 1) & mask;
            }
            keys[i] = k;
            values[i] = e.getValue();
        }
    }

    /** The value of the key that {@code s} folds to, or null. */
    @SuppressWarnings("unchecked")
    V get(String s) {
        if (size == 0) return null;
        int i = hash(s) & mask;
        String k;
        while ((k = keys[i]) != null) {
            if (foldedEquals(k, s)) return (V) values[i];
            i = (i + 1) & mask;
        }
        return null;
    }

    boolean isEmpty() { return size == 0; }

    /** The hash of {@code s}'s fold, without folding it. */
    static int hash(String s) {
        int h = 0;
        for (int i = 0, n = s.length(); i < n; i++) h = 31 * h + fold(s.charAt(i));
        return h ^ (h >>> 16);
    }

    /** {@code folded} equals the fold of {@code s}. */
    private static boolean foldedEquals(String folded, String s) {
        int n = folded.length();
        if (n != s.length()) return false;
        for (int i = 0; i < n; i++) {
            if (folded.charAt(i) != fold(s.charAt(i))) return false;
        }
        return true;
    }

    static char fold(char c) { return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c; }
}
