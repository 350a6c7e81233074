package dev.ruleport.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A process's argument vector and the command line it came from, split and joined by the rules Windows uses
 * ({@code CommandLineToArgvW}, and the quoting that round-trips through it), which is how Elastic Defend fills
 * {@code process.args} on Windows. On Linux and macOS the command line is the arguments joined by spaces, unquoted.
 */
public final class Argv {
    private Argv() {}

    /** Argument vectors and the command line each belongs to. */
    static final Map<String, String> LINES = new java.util.LinkedHashMap<>(Map.of("process.args", "process.command_line"));

    static {
        LINES.put("process.parent.args", "process.parent.command_line");
    }

    /** The count of each argument vector. */
    private static final Map<String, String> COUNTS = Map.of("process.args", "process.args_count",
            "process.parent.args", "process.parent.args_count");

    /** Where arguments a command line lacks are added to it. */
    enum Placement { NONE, AFTER, BEFORE }

    /**
     * Makes an event's arguments and command line describe one process: the one that is present gives the other;
     * when both are and the command line lacks some arguments, they are added after or before it ({@code placement};
     * {@code NONE} leaves such an event as it is) and the arguments become the command line's split. The count
     * follows the arguments.
     */
    static void consistent(Map<String, Object> ev, Placement placement) {
        boolean windows = !(ev.get("host.os.type") instanceof String os) || os.equalsIgnoreCase("windows");
        LINES.forEach((args, line) -> {
            List<String> a = Events.strings(ev.get(args));
            Object l = ev.get(line);
            if (a != null && !a.isEmpty() && l == null) {
                ev.put(line, windows ? join(a) : String.join(" ", a));
                // a Linux line read back: an argument holding a space is several
                if (!windows) {
                    List<String> read = tokens(String.join(" ", a));
                    if (read.isEmpty()) ev.remove(args); else ev.put(args, read);
                }
            } else if (ev.get(args) == null && l instanceof String s) {
                List<String> read = windows ? split(s) : tokens(s);
                if (windows || !read.isEmpty()) ev.put(args, read); // a blank Linux line has no arguments
            } else if (a != null && l instanceof String s && placement != Placement.NONE) {
                List<String> have = windows ? split(s) : tokens(s);
                List<String> missing = new ArrayList<>();
                for (String x : a) if (!have.contains(x)) missing.add(x);
                if (missing.isEmpty()) return;
                String joined = windows ? join(missing) : String.join(" ", missing);
                String full = placement == Placement.AFTER ? s + " " + joined : joined + " " + s;
                ev.put(line, full);
                ev.put(args, windows ? split(full) : tokens(full));
            }
        });
        // the count is the vector's length (a target computes it from the line); an event with only a count gets a
        // line of that many arguments, a blank line none
        LINES.forEach((args, line) -> {
            String count = COUNTS.get(args);
            List<String> a = Events.strings(ev.get(args));
            if (a == null && ev.get(line) == null && ev.get(count) instanceof Number n && n.longValue() >= 1
                    && n.longValue() <= 64) {
                a = new ArrayList<>(java.util.Collections.nCopies(n.intValue(), "rp"));
                ev.put(line, String.join(" ", a));
                ev.put(args, a);
            }
            if (a != null && ev.get(line) instanceof String) ev.put(count, (long) a.size());
            else if (a == null && ev.get(line) instanceof String) ev.remove(count);
        });
    }

    /**
     * The arguments of a Linux or macOS command line (the arguments joined by spaces) as they are read back: the line
     * without its leading and trailing characters up to U+0020 ({@link String#trim}), split at spaces, empty pieces
     * dropped (as Elastic's Microsoft Defender integration splits a command line); empty for a blank line.
     */
    public static List<String> tokens(String line) {
        List<String> out = new ArrayList<>();
        for (String piece : line.trim().split(" ")) if (!piece.isEmpty()) out.add(piece);
        return out;
    }

    /** The command line whose {@link #split} is {@code args}: each argument quoted when it needs it. */
    public static String join(List<String> args) {
        List<String> out = new ArrayList<>();
        for (String a : args) out.add(quote(a));
        return String.join(" ", out);
    }

    private static String quote(String a) {
        if (!a.isEmpty() && a.chars().noneMatch(c -> c == ' ' || c == '\t' || c == '"')) return a;
        StringBuilder sb = new StringBuilder("\"");
        int backslashes = 0;
        for (int i = 0; i < a.length(); i++) {
            char c = a.charAt(i);
            if (c == '\\') {
                backslashes++;
                continue;
            }
            // backslashes before a quote are doubled, and the quote escaped
            sb.append("\\".repeat(c == '"' ? backslashes * 2 + 1 : backslashes));
            backslashes = 0;
            sb.append(c);
        }
        sb.append("\\".repeat(backslashes * 2)).append('"');
        return sb.toString();
    }

    /**
     * {@code CommandLineToArgvW}'s rules: arguments split at unquoted blanks; {@code 2n} backslashes before a quote
     * give {@code n} backslashes and the quote toggles quoting; {@code 2n+1} give {@code n} and a literal quote;
     * other backslashes are literal; a doubled quote inside quotes is a literal quote that ends the quoted part (as
     * Elastic's Windows integrations split Sysmon and 4688 command lines: their "Windows-like SplitCommandLine"
     * script, elastic/integrations packages/windows sysmon_operational ingest pipeline, follows the rule before 2008).
     */
    public static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inQuotes = false;
        boolean any = false;
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == '\\') {
                int n = 0;
                while (i < line.length() && line.charAt(i) == '\\') { n++; i++; }
                if (i < line.length() && line.charAt(i) == '"') {
                    cur.append("\\".repeat(n / 2));
                    if (n % 2 == 1) {
                        cur.append('"');
                        i++;
                    }
                } else {
                    cur.append("\\".repeat(n));
                }
                any = true;
                continue;
            }
            if (c == '"') {
                if (inQuotes && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    // the rule before 2008 that CommandLineToArgvW and Elastic's SplitCommandLine keep: a doubled quote
                    // inside quotes is a literal quote, and the quoted part ends
                    cur.append('"');
                    inQuotes = false;
                    i += 2;
                    continue;
                }
                inQuotes = !inQuotes;
                any = true;
                i++;
                continue;
            }
            if ((c == ' ' || c == '\t') && !inQuotes) {
                if (any) out.add(cur.toString());
                cur.setLength(0);
                any = false;
                i++;
                continue;
            }
            cur.append(c);
            any = true;
            i++;
        }
        if (any) out.add(cur.toString());
        return out;
    }
}
