package dev.ruleport.runtime.seq;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Streaming matcher for an EQL {@code sequence}, with Elasticsearch semantics.
 *
 * <p>Feed events <b>in ordinal order</b> with {@link #accept(Object)}, then call {@link #finish()}.
 * Matches go to the sink given at construction (or are collected, see {@link #SequenceMatcher(SequenceSpec)}
 * and {@link #drain()}). By default matches are emitted in the order of their first event; a match is
 * held back while a sequence that started earlier may still complete.
 *
 * <h2>Semantics</h2>
 * <ul>
 *   <li><b>Order.</b> Each stage's event comes strictly after the previous stage's event. Events with
 *       equal ordinals are ordered by arrival.</li>
 *   <li><b>One pending sequence per key and stage.</b> For a join key, a stage holds at most one
 *       in-flight sequence; a newer one reaching the stage replaces it ({@code A1 A2 B3} gives
 *       {@code A2 B3}). When an event advances a sequence from stage {@code i} it takes that stage's
 *       sequence and empties the slot, so a later event cannot advance it again
 *       ({@code A1 B2 B3 B4} gives {@code A1 B2}). This equals Elasticsearch's "take the latest
 *       sequence before the event and trim the older ones", because events arrive in order.</li>
 *   <li><b>One event, several stages.</b> An event that satisfies several stages is tried on the
 *       stages from last to first, against the state before the event: it can complete or advance a
 *       pending sequence and also start a new one, but never chain with itself
 *       ({@code [any where true] [any where true]} over e1 e2 e3 gives {@code e1 e2} and {@code e2 e3}).
 *       This mirrors Elasticsearch, which queries each stage separately and only pairs an event with
 *       strictly earlier ones.</li>
 *   <li><b>Completed matches are final</b>; nothing that arrives later removes them.</li>
 *   <li><b>maxspan</b> is inclusive and measured from the first positive event:
 *       {@code ts(event) - ts(first) <= maxspan}. A sequence that can no longer satisfy it is dropped
 *       as soon as time passes beyond it, which keeps memory bounded.</li>
 *   <li><b>until.</b> An {@code until} event with the same key drops that key's in-flight sequences
 *       (all stages). It is applied after the event's own stage matching: an event that is both an
 *       {@code until} event and a stage event can still complete a sequence, but a sequence it starts
 *       or advances (without completing) is dropped, as Elasticsearch's inclusive
 *       {@code Ordinal.between} check does.</li>
 *   <li><b>Missing events</b> ({@code ![...]}): positive stages are matched as if the missing stages
 *       were absent; a completed candidate is then checked like Elasticsearch's
 *       {@code TumblingWindow.doCheckMissingEvents}:
 *       <ul>
 *         <li>middle: rejected if an event of a missing stage between two positive stages, with the
 *             same key, has a timestamp strictly between theirs (timestamps, not ordinals). Such a
 *             sequence keeps moving through the stages (and replacing others) and is only rejected on
 *             completion, exactly as in Elasticsearch;</li>
 *         <li>leading only: rejected if the latest leading event before the first positive event
 *             (timestamp strictly less) lies within maxspan of the <em>last</em> positive event;</li>
 *         <li>trailing only: rejected if the first trailing event after the last positive event
 *             (timestamp strictly greater) lies within maxspan of the <em>first</em> positive event;</li>
 *         <li>leading and trailing: accepted when no leading event exists; otherwise rejected when the
 *             first trailing event is within maxspan of the latest leading event (the leading/trailing
 *             pair would make a full sequence).</li>
 *       </ul>
 *       Trailing checks wait until a trailing event arrives or time passes the bound; {@link #finish()}
 *       accepts whatever is still waiting.</li>
 * </ul>
 *
 * <h2>Memory</h2>
 * In-flight state is at most one sequence per live key and positive stage. With maxspan, sequences,
 * trailing checks and leading-event markers expire as time advances, so {@link #pendingCount()} is
 * bounded by the number of keys active within one maxspan. Without maxspan, in-flight sequences live
 * until replaced, completed or dropped by {@code until}, and ordered output may be delayed until
 * {@link #finish()} (use {@link SequenceSpec.Builder#emitInCompletionOrder()} to avoid that).
 *
 * <p>Instances are not thread-safe; use one matcher per input stream.
 *
 * @param <E> the event type
 */
public final class SequenceMatcher<E> {

    private static final int IN_FLIGHT = 0;
    private static final int AWAITING_TRAILING = 1;
    private static final int DONE = 2;

    // ---- compiled spec ----
    private final Function<? super E, Ordinal> ordinalOf;
    private final int stageCount;
    private final int positiveCount;
    private final int[] positiveStage;               // stage index of each positive stage
    private final Predicate<? super E>[] positiveFilter;
    private final KeyExtractor<? super E>[] positiveKeys;
    private final Predicate<? super E>[] middleFilter; // middle missing stages
    private final KeyExtractor<? super E>[] middleKeys;
    private final int[] middleGap;                     // positive index before the gap
    private final Predicate<? super E>[] leadingFilter;
    private final KeyExtractor<? super E>[] leadingKeys;
    private final Predicate<? super E>[] trailingFilter;
    private final KeyExtractor<? super E>[] trailingKeys;
    private final boolean hasLeading;
    private final boolean hasTrailing;
    private final SequenceSpec.Until<E> until;
    private final long maxSpan;
    private final boolean completionOrder;

    // ---- output ----
    private final Consumer<? super SequenceMatch<E>> sink;
    private final List<SequenceMatch<E>> collected;

    // ---- state ----
    private final Map<List<Object>, KeyState> keys = new HashMap<>();
    /** In-flight and awaiting sequences, linked in order of their first event. */
    private Run head;
    private Run tail;
    private int linked;
    /** Sequences awaiting a trailing check, by deadline (lazy removal). */
    private final PriorityQueue<Run> deadlines = new PriorityQueue<>((a, b) -> Long.compare(a.deadline, b.deadline));
    /** Accepted matches not yet emitted, by (first event arrival, completion). */
    private final PriorityQueue<Done<E>> ready = new PriorityQueue<>();
    /** Per key: latest timestamps of leading missing-stage events. */
    private final LinkedHashMap<List<Object>, long[]> leadingIndex = new LinkedHashMap<>();

    private long arrivals;
    private long completions;
    private Ordinal lastOrdinal;
    private boolean finished;

    /** A matcher that sends each match to {@code sink}. */
    public SequenceMatcher(SequenceSpec<E> spec, Consumer<? super SequenceMatch<E>> sink) {
        this(spec, Objects.requireNonNull(sink, "sink"), null);
    }

    /** A matcher that collects its matches; read them with {@link #drain()}. */
    public SequenceMatcher(SequenceSpec<E> spec) {
        this(spec, null, new ArrayList<>());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private SequenceMatcher(SequenceSpec<E> spec, Consumer<? super SequenceMatch<E>> sink, List<SequenceMatch<E>> collected) {
        this.sink = sink != null ? sink : collected::add;
        this.collected = collected;
        this.ordinalOf = spec.ordinal();
        this.until = spec.until();
        this.maxSpan = spec.maxSpanMillis();
        this.completionOrder = spec.completionOrder();
        List<SequenceSpec.Stage<E>> stages = spec.stages();
        this.stageCount = stages.size();

        List<Integer> pos = new ArrayList<>();
        for (int i = 0; i < stageCount; i++) {
            if (!stages.get(i).missing()) {
                pos.add(i);
            }
        }
        positiveCount = pos.size();
        positiveStage = new int[positiveCount];
        positiveFilter = new Predicate[positiveCount];
        positiveKeys = new KeyExtractor[positiveCount];
        for (int j = 0; j < positiveCount; j++) {
            positiveStage[j] = pos.get(j);
            positiveFilter[j] = stages.get(pos.get(j)).filter();
            positiveKeys[j] = stages.get(pos.get(j)).keys();
        }
        int first = positiveStage[0];
        int last = positiveStage[positiveCount - 1];
        List<SequenceSpec.Stage<E>> lead = new ArrayList<>();
        List<SequenceSpec.Stage<E>> trail = new ArrayList<>();
        List<SequenceSpec.Stage<E>> middle = new ArrayList<>();
        List<Integer> gaps = new ArrayList<>();
        int gap = -1;
        for (int i = 0; i < stageCount; i++) {
            SequenceSpec.Stage<E> s = stages.get(i);
            if (!s.missing()) {
                gap++;
            } else if (i < first) {
                lead.add(s);
            } else if (i > last) {
                trail.add(s);
            } else {
                middle.add(s);
                gaps.add(gap);
            }
        }
        leadingFilter = lead.stream().map(SequenceSpec.Stage::filter).toArray(Predicate[]::new);
        leadingKeys = lead.stream().map(SequenceSpec.Stage::keys).toArray(KeyExtractor[]::new);
        trailingFilter = trail.stream().map(SequenceSpec.Stage::filter).toArray(Predicate[]::new);
        trailingKeys = trail.stream().map(SequenceSpec.Stage::keys).toArray(KeyExtractor[]::new);
        middleFilter = middle.stream().map(SequenceSpec.Stage::filter).toArray(Predicate[]::new);
        middleKeys = middle.stream().map(SequenceSpec.Stage::keys).toArray(KeyExtractor[]::new);
        middleGap = gaps.stream().mapToInt(Integer::intValue).toArray();
        hasLeading = !lead.isEmpty();
        hasTrailing = !trail.isEmpty();
    }

    /**
     * Feeds the next event. Events must come in non-decreasing ordinal order.
     *
     * @throws IllegalArgumentException if the event's ordinal is before the previous event's
     * @throws IllegalStateException    after {@link #finish()}
     */
    public void accept(E event) {
        if (finished) {
            throw new IllegalStateException("accept() after finish()");
        }
        Ordinal ordinal = ordinalOf.apply(event);
        if (lastOrdinal != null && ordinal.compareTo(lastOrdinal) < 0) {
            throw new IllegalArgumentException("events must be fed in ordinal order: " + ordinal + " after " + lastOrdinal);
        }
        lastOrdinal = ordinal;
        long seq = arrivals++;
        long now = ordinal.timestamp();

        advanceTime(now);

        // 1. trailing missing-stage events settle waiting checks
        for (int i = 0; i < trailingFilter.length; i++) {
            if (trailingFilter[i].test(event)) {
                for (List<Object> key : trailingKeys[i].keys(event)) {
                    KeyState ks = keys.get(key);
                    if (ks != null && ks.awaiting != null && !ks.awaiting.isEmpty()) {
                        trailingEvent(ks, now);
                    }
                }
            }
        }
        // 2. leading missing-stage events are remembered per key
        for (int i = 0; i < leadingFilter.length; i++) {
            if (leadingFilter[i].test(event)) {
                for (List<Object> key : leadingKeys[i].keys(event)) {
                    recordLeading(key, now);
                }
            }
        }
        // 3. middle missing-stage events mark the sequences waiting across their gap
        for (int i = 0; i < middleFilter.length; i++) {
            if (middleFilter[i].test(event)) {
                int g = middleGap[i];
                for (List<Object> key : middleKeys[i].keys(event)) {
                    KeyState ks = keys.get(key);
                    if (ks != null) {
                        Run r = ks.slots[g];
                        // only events strictly after the gap's opening event count (ES range "gt")
                        if (r != null && now > r.lastTs && r.gapEventTs == Long.MAX_VALUE) {
                            r.gapEventTs = now;
                        }
                    }
                }
            }
        }
        // 4. positive stages, last to first, so that an event never chains with itself
        for (int j = positiveCount - 1; j >= 0; j--) {
            if (!positiveFilter[j].test(event)) {
                continue;
            }
            List<List<Object>> tuples = positiveKeys[j].keys(event);
            for (int t = 0, n = tuples.size(); t < n; t++) {
                List<Object> key = tuples.get(t);
                if (isDuplicate(tuples, t)) {
                    continue;
                }
                if (j == 0) {
                    start(key, event, seq, now);
                } else {
                    advance(j, key, event, now);
                }
            }
        }
        // 5. until drops the key's in-flight sequences (after stage matching, see class comment)
        if (until != null && until.filter().test(event)) {
            for (List<Object> key : until.keys().keys(event)) {
                dropInFlight(key);
            }
        }
        flush();
    }

    /**
     * Ends the input: sequences waiting for a trailing missing-event check are accepted (no trailing
     * event came), in-flight sequences are discarded, and all held-back matches are emitted.
     * Further calls do nothing.
     */
    public void finish() {
        if (finished) {
            return;
        }
        finished = true;
        for (Run r = head; r != null; ) {
            Run next = r.next;
            if (r.state == AWAITING_TRAILING) {
                acceptRun(r);
            } else {
                discard(r);
            }
            r = next;
        }
        deadlines.clear();
        leadingIndex.clear();
        keys.clear();
        flush();
    }

    /**
     * Returns the matches collected so far and clears them (only for a matcher built without a sink).
     *
     * @throws IllegalStateException if this matcher was built with a sink
     */
    public List<SequenceMatch<E>> drain() {
        if (collected == null) {
            throw new IllegalStateException("this matcher sends its matches to a sink");
        }
        List<SequenceMatch<E>> out = new ArrayList<>(collected);
        collected.clear();
        return out;
    }

    /**
     * Convenience: feeds all events (already in ordinal order), finishes, and returns the matches in
     * order of their first event.
     */
    public static <E> List<SequenceMatch<E>> run(SequenceSpec<E> spec, Iterable<? extends E> orderedEvents) {
        SequenceMatcher<E> m = new SequenceMatcher<>(spec);
        for (E e : orderedEvents) {
            m.accept(e);
        }
        m.finish();
        return m.drain();
    }

    /**
     * The live state: in-flight sequences, sequences awaiting a trailing check, matches held back for
     * ordering, and remembered leading missing-stage events.
     */
    public int pendingCount() {
        return linked + ready.size() + leadingIndex.size();
    }

    /** The number of in-flight sequences plus those awaiting a trailing missing-event check. */
    public int inFlightCount() {
        return linked;
    }

    // ------------------------------------------------------------------------------------------

    private static boolean isDuplicate(List<List<Object>> tuples, int t) {
        if (t == 0) {
            return false;
        }
        List<Object> key = tuples.get(t);
        for (int i = 0; i < t; i++) {
            if (key.equals(tuples.get(i))) {
                return true;
            }
        }
        return false;
    }

    /** Expires what maxspan makes impossible and accepts trailing checks whose window has passed. */
    private void advanceTime(long now) {
        if (maxSpan == SequenceSpec.NO_MAXSPAN) {
            return;
        }
        // Sequences are linked in order of their first event, so the expired ones are at the head.
        // A sequence whose first event is more than maxspan ago can no longer complete; one awaiting a
        // trailing check has a deadline no later than first + maxspan and is therefore accepted.
        while (head != null && now - head.startTs > maxSpan) {
            Run r = head;
            if (r.state == AWAITING_TRAILING) {
                acceptRun(r);
            } else {
                discard(r);
            }
        }
        while (!deadlines.isEmpty()) {
            Run r = deadlines.peek();
            if (r.state != AWAITING_TRAILING) {
                deadlines.poll();
            } else if (now - r.trailRef > maxSpan) {
                deadlines.poll();
                acceptRun(r);
            } else {
                break;
            }
        }
        // leading markers older than maxspan can no longer reject anything
        Iterator<long[]> it = leadingIndex.values().iterator();
        while (it.hasNext()) {
            long[] v = it.next();
            if (now - v[0] > maxSpan) {
                it.remove();
            } else {
                break;
            }
        }
    }

    private void start(List<Object> key, E event, long seq, long now) {
        Run r = new Run(key, stageCount);
        r.events[positiveStage[0]] = event;
        r.startSeq = seq;
        r.startTs = now;
        r.lastTs = now;
        if (hasLeading) {
            long[] v = leadingIndex.get(key);
            if (v != null) {
                // the latest leading event with a timestamp strictly before the first positive event
                long ts = v[0] < now ? v[0] : v[1];
                if (ts != Long.MIN_VALUE) {
                    r.hasLeadingEvent = true;
                    r.leadingTs = ts;
                }
            }
        }
        if (positiveCount == 1) {
            complete(r, null);
            return;
        }
        KeyState ks = keys.computeIfAbsent(key, k -> new KeyState(k, positiveCount - 1));
        r.keyState = ks;
        Run old = ks.slots[0];
        ks.slots[0] = r;
        link(r);
        if (old != null) {
            replaced(old); // a newer candidate replaces the older one at the same stage
        }
    }

    private void advance(int j, List<Object> key, E event, long now) {
        KeyState ks = keys.get(key);
        if (ks == null) {
            return;
        }
        Run r = ks.slots[j - 1];
        if (r == null) {
            return;
        }
        // maxspan was enforced by advanceTime(now): every run still present has now - startTs <= maxspan
        ks.slots[j - 1] = null;
        if (r.gapEventTs < now) {
            r.dead = true; // a middle missing event strictly inside the gap: rejected on completion
        }
        r.gapEventTs = Long.MAX_VALUE;
        r.events[positiveStage[j]] = event;
        r.pos = j;
        r.lastTs = now;
        if (j == positiveCount - 1) {
            complete(r, ks);
        } else {
            Run old = ks.slots[j];
            ks.slots[j] = r;
            if (old != null) {
                replaced(old);
            }
        }
        cleanup(ks);
    }

    /** A run has matched its last positive stage; decide, or wait for the trailing check. */
    private void complete(Run r, KeyState ks) {
        if (r.dead) {
            discard(r);
            return;
        }
        if (!hasTrailing) {
            if (!hasLeading || !r.hasLeadingEvent || r.lastTs - r.leadingTs > maxSpan) {
                acceptRun(r);
            } else {
                discard(r);
            }
            return;
        }
        if (hasLeading && !r.hasLeadingEvent) {
            acceptRun(r);
            return;
        }
        long ref = hasLeading ? r.leadingTs : r.startTs;
        if (r.lastTs - ref >= maxSpan) {
            // any trailing event has ts > lastTs, hence ts - ref > maxspan: it cannot reject
            acceptRun(r);
            return;
        }
        if (ks == null) {
            ks = keys.computeIfAbsent(r.key, k -> new KeyState(k, positiveCount - 1));
        }
        r.keyState = ks;
        r.state = AWAITING_TRAILING;
        r.trailRef = ref;
        r.deadline = ref + maxSpan;
        if (ks.awaiting == null) {
            ks.awaiting = new ArrayList<>(2);
        }
        ks.awaiting.add(r);
        if (!r.linked) {
            link(r); // single positive stage: it is the newest sequence
        }
        deadlines.add(r);
    }

    private void trailingEvent(KeyState ks, long now) {
        List<Run> awaiting = ks.awaiting;
        for (int i = 0; i < awaiting.size(); ) {
            Run r = awaiting.get(i);
            if (now > r.lastTs) { // the first trailing event strictly after the last positive event decides
                awaiting.remove(i);
                r.keyState = null;
                if (now - r.trailRef <= maxSpan) {
                    discard(r);
                } else {
                    acceptRun(r);
                }
            } else {
                i++;
            }
        }
        cleanup(ks);
    }

    private void recordLeading(List<Object> key, long now) {
        // keep insertion order = order of the latest update, so expiry can scan from the head
        long[] v = leadingIndex.remove(key);
        if (v == null) {
            v = new long[] {now, Long.MIN_VALUE};
        } else if (now > v[0]) {
            v[1] = v[0];
            v[0] = now;
        }
        leadingIndex.put(key, v);
    }

    private void dropInFlight(List<Object> key) {
        KeyState ks = keys.get(key);
        if (ks == null) {
            return;
        }
        for (int j = 0; j < ks.slots.length; j++) {
            Run r = ks.slots[j];
            if (r != null) {
                ks.slots[j] = null;
                r.keyState = null;
                discard(r);
            }
        }
        cleanup(ks);
    }

    private void acceptRun(Run r) {
        removeFromKeyState(r);
        if (r.linked) {
            unlink(r);
        }
        r.state = DONE;
        @SuppressWarnings("unchecked")
        List<E> events = (List<E>) Collections.unmodifiableList(Arrays.asList(r.events));
        SequenceMatch<E> match = new SequenceMatch<>(r.key, events);
        if (completionOrder) {
            sink.accept(match);
        } else {
            ready.add(new Done<>(r.startSeq, completions++, match));
        }
    }

    /** Drops a run whose slot was just taken by another run (the key state stays). */
    private void replaced(Run old) {
        old.keyState = null;
        discard(old);
    }

    private void discard(Run r) {
        removeFromKeyState(r);
        if (r.linked) {
            unlink(r);
        }
        r.state = DONE;
    }

    private void removeFromKeyState(Run r) {
        KeyState ks = r.keyState;
        if (ks == null) {
            return;
        }
        r.keyState = null;
        if (r.state == AWAITING_TRAILING) {
            if (ks.awaiting != null) {
                ks.awaiting.remove(r);
            }
        } else if (r.pos < ks.slots.length && ks.slots[r.pos] == r) {
            ks.slots[r.pos] = null;
        }
        cleanup(ks);
    }

    private void cleanup(KeyState ks) {
        if (ks.isEmpty()) {
            keys.remove(ks.key(), ks);
        }
    }

    /** Emits held-back matches that no earlier-starting sequence can precede any more. */
    private void flush() {
        long watermark = head == null ? Long.MAX_VALUE : head.startSeq;
        while (!ready.isEmpty() && ready.peek().startSeq < watermark) {
            sink.accept(ready.poll().match);
        }
    }

    private void link(Run r) {
        r.linked = true;
        r.prev = tail;
        r.next = null;
        if (tail == null) {
            head = r;
        } else {
            tail.next = r;
        }
        tail = r;
        linked++;
    }

    private void unlink(Run r) {
        if (r.prev == null) {
            head = r.next;
        } else {
            r.prev.next = r.next;
        }
        if (r.next == null) {
            tail = r.prev;
        } else {
            r.next.prev = r.prev;
        }
        r.prev = null;
        r.next = null;
        r.linked = false;
        linked--;
    }

    /** A sequence in progress. Mutable; owned by one matcher. */
    private static final class Run {
        final List<Object> key;
        final Object[] events;
        KeyState keyState;
        int pos;
        int state = IN_FLIGHT;
        long startSeq;
        long startTs;
        long lastTs;
        /** Timestamp of the first middle missing-stage event seen in the current gap, or MAX_VALUE. */
        long gapEventTs = Long.MAX_VALUE;
        boolean dead;
        boolean hasLeadingEvent;
        long leadingTs;
        long trailRef;
        long deadline;
        boolean linked;
        Run prev;
        Run next;

        Run(List<Object> key, int stages) {
            this.key = key;
            this.events = new Object[stages];
        }
    }

    /** Per-key state: one slot per positive stage that still has a successor, and awaiting checks. */
    private static final class KeyState {
        final Run[] slots;
        List<Run> awaiting;
        private final List<Object> key;

        KeyState(List<Object> key, int slots) {
            this.key = key;
            this.slots = new Run[slots];
        }

        List<Object> key() {
            return key;
        }

        boolean isEmpty() {
            for (Run r : slots) {
                if (r != null) {
                    return false;
                }
            }
            return awaiting == null || awaiting.isEmpty();
        }
    }

    private record Done<E>(long startSeq, long completion, SequenceMatch<E> match) implements Comparable<Done<E>> {
        @Override
        public int compareTo(Done<E> o) {
            int c = Long.compare(startSeq, o.startSeq);
            return c != 0 ? c : Long.compare(completion, o.completion);
        }
    }
}
