package dev.ruleport.runtime.matcher;

import dev.ruleport.runtime.Event;
import dev.ruleport.runtime.seq.Ordering;
import dev.ruleport.runtime.seq.Pipe;
import dev.ruleport.runtime.seq.Pipes;
import dev.ruleport.runtime.seq.Sample;
import dev.ruleport.runtime.seq.SampleMatcher;
import dev.ruleport.runtime.seq.SampleSpec;
import dev.ruleport.runtime.seq.SequenceMatch;
import dev.ruleport.runtime.seq.SequenceMatcher;
import dev.ruleport.runtime.seq.SequenceSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Predicate;

/**
 * Batch runs of a query over a list of events: EQL's default order, which events a sequence sees, the
 * pipes and the size limit. The interpreter and generated matchers both run through here.
 */
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

    /** The events a sequence can use, in default order: those with a readable timestamp (a sequence needs time). */
    static List<OrderedEvent> timed(List<Event> events, RunOptions options) {
        List<OrderedEvent> out = new ArrayList<>(events.size());
        for (OrderedEvent p : ordered(events, options)) {
            if (p.ordinal().timestamp() != Long.MIN_VALUE) {
                out.add(p);
            }
        }
        return out;
    }

    /** The size limit as {@link Pipes} takes it. */
    static int size(RunOptions options) {
        return options.size() > 0 ? options.size() : Pipes.NO_SIZE;
    }

    /** A single-event rule over a batch. */
    public static List<List<Event>> events(EventMatcher matcher, List<Event> events, RunOptions options) {
        return events(matcher::matches, matcher.pipes(), events, options);
    }

    /** A single-event filter over a batch: the matching events in default order, one per result. */
    public static List<List<Event>> events(Predicate<Event> filter, List<Pipe> pipes, List<Event> events,
                                           RunOptions options) {
        List<List<Event>> results = new ArrayList<>();
        for (OrderedEvent p : ordered(events, options)) {
            if (filter.test(p.event())) {
                results.add(Collections.singletonList(p.event()));
            }
        }
        return Pipes.apply(results, pipes, size(options));
    }

    /**
     * A sequence over a batch, in default order; a sequence needs time, so events without a readable
     * timestamp take no part. Each result lists the events in stage order ({@code null} for a
     * missing-event stage).
     */
    public static List<List<Event>> sequences(SequenceSpec<OrderedEvent> spec, List<Pipe> pipes, List<Event> events,
                                              RunOptions options) {
        List<List<Event>> results = new ArrayList<>();
        for (SequenceMatch<OrderedEvent> m : SequenceMatcher.run(spec, timed(events, options))) {
            results.add(unwrap(m.events()));
        }
        return Pipes.apply(results, pipes, size(options));
    }

    /** A sample over a batch (samples do not depend on event order). */
    public static List<List<Event>> samples(SampleSpec<Event> spec, List<Pipe> pipes, List<Event> events,
                                            RunOptions options) {
        List<List<Event>> results = new ArrayList<>();
        for (Sample<Event> s : SampleMatcher.run(spec, events)) {
            results.add(new ArrayList<>(s.events()));
        }
        return Pipes.apply(results, pipes, size(options));
    }

    static List<Event> unwrap(List<OrderedEvent> ps) {
        List<Event> out = new ArrayList<>(ps.size());
        for (OrderedEvent p : ps) {
            out.add(p == null ? null : p.event());
        }
        return out;
    }
}
