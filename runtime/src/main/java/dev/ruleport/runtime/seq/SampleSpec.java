package dev.ruleport.runtime.seq;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * An immutable description of an EQL {@code sample by k [A] [B] ...} for {@link SampleMatcher}.
 *
 * <pre>{@code
 * SampleSpec<Event> spec = SampleSpec.<Event>builder()
 *     .filter(e -> e.is("alert"), byHost)
 *     .filter(e -> e.is("failure"), byHost)
 *     .maxSamplesPerKey(1)
 *     .size(50)
 *     .build();
 * }</pre>
 *
 * @param <E> the event type
 */
public final class SampleSpec<E> {

    /** Value of {@link #size()} when results are not limited. */
    public static final int UNLIMITED = Integer.MAX_VALUE;

    /**
     * One filter of the sample.
     *
     * @param filter the condition
     * @param keys   its join keys (header keys ++ filter keys)
     */
    public record Filter<E>(Predicate<? super E> filter, KeyExtractor<? super E> keys) {
        public Filter {
            Objects.requireNonNull(filter, "filter");
            Objects.requireNonNull(keys, "keys");
        }
    }

    private final List<Filter<E>> filters;
    private final int maxSamplesPerKey;
    private final int size;
    private final Comparator<List<Object>> keyOrder;

    private SampleSpec(Builder<E> b) {
        this.filters = List.copyOf(b.filters);
        this.maxSamplesPerKey = b.maxSamplesPerKey;
        this.size = b.size;
        this.keyOrder = b.keyOrder;
    }

    /** A builder. */
    public static <E> Builder<E> builder() {
        return new Builder<>();
    }

    /** The filters in query order. */
    public List<Filter<E>> filters() {
        return filters;
    }

    /** The request's {@code max_samples_per_key} (default 1). */
    public int maxSamplesPerKey() {
        return maxSamplesPerKey;
    }

    /** The request's {@code size}: the maximum number of samples ({@link #UNLIMITED} by default). */
    public int size() {
        return size;
    }

    /** The order of join-key tuples in the results. */
    public Comparator<List<Object>> keyOrder() {
        return keyOrder;
    }

    /** Builder of {@link SampleSpec}. Not thread-safe. */
    public static final class Builder<E> {
        private final List<Filter<E>> filters = new ArrayList<>();
        private int maxSamplesPerKey = 1;
        private int size = UNLIMITED;
        private Comparator<List<Object>> keyOrder = KeyOrder.tuples(KeyOrder.VALUES);

        private Builder() {
        }

        /** Adds a filter {@code [filter] by keys}. */
        public Builder<E> filter(Predicate<? super E> filter, KeyExtractor<? super E> keys) {
            filters.add(new Filter<>(filter, keys));
            return this;
        }

        /** Sets {@code max_samples_per_key} (&ge; 1). */
        public Builder<E> maxSamplesPerKey(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("max_samples_per_key must be at least 1, got " + n);
            }
            this.maxSamplesPerKey = n;
            return this;
        }

        /** Sets the request {@code size} (&ge; 0). */
        public Builder<E> size(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("size must not be negative, got " + n);
            }
            this.size = n;
            return this;
        }

        /** Replaces the order of key values (per position); the default is {@link KeyOrder#VALUES}. */
        public Builder<E> keyValueOrder(Comparator<Object> values) {
            this.keyOrder = KeyOrder.tuples(Objects.requireNonNull(values, "values"));
            return this;
        }

        /**
         * Builds the spec.
         *
         * @throws IllegalArgumentException without filters
         */
        public SampleSpec<E> build() {
            if (filters.isEmpty()) {
                throw new IllegalArgumentException("a sample needs at least one filter");
            }
            return new SampleSpec<>(this);
        }
    }
}
