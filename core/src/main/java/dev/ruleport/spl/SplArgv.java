package dev.ruleport.spl;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Windows command line split into its arguments in SPL eval, the way {@code CommandLineToArgvW} splits it
 * (ruleport's reading of it is {@link dev.ruleport.verify.Argv#split}): SPL has no argument parser, so the split is
 * written out as a fixed chain of {@code replace()} calls, {@code split()} and {@code mvmap()}.
 *
 * <p>A profile asks for it with the computed field {@code windows_argv(<field>)} or
 * {@code windows_argv(<field>, "<text for missing>")}; the writer puts one {@code | eval} before the {@code | where}:
 * <pre>
 * | eval rp_process_args=if(&lt;blank or missing&gt;, null(), split(&lt;marked line&gt;, "%s")),
 *        rp_process_args=mvmap(rp_process_args, &lt;unmarked value&gt;)
 * </pre>
 * How: {@code %} is escaped as {@code %p}, so {@code %} followed by a letter can mark what a quote or a blank means:
 * a quote after an odd run of backslashes is a literal quote ({@code %q}), every other quote delimits ({@code %d}),
 * and a run of backslashes before a quote is halved. An argument is then a run of non-blanks and quoted parts (a
 * doubled quote inside one is a literal quote that closes it, the rule before 2008 that CommandLineToArgvW and
 * Elastic's SplitCommandLine keep); each gets {@code %s} in front, the line is split there, and each value loses its
 * delimiting quotes and its marks. {@code SplArgvTest} runs these steps (Java's regex engine reads
 * these PCRE constructs alike: look-behind, possessive quantifiers, {@code \z}) against
 * {@link dev.ruleport.verify.Argv#split} on every short line over the characters that matter.
 */
public final class SplArgv {
    private SplArgv() {}

    /** One {@code replace(text, regex, replacement)}; the replacement uses {@code \1} only, never a literal backslash. */
    record Replace(String regex, String replacement, Pattern pattern) {
        Replace(String regex, String replacement) { this(regex, replacement, Pattern.compile(regex)); }

        String apply(String s) {
            Matcher m = pattern.matcher(s);
            StringBuilder sb = new StringBuilder();
            while (m.find()) {
                String r = replacement.contains("\\1") ? replacement.replace("\\1", m.group(1))
                        : replacement;
                m.appendReplacement(sb, Matcher.quoteReplacement(r));
            }
            m.appendTail(sb);
            return sb.toString();
        }

        String spl(String operand) {
            return "replace(" + operand + ", " + SplStrings.quote(regex) + ", " + SplStrings.quote(replacement) + ")";
        }
    }

    /** A line that holds no argument: empty or blanks only. */
    static final String BLANK = "^[ \\t]*\\z";

    /**
     * A quoted part: up to its closing quote, or a doubled quote (a literal quote that also closes it), or the end.
     */
    private static final String QUOTED = "%d(?:[^%]|%[pq])*+(?:%d%d|%d|\\z)";

    /** From the line to arguments marked off by {@code %s}. */
    static final List<Replace> MARK = List.of(
            new Replace("%", "%p"),
            // an odd run of backslashes before a quote: the quote is literal (the run's even part stays)
            new Replace("(?<!\\\\)((?:\\\\\\\\)*)\\\\\"", "\\1%q"),
            new Replace("\"", "%d"),
            // before a quote mark, each pair of backslashes is one backslash
            new Replace("(\\\\)\\\\(?=(?:\\\\\\\\)*%[qd])", "\\1"),
            new Replace("^[ \\t]+", ""),
            new Replace("((?:[^ \\t%]|%[pq]|" + QUOTED + ")++)[ \\t]*", "%s\\1"),
            new Replace("^%s", ""));

    /** From one marked argument to its value. */
    static final List<Replace> UNMARK = List.of(
            // a quoted part keeps its content and, when a doubled quote closes it, one mark for the literal quote
            new Replace("%d((?:[^%]|%[pq])*+(?:%d(?=%d))?)(?:%d|\\z)", "\\1"),
            new Replace("%d", "\""),
            new Replace("%q", "\""),
            new Replace("%p", "%"));

    static final String SEPARATOR = "%s";

    /**
     * A Linux command line (the arguments joined by spaces, as Sysmon for Linux writes it) read back as
     * {@link dev.ruleport.verify.Argv#tokens} reads it: blank (characters up to U+0020 only) is no argument; else the
     * line without those characters at its ends, each run of spaces made one, split at spaces.
     */
    static final String UNIX_BLANK = "^[\\x00-\\x20]*\\z";
    static final List<Replace> UNIX_TRIM = List.of(
            new Replace("^[\\x00-\\x20]+|[\\x00-\\x20]+\\z", ""),
            new Replace(" +", " "));

    /** The arguments of {@code line} as the SPL computes them (null: no argument), run in Java. */
    static List<String> model(String line, String missing, boolean unix) {
        if (!unix) return model(line, missing);
        if (line == null || line.matches(UNIX_BLANK) || line.equals(missing)) return null;
        String s = line;
        for (Replace r : UNIX_TRIM) s = r.apply(s);
        return List.of(s.split(" ", -1));
    }

    /** The arguments of {@code line} as the SPL computes them (null: no argument), run in Java. */
    static List<String> model(String line, String missing) {
        if (line == null || line.matches(BLANK) || line.equals(missing)) return null;
        String s = line;
        for (Replace r : MARK) s = r.apply(s);
        List<String> out = new ArrayList<>();
        // split() keeps empty values between separators; there are none (every argument is at least one character)
        for (String v : s.split(Pattern.quote(SEPARATOR), -1)) {
            for (Replace r : UNMARK) v = r.apply(v);
            out.add(v);
        }
        return out;
    }

    /**
     * A computed field {@code windows_argv(<field>[, "<missing>"])} (the arguments) or
     * {@code windows_argv_count(...)} (how many): the column, the text the target writes for a missing one (or null),
     * and which of the two.
     */
    public record Source(String column, String missing, boolean count, boolean unix) {
        /** The arguments this count counts (itself when it is the arguments). */
        Source arguments() { return new Source(column, missing, false, unix); }
    }

    private static final Pattern CALL = Pattern.compile("(windows|unix)_argv(_count)?\\(\\s*([^,\\s)]+)\\s*(?:,\\s*\"([^\"]*)\"\\s*)?\\)");

    /** {@code windows_argv(...)}, {@code unix_argv(...)} and their {@code _count}s; null for anything else. */
    public static Source parse(String expression) {
        if (expression == null) return null;
        Matcher m = CALL.matcher(expression.strip());
        return m.matches() ? new Source(m.group(3), m.group(4), m.group(2) != null, m.group(1).equals("unix")) : null;
    }

    /**
     * The eval assignments that compute {@code name} from {@code operand} (an eval operand: {@code 'f'}, or the
     * {@code nullif} a tstats fill needs).
     */
    static String assignments(String name, String operand, Source source) {
        if (source.unix()) {
            String blank = "match(" + operand + ", " + SplStrings.quote(UNIX_BLANK) + ")";
            if (source.missing() != null) blank += " OR " + operand + "==" + SplStrings.quote(source.missing());
            String trimmed = operand;
            for (Replace r : UNIX_TRIM) trimmed = r.spl(trimmed);
            return name + "=if(isnull(" + operand + ") OR " + blank + ", null(), split(" + trimmed + ", \" \"))"
                    + (source.count() ? ", " + name + "=mvcount(" + name + ")" : "");
        }
        String blank = "match(" + operand + ", " + SplStrings.quote(BLANK) + ")";
        if (source.missing() != null) blank += " OR " + operand + "==" + SplStrings.quote(source.missing());
        String marked = operand;
        for (Replace r : MARK) marked = r.spl(marked);
        String value = name;
        for (Replace r : UNMARK) value = r.spl(value);
        return name + "=if(isnull(" + operand + ") OR " + blank + ", null(), split(" + marked + ", "
                + SplStrings.quote(SEPARATOR) + ")), " + name + "=" + (source.count() ? "mvcount(" + name + ")"
                : "mvmap(" + name + ", " + value + ")");
    }

    /** The count of arguments {@code args} already holds: one assignment. */
    static String countOf(String name, String args) {
        return name + "=mvcount(" + args + ")";
    }

    /** The eval field a computed ECS field is given in the query. */
    static String evalName(String ecs) {
        return "rp_" + ecs.replace('.', '_');
    }
}
