package dev.ruleport.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code ruleport} command. Exit codes: 0 success, 1 some rule failed or was refused, 2 usage
 * error. Bad input never produces a stack trace: diagnostics are printed as {@code file:line:col: message}.
 */
@Command(name = "ruleport", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Compile detection rules (Elastic EQL rules in .toml, Sigma rules in .yml) to Sigma, EQL, Splunk SPL,",
                "Microsoft KQL and Java matchers. Sigma rules are read through a Sigma profile into ECS (--input-profile)."})
public final class Main implements Runnable {
    /** The subcommands, in the order the usage lists them. */
    private static final Map<String, Supplier<Object>> SUBCOMMANDS = subcommands();

    private static Map<String, Supplier<Object>> subcommands() {
        Map<String, Supplier<Object>> m = new LinkedHashMap<>();
        m.put("convert", ConvertCommand::new);
        m.put("check", CheckCommand::new);
        m.put("query", QueryCommand::new);
        m.put("match", MatchCommand::new);
        m.put("fixtures", FixturesCommand::new);
        m.put("test", TestCommand::new);
        m.put("help", CommandLine.HelpCommand::new);
        return m;
    }

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(commandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args).execute(args));
    }

    /** A configured command line writing to the given streams (tests inject their own). */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        return commandLine(out, err, new String[0]);
    }

    /**
     * The same, for these arguments: when the first names a subcommand (not help, which names the others), the
     * others are left out. Picocli reads each command's annotations when it is added, a fifth of a second for all
     * of them before any work starts; only the root's usage, never shown once a subcommand is named, lists them.
     */
    static CommandLine commandLine(PrintWriter out, PrintWriter err, String[] arguments) {
        CommandLine cl = new CommandLine(new Main());
        // subcommands first: the settings below reach the commands added so far
        Supplier<Object> named = arguments.length > 0 && !arguments[0].equals("help") ? SUBCOMMANDS.get(arguments[0]) : null;
        if (named != null) cl.addSubcommand(arguments[0], named.get());
        else SUBCOMMANDS.forEach((name, command) -> cl.addSubcommand(name, command.get()));
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
