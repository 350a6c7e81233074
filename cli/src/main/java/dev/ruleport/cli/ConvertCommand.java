package dev.ruleport.cli;

import com.palantir.javapoet.JavaFile;
import dev.ruleport.Ruleport;
import dev.ruleport.UsageException;
import dev.ruleport.backend.Backends;
import dev.ruleport.backend.Translation;
import dev.ruleport.compile.Frontend;
import dev.ruleport.diag.Diagnostic;
import dev.ruleport.io.AtomicFiles;
import dev.ruleport.javagen.ClassNames;
import dev.ruleport.javagen.JavaGenOptions;
import dev.ruleport.lower.LossMode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "convert", mixinStandardHelpOptions = true,
        description = {"Translate rules to other languages. A translation is exact (or equivalent, under an event-class",
                "equivalence the profile declares) or refused with file:line:col; --lossy allows approximations,",
                "each written visibly into the output."})
final class ConvertCommand implements Callable<Integer> {
    @Option(names = "--to", required = true, split = ",", paramLabel = "TARGET",
            description = "sigma, kql, spl, java, eql, or all; comma-separated or repeated")
    List<String> targets;

    @Option(names = "--profile", paramLabel = "NAME|PATH",
            description = "mapping profile (built-in name or YAML file); with several targets, TARGET=PROFILE")
    List<String> profiles = new ArrayList<>();

    @Option(names = "--all-profiles", description = "every built-in profile of each target (used for generated-examples/)")
    boolean allProfiles;

    @Option(names = "--lossy", arity = "0..1", fallbackValue = "broader", paramLabel = "broader|any",
            preprocessor = LossyValue.class,
            description = {"allow approximations, written into the output: broader ones only (the default: the output",
                    "still matches every event the rule matches), or any (narrower too)"})
    String lossy;

