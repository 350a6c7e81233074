package dev.ruleport.backend;

import dev.ruleport.compile.CompiledRule;
import dev.ruleport.print.EqlPrinter;

/**
 * EQL back to EQL, in canonical form: comments and spacing normalised, the meaning unchanged. Useful to
 * review what the compiler understood, and as the identity target in tests.
 */
public final class EqlBackend implements Backend {
    @Override public String target() { return "eql"; }

    @Override public String defaultProfile() { return "ecs"; }

    @Override public String extension() { return "eql"; }

    /** EQL runs on ECS data: only the identity profile. */
    @Override public boolean accepts(dev.ruleport.lower.ProfileReverse profile) { return "ecs".equals(profile.profileName()); }

    @Override public Translation translate(CompiledRule rule, TranslateOptions options) {
        StringBuilder credit = new StringBuilder();
        for (String c : Credit.lines(rule.rule())) credit.append("// ").append(c.replace('\n', ' ').replace('\r', ' ')).append('\n');
        return Translation.exact(target(), "ecs", credit + EqlPrinter.print(rule.query()) + "\n",
                Backends.baseName(rule.rule().file()) + ".eql");
    }
}
