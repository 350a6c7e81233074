package dev.ruleport.cli;

import dev.ruleport.compile.FieldCheck;
import dev.ruleport.compile.Frontend;
import dev.ruleport.diag.Diagnostic;
import dev.ruleport.diag.Severity;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Parse and validate rules (files or folders, recursively); print every diagnostic.",
                "Warns on field names that are neither ECS nor known integration fields (did you mean ...?)."})
final class CheckCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "PATH", description = "rule files (Elastic .toml, Sigma .yml/.yaml) or folders")
    List<Path> paths;

    @CommandLine.Option(names = "--quiet", description = "print only errors and the summary")
    boolean quiet;

    @CommandLine.Option(names = "--strict", description = "exit 1 on warnings too (for CI)")
    boolean strict;

    @Mixin SigmaInput sigmaInput;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        for (Path p : paths) {
            if (!Files.exists(p)) {
                err.println("ruleport: no such file or folder: " + p);
                return Main.USAGE;
            }
        }
        Frontend.Options options = sigmaInput.options("check", paths, err);
        if (options == null) return Main.USAGE;
        List<Path> files = Frontend.ruleFiles(paths);
        if (files.isEmpty()) {
            err.println("ruleport check: no rules found in " + String.join(", ", paths.stream().map(Path::toString).toList())
                    + " (.toml, .yml, .yaml)");
            return Main.USAGE;
        }
        int ok = 0;
        int failed = 0;
        int unsupported = 0;
        int warned = 0;
        for (Path file : files) {
            Frontend.Outcome o = Frontend.compile(file, options);
            List<Diagnostic> diagnostics = new java.util.ArrayList<>(o.diagnostics());
            if (o.status() == Frontend.Status.OK) diagnostics.addAll(FieldCheck.check(o.rule(), o.query()));
            if (diagnostics.stream().anyMatch(d -> d.severity() == Severity.WARNING)) warned++;
            for (Diagnostic d : diagnostics) {
                if (d.isError() || !quiet) out.println(d.render());
            }
            switch (o.status()) {
                case OK -> ok++;
                case FAILED -> failed++;
                case UNSUPPORTED_LANGUAGE -> unsupported++;
            }
        }
        out.println("checked " + (ok + failed + unsupported) + " rules: " + ok + " ok, " + failed + " failed, "
                + unsupported + " unsupported-language" + (warned == 0 ? "" : "; " + warned + " with warnings"));
        out.flush();
        return failed == 0 && !(strict && warned > 0) ? Main.OK : Main.FAILED;
    }
}
