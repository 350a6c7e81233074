package dev.ruleport.bench;

import dev.ruleport.compile.CompiledRule;
import dev.ruleport.interpret.Interpreter;
import dev.ruleport.ir.EventQuery;
import dev.ruleport.runtime.Event;
import dev.ruleport.runtime.matcher.EventMatcher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A rough per-rule cost listing (not a JMH benchmark): the single-event rules whose generated matcher
 * costs most per event, with the interpreter's cost beside it. Run with
 * {@code java -cp benchmarks/target/benchmarks.jar dev.ruleport.bench.RuleCosts [top] [rules] [rounds]}.
 */
public final class RuleCosts {
    private RuleCosts() {}

    public static void main(String[] args) {
        int top = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int limit = args.length > 1 ? Integer.parseInt(args[1]) : Integer.MAX_VALUE;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 6;
        List<CompiledRule> rules = new ArrayList<>();
        for (CompiledRule r : Corpus.rules()) if (r.query() instanceof EventQuery && rules.size() < limit) rules.add(r);
        Matchers m = new Matchers(rules);
        Event[] events = Corpus.events(Corpus.literals(rules), 200, 40, 42).toArray(new Event[0]);
        int n = m.generated.size();
        long[] gen = new long[n];
        long[] interp = new long[n];
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < n; i++) {
                EventMatcher g = (EventMatcher) m.generated.get(i);
                Interpreter in = m.interpreted.get(i);
                long t0 = System.nanoTime();
                for (int k = 0; k < 20; k++) for (Event e : events) g.matches(e);
                long t1 = System.nanoTime();
                for (int k = 0; k < 20; k++) for (Event e : events) in.matches(e);
                long t2 = System.nanoTime();
                if (round >= rounds / 2) {
                    gen[i] += t1 - t0;
                    interp[i] += t2 - t1;
                }
            }
        }
        long totalGen = 0;
        long totalInterp = 0;
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
            totalGen += gen[i];
            totalInterp += interp[i];
        }
        double evals = (rounds - rounds / 2) * 20.0 * events.length;
        System.out.printf("%d rules: generated %.1f ns/eval, interpreted %.1f ns/eval (ratio %.2f)%n", n,
                totalGen / evals / n, totalInterp / evals / n, (double) totalInterp / totalGen);
        order.sort(Comparator.comparingLong((Integer i) -> -gen[i]));
        for (int k = 0; k < Math.min(top, n); k++) {
            int i = order.get(k);
            System.out.printf("%8.1f ns  %8.1f ns  %s%n", gen[i] / evals, interp[i] / evals, m.rules.get(i).rule().file());
        }
    }
}
