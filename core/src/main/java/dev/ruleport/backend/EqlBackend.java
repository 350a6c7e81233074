package dev.ruleport.backend;

import dev.ruleport.print.EqlPrinter;
import java.util.List;

/**
 * EQL back to EQL, in canonical form: comments and spacing normalised, the meaning unchanged. Useful to
 * review what the compiler understood, and as the identity target in tests.
 */
public final class EqlBackend implements Backend {
    @Override public String target() { return "eql"; }

    @Override public String defaultProfile() { return "ecs"; }

    @Override public Translation translate(CompiledRule rule, TranslateOptions options) {
        String base = Backends.baseName(rule.rule().file());
        StringBuilder credit = new StringBuilder();
        for (String c : Credit.lines(rule.rule())) credit.append("// ").append(c.replace('\n', ' ').replace('\r', ' ')).append('\n');
        return new Translation(target(), "ecs", Translation.Status.EXACT, credit + EqlPrinter.print(rule.query()) + "\n",
                base + ".eql", List.of(), List.of());
    }
}
