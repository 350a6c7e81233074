package dev.ruleport.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ruleport.backend.Backend;
import dev.ruleport.backend.Backends;
import dev.ruleport.backend.TranslateOptions;
import dev.ruleport.backend.Translation;
import dev.ruleport.diag.CompileException;
import dev.ruleport.diag.Diagnostic;
import dev.ruleport.interpret.Interpreter;
import dev.ruleport.interpret.InterpreterOptions;
import dev.ruleport.mapping.MappingProfile;
import dev.ruleport.testsupport.QueryMutations;
import dev.ruleport.testsupport.Shared;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Property (issue #19): whatever rule file reaches the library path that {@code check} and
 * {@code convert --to all} take ({@link Frontend}, then every backend of {@link Backends#all()} with its
 * default profile, as {@link dev.ruleport.Ruleport} runs them) and the reference interpreter that
 * {@code match} and {@code test} use, the only outcomes are outputs and positioned diagnostics: no
 * exception, no stack overflow. The backends are called directly, not through the facade, which turns an
 * exception into a diagnostic of that rule: here it must show, with its stack.
 *
 * <p>Files are generated from the corpus: TOML mutated (truncated, values of the wrong type, tables
 * turned into arrays and back, lines dropped or doubled, odd characters and bytes), corpus queries
 * mutated token by token, and hostile queries in a valid file (nesting hundreds to thousands deep,
 * pathological and huge regexes, long literals and field paths, line separators, extreme numbers),
 * under long or odd rule names. One in fifty goes through a real file, as bytes.
 *
 * <p>An exception is recorded by its kind, the exception's class and the first ruleport frame of its
 * stack. Kinds listed in {@code fuzz/known-failures.txt} (with their reason) are expected for now;
 * any other kind fails the test. The seed, the counts and one input per kind are printed.
 * {@code -Druleport.fuzz.cases=N} and {@code -Druleport.fuzz.seed=S} run longer or elsewhere.
 */
class RuleFileFuzzTest {
    static final long SEED = Long.getLong("ruleport.fuzz.seed", 20261203L);
    static final int CASES = Integer.getInteger("ruleport.fuzz.cases", 3_000);
    static final String KNOWN_FAILURES = "/fuzz/known-failures.txt";

    /** One kind of failure: its first example and how often it happened. */
    static final class Kind {
        final String example;
        final String stack;
        int count;

        Kind(String example, String stack) {
            this.example = example;
            this.stack = stack;
        }
    }

    /** What the run saw, for the printed report. */
    static final class Tally {
        final Map<String, Integer> counts = new TreeMap<>();
        final Map<String, Kind> failures = new TreeMap<>();
        final Map<String, Long> nanos = new TreeMap<>();
        final Map<String, String> slowest = new TreeMap<>();
        final Map<String, Long> slowestNanos = new TreeMap<>();

        void time(String stage, long started, Generated g) {
            long spent = System.nanoTime() - started;
            nanos.merge(stage, spent, Long::sum);
            if (spent > slowestNanos.getOrDefault(stage, 0L)) {
                slowestNanos.put(stage, spent);
                slowest.put(stage, g.strategy() + " " + g.fileName() + " " + (g.text() == null ? "" : g.text().length() + " chars"));
            }
        }

        void count(String what) { counts.merge(what, 1, Integer::sum); }

        void failure(String stage, Throwable t, Generated g) {
            String kind = kindOf(t);
            Kind k = failures.computeIfAbsent(kind, x -> new Kind(g.describe(), stage + ": " + stackTop(t)
                    + (t.getMessage() == null ? "" : " (" + abbreviated(t.getMessage()) + ")")));
            k.count++;
            count("failures");
        }
    }

    /** A generated rule file: its name, its text or bytes, and how it was made. */
    record Generated(String fileName, String text, byte[] bytes, String strategy) {
        String describe() {
            String body = text != null ? text : new String(bytes, StandardCharsets.ISO_8859_1);
            String shown = body.length() > 600 ? body.substring(0, 600) + "... (" + body.length() + " characters)" : body;
            return "[" + strategy + "] " + fileName + ":\n" + shown;
        }
    }

    @TempDir
    Path temp;

    @Test
    void everyRuleFileEndsInOutputsOrPositionedDiagnostics() throws IOException {
        Seeds seeds = Seeds.load();
        Map<Backend, TranslateOptions> backends = new LinkedHashMap<>();
        for (Backend b : Backends.all()) backends.put(b, TranslateOptions.of(MappingProfile.load(b.defaultProfile())));
        Random random = new Random(SEED);
        Tally tally = new Tally();
        for (int i = 0; i < CASES; i++) {
            Generated g = Generator.next(random, seeds, i);
            run(g, backends, tally);
        }

        Map<String, String> known = knownFailures();
        StringBuilder report = new StringBuilder();
        report.append(String.format("rule file fuzz: seed %d, %d files%n", SEED, CASES));
        tally.counts.forEach((k, v) -> report.append(String.format("  %-36s %7d%n", k, v)));
        tally.nanos.forEach((k, v) -> report.append(String.format("  time %-31s %7d ms (slowest %d ms: %s)%n", k, v / 1_000_000,
                tally.slowestNanos.get(k) / 1_000_000, tally.slowest.get(k))));
        List<String> unknown = new ArrayList<>();
        for (Map.Entry<String, Kind> e : tally.failures.entrySet()) {
            boolean listed = known.containsKey(e.getKey());
            report.append(String.format("  %s %dx %s%n    at %s%n    e.g. %s%n", listed ? "known" : "NEW  ", e.getValue().count,
                    e.getKey(), e.getValue().stack, e.getValue().example.replace("\n", "\n         ")));
            if (!listed) unknown.add(e.getKey());
        }
        for (String k : known.keySet()) {
            if (!tally.failures.containsKey(k)) report.append("  not seen in this run (remove it from the list if fixed): ").append(k).append('\n');
        }
        System.out.print(report);
        assertEquals(CASES, tally.counts.getOrDefault("files", 0));
        assertEquals(List.of(), unknown, "failures of a kind not in " + KNOWN_FAILURES + " (see the report above)");
        // the generator reaches every stage: some files pass the front end and some translations succeed
        assertTrue(tally.counts.getOrDefault("front end: ok", 0) > CASES / 10, report::toString);
        assertTrue(tally.counts.getOrDefault("front end: failed", 0) > CASES / 10, report::toString);
        assertTrue(tally.counts.getOrDefault("translation: exact", 0) > CASES / 10, report::toString);
    }

    private void run(Generated g, Map<Backend, TranslateOptions> backends, Tally tally) {
        tally.count("files");
        Frontend.Outcome o;
        long started = System.nanoTime();
        try {
            if (g.bytes() != null) {
                Path file = temp.resolve(g.fileName());
                Files.write(file, g.bytes());
                o = Frontend.compile(file);
            } else {
                o = Frontend.compileText(g.fileName(), g.text());
            }
        } catch (Throwable t) {
            tally.failure("front end", t, g);
            return;
        }
        tally.time("front end", started, g);
        tally.count("front end: " + o.status().name().toLowerCase().replace('_', ' '));
        if (o.status() != Frontend.Status.OK) {
            requirePositioned(o.diagnostics(), o.status() == Frontend.Status.FAILED, "front end", g, tally);
            return;
        }
        CompiledRule rule = new CompiledRule(o.rule(), o.query());
        for (Map.Entry<Backend, TranslateOptions> b : backends.entrySet()) {
            String target = b.getKey().target();
            Translation t;
            long t0 = System.nanoTime();
            try {
                t = b.getKey().translate(rule, b.getValue());
            } catch (Throwable e) {
                tally.failure(target, e, g);
                continue;
            } finally {
                tally.time(target, t0, g);
            }
            tally.count("translation: " + t.status().name().toLowerCase());
            if (t.status() == Translation.Status.REFUSED) requirePositioned(t.diagnostics(), true, target, g, tally);
        }
        long t1 = System.nanoTime();
        try {
            Interpreter interpreter = Interpreter.compile(rule.query(), rule.rule().querySource(),
                    InterpreterOptions.defaults().withCategoryField(rule.rule().categoryField()));
            interpreter.run(Generator.events());
            tally.count("interpreter: ran");
        } catch (CompileException e) {
            tally.count("interpreter: refused");
            requirePositioned(e.diagnostics(), true, "interpreter", g, tally);
        } catch (Throwable e) {
            tally.failure("interpreter", e, g);
        } finally {
            tally.time("interpreter", t1, g);
        }
    }

    /** Errors must be there (when {@code errorExpected}) and each must have a position and a message. */
    private static void requirePositioned(List<Diagnostic> diagnostics, boolean errorExpected, String stage, Generated g, Tally tally) {
        boolean anyError = false;
        for (Diagnostic d : diagnostics) {
            if (!d.isError()) continue;
            anyError = true;
            if (d.line() < 1 || d.column() < 1 || d.message() == null || d.message().isBlank()) {
                tally.failure(stage, new AssertionError("unpositioned diagnostic [" + d.code() + "] from " + stage + ": " + d.headline()), g);
            }
        }
        if (errorExpected && !anyError) tally.failure(stage, new AssertionError("a failure without an error diagnostic from " + stage + ": "), g);
    }

    /** {@code java.lang.StackOverflowError @ dev.ruleport.kql.KqlExprWriter.write}: the class and the first ruleport frame. */
    static String kindOf(Throwable t) {
        if (t instanceof AssertionError a && a.getStackTrace().length > 0 && a.getMessage() != null) {
            return "outcome: " + a.getMessage().replaceAll(": .*", "").replaceAll(":$", "");
        }
        return t.getClass().getName() + " @ " + stackTop(t);
    }

    private static String abbreviated(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    static String stackTop(Throwable t) {
        for (StackTraceElement e : t.getStackTrace()) {
            if (e.getClassName().startsWith("dev.ruleport.") && !e.getClassName().startsWith("dev.ruleport.compile.RuleFileFuzzTest")) {
                return e.getClassName().replaceAll("\\$.*", "") + "." + e.getMethodName();
            }
        }
        StackTraceElement[] s = t.getStackTrace();
        return s.length == 0 ? "(no stack)" : s[0].getClassName() + "." + s[0].getMethodName();
    }

    /** {@code kind<TAB>reason} lines; {@code #} starts a comment. */
    static Map<String, String> knownFailures() {
        Map<String, String> out = new LinkedHashMap<>();
        try (InputStream in = RuleFileFuzzTest.class.getResourceAsStream(KNOWN_FAILURES)) {
            if (in == null) throw new IllegalStateException(KNOWN_FAILURES + " is missing");
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) continue;
                int tab = line.indexOf('\t');
                if (tab < 0) throw new IllegalStateException("no reason for " + line);
                out.put(line.substring(0, tab), line.substring(tab + 1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Corpus rule files and their queries, the material the generator starts from. */
    record Seeds(List<String> files, List<String> queries) {
        static Seeds load() throws IOException {
            List<String> files = new ArrayList<>();
            List<String> queries = new ArrayList<>();
            for (Path f : Frontend.ruleFiles(List.of(Shared.require("corpus/detection-rules")))) {
                String text = Files.readString(f, StandardCharsets.UTF_8);
                // long rules cost time without adding new shapes
                if (text.length() > 8_000) continue;
                files.add(text);
                Frontend.Outcome o = Frontend.compileText(f.getFileName().toString(), text);
                if (o.rule() != null && o.rule().query() != null) queries.add(o.rule().query());
            }
            assertTrue(files.size() > 200 && queries.size() > 200, "corpus seeds");
            return new Seeds(files, queries);
        }
    }
}
