package dev.ruleport.bench;

import dev.ruleport.compile.CompiledRule;
import dev.ruleport.interpret.Interpreter;
import dev.ruleport.ir.SequenceQuery;
import dev.ruleport.runtime.Event;
import dev.ruleport.runtime.matcher.RunOptions;
import dev.ruleport.runtime.matcher.SequenceRuleMatcher;
import dev.ruleport.runtime.matcher.SequenceSet;
import dev.ruleport.runtime.matcher.StatefulMatcher;
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
 * Sequence rules: each of {@link #RULES} corpus sequences runs over a batch of {@link #EVENTS} events
 * (sorted by timestamp, matched, pipes applied), by the generated matcher's {@code run} and by the
 * interpreter's. One operation = one event through one sequence rule.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
// hundreds of generated classes take the JIT about a minute to settle on a small machine
@Warmup(iterations = 15, time = 4)
@Measurement(iterations = 5, time = 4)
@Fork(1)
public class SequenceBenchmark {
    static final int EVENTS = 2_000;
    static final int RULES = 50;

    StatefulMatcher[] generated;
    Interpreter[] interpreted;
    SequenceSet set;
    List<Event> events;

    @Setup(Level.Trial)
    public void setup() {
        List<CompiledRule> rules = new ArrayList<>();
        for (CompiledRule r : Corpus.rules()) if (r.query() instanceof SequenceQuery) rules.add(r);
        Matchers m = new Matchers(rules);
        if (m.generated.size() < RULES) throw new IllegalStateException("only " + m.generated.size() + " sequence rules");
        generated = new StatefulMatcher[RULES];
        interpreted = new Interpreter[RULES];
        for (int i = 0; i < RULES; i++) {
            generated[i] = (StatefulMatcher) m.generated.get(i);
            interpreted[i] = m.interpreted.get(i);
        }
        events = Corpus.events(Corpus.literals(rules), EVENTS, 40, 7);
        int matches = 0;
        for (int i = 0; i < RULES; i++) {
            List<List<Event>> g = generated[i].run(events);
            if (!g.equals(interpreted[i].run(events))) throw new IllegalStateException("generated and interpreted disagree");
            matches += g.size();
        }
        List<SequenceRuleMatcher> members = new ArrayList<>();
        for (StatefulMatcher g : generated) members.add((SequenceRuleMatcher) g);
        set = new SequenceSet(members, RunOptions.defaults());
        List<List<List<Event>>> bySet = set.run(events);
        for (int i = 0; i < RULES; i++) {
            if (!bySet.get(i).equals(interpreted[i].run(events))) throw new IllegalStateException("sequence set and interpreter disagree");
        }
        System.out.printf("%n%d sequence rules x %d events, %d matches%n", RULES, EVENTS, matches);
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS * RULES)
    public int generated() {
        int n = 0;
        for (StatefulMatcher m : generated) n += m.run(events).size();
        return n;
    }

    /** The same generated classes run together: events ordered once, each offered to every rule with its fields read once. */
    @Benchmark
    @OperationsPerInvocation(EVENTS * RULES)
    public int generatedSet() {
        int n = 0;
        for (List<List<Event>> r : set.run(events)) n += r.size();
        return n;
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS * RULES)
    public int interpreted() {
        int n = 0;
        for (Interpreter m : interpreted) n += m.run(events).size();
        return n;
    }
}
