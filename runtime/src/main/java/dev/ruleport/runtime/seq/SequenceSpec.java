package dev.ruleport.runtime.seq;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * An immutable description of an EQL {@code sequence} for {@link SequenceMatcher}: the stages
 * (already expanded for {@code with runs=N}), the optional {@code until} term, {@code maxspan} and the
 * ordinal function. Build one with {@link #builder(Function)}; a spec can be shared by any number of
 * matchers and threads.
 *
 * <pre>{@code
 * SequenceSpec<Event> spec = SequenceSpec.<Event>builder(Event::ordinal)
 *     .stage(e -> e.is("process"), byPid)
 *     .missing(e -> e.is("network"), byPid)        // ![network where ...]
 *     .stage(e -> e.is("file"), byPid, 2)           // [file where ...] with runs=2
 *     .until(e -> e.is("process_end"), byPid)
 *     .maxSpanMillis(30_000)
 *     .build();
 * }</pre>
 *
 * @param <E> the event type
 */
public final class SequenceSpec<E> {

    /** Value of {@link #maxSpanMillis()} when the sequence has no {@code maxspan}. */
    public static final long NO_MAXSPAN = -1L;

    /**
     * One term of the sequence.
     *
     * @param filter  the term's condition
     * @param keys    the term's join keys (header keys ++ term keys)
     * @param missing true for a missing-event term {@code ![...]}
     */
    public record Stage<E>(Predicate<? super E> filter, KeyExtractor<? super E> keys, boolean missing) {
        public Stage {
            Objects.requireNonNull(filter, "filter");
            Objects.requireNonNull(keys, "keys");
        }
    }

    /**
     * The {@code until} term.
     *
     * @param filter its condition
     * @param keys   its join keys
     */
    public record Until<E>(Predicate<? super E> filter, KeyExtractor<? super E> keys) {
        public Until {
            Objects.requireNonNull(filter, "filter");
            Objects.requireNonNull(keys, "keys");
        }
    }

    private final List<Stage<E>> stages;
    private final Until<E> until;
    private final long maxSpanMillis;
    private final Function<? super E, Ordinal> ordinal;
    private final boolean completionOrder;

    private SequenceSpec(Builder<E> b) {
        this.stages = List.copyOf(b.stages);
        this.until = b.until;
        this.maxSpanMillis = b.maxSpanMillis;
        this.ordinal = b.ordinal;
        this.completionOrder = b.completionOrder;
    }

    /** A builder; {@code ordinal} gives each event's position in EQL's default order. */
    public static <E> Builder<E> builder(Function<? super E, Ordinal> ordinal) {
        return new Builder<>(ordinal);
    }

    /** The stages in order, {@code runs} already expanded. */
    public List<Stage<E>> stages() {
        return stages;
    }

    /** The {@code until} term, or {@code null}. */
    public Until<E> until() {
        return until;
    }

    /** The maxspan in milliseconds, or {@link #NO_MAXSPAN}. */
    public long maxSpanMillis() {
        return maxSpanMillis;
    }

    /** The ordinal function. */
    public Function<? super E, Ordinal> ordinal() {
        return ordinal;
    }

    /**
     * True if matches are emitted as soon as they are final instead of in the order of their first
     * event (see {@link Builder#emitInCompletionOrder()}).
     */
    public boolean completionOrder() {
        return completionOrder;
    }

    /** Builder of {@link SequenceSpec}. Not thread-safe. */
    public static final class Builder<E> {
        private final List<Stage<E>> stages = new ArrayList<>();
        private final Function<? super E, Ordinal> ordinal;
        private Until<E> until;
        private long maxSpanMillis = NO_MAXSPAN;
        private boolean completionOrder;

        private Builder(Function<? super E, Ordinal> ordinal) {
            this.ordinal = Objects.requireNonNull(ordinal, "ordinal");
        }

        /** Adds a positive stage {@code [filter] by keys}. */
        public Builder<E> stage(Predicate<? super E> filter, KeyExtractor<? super E> keys) {
            stages.add(new Stage<>(filter, keys, false));
            return this;
        }

        /**
         * Adds a positive stage repeated {@code runs} times ({@code with runs=N}); each run needs its own
         * event.
         */
        public Builder<E> stage(Predicate<? super E> filter, KeyExtractor<? super E> keys, int runs) {
            return add(new Stage<>(filter, keys, false), runs);
        }

        /** Adds a missing-event stage {@code ![filter] by keys}. */
        public Builder<E> missing(Predicate<? super E> filter, KeyExtractor<? super E> keys) {
            stages.add(new Stage<>(filter, keys, true));
            return this;
        }

        /** Adds a missing-event stage repeated {@code runs} times. */
        public Builder<E> missing(Predicate<? super E> filter, KeyExtractor<? super E> keys, int runs) {
            return add(new Stage<>(filter, keys, true), runs);
        }

        /** Adds a stage {@code runs} times (1 &le; runs). */
        public Builder<E> add(Stage<E> stage, int runs) {
            Objects.requireNonNull(stage, "stage");
            if (runs < 1) {
                throw new IllegalArgumentException("runs must be at least 1, got " + runs);
            }
            for (int i = 0; i < runs; i++) {
                stages.add(stage);
            }
            return this;
        }

        /** Sets the {@code until} term. */
        public Builder<E> until(Predicate<? super E> filter, KeyExtractor<? super E> keys) {
            this.until = new Until<>(filter, keys);
            return this;
        }

        /** Sets {@code maxspan} in milliseconds (&gt; 0). */
        public Builder<E> maxSpanMillis(long millis) {
            if (millis <= 0) {
                throw new IllegalArgumentException("maxspan must be positive, got " + millis);
            }
            this.maxSpanMillis = millis;
            return this;
        }

        /**
         * Emit each match as soon as it is final, instead of holding it back until every sequence that
         * started earlier has been decided. Use this for alerting, where latency matters more than the
         * order of results; the set of matches is the same.
         */
        public Builder<E> emitInCompletionOrder() {
            this.completionOrder = true;
            return this;
        }

        /**
         * Builds the spec.
         *
         * @throws IllegalArgumentException if there is no positive stage, or a missing-event stage
         *                                  without maxspan (Elasticsearch requires maxspan there)
         */
        public SequenceSpec<E> build() {
            if (stages.stream().noneMatch(s -> !s.missing())) {
                throw new IllegalArgumentException("a sequence needs at least one positive (non-missing) stage");
            }
            if (maxSpanMillis == NO_MAXSPAN && stages.stream().anyMatch(Stage::missing)) {
                throw new IllegalArgumentException("a sequence with missing events ![...] requires maxspan");
            }
            return new SequenceSpec<>(this);
        }
    }
}
