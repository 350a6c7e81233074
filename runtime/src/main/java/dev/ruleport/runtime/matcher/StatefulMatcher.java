package dev.ruleport.runtime.matcher;

import dev.ruleport.runtime.Event;
import java.util.List;

/**
 * A sequence or sample rule: fed events one at a time, emitting matches (each a list of events in
 * stage order, {@code null} for a missing-event stage). Not thread-safe: one instance per stream.
 */
public interface StatefulMatcher extends RuleMatcher {
    /**
     * Feeds the next event. Sequences need events in timestamp order (then tiebreaker); an event
     * without a readable timestamp takes no part in a sequence. Samples take events in any order.
     */
    void accept(Event event);

    /** Ends the stream: pending decisions are settled and the last matches emitted. */
    void finish();

    /** The matches emitted so far and not yet drained (empty when the matcher was given a sink). */
    List<List<Event>> drain();

    /** The number of partial matches held in memory. */
    int pendingCount();

    /**
     * Runs the rule over a whole batch (any order; sorted first), independent of this instance's
     * streaming state, and applies the pipes and the size limit as the interpreter does.
     */
    List<List<Event>> run(List<Event> events);
}
