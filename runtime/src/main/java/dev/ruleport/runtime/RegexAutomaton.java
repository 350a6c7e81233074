package dev.ruleport.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The matching engine behind {@link EqlRegex}: a Thompson NFA over code points, run as a DFA built
 * lazily (one DFA state per set of NFA states actually reached) with a bounded cache, and as a plain
 * set-of-states simulation once the cache is full. Time is linear in the value's length times the
 * automaton's size, whatever the pattern; nothing recurses over the input, so no value can exhaust
 * the stack.
 *
 * <p>A pattern may combine several whole-value automata ("leaves") with complement and intersection
 * ({@code ~(abc)}, {@code @&~(abc.+)}): all leaves run together in one simulation, each with its own
 * accepting state, and a {@link Verdict} over the set of leaves that accept decides the match.
 *
 * <p>Immutable apart from the DFA cache, which only grows (up to its budget) and is safe to share
 * between threads: a cached state is immutable, and a racy read of a transition slot sees either
 * nothing (the transition is then computed again, with the same result) or a complete state.
 */
final class RegexAutomaton {
    /** NFA state kinds. */
    static final byte SET = 0;    // consume one code point in sets[arg], then go to out
    static final byte SPLIT = 1;  // epsilon to out and out2
    static final byte EPS = 2;    // epsilon to out
    static final byte MATCH = 3;  // the leaf arg accepts here
    static final byte FAIL = 4;   // no way on (the empty language)

    /** Most NFA states one pattern may expand to (repetition counts multiply the size of their operand). */
    static final int MAX_STATES = 1 << 21;
    /** Transition slots (DFA states times character classes) the cache of one pattern may hold. */
    private static final int CACHE_SLOTS = 1 << 18;
    private static final int MAX_CACHED_STATES = 10_000;

    private final byte[] kind;
    private final int[] arg;
    private final int[] out;
    private final int[] out2;
    private final int[][] sets;       // code point sets: sorted, disjoint, non-adjacent [lo, hi] pairs
    private final int[] starts;       // one start state per leaf
    private final Verdict verdict;
    private final int leaves;

    // character classes: code points that every set treats alike; class i starts at classStarts[i]
    private final int[] classStarts;
    private final int[] asciiClass = new int[128];

    // the lazily built DFA
    private final ConcurrentHashMap<StateKey, DState> cache = new ConcurrentHashMap<>();
    private final AtomicInteger cached = new AtomicInteger();
    private final int maxCached;
    private final DState start;
    private final boolean deadVerdict;

    private RegexAutomaton(Builder b, int[] starts, Verdict verdict, int leaves) {
        int n = b.size;
        this.kind = Arrays.copyOf(b.kind, n);
        this.arg = Arrays.copyOf(b.arg, n);
        this.out = Arrays.copyOf(b.out, n);
        this.out2 = Arrays.copyOf(b.out2, n);
        this.sets = b.sets.toArray(new int[0][]);
        this.starts = starts;
        this.verdict = verdict;
        this.leaves = leaves;
        this.classStarts = classStarts(sets);
        for (int c = 0; c < 128; c++) {
            asciiClass[c] = classOfSlow(c);
        }
        this.maxCached = Math.max(16, Math.min(MAX_CACHED_STATES, CACHE_SLOTS / classStarts.length));
        this.deadVerdict = verdict.holds(new boolean[leaves]);
        Scratch scratch = new Scratch(n);
        for (int s : starts) {
            closure(s, scratch);
        }
        this.start = state(scratch, true);
    }

    /** The number of NFA states. */
    int size() {
        return kind.length;
    }

    /** Whole-value match of {@code value}. */
    boolean matches(String value) {
        DState s = start;
        Scratch scratch = null;
        int n = value.length();
        int i = 0;
        while (i < n) {
            if (s.dead) {
                return deadVerdict;
            }
            int cp = value.codePointAt(i);
            int cls = classOf(cp);
            DState t = s.next[cls];
            if (t == null) {
                if (scratch == null) {
                    scratch = new Scratch(kind.length);
                }
                scratch.clear();
                step(s.nfa, s.nfa.length, classStarts[cls], scratch);
                t = state(scratch, false);
                if (t == null) {
                    return simulate(s.nfa, value, i);
                }
                s.next[cls] = t;
            }
            i += Character.charCount(cp);
            s = t;
        }
        return s.dead ? deadVerdict : s.accepting;
    }

    /** The DFA state for the NFA states in {@code scratch}: cached, new (within budget), or null. */
    private DState state(Scratch scratch, boolean always) {
        int[] set = Arrays.copyOf(scratch.list, scratch.size);
        Arrays.sort(set);
        StateKey key = new StateKey(set);
        DState known = cache.get(key);
        if (known != null) {
            return known;
        }
        if (!always && cached.get() >= maxCached) {
            return null;
        }
        DState fresh = new DState(set, set.length == 0, accepts(set, set.length), classStarts.length);
        DState raced = cache.putIfAbsent(key, fresh);
        if (raced != null) {
            return raced;
        }
        cached.incrementAndGet();
        return fresh;
    }

