package dev.ruleport.lower;

import dev.ruleport.ir.SequenceQuery;
import dev.ruleport.ir.TimeSpan;
import java.util.ArrayList;
import java.util.List;

/**
 * A sequence lowered: its terms as written (with {@code runs} and missing-event terms), the {@code until} term,
 * and {@code maxspan}. {@link #stages()} expands {@code runs=N} into N stages, as the semantics count them.
 */
public record LoweredSequence(SequenceQuery source, List<LoweredTerm> terms, LoweredTerm until, TimeSpan maxspan) {
    public LoweredSequence { terms = List.copyOf(terms); }

    /** The present (not missing-event) terms with {@code runs} expanded: one entry per stage. */
    public List<LoweredTerm> stages() {
        List<LoweredTerm> out = new ArrayList<>();
        for (LoweredTerm t : terms) {
            if (t.missing()) continue;
            for (int i = 0; i < t.runs(); i++) out.add(t);
        }
        return out;
    }

    /** The terms that are {@code ![...]}. */
    public List<LoweredTerm> missingTerms() {
        return terms.stream().filter(LoweredTerm::missing).toList();
    }

    /** How many join keys every stage has (after dropped ones). */
    public int keyCount() { return terms.isEmpty() ? 0 : terms.get(0).keys().size(); }

    /** Every term that selects events, until included. */
    public List<LoweredTerm> allTerms() {
        List<LoweredTerm> out = new ArrayList<>(terms);
        if (until != null) out.add(until);
        return out;
    }
}
