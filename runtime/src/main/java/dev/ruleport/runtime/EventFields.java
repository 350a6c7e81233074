package dev.ruleport.runtime;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One event seen by many rules: each field's values are read from the tree at most once and then kept,
 * so that a rule set testing {@code host.os.type} in hundreds of rules reads it once per event. The
 * lists handed out are shared between readers and must not be modified.
 *
 * <p>Values sit in an array indexed by {@link FieldAccessor#id()} (one load per read; a hash table
 * measured markedly slower in the rule-set benchmark). {@link #reset} clears only the slots the last
 * event used.
 *
 * <p>Not thread-safe: one instance per event and thread; reuse it with {@link #reset}.
 */
public final class EventFields {
    private Event event;
    private Object[] slots;          // by FieldAccessor.id(): null = not read yet, else the value list
    private int[] touched = new int[16];
    private int touchedCount;

    public EventFields(Event event) {
        this.event = Objects.requireNonNull(event, "event");
        this.slots = new Object[Math.max(16, FieldAccessor.pathCount())];
    }

    /** Forgets the values read so far and moves to {@code next}. */
    public EventFields reset(Event next) {
        this.event = Objects.requireNonNull(next, "next");
        for (int i = 0; i < touchedCount; i++) {
            slots[touched[i]] = null;
        }
        touchedCount = 0;
        return this;
    }

    public Event event() {
        return event;
    }

    /** The values of {@code field} in this event, as {@link FieldAccessor#values(Event)}. */
    @SuppressWarnings("unchecked")
    public List<Object> values(FieldAccessor field) {
        int id = field.id();
        if (id >= slots.length) {
            // an accessor compiled after this cache was made
            slots = Arrays.copyOf(slots, Math.max(id + 1, 2 * slots.length));
        }
        Object cached = slots[id];
        if (cached == null) {
            cached = field.values(event);
            slots[id] = cached;
            if (touchedCount == touched.length) {
                touched = Arrays.copyOf(touched, 2 * touched.length);
            }
            touched[touchedCount++] = id;
        }
        return (List<Object>) cached;
    }
}
