package dev.ruleport.match;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * A JSON object as read from an event: string keys in insertion order, as {@link java.util.LinkedHashMap} keeps them
 * (putting a key again replaces its value and keeps its place; removing one closes the gap), stored in one array, with
 * an open-addressing index of the positions once the object has more than {@link #LINEAR} keys. Cheaper to build and
 * to look up than a linked hash map's node per entry. Null values are allowed (JSON {@code null}); null keys are not.
 * Not thread-safe while it is built; the events share it read-only afterwards.
 */
final class ObjectMap extends AbstractMap<String, Object> {
    /** Up to this many keys a look-up compares hashes in order; beyond, it probes the index. */
    private static final int LINEAR = 8;

    private Object[] entries;   // key at 2p, value at 2p + 1 (one array: a map is one object and one array until indexed)
    private int size;
    private int[] index;    // slot -> position + 1, 0: empty; null while size <= LINEAR

    ObjectMap() {
        entries = new Object[12];
    }

    @Override public int size() { return size; }

    @Override public boolean isEmpty() { return size == 0; }

    @Override public boolean containsKey(Object key) { return key instanceof String s && find(s) >= 0; }

    @Override public Object get(Object key) {
        if (!(key instanceof String s)) return null;
        int p = find(s);
        return p < 0 ? null : entries[2 * p + 1];
    }

    @Override public Object put(String key, Object value) {
        Objects.requireNonNull(key, "key");
        int p = find(key);
        if (p >= 0) {
            Object old = entries[2 * p + 1];
            entries[2 * p + 1] = value;
            return old;
        }
        if (2 * size == entries.length) entries = Arrays.copyOf(entries, 4 * size);
        int h = key.hashCode();
        entries[2 * size] = key;
        entries[2 * size + 1] = value;
        size++;
        if (index != null && 2 * size <= index.length) insert(h, size);
        else if (size > LINEAR) rebuild();
        return null;
    }

    @Override public Object remove(Object key) {
        if (!(key instanceof String s)) return null;
        int p = find(s);
        if (p < 0) return null;
        Object old = entries[2 * p + 1];
        System.arraycopy(entries, 2 * p + 2, entries, 2 * p, 2 * (size - p - 1));
        size--;
        entries[2 * size] = null;
        entries[2 * size + 1] = null;
        if (size > LINEAR) rebuild();
        else index = null;
        return old;
    }

    @Override public void clear() {
        Arrays.fill(entries, 0, 2 * size, null);
        size = 0;
        index = null;
    }

    /** The position of {@code key}, or -1. */
    private int find(String key) {
        int h = key.hashCode();
        if (index == null) {
            // keys are usually interned, as the accessors' names are: a reference compare first; a String's hash is kept in it
            for (int p = 0; p < size; p++) {
                String k = (String) entries[2 * p];
                if (k == key || k.hashCode() == h && k.equals(key)) return p;
            }
            return -1;
        }
        int mask = index.length - 1;
        for (int slot = spread(h) & mask; ; slot = (slot + 1) & mask) {
            int at = index[slot];
            if (at == 0) return -1;
            int p = at - 1;
            String k = (String) entries[2 * p];
            if (k == key || k.hashCode() == h && k.equals(key)) return p;
        }
    }

    private void rebuild() {
        int capacity = Integer.highestOneBit(4 * size - 1) << 1; // at most half full after this, a quarter at best
        index = new int[Math.max(32, capacity)];
        for (int p = 0; p < size; p++) insert(entries[2 * p].hashCode(), p + 1);
    }

    private void insert(int h, int at) {
        int mask = index.length - 1;
        int slot = spread(h) & mask;
        while (index[slot] != 0) slot = (slot + 1) & mask;
        index[slot] = at;
    }

    private static int spread(int h) { return h ^ (h >>> 16); }

    @Override public Set<Map.Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override public int size() { return size; }

            @Override public Iterator<Map.Entry<String, Object>> iterator() {
                return new Iterator<>() {
                    private int next;
                    private int last = -1;

                    @Override public boolean hasNext() { return next < size; }

                    @Override public Map.Entry<String, Object> next() {
                        if (next >= size) throw new NoSuchElementException();
                        last = next++;
                        return new Entry(last);
                    }

                    @Override public void remove() {
                        if (last < 0) throw new IllegalStateException();
                        ObjectMap.this.remove(entries[2 * last]);
                        next = last;
                        last = -1;
                    }
                };
            }
        };
    }

    /** An entry that reads and writes through to its position. */
    private final class Entry implements Map.Entry<String, Object> {
        private final int p;

        Entry(int p) { this.p = p; }

        @Override public String getKey() { return (String) entries[2 * p]; }

        @Override public Object getValue() { return entries[2 * p + 1]; }

        @Override public Object setValue(Object value) {
            Object old = entries[2 * p + 1];
            entries[2 * p + 1] = value;
            return old;
        }

        @Override public boolean equals(Object o) {
            return o instanceof Map.Entry<?, ?> e && Objects.equals(getKey(), e.getKey()) && Objects.equals(getValue(), e.getValue());
        }

        @Override public int hashCode() { return Objects.hashCode(getKey()) ^ Objects.hashCode(getValue()); }

        @Override public String toString() { return getKey() + "=" + getValue(); }
    }
}
