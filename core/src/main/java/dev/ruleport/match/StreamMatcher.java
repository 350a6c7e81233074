package dev.ruleport.match;

import dev.ruleport.runtime.Event;
import dev.ruleport.runtime.EventFields;
import dev.ruleport.runtime.matcher.OrderedEvent;
import dev.ruleport.runtime.matcher.RunOptions;
import dev.ruleport.runtime.seq.Ordinal;
import dev.ruleport.runtime.seq.ResultWindow;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;

/**
 * Runs {@link MatchRules} over event streams with bounded memory, parsing and single-event matching
 * spread over threads, and the same output whatever the number of threads.
 *
 * <p>The input is cut into chunks of records ({@link RecordReader}); worker threads parse each chunk,
 * decide the single-event rules for every event, and test which events a sequence or sample rule can
 * use at all. One thread then takes the chunks in input order and reports, record by record: bad
 * records, single-event alerts, and the events the stateful rules need, which are kept only as long as
 * those rules need them. So alerts come in input order: an event's single-event alerts (by rule), and a
 * sequence's alert when it completes.
 *
 * <p>Sequences need events in timestamp order. The events they use are held back in a reorder buffer
 * until an event more than {@link Options#maxOutOfOrderMillis} newer has been read, then given to the
 * sequence rules in timestamp (then tiebreaker, then input) order; so a sequence's alert comes up to
 * that long (in event time) after its last event was read, or at the end of the input. An event whose
 * timestamp is more than the window older than an event read before it is <em>late</em>: the sequence
 * rules skip it (single-event rules still see it) and it is counted. So is an event behind one released
 * early because the buffer held {@link Options#maxBuffered} events. Sequence state is bounded by
 * maxspan: partial sequences are dropped as time passes beyond it.
 */
public final class StreamMatcher {
    /**
     * @param threads              parsing and matching threads (1: all on the calling thread)
     * @param maxOutOfOrderMillis  how far out of timestamp order events may arrive for the sequence rules
     * @param maxBuffered          most events held for reordering; beyond it the oldest is released early
     */
    public record Options(RunOptions runOptions, int threads, long maxOutOfOrderMillis, int maxBuffered) {
        public Options {
            Objects.requireNonNull(runOptions, "runOptions");
            if (threads < 1) throw new IllegalArgumentException("threads must be at least 1");
            if (maxOutOfOrderMillis < 0) throw new IllegalArgumentException("maxOutOfOrderMillis must not be negative");
            if (maxBuffered < 1) throw new IllegalArgumentException("maxBuffered must be at least 1");
        }

        public static Options defaults() {
            return new Options(RunOptions.defaults(), Runtime.getRuntime().availableProcessors(), 60_000, 1_000_000);
        }

        public Options withThreads(int n) { return new Options(runOptions, n, maxOutOfOrderMillis, maxBuffered); }

        public Options withMaxOutOfOrderMillis(long ms) { return new Options(runOptions, threads, ms, maxBuffered); }

        public Options withMaxBuffered(int n) { return new Options(runOptions, threads, maxOutOfOrderMillis, n); }
    }

    /** Where the results go; called on one thread, in a deterministic order. */
    public interface Listener {
        /** A match of rule {@code rule} (an index into {@link MatchRules#rules()}); events in stage order, null for a missing-event stage. */
        void alert(int rule, List<Event> events);

        /** A record that is not an event: where it is (column 0 when unknown) and why. */
        void badRecord(String source, long line, int column, String message);
    }

    /** One input: a name for messages and a way to open it. */
    public record Source(String name, StreamOpener opener) {}

    @FunctionalInterface
    public interface StreamOpener {
        InputStream open() throws IOException;
    }

    /**
     * What a run saw. {@code lateEvents}: skipped by the sequence rules for coming too far out of order;
     * {@code untimedEvents}: without a readable timestamp, which sequences cannot use.
     */
    public record Summary(long events, long bytes, long alerts, long badRecords, long lateEvents, long untimedEvents) {}

    private final MatchRules rules;
    private final Options options;
    private final FieldTree read;   // the fields events are read for; null: all of them

    public StreamMatcher(MatchRules rules, Options options) {
        this(rules, options, true);
    }

