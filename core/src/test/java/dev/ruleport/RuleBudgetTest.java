package dev.ruleport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 19: a per-rule time budget in a batch. One input whose work never ends in time gets the over-budget result;
 * the others theirs, in input order, and the batch returns. (The slow input sleeps 30 s against a 300 ms budget.)
 */
class RuleBudgetTest {
    @Test
    void anInputPastTheBudgetIsAbandonedAndTheBatchGoesOn() {
        List<Integer> inputs = List.of(1, 2, 3, 4, 5);
        List<String> seen = new ArrayList<>();
        List<String> out = Ruleport.budgeted(inputs, i -> {
            if (i == 2) {
                try {
                    Thread.sleep(30_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return "done " + i;
        }, i -> "over budget " + i, seen::add, 2, Duration.ofMillis(300));
        assertEquals(List.of("done 1", "over budget 2", "done 3", "done 4", "done 5"), out);
        assertEquals(out, seen);
    }

    @Test
    void aNegativeBudgetIsAUsageError() {
        assertEquals("the per-rule time budget cannot be negative: PT-1S",
                org.junit.jupiter.api.Assertions.assertThrows(UsageException.class,
                        () -> Ruleport.builder().ruleBudget(Duration.ofSeconds(-1))).getMessage());
    }
}
