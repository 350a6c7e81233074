package dev.ruleport.kql;

import dev.ruleport.backend.CompiledRule;
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

/** The corpus rules compiled once per JVM, and their translations per KQL profile (cached). */
final class KqlCorpus {
    private KqlCorpus() {}

    static final List<String> PROFILES = List.of("kql-ecs", "kql-sentinel-securityevent", "kql-defender-xdr");

    record Entry(Frontend.Outcome outcome, Translation translation) {
        CompiledRule compiled() { return new CompiledRule(outcome.rule(), outcome.query()); }

        String name() { return outcome.path().getFileName().toString(); }
    }

    private static List<Frontend.Outcome> rules;
    private static final Map<String, List<Entry>> BY_PROFILE = new java.util.HashMap<>();

    static synchronized List<Frontend.Outcome> rules() throws IOException {
        if (rules == null) {
            Path dir = Shared.require("corpus/detection-rules");
            List<Frontend.Outcome> out = new ArrayList<>();
            for (Path f : Frontend.ruleFiles(List.of(dir))) {
                Frontend.Outcome o = Frontend.compile(f);
                if (o.status() == Frontend.Status.OK) out.add(o);
            }
            rules = List.copyOf(out);
        }
        return rules;
    }

    static synchronized List<Entry> translated(String profile) throws IOException {
        List<Entry> cached = BY_PROFILE.get(profile);
        if (cached != null) return cached;
        MappingProfile p = MappingProfile.load(profile);
        KqlBackend backend = new KqlBackend();
        List<Entry> out = new ArrayList<>();
        for (Frontend.Outcome o : rules()) {
            out.add(new Entry(o, backend.translate(new CompiledRule(o.rule(), o.query()), TranslateOptions.of(p))));
        }
        BY_PROFILE.put(profile, List.copyOf(out));
        return BY_PROFILE.get(profile);
    }

    static KustoValidator.Schema schema(String profile) {
        return switch (profile) {
            case "kql-ecs" -> KustoValidator.Schema.ECS;
            case "kql-defender-xdr" -> KustoValidator.Schema.DEFENDER_XDR;
            default -> KustoValidator.Schema.SENTINEL;
        };
    }

    /** The refusal reason of a diagnostic message (the text before the first colon). */
    static String reason(String message) {
        int i = message.indexOf(':');
        return i < 0 ? message : message.substring(0, i);
    }
}
