package dev.ruleport.backend;

import dev.ruleport.lower.LossMode;
import dev.ruleport.mapping.MappingProfile;
import java.util.Map;

/**
 * How to translate: the mapping profile (data model of the target), which approximations are allowed
 * ({@link LossMode}; each allowed one is written into the output), and backend-specific settings (e.g.
 * {@code format=savedsearches} for SPL).
 */
public record TranslateOptions(MappingProfile profile, LossMode mode, Map<String, String> settings) {
    public TranslateOptions {
        settings = Map.copyOf(settings);
    }

    public static TranslateOptions of(MappingProfile profile) {
        return new TranslateOptions(profile, LossMode.EXACT, Map.of());
    }

    public TranslateOptions withMode(LossMode m) { return new TranslateOptions(profile, m, settings); }

    public boolean lossy() { return mode.lossy(); }

    public String setting(String key, String fallback) { return settings.getOrDefault(key, fallback); }
}
