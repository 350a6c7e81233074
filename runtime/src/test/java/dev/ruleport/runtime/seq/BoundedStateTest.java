package dev.ruleport.runtime.seq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The live state of a matcher with maxspan stays bounded on a long stream of ever-new keys. */
class BoundedStateTest {

    /** Allocation-light event for the stream: kind 0..3 (A, B, M, U), key, timestamp. */
    record Tick(int kind, long key, long ts) {
    }

    @Test
    void millionEventsWithDistinctKeysOverTime() {
        long maxSpan = 1_000;
        KeyExtractor<Tick> byKey = t -> List.of(List.of(t.key()));
        SequenceSpec<Tick> spec = SequenceSpec.<Tick>builder(t -> Ordinal.of(t.ts()))
                .missing(t -> t.kind() == 2, byKey)
                .stage(t -> t.kind() == 0, byKey)
                .missing(t -> t.kind() == 2, byKey)
                .stage(t -> t.kind() == 1, byKey)
                .missing(t -> t.kind() == 2, byKey)
                .until(t -> t.kind() == 3, byKey)
                .maxSpanMillis(maxSpan)
                .build();
        long[] matches = {0};
        SequenceMatcher<Tick> m = new SequenceMatcher<>(spec, x -> matches[0]++);
        int maxPending = 0;
        int n = 1_000_000;
        for (int i = 0; i < n; i++) {
            long ts = i; // one event per millisecond
            long key = i / 8; // each key lives for 8 events, then never comes back
            int kind = switch (i % 8) {
                case 0, 3 -> 0;   // A
                case 1, 5 -> 1;   // B
                case 6 -> 2;      // M
                default -> i % 16 == 7 ? 3 : 4; // sometimes until, else noise
            };
            m.accept(new Tick(kind, key, ts));
            maxPending = Math.max(maxPending, m.pendingCount());
        }
        // keys active within one maxspan (1000 events / 8 per key), a few records each
        int bound = 4 * (int) (maxSpan / 8 + 2);
        assertTrue(maxPending < bound, "pending state grew to " + maxPending + " (bound " + bound + ")");
        assertTrue(matches[0] > 0, "the stream should produce matches");
        m.finish();
        assertEquals(0, m.pendingCount());
    }

    @Test
    void withoutMaxspanStateIsBoundedByLiveKeys() {
        KeyExtractor<Tick> byKey = t -> List.of(List.of(t.key()));
        SequenceSpec<Tick> spec = SequenceSpec.<Tick>builder(t -> Ordinal.of(t.ts()))
                .stage(t -> t.kind() == 0, byKey).stage(t -> t.kind() == 1, byKey).stage(t -> t.kind() == 2, byKey)
                .emitInCompletionOrder()
                .build();
        SequenceMatcher<Tick> m = new SequenceMatcher<>(spec, x -> { });
        int maxPending = 0;
        for (int i = 0; i < 200_000; i++) {
            // 100 keys cycling: one slot per key and stage at most
            m.accept(new Tick(i % 3, i % 100, i));
            maxPending = Math.max(maxPending, m.pendingCount());
        }
        assertTrue(maxPending <= 100 * 2, "pending " + maxPending);
    }
}
