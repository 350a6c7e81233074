package dev.ruleport.spl;

import dev.ruleport.loader.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code savedsearches.conf} stanza for one rule, as Splunk users deploy scheduled alerts: the search,
 * description, a cron schedule from the rule's {@code interval}, the dispatch window from {@code from}
 * (Elastic's look-back, which overlaps runs on purpose), and the alert severity. Multi-line values are
 * continued with a trailing {@code \}.
 */
final class SavedSearches {
    private SavedSearches() {}

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*([smhd])");
    private static final Pattern FROM = Pattern.compile("now-(\\d+)([smhd])");

    static String stanza(Rule rule, List<String> searchLines) {
        StringBuilder sb = new StringBuilder();
        sb.append('[').append(stanzaName(rule.name())).append("]\n");
        sb.append("description = ").append(continued(lines(rule.description()))).append('\n');
        sb.append("search = ").append(continued(searchLines)).append('\n');
        sb.append("enableSched = 1\n");
        sb.append("cron_schedule = ").append(cron(rule.interval())).append('\n');
        sb.append("dispatch.earliest_time = ").append(earliest(rule.from())).append('\n');
        sb.append("dispatch.latest_time = now\n");
        sb.append("counttype = number of events\n");
        sb.append("relation = greater than\n");
        sb.append("quantity = 0\n");
        sb.append("alert.track = 1\n");
        sb.append("alert.digest_mode = 1\n");
        sb.append("alert.expires = 24h\n");
        sb.append("alert.severity = ").append(severity(rule.severity())).append('\n');
        sb.append("alert.suppress = 0\n");
        sb.append("action.email = 0\n");
        sb.append("action.webhook = 0\n");
        return sb.toString();
    }

    /** The one file a run's stanzas go into. */
    static final String FILE = "savedsearches.conf";

    /**
     * One {@code savedsearches.conf} holding every stanza, in order, each name made unique ({@code name (2)}, ...) as
     * Splunk keeps only the last of two stanzas with one name.
     */
    static String file(List<String> stanzas) {
        StringBuilder sb = new StringBuilder();
        sb.append("# savedsearches.conf written by ruleport: ").append(stanzas.size()).append(stanzas.size() == 1 ? " scheduled alert" : " scheduled alerts")
          .append(", one stanza per rule translated (a refused rule has none).\n")
          .append("# Each search starts with the rule's translation header (fidelity, losses, equivalences) as ``` comments ```.\n")
          .append("# Alerts are listed under Triggered Alerts (alert.track); set action.email = 1 and action.email.to to mail them.\n");
        java.util.Set<String> used = new java.util.HashSet<>();
        for (String stanza : stanzas) {
            int close = stanza.indexOf("]\n");
            String name = stanza.substring(1, close);
            String unique = name;
            for (int i = 2; !used.add(unique); i++) unique = name + " (" + i + ")";
            sb.append('\n').append('[').append(unique).append(stanza.substring(close));
        }
        return sb.toString();
    }

    /** Stanza names end at the first {@code ]} and live on one line. */
    static String stanzaName(String name) {
        String n = name == null || name.isBlank() ? "ruleport rule" : name;
        n = n.replace('[', '(').replace(']', ')').replaceAll("[\\r\\n\\t\\p{Cntrl}]+", " ").strip();
        n = n.replace("`", "'");
        n = n.replaceAll("\\\\+$", "").strip(); // a backslash before the closing bracket would escape it
        if (n.strip().equalsIgnoreCase("default")) n = n + " (rule)"; // [default] holds every stanza's defaults
        return n.isBlank() ? "ruleport rule" : n;
    }

    private static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) return out;
        for (String l : text.strip().split("\\r?\\n", -1)) out.add(l.stripTrailing());
        return out;
    }

    /** Joins lines with {@code \}-continuations; a line that itself ends in {@code \} gets a space so it does not continue by accident. */
    static String continued(List<String> lines) {
        List<String> out = new ArrayList<>();
        for (String l : lines) out.add(l.endsWith("\\") ? l + " " : l);
        return String.join(" \\\n", out);
    }

    /** Splunk alert severity: 1 debug, 2 info, 3 low, 4 medium, 5 high, 6 critical. */
    static int severity(String s) {
        if (s == null) return 3;
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "critical" -> 6;
            case "high" -> 5;
            case "medium" -> 4;
            case "low" -> 3;
            default -> 2;
        };
    }

    /** Elastic's default schedule is every 5 minutes; minutes and hours become cron steps, seconds round up to a minute. */
    static String cron(String interval) {
        if (interval == null) return "*/5 * * * *";
        Matcher m = DURATION.matcher(interval.strip());
        if (!m.matches()) return "*/5 * * * *";
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> "*/" + Math.max(1, (n + 59) / 60) + " * * * *";
            case "m" -> n <= 1 ? "* * * * *" : n < 60 && 60 % n == 0 ? "*/" + n + " * * * *" : n % 60 == 0 ? hours(n / 60) : "*/" + n + " * * * *";
            case "h" -> hours(n);
            default -> "0 0 */" + n + " * *";
        };
    }

    private static String hours(long h) {
        return h <= 1 ? "0 * * * *" : h < 24 ? "0 */" + h + " * * *" : "0 0 * * *";
    }

    /** {@code now-9m} → {@code -9m}; Elastic's default look-back is 6 minutes. */
    static String earliest(String from) {
        if (from == null) return "-6m";
        Matcher m = FROM.matcher(from.strip());
        return m.matches() ? "-" + m.group(1) + m.group(2) : "-6m";
    }
}
