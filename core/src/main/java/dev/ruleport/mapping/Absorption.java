package dev.ruleport.mapping;

/**
 * How a log source stands for one of a rule's conjuncts, so the target does not test it as written.
 *
 * @param fidelity how faithfully leaving the conjunct out (or testing {@code clause} instead) keeps its meaning
 * @param clause   a condition in the target's syntax that tests the conjunct instead (an OS through a device
 *                 inventory table); null when the log source guarantees the conjunct by itself
 * @param says     the equivalence the absorption relies on, stated in the output; null when exact
 */
public record Absorption(Fidelity fidelity, String clause, String says) {
    public static Absorption exact() { return new Absorption(Fidelity.EXACT, null, null); }
}
