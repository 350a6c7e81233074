package dev.ruleport.lower;

import dev.ruleport.ir.SequenceTerm;
import java.util.List;

/**
 * One term of a sequence (or sample) lowered: its filter on a log source and its join keys (header keys then
 * its own, by position; dropped positions removed, the same in every term).
 */
public record LoweredTerm(SequenceTerm term, LoweredFilter filter, List<JoinKey> keys) {
    public LoweredTerm { keys = List.copyOf(keys); }

    public int runs() { return term.runs(); }

    public boolean missing() { return term.missing(); }
}
