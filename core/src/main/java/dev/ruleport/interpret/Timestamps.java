package dev.ruleport.interpret;

import dev.ruleport.runtime.matcher.EventTime;
import dev.ruleport.runtime.matcher.TimeFormat;

/**
 * Event timestamps as epoch milliseconds: the interpreter's names for {@link EventTime}, which
 * defines them for the interpreter and generated matchers alike.
 */
public final class Timestamps {
    /** How timestamp values are written in the events (see {@link TimeFormat}). */
    public enum Format {
        AUTO(TimeFormat.AUTO), ISO8601(TimeFormat.ISO8601), EPOCH_MILLIS(TimeFormat.EPOCH_MILLIS), FILETIME(TimeFormat.FILETIME);

        private final TimeFormat timeFormat;

        Format(TimeFormat timeFormat) { this.timeFormat = timeFormat; }

        /** The runtime's twin of this format. */
        public TimeFormat timeFormat() { return timeFormat; }
    }

    private Timestamps() {}

    /** Epoch millis of {@code value}, or null when it is missing or unreadable. */
    public static Long toMillis(Object value, Format format) {
        return EventTime.toMillis(value, format.timeFormat());
    }

    /**
     * A date value under an Elasticsearch mapping {@code format} (Java time patterns such as
     * {@code dd-MM-yyyy}; {@code epoch_millis}; default: ISO-8601 or epoch millis).
     */
    public static Long dateToMillis(Object value, String format) {
        return EventTime.dateToMillis(value, format);
    }
}
