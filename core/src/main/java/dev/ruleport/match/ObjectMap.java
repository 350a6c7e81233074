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
 * (putting a key again replaces its value and keeps its place; removing one closes the gap), stored in two arrays, with
 * an open-addressing index of the positions once the object has more than {@link #LINEAR} keys. Cheaper to build and
 * to look up than a linked hash map's node per entry. Null values are allowed (JSON {@code null}); null keys are not.
 * Not thread-safe while it is built; the events share it read-only afterwards.
 */
final class ObjectMap extends AbstractMap<String, Object> {
    /** Up to this many keys a look-up compares hashes in order; beyond, it probes the index. */
    private static final int LINEAR = 8;

    private String[] keys;
    private Object[] values;
    private int[] hashes;
    private int size;
    private int[] index;    // slot -> position + 1, 0: empty; null while size <= LINEAR

    ObjectMap() {
        keys = new String[4];
        values = new Object[4];
        hashes = new int[4];
    }

    @Override public int size() { return size; }

    @Override public boolean isEmpty() { return size == 0; }

    @Override public boolean containsKey(Object key) { return key instanceof String s && find(s) >= 0; }

    @Override public Object get(Object key) {
        if (!(key instanceof String s)) return null;
        int p = find(s);
        return p < 0 ? null : values[p];
    }

    @Override public Object put(String key, Object value) {
        Objects.requireNonNull(key, "key");
        int p = find(key);
        if (p >= 0) {
            Object old = values[p];
            values[p] = value;
            return old;
        }
        if (size == keys.length) {
            int n = 2 * size;
            keys = Arrays.copyOf(keys, n);
            values = Arrays.copyOf(values, n);
            hashes = Arrays.copyOf(hashes, n);
        }
        int h = key.hashCode();
        keys[size] = key;
        values[size] = value;
        hashes[size] = h;
        size++;
        if (index != null && 2 * size <= index.length) insert(h, size);
        else if (size > LINEAR) rebuild();
        return null;
    }

    @Override public Object remove(Object key) {
        if (!(key instanceof String s)) return null;
        int p = find(s);
        if (p < 0) return null;
        Object old = values[p];
        int tail = size - p - 1;
        System.arraycopy(keys, p + 1, keys, p, tail);
        System.arraycopy(values, p + 1, values, p, tail);
        System.arraycopy(hashes, p + 1, hashes, p, tail);
        size--;
        keys[size] = null;
        values[size] = null;
        if (size > LINEAR) rebuild();
        else index = null;
        return old;
    }

    @Override public void clear() {
        Arrays.fill(keys, 0, size, null);
        Arrays.fill(values, 0, size, null);
        size = 0;
        index = null;
    }

    /** The position of {@code key}, or -1. */
    private int find(String key) {
        int h = key.hashCode();
        if (index == null) {
            for (int p = 0; p < size; p++) {
                if (hashes[p] == h) {
                    String k = keys[p];
                    if (k == key || k.equals(key)) return p;
                }
            }
            return -1;
        }
        int mask = index.length - 1;
        for (int slot = spread(h) & mask; ; slot = (slot + 1) & mask) {
            int at = index[slot];
            if (at == 0) return -1;
            int p = at - 1;
            if (hashes[p] == h) {
                String k = keys[p];
                if (k == key || k.equals(key)) return p;
            }
        }
    }

    private void rebuild() {
        int capacity = Integer.highestOneBit(4 * size - 1) << 1; // at most half full after this, a quarter at best
        index = new int[Math.max(32, capacity)];
        for (int p = 0; p < size; p++) insert(hashes[p], p + 1);
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
                        ObjectMap.this.remove(keys[last]);
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

        @Override public String getKey() { return keys[p]; }

        @Override public Object getValue() { return values[p]; }

        @Override public Object setValue(Object value) {
            Object old = values[p];
            values[p] = value;
            return old;
        }

        @Override public boolean equals(Object o) {
            return o instanceof Map.Entry<?, ?> e && Objects.equals(getKey(), e.getKey()) && Objects.equals(getValue(), e.getValue());
        }

        @Override public int hashCode() { return Objects.hashCode(getKey()) ^ Objects.hashCode(getValue()); }

        @Override public String toString() { return getKey() + "=" + getValue(); }
    }
}