    @Option(names = "--format", description = {"what to write per rule: query (default); kql: sentinel (analytic rule YAML),",
            "sentinel-arm (one ARM template), defender (custom detection JSON); spl: savedsearches (one savedsearches.conf)"})
    String format;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "backend setting, e.g. package=com.acme.rules (java)")
    Map<String, String> settings = new LinkedHashMap<>();

    @Option(names = "--var", paramLabel = "NAME=VALUE",
            description = "profile variable, e.g. index=wineventlog (Splunk index, source names)")
    Map<String, String> variables = new LinkedHashMap<>();

    @Option(names = "--hosts", split = ",", paramLabel = "OS",
            description = {"the operating systems of every host of the deployment (windows, linux, macos): a rule is",
                    "translated for their events only, and an output that relies on it says so"})
    List<String> hosts = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", description = {"write files here instead of printing; a manifest of what each run",
            "wrote (.ruleport-manifest.json) lets the next run remove the outputs it no longer writes"})
    Path out;

    @Option(names = "--report", paramLabel = "DIR",
            description = {"write a migration report here: index.html (self-contained) and report.json; without --out,",
                    "over several rules or targets, only the report is written"})
    Path report;

    @Option(names = "--rule-budget", paramLabel = "SECONDS", defaultValue = "60",
            description = "how long one rule's translations may take before the rule is refused with [time-budget] (default ${DEFAULT-VALUE})")
    long ruleBudget;

    @Option(names = "--threads", paramLabel = "N",
            description = "threads translating rules (default: the number of cores); the outputs are the same whatever the number")
    Integer threads;

    @Option(names = "--strict", description = "exit 1 when any translation is refused (for CI); by default only rules that fail to load do")
    boolean strict;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "rule files (Elastic .toml, Sigma .yml/.yaml) or folders")
    List<Path> paths;

    @Mixin SigmaInput sigmaInput;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    /**
     * {@code --lossy} takes its value only attached ({@code --lossy=any}): a separate next argument is a rule path,
     * never the option's value.
     */
    static final class LossyValue implements CommandLine.IParameterPreprocessor {
        @Override public boolean preprocess(java.util.Stack<String> args, CommandLine.Model.CommandSpec spec,
                                            CommandLine.Model.ArgSpec arg, Map<String, Object> info) {
            if (!"=".equals(info.get("separator"))) args.push("broader");
            return false;
        }
    }

    @Override public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        for (Path dir : java.util.Arrays.asList(out, report)) {
            if (dir == null) continue;
            // the folder, or the nearest of its parents that exists, must be a folder
            Path existing = dir.toAbsolutePath().normalize();
            while (existing != null && !Files.exists(existing)) existing = existing.getParent();
            if (existing != null && !Files.isDirectory(existing)) {
                err.println("ruleport convert: " + (dir == out ? "--out " : "--report ") + dir
                        + (existing.equals(dir.toAbsolutePath().normalize()) ? "" : ": " + existing) + " is a file, not a folder");
                return Main.USAGE;
            }
        }
        Ruleport ruleport;
        List<Path> files;
        try {
            ruleport = ruleport();
            files = Ruleport.ruleFiles(paths);
        } catch (UsageException | IllegalArgumentException e) {
            err.println("ruleport convert: " + e.getMessage());
            return Main.USAGE;
        }
        if (files.isEmpty()) {
            err.println("ruleport convert: no rules found in " + String.join(", ", paths.stream().map(Path::toString).toList()) + " (.toml, .yml, .yaml)");
            return Main.USAGE;
        }
        List<Ruleport.Job> jobs = ruleport.jobs();
        // --report without --out over several rules or targets: the report alone, no output written or printed
        boolean reportOnly = out == null && report != null && (files.size() != 1 || jobs.size() != 1);
        boolean toStdout = out == null && !reportOnly;
        if (toStdout && (files.size() != 1 || jobs.size() != 1)) {
            err.println("ruleport convert: " + files.size() + " rules and " + jobs.size()
                    + " target(s): write them to a folder with --out DIR");
            return Main.USAGE;
        }
        Map<Path, Path> relativeDirs = new LinkedHashMap<>();
        Map<Path, String> displayNames = new LinkedHashMap<>();
        for (Path root : paths) {
            // one input: its rule files are those listed above (each listing walks the folders again)
            for (Path f : paths.size() == 1 ? files : Ruleport.ruleFiles(List.of(root))) {
                // outputs mirror the folders below each input folder
                Path rel = Files.isDirectory(root) ? root.relativize(f).getParent() : null;
                relativeDirs.putIfAbsent(f, rel == null ? Path.of("") : rel);
                Path rootName = Files.isDirectory(root) && root.toAbsolutePath().normalize().getFileName() != null
                        ? root.toAbsolutePath().normalize().getFileName() : Path.of("");
                displayNames.putIfAbsent(f, (Files.isDirectory(root) ? rootName.resolve(root.relativize(f)) : f.getFileName()).toString());
            }
        }
        Summary summary = new Summary(jobs);
        boolean progress = System.console() != null && files.size() > 1;
        int[] done = {0};
        manifest = out == null ? null : new OutputManifest(out);
        Report migration = new Report(jobs, spec.commandLine().getParseResult().originalArgs());
        // each rule's outputs are written as soon as it and the rules before it are translated (in input order, on
        // this thread, while the workers go on with later rules); the first failure stops the writing
        IOException[] failure = {null};
        Ruleport.Batch batch = null;
        boolean complete = false;
        try {
            batch = ruleport.compileAll(paths, files, relativeDirs::get, r -> {
                done[0]++;
                if (progress) err.print("\r[" + done[0] + "/" + files.size() + "] " + r.file().getFileName() + "\u001b[K");
                for (Diagnostic d : r.diagnostics()) err.println((progress ? "\r" : "") + d.render());
                summary.add(r);
                if (failure[0] != null) return;
                try {
                    writeOutputs(r, ruleport, jobs, relativeDirs, displayNames, toStdout, reportOnly, stdout, migration);
                } catch (IOException e) {
                    failure[0] = e;
                }
            });
            if (progress) err.print("\r\u001b[K");
            for (String note : batch.notes()) err.println("ruleport convert: note: " + note);
            if (failure[0] != null) throw failure[0];
            for (Ruleport.Job job : jobs) {
                Ruleport.Bundle bundle = ruleport.bundle(job, batch.results()).orElse(null);
                if (bundle == null) continue;
                if (toStdout) stdout.print(bundle.text());
                else if (manifest != null) manifest.write(outFile(job, jobs, Path.of(""), bundle.fileName()), bundle.text());
            }
            if (manifest != null && batch.ruleSet().isPresent()) {
                JavaFile set = batch.ruleSet().get();
                Ruleport.Job java = jobs.stream().filter(j -> j.target().equals("java")).findFirst().orElseThrow();
                String pkg = settings.getOrDefault("package", JavaGenOptions.DEFAULT_PACKAGE);
                manifest.write(outFile(java, jobs, Path.of(""), ClassNames.sourcePath(pkg, set.typeSpec().name())), set.toString());
            }
            if (report != null) writeReport(migration);
            complete = true;
        } catch (IOException e) {
            err.println("ruleport convert: cannot write to " + out + ": " + describe(e));
            summary.print(stdout, files.size());
            return Main.FAILED;
        } finally {
            // a run that stopped before writing anything (the batch itself failed) leaves the folder as it was
            if (manifest != null && (batch != null || manifest.wroteAny())) {
                try {
                    manifest.finish(complete, err, "ruleport convert");
                } catch (IOException e) {
                    err.println("ruleport convert: cannot write the manifest in " + out + ": " + describe(e));
                    complete = false;
                }
            }
        }
        if (!complete) {
            summary.print(stdout, files.size());
            return Main.FAILED;
        }
        if (!toStdout) summary.print(stdout, files.size());
        if (report != null) (toStdout ? err : stdout).println("report: " + report.resolve("index.html"));
        stdout.flush();
        err.flush();
        return summary.anyFailed() || (strict && summary.anyRefused()) ? Main.FAILED : Main.OK;
    }

    /** One rule's outputs: written under --out (or printed), refusals recorded for --all-profiles, the report told. */
    private void writeOutputs(Ruleport.Result r, Ruleport ruleport, List<Ruleport.Job> jobs, Map<Path, Path> relativeDirs,
                              Map<Path, String> displayNames, boolean toStdout, boolean reportOnly, PrintWriter stdout,
                              Report migration) throws IOException {
        Map<Ruleport.Job, Path> written = new LinkedHashMap<>();
        for (Map.Entry<Ruleport.Job, Translation> e : r.translations().entrySet()) {
            Ruleport.Job job = e.getKey();
            Translation t = e.getValue();
            if (!t.ok()) {
                if (allProfiles && manifest != null && format == null) writeRefusal(job, jobs, r, t, relativeDirs, displayNames);
                continue;
            }
            if (ruleport.bundles(job)) continue; // written after the batch, one file for the run
            if (toStdout) {
                stdout.print(t.text());
                continue;
            }
            if (reportOnly) continue;
            Path rel = job.target().equals("java") ? Path.of("") : relativeDirs.get(r.file());
            Path file = outFile(job, jobs, rel, t.fileName());
            manifest.write(file, t.text());
            written.put(job, file);
        }
        migration.add(r, written);
    }

    private OutputManifest manifest;

    /** The report's two files, listed in the manifest too when they are written under {@code --out}. */
    private void writeReport(Report migration) throws IOException {
        Map<Path, String> files = Map.of(report.resolve("report.json"), migration.json(), report.resolve("index.html"), migration.html());
        for (Map.Entry<Path, String> f : files.entrySet()) {
            boolean underOut = manifest != null
                    && f.getKey().toAbsolutePath().normalize().startsWith(out.toAbsolutePath().normalize());
            if (underOut) manifest.write(f.getKey(), f.getValue());
            else AtomicFiles.write(f.getKey(), f.getValue());
        }
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName().replace("Exception", "").replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase()
                + (m == null ? "" : ": " + m);
    }

    /** The examples folder records refusals too, so a reader sees why a target is missing. */
    private void writeRefusal(Ruleport.Job job, List<Ruleport.Job> jobs, Ruleport.Result r, Translation t,
                              Map<Path, Path> relativeDirs, Map<Path, String> displayNames) throws IOException {
        StringBuilder why = new StringBuilder();
        for (Diagnostic d : t.diagnostics()) {
            Diagnostic shown = new Diagnostic(d.severity(), displayNames.get(r.file()), d.line(), d.column(), d.code(),
                    d.message(), d.sourceLine());
            why.append(shown.render()).append('\n');
        }
        String name = Backends.baseName(r.frontend().rule().file()) + ".refused.txt";
        manifest.write(outFile(job, jobs, relativeDirs.get(r.file()), name), why.toString());
    }

    private Path outFile(Ruleport.Job job, List<Ruleport.Job> jobs, Path relativeDir, String fileName) {
        Path base = jobs.size() == 1 ? out : allProfiles ? out.resolve(job.target()).resolve(job.profile()) : out.resolve(job.target());
        return base.resolve(relativeDir).resolve(fileName);
    }

    /** Every --format a backend writes (which target takes which is checked by the backends' settings). */
    private static final List<String> FORMATS = List.of("query", "savedsearches", "sentinel", "sentinel-arm", "defender");

    private Ruleport ruleport() {
        Ruleport.Builder b = Ruleport.builder().allProfiles(allProfiles).inputProfile(sigmaInput.inputProfile)
                .ruleBudget(java.time.Duration.ofSeconds(ruleBudget)).hosts(hosts);
        if (threads != null) {
            if (threads < 1 || threads > 256) throw new UsageException("--threads must be between 1 and 256, not: " + threads);
            b.threads(threads);
        }
        for (String t : targets) b.target(t);
        List<String> named = new ArrayList<>(targets);
        for (String p : profiles) {
            int eq = p.indexOf('=');
            if (eq > 0 && Backends.byName(p.substring(0, eq)).isPresent()) {
                String target = p.substring(0, eq);
                if (!named.contains(target) && !named.contains("all")) {
                    throw new UsageException("--profile " + p + ": " + target + " is not a target of this run (--to "
                            + String.join(",", named) + ")");
                }
                b.profile(target, p.substring(eq + 1));
            } else if (named.size() == 1 && !named.get(0).equals("all")) {
                b.profile(named.get(0), p);
            } else {
                throw new UsageException("with several targets, write --profile TARGET=PROFILE");
            }
        }
        if (lossy != null) b.lossMode(LossMode.parse(lossy));
        settings.forEach(b::setting);
        if (format != null) {
            List<String> withFormats = Backends.names().stream().filter(n -> named.contains(n) || named.contains("all"))
                    .filter(n -> Backends.byName(n).orElseThrow().settings().containsKey("format")).toList();
            if (withFormats.size() != 1) throw new UsageException("--format applies to one target, --to kql or --to spl");
            b.setting("format", format);
        }
        String chosenFormat = format != null ? format : settings.get("format");
        if (chosenFormat != null && !FORMATS.contains(chosenFormat)) {
            throw new UsageException("unknown format '" + chosenFormat + "'; formats: " + String.join(", ", FORMATS));
        }
        variables.forEach(b::variable);
        return b.build();
    }
}