    /**
     * {@code partial}: read only the fields some rule reads (and the ordering fields), the whole event again for an
     * alert; else read every event whole (tests compare the two).
     */
    StreamMatcher(MatchRules rules, Options options, boolean partial) {
        this.rules = Objects.requireNonNull(rules, "rules");
        this.options = Objects.requireNonNull(options, "options");
        List<String> ordering = new ArrayList<>(rules.orderingFields());
        ordering.add(options.runOptions().timestampField());
        if (options.runOptions().tiebreakerField() != null) ordering.add(options.runOptions().tiebreakerField());
        this.read = partial ? FieldTree.of(rules.rules(), ordering) : null;
    }

    /** Reads every source in turn (as one stream) and reports to {@code listener}. */
    public Summary run(List<Source> sources, Listener listener) throws IOException {
        Collector collector = new Collector(listener);
        ExecutorService workers = options.threads() == 1 ? null : Executors.newFixedThreadPool(options.threads(), daemons());
        try {
            long seq = 0;
            for (Source source : sources) {
                try (InputStream in = source.opener().open(); RecordReader reader = RecordReader.open(in)) {
                    seq = workers == null ? runInline(source, reader, seq, collector) : runParallel(source, reader, seq, collector, workers);
                }
            }
            collector.finish();
        } finally {
            if (workers != null) workers.shutdownNow();
        }
        return collector.summary();
    }

    private long runInline(Source source, RecordReader reader, long seq, Collector collector) throws IOException {
        Worker worker = new Worker();
        RecordReader.Chunk chunk;
        while ((chunk = reader.next()) != null) collector.take(source.name(), worker.process(chunk, seq++));
        collector.read(reader.bytesRead());
        return seq;
    }

