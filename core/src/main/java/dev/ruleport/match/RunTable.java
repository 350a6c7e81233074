package dev.ruleport.match;

import java.util.ArrayList;
import java.util.List;

/**
 * Folded literal runs (of two characters or more), each with the rules it lets through, bucketed by their first two
 * characters: a value is searched once, position by position, and at each position only the runs that start with the
 * value's (folded) two characters there are compared, instead of every run searched over the whole value. The value is
 * folded as it is read, never copied. Built once, then immutable and thread-safe.
 */
final class RunTable {
    private static final int BUCKETS = 1024;

    private final String[] runs;       // folded
    private final char[][] chars;      // by run: its characters
    private final long[][] rules;      // by run
    private final int[] start;         // bucket b's runs are order[start[b] .. start[b + 1])
    private final int[] order;
    private final int shortest;

    RunTable(List<String> runs, List<long[]> rules) {
        if (runs.size() != rules.size()) throw new IllegalArgumentException("one rule set per run");
        this.runs = runs.toArray(new String[0]);
        this.rules = rules.toArray(new long[0][]);
        int min = Integer.MAX_VALUE;
        List<List<Integer>> byBucket = new ArrayList<>(BUCKETS);
        for (int b = 0; b < BUCKETS; b++) byBucket.add(new ArrayList<>(0));
        for (int r = 0; r < this.runs.length; r++) {
            String run = this.runs[r];
            if (run.length() < 2) throw new IllegalArgumentException("a run needs two characters: " + run);
            if (!dev.ruleport.runtime.CaseFold.fold(run).equals(run)) throw new IllegalArgumentException("not folded: " + run);
            min = Math.min(min, run.length());
            byBucket.get(bucket(run.charAt(0), run.charAt(1))).add(r);
        }
        shortest = min;
        chars = new char[this.runs.length][];
        for (int r = 0; r < chars.length; r++) chars[r] = this.runs[r].toCharArray();
        start = new int[BUCKETS + 1];
        order = new int[this.runs.length];
        int at = 0;
        for (int b = 0; b < BUCKETS; b++) {
            start[b] = at;
            for (int r : byBucket.get(b)) order[at++] = r;
        }
        start[BUCKETS] = at;
    }

    boolean isEmpty() { return runs.length == 0; }

    private static int bucket(char a, char b) { return (a * 61 + b) & (BUCKETS - 1); }

    /**
     * Adds to {@code bits} the rules of every run that the folded value {@code v[0, n)} contains; a run whose rules are
     * all in {@code bits} already is not compared.
     */
    void addTo(char[] v, int n, long[] bits) {
        if (n < shortest) return;
        int[] start = this.start;
        for (int i = 0; i + 1 < n; i++) {
            int b = bucket(v[i], v[i + 1]);
            int end = start[b + 1];
            for (int j = start[b]; j < end; j++) {
                int r = order[j];
                char[] run = chars[r];
                int m = run.length;
                if (i + m <= n && run[0] == v[i] && run[1] == v[i + 1] && !RuleIndex.covers(bits, rules[r])
                        && java.util.Arrays.equals(run, 2, m, v, i + 2, i + m)) {
                    RuleIndex.or(bits, rules[r]);
                }
            }
        }
    }
}
