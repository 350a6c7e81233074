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
     * Adds to {@code bits} the rules of every run that {@code value}, folded, contains; a run whose rules are all in
     * {@code bits} already is not compared.
     */
    void addTo(String value, long[] bits) {
        int n = value.length();
        if (n < shortest) return;
        char prev = FoldedTable.fold(value.charAt(0));
        for (int i = 1; i < n; i++) {
            char c = FoldedTable.fold(value.charAt(i));
            int b = bucket(prev, c);
            prev = c;
            int end = start[b + 1];
            for (int j = start[b]; j < end; j++) {
                int r = order[j];
                String run = runs[r];
                int from = i - 1;
                if (from + run.length() <= n && run.charAt(0) == FoldedTable.fold(value.charAt(from))
                        && run.charAt(1) == c && !RuleIndex.covers(bits, rules[r]) && matchesAt(run, value, from)) {
                    RuleIndex.or(bits, rules[r]);
                }
            }
        }
    }

    /** {@code run} (folded) equals the fold of {@code value} from {@code from}; its first two characters are known to. */
    private static boolean matchesAt(String run, String value, int from) {
        for (int k = 2, m = run.length(); k < m; k++) {
            if (run.charAt(k) != FoldedTable.fold(value.charAt(from + k))) return false;
        }
        return true;
    }
}
