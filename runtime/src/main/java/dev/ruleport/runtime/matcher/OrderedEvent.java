package dev.ruleport.runtime.matcher;

import dev.ruleport.runtime.Event;
import dev.ruleport.runtime.EventFields;
import dev.ruleport.runtime.seq.Ordinal;

/**
 * An event with its position in EQL's default order, and optionally the field cache of the event when
 * many rules read it ({@link SequenceSet}); generated stage filters read through the cache when there
 * is one.
 */
public record OrderedEvent(Event event, Ordinal ordinal, EventFields fields) {
    public OrderedEvent(Event event, Ordinal ordinal) {
        this(event, ordinal, null);
    }

    /**
     * The same event and position, its fields read through {@code cache} (which must hold this event,
     * and may move on to the next one once this event has been offered: read it only while offering).
     */
    public OrderedEvent withFields(EventFields cache) {
        return new OrderedEvent(event, ordinal, cache);
    }
}
