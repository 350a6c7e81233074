package dev.ruleport.cli;

import dev.ruleport.compile.Frontend;
import dev.ruleport.diag.CompileException;
import dev.ruleport.diag.Diagnostic;
import dev.ruleport.fixtures.FixtureCase;
import dev.ruleport.fixtures.FixtureFile;
import dev.ruleport.fixtures.FixtureRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "test", mixinStandardHelpOptions = true,
        description = {"Run each rule against its fixture file (x.fixtures.ndjson next to x.toml or x.yml) with the interpreter.",
                "Prints ok or what failed per rule, then: tested N rules: X passed, Y failed, Z without fixtures."})
final class TestCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "PATH", description = "rule files (Elastic .toml, Sigma .yml/.yaml) or folders")
    List<Path> paths;

    @Mixin SigmaInput sigmaInput;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        for (Path p : paths) {
            if (!Files.exists(p)) {
                err.println("ruleport test: no such file or folder: " + p);
                return Main.USAGE;
            }
        }
        Frontend.Options options = sigmaInput.options("test", paths, err);
        if (options == null) return Main.USAGE;
        int passed = 0;
        int failed = 0;
        int without = 0;
        for (Path file : Frontend.ruleFiles(paths)) {
            Frontend.Outcome o = Frontend.compile(file, options);
            if (o.status() == Frontend.Status.UNSUPPORTED_LANGUAGE) continue;
            if (o.status() == Frontend.Status.FAILED) {
                for (Diagnostic d : o.diagnostics()) out.println(d.render());
                out.println("FAIL   " + file + " (does not compile)");
                failed++;
                continue;
            }
            Path fixtures = FixtureFile.forRule(file);
            if (!Files.exists(fixtures)) {
                out.println("none   " + file + " (no " + fixtures.getFileName() + ")");
                without++;
                continue;
            }
            List<String> problems = new ArrayList<>();
            int cases = 0;
            try {
                FixtureRunner runner = FixtureRunner.forRule(o.rule(), o.query());
                for (FixtureCase c : FixtureFile.read(fixtures)) {
                    cases++;
                    FixtureRunner.Verdict v = runner.run(c);
                    if (!v.passed()) problems.add(v.describe());
                }
            } catch (CompileException e) {
                e.diagnostics().forEach(d -> problems.add(d.render()));
            } catch (FixtureFile.FormatException e) {
                problems.add(e.getMessage());
            }
            if (problems.isEmpty()) {
                out.println("ok     " + file + " (" + cases + " cases)");
                passed++;
            } else {
                out.println("FAIL   " + file);
                for (String p : problems) out.println("       " + p.replace("\n", "\n       "));
                failed++;
            }
        }
        out.println("tested " + (passed + failed + without) + " rules: " + passed + " passed, " + failed + " failed, "
                + without + " without fixtures");
        out.flush();
        return failed == 0 ? Main.OK : Main.FAILED;
    }
}
