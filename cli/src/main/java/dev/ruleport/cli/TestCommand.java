package dev.ruleport.cli;

import dev.ruleport.Ruleport;
import dev.ruleport.UsageException;
import dev.ruleport.backend.Translation;
import dev.ruleport.compile.CompiledRule;
import dev.ruleport.compile.Frontend;
import dev.ruleport.diag.CompileException;
import dev.ruleport.diag.Diagnostic;
import dev.ruleport.fixtures.FixtureCase;
import dev.ruleport.fixtures.FixtureFile;
import dev.ruleport.fixtures.FixtureRunner;
import dev.ruleport.fixtures.WitnessGenerator;
import dev.ruleport.fixtures.WitnessReport;
import dev.ruleport.lower.LossMode;
import dev.ruleport.verify.Measurement;
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
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "test", mixinStandardHelpOptions = true,
        description = {"Run each rule against its fixture file (x.fixtures.ndjson next to x.toml) with the interpreter.",
                "Prints ok or what failed per rule, then: tested N rules: X passed, Y failed, Z without fixtures.",
                "With --to TARGET: measure each rule's translation on its fixture cases instead (the generator's",
                "witnesses when the rule has no fixture file): the events are projected onto the target's log",
                "sources and the output is read back and run; prints per rule 'exact: 14/14 cases agree' or",
                "'lossy (broader): 5/5 positives match, 4/9 near misses also match', then",
                "'tested N rules via TARGET/PROFILE: X agree, Y lossy, Z dead, R refused, W without fixtures'.",
                "Exit 1 when an exact or equivalent translation disagrees on a case or a broader one misses a positive."})
final class TestCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "PATH", description = "rule files (Elastic .toml, Sigma .yml/.yaml) or folders")
    List<Path> paths;

    @Option(names = "--to", paramLabel = "TARGET", description = "kql, spl or sigma: measure the translation")
    String target;

    @Option(names = "--profile", paramLabel = "NAME|PATH", description = "mapping profile of --to (default: the target's)")
    String profile;

    @Option(names = "--lossy", arity = "0..1", fallbackValue = "broader", paramLabel = "broader|any",
            preprocessor = ConvertCommand.LossyValue.class,
            description = "measure lossy translations too (broader ones only, or any)")
    String lossy;

    @Mixin SigmaInput sigmaInput;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    private Frontend.Options options;

    @Override public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Path> files;
        Ruleport ruleport = null;
        try {
            files = Ruleport.ruleFiles(paths);
            if (target != null) {
                Ruleport.Builder b = Ruleport.builder().target(target);
                if (profile != null) b.profile(target, profile);
                if (lossy != null) b.lossMode(LossMode.parse(lossy));
                if (sigmaInput.inputProfile != null) b.inputProfile(sigmaInput.inputProfile);
                ruleport = b.build();
            } else if (profile != null || lossy != null) {
                throw new UsageException("--profile and --lossy apply with --to TARGET only");
            }
        } catch (UsageException | IllegalArgumentException e) {
            err.println("ruleport test: " + e.getMessage());
            return Main.USAGE;
        }
        if (files.isEmpty()) {
            err.println("ruleport test: no rules found in " + String.join(", ", paths.stream().map(Path::toString).toList()) + " (.toml, .yml, .yaml)");
            return Main.USAGE;
        }
        options = sigmaInput.options("test", paths, err);
        if (options == null) return Main.USAGE;
        return ruleport == null ? fixtures(files, out) : measure(ruleport, files, out);
    }

    /** Whether the rule compiled; if not, its diagnostics and a FAIL line are printed. */
    private static boolean compiled(Frontend.Outcome o, PrintWriter out) {
        if (o.status() != Frontend.Status.FAILED) return true;
        for (Diagnostic d : o.diagnostics()) out.println(d.render());
        out.println("FAIL     " + o.path() + " (does not compile)");
        return false;
    }

    /** Each rule against its fixture file, with the interpreter. */
    private int fixtures(List<Path> files, PrintWriter out) {
        int passed = 0;
        int failed = 0;
        int without = 0;
        for (Path file : files) {
            Frontend.Outcome o = Frontend.compile(file, options);
            if (o.status() == Frontend.Status.UNSUPPORTED_LANGUAGE) continue;
            if (!compiled(o, out)) {
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

    /** Each rule's translation measured on its fixture cases (see the command description). */
    private int measure(Ruleport ruleport, List<Path> files, PrintWriter out) {
        Ruleport.Job job = ruleport.jobs().get(0);
        int agree = 0, lossyCount = 0, dead = 0, refused = 0, without = 0, failed = 0;
        WitnessGenerator generator = new WitnessGenerator();
        for (Path file : files) {
            Frontend.Outcome o = Frontend.compile(file, options);
            if (o.status() == Frontend.Status.UNSUPPORTED_LANGUAGE) continue;
            if (!compiled(o, out)) {
                failed++;
                continue;
            }
            CompiledRule rule = new CompiledRule(o.rule(), o.query());
            List<FixtureCase> cases;
            String from;
            Path fixtures = FixtureFile.forRule(file);
            try {
                if (Files.exists(fixtures)) {
                    cases = FixtureFile.read(fixtures);
                    from = fixtures.getFileName().toString();
                } else {
                    WitnessReport w = generator.generate(o.rule(), o.query());
                    cases = w.cases();
                    from = "generated witnesses";
                }
            } catch (FixtureFile.FormatException e) {
                out.println("FAIL     " + file + ": " + e.getMessage());
                failed++;
                continue;
            }
            if (cases.isEmpty()) {
                out.println("none     " + file + " (no fixture file and no generated witness)");
                without++;
                continue;
            }
            Ruleport.Measured m = ruleport.measure(rule, job, cases);
            Translation t = m.translation();
            if (!t.ok()) {
                String why = t.diagnostics().stream().filter(Diagnostic::isError).findFirst()
                        .map(Diagnostic::message).orElse("refused");
                if (t.diagnostics().stream().anyMatch(d -> d.code().equals("dead"))) {
                    out.println("DEAD     " + file + ": " + why);
                    dead++;
                } else {
                    out.println("refused  " + file + ": " + why);
                    refused++;
                }
                continue;
            }
            Measurement r = m.measurement();
            if (r == null || r.problem() != null) {
                out.println("FAIL     " + file + ": " + (r == null ? "no reader for " + job.target() : r.describe(t)));
                failed++;
                continue;
            }
            String line = r.describe(t) + " (" + from + ")";
            if (t.status() == Translation.Status.LOSSY) {
                boolean broader = t.losses().stream().allMatch(f -> f.direction() == dev.ruleport.mapping.Fidelity.BROADER);
                if (r.dead()) {
                    out.println("DEAD     " + file + ": " + line);
                    dead++;
                } else if (broader && r.missesPositives()) {
                    out.println("FAIL     " + file + ": " + line);
                    failed++;
                } else {
                    out.println("lossy    " + file + ": " + line);
                    lossyCount++;
                }
            } else if (r.allAgree()) {
                out.println("ok       " + file + ": " + line);
                agree++;
            } else {
                out.println("FAIL     " + file + ": " + line);
                failed++;
            }
        }
        out.println("tested " + (agree + lossyCount + dead + refused + without + failed) + " rules via " + job.target() + "/"
                + job.profile() + ": " + agree + " agree, " + lossyCount + " lossy, " + dead + " dead, " + refused
                + " refused, " + without + " without fixtures" + (failed == 0 ? "" : ", " + failed + " failed"));
        out.flush();
        return failed == 0 ? Main.OK : Main.FAILED;
    }

}
