package dev.ruleport.cli;

import com.palantir.javapoet.JavaFile;
import dev.ruleport.backend.Backend;
import dev.ruleport.backend.Backends;
import dev.ruleport.backend.CompiledRule;
import dev.ruleport.backend.TranslateOptions;
import dev.ruleport.backend.Translation;
import dev.ruleport.compile.Frontend;
import dev.ruleport.diag.Diagnostic;
import dev.ruleport.io.AtomicFiles;
import dev.ruleport.javagen.ClassNames;
import dev.ruleport.javagen.JavaGenOptions;
import dev.ruleport.javagen.MatcherGenerator;
import dev.ruleport.mapping.MappingProfile;
import dev.ruleport.mapping.MappingProfileException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "convert", mixinStandardHelpOptions = true,
        description = {"Translate rules to other languages. A translation is exact or refused with file:line:col;",
                "--lossy allows approximations, each written visibly into the output."})
final class ConvertCommand implements Callable<Integer> {
    @Option(names = "--to", required = true, split = ",", paramLabel = "TARGET",
            description = "sigma, kql, spl, java, eql, or all; comma-separated or repeated")
    List<String> targets;

    @Option(names = "--profile", paramLabel = "NAME|PATH",
            description = "mapping profile (built-in name or YAML file); with several targets, TARGET=PROFILE")
    List<String> profiles = new ArrayList<>();

    @Option(names = "--all-profiles", description = "every built-in profile of each target (used for generated-examples/)")
    boolean allProfiles;

    @Option(names = "--lossy", description = "allow approximations, written into the output as warnings")
    boolean lossy;

