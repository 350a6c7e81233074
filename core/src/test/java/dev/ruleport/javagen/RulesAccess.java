package dev.ruleport.javagen;

import dev.ruleport.compile.CompiledRule;

/** The test rules of this package, for tests elsewhere. */
public final class RulesAccess {
    private RulesAccess() {}

    public static CompiledRule seed() { return Rules.seed(); }
}
