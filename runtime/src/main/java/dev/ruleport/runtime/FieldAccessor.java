package dev.ruleport.runtime;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A field path compiled once and applied to many events.
 *
 * <p>Lookup rules (Elasticsearch document semantics, which treat {@code {"a":{"b":1}}} and
 * {@code {"a.b":1}} as the same field):
 * <ul>
 *   <li>At every object level the remaining name segments may be spelled as nested objects or as
 *       one dotted key, or any mix: {@code process.parent.name} is found in
 *       {@code {"process":{"parent":{"name":..}}}}, {@code {"process.parent.name":..}},
 *       {@code {"process":{"parent.name":..}}} and {@code {"process.parent":{"name":..}}}. When
 *       several spellings exist in one event, all of them contribute values (nested first).</li>
 *   <li>Arrays are flattened: a list of objects contributes the sub-field of every element, and a
 *       list value (also nested lists) contributes each element. The result is the field's
 *       multi-set of values in document order.</li>
 *   <li>JSON {@code null} is never a value: null array elements are skipped and a field whose only
 *       value is null is missing (empty list). Elasticsearch indexes neither; a mapping
 *       {@code null_value} substitution belongs to the typed layer above this one.</li>
 *   <li>An index segment {@code [n]} selects element {@code n} of the list found at that point.
 *       Applied to a single (non-list) value, {@code [0]} selects the value itself (a single value
 *       is an array of one) and any other index is missing.</li>
 * </ul>
 */
public final class FieldAccessor {
    private static final int NAME = -1;

    /** Path → number, so that a per-event cache ({@link EventFields}) can keep a field's values in an array slot. */
    private static final ConcurrentHashMap<String, Integer> IDS = new ConcurrentHashMap<>();
    private static final AtomicInteger NEXT_ID = new AtomicInteger();

    /**
     * Dotted keys of up to this many name segments are built when the accessor is compiled; a longer
     * spelling (only hostile paths have one) is found by comparing the map's keys with the path text
     * ({@link #longerKeys}), so that compiling is linear in the path's length, not quadratic.
     */
    private static final int PREBUILT_RUN = 16;

    private final String path;
    private final String[] names;   // segment names (null for index segments)
    private final int[] indexes;    // NAME, or the array index of an index segment
    private final String[][] keys;  // keys[i][k]: names i..k-1 joined with '.', for k - i <= PREBUILT_RUN
    private final int[] runEnd;     // runEnd[i]: end (exclusive) of the run of name segments from i
    private final String joined;    // the names joined with '.' (index segments left out)
    private final int[] nameStart;  // nameStart[i]: where names[i] starts in joined
    private final int id;           // the same for every accessor of the same path

    private FieldAccessor(String path, List<String> names, List<Integer> indexes) {
        int n = names.size();
        if (n == 0) {
            throw new IllegalArgumentException("empty field path");
        }
        this.path = path;
        this.id = IDS.computeIfAbsent(path, k -> NEXT_ID.getAndIncrement());
        this.names = names.toArray(new String[0]);
        this.indexes = new int[n];
        for (int i = 0; i < n; i++) {
            this.indexes[i] = indexes.get(i);
        }
        this.runEnd = new int[n];
        this.keys = new String[n][];
        for (int i = n - 1; i >= 0; i--) {
            runEnd[i] = this.indexes[i] != NAME ? i : (i + 1 < n && this.indexes[i + 1] == NAME ? runEnd[i + 1] : i + 1);
        }
        StringBuilder all = new StringBuilder();
        this.nameStart = new int[n];
        for (int i = 0; i < n; i++) {
            if (this.names[i] != null) {
                if (all.length() > 0) {
                    all.append('.');
                }
                nameStart[i] = all.length();
                all.append(this.names[i]);
            }
        }
        this.joined = all.toString();
        for (int i = 0; i < n; i++) {
            if (this.indexes[i] != NAME) {
                continue;
            }
            int last = Math.min(runEnd[i], i + PREBUILT_RUN);
            keys[i] = new String[last + 1];
            for (int k = i; k < last; k++) {
                // interned: JSON readers (Jackson by default) intern field names, so the map lookup's
                // equals() is usually a reference comparison instead of a walk over both strings' bytes
                keys[i][k + 1] = joined.substring(nameStart[i], nameStart[k] + this.names[k].length()).intern();
            }
        }
    }

