package dev.ruleport.backend;

import dev.ruleport.diag.Span;
import dev.ruleport.ir.And;
import dev.ruleport.ir.Expr;
import dev.ruleport.ir.Literal;
import dev.ruleport.ir.Not;
import dev.ruleport.ir.Or;
import dev.ruleport.lower.Lowering;
import dev.ruleport.lower.Normalizer;
import dev.ruleport.lower.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Renders a lowered condition (negation normal form, see {@link Normalizer}) bottom-up into a target's syntax
 * {@code T}. A backend writes only leaves and the two connectives; this class decides, the same way for every
 * backend, what happens to a leaf the target cannot write: it is <em>dropped</em>. In negation normal form every
 * leaf occurs positively (a negated leaf {@code not p} is one leaf), so replacing a leaf by {@code true} can only
 * widen the condition: a conjunction loses the operand, a disjunction becomes {@code true} as a whole, and the
 * result never holds a constant. Each drop is recorded with its position and reason; without lossy output it
 * refuses the translation. When nothing is left, {@link #render} is empty: the caller then has only the log
 * source's selection, and a lossy output that came to that is refused as a flood ({@link #checkFlood}).
 *
 * @param <T> the target's rendering of a condition
 */
public abstract class ConditionRenderer<T> {
    /** What a leaf writer reports when the target cannot say the leaf. */
    public interface Problems {
        void cannot(Span span, Reason reason, String message);
    }

    protected final Refusals refusals;
    private boolean dropped;

    protected ConditionRenderer(Refusals refusals) {
        this.refusals = refusals;
    }

    /** The rendering of a normal-form condition; empty when nothing is left to test. */
    public Optional<T> render(Expr condition) {
        return node(condition);
    }

    /** Whether a leaf was dropped while rendering. */
    public boolean dropped() { return dropped; }

    /**
     * Refuses an output whose condition was emptied by drops: with {@code lossy} approximations the target would
     * then match every event of its log source.
     */
    public void checkFlood(boolean nothingLeft, Span span, String logsource) {
        if (nothingLeft && dropped && refusals.mode().lossy()) {
            refusals.fatal(span, Reason.FLOOD, "with the predicates above left out, nothing but the log source "
                    + logsource + " selects events: every event of it would match");
        }
    }

    /** The target's form of one leaf (a comparison, match, membership, call or field), negated or not. */
    protected abstract T leaf(Expr leaf, boolean negated, Problems problems);

    protected abstract T and(List<T> parts);

    protected abstract T or(List<T> parts);

    private Optional<T> node(Expr e) {
        if (e instanceof And a) {
            List<T> parts = new ArrayList<>();
            for (Expr x : a.operands()) node(x).ifPresent(parts::add);
            if (parts.isEmpty()) return Optional.empty();
            return Optional.of(parts.size() == 1 ? parts.get(0) : and(parts));
        }
        if (e instanceof Or o) {
            List<T> parts = new ArrayList<>();
            boolean whole = false;
            for (Expr x : o.operands()) {
                Optional<T> p = node(x);
                if (p.isEmpty()) whole = true;
                else parts.add(p.get());
            }
            if (whole) {
                if (refusals.mode().lossy()) {
                    refusals.drop(o.span(), Reason.EXPRESSION, Lowering.text(o), "an alternative of " + Lowering.text(o)
                            + " cannot be written, so the whole disjunction is left out");
                }
                return Optional.empty();
            }
            return Optional.of(parts.size() == 1 ? parts.get(0) : or(parts));
        }
        if (e instanceof Literal l && Boolean.TRUE.equals(l.value())) return Optional.empty();
        if (e instanceof Literal l && Boolean.FALSE.equals(l.value())) {
            // only a whole condition folds to false, and the lowering has refused it (never-matches) already
            if (!refusals.refused()) refusals.fatal(e.span(), Reason.NEVER_MATCHES, "this condition can never hold");
            return Optional.empty();
        }
        if (e instanceof Not n) return leafOf(n.operand(), true);
        return leafOf(e, false);
    }

    private Optional<T> leafOf(Expr e, boolean negated) {
        List<Object[]> problems = new ArrayList<>();
        T written = leaf(e, negated, (span, reason, message) -> problems.add(new Object[] {span, reason, message}));
        if (problems.isEmpty() && written != null) return Optional.of(written);
        if (problems.isEmpty()) problems.add(new Object[] {e.span(), Reason.INTERNAL, "the target writer gave no text for this"});
        String predicate = (negated ? "not " : "") + Lowering.text(e);
        for (Object[] p : problems) {
            refusals.drop((Span) p[0], (Reason) p[1], predicate, (String) p[2]);
        }
        dropped = true;
        return Optional.empty();
    }
}
