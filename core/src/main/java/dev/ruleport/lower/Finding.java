package dev.ruleport.lower;

import dev.ruleport.diag.Span;
import dev.ruleport.mapping.Fidelity;

/**
 * Something a translation cannot say exactly, as data: where ({@code span} in the rule's query), what
 * ({@code predicate}: the EQL text of the construct, or null), why ({@code reason}), and what writing the output
 * anyway does to it ({@code direction}: {@link Fidelity#BROADER} when the output then matches a superset of the
 * rule's events, {@link Fidelity#NARROWER} when a subset, {@link Fidelity#OVERLAPPING} when neither; null when no
 * output can stand for it at all, which always refuses).
 *
 * <p>Whether a finding refuses the translation or becomes a loss written into the output is decided once, from
 * the user's {@link LossMode}, by {@link #isLossUnder(LossMode)}.
 */
public record Finding(Span span, Reason reason, Fidelity direction, String predicate, String message) {

    /** A finding no approximation can save: always a refusal. */
    public static Finding fatal(Span span, Reason reason, String message) {
        return new Finding(span, reason, null, null, message);
    }

    public static Finding broader(Span span, Reason reason, String predicate, String message) {
        return new Finding(span, reason, Fidelity.BROADER, predicate, message);
    }

    public boolean isFatal() { return direction == null; }

    /** Whether, under {@code mode}, this finding is an allowed loss rather than a refusal. */
    public boolean isLossUnder(LossMode mode) { return direction != null && mode.allows(direction); }

    /** {@code [code] message}. */
    public String text() { return reason.tag(message); }

    /** The direction as the output states it: {@code broader}, {@code narrower}, {@code overlapping}. */
    public String directionLabel() { return direction == null ? "refused" : direction.label(); }
}
