package dev.ruleport.backend;

import dev.ruleport.compile.CompiledRule;
import dev.ruleport.print.EqlPrinter;
import dev.ruleport.mapping.MappingProfile;

/**
 * EQL back to EQL, in canonical form: comments and spacing normalised, the meaning unchanged. Useful to
 * review what the compiler understood, and as the identity target in tests.
 */
public final class EqlBackend implements Backend {
    @Override public String target() { return "eql"; }

    @Override public String defaultProfile() { return "ecs"; }

    @Override public String extension() { return "eql"; }

    /** EQL runs on ECS data: only the identity profile. */
    @Override public boolean accepts(MappingProfile profile) { return "ecs".equals(profile.name()); }

    @Override public Translation translate(CompiledRule rule, TranslateOptions options) {
        return Translation.exact(target(), "ecs", EqlPrinter.print(rule.query()) + "\n",
                Backends.baseName(rule.rule().file()) + ".eql");
    }
}
