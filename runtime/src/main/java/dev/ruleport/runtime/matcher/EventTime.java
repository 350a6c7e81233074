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