    @Option(names = "--format", description = "SPL: query (default) or savedsearches")
    String format;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "backend setting, e.g. package=com.acme.rules")
    Map<String, String> settings = new LinkedHashMap<>();

    @Option(names = "--var", paramLabel = "NAME=VALUE",
            description = "profile variable, e.g. index=wineventlog (Splunk index, source names)")
    Map<String, String> variables = new LinkedHashMap<>();

    @Option(names = "--out", paramLabel = "DIR", description = "write files here instead of printing")
    Path out;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "rule files (Elastic .toml, Sigma .yml/.yaml) or folders")
    List<Path> paths;

    @Mixin SigmaInput sigmaInput;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    /** One row of the summary: how one rule fared on every target/profile pair. */
    private final Map<String, int[]> summary = new LinkedHashMap<>();

    /** The Java classes written, by file name, with their rules (a later rule of the same class name replaces the file). */
    private final Map<String, CompiledRule> javaClasses = new LinkedHashMap<>();

    @Override public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        for (Path p : paths) {
            if (!Files.exists(p)) {
                err.println("ruleport convert: no such file or folder: " + p);
                return Main.USAGE;
            }
        }
        Frontend.Options options = sigmaInput.options("convert", paths, err);
        if (options == null) return Main.USAGE;
        List<String[]> jobs;   // {target, profile}
        try {
            jobs = jobs();
        } catch (IllegalArgumentException | MappingProfileException e) {
            err.println("ruleport convert: " + e.getMessage());
            return Main.USAGE;
        }
        List<Path> files = new ArrayList<>();
        Map<Path, Path> relativeDirs = new LinkedHashMap<>();
        Map<Path, String> displayNames = new LinkedHashMap<>();
        for (Path root : paths) {
            for (Path f : Frontend.ruleFiles(List.of(root))) {
                files.add(f);
                // outputs mirror the folders below each input folder, so equal file names cannot collide
                Path rel = Files.isDirectory(root) ? root.relativize(f).getParent() : null;
                relativeDirs.put(f, rel == null ? Path.of("") : rel);
                Path rootName = Files.isDirectory(root) && root.toAbsolutePath().normalize().getFileName() != null
                        ? root.toAbsolutePath().normalize().getFileName() : Path.of("");
                displayNames.put(f, (Files.isDirectory(root) ? rootName.resolve(root.relativize(f)) : f.getFileName()).toString());
            }
        }
        boolean toStdout = out == null;
        if (toStdout && (files.size() != 1 || jobs.size() != 1)) {
            err.println("ruleport convert: several rules or targets need --out DIR");
            return Main.USAGE;
        }
        Map<String, String> allSettings = new LinkedHashMap<>(settings);
        if (format != null) allSettings.put("format", format);
        String ruleSetName = allSettings.getOrDefault("rule-set", "RuleSet");
        if (!ruleSetName.isEmpty() && !ClassNames.isSimpleName(ruleSetName)) {
            err.println("ruleport convert: setting rule-set=" + ruleSetName + " is not a valid Java class name");
            return Main.USAGE;
        }
        Map<String, MappingProfile> loaded = new LinkedHashMap<>();
        boolean progress = System.console() != null && files.size() > 1;
        boolean anyFailed = false;
        int n = 0;
        for (Path file : files) {
            n++;
            if (progress) err.print("\r[" + n + "/" + files.size() + "] " + file.getFileName() + "\u001b[K");
            Frontend.Outcome o = Frontend.compile(file, options);
            if (o.status() != Frontend.Status.OK) {
                for (Diagnostic d : o.diagnostics()) err.println((progress ? "\r" : "") + d.render());
                for (String[] job : jobs) tally(job, o.status() == Frontend.Status.UNSUPPORTED_LANGUAGE ? 2 : 3);
                anyFailed = true;
                continue;
            }
            CompiledRule rule = new CompiledRule(o.rule(), o.query());
            for (String[] job : jobs) {
                Backend backend = Backends.byName(job[0]).orElseThrow();
                MappingProfile profile = loaded.computeIfAbsent(job[1], this::loadProfile);
                Translation t;
                try {
                    t = backend.translate(rule, new TranslateOptions(profile, lossy, allSettings));
                } catch (RuntimeException e) {
                    err.println((progress ? "\r" : "") + file + ": internal error translating to " + job[0] + ": " + e);
                    tally(job, 3);
                    anyFailed = true;
                    continue;
                }
                for (Diagnostic d : t.diagnostics()) err.println((progress ? "\r" : "") + d.render());
                switch (t.status()) {
                    case EXACT -> tally(job, 0);
                    case LOSSY -> tally(job, 1);
                    case REFUSED -> {
                        tally(job, 2);
                        anyFailed = true;
                    }
                }
                if (!t.ok()) {
                    if (allProfiles && out != null) {
                        // the examples folder records refusals too, so a reader sees why a target is missing
                        StringBuilder why = new StringBuilder();
                        for (Diagnostic d : t.diagnostics()) {
                            Diagnostic shown = new Diagnostic(d.severity(), displayNames.get(file), d.line(), d.column(), d.code(),
                                    d.message(), d.sourceLine());
                            why.append(shown.render()).append('\n');
                        }
                        AtomicFiles.write(outFile(job, relativeDirs.get(file), Backends.baseName(o.rule().file()) + ".refused.txt", jobs),
                                why.toString());
                    }
                    continue;
                }
                if (toStdout) {
                    stdout.print(t.text());
                } else {
                    Path rel = job[0].equals("java") ? Path.of("") : relativeDirs.get(file);
                    AtomicFiles.write(outFile(job, rel, t.fileName(), jobs), t.text());
                    if (job[0].equals("java")) javaClasses.put(t.fileName(), rule);
                }
            }
        }
        if (progress) err.print("\r\u001b[K");
        for (String[] job : jobs) {
            if (job[0].equals("java") && !toStdout) writeRuleSet(job, jobs, allSettings);
        }
        if (!toStdout) printSummary(stdout, files.size());
        stdout.flush();
        err.flush();
        return anyFailed ? Main.FAILED : Main.OK;
    }

    /**
     * Beside the Java classes, a rule set deciding all the single-event rules together (setting
     * {@code rule-set}: its class name, default {@code RuleSet}; empty for none).
     */
    private void writeRuleSet(String[] job, List<String[]> jobs, Map<String, String> allSettings) throws IOException {
        String name = allSettings.getOrDefault("rule-set", "RuleSet");
        if (name.isEmpty() || javaClasses.isEmpty()) return;
        String pkg = allSettings.getOrDefault("package", JavaGenOptions.DEFAULT_PACKAGE);
        List<CompiledRule> rules = new ArrayList<>();
        List<String> classNames = new ArrayList<>();
        for (Map.Entry<String, CompiledRule> e : javaClasses.entrySet()) {
            String fileName = Path.of(e.getKey()).getFileName().toString();
            classNames.add(fileName.substring(0, fileName.length() - ".java".length()));
            rules.add(e.getValue());
        }
        Optional<JavaFile> set = new MatcherGenerator(JavaGenOptions.defaults().withPackage(pkg)).ruleSet(rules, classNames, name);
        if (set.isEmpty()) return;
        AtomicFiles.write(outFile(job, Path.of(""), ClassNames.sourcePath(pkg, set.get().typeSpec().name()), jobs), set.get().toString());
    }

    private Path outFile(String[] job, Path relativeDir, String fileName, List<String[]> jobs) {
        Path base = jobs.size() == 1 ? out : allProfiles ? out.resolve(job[0]).resolve(job[1]) : out.resolve(job[0]);
        return base.resolve(relativeDir).resolve(fileName);
    }

    private void tally(String[] job, int column) {
        summary.computeIfAbsent(job[0] + " / " + job[1], k -> new int[4])[column]++;
    }

    private void printSummary(PrintWriter w, int rules) {
        w.printf("%-40s %7s %7s %8s %7s%n", "target / profile (" + rules + " rules)", "exact", "lossy", "refused", "failed");
        for (Map.Entry<String, int[]> e : summary.entrySet()) {
            int[] c = e.getValue();
            w.printf("%-40s %7d %7d %8d %7d%n", e.getKey(), c[0], c[1], c[2], c[3]);
        }
    }

    private List<String[]> jobs() {
        List<String> names = new ArrayList<>();
        for (String t : targets) {
            if (t.equals("all")) names.addAll(Backends.names());
            else if (Backends.byName(t).isEmpty()) throw new IllegalArgumentException("unknown target " + t + "; known: " + Backends.names());
            else names.add(t);
        }
        Map<String, String> chosen = new LinkedHashMap<>();
        for (String p : profiles) {
            int eq = p.indexOf('=');
            if (eq > 0 && Backends.byName(p.substring(0, eq)).isPresent()) chosen.put(p.substring(0, eq), p.substring(eq + 1));
            else if (names.size() == 1) chosen.put(names.get(0), p);
            else throw new IllegalArgumentException("with several targets, write --profile TARGET=PROFILE");
        }
        List<String[]> jobs = new ArrayList<>();
        for (String t : names) {
            Backend b = Backends.byName(t).orElseThrow();
            if (allProfiles) {
                for (String profile : profilesFor(b)) jobs.add(new String[] {t, profile});
            } else {
                String profile = chosen.getOrDefault(t, b.defaultProfile());
                loadProfile(profile); // fail early, as a usage error, on a bad profile or variable
                jobs.add(new String[] {t, profile});
            }
        }
        return jobs;
    }

    private MappingProfile loadProfile(String nameOrPath) {
        MappingProfile p = MappingProfile.load(nameOrPath);
        if (variables.isEmpty()) return p;
        // only the variables this profile declares apply to it; an unknown name is an error for all
        Map<String, String> own = new LinkedHashMap<>();
        for (Map.Entry<String, String> v : variables.entrySet()) {
            if (p.variables().containsKey(v.getKey())) own.put(v.getKey(), v.getValue());
        }
        return own.isEmpty() ? p : p.withVariables(own);
    }

    /** The built-in profiles a target can use: its own, plus the identity profile where it is the default. */
    static List<String> profilesFor(Backend b) {
        List<String> out = new ArrayList<>();
        for (String name : MappingProfile.builtInNames()) {
            MappingProfile p = MappingProfile.load(name);
            if (p.target().equals(b.target()) || name.equals(b.defaultProfile())) out.add(name);
        }
        if (out.isEmpty()) out.add(b.defaultProfile());
        return out;
    }
}
