package dev.ruleport.runtime.seq;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Matcher for an EQL {@code sample}, with Elasticsearch semantics ({@code SampleIterator}).
 *
 * <p>Feed events in any order with {@link #accept(Object)}; {@link #finish()} returns the samples.
 *
 * <ul>
 *   <li>A sample is a group of events sharing one join-key tuple, one event per filter, listed in
 *       filter order; the events of a sample are distinct (one event may satisfy several filters, but
 *       fills only one place). No timestamps or ordering are involved.</li>
 *   <li>For each key, Elasticsearch fetches at most {@code filters + max_samples_per_key - 1} events per
 *       filter (in index order) and enumerates combinations depth-first, in filter order, keeping the
 *       first {@code max_samples_per_key}. Here "index order" is arrival order, so the choice among
 *       equally valid events is deterministic: the earliest fed events win. An event may appear in
 *       several samples of the same key.</li>
 *   <li>Samples are ordered by key tuple ({@link SampleSpec#keyOrder()}, by default {@link KeyOrder}:
 *       {@code null} first, {@code false < true}, strings by code point), then in enumeration order;
 *       at most {@link SampleSpec#size()} are returned.</li>
 * </ul>
 *
 * <p>Memory: at most {@code filters + max_samples_per_key - 1} events per key and filter are kept.
 * Not thread-safe.
 *
 * @param <E> the event type
 */
public final class SampleMatcher<E> {

    private final SampleSpec<E> spec;
    private final int filterCount;
    private final int perFilterCap;
    private final Map<List<Object>, Bucket> buckets = new HashMap<>();
    private long arrivals;
    private boolean finished;

    /** A matcher for {@code spec}. */
    public SampleMatcher(SampleSpec<E> spec) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.filterCount = spec.filters().size();
        long cap = (long) filterCount + spec.maxSamplesPerKey() - 1;
        this.perFilterCap = (int) Math.min(Integer.MAX_VALUE, cap);
    }

    /**
     * Feeds one event.
     *
     * @throws IllegalStateException after {@link #finish()}
     */
    public void accept(E event) {
        if (finished) {
            throw new IllegalStateException("accept() after finish()");
        }
        long id = arrivals++;
        List<SampleSpec.Filter<E>> filters = spec.filters();
        for (int i = 0; i < filterCount; i++) {
            SampleSpec.Filter<E> f = filters.get(i);
            if (!f.filter().test(event)) {
                continue;
            }
            List<List<Object>> tuples = f.keys().keys(event);
            for (int t = 0; t < tuples.size(); t++) {
                List<Object> key = tuples.get(t);
                if (tuples.subList(0, t).contains(key)) {
                    continue; // duplicate tuple
                }
                Bucket b = buckets.computeIfAbsent(key, k -> new Bucket(filterCount));
                List<Entry> list = b.perFilter[i];
                if (list.size() < perFilterCap) {
                    list.add(new Entry(id, event));
                }
            }
        }
    }

    /** Ends the input and returns the samples, ordered by key. Further calls return an empty list. */
    public List<Sample<E>> finish() {
        if (finished) {
            return List.of();
        }
        finished = true;
        List<List<Object>> candidates = new ArrayList<>();
        for (Map.Entry<List<Object>, Bucket> e : buckets.entrySet()) {
            if (e.getValue().complete()) {
                candidates.add(e.getKey());
            }
        }
        candidates.sort(spec.keyOrder());
        List<Sample<E>> out = new ArrayList<>();
        int limit = spec.size();
        Entry[] partial = new Entry[filterCount];
        for (List<Object> key : candidates) {
            if (out.size() >= limit) {
                break;
            }
            Bucket b = buckets.get(key);
            List<Sample<E>> perKey = new ArrayList<>();
            enumerate(b, 0, partial, key, perKey);
            for (Sample<E> s : perKey) {
                if (out.size() >= limit) {
                    break;
                }
                out.add(s);
            }
        }
        buckets.clear();
        return out;
    }

    /** Convenience: feeds all events and returns the samples. */
    public static <E> List<Sample<E>> run(SampleSpec<E> spec, Iterable<? extends E> events) {
        SampleMatcher<E> m = new SampleMatcher<>(spec);
        for (E e : events) {
            m.accept(e);
        }
        return m.finish();
    }

    /** Number of (key, filter, event) entries held. */
    public int pendingCount() {
        int n = 0;
        for (Bucket b : buckets.values()) {
            for (List<Entry> l : b.perFilter) {
                n += l.size();
            }
        }
        return n;
    }

    /** Depth-first, filter by filter, distinct events; stops at max_samples_per_key. Returns true when full. */
    private boolean enumerate(Bucket b, int filter, Entry[] partial, List<Object> key, List<Sample<E>> out) {
        for (Entry candidate : b.perFilter[filter]) {
            if (contains(partial, filter, candidate.id)) {
                continue;
            }
            partial[filter] = candidate;
            if (filter == filterCount - 1) {
                Object[] events = new Object[filterCount];
                for (int i = 0; i < filterCount; i++) {
                    events[i] = partial[i].event;
                }
                @SuppressWarnings("unchecked")
                List<E> list = (List<E>) Collections.unmodifiableList(Arrays.asList(events));
                out.add(new Sample<>(key, list));
                if (out.size() == spec.maxSamplesPerKey()) {
                    return true;
                }
            } else if (enumerate(b, filter + 1, partial, key, out)) {
                return true;
            }
        }
        return false;
    }

    private static boolean contains(Entry[] partial, int upTo, long id) {
        for (int i = 0; i < upTo; i++) {
            if (partial[i].id == id) {
                return true;
            }
        }
        return false;
    }

    private static final class Bucket {
        final List<Entry>[] perFilter;

        @SuppressWarnings({"unchecked", "rawtypes"})
        Bucket(int filters) {
            perFilter = new List[filters];
            for (int i = 0; i < filters; i++) {
                perFilter[i] = new ArrayList<>(1);
            }
        }

        boolean complete() {
            for (List<Entry> l : perFilter) {
                if (l.isEmpty()) {
                    return false;
                }
            }
            return true;
        }
    }

    private record Entry(long id, Object event) {
    }
}