    /** Runs the NFA from {@code states} over {@code value} from index {@code from}, without caching. */
    private boolean simulate(int[] states, String value, int from) {
        Scratch current = new Scratch(kind.length);
        Scratch next = new Scratch(kind.length);
        for (int s : states) {
            current.add(s);
        }
        int n = value.length();
        int i = from;
        while (i < n && current.size > 0) {
            int cp = value.codePointAt(i);
            i += Character.charCount(cp);
            next.clear();
            step(current.list, current.size, cp, next);
            Scratch t = current;
            current = next;
            next = t;
        }
        return accepts(current.list, current.size);
    }

    /** Adds to {@code into} the closure of every state reached from {@code states} on {@code cp}. */
    private void step(int[] states, int count, int cp, Scratch into) {
        for (int k = 0; k < count; k++) {
            int s = states[k];
            if (kind[s] == SET && contains(sets[arg[s]], cp)) {
                closure(out[s], into);
            }
        }
    }

    /** Adds the consuming and accepting states reachable from {@code s} through epsilon moves. */
    private void closure(int s, Scratch into) {
        into.push(s);
        while (into.top > 0) {
            int q = into.stack[--into.top];
            if (into.marked(q)) {
                continue;
            }
            into.mark(q);
            switch (kind[q]) {
                case SET, MATCH -> into.append(q);
                case SPLIT -> {
                    into.push(out2[q]);
                    into.push(out[q]);
                }
                case EPS -> into.push(out[q]);
                default -> { } // FAIL: a dead end
            }
        }
    }

    private boolean accepts(int[] states, int count) {
        boolean[] accepted = new boolean[leaves];
        for (int k = 0; k < count; k++) {
            if (kind[states[k]] == MATCH) {
                accepted[arg[states[k]]] = true;
            }
        }
        return verdict.holds(accepted);
    }

