package dev.ruleport.cli;

import dev.ruleport.compile.Frontend;
import dev.ruleport.diag.Diagnostic;
import dev.ruleport.fixtures.FixtureFile;
import dev.ruleport.fixtures.WitnessGenerator;
import dev.ruleport.fixtures.WitnessReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "fixtures", mixinStandardHelpOptions = true,
        description = {"Generate fixture events for rules: positive witnesses and near misses, derived from the query.",
                "Writes x.fixtures.ndjson next to x.toml (or under --out), never over a hand-written file unless --force."})
final class FixturesCommand implements Callable<Integer> {
    @Option(names = "--out", paramLabel = "DIR", description = "write fixture files here, mirroring the input folders")
    Path outDir;

    @Option(names = "--force", description = "overwrite fixture files that contain hand-written cases")
    boolean force;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "rule files (Elastic .toml, Sigma .yml/.yaml) or folders")
    List<Path> paths;

    @Mixin SigmaInput sigmaInput;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        for (Path p : paths) {
            if (!Files.exists(p)) {
                err.println("ruleport fixtures: no such file or folder: " + p);
                return Main.USAGE;
            }
        }
        Frontend.Options options = sigmaInput.options("fixtures", paths, err);
        if (options == null) return Main.USAGE;
        WitnessGenerator generator = new WitnessGenerator();
        int written = 0;
        int kept = 0;
        int failed = 0;
        int withoutWitness = 0;
        for (Path root : paths) {
            for (Path file : Frontend.ruleFiles(List.of(root))) {
                Frontend.Outcome o = Frontend.compile(file, options);
                if (o.status() != Frontend.Status.OK) {
                    for (Diagnostic d : o.diagnostics()) err.println(d.render());
                    if (o.status() == Frontend.Status.FAILED) failed++;
                    continue;
                }
                Path target = FixtureFile.forRule(file);
                if (outDir != null) {
                    Path rel = Files.isDirectory(root) ? root.relativize(target) : target.getFileName();
                    target = outDir.resolve(rel);
                }
                if (Files.exists(target) && !force && hasHandWritten(target)) {
                    out.println("kept   " + target + " (hand-written; --force replaces it)");
                    kept++;
                    continue;
                }
                WitnessReport report = generator.generate(o.rule(), o.query());
                for (String reason : report.unsupportedReasons()) out.println("note   " + file + ": " + reason);
                if (!report.hasWitness()) {
                    err.println(file + ": no positive witness: " + report.witnessFailure());
                    withoutWitness++;
                }
                if (report.cases().isEmpty()) continue;
                FixtureFile.write(target, report.cases());
                out.println("wrote  " + target + " (" + report.positives().size() + " match, " + report.nearMisses().size()
                        + " no-match)");
                written++;
            }
        }
        out.println("fixtures: " + written + " written, " + kept + " kept, " + withoutWitness + " rules without a witness, "
                + failed + " rules failed to compile");
        out.flush();
        return failed == 0 && withoutWitness == 0 ? Main.OK : Main.FAILED;
    }

    private static boolean hasHandWritten(Path fixtures) {
        try {
            return FixtureFile.read(fixtures).stream().anyMatch(c -> !c.generated());
        } catch (RuntimeException e) {
            return true; // unreadable: treat as the user's own file and leave it alone
        }
    }
}
