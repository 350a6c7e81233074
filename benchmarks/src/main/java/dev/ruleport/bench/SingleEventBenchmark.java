package dev.ruleport.bench;

import dev.ruleport.backend.CompiledRule;
import dev.ruleport.interpret.Interpreter;
import dev.ruleport.ir.EventQuery;
import dev.ruleport.runtime.Event;
import dev.ruleport.runtime.matcher.EventMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Single-event rules: every corpus event rule evaluated on every event of a batch of already-parsed
 * ECS events, by the generated matcher and by the interpreter. One operation = one rule evaluated on
 * one event, so the score is rule-evaluations per second (one thread).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SingleEventBenchmark {
    static final int EVENTS = 200;
    /** Rule-evaluations per invocation: rules × events (set in setup; JMH needs the constant below). */
    static final int OPS = 100_000;

    EventMatcher[] generated;
    Interpreter[] interpreted;
    Event[] events;

    @Setup(Level.Trial)
    public void setup() {
        List<CompiledRule> rules = new ArrayList<>();
        for (CompiledRule r : Corpus.rules()) if (r.query() instanceof EventQuery) rules.add(r);
        Matchers m = new Matchers(rules);
        List<Event> evs = Corpus.events(Corpus.literals(rules), EVENTS, 40, 42);
        // exactly OPS evaluations per invocation: the first OPS / EVENTS rules
        int n = Math.min(m.generated.size(), OPS / EVENTS);
        generated = new EventMatcher[n];
        interpreted = new Interpreter[n];
        for (int i = 0; i < n; i++) {
            generated[i] = (EventMatcher) m.generated.get(i);
            interpreted[i] = m.interpreted.get(i);
        }
        events = evs.toArray(new Event[0]);
        int agree = 0;
        int hits = 0;
        for (int i = 0; i < n; i++) {
            for (Event e : events) {
                boolean g = generated[i].matches(e);
                if (g == interpreted[i].matches(e)) agree++;
                if (g) hits++;
            }
        }
        if (agree != n * events.length) throw new IllegalStateException("generated and interpreted disagree");
        System.out.printf("%n%d rules x %d events, %d matches%n", n, events.length, hits);
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public int generated() {
        int hits = 0;
        for (EventMatcher m : generated) {
            for (Event e : events) if (m.matches(e)) hits++;
        }
        return hits;
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public int interpreted() {
        int hits = 0;
        for (Interpreter m : interpreted) {
            for (Event e : events) if (m.matches(e)) hits++;
        }
        return hits;
    }
}
