package dev.ruleport.kql;

import dev.ruleport.backend.RenderingBackend;
import dev.ruleport.backend.TranslateOptions;
import dev.ruleport.backend.Translation;
import dev.ruleport.lower.LoweredRule;

/**
 * The KQL (Kusto: Microsoft Sentinel, Defender XDR, Azure Data Explorer) backend: one {@code .kql} text per
 * rule, or a refusal naming each construct it cannot express. Immutable and thread-safe.
 */
public final class KqlBackend extends RenderingBackend {
    public static final String TARGET = "kql";

    @Override public String target() { return TARGET; }

    @Override public String defaultProfile() { return "kql-ecs"; }

    @Override public String extension() { return "kql"; }

    @Override public Translation render(LoweredRule rule, TranslateOptions options) {
        return KqlWriter.translate(rule);
    }
}
