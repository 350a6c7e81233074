package dev.ruleport.kql;

import dev.ruleport.lower.LossMode;
import dev.ruleport.compile.CompiledRule;
import dev.ruleport.backend.TranslateOptions;
import dev.ruleport.backend.Translation;
import dev.ruleport.compile.Frontend;
import dev.ruleport.mapping.MappingProfile;
import dev.ruleport.testsupport.KustoValidator;
import dev.ruleport.testsupport.Shared;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The corpus rules compiled once per JVM, and their translations per KQL profile (cached). */
final class KqlCorpus {
    private KqlCorpus() {}

    static final List<String> PROFILES = List.of("kql-ecs", "kql-sentinel-securityevent", "kql-defender-xdr", "kql-sentinel-sysmon");

    record Entry(Frontend.Outcome outcome, Translation translation) {
        CompiledRule compiled() { return new CompiledRule(outcome.rule(), outcome.query()); }

        String name() { return outcome.path().getFileName().toString(); }
    }

    private static final Map<String, List<Entry>> BY_PROFILE = new java.util.HashMap<>();

    static List<Frontend.Outcome> rules() throws IOException {
        return dev.ruleport.testsupport.Corpus.outcomes();
    }

    static synchronized List<Entry> translated(String profile) throws IOException {
        List<Entry> cached = BY_PROFILE.get(profile);
        if (cached != null) return cached;
        List<Translation> ts = dev.ruleport.testsupport.Corpus.translations(new KqlBackend(), profile, LossMode.EXACT);
        List<Entry> out = new ArrayList<>();
        for (int i = 0; i < ts.size(); i++) out.add(new Entry(rules().get(i), ts.get(i)));
        BY_PROFILE.put(profile, List.copyOf(out));
        return BY_PROFILE.get(profile);
    }

    /** The binding check of one profile: every exact and every lossy query, and the queries with errors. */
    record Binding(int exact, int lossy, List<String> failures, long millis) {}

    private static final Map<String, CompletableFuture<Binding>> BINDING = new java.util.HashMap<>();
    private static final ExecutorService BINDER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "kql-binding");
        t.setDaemon(true);
        return t;
    });

    /**
     * Binds every query the writer emits for the corpus under {@code profile} (exact, and lossy where exact is
     * refused) in Kusto, on a background thread: the validator is a separate node process, so the JVM can run other
     * tests meanwhile. Started once per profile; a skip (validator not installed) is rethrown by {@link #join}.
     */
    static synchronized CompletableFuture<Binding> binding(String profile) {
        return BINDING.computeIfAbsent(profile, p -> CompletableFuture.supplyAsync(() -> bind(p), BINDER));
    }

    private static Binding bind(String profile) {
        long t0 = System.nanoTime();
        KustoValidator kusto = KustoValidator.shared();
        MappingProfile p = MappingProfile.load(profile);
        KqlBackend backend = new KqlBackend();
        List<String> failures = new ArrayList<>();
        int exact = 0;
        int lossy = 0;
        List<Entry> entries;
        try {
            entries = translated(profile);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        for (Entry e : entries) {
            List<Translation> outputs = new ArrayList<>();
            if (e.translation().ok()) {
                outputs.add(e.translation());
                exact++;
            } else {
                Translation l = backend.translate(e.compiled(), TranslateOptions.of(p).withMode(LossMode.ANY));
                if (l.status() == Translation.Status.LOSSY) {
                    outputs.add(l);
                    lossy++;
                }
            }
            for (Translation t : outputs) {
                List<KustoValidator.Diagnostic> errors = kusto.errors(t.text(), schema(profile));
                if (!errors.isEmpty()) failures.add(e.name() + " (" + t.status() + ")\n" + KustoValidator.describe(t.text(), errors));
            }
        }
        return new Binding(exact, lossy, failures, (System.nanoTime() - t0) / 1_000_000);
    }

    /** The result of a background job; its exception (an assertion, a skip) as thrown by the job. */
    static <T> T join(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw e;
        }
    }

    static KustoValidator.Schema schema(String profile) {
        return switch (profile) {
            case "kql-ecs" -> KustoValidator.Schema.ECS;
            case "kql-defender-xdr" -> KustoValidator.Schema.DEFENDER_XDR;
            default -> KustoValidator.Schema.SENTINEL;
        };
    }
}