    /**
     * A reader thread cuts chunks and hands them to the workers; this thread takes the results in
     * chunk order. The queue of chunks in flight bounds memory.
     */
    private long runParallel(Source source, RecordReader reader, long firstSeq, Collector collector, ExecutorService workers)
            throws IOException {
        BlockingQueue<Future<ChunkResult>> inFlight = new ArrayBlockingQueue<>(2 * options.threads() + 2);
        ThreadLocal<Worker> perThread = ThreadLocal.withInitial(Worker::new);
        long[] next = {firstSeq};
        IOException[] failure = {null};
        Thread readerThread = daemons().newThread(() -> {
            try {
                RecordReader.Chunk chunk;
                while ((chunk = reader.next()) != null) {
                    RecordReader.Chunk c = chunk;
                    long s = next[0]++;
                    inFlight.put(workers.submit(() -> perThread.get().process(c, s)));
                }
                inFlight.put(END);
            } catch (IOException e) {
                failure[0] = e;
                inFlight.offer(END);
            } catch (InterruptedException e) {
                // the collector has stopped
            }
        });
        readerThread.start();
        boolean done = false;
        try {
            while (true) {
                Future<ChunkResult> result = inFlight.take();
                if (result == END) break;
                collector.take(source.name(), result.get());
            }
            readerThread.join();
            done = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) throw r;
            if (cause instanceof Error err) throw err;
            throw new IOException(cause);
        } finally {
            if (!done) readerThread.interrupt();
        }
        if (failure[0] != null) throw failure[0];
        collector.read(reader.bytesRead());
        return next[0];
    }

    private static final Future<ChunkResult> END = CompletableFuture.completedFuture(null);

    private static ThreadFactory daemons() {
        return r -> {
            Thread t = new Thread(r, "ruleport-match");
            t.setDaemon(true);
            return t;
        };
    }

    // ---- the parallel part --------------------------------------------------------------------

    /**
     * A record that needs the collector: a bad record, an event with single-event matches, or an event
     * some stateful rule can use. {@code maxBefore}: the newest timestamp among the chunk's earlier events.
     */
    private record Item(int record, long line, int column, String error, Event event, byte[] bytes, int[] singles,
                        int[] stateful, Ordinal ordinal, long maxBefore) {}

    private record ChunkResult(List<Item> items, int events, long maxTimestamp, long untimed) {}

    /** Parses and matches chunks; one per thread (it owns a field cache). */
    private final class Worker {
        private EventFields fields;
        private final List<MatchRules.StatefulRule> stateful = rules.stateful();
        private final boolean timed = stateful.stream().anyMatch(s -> s.sequence);
        private final long[] candidates = rules.newCandidates();
        private final FoldedTable.Buffer folded = new FoldedTable.Buffer();

        ChunkResult process(RecordReader.Chunk chunk, long seq) {
            List<Item> items = new ArrayList<>();
            int events = 0;
            long max = Long.MIN_VALUE;
            long untimed = 0;
            int[] relevant = new int[stateful.size()];
            for (int r = 0; r < chunk.count(); r++) {
                long line = chunk.line()[r];
                int column = chunk.column()[r];
                if (chunk.error()[r] != null) {
                    items.add(new Item(r, line, column, chunk.error()[r], null, null, null, null, null, max));
                    continue;
                }
                Event event;
                try {
                    event = EventParser.event(chunk.data(), chunk.start()[r], chunk.end()[r], read);
                } catch (EventParser.BadRecord e) {
                    // positions inside the record, shifted to the file (the record's first line starts at its column)
                    long atLine = e.line <= 0 ? line : line + e.line - 1;
                    int atColumn = e.column <= 0 ? 0 : e.line <= 1 ? column + e.column - 1 : e.column;
                    items.add(new Item(r, atLine, atColumn, e.getMessage(), null, null, null, null, null, max));
                    continue;
                }
                if (event == null) continue; // a blank line
                events++;
                fields = fields == null ? new EventFields(event) : fields.reset(event);
                rules.candidates(fields, candidates, folded);
                int[] singles = rules.matchSingle(fields, candidates);
                Ordinal ordinal = null;
                int[] mine = null;
                long before = max;
                if (!stateful.isEmpty()) {
                    ordinal = options.runOptions().ordinal(event, (seq << 32) + r);
                    long ts = ordinal.timestamp();
                    if (ts == Long.MIN_VALUE) untimed++;
                    else if (ts > max) max = ts;
                    OrderedEvent probe = new OrderedEvent(event, ordinal, fields);
                    int n = 0;
                    for (int s = 0; s < stateful.size(); s++) {
                        MatchRules.StatefulRule rule = stateful.get(s);
                        if (rule.everyEvent || MatchRules.isCandidate(candidates, rule.rule) && rule.relevant(probe, candidates)) relevant[n++] = s;
                    }
                    if (n > 0) mine = java.util.Arrays.copyOf(relevant, n);
                }
                if (singles != null || mine != null) {
                    // a copy of the record's bytes (a chunk is a megabyte, a record a few hundred bytes) to read the
                    // event whole when it is reported
                    byte[] bytes = null;
                    if (read != null) {
                        bytes = java.util.Arrays.copyOfRange(chunk.data(), chunk.start()[r], chunk.end()[r]);
                        event = withWhole(event, bytes);
                    }
                    items.add(new Item(r, line, column, null, event, bytes, singles, mine, ordinal, before));
                }
            }
            return new ChunkResult(items, events, max, timed ? untimed : 0);
        }
    }

    /** The event read in part, reading {@code record} whole when asked. */
    private static Event withWhole(Event event, byte[] record) {
        return Event.partial(event.source(), event.hasDottedKeys(), () -> parse(record, null).source());
    }

    /** A record read before, read again. */
    private static Event parse(byte[] record, FieldTree read) {
        try {
            return EventParser.event(record, 0, record.length, read);
        } catch (EventParser.BadRecord e) {
            throw new IllegalStateException("a record read before is not an event now: " + e.getMessage(), e);
        }
    }

    // ---- the ordered part ---------------------------------------------------------------------

    /** Takes chunk results in input order; owns the stateful matchers and the reorder buffer. */
    private final class Collector {
        private final Listener listener;
        private final List<MatchRules.StatefulRule> stateful = rules.stateful();
        private final List<MatchRules.Instance> instances = new ArrayList<>();
        private final ResultWindow<List<Event>>[] windows;     // by rule, for rules with head/tail pipes
        private final PriorityQueue<Held> reorder = new PriorityQueue<>();
        private EventFields fields;
        private Ordinal lastReleased;
        private long newest = Long.MIN_VALUE;                  // newest timestamp of the earlier chunks
        private long events;
        private long bytes;
        private long alerts;
        private long bad;
        private long late;
        private long untimed;

        @SuppressWarnings("unchecked")
        Collector(Listener listener) {
            this.listener = listener;
            windows = new ResultWindow[rules.rules().size()];
            for (int i = 0; i < windows.length; i++) {
                if (rules.hasPipes(i)) windows[i] = new ResultWindow<>(rules.pipes(i), dev.ruleport.runtime.seq.Pipes.NO_SIZE);
            }
            for (MatchRules.StatefulRule s : stateful) {
                int rule = s.rule;
                instances.add(s.start(match -> alert(rule, match)));
            }
        }

        private void alert(int rule, List<Event> events) {
            if (windows[rule] != null) {
                windows[rule].accept(events);
            } else {
                report(rule, events);
            }
        }

        /** The listener gets every event whole. */
        private void report(int rule, List<Event> events) {
            alerts++;
            List<Event> whole = new ArrayList<>(events.size());
            for (Event e : events) whole.add(e == null ? null : e.whole());
            listener.alert(rule, Collections.unmodifiableList(whole));
        }

        void take(String source, ChunkResult chunk) {
            events += chunk.events();
            untimed += chunk.untimed();
            for (Item item : chunk.items()) {
                if (item.error() != null) {
                    bad++;
                    listener.badRecord(source, item.line(), item.column(), item.error());
                    continue;
                }
                if (item.singles() != null) {
                    for (int rule : item.singles()) alert(rule, Collections.singletonList(item.event()));
                }
                if (item.stateful() != null) offer(item);
            }
            newest = Math.max(newest, chunk.maxTimestamp());
        }

        void read(long sourceBytes) {
            bytes += sourceBytes;
        }

        /** Samples take the event now, in input order; sequences once it is in timestamp order. */
        private void offer(Item item) {
            List<Integer> sequences = null;
            OrderedEvent plain = new OrderedEvent(item.event(), item.ordinal());
            for (int s : item.stateful()) {
                if (!stateful.get(s).sequence) instances.get(s).accept(plain);
                else if (item.ordinal().timestamp() != Long.MIN_VALUE) {
                    if (sequences == null) sequences = new ArrayList<>(2);
                    sequences.add(s);
                }
            }
            if (sequences == null) return;
            long ts = item.ordinal().timestamp();
            long before = Math.max(newest, item.maxBefore());
            // late: further behind an earlier-read event than the window, or behind one already released
            if (before != Long.MIN_VALUE && ts < before - options.maxOutOfOrderMillis()
                    || lastReleased != null && item.ordinal().compareTo(lastReleased) < 0) {
                late++;
                return;
            }
            // an event read in part waits as its record's bytes, read again when released: the garbage collector
            // copies and marks one array instead of the event's maps (the window holds thousands of events)
            reorder.add(item.bytes() == null ? new Held(item.ordinal(), plain, null, sequences)
                    : new Held(item.ordinal(), null, item.bytes(), sequences));
            release(Math.max(before, ts) - options.maxOutOfOrderMillis());
        }

        /** Gives the held events older than {@code bound} (all, for Long.MAX_VALUE) to the sequence rules. */
        private void release(long bound) {
            while (!reorder.isEmpty() && (reorder.peek().ordinal.timestamp() < bound
                    || reorder.size() > options.maxBuffered())) {
                Held h = reorder.poll();
                lastReleased = h.ordinal;
                OrderedEvent held = h.event != null ? h.event : new OrderedEvent(withWhole(parse(h.record, read), h.record), h.ordinal);
                fields = fields == null ? new EventFields(held.event()) : fields.reset(held.event());
                OrderedEvent shared = held.withFields(fields);
                for (int s : h.rules) instances.get(s).accept(shared);
            }
        }

        void finish() {
            release(Long.MAX_VALUE);
            for (MatchRules.Instance i : instances) i.finish();
            for (int rule = 0; rule < windows.length; rule++) {
                if (windows[rule] == null) continue;
                for (List<Event> m : windows[rule].results()) report(rule, m);
            }
        }

        Summary summary() {
            return new Summary(events, bytes, alerts, bad, late, untimed);
        }
    }

    /** An event waiting in the reorder buffer (or its record, when read in part), with the sequence rules (stateful indexes) that need it. */
    private record Held(Ordinal ordinal, OrderedEvent event, byte[] record, List<Integer> rules) implements Comparable<Held> {
        @Override public int compareTo(Held o) { return ordinal.compareTo(o.ordinal); }
    }
}
