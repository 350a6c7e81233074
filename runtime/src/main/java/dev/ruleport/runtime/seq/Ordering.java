package dev.ruleport.runtime.seq;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/** Sorting a batch of events into EQL's default order before feeding a {@link SequenceMatcher}. */
public final class Ordering {

    private Ordering() {
    }

    /**
     * Returns the events sorted by ordinal, ascending. The sort is stable: events with equal ordinals
     * keep their input order, which makes the input position the implicit last-resort key. Each
     * event's ordinal is computed once.
     */
    public static <E> List<E> sortByOrdinal(Collection<? extends E> events, Function<? super E, Ordinal> ordinalOf) {
        int n = events.size();
        Ordinal[] ordinals = new Ordinal[n];
        Object[] items = new Object[n];
        Integer[] index = new Integer[n];
        int i = 0;
        for (E e : events) {
            items[i] = e;
            ordinals[i] = ordinalOf.apply(e);
            index[i] = i;
            i++;
        }
        // Arrays.sort on objects is a stable merge sort; ties keep input order.
        Arrays.sort(index, (a, b) -> ordinals[a].compareTo(ordinals[b]));
        List<E> out = new ArrayList<>(n);
        for (Integer k : index) {
            @SuppressWarnings("unchecked")
            E e = (E) items[k];
            out.add(e);
        }
        return out;
    }
}
