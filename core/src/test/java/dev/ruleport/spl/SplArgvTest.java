package dev.ruleport.spl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ruleport.verify.Argv;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The SPL argument split ({@link SplArgv}) computes what {@link Argv#split} does, on every line tried. */
class SplArgvTest {

    private static void same(String line) {
        List<String> expected = Argv.split(line);
        List<String> got = SplArgv.model(line, null);
        assertEquals(expected.isEmpty() ? null : expected, got, () -> "line [" + line + "]");
    }

    @Test
    void everyShortLineOverTheCharactersThatMatter() {
        char[] alphabet = {'a', ' ', '"', '\\', '%', 'd'};
        int n = ShortLines.each(alphabet, 7, SplArgvTest::same);
        assertEquals(335_923, n);
    }

    @Test
    void randomLongerLines() {
        char[] alphabet = {'a', 'b', ' ', '\t', '"', '\\', '%', 'd', 'p', 'q', 's', '\n', '*'};
        Random rnd = new Random(42);
        for (int t = 0; t < 100_000; t++) {
            StringBuilder sb = new StringBuilder();
            int len = rnd.nextInt(24);
            for (int i = 0; i < len; i++) sb.append(alphabet[rnd.nextInt(alphabet.length)]);
            same(sb.toString());
        }
    }

    @Test
    void knownLines() {
        assertEquals(List.of("C:\\Program Files\\x.exe", "-a", "b c"), SplArgv.model("\"C:\\Program Files\\x.exe\" -a \"b c\"", null));
        assertEquals(List.of("a\\\\b", "c\"d"), SplArgv.model("a\\\\b \"c\\\"d\"", null));
        assertEquals(List.of("", "x"), SplArgv.model("\"\" x", null));
        assertEquals(List.of("say \"hi\""), SplArgv.model("\"say \"\"hi\"\"\"", null));
        assertEquals(List.of("a\"b", "c"), SplArgv.model("\"a\"\"b c\"", null));
        assertEquals(List.of("50%s", "%d%p"), SplArgv.model("  50%s\t%d%p  ", null));
        assertNull(SplArgv.model(" \t ", null));
        assertNull(SplArgv.model("unknown", "unknown"));
        assertNull(SplArgv.model(null, null));
    }

    @Test
    void theEvalReadsTheColumnAndWritesEveryStep() {
        assertEquals(new SplArgv.Source("Processes.process", "unknown", false, false), SplArgv.parse("windows_argv(Processes.process, \"unknown\")"));
        assertEquals(new SplArgv.Source("CommandLine", null, false, false), SplArgv.parse("windows_argv(CommandLine)"));
        assertNull(SplArgv.parse("parse_command_line(CommandLine, \"windows\")"));
        String eval = SplArgv.assignments("rp_process_args", "'CommandLine'", new SplArgv.Source("CommandLine", null, false, false));
        assertTrue(eval.startsWith("rp_process_args=if(isnull('CommandLine') OR match('CommandLine', \"^[ \\\\t]*\\\\z\"), null(), split("), eval);
        assertTrue(eval.contains("rp_process_args=mvmap(rp_process_args, replace(replace(replace(replace(rp_process_args, "), eval);
        for (SplArgv.Replace r : SplArgv.MARK) assertTrue(eval.contains(SplStrings.quote(r.regex())), r.regex());
        for (SplArgv.Replace r : SplArgv.UNMARK) assertTrue(eval.contains(SplStrings.quote(r.regex())), r.regex());
    }

    /** Sysmon for Linux's command line read back as {@code Argv.tokens} reads it, on every short line that matters. */
    @Test
    void unixLinesAreTrimmedAndSplitAtSpaces() {
        assertEquals(new SplArgv.Source("Processes.process", "unknown", true, true),
                SplArgv.parse("unix_argv_count(Processes.process, \"unknown\")"));
        char[] alphabet = {'a', ' ', '\t', '\n', '\0', '"'};
        int n = ShortLines.each(alphabet, 6, line -> {
            List<String> want = Argv.tokens(line);
            assertEquals(want.isEmpty() ? null : want, SplArgv.model(line, "unknown", true), () -> "line [" + line + "]");
        });
        assertTrue(n > 50_000, "lines: " + n);
        assertNull(SplArgv.model("unknown", "unknown", true));
        String eval = SplArgv.assignments("rp_process_args_count", "'Processes.process'",
                new SplArgv.Source("Processes.process", "unknown", true, true));
        assertEquals("rp_process_args_count=if(isnull('Processes.process') OR match('Processes.process', \"^[\\\\x00-\\\\x20]*\\\\z\")"
                + " OR 'Processes.process'==\"unknown\", null(), split(replace(replace('Processes.process',"
                + " \"^[\\\\x00-\\\\x20]+|[\\\\x00-\\\\x20]+\\\\z\", \"\"), \" +\", \" \"), \" \")),"
                + " rp_process_args_count=mvcount(rp_process_args_count)", eval);
    }
}
