package dev.ruleport.backend;

import dev.ruleport.compile.CompiledRule;
import dev.ruleport.lower.LoweredRule;
import dev.ruleport.lower.Lowering;

/**
 * A backend driven by a mapping profile: the rule is lowered once ({@link Lowering}) and the backend only renders
 * the lowered rule, deciding just what its syntax can say.
 */
public abstract class RenderingBackend implements Backend {
    @Override
    public final Translation translate(CompiledRule rule, TranslateOptions options) {
        return render(Lowering.lower(rule, options.profile(), options.mode()), options);
    }

    /** The translation of a lowered rule. */
    public abstract Translation render(LoweredRule rule, TranslateOptions options);
}
