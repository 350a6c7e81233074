package dev.ruleport.match;

import dev.ruleport.runtime.CaseFold;
import java.util.Map;

/**
 * An open-addressing table from case-folded strings ({@link CaseFold#fold(String)}) to values, looked up with a value
 * already folded into the caller's buffer ({@link Buffer}: one copy per value, whatever the number of tables and runs it
 * meets; no allocation). Built once, then immutable and thread-safe.
 */
final class FoldedTable<V> {
    private final char[][] keys;   // folded; null: an empty slot
    private final Object[] values;
    private final int mask;
    private final int size;

    /** {@code entries}' keys must be folded already. */
    FoldedTable(Map<String, V> entries) {
        int capacity = Integer.highestOneBit(Math.max(4, entries.size() * 2 + 1)) << 1;
        keys = new char[capacity][];
        values = new Object[capacity];
        mask = capacity - 1;
        size = entries.size();
        for (Map.Entry<String, V> e : entries.entrySet()) {
            String k = e.getKey();
            if (!CaseFold.fold(k).equals(k)) throw new IllegalArgumentException("not folded: " + k);
            char[] chars = k.toCharArray();
            int i = hash(chars, chars.length) & mask;
            while (keys[i] != null) {
                if (java.util.Arrays.equals(keys[i], chars)) throw new IllegalArgumentException("duplicate key: " + k);
                i = (i + 1) & mask;
            }
            keys[i] = chars;
            values[i] = e.getValue();
        }
    }

    /** The value of the key {@code folded[0, n)} (folded) spells, or null. */
    @SuppressWarnings("unchecked")
    V get(char[] folded, int n) {
        if (size == 0) return null;
        int i = hash(folded, n) & mask;
        char[] k;
        while ((k = keys[i]) != null) {
            if (k.length == n && java.util.Arrays.equals(k, 0, n, folded, 0, n)) return (V) values[i];
            i = (i + 1) & mask;
        }
        return null;
    }

    /** The value of the key {@code s} folds to, or null. */
    V get(String s, Buffer buffer) {
        return size == 0 ? null : get(buffer.fold(s), s.length());
    }

    boolean isEmpty() { return size == 0; }

    private static int hash(char[] c, int n) {
        int h = 0;
        for (int i = 0; i < n; i++) h = 31 * h + c[i];
        return h ^ (h >>> 16);
    }

    /** A thread's buffer for one folded value at a time. */
    static final class Buffer {
        private char[] chars = new char[256];

        /** {@code s} folded into this buffer (valid until the next call), {@code s.length()} characters. */
        char[] fold(String s) {
            int n = s.length();
            char[] c = chars;
            if (n > c.length) chars = c = new char[Math.max(n, 2 * c.length)];
            s.getChars(0, n, c, 0);
            for (int i = 0; i < n; i++) {
                char x = c[i];
                if (x >= 'A' && x <= 'Z') c[i] = (char) (x + ('a' - 'A'));
            }
            return c;
        }
    }
    static char fold(char c) { return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c; }
}
