package dev.ruleport.backend;

import dev.ruleport.compile.CompiledRule;
import dev.ruleport.lower.ProfileReverse;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A writer for one target language. Backends are independent of each other; each refuses, with the node's
 * source position and a shared {@link dev.ruleport.lower.Reason} code, whatever it cannot express exactly (unless
 * the options allow lossy output). Implementations are immutable and thread-safe. Profile-driven targets extend
 * {@link RenderingBackend}: they render a lowered rule and never read a profile themselves.
 */
public interface Backend {
    /** The target's name as the CLI spells it: {@code sigma}, {@code kql}, {@code spl}, {@code java}, {@code eql}. */
    String target();

    /** The profile used when the user names none. */
    String defaultProfile();

    /**
     * Whether the profile (as the lowering stage reads it) describes data this target queries (by default: a profile
     * written for this target).
     */
    default boolean accepts(ProfileReverse profile) {
        return profile.target().equals(target());
    }

    /** The {@code --set} keys this backend reads (others are a usage error), with what each does. */
    default Map<String, String> settings() { return Map.of(); }

    /**
     * Checks settings that depend on the profile before anything is translated (e.g. a format written for some
     * profiles only).
     *
     * @throws dev.ruleport.UsageException when the settings cannot work with this profile
     */
    default void check(Map<String, String> settings, ProfileReverse profile) {}

    /**
     * The one file a run's translations are joined into under these settings ({@code savedsearches.conf}, an ARM
     * template), or empty when each rule has its own file.
     */
    default Optional<String> bundleFile(Map<String, String> settings) { return Optional.empty(); }

    /** The text of {@link #bundleFile} from the rules' translations (in input order; refused ones are skipped). */
    default String bundle(List<Translation> parts, Map<String, String> settings) {
        throw new UnsupportedOperationException(target() + " writes no bundle");
    }

    Translation translate(CompiledRule rule, TranslateOptions options);

    /** The file extension of this target's outputs, without the dot. */
    String extension();
}
