package dev.ruleport.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code ruleport} command. Exit codes: 0 success, 1 some rule failed or was refused, 2 usage
 * error. Bad input never produces a stack trace: diagnostics are printed as {@code file:line:col: message}.
 */
@Command(name = "ruleport", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Compile detection rules (Elastic EQL rules in .toml, Sigma rules in .yml) to Sigma, EQL, Splunk SPL,",
                "Microsoft KQL and Java matchers. Sigma rules are read through a Sigma profile into ECS (--input-profile)."},
        subcommands = {ConvertCommand.class, CheckCommand.class, QueryCommand.class, MatchCommand.class, FixturesCommand.class,
                TestCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(commandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true)).execute(args));
    }

    /** A configured command line writing to the given streams (tests inject their own). */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExitCodeExceptionMapper(e -> e instanceof CommandLine.ParameterException ? USAGE : FAILED);
        cl.setParameterExceptionHandler((ex, args) -> {
            ex.getCommandLine().getErr().println("ruleport: " + ex.getMessage());
            ex.getCommandLine().getErr().println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName()
                    + " --help' for more information.");
            return USAGE;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println("ruleport: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
            return FAILED;
        });
        return cl;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"ruleport " + (v == null ? "dev" : v)};
        }
    }
}
