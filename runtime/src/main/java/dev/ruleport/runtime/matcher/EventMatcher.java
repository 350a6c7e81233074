package dev.ruleport.runtime.matcher;

import dev.ruleport.runtime.Event;
import java.util.List;

/**
 * A single-event rule ({@code process where ...}). Stateless: {@link #matches} can be called from any
 * number of threads.
 */
public interface EventMatcher extends RuleMatcher {
    /** Does this one event match the rule? */
    boolean matches(Event event);

    /**
     * Runs the rule over a batch as the interpreter does: events sorted by timestamp, tiebreaker and
     * input position, matches in that order, pipes and the size limit applied. Each result is a list
     * of one event.
     */
    default List<List<Event>> run(List<Event> events, RunOptions options) {
        return Runs.events(this, events, options);
    }
}
