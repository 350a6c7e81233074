package dev.ruleport.kql;

import dev.ruleport.backend.Backend;
import dev.ruleport.backend.CompiledRule;
import dev.ruleport.backend.TranslateOptions;
import dev.ruleport.backend.Translation;

/**
 * The KQL (Kusto: Microsoft Sentinel, Defender XDR, Azure Data Explorer) backend: one {@code .kql} text per
 * rule, or a refusal naming each construct it cannot express. Immutable and thread-safe.
 */
public final class KqlBackend implements Backend {
    @Override public String target() { return "kql"; }

    @Override public String defaultProfile() { return "kql-ecs"; }

    @Override public Translation translate(CompiledRule rule, TranslateOptions options) {
        if (!"kql".equals(options.profile().target())) {
            throw new IllegalArgumentException("profile " + options.profile().name() + " is for target "
                    + options.profile().target() + ", not kql");
        }
        return KqlWriter.translate(rule, options);
    }
}
