package dev.ruleport.sigma;

import dev.ruleport.backend.Backend;
import dev.ruleport.backend.CompiledRule;
import dev.ruleport.backend.Refusals;
import dev.ruleport.backend.TranslateOptions;
import dev.ruleport.backend.Translation;
import dev.ruleport.diag.Span;
import dev.ruleport.mapping.MappingProfile;

/**
 * The Sigma target: one {@code .yml} text per rule (detection rule, or base rules plus a correlation rule for a
 * sequence), exact or refused; with lossy output, approximations are written into the text ({@code
 * ruleport_losses} and a comment). Profiles: {@code ecs} (default, field names as in ECS), {@code sigma-windows},
 * {@code sigma-linux}, {@code sigma-macos}, or any profile file whose target is {@code sigma} or {@code any}.
 * Immutable and thread-safe.
 */
public final class SigmaBackend implements Backend {
    public static final String TARGET = "sigma";
    /** Diagnostic code of every Sigma refusal. */
    public static final String CODE = "SIGMA";

    @Override public String target() { return TARGET; }

    @Override public String defaultProfile() { return "ecs"; }

    @Override public Translation translate(CompiledRule compiled, TranslateOptions options) {
        MappingProfile profile = options.profile() != null ? options.profile() : MappingProfile.load(defaultProfile());
        Refusals refusals = new Refusals(compiled.rule(), CODE, options.lossy());
        if (!TARGET.equals(profile.target()) && !"any".equals(profile.target())) {
            refusals.fatal(Span.synthetic("profile"), "profile " + profile.name() + " is for target " + profile.target()
                    + ", not sigma");
            return refusals.finish(TARGET, profile.name(), null, null);
        }
        SigmaWriter writer = new SigmaWriter(compiled.rule(), profile, refusals);
        String text = writer.write(compiled.query());
        if (text == null && !refusals.refused()) {
            refusals.fatal(compiled.query().span(), "nothing could be written");
        }
        return refusals.finish(TARGET, profile.name(), text, writer.fileBase() + ".yml");
    }
}
