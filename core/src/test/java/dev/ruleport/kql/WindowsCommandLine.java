package dev.ruleport.kql;

import java.util.ArrayList;
import java.util.List;

/**
 * A Windows command line and its argument vector, as {@code CommandLineToArgvW} relates them: what Elastic Defend
 * stores in {@code process.args} on Windows (elastic/endpoint issue 83) and what Kusto's
 * {@code parse_command_line(text, "windows")} returns ("parses the command line the same way as CommandLineToArgvW",
 * Kusto docs). The round trips use it to project an ECS event onto the row a Windows source stores: one command
 * line, from which the arguments are computed.
 *
 * <p>The rules (Microsoft, "Parsing C command-line arguments", and CommandLineToArgvW's documented special case of
 * the program name):
 * <ul>
 *   <li>argv[0] ends at the first space or tab, or, when the line starts with {@code "}, at the next {@code "}
 *       (inclusive); it has no escapes. What follows a closing quote directly starts the next argument.</li>
 *   <li>Later arguments are separated by runs of spaces and tabs outside quotes. A {@code "} preceded by 2n
 *       backslashes yields n backslashes and opens or closes a quoted part; preceded by 2n+1 backslashes it yields
 *       n backslashes and a literal {@code "}. Backslashes not followed by a quote are literal. Inside a quoted
 *       part, {@code ""} yields a literal {@code "} and ends the quoted part (three quotes in a row, counting the
 *       opening one, give one literal quote: the pre-2008 C runtime rule, which CommandLineToArgvW keeps).</li>
 *   <li>Trailing spaces and tabs start no argument; {@code ""} is an empty argument.</li>
 * </ul>
 */
final class WindowsCommandLine {
    private WindowsCommandLine() {}

    private static boolean blank(char c) { return c == ' ' || c == '\t'; }

    /** The argument vector of a non-empty command line. */
    static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = line.length();
        StringBuilder arg = new StringBuilder();
        if (n > 0 && line.charAt(0) == '"') {
            i = 1;
            while (i < n && line.charAt(i) != '"') arg.append(line.charAt(i++));
            if (i < n) i++; // the closing quote
        } else {
            while (i < n && !blank(line.charAt(i))) arg.append(line.charAt(i++));
        }
        out.add(arg.toString());
        while (i < n && blank(line.charAt(i))) i++;
        if (i >= n) return out;
        arg.setLength(0);
        int quotes = 0;      // quote state: 0 outside, 1 inside, 2 a quote just closed (still outside)
        int backslashes = 0;
        while (i < n) {
            char c = line.charAt(i);
            if (blank(c) && quotes == 0) {
                out.add(arg.toString());
                arg.setLength(0);
                while (i < n && blank(line.charAt(i))) i++;
                backslashes = 0;
                if (i >= n) return out;
                continue;
            }
            if (c == '\\') {
                arg.append(c);
                backslashes++;
                i++;
                continue;
            }
            if (c == '"') {
                arg.setLength(arg.length() - backslashes / 2 - (backslashes % 2));
                if (backslashes % 2 == 1) {
                    arg.append('"');
                } else {
                    quotes++;
                }
                i++;
                backslashes = 0;
                while (i < n && line.charAt(i) == '"') {
                    if (++quotes == 3) {
                        arg.append('"');
                        quotes = 0;
                    }
                    i++;
                }
                if (quotes == 2) quotes = 0;
                continue;
            }
            arg.append(c);
            backslashes = 0;
            i++;
        }
        out.add(arg.toString());
        return out;
    }

    /**
     * {@code line} with {@code args} appended as later arguments (quoted as needed), or null when the result does not
     * split into the line's arguments followed by {@code args} (the line ends inside a quoted part).
     */
    static String append(String line, List<String> args) {
        List<String> withProgram = new ArrayList<>();
        withProgram.add("p");
        withProgram.addAll(args);
        String appended = line + join(withProgram).substring(1);
        List<String> expected = new ArrayList<>(split(line));
        expected.addAll(args);
        return split(appended).equals(expected) ? appended : null;
    }

    /**
     * A command line whose {@link #split} is {@code args}, or null when none exists (argv[0] starting with a quote,
     * or holding a quote and a space or tab: argv[0] has no escapes).
     * Arguments are joined with one space; an argument with a space, a tab or a quote, or an empty one, is quoted,
     * with each backslash run before a quote (or the closing quote) doubled and the quote escaped.
     */
    static String join(List<String> args) {
        if (args.isEmpty()) return null;
        StringBuilder sb = new StringBuilder();
        String program = args.get(0);
        boolean quoteProgram = program.isEmpty() || program.chars().anyMatch(c -> blank((char) c));
        if (program.startsWith("\"") || (quoteProgram && program.indexOf('"') >= 0)) return null;
        sb.append(quoteProgram ? "\"" + program + "\"" : program);
        for (String a : args.subList(1, args.size())) {
            sb.append(' ');
            boolean plain = !a.isEmpty() && a.chars().noneMatch(c -> blank((char) c) || c == '"');
            if (plain) {
                sb.append(a);
                continue;
            }
            sb.append('"');
            int backslashes = 0;
            for (int i = 0; i < a.length(); i++) {
                char c = a.charAt(i);
                if (c == '\\') {
                    backslashes++;
                    continue;
                }
                if (c == '"') {
                    sb.append("\\".repeat(2 * backslashes + 1)).append('"');
                } else {
                    sb.append("\\".repeat(backslashes)).append(c);
                }
                backslashes = 0;
            }
            sb.append("\\".repeat(2 * backslashes)).append('"');
        }
        return sb.toString();
    }
}
