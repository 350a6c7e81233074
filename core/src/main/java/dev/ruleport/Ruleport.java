package dev.ruleport;

import com.palantir.javapoet.JavaFile;
import dev.ruleport.backend.Backend;
import dev.ruleport.backend.Backends;
import dev.ruleport.backend.RenderingBackend;
import dev.ruleport.backend.TranslateOptions;
import dev.ruleport.backend.Translation;
import dev.ruleport.compile.CompiledRule;
import dev.ruleport.compile.Frontend;
import dev.ruleport.diag.Diagnostic;
import dev.ruleport.diag.Severity;
import dev.ruleport.interpret.Interpreter;
import dev.ruleport.interpret.InterpreterOptions;
import dev.ruleport.fixtures.WitnessGenerator;
import dev.ruleport.fixtures.WitnessReport;
import dev.ruleport.javagen.ClassNames;
import dev.ruleport.javagen.JavaBackend;
import dev.ruleport.javagen.JavaGenOptions;
import dev.ruleport.javagen.MatcherGenerator;
import dev.ruleport.lower.LossMode;
import dev.ruleport.lower.LoweredRule;
import dev.ruleport.lower.Lowering;
import dev.ruleport.lower.Reason;
import dev.ruleport.mapping.HostScope;
import dev.ruleport.mapping.MappingProfile;
import dev.ruleport.mapping.MappingProfileException;
import dev.ruleport.verify.Measurement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * The library entry point, and the only one the CLI and the Maven plugin use: immutable and thread-safe once
 * built. A {@link Job} is one target with one mapping profile; the builder checks the whole request up front
 * (targets, profiles, settings, variables) and throws {@link UsageException} for anything that cannot work.
 *
 * <pre>{@code
 * Ruleport ruleport = Ruleport.builder().target("sigma").profile("kql", "kql-defender-xdr").build();
 * Ruleport.Result result = ruleport.compile(Path.of("rules/windows/credential_access_lsass_clone.toml"));
 * for (Translation t : result.translations().values()) System.out.println(t.text());
 * result.diagnostics().forEach(d -> System.err.println(d.render()));
 * }</pre>
 *
 * {@link #compileAll} runs a batch on every core, with results in input order, output names made unique across
 * the batch, and one rule's failure (even a {@link StackOverflowError}) a diagnostic of that rule alone.
 */
public final class Ruleport {
    /** One target with one profile (a built-in name or a YAML path). */
    public record Job(String target, String profile) {
        @Override public String toString() { return target + " / " + profile; }
    }

    private final List<Job> jobs;
    private final Map<String, MappingProfile> profiles;
    private final LossMode mode;
    private final Map<String, String> settings;
    private final int threads;
    private final java.time.Duration ruleBudget;
    private final String inputProfile;

    private Ruleport(Builder b, List<Job> jobs, Map<String, MappingProfile> profiles) {
        this.jobs = List.copyOf(jobs);
        this.profiles = Map.copyOf(profiles);
        this.mode = b.mode;
        this.settings = Map.copyOf(b.settings);
        this.threads = b.threads;
        this.ruleBudget = b.ruleBudget;
        this.inputProfile = b.inputProfile;
    }

    public static Builder builder() { return new Builder(); }

    /** The jobs every {@link #compile(Path)} runs, in order. */
    public List<Job> jobs() { return jobs; }

    public LossMode mode() { return mode; }

    /** Front end and every job for one rule file. */
    public record Result(Path file, Frontend.Outcome frontend, Map<Job, Translation> translations) {
        public Result {
            translations = Collections.unmodifiableMap(new LinkedHashMap<>(translations));
        }

        public List<Diagnostic> diagnostics() {
            List<Diagnostic> all = new ArrayList<>(frontend.diagnostics());
            translations.values().forEach(t -> all.addAll(t.diagnostics()));
            return all;
        }

        public boolean ok() {
            return frontend.status() == Frontend.Status.OK && translations.values().stream().allMatch(Translation::ok);
        }

        /** The translation for a target (its first job). */
        public Optional<Translation> translation(String target) {
            return translations.entrySet().stream().filter(e -> e.getKey().target().equals(target))
                    .map(Map.Entry::getValue).findFirst();
        }
    }

    /** A batch: one result per rule file in input order, and the Java rule set when a java job asked for one. */
    public record Batch(List<Result> results, Optional<JavaFile> ruleSet, List<String> notes) {}

    /** Loads and checks a rule file (Elastic {@code .toml} or Sigma {@code .yml}); no translation. */
    public Frontend.Outcome check(Path ruleFile) { return frontend(ruleFile, frontendOptions(List.of(ruleFile))); }

    /** Compiles a rule file (Elastic {@code .toml} or Sigma {@code .yml}) for every job. */
    public Result compile(Path ruleFile) {
        Frontend.Outcome o = frontend(ruleFile, frontendOptions(List.of(ruleFile)));
        Map<Job, Translation> out = new LinkedHashMap<>();
        if (o.status() == Frontend.Status.OK) {
            CompiledRule rule = new CompiledRule(o.rule(), o.query());
            for (Job j : jobs) out.put(j, translate(rule, j, null));
        }
        return new Result(ruleFile, o, out);
    }

    /** Translates an already compiled rule for one of this instance's jobs. */
    public Translation translate(CompiledRule rule, Job job) {
        if (!jobs.contains(job)) throw new UsageException("not a job of this instance: " + job + "; jobs: " + jobs);
        return translate(rule, job, null);
    }

    /** Translates an already compiled rule to the first job of a target. */
    public Translation translate(CompiledRule rule, String target) {
        Job job = jobs.stream().filter(j -> j.target().equals(target)).findFirst()
                .orElseThrow(() -> new UsageException("no job for target " + target + "; jobs: " + jobs));
        return translate(rule, job, null);
    }

    /** {@link #compileAll(List, java.util.function.Function, Consumer)} with outputs beside their rule files. */
    public Batch compileAll(List<Path> roots, Consumer<Result> progress) {
        return compileAll(roots, f -> f.toAbsolutePath().getParent(), progress);
    }

    /**
     * How rule files are read: Sigma files through the input profile (by default each rule's product's built-in
     * Sigma profile), with the Sigma files under {@code roots} at hand for filters and correlations.
     *
     * @throws UsageException when the input profile cannot be loaded
     */
    public Frontend.Options frontendOptions(List<Path> roots) {
        return frontendOptions(roots, null);
    }

    private Frontend.Options frontendOptions(List<Path> roots, List<Path> ruleFiles) {
        try {
            return Frontend.Options.forInputs(roots, ruleFiles, inputProfile);
        } catch (MappingProfileException e) {
            throw new UsageException("--input-profile: " + e.getMessage());
        } catch (IOException e) {
            throw new UsageException("cannot read " + roots + ": " + e.getMessage());
        }
    }

    /**
     * The rule files under {@code roots} (files and folders; see {@link #ruleFiles}) compiled for every job on all
     * cores; results in input order whatever the scheduling, so the outputs are the same as a one-thread run. {@code outputFolder} says which folder a rule's outputs go to
     * (relative to the job's folder): output names are made unique within each. {@code progress} sees each result,
     * its output names already unique, as soon as it and every earlier one are finished (from one thread at a time,
     * in input order), while later rules are still being translated.
     */
    public Batch compileAll(List<Path> roots, java.util.function.Function<Path, Path> outputFolder,
                            Consumer<Result> progress) {
        List<Path> ruleFiles;
        try {
            ruleFiles = ruleFiles(roots);
        } catch (IOException e) {
            throw new UsageException("cannot read " + roots + ": " + e.getMessage());
        }
        return compileAll(roots, ruleFiles, outputFolder, progress);
    }

    /**
     * The same, over {@code ruleFiles}: {@link #ruleFiles} of {@code roots}, listed by a caller that needed them
     * already (each listing walks the folders and checks every file).
     */
    public Batch compileAll(List<Path> roots, List<Path> ruleFiles, java.util.function.Function<Path, Path> outputFolder,
                            Consumer<Result> progress) {
        Frontend.Options options = frontendOptions(roots, ruleFiles);
        List<Frontend.Outcome> fronts = parallel(ruleFiles, f -> frontend(f, options), null);
        // Java class names are unique across the batch, allocated in input order
        Map<Path, String> classNames = new HashMap<>();
        ClassNames names = new ClassNames();
        for (Frontend.Outcome o : fronts) {
            if (o.status() == Frontend.Status.OK) classNames.put(o.path(), names.allocate(o.rule().name(), o.rule().ruleId()));
        }
        List<String> notes = new ArrayList<>();
        UniqueNames outputNames = new UniqueNames(outputFolder, notes);
        List<Result> unique = new ArrayList<>(fronts.size());
        // names are made unique in input order as each result comes in, so progress can write a rule's outputs
        // while later rules are still being translated
        budgeted(fronts, o -> {
            Map<Job, Translation> out = new LinkedHashMap<>();
            if (o.status() == Frontend.Status.OK) {
                CompiledRule rule = new CompiledRule(o.rule(), o.query());
                for (Job j : jobs) out.put(j, translate(rule, j, classNames.get(o.path())));
            }
            return new Result(o.path(), o, out);
        }, this::overBudget, r -> {
            Result u = outputNames.apply(r);
            unique.add(u);
            progress.accept(u);
        }, threads, ruleBudget);
        return new Batch(unique, ruleSet(unique), notes);
    }

    /** The reference interpreter for a rule (category field taken from the rule). */
    public Interpreter interpreter(CompiledRule rule) {
        return Interpreter.compile(rule.query(), rule.rule().querySource(),
                InterpreterOptions.defaults().withCategoryField(rule.rule().categoryField()));
    }

    // ------------------------------------------------------------------ one rule, one job

    private Frontend.Outcome frontend(Path file, Frontend.Options options) {
        try {
            return Frontend.compile(file, options);
        } catch (RuntimeException | StackOverflowError e) {
            Diagnostic d = new Diagnostic(Severity.ERROR, file.toString(), 0, 0, Reason.INTERNAL.code(),
                    Reason.INTERNAL.tag("ruleport could not read this rule: " + describe(e)), null);
            return new Frontend.Outcome(file, Frontend.Status.FAILED, null, null, List.of(d));
        }
    }

    private Translation translate(CompiledRule rule, Job job, String javaClass) {
        Backend backend = Backends.byName(job.target()).orElseThrow();
        TranslateOptions options = new TranslateOptions(profiles.get(job.profile()), mode, settings);
        try {
            if (javaClass != null && backend instanceof JavaBackend java) return java.translate(rule, options, javaClass);
            Translation t = backend.translate(rule, options);
            if (t.status() == Translation.Status.LOSSY && backend instanceof RenderingBackend) {
                return measured(rule, job, backend, options, t);
            }
            return t;
        } catch (RuntimeException | StackOverflowError e) {
            // one rule never takes down a batch: the failure is that rule's diagnostic
            Diagnostic d = Diagnostic.at(Severity.ERROR, rule.rule().querySource(), rule.query().span(), Reason.INTERNAL.code(),
                    job.target() + "/" + job.profile() + " " + Reason.INTERNAL.tag("the translation failed: " + describe(e)));
            return Translation.refused(job.target(), job.profile(), List.of(d));
        }
    }

    /**
     * A lossy translation measured on the rule's generated fixtures (projected onto the profile's log sources): one
     * that matches none of the rule's positive witnesses is refused as dead, a broader one that misses some is refused
     * too (its claim to match every event the rule matches would be false); otherwise the measurement is written into
     * the output beside the losses.
     */
    private Translation measured(CompiledRule rule, Job job, Backend backend, TranslateOptions options, Translation t) {
        WitnessReport w = new WitnessGenerator().generate(rule.rule(), rule.query());
        if (w.positives().isEmpty()) return t;
        LoweredRule lowered = Lowering.lower(rule, options.profile(), options.mode());
        // a packaged format (a saved search, an analytic rule) is measured on the query it carries, Sigma with its hints
        TranslateOptions measurable = measurable(options);
        Translation query = measurable.settings().equals(options.settings()) ? t : backend.translate(rule, measurable);
        Measurement m = Measurement.of(rule, lowered, query, w.cases());
        if (m.problem() != null) return t;
        String figures = m.describe(t) + " (generated fixture cases, projected onto " + job.profile() + ")";
        boolean broaderOnly = t.losses().stream().allMatch(f -> f.direction() == dev.ruleport.mapping.Fidelity.BROADER);
        if (m.dead() || (broaderOnly && m.missesPositives())) {
            String why = m.dead() ? "the lossy translation matches none of the rule's " + m.positives() + " positive witnesses"
                    : "the broader translation misses " + (m.positives() - m.positivesMatched()) + " of the rule's "
                    + m.positives() + " positive witnesses";
            List<Diagnostic> diags = new ArrayList<>(t.diagnostics());
            diags.add(Diagnostic.at(Severity.ERROR, rule.rule().querySource(), rule.query().span(), Reason.DEAD.code(),
                    job.target() + "/" + job.profile() + " " + Reason.DEAD.tag(why + ": " + figures)));
            return Translation.refused(job.target(), job.profile(), diags);
        }
        return backend.translate(rule, options.withMeasured(figures));
    }

    /**
     * The options under which a translation is read back to be measured: the query alone (no packaging format), and
     * Sigma with its {@code ruleport:} block, which records what the log source absorbed, as the reader needs it.
     */
    private static TranslateOptions measurable(TranslateOptions options) {
        Map<String, String> settings = new LinkedHashMap<>(options.settings());
        settings.remove("format");
        settings.put(dev.ruleport.sigma.SigmaBackend.METADATA, "full");
        return new TranslateOptions(options.profile(), options.mode(), settings, options.measured());
    }

    /** A run's translations for one job joined into one file (see {@link Backend#bundleFile}). */
    public record Bundle(Job job, String fileName, String text, int rules) {}

    /**
     * The one file a job's translations go into when its backend joins them under this instance's settings (Splunk's
     * {@code savedsearches.conf}, Sentinel's ARM template); empty when each rule has its own file, or when no rule of
     * {@code results} translated (a refused rule writes nothing).
     */
    public Optional<Bundle> bundle(Job job, List<Result> results) {
        Backend backend = Backends.byName(job.target()).orElseThrow();
        Optional<String> file = backend.bundleFile(settings);
        if (file.isEmpty()) return Optional.empty();
        List<Translation> parts = new ArrayList<>();
        for (Result r : results) {
            Translation t = r.translations().get(job);
            if (t != null && t.ok()) parts.add(t);
        }
        if (parts.isEmpty()) return Optional.empty();
        return Optional.of(new Bundle(job, file.get(), backend.bundle(parts, settings), parts.size()));
    }

    /** Whether a job's translations are joined into one file ({@link #bundle}) rather than written one per rule. */
    public boolean bundles(Job job) {
        return Backends.byName(job.target()).orElseThrow().bundleFile(settings).isPresent();
    }

    /** How a job's translation of a rule fares on fixture cases (measured as {@code ruleport test --to} does). */
    public record Measured(Translation translation, Measurement measurement) {}

    /** Translates a rule for a job and measures the translation on the cases (null measurement when refused). */
    public Measured measure(CompiledRule rule, Job job, List<dev.ruleport.fixtures.FixtureCase> cases) {
        Translation t = translate(rule, job);
        Backend backend = Backends.byName(job.target()).orElseThrow();
        if (!t.ok() || !(backend instanceof RenderingBackend)) return new Measured(t, null);
        LoweredRule lowered = Lowering.lower(rule, profiles.get(job.profile()), mode);
        TranslateOptions measurable = measurable(new TranslateOptions(profiles.get(job.profile()), mode, settings));
        Translation read = measurable.settings().equals(settings) ? t : backend.translate(rule, measurable);
        return new Measured(t, read.ok() ? Measurement.of(rule, lowered, read, cases) : null);
    }

    private static String describe(Throwable e) {
        if (e instanceof StackOverflowError) return "the expression is nested too deeply to translate";
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    // ------------------------------------------------------------------ batches

    /** A rule whose translations ran past the per-rule budget: refused for every job, with the reason. */
    private Result overBudget(Frontend.Outcome o) {
        Map<Job, Translation> out = new LinkedHashMap<>();
        for (Job j : jobs) {
            Diagnostic d = Diagnostic.at(Severity.ERROR, o.rule().querySource(), o.query().span(), Reason.TIME_BUDGET.code(),
                    j.target() + "/" + j.profile() + " " + Reason.TIME_BUDGET.tag("the translations of this rule took longer than"
                            + " the per-rule time budget of " + ruleBudget.toMillis() + " ms and were abandoned"));
            out.put(j, Translation.refused(j.target(), j.profile(), List.of(d)));
        }
        return new Result(o.path(), o, out);
    }

    /**
     * Like {@link #parallel}, with the per-rule time budget: an input whose work has run longer than the budget gets
     * {@code overBudget}'s result instead (its thread, a daemon, is left to finish; the pool is then let go).
     */
    static <A, B> List<B> budgeted(List<A> inputs, java.util.function.Function<A, B> work,
                                   java.util.function.Function<A, B> overBudget, Consumer<B> done, int threads,
                                   java.time.Duration ruleBudget) {
        if (inputs.isEmpty()) return List.of();
        long budget = ruleBudget.toNanos();
        java.util.concurrent.atomic.AtomicLongArray start = new java.util.concurrent.atomic.AtomicLongArray(inputs.size());
        ExecutorService pool = workers(Math.max(1, Math.min(threads, inputs.size())));
        try {
            List<Future<B>> futures = new ArrayList<>(inputs.size());
            for (int i = 0; i < inputs.size(); i++) {
                int k = i;
                futures.add(pool.submit(() -> {
                    start.set(k, System.nanoTime() | 1); // never 0: 0 means not started
                    return work.apply(inputs.get(k));
                }));
            }
            List<B> out = new ArrayList<>(inputs.size());
            for (int i = 0; i < inputs.size(); i++) {
                Future<B> f = futures.get(i);
                B b = null;
                while (b == null) {
                    long s = start.get(i);
                    long wait = s == 0 ? 50_000_000L : budget - (System.nanoTime() - s);
                    try {
                        b = wait <= 0 && !f.isDone() ? null : f.get(Math.max(0, wait), java.util.concurrent.TimeUnit.NANOSECONDS);
                    } catch (java.util.concurrent.TimeoutException e) {
                        b = null;
                    }
                    if (b == null && start.get(i) != 0 && System.nanoTime() - start.get(i) >= budget && !f.isDone()) {
                        f.cancel(true);
                        b = overBudget.apply(inputs.get(i));
                    }
                }
                if (done != null) done.accept(b);
                out.add(b);
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Daemon worker threads with a 16 MB stack: parsing and lowering recurse with an expression's nesting (up to the
     * parser's limit), whatever stack the caller's thread has.
     */
    private static ExecutorService workers(int n) {
        return Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(null, r, "ruleport-worker", 16L << 20);
            t.setDaemon(true);
            return t;
        });
    }

    /** {@code work} over every input on the worker threads; results (and {@code done} calls) in input order. */
    private <A, B> List<B> parallel(List<A> inputs, java.util.function.Function<A, B> work, Consumer<B> done) {
        if (threads <= 1 || inputs.size() < 2) {
            List<B> out = new ArrayList<>(inputs.size());
            for (A a : inputs) {
                B b = work.apply(a);
                if (done != null) done.accept(b);
                out.add(b);
            }
            return out;
        }
        ExecutorService pool = workers(Math.min(threads, inputs.size()));
        try {
            List<Future<B>> futures = new ArrayList<>(inputs.size());
            for (A a : inputs) futures.add(pool.submit(() -> work.apply(a)));
            List<B> out = new ArrayList<>(inputs.size());
            for (Future<B> f : futures) {
                B b = f.get();
                if (done != null) done.accept(b);
                out.add(b);
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Output names unique per job and output folder across the batch: two rules whose outputs would land on the
     * same file (the same stem from different extensions or input folders, names equal but for case) get a
     * numbered name, in input order, and a note. Applied to the results one by one, in input order.
     */
    private static final class UniqueNames implements java.util.function.UnaryOperator<Result> {
        private final java.util.function.Function<Path, Path> outputFolder;
        private final List<String> notes;
        private final Map<Job, Set<String>> taken = new HashMap<>();

        UniqueNames(java.util.function.Function<Path, Path> outputFolder, List<String> notes) {
            this.outputFolder = outputFolder;
            this.notes = notes;
        }

        @Override public Result apply(Result r) {
            Map<Job, Translation> ts = new LinkedHashMap<>();
            for (Map.Entry<Job, Translation> e : r.translations().entrySet()) {
                Translation t = e.getValue();
                if (!t.ok() || t.fileName() == null || e.getKey().target().equals(JavaBackend.TARGET)) {
                    ts.put(e.getKey(), t);
                    continue;
                }
                Path dir = outputFolder.apply(r.file());
                Set<String> used = taken.computeIfAbsent(e.getKey(), k -> new java.util.HashSet<>());
                String name = t.fileName();
                String key = dir + "/" + name.toLowerCase(Locale.ROOT);
                if (used.add(key)) {
                    ts.put(e.getKey(), t);
                    continue;
                }
                int dot = name.lastIndexOf('.');
                String stem = dot < 0 ? name : name.substring(0, dot);
                String ext = dot < 0 ? "" : name.substring(dot);
                String renamed = name;
                for (int i = 2; !used.add(dir + "/" + renamed.toLowerCase(Locale.ROOT)); i++) renamed = stem + "-" + i + ext;
                notes.add(r.file() + ": " + e.getKey() + " output " + name + " is taken by an earlier rule; written as " + renamed);
                ts.put(e.getKey(), t.withFileName(renamed));
            }
            return new Result(r.file(), r.frontend(), ts);
        }
    }

    private Optional<JavaFile> ruleSet(List<Result> results) {
        Job java = jobs.stream().filter(j -> j.target().equals(JavaBackend.TARGET)).findFirst().orElse(null);
        String name = settings.getOrDefault("rule-set", "RuleSet");
        if (java == null || name.isEmpty()) return Optional.empty();
        List<CompiledRule> rules = new ArrayList<>();
        List<String> classNames = new ArrayList<>();
        for (Result r : results) {
            Translation t = r.translations().get(java);
            if (t == null || !t.ok()) continue;
            rules.add(new CompiledRule(r.frontend().rule(), r.frontend().query()));
            String file = Path.of(t.fileName()).getFileName().toString();
            classNames.add(file.substring(0, file.length() - ".java".length()));
        }
        String pkg = settings.getOrDefault("package", JavaGenOptions.DEFAULT_PACKAGE);
        return new MatcherGenerator(JavaGenOptions.defaults().withPackage(pkg)).ruleSet(rules, classNames, name);
    }

    /** Every rule file (Elastic .toml, Sigma .yml/.yaml) under the given files and folders, sorted; see {@link Frontend#ruleFiles}. */
    public static List<Path> ruleFiles(List<Path> roots) throws IOException {
        for (Path p : roots) {
            if (!Files.exists(p)) throw new UsageException("no such file or folder: " + p);
        }
        return Frontend.ruleFiles(roots);
    }

    // ------------------------------------------------------------------ builder

    public static final class Builder {
        private final List<String> targets = new ArrayList<>();
        private final Map<String, String> chosen = new LinkedHashMap<>();
        private final Map<String, String> settings = new LinkedHashMap<>();
        private final Map<String, String> variables = new LinkedHashMap<>();
        private boolean allProfiles;
        private LossMode mode = LossMode.EXACT;
        private int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        private java.time.Duration ruleBudget = java.time.Duration.ofSeconds(60);
        private String inputProfile;
        private HostScope hosts;

        /**
         * Declares the deployment's hosts (a Windows-only fleet): every chosen profile then translates for events of
         * those operating systems only, and each output that relies on it says so ({@link HostScope}).
         */
        public Builder hosts(java.util.Collection<String> os) {
            return hosts(os, "--hosts");
        }

        /**
         * As {@link #hosts(java.util.Collection)}, naming the setting the declaration came from (the Maven plugin's
         * {@code <hosts>}), so headers and errors point the user at the place to change it.
         */
        public Builder hosts(java.util.Collection<String> os, String setting) {
            Set<String> lower = new LinkedHashSet<>();
            for (String o : os) {
                String l = o.strip().toLowerCase(java.util.Locale.ROOT);
                if (!HostScope.KNOWN.contains(l)) {
                    throw new UsageException(setting + ": '" + o + "' is not a host.os.type value; known: "
                            + String.join(", ", HostScope.KNOWN));
                }
                lower.add(l);
            }
            this.hosts = lower.isEmpty() ? null
                    : HostScope.declared(lower, setting + " " + String.join(",", lower));
            return this;
        }

        /**
         * The profile Sigma rules' field names are read through (built-in name or YAML path); by default each rule's
         * through the built-in Sigma profile of its product.
         */
        public Builder inputProfile(String nameOrPath) {
            this.inputProfile = nameOrPath;
            return this;
        }

        /** A target with its default profile (or the one {@link #profile} names). */
        public Builder target(String target) {
            if (!targets.contains(target)) targets.add(target);
            return this;
        }

        /** The profile (built-in name or YAML path) for a target; adds the target. */
        public Builder profile(String target, String nameOrPath) {
            target(target);
            chosen.put(target, nameOrPath);
            return this;
        }

        /** Every built-in profile each target accepts (one job each), as {@code generated-examples/} shows. */
        public Builder allProfiles(boolean all) {
            this.allProfiles = all;
            return this;
        }

        /** Allow broader approximations ({@code --lossy}); each is written visibly into the output. */
        public Builder lossy(boolean allow) {
            this.mode = allow ? LossMode.BROADER : LossMode.EXACT;
            return this;
        }

        public Builder lossMode(LossMode m) {
            this.mode = m;
            return this;
        }

        /** A backend setting, e.g. {@code format=savedsearches} for SPL, {@code package=...} for Java. */
        public Builder setting(String key, String value) {
            settings.put(key, value);
            return this;
        }

        /** A profile variable (e.g. {@code index} of the Splunk profiles); unknown to every chosen profile: an error. */
        public Builder variable(String name, String value) {
            variables.put(name, value);
            return this;
        }

        /**
         * How long {@link #compileAll} lets one rule's translations run (default 60 s): past it the rule is refused
         * with {@code [time-budget]} and the batch goes on. The abandoned work is left to finish on a daemon thread
         * (Java cannot stop it), so a batch never waits for it.
         */
        public Builder ruleBudget(java.time.Duration budget) {
            if (budget.isNegative()) throw new UsageException("the per-rule time budget cannot be negative: " + budget);
            this.ruleBudget = budget;
            return this;
        }

        /** Threads for {@link #compileAll} (default: the available processors). */
        public Builder threads(int n) {
            this.threads = Math.max(1, n);
            return this;
        }

        /** @throws UsageException when a target, profile, setting or variable cannot be used as asked */
        public Ruleport build() {
            List<String> names = new ArrayList<>();
            for (String t : targets) {
                if (t.equals("all")) Backends.names().forEach(n -> { if (!names.contains(n)) names.add(n); });
                else if (Backends.byName(t).isEmpty()) throw new UsageException("unknown target " + t + "; known: " + Backends.names());
                else if (!names.contains(t)) names.add(t);
            }
            if (names.isEmpty()) throw new UsageException("no target; known: " + Backends.names());
            for (String t : chosen.keySet()) {
                if (!t.equals("all") && Backends.byName(t).isEmpty()) throw new UsageException("unknown target " + t);
            }
            List<Job> jobs = new ArrayList<>();
            Map<String, MappingProfile> loaded = new LinkedHashMap<>();
            Set<String> usedVariables = new LinkedHashSet<>();
            for (String t : names) {
                Backend b = Backends.byName(t).orElseThrow();
                List<String> profileNames = allProfiles ? builtInsFor(b) : List.of(chosen.getOrDefault(t, b.defaultProfile()));
                for (String p : profileNames) {
                    MappingProfile profile = loaded.computeIfAbsent(p, n -> load(n, usedVariables));
                    if (!b.accepts(new dev.ruleport.lower.ProfileReverse(profile))) {
                        throw new UsageException("profile " + profile.name() + " is for target " + profile.target()
                                + ", not " + t + "; profiles for " + t + ": " + String.join(", ", builtInsFor(b)));
                    }
                    jobs.add(new Job(t, p));
                }
            }
            for (String v : variables.keySet()) {
                if (!usedVariables.contains(v)) {
                    Set<String> declared = new java.util.TreeSet<>();
                    loaded.values().forEach(p -> declared.addAll(p.variables().keySet()));
                    throw new UsageException("unknown variable '" + v + "' for profile" + (loaded.size() > 1 ? "s " : " ")
                            + String.join(", ", loaded.keySet()) + (declared.isEmpty() ? ", which declare" + (loaded.size() > 1 ? "" : "s")
                            + " no variables" : "; known variables: " + String.join(", ", declared)));
                }
            }
            Set<String> known = new LinkedHashSet<>();
            for (String t : names) known.addAll(Backends.byName(t).orElseThrow().settings().keySet());
            for (String k : settings.keySet()) {
                if (!known.contains(k)) {
                    throw new UsageException("unknown setting '" + k + "' for " + String.join(", ", names)
                            + (known.isEmpty() ? " (they take none)" : "; known: " + String.join(", ", known)));
                }
            }
            for (Job j : jobs) Backends.byName(j.target()).orElseThrow().check(settings, new dev.ruleport.lower.ProfileReverse(loaded.get(j.profile())));
            if (inputProfile != null) {
                try {
                    MappingProfile.load(inputProfile);
                } catch (MappingProfileException e) {
                    throw new UsageException("--input-profile: " + e.getMessage());
                }
            }
            String ruleSet = settings.getOrDefault("rule-set", "RuleSet");
            if (!ruleSet.isEmpty() && !ClassNames.isSimpleName(ruleSet)) {
                throw new UsageException("setting rule-set=" + ruleSet + " is not a valid Java class name");
            }
            return new Ruleport(this, jobs, loaded);
        }

        private MappingProfile load(String nameOrPath, Set<String> usedVariables) {
            MappingProfile p;
            try {
                p = MappingProfile.load(nameOrPath);
            } catch (MappingProfileException e) {
                throw new UsageException(e.getMessage());
            }
            Map<String, String> own = new LinkedHashMap<>();
            variables.forEach((k, v) -> {
                if (p.variables().containsKey(k)) {
                    own.put(k, v);
                    usedVariables.add(k);
                }
            });
            MappingProfile withVars = own.isEmpty() ? p : p.withVariables(own);
            return hosts == null ? withVars : withVars.withHosts(hosts);
        }
    }

    /** The built-in profiles written for a backend's target, and its default profile, in the built-in order. */
    public static List<String> builtInsFor(Backend b) {
        List<String> out = new ArrayList<>();
        for (String name : MappingProfile.builtInNames()) {
            if (name.equals(b.defaultProfile()) || MappingProfile.load(name).target().equals(b.target())) out.add(name);
        }
        return out;
    }
}