    /**
     * Compiles a dotted path such as {@code process.parent.name} or {@code process.args[0]}. Dots
     * always separate segments here; for names that contain dots use {@link #of(List)}.
     */
    public static FieldAccessor of(String dottedPath) {
        Objects.requireNonNull(dottedPath, "dottedPath");
        List<String> names = new ArrayList<>();
        List<Integer> indexes = new ArrayList<>();
        for (String part : dottedPath.split("\\.", -1)) {
            int bracket = part.indexOf('[');
            String name = bracket < 0 ? part : part.substring(0, bracket);
            if (name.isEmpty() && bracket != 0) {
                throw new IllegalArgumentException("empty segment in field path '" + dottedPath + "'");
            }
            if (!name.isEmpty()) {
                names.add(name);
                indexes.add(NAME);
            }
            if (bracket >= 0) {
                parseIndexes(dottedPath, part.substring(bracket), names, indexes);
            }
        }
        return new FieldAccessor(dottedPath, names, indexes);
    }

    /**
     * Compiles a path from its segments as the parser produced them: each element is one name
     * (which may contain dots, from backtick quoting: {@code `a.b`} finds the same values as
     * {@code a.b}) or an index written {@code [n]}.
     */
    public static FieldAccessor of(List<String> segments) {
        Objects.requireNonNull(segments, "segments");
        List<String> names = new ArrayList<>();
        List<Integer> indexes = new ArrayList<>();
        String path = parseSegments(segments, names, indexes);
        return new FieldAccessor(path, names, indexes);
    }