    private static boolean contains(int[] set, int cp) {
        int lo = 0;
        int hi = set.length / 2 - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (cp < set[2 * mid]) {
                hi = mid - 1;
            } else if (cp > set[2 * mid + 1]) {
                lo = mid + 1;
            } else {
                return true;
            }
        }
        return false;
    }

    private int classOf(int cp) {
        return cp < 128 ? asciiClass[cp] : classOfSlow(cp);
    }

    private int classOfSlow(int cp) {
        int i = Arrays.binarySearch(classStarts, cp);
        return i >= 0 ? i : -i - 2;
    }

    /** Every code point at which some set starts or stops containing code points, and 0. */
    private static int[] classStarts(int[][] sets) {
        int total = 1;
        for (int[] set : sets) {
            total += set.length;
        }
        int[] bounds = new int[total];
        int k = 0;
        bounds[k++] = 0;
        for (int[] set : sets) {
            for (int i = 0; i < set.length; i += 2) {
                bounds[k++] = set[i];
                bounds[k++] = set[i + 1] + 1;
            }
        }
        Arrays.sort(bounds);
        int unique = 0;
        for (int i = 0; i < bounds.length; i++) {
            if (bounds[i] <= Character.MAX_CODE_POINT && (unique == 0 || bounds[i] != bounds[unique - 1])) {
                bounds[unique++] = bounds[i];
            }
        }
        return Arrays.copyOf(bounds, unique);
    }

    // ------------------------------------------------------------------ verdicts over leaves

    /** How the leaves that accept the whole value decide the match. */
    sealed interface Verdict permits Leaf, Not, All, Any {
        boolean holds(boolean[] accepted);
    }

    record Leaf(int leaf) implements Verdict {
        @Override
        public boolean holds(boolean[] accepted) {
            return accepted[leaf];
        }
    }

    record Not(Verdict operand) implements Verdict {
        @Override
        public boolean holds(boolean[] accepted) {
            return !operand.holds(accepted);
        }
    }

    record All(List<Verdict> operands) implements Verdict {
        @Override
        public boolean holds(boolean[] accepted) {
            for (Verdict v : operands) {
                if (!v.holds(accepted)) {
                    return false;
                }
            }
            return true;
        }
    }

    record Any(List<Verdict> operands) implements Verdict {
        @Override
        public boolean holds(boolean[] accepted) {
            for (Verdict v : operands) {
                if (v.holds(accepted)) {
                    return true;
                }
            }
            return false;
        }
    }

    // ------------------------------------------------------------------ DFA states

    private static final class DState {
        final int[] nfa;
        final boolean dead;
        final boolean accepting;
        final DState[] next;

        DState(int[] nfa, boolean dead, boolean accepting, int classes) {
            this.nfa = nfa;
            this.dead = dead;
            this.accepting = accepting;
            this.next = new DState[classes];
        }
    }

    private record StateKey(int[] states) {
        @Override
        public boolean equals(Object o) {
            return o instanceof StateKey k && Arrays.equals(states, k.states);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(states);
        }
    }

    /**
     * A set of NFA states under construction: its consuming and accepting members in insertion order,
     * a mark for every state visited (epsilon states too), and the stack of the closure's walk.
     */
    private static final class Scratch {
        final long[] marks;
        int[] touched = new int[16];
        int touchedCount;
        int[] list = new int[16];
        int size;
        int[] stack = new int[16];
        int top;

        Scratch(int states) {
            marks = new long[(states + 63) >>> 6];
        }

        boolean marked(int s) {
            return (marks[s >>> 6] & (1L << s)) != 0;
        }

        void mark(int s) {
            marks[s >>> 6] |= 1L << s;
            if (touchedCount == touched.length) {
                touched = Arrays.copyOf(touched, touchedCount * 2);
            }
            touched[touchedCount++] = s;
        }

        void append(int s) {
            if (size == list.length) {
                list = Arrays.copyOf(list, size * 2);
            }
            list[size++] = s;
        }

        void push(int s) {
            if (top == stack.length) {
                stack = Arrays.copyOf(stack, top * 2);
            }
            stack[top++] = s;
        }

        /** Adds a state itself (no closure): it is already one of a set's members. */
        void add(int s) {
            if (!marked(s)) {
                mark(s);
                append(s);
            }
        }

        void clear() {
            for (int k = 0; k < touchedCount; k++) {
                marks[touched[k] >>> 6] = 0;
            }
            touchedCount = 0;
            size = 0;
            top = 0;
        }
    }

    // ------------------------------------------------------------------ construction

    /**
     * Builds the NFA with Thompson's construction. Every fragment has one start state and one end
     * state whose {@code out} is still open; {@link #patch} connects it.
     */
    static final class Builder {
        private byte[] kind = new byte[64];
        private int[] arg = new int[64];
        private int[] out = new int[64];
        private int[] out2 = new int[64];
        private int size;
        private final List<int[]> sets = new ArrayList<>();
        private final Map<StateKey, Integer> setIds = new HashMap<>();
        private final List<Integer> leafStarts = new ArrayList<>();

        /** A piece of automaton: its entry and the state whose {@code out} leads on. */
        record Fragment(int start, int end) {}

        private int add(byte k, int a, int o, int o2) {
            if (size == MAX_STATES) {
                throw new TooLarge();
            }
            if (size == kind.length) {
                int cap = Math.min(MAX_STATES, size * 2);
                kind = Arrays.copyOf(kind, cap);
                arg = Arrays.copyOf(arg, cap);
                out = Arrays.copyOf(out, cap);
                out2 = Arrays.copyOf(out2, cap);
            }
            kind[size] = k;
            arg[size] = a;
            out[size] = o;
            out2[size] = o2;
            return size++;
        }

        void patch(Fragment f, int target) {
            out[f.end()] = target;
        }

        /** One code point from {@code ranges} (sorted, disjoint, non-adjacent pairs). */
        Fragment set(int[] ranges) {
            Integer id = setIds.get(new StateKey(ranges));
            if (id == null) {
                id = sets.size();
                sets.add(ranges);
                setIds.put(new StateKey(ranges), id);
            }
            int s = add(SET, id, -1, -1);
            return new Fragment(s, s);
        }

        Fragment empty() {
            int s = add(EPS, 0, -1, -1);
            return new Fragment(s, s);
        }

        Fragment nothing() {
            int s = add(FAIL, 0, -1, -1);
            return new Fragment(s, s);
        }

        Fragment concat(Fragment a, Fragment b) {
            patch(a, b.start());
            return new Fragment(a.start(), b.end());
        }

        Fragment union(List<Fragment> alternatives) {
            int end = add(EPS, 0, -1, -1);
            int entry = -1;
            for (int i = alternatives.size() - 1; i >= 0; i--) {
                Fragment a = alternatives.get(i);
                patch(a, end);
                entry = entry < 0 ? a.start() : add(SPLIT, 0, a.start(), entry);
            }
            return new Fragment(entry, end);
        }

        /** {@code a*}. */
        Fragment star(Fragment a) {
            int end = add(EPS, 0, -1, -1);
            int loop = add(SPLIT, 0, a.start(), end);
            patch(a, loop);
            return new Fragment(loop, end);
        }

        /** {@code a?}. */
        Fragment optional(Fragment a) {
            int end = add(EPS, 0, -1, -1);
            int split = add(SPLIT, 0, a.start(), end);
            patch(a, end);
            return new Fragment(split, end);
        }

        /** Ends {@code f} in a new leaf's accepting state; returns the leaf's number. */
        int leaf(Fragment f) {
            int leaf = leafStarts.size();
            patch(f, add(MATCH, leaf, -1, -1));
            leafStarts.add(f.start());
            return leaf;
        }

        RegexAutomaton build(Verdict verdict) {
            int[] starts = new int[leafStarts.size()];
            for (int i = 0; i < starts.length; i++) {
                starts[i] = leafStarts.get(i);
            }
            return new RegexAutomaton(this, starts, verdict, starts.length);
        }
    }

    /** Thrown when a pattern expands to more than {@link #MAX_STATES} states. */
    static final class TooLarge extends RuntimeException {
        TooLarge() {
            super(null, null, false, false);
        }
    }
}
