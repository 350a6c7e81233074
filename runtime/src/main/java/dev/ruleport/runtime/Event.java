package dev.ruleport.runtime;

import java.util.Map;
import java.util.Objects;

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

    private Event(Map<String, ?> source) {
        this.source = Objects.requireNonNull(source, "source");
    }

    public static Event of(Map<String, ?> source) {
        return new Event(source);
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
