package dev.ruleport.runtime.matcher;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;

/**
 * Event timestamps and {@code date} field values as epoch milliseconds.
 *
 * <p>The one definition: the interpreter ({@code dev.ruleport.interpret.Timestamps}) and generated
 * matchers both read times through here.
 */
public final class EventTime {
    /** Windows FILETIME counts 100 ns ticks since 1601-01-01; this is 1970-01-01 in milliseconds of that epoch. */
    static final long FILETIME_EPOCH_OFFSET_MILLIS = 11_644_473_600_000L;

    private EventTime() {
    }

    /** Epoch millis of {@code value}, or null when it is missing or unreadable. */
    public static Long toMillis(Object value, TimeFormat format) {
        if (value == null) {
            return null;
        }
        switch (format) {
            case FILETIME -> {
                Long ticks = integral(value);
                return ticks == null ? null : ticks / 10_000L - FILETIME_EPOCH_OFFSET_MILLIS;
            }
            case EPOCH_MILLIS -> {
                return integral(value);
            }
            case ISO8601 -> {
                return value instanceof String s ? iso(s) : null;
            }
            default -> {
                if (value instanceof Number) {
                    return integral(value);
                }
                String s = value.toString().trim();
                if (!s.isEmpty() && s.chars().allMatch(c -> c >= '0' && c <= '9' || c == '-')) {
                    return integral(s);
                }
                return iso(s);
            }
        }
    }

    private static Long integral(Object v) {
        try {
            if (v instanceof Number n) {
                return new BigDecimal(n.toString()).longValue();
            }
            return new BigDecimal(v.toString().trim()).longValue();
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** ISO-8601 with or without offset (no offset means UTC), or a plain date. */
    static Long iso(String s) {
        long fast = utcMillis(s);
        if (fast != NOT_SIMPLE) {
            return fast;
        }
        try {
            return OffsetDateTime.parse(s).toInstant().toEpochMilli();
        } catch (DateTimeParseException ignored) {
            // try the next form
        }
        try {
            return Instant.parse(s).toEpochMilli();
        } catch (DateTimeParseException ignored) {
            // try the next form
        }
        try {
            return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException ignored) {
            // try the next form
        }
        try {
            return LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static final long NOT_SIMPLE = Long.MIN_VALUE;

    /**
     * The usual event timestamp, {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z} with every field in range, read without
     * {@code java.time}'s parser (the same millis {@code OffsetDateTime.parse} gives, in a fraction of its time); any
     * other text, or a field out of range, is {@link #NOT_SIMPLE} and left to the general parsers.
     */
    static long utcMillis(String s) {
        int n = s.length();
        if (n < 20 || n > 30 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                || s.charAt(16) != ':' || s.charAt(n - 1) != 'Z') {
            return NOT_SIMPLE;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 7);
        int day = digits(s, 8, 10);
        int hour = digits(s, 11, 13);
        int minute = digits(s, 14, 16);
        int second = digits(s, 17, 19);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 28 && day > LocalDate.of(year, month, 1).lengthOfMonth()
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return NOT_SIMPLE;
        }
        int millis = 0;
        if (n > 20) {
            // a fraction of 1 to 9 digits: its first three are the milliseconds (truncated, as toEpochMilli does)
            if (s.charAt(19) != '.' || n == 21) {
                return NOT_SIMPLE;
            }
            for (int i = 20; i < n - 1; i++) {
                char c = s.charAt(i);
                if (c < '0' || c > '9') {
                    return NOT_SIMPLE;
                }
                if (i < 23) {
                    millis = millis * 10 + (c - '0');
                }
            }
            for (int i = n - 1; i < 23; i++) {
                millis *= 10;
            }
        } else if (s.charAt(19) != 'Z') {
            return NOT_SIMPLE;
        }
        long days = LocalDate.of(year, month, day).toEpochDay();
        return ((days * 24 + hour) * 60 + minute) * 60_000L + second * 1000L + millis;
    }

    /** The decimal number in {@code s[from, to)}, or -1 when a character is not a digit. */
    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /**
     * A date value under an Elasticsearch mapping {@code format} (Java time patterns such as
     * {@code dd-MM-yyyy}; {@code epoch_millis}; default: ISO-8601 or epoch millis).
     */
    public static Long dateToMillis(Object value, String format) {
        if (value == null) {
            return null;
        }
        if (format == null || format.contains("strict_date_optional_time") || format.equals("date_optional_time")) {
            return toMillis(value, TimeFormat.AUTO);
        }
        for (String f : format.split("\\|\\|")) {
            f = f.trim();
            if (f.equals("epoch_millis")) {
                Long l = toMillis(value, TimeFormat.EPOCH_MILLIS);
                if (l != null) {
                    return l;
                }
                continue;
            }
            try {
                DateTimeFormatter fmt = DateTimeFormatter.ofPattern(f, Locale.ROOT);
                TemporalAccessor t = fmt.parse(value.toString());
                try {
                    return LocalDateTime.from(t).toInstant(ZoneOffset.UTC).toEpochMilli();
                } catch (RuntimeException noTime) {
                    return LocalDate.from(t).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
                }
            } catch (RuntimeException ignored) {
                // try the next format
            }
        }
        return toMillis(value, TimeFormat.AUTO);
    }
}
