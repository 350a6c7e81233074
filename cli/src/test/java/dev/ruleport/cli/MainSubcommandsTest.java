package dev.ruleport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Main builds only the subcommand its first argument names; what a user sees is what the full tree gives. */
class MainSubcommandsTest {
    @Test
    void theNamedSubcommandAloneAnswersAsTheFullTree() {
        List<List<String>> cases = List.of(
                List.of("convert", "--help"), List.of("check", "--help"), List.of("query", "--help"),
                List.of("match", "--help"), List.of("fixtures", "--help"), List.of("test", "--help"),
                List.of("convert"), List.of("convert", "--to"), List.of("convert", "--bogus", "x.toml"),
                List.of("convert", "--to", "nope", "no-such-rule.toml"), List.of("convert", "--to", "kql", "--threads", "0", "x.toml"),
                List.of("convert", "--to", "kql", "--rule-budget", "soon", "x.toml"), List.of("check", "no-such-rule.toml"),
                List.of("query"), List.of("match", "--bogus"), List.of("convert", "--version"), List.of("help"),
                List.of("help", "convert"), List.of("--help"), List.of("--version"), List.of(), List.of("nope"),
                List.of("--bogus", "convert"));
        for (List<String> c : cases) {
            String[] args = c.toArray(String[]::new);
            assertEquals(run(args, true), run(args, false), c.toString());
        }
    }

    private static String run(String[] args, boolean full) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        PrintWriter o = new PrintWriter(out, true);
        PrintWriter e = new PrintWriter(err, true);
        int exit = (full ? Main.commandLine(o, e) : Main.commandLine(o, e, args)).execute(args);
        return exit + "\n" + out + "\n--\n" + err;
    }
}
