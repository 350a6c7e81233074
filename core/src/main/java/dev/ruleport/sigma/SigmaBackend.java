package dev.ruleport.sigma;

import dev.ruleport.backend.Backends;
import dev.ruleport.backend.Refusals;
import dev.ruleport.backend.RenderingBackend;
import dev.ruleport.backend.TranslateOptions;
import dev.ruleport.backend.Translation;
import dev.ruleport.lower.LoweredRule;

/**
 * The Sigma target: one {@code .yml} text per rule (detection rule, or base rules plus a correlation rule for a
 * sequence), exact or refused; the fidelity (and, with lossy output, each approximation) is stated in comments at
 * the top. By default only the fields SigmaHQ rules use are written; {@code sigma.metadata=full} adds the Elastic
 * rule's other fields ({@code elastic}), ruleport's reading hints ({@code ruleport}) and {@code ruleport_losses}. Profiles: {@code ecs} (default, field names as in ECS), {@code sigma-windows},
 * {@code sigma-linux}, {@code sigma-macos}, or any profile file whose target is {@code sigma} or {@code any}.
 * Immutable and thread-safe.
 */
public final class SigmaBackend extends RenderingBackend {
    public static final String TARGET = "sigma";

    @Override public String target() { return TARGET; }

    @Override public String defaultProfile() { return "ecs"; }

    /** Its own profiles, and the identity profile (ECS names kept), which tests the language translation alone. */
    @Override public boolean accepts(dev.ruleport.lower.ProfileReverse profile) {
        return TARGET.equals(profile.target()) || "any".equals(profile.target());
    }

    @Override public String extension() { return "yml"; }

    /** The setting that asks for the Elastic extras in the output ({@code lean}, the default, or {@code full}). */
    public static final String METADATA = "sigma.metadata";

    @Override public java.util.Map<String, String> settings() {
        return java.util.Map.of(METADATA, "lean (default): only the fields SigmaHQ rules use; full: also the Elastic rule's"
                + " other fields (elastic:) and ruleport's reading hints (ruleport:, ruleport_losses)");
    }

    @Override public void check(java.util.Map<String, String> settings, dev.ruleport.lower.ProfileReverse profile) {
        String v = settings.get(METADATA);
        if (v != null && !v.equals("lean") && !v.equals("full")) {
            throw new dev.ruleport.UsageException("setting " + METADATA + "=" + v + ": use lean (the default) or full");
        }
    }

    @Override public Translation render(LoweredRule lowered, TranslateOptions options) {
        Refusals refusals = Refusals.of(lowered, TARGET);
        boolean full = "full".equals(options.setting(METADATA, "lean"));
        String text = new SigmaWriter(lowered, refusals, options.measured(), full).write();
        return refusals.finish(text, Backends.baseName(lowered.rule().file()) + ".yml", lowered.equivalences());
    }
}
