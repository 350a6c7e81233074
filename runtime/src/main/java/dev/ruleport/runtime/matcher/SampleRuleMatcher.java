package dev.ruleport.runtime.matcher;

import dev.ruleport.runtime.Event;
import dev.ruleport.runtime.seq.Sample;
import dev.ruleport.runtime.seq.SampleMatcher;
import dev.ruleport.runtime.seq.SampleSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The base of generated {@code sample} matchers: the generated class supplies the filters with their
 * join keys; the request settings ({@code size}, {@code max_samples_per_key}) come from
 * {@link RunOptions}. Samples are decided when the stream ends ({@link #finish()}), as in
 * Elasticsearch, which orders them by key; memory is bounded per key by
 * {@code filters + max_samples_per_key - 1} events per filter.
 */
public abstract class SampleRuleMatcher implements StatefulMatcher {
    private final RuleInfo info;
    private final SampleSpec<Event> spec;
    private final List<dev.ruleport.runtime.seq.Pipe> pipes;
    private final RunOptions options;
    private final Consumer<? super List<Event>> sink;
    private final List<List<Event>> collected = new ArrayList<>();
    private SampleMatcher<Event> live;

    protected SampleRuleMatcher(RuleInfo info, List<SampleSpec.Filter<Event>> filters, List<dev.ruleport.runtime.seq.Pipe> pipes,
                                RunOptions options, Consumer<? super List<Event>> sink) {
        this.info = Objects.requireNonNull(info, "info");
        this.pipes = List.copyOf(pipes);
        this.options = Objects.requireNonNull(options, "options");
        SampleSpec.Builder<Event> b = SampleSpec.builder();
        for (SampleSpec.Filter<Event> f : filters) {
            b.filter(f.filter(), f.keys());
        }
        b.maxSamplesPerKey(Math.max(1, options.maxSamplesPerKey()));
        if (options.size() > 0) {
            b.size(options.size());
        }
        this.spec = b.build();
        this.sink = sink;
        this.live = new SampleMatcher<>(spec);
    }

    @Override
    public final RuleInfo info() {
        return info;
    }

    @Override
    public final List<dev.ruleport.runtime.seq.Pipe> pipes() {
        return pipes;
    }

    /** The compiled sample: its filters with their join keys, and the limits from the run options. */
    public final SampleSpec<Event> spec() {
        return spec;
    }

    @Override
    public void accept(Event event) {
        live.accept(event);
    }

    /** Emits the samples, ordered by join key; the matcher can then take a new stream. */
    @Override
    public void finish() {
        for (Sample<Event> s : live.finish()) {
            List<Event> events = List.copyOf(s.events());
            if (sink != null) {
                sink.accept(events);
            } else {
                collected.add(events);
            }
        }
        live = new SampleMatcher<>(spec);
    }

    @Override
    public List<List<Event>> drain() {
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
        return Runs.samples(spec, pipes, events, options);
    }
}
