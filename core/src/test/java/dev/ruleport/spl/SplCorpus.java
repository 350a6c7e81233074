package dev.ruleport.spl;

import dev.ruleport.backend.CompiledRule;
import dev.ruleport.backend.TranslateOptions;
import dev.ruleport.backend.Translation;
import dev.ruleport.compile.Frontend;
import dev.ruleport.mapping.MappingProfile;
import dev.ruleport.testsupport.Shared;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The EQL corpus compiled once per test JVM, and its SPL translations per profile (cached). */
final class SplCorpus {
    private SplCorpus() {}

    static final List<String> PROFILES = List.of("splunk-ecs", "splunk-windows", "splunk-sysmon", "splunk-cim");

    private static List<CompiledRule> rules;
    private static final Map<String, List<Translation>> translations = new LinkedHashMap<>();

    static synchronized List<CompiledRule> rules() {
        if (rules == null) {
            Path root = Shared.require("corpus/detection-rules");
            List<CompiledRule> out = new ArrayList<>();
            try {
                for (Path p : Frontend.ruleFiles(List.of(root))) {
                    Frontend.Outcome o = Frontend.compile(p);
                    if (o.status() == Frontend.Status.OK) out.add(new CompiledRule(o.rule(), o.query()));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            rules = out;
        }
        return rules;
    }

    static synchronized List<Translation> translations(String profile, boolean lossy) {
        return translations.computeIfAbsent(profile + (lossy ? "+lossy" : ""), k -> {
            SplBackend b = new SplBackend();
            TranslateOptions opts = TranslateOptions.of(MappingProfile.load(profile)).withLossy(lossy);
            List<Translation> out = new ArrayList<>();
            for (CompiledRule r : rules()) out.add(b.translate(r, opts));
            return out;
        });
    }
}
