package dev.ruleport.testsupport;

import dev.ruleport.compile.Frontend;
import dev.ruleport.fixtures.FixtureCase;
import dev.ruleport.fixtures.WitnessGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * SigmaHQ's rules in {@code ../shared/corpus/sigmahq}, read once per JVM through the front end (as {@code ruleport
 * check} reads them: the whole folder given, so filters and correlations see every file), and the generated
 * fixture cases of every rule read, computed once: the corpus test and the round-trip tests of every backend share
 * them.
 */
public final class SigmaHqCorpus {
    private SigmaHqCorpus() {}

    /** One rule file: its path relative to the corpus root ({@code rules/windows/...}), and what the front end made of it. */
    public record Entry(String name, Frontend.Outcome outcome) {
        public boolean read() { return outcome.status() == Frontend.Status.OK; }
    }

    private static final class Holder {
        static final List<Entry> ENTRIES = load();
        static final List<List<FixtureCase>> CASES = new ArrayList<>();
    }

    public static Path root() { return Shared.require("corpus/sigmahq"); }

    public static List<Entry> entries() { return Holder.ENTRIES; }

    /** The rules that read. */
    public static List<Entry> read() { return entries().stream().filter(Entry::read).toList(); }

    /** The generated cases (positive witnesses and near misses) of each rule of {@link #read()}, in the same order. */
    public static synchronized List<List<FixtureCase>> cases() {
        if (Holder.CASES.isEmpty()) {
            long t0 = System.nanoTime();
            WitnessGenerator generator = new WitnessGenerator();
            for (Entry e : read()) Holder.CASES.add(generator.generate(e.outcome().rule(), e.outcome().query()).cases());
            System.out.printf("[sigmahq] fixture cases generated for %d rules in %d ms%n", Holder.CASES.size(),
                    (System.nanoTime() - t0) / 1_000_000);
        }
        return Holder.CASES;
    }

    /** The checked-in list of refused rules (tab-separated: rule file, reason), comments left out. */
    public static List<String> refusedList() {
        try (java.io.InputStream in = SigmaHqCorpus.class.getResourceAsStream("/sigma/sigmahq-refused.txt")) {
            if (in == null) return List.of();
            List<String> out = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) out.add(line);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Entry> load() {
        Path root = root();
        try {
            Frontend.Options options = Frontend.Options.forInputs(List.of(root), null);
            List<Entry> out = new ArrayList<>();
            for (Path p : Frontend.ruleFiles(List.of(root))) {
                out.add(new Entry(root.relativize(p).toString().replace('\\', '/'), Frontend.compile(p, options)));
            }
            return List.copyOf(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
