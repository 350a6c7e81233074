package dev.ruleport.runtime.seq;

import java.util.List;

/**
 * Computes an event's join-key tuples for one stage (or the {@code until} term, or one sample filter).
 *
 * <p>Contract:
 * <ul>
 *   <li>Each tuple is a {@code List<Object>} with one element per join key (header keys followed by the
 *       term's own keys, by position). Tuples are compared with {@code equals}/{@code hashCode}, so the
 *       caller normalises values (e.g. all integral numbers as {@code Long}).</li>
 *   <li>Multi-valued keys fan out: one tuple per combination of values ({@link JoinKeys#fanOut}).
 *       Duplicate tuples are ignored by the engines.</li>
 *   <li>An empty list means the event has no usable key (a required key is missing): it takes no part
 *       in the stage. A key that is allowed to be null ({@code ?optional}) is a tuple containing
 *       {@code null}; use a list type that permits null elements (not {@code List.of}).</li>
 *   <li>A keyless query returns one empty tuple: {@link #none()}.</li>
 * </ul>
 * The returned lists are not retained beyond the call except as map keys, so they must not be mutated
 * afterwards.
 */
@FunctionalInterface
public interface KeyExtractor<E> {

    /** The join-key tuples of {@code event}; never {@code null}. */
    List<List<Object>> keys(E event);

    /** The extractor for queries without join keys: every event yields the single empty tuple. */
    static <E> KeyExtractor<E> none() {
        return e -> JoinKeys.NO_KEY;
    }
}
