package dev.ruleport.runtime.matcher;

import dev.ruleport.runtime.Event;
import dev.ruleport.runtime.seq.Ordinal;
import dev.ruleport.runtime.seq.SequenceMatcher;
import dev.ruleport.runtime.seq.SequenceSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The base of generated {@code sequence} matchers: the generated class supplies the rule's
 * {@link SequenceSpec} (stage filters, join keys, {@code until}, {@code maxspan}); this class runs it
 * with {@link SequenceMatcher}, which keeps at most one partial match per join key and stage and drops
 * partial matches once they fall out of {@code maxspan}.
 */
public abstract class SequenceRuleMatcher implements StatefulMatcher {
    private final RuleInfo info;
    private final SequenceSpec<OrderedEvent> spec;
    private final List<dev.ruleport.runtime.seq.Pipe> pipes;
    private final RunOptions options;
    private final List<List<Event>> collected;
    private final SequenceMatcher<OrderedEvent> live;
    private long position;

    /**
     * @param sink where matches go as they become final; null to collect them for {@link #drain()}
     */
    protected SequenceRuleMatcher(RuleInfo info, SequenceSpec<OrderedEvent> spec, List<dev.ruleport.runtime.seq.Pipe> pipes,
                                  RunOptions options, Consumer<? super List<Event>> sink) {
        this.info = Objects.requireNonNull(info, "info");
        this.spec = Objects.requireNonNull(spec, "spec");
        this.pipes = List.copyOf(pipes);
        this.options = Objects.requireNonNull(options, "options");
        this.collected = sink == null ? new ArrayList<>() : null;
        Consumer<? super List<Event>> out = sink == null ? collected::add : sink;
        this.live = new SequenceMatcher<>(spec, m -> out.accept(Runs.unwrap(m.events())));
    }

    @Override
    public final RuleInfo info() {
        return info;
    }

    @Override
    public final List<dev.ruleport.runtime.seq.Pipe> pipes() {
        return pipes;
    }

    /** The compiled sequence. */
    public final SequenceSpec<OrderedEvent> spec() {
        return spec;
    }

    @Override
    public void accept(Event event) {
        Ordinal o = options.ordinal(event, position++);
        if (o.timestamp() == Long.MIN_VALUE) {
            return; // a sequence needs time
        }
        live.accept(new OrderedEvent(event, o));
    }

    /** Feeds an event whose ordinal the caller computed (events must arrive in ordinal order). */
    public void accept(OrderedEvent event) {
        live.accept(event);
    }

    @Override
    public void finish() {
        live.finish();
    }

    @Override
    public List<List<Event>> drain() {
        if (collected == null) {
            return List.of();
        }
        List<List<Event>> out = new ArrayList<>(collected);
        collected.clear();
        return out;
    }

    @Override
    public int pendingCount() {
        return live.pendingCount();
    }

    @Override
    public List<List<Event>> run(List<Event> events) {
        return Runs.sequences(spec, pipes, events, options);
    }
}
