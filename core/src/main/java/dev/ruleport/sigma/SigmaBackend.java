package dev.ruleport.sigma;

import dev.ruleport.backend.Backends;
import dev.ruleport.backend.Refusals;
import dev.ruleport.backend.RenderingBackend;
import dev.ruleport.backend.TranslateOptions;
import dev.ruleport.backend.Translation;
import dev.ruleport.lower.LoweredRule;

/**
 * The Sigma target: one {@code .yml} text per rule (detection rule, or base rules plus a correlation rule for a
 * sequence), exact or refused; with lossy output, approximations are written into the text ({@code
 * ruleport_losses} and a comment). Profiles: {@code ecs} (default, field names as in ECS), {@code sigma-windows},
 * {@code sigma-linux}, {@code sigma-macos}, or any profile file whose target is {@code sigma} or {@code any}.
 * Immutable and thread-safe.
 */
public final class SigmaBackend extends RenderingBackend {
    public static final String TARGET = "sigma";

    @Override public String target() { return TARGET; }

    @Override public String defaultProfile() { return "ecs"; }

    /** Its own profiles, and the identity profile (ECS names kept), which tests the language translation alone. */
    @Override public boolean accepts(dev.ruleport.mapping.MappingProfile profile) {
        return TARGET.equals(profile.target()) || "any".equals(profile.target());
    }

    @Override public String extension() { return "yml"; }

    @Override public Translation render(LoweredRule lowered, TranslateOptions options) {
        Refusals refusals = Refusals.of(lowered, TARGET);
        String text = new SigmaWriter(lowered, refusals).write();
        return refusals.finish(text, Backends.baseName(lowered.rule().file()) + ".yml", lowered.equivalences());
    }
}