    /**
     * Why {@link #of(List)} would refuse {@code segments} (an empty name or name part, an index too
     * large), or null when it accepts them; compiles nothing.
     */
    public static String problem(List<String> segments) {
        try {
            String path = parseSegments(segments, new ArrayList<>(), new ArrayList<>());
            return path.isEmpty() ? "empty field path" : null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /** Splits the parser's segments into names and indexes; returns the path as written. */
    private static String parseSegments(List<String> segments, List<String> names, List<Integer> indexes) {
        StringBuilder path = new StringBuilder();
        for (String seg : segments) {
            if (seg == null || seg.isEmpty()) {
                throw new IllegalArgumentException("empty segment in field path " + segments);
            }
            if (isIndexSegment(seg)) {
                parseIndexes(seg, seg, names, indexes);
                path.append(seg);
            } else {
                // a quoted name containing dots is the same field as the dotted path: Elasticsearch
                // makes no difference between {"a.b": 1} and {"a": {"b": 1}}, and lookup tries the
                // dotted key at every level anyway
                for (String part : seg.split("\\.", -1)) {
                    if (part.isEmpty()) {
                        throw new IllegalArgumentException("empty name part in field segment '" + seg + "'");
                    }
                    names.add(part);
                    indexes.add(NAME);
                }
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(seg.indexOf('.') >= 0 ? '`' + seg.replace("`", "``") + '`' : seg);
            }
        }
        return path.toString();
    }

    private static boolean isIndexSegment(String seg) {
        if (seg.length() < 3 || seg.charAt(0) != '[' || seg.charAt(seg.length() - 1) != ']') {
            return false;
        }
        for (int i = 1; i < seg.length() - 1; i++) {
            if (seg.charAt(i) < '0' || seg.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static void parseIndexes(String path, String text, List<String> names, List<Integer> indexes) {
        int i = 0;
        while (i < text.length()) {
            int close = text.indexOf(']', i);
            if (text.charAt(i) != '[' || close < i + 2) {
                throw new IllegalArgumentException("bad index in field path '" + path + "'");
            }
            String digits = text.substring(i + 1, close);
            int value;
            try {
                value = Integer.parseInt(digits);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad index in field path '" + path + "'", e);
            }
            if (value < 0 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new IllegalArgumentException("bad index in field path '" + path + "'");
            }
            names.add(null);
            indexes.add(value);
            i = close + 1;
        }
    }

    /** The path as written (dotted; names containing dots in backticks). */
    public String path() {
        return path;
    }

    /**
     * A small number identifying the path within this JVM (equal accessors have equal ids); numbers are
     * handed out densely from 0 in the order paths are first compiled.
     */
    public int id() {
        return id;
    }

    /** How many distinct paths have been compiled so far (every {@link #id()} is below this). */
    public static int pathCount() {
        return NEXT_ID.get();
    }

    /** Number of segments (names and indexes). */
    public int size() {
        return names.length;
    }

    /** All values of the field, flattened, without nulls. Empty means missing (or only null). */
    public List<Object> values(Event event) {
        List<Object> out = collect(event.source(), 0, null, event.hasDottedKeys());
        return out == null ? Collections.emptyList() : out;
    }

    /** As {@link #values(Event)}, read at most once per event through the event's field cache. */
    public List<Object> values(EventFields event) {
        return event.values(this);
    }

    /** As {@link #values(Event)}, over a raw tree. */
    public List<Object> values(Map<String, ?> source) {
        List<Object> out = null;
        out = collect(source, 0, out, true);
        return out == null ? Collections.emptyList() : out;
    }

    /** The first value {@link #values} would return, or null when the field is missing. No allocation. */
    public Object first(Event event) {
        return firstIn(event.source(), 0, event.hasDottedKeys());
    }

    /** As {@link #first(Event)}, through the event's field cache. */
    public Object first(EventFields event) {
        List<Object> vs = event.values(this);
        return vs.isEmpty() ? null : vs.get(0);
    }

    /** As {@link #first(Event)}, over a raw tree. */
    public Object first(Map<String, ?> source) {
        return firstIn(source, 0, true);
    }

    /** True when the field has at least one non-null value. */
    public boolean isPresent(Event event) {
        return firstIn(event.source(), 0, event.hasDottedKeys()) != null;
    }

    /** As {@link #isPresent(Event)}, through the event's field cache. */
    public boolean isPresent(EventFields event) {
        return !event.values(this).isEmpty();
    }

    // Lookups recurse once per level of the event they descend into (a map, a list), never more: the
    // depth is the event's nesting depth, which the JSON reader bounds.

    private List<Object> collect(Object node, int i, List<Object> out, boolean dotted) {
        while (node != null && i < names.length && indexes[i] == 0 && !(node instanceof List)) {
            i++; // a single value is an array of one: [0] selects the value itself
        }
        if (node == null) {
            return out;
        }
        if (i == names.length) {
            return addLeaf(node, out);
        }
        if (node instanceof List<?> list) {
            if (indexes[i] != NAME) {
                return indexes[i] < list.size() ? collect(list.get(indexes[i]), i + 1, out, dotted) : out;
            }
            for (Object element : list) {
                out = collect(element, i, out, dotted);
            }
            return out;
        }
        if (indexes[i] != NAME) {
            return out; // an index other than 0 on a single value
        }
        if (node instanceof Map<?, ?> map) {
            String[] k = keys[i];
            // without dotted keys in the event only the single-segment spelling can exist
            int last = dotted ? Math.min(runEnd[i], k.length - 1) : i + 1;
            for (int end = i + 1; end <= last; end++) {
                Object child = map.get(k[end]);
                if (child != null) {
                    out = collect(child, end, out, dotted);
                }
            }
            if (dotted && runEnd[i] > last) {
                for (Map.Entry<?, ?> e : longerKeys(map, i)) {
                    out = collect(e.getValue(), (Integer) e.getKey(), out, dotted);
                }
            }
        }
        return out;
    }

    /**
     * The map's values under dotted keys that spell more than {@link #PREBUILT_RUN} name segments of
     * the run starting at {@code i}, as (end segment, value) pairs ordered by end, so that shorter
     * spellings still come first.
     */
    private List<Map.Entry<Integer, Object>> longerKeys(Map<?, ?> map, int i) {
        List<Map.Entry<Integer, Object>> found = new ArrayList<>(1);
        int from = nameStart[i];
        int minLength = nameStart[i + PREBUILT_RUN] - 1 - from; // longer than the prebuilt keys
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String key) || key.length() <= minLength || e.getValue() == null
                    || !joined.regionMatches(from, key, 0, key.length())) {
                continue;
            }
            int endOffset = from + key.length();
            if (endOffset != joined.length() && joined.charAt(endOffset) != '.') {
                continue; // the key stops inside a name
            }
            int end = segmentEndingAt(endOffset, i);
            if (end > 0 && end <= runEnd[i]) {
                found.add(Map.entry(end, e.getValue()));
            }
        }
        found.sort(Map.Entry.comparingByKey());
        return found;
    }

    /** The segment index k + 1 such that names[k] ends at {@code offset} in {@link #joined}, or -1. */
    private int segmentEndingAt(int offset, int from) {
        int lo = from;
        int hi = runEnd[from] - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int end = nameStart[mid] + names[mid].length();
            if (end < offset) {
                lo = mid + 1;
            } else if (end > offset) {
                hi = mid - 1;
            } else {
                return mid + 1;
            }
        }
        return -1;
    }

    private static List<Object> addLeaf(Object node, List<Object> out) {
        if (node instanceof List<?> list) {
            for (Object element : list) {
                if (element != null) {
                    out = addLeaf(element, out);
                }
            }
            return out;
        }
        if (out == null) {
            out = new ArrayList<>(2);
        }
        out.add(node);
        return out;
    }

    private Object firstIn(Object node, int i, boolean dotted) {
        while (node != null && i < names.length && indexes[i] == 0 && !(node instanceof List)) {
            i++;
        }
        if (node == null) {
            return null;
        }
        if (i == names.length) {
            return firstLeaf(node);
        }
        if (node instanceof List<?> list) {
            if (indexes[i] != NAME) {
                return indexes[i] < list.size() ? firstIn(list.get(indexes[i]), i + 1, dotted) : null;
            }
            for (Object element : list) {
                Object found = firstIn(element, i, dotted);
                if (found != null) {
                    return found;
                }
            }
            return null;
        }
        if (indexes[i] != NAME) {
            return null;
        }
        if (node instanceof Map<?, ?> map) {
            String[] k = keys[i];
            int last = dotted ? Math.min(runEnd[i], k.length - 1) : i + 1;
            for (int end = i + 1; end <= last; end++) {
                Object child = map.get(k[end]);
                if (child != null) {
                    Object found = firstIn(child, end, dotted);
                    if (found != null) {
                        return found;
                    }
                }
            }
            if (dotted && runEnd[i] > last) {
                for (Map.Entry<Integer, Object> e : longerKeys(map, i)) {
                    Object found = firstIn(e.getValue(), e.getKey(), dotted);
                    if (found != null) {
                        return found;
                    }
                }
            }
        }
        return null;
    }

    private static Object firstLeaf(Object node) {
        if (node instanceof List<?> list) {
            for (Object element : list) {
                Object found = element == null ? null : firstLeaf(element);
                if (found != null) {
                    return found;
                }
            }
            return null;
        }
        return node;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FieldAccessor other && path.equals(other.path);
    }

    @Override
    public int hashCode() {
        return path.hashCode();
    }

    @Override
    public String toString() {
        return path;
    }
}
