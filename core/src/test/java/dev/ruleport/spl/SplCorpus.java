package dev.ruleport.spl;

import dev.ruleport.lower.LossMode;
import dev.ruleport.compile.CompiledRule;
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

    static List<CompiledRule> rules() {
        return dev.ruleport.testsupport.Corpus.rules();
    }

    static List<Translation> translations(String profile, boolean lossy) {
        return dev.ruleport.testsupport.Corpus.translations(new SplBackend(), profile, lossy ? LossMode.ANY : LossMode.EXACT);
    }
}
