package dev.ruleport.runtime;

import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One event: a JSON-like tree. Values are {@code String}, {@code Integer}/{@code Long}/{@code Double}/
 * {@code BigDecimal}/{@code BigInteger} (any {@link Number}), {@code Boolean}, {@code null},
 * {@code List} and {@code Map<String, ?>}. Keys may contain dots ({@code "process.name"}), which
 * mean the same as nesting; see {@link FieldAccessor}.
 *
 * <p>The wrapper does not copy the map: callers must not mutate it while an event is being matched.
 */
public final class Event {
    private final Map<String, ?> source;
    private final Supplier<? extends Map<String, ?>> whole;   // null: source is the whole event

    private Event(Map<String, ?> source, Supplier<? extends Map<String, ?>> whole) {
        this.source = Objects.requireNonNull(source, "source");
        this.whole = whole;
    }

    public static Event of(Map<String, ?> source) {
        return new Event(source, null);
    }

    /**
     * An event whose reader already knows whether some key at any depth contains a dot (as {@link #hasDottedKeys}
     * would find), which spares the scan of the tree.
     */
    public static Event of(Map<String, ?> source, boolean dottedKeys) {
        Event e = new Event(source, null);
        e.dotted = dottedKeys ? (byte) 2 : (byte) 1;
        return e;
    }

    /**
     * An event read in part: {@code fields} holds the fields its rules read, which is all matching needs, and
     * {@code whole} reads the event with every field again (for output) each time it is asked.
     */
    public static Event partial(Map<String, ?> fields, boolean dottedKeys, Supplier<? extends Map<String, ?>> whole) {
        Event e = new Event(fields, Objects.requireNonNull(whole, "whole"));
        e.dotted = dottedKeys ? (byte) 2 : (byte) 1;
        return e;
    }

    /** The event with every field: this one, unless it was read {@linkplain #partial in part}. */
    public Event whole() {
        return whole == null ? this : of(whole.get());
    }

    /** 0 = not yet known, 1 = no key anywhere contains a dot, 2 = some key does. A benign race: every thread computes the same. */
    private byte dotted;

    /**
     * True when some key at any depth contains a dot ({@code {"process.name": ...}}). Field lookup must
     * then try every spelling of a path; events written as plain nested objects (the usual case) let it
     * take the single nested route. Computed once per event.
     */
    public boolean hasDottedKeys() {
        byte d = dotted;
        if (d == 0) {
            d = anyDotted(source) ? (byte) 2 : (byte) 1;
            dotted = d;
        }
        return d == 2;
    }

    private static boolean anyDotted(Object node) {
        if (node instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (e.getKey() instanceof String k && k.indexOf('.') >= 0) return true;
                if (anyDotted(e.getValue())) return true;
            }
        } else if (node instanceof java.util.List<?> list) {
            for (Object o : list) if (anyDotted(o)) return true;
        }
        return false;
    }

    /** The underlying tree (not a copy). */
    public Map<String, ?> source() {
        return source;
    }

    @Override
    public String toString() {
        return "Event" + source;
    }
}
