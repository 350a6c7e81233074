package dev.ruleport.runtime.matcher;

/** How timestamp values are written in the events. */
public enum TimeFormat {
    /** Numbers and digit strings are epoch milliseconds, other text is ISO-8601. */
    AUTO,
    ISO8601,
    EPOCH_MILLIS,
    /** Windows FILETIME: 100 ns ticks since 1601-01-01. */
    FILETIME
}
