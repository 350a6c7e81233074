package dev.ruleport.runtime.matcher;

import dev.ruleport.runtime.Event;
import dev.ruleport.runtime.FieldAccessor;
import dev.ruleport.runtime.seq.Ordinal;
import java.util.Objects;

/**
 * How a matcher orders events and limits results: the timestamp field and its format, the optional
 * tiebreaker field, the request {@code size} (0 or less: no limit) and {@code max_samples_per_key}.
 * Immutable.
 */
public final class RunOptions {
    private static final RunOptions DEFAULTS = new RunOptions("@timestamp", TimeFormat.AUTO, null, 0, 1);

    private final String timestampField;
    private final TimeFormat timestampFormat;
    private final String tiebreakerField;
    private final int size;
    private final int maxSamplesPerKey;
    private final FieldAccessor timestamp;
    private final FieldAccessor tiebreaker;

    private RunOptions(String timestampField, TimeFormat timestampFormat, String tiebreakerField, int size,
                       int maxSamplesPerKey) {
        this.timestampField = Objects.requireNonNull(timestampField, "timestampField");
        this.timestampFormat = Objects.requireNonNull(timestampFormat, "timestampFormat");
        this.tiebreakerField = tiebreakerField;
        this.size = size;
        this.maxSamplesPerKey = maxSamplesPerKey;
        this.timestamp = FieldAccessor.of(timestampField);
        this.tiebreaker = tiebreakerField == null ? null : FieldAccessor.of(tiebreakerField);
    }

    /** {@code @timestamp} (epoch millis or ISO-8601), no tiebreaker, no size limit, one sample per key. */
    public static RunOptions defaults() {
        return DEFAULTS;
    }

    public RunOptions withTimestamp(String field, TimeFormat format) {
        return new RunOptions(field, format, tiebreakerField, size, maxSamplesPerKey);
    }

    public RunOptions withTiebreaker(String field) {
        return new RunOptions(timestampField, timestampFormat, field, size, maxSamplesPerKey);
    }

    public RunOptions withSize(int n) {
        return new RunOptions(timestampField, timestampFormat, tiebreakerField, n, maxSamplesPerKey);
    }

    public RunOptions withMaxSamplesPerKey(int n) {
        return new RunOptions(timestampField, timestampFormat, tiebreakerField, size, n);
    }

    public String timestampField() {
        return timestampField;
    }

    public TimeFormat timestampFormat() {
        return timestampFormat;
    }

    public String tiebreakerField() {
        return tiebreakerField;
    }

    public int size() {
        return size;
    }

    public int maxSamplesPerKey() {
        return maxSamplesPerKey;
    }

    /**
     * The event's ordinal: timestamp in epoch millis ({@link Long#MIN_VALUE} when unreadable), the
     * tiebreaker (integers as Long), then {@code position}.
     */
    public Ordinal ordinal(Event e, long position) {
        Long ts = EventTime.toMillis(timestamp.first(e), timestampFormat);
        Comparable<?> tb = null;
        if (tiebreaker != null && tiebreaker.first(e) instanceof Comparable<?> c) {
            tb = c instanceof Integer i ? Long.valueOf(i.longValue()) : c;
        }
        return Ordinal.of(ts == null ? Long.MIN_VALUE : ts, tb, position);
    }

    @Override
    public String toString() {
        return "RunOptions[" + timestampField + " " + timestampFormat + ", tiebreaker=" + tiebreakerField + ", size=" + size
                + ", maxSamplesPerKey=" + maxSamplesPerKey + "]";
    }
}
