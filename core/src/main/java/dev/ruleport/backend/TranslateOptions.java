package dev.ruleport.backend;

import dev.ruleport.lower.LossMode;
import dev.ruleport.mapping.MappingProfile;
import java.util.Map;

/**
 * How to translate: the mapping profile (data model of the target), which approximations are allowed
 * ({@link LossMode}; each allowed one is written into the output), and backend-specific settings (e.g.
 * {@code format=savedsearches} for SPL); {@code measured}, when set, is how a lossy translation fared on its rule's
 * fixture cases, which the output states beside its losses.
 */
public record TranslateOptions(MappingProfile profile, LossMode mode, Map<String, String> settings, String measured) {
    public TranslateOptions {
        settings = Map.copyOf(settings);
    }

    public TranslateOptions(MappingProfile profile, LossMode mode, Map<String, String> settings) {
        this(profile, mode, settings, null);
    }

    public static TranslateOptions of(MappingProfile profile) {
        return new TranslateOptions(profile, LossMode.EXACT, Map.of());
    }

    public TranslateOptions withMode(LossMode m) { return new TranslateOptions(profile, m, settings, measured); }

    /** The same options, with a measurement of the translation on fixture cases to state in a lossy output. */
    public TranslateOptions withMeasured(String text) { return new TranslateOptions(profile, mode, settings, text); }

    public boolean lossy() { return mode.lossy(); }

    public String setting(String key, String fallback) { return settings.getOrDefault(key, fallback); }

    /** The profile's name, or null when none is given. */
    public String profileName() { return profile == null ? null : profile.name(); }
}
