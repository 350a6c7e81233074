package dev.ruleport.runtime.matcher;

import dev.ruleport.runtime.Event;
import dev.ruleport.runtime.seq.Ordering;
import dev.ruleport.runtime.seq.Pipes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Batch runs of generated matchers, with the interpreter's ordering, pipe and size rules. */
public final class Runs {
    private Runs() {
    }

    /** Events with their ordinals (position = index in {@code events}), sorted into EQL's default order. */
    public static List<OrderedEvent> ordered(List<Event> events, RunOptions options) {
        List<OrderedEvent> positioned = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            positioned.add(new OrderedEvent(events.get(i), options.ordinal(events.get(i), i)));
        }
        return Ordering.sortByOrdinal(positioned, OrderedEvent::ordinal);
    }

    /** The size limit as {@link Pipes} takes it. */
    static int size(RunOptions options) {
        return options.size() > 0 ? options.size() : Pipes.NO_SIZE;
    }

    /** A single-event rule over a batch. */
    public static List<List<Event>> events(EventMatcher matcher, List<Event> events, RunOptions options) {
        List<List<Event>> results = new ArrayList<>();
        for (OrderedEvent p : ordered(events, options)) {
            if (matcher.matches(p.event())) {
                results.add(Collections.singletonList(p.event()));
            }
        }
        return Pipes.apply(results, matcher.pipes(), size(options));
    }

    static List<Event> unwrap(List<OrderedEvent> ps) {
        List<Event> out = new ArrayList<>(ps.size());
        for (OrderedEvent p : ps) {
            out.add(p == null ? null : p.event());
        }
        return out;
    }
}
