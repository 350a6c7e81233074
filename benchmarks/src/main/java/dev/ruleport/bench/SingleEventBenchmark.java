package dev.ruleport.bench;

import dev.ruleport.compile.CompiledRule;
import dev.ruleport.interpret.Interpreter;
import dev.ruleport.ir.EventQuery;
import dev.ruleport.runtime.Event;
import dev.ruleport.runtime.matcher.EventMatcher;
import dev.ruleport.runtime.matcher.EventRuleSet;
import dev.ruleport.runtime.matcher.RuleInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
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
 * Single-event rules: every event of a batch of already-parsed ECS events decided for every corpus
 * single-event rule, as a stream processor would (event by event, all rules per event), three ways: the
 * interpreter of each rule, the generated class of each rule ({@code matches(Event)}), and the generated
 * rule set over all of them (one call per event). One operation = one event through all the rules, so
 * the score is events per second; times the rule count (printed at setup) it is rule-evaluations per
 * second (one thread).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
// hundreds of generated classes take the JIT about a minute to settle on a small machine
@Warmup(iterations = 15, time = 4)
@Measurement(iterations = 5, time = 4)
@Fork(1)
public class SingleEventBenchmark {
    static final int EVENTS = 200;

    EventMatcher[] generated;
    Interpreter[] interpreted;
    EventRuleSet ruleSet;
    Event[] events;

    @Setup(Level.Trial)
    public void setup() {
        List<CompiledRule> rules = new ArrayList<>();
        for (CompiledRule r : Corpus.rules()) if (r.query() instanceof EventQuery) rules.add(r);
        Matchers m = new Matchers(rules);
        int n = m.generated.size();
        if (m.ruleSet == null || m.ruleSet.rules().size() != n) {
            throw new IllegalStateException("the rule set does not hold the same rules as the classes");
        }
        generated = new EventMatcher[n];
        interpreted = new Interpreter[n];
        for (int i = 0; i < n; i++) {
            generated[i] = (EventMatcher) m.generated.get(i);
            interpreted[i] = m.interpreted.get(i);
        }
        ruleSet = m.ruleSet;
        events = Corpus.events(Corpus.literals(rules), EVENTS, 40, 42).toArray(new Event[0]);
        // all three must give the same verdicts (the rule set's indexes follow its own order)
        Map<RuleInfo, Integer> position = new HashMap<>();
        for (int i = 0; i < n; i++) position.put(generated[i].info(), i);
        int hits = 0;
        for (Event e : events) {
            boolean[] bySet = new boolean[n];
            List<RuleInfo> setRules = ruleSet.rules();
            ruleSet.match(e, i -> bySet[position.get(setRules.get(i))] = true);
            for (int i = 0; i < n; i++) {
                boolean g = generated[i].matches(e);
                if (g != interpreted[i].matches(e) || g != bySet[i]) throw new IllegalStateException("generated and interpreted disagree");
                if (g) hits++;
            }
        }
        System.out.printf("%n%d rules x %d events, %d matches; one operation = one event through all %d rules%n",
                n, events.length, hits, n);
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public int interpreted() {
        int hits = 0;
        for (Event e : events) {
            for (Interpreter m : interpreted) if (m.matches(e)) hits++;
        }
        return hits;
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public int generated() {
        int hits = 0;
        for (Event e : events) {
            for (EventMatcher m : generated) if (m.matches(e)) hits++;
        }
        return hits;
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public int generatedRuleSet() {
        int[] hits = {0};
        for (Event e : events) ruleSet.match(e, i -> hits[0]++);
        return hits[0];
    }
}
