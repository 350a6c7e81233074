package dev.ruleport.backend;

import dev.ruleport.loader.Rule;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When an Elastic rule runs: every {@code interval} (default {@code 5m}), over the events since {@code from} (default
 * {@code now-6m}; the look-back overlaps the interval on purpose, so late events are still seen). Deployable outputs
 * (Splunk saved searches, Sentinel analytic rules, Defender custom detections) take their schedule from here.
 *
 * @param every    how often the rule runs
 * @param lookBack how far back each run looks
 * @param stated   whether the rule gave both values itself ({@code false}: Elastic's defaults filled a gap)
 */
public record Schedule(Duration every, Duration lookBack, boolean stated) {
    /** Elastic's defaults: a rule without {@code interval} runs every 5 minutes; without {@code from}, looks 6 minutes back. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(5);
    public static final Duration DEFAULT_LOOK_BACK = Duration.ofMinutes(6);

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*([smhd])");
    private static final Pattern FROM = Pattern.compile("now\\s*-\\s*(\\d{1,9})\\s*([smhd])");

    /** The rule's schedule; an absent or unreadable value takes Elastic's default. */
    public static Schedule of(Rule rule) {
        Duration every = parse(DURATION, rule.interval());
        Duration back = parse(FROM, rule.from());
        return new Schedule(every == null ? DEFAULT_INTERVAL : every, back == null ? DEFAULT_LOOK_BACK : back,
                every != null && back != null);
    }

    private static Duration parse(Pattern p, String text) {
        if (text == null) return null;
        Matcher m = p.matcher(text.strip());
        if (!m.matches()) return null;
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
        return d.isZero() ? null : d;
    }

    /** A duration in whole minutes, rounded up (at least one). */
    public static long minutesUp(Duration d) {
        return Math.max(1, (d.getSeconds() + 59) / 60);
    }

    /** {@code 90m} as {@code 90m}, {@code 120m} as {@code 2h}, {@code 1440m} as {@code 1d}: the largest unit that divides it. */
    public static String compact(long minutes) {
        if (minutes % (24 * 60) == 0) return minutes / (24 * 60) + "d";
        if (minutes % 60 == 0) return minutes / 60 + "h";
        return minutes + "m";
    }

    /** ISO 8601 ({@code PT5M}, {@code PT2H}, {@code P1D}), as Azure Resource Manager writes durations. */
    public static String iso(long minutes) {
        if (minutes % (24 * 60) == 0) return "P" + minutes / (24 * 60) + "D";
        if (minutes % 60 == 0) return "PT" + minutes / 60 + "H";
        return "PT" + minutes + "M";
    }

    /** {@code every 5m, looking back 9m} (with {@code (Elastic's defaults)} when the rule did not say). */
    public String describe() {
        return "every " + compact(minutesUp(every)) + ", looking back " + compact(minutesUp(lookBack))
                + (stated ? "" : " (Elastic's defaults where the rule gives no interval or from)");
    }
}
