package dev.ruleport.sigma;

import dev.ruleport.lower.LossMode;
import dev.ruleport.compile.CompiledRule;
import dev.ruleport.backend.TranslateOptions;
import dev.ruleport.backend.Translation;
import dev.ruleport.compile.Frontend;
import dev.ruleport.mapping.MappingProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Shared helpers for the Sigma tests: compile rule text, translate it, load profiles once. */
final class SigmaTestSupport {
    private SigmaTestSupport() {}

    private static final Map<String, MappingProfile> PROFILES = new ConcurrentHashMap<>();

    static MappingProfile profile(String name) { return PROFILES.computeIfAbsent(name, MappingProfile::load); }

    /** Makes a profile built in the test (e.g. one with declared hosts) known to the helpers here under {@code key}. */
    static String register(String key, MappingProfile p) {
        PROFILES.put(key, p);
        return key;
    }

    static Frontend.Outcome compile(String fileName, String toml) {
        Frontend.Outcome o = Frontend.compileText(fileName, toml);
        if (o.status() != Frontend.Status.OK) throw new AssertionError("does not compile: " + o.diagnostics());
        return o;
    }

    /** A minimal rule TOML around an EQL query. */
    static String ruleToml(String query) {
        return ruleToml(query, List.of("logs-endpoint.events.*"));
    }

    static String ruleToml(String query, List<String> index) {
        StringBuilder idx = new StringBuilder();
        for (String i : index) idx.append(idx.length() == 0 ? "" : ", ").append('"').append(i).append('"');
        return """
                [metadata]
                creation_date = "2024/01/02"
                maturity = "production"
                updated_date = "2024/03/04"

                [rule]
                author = ["Elastic"]
                description = "Test rule."
                index = [%s]
                language = "eql"
                license = "Elastic License v2"
                name = "Test Rule"
                risk_score = 47
                rule_id = "00000000-0000-4000-8000-000000000001"
                severity = "medium"
                type = "eql"
                query = '''
                %s
                '''
                """.formatted(idx, query);
    }

    static Translation translate(Frontend.Outcome o, String profile, boolean lossy) {
        return new SigmaBackend().translate(new CompiledRule(o.rule(), o.query()),
                TranslateOptions.of(profile(profile)).withMode(lossy ? LossMode.ANY : LossMode.EXACT));
    }

    /**
     * With {@code sigma.metadata=full}: the {@code ruleport:} block records the log source's absorbed conjuncts and the
     * field names, which the reader re-adds, so a round trip compares ruleport's reading with the rule exactly.
     */
    static Translation translateFull(Frontend.Outcome o, String profile, boolean lossy) {
        return new SigmaBackend().translate(new CompiledRule(o.rule(), o.query()), new TranslateOptions(profile(profile),
                lossy ? LossMode.ANY : LossMode.EXACT, java.util.Map.of(SigmaBackend.METADATA, "full")));
    }

    static Translation translate(String query, String profile) {
        return translate(compile("test_rule.toml", ruleToml(query)), profile, false);
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
