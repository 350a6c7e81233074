package dev.ruleport.backend;

import dev.ruleport.mapping.MappingProfile;
import java.util.Map;

/**
 * How to translate: the mapping profile (data model of the target), whether approximations are
 * allowed ({@code lossy}: each one is then written into the output as a visible warning), and
 * backend-specific settings (e.g. {@code format=savedsearches} for SPL).
 */
public record TranslateOptions(MappingProfile profile, boolean lossy, Map<String, String> settings) {
    public TranslateOptions {
        settings = Map.copyOf(settings);
    }

    public static TranslateOptions of(MappingProfile profile) {
        return new TranslateOptions(profile, false, Map.of());
    }

    public TranslateOptions withLossy(boolean l) { return new TranslateOptions(profile, l, settings); }

    public String setting(String key, String fallback) { return settings.getOrDefault(key, fallback); }
}
