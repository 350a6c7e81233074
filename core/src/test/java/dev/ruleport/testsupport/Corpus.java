package dev.ruleport.testsupport;

import dev.ruleport.backend.Backend;
import dev.ruleport.backend.TranslateOptions;
import dev.ruleport.backend.Translation;
import dev.ruleport.compile.CompiledRule;
import dev.ruleport.compile.Frontend;
import dev.ruleport.lower.LossMode;
import dev.ruleport.mapping.MappingProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one corpus loader of the test kit: the Elastic rule corpus ({@code ../shared/corpus/detection-rules}) read and
 * compiled once per test JVM, and every backend's translations of it per profile and loss mode, each computed once
 * and shared by every test that asks (coverage tables, bindings, syntax checks, round trips).
 */
public final class Corpus {
    private Corpus() {}

    private static List<Frontend.Outcome> outcomes;
    private static final Map<String, List<Translation>> TRANSLATIONS = new ConcurrentHashMap<>();

    /** Every corpus rule that compiles (all of them do), in file order. */
    public static synchronized List<Frontend.Outcome> outcomes() {
        if (outcomes == null) {
            Path dir = Shared.require("corpus/detection-rules");
            List<Frontend.Outcome> out = new ArrayList<>();
            try {
                for (Path f : Frontend.ruleFiles(List.of(dir))) {
                    Frontend.Outcome o = Frontend.compile(f);
                    if (o.status() == Frontend.Status.OK) out.add(o);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            outcomes = List.copyOf(out);
        }
        return outcomes;
    }

    /** The same rules as {@link CompiledRule}s. */
    public static List<CompiledRule> rules() {
        List<CompiledRule> out = new ArrayList<>();
        for (Frontend.Outcome o : outcomes()) out.add(new CompiledRule(o.rule(), o.query()));
        return out;
    }

    /**
     * The rule's operating system, when every filter of its query restricts {@code host.os.type} to exactly one value
     * ({@code windows}, {@code linux}, {@code macos}); null otherwise. The coverage targets count "Windows rules" so.
     */
    public static String os(Frontend.Outcome o) {
        java.util.Set<String> seen = new java.util.TreeSet<>();
        for (dev.ruleport.ir.Filter f : filters(o.query())) {
            java.util.Set<String> v = dev.ruleport.mapping.RuleFacts.from(f, o.rule().index(), o.rule().categoryField()).os();
            if (v.size() != 1) return null;
            seen.addAll(v);
        }
        return seen.size() == 1 ? seen.iterator().next() : null;
    }

    /** Endpoint rules: every filter's category is process, file, network, registry, library or driver. */
    public static boolean endpoint(Frontend.Outcome o) {
        java.util.Set<String> endpoint = java.util.Set.of("process", "file", "network", "registry", "library", "driver");
        for (dev.ruleport.ir.Filter f : filters(o.query())) {
            if (f.category().isAny() || !endpoint.contains(f.category().name())) return false;
        }
        return !"event.type".equals(o.rule().eventCategoryOverride());
    }

    private static List<dev.ruleport.ir.Filter> filters(dev.ruleport.ir.Query q) {
        List<dev.ruleport.ir.Filter> out = new ArrayList<>();
        if (q instanceof dev.ruleport.ir.EventQuery e) out.add(e.filter());
        if (q instanceof dev.ruleport.ir.SequenceQuery s) s.terms().forEach(t -> out.add(t.filter()));
        if (q instanceof dev.ruleport.ir.SampleQuery s) s.terms().forEach(t -> out.add(t.filter()));
        return out;
    }

    /** A backend's translation of every corpus rule (in {@link #outcomes()} order) under a profile and mode. */
    public static List<Translation> translations(Backend backend, String profile, LossMode mode) {
        String key = backend.target() + "|" + profile + "|" + mode;
        return TRANSLATIONS.computeIfAbsent(key, k -> {
            TranslateOptions opts = TranslateOptions.of(MappingProfile.load(profile)).withMode(mode);
            List<Translation> out = new ArrayList<>();
            for (CompiledRule r : rules()) out.add(backend.translate(r, opts));
            return List.copyOf(out);
        });
    }
}
