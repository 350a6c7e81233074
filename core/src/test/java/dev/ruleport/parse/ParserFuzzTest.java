package dev.ruleport.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ruleport.compile.Frontend;
import dev.ruleport.diag.Diagnostic;
import dev.ruleport.diag.SourceText;
import dev.ruleport.ir.Query;
import dev.ruleport.testsupport.QueryMutations;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Property: whatever text reaches the parser, the outcome is an IR or positioned diagnostics —
 * never an exception, never a hang. Inputs are corpus queries mutated at the token level (dropped,
 * duplicated, swapped, truncated, replaced) and at the character level.
 */
class ParserFuzzTest {
    static final int CASES = 100_000;

    @Test
    void mutatedQueriesYieldAnIrOrPositionedDiagnostics() throws IOException {
        List<String> seeds = new ArrayList<>();
        Path dir = dev.ruleport.testsupport.Shared.require("corpus/detection-rules");
        for (Path f : Frontend.ruleFiles(List.of(dir))) {
            Frontend.Outcome o = Frontend.compile(f);
            // long queries cost time without adding new shapes; the grammar is the same
            if (o.rule() != null && o.rule().query() != null && o.rule().query().length() < 3000) seeds.add(o.rule().query());
        }
        assertTrue(seeds.size() > 700);
        Random random = new Random(20261127L);
        int[] outcomes = new int[2];
        assertTimeoutPreemptively(Duration.ofMinutes(5), () -> {
            for (int i = 0; i < CASES; i++) {
                String seed = seeds.get(random.nextInt(seeds.size()));
                String input = QueryMutations.mutate(seed, random);
                QueryParser.Result<Query> r;
                try {
                    r = QueryParser.parseQuery(SourceText.of("fuzz", input));
                } catch (RuntimeException e) {
                    throw new AssertionError("exception for input:\n" + input, e);
                }
                if (r.ok()) {
                    outcomes[0]++;
                } else {
                    outcomes[1]++;
                    assertTrue(!r.diagnostics().isEmpty(), "failure without diagnostics:\n" + input);
                    for (Diagnostic d : r.diagnostics()) {
                        assertTrue(d.line() >= 1 && d.column() >= 1, "unpositioned diagnostic " + d + " for:\n" + input);
                        assertTrue(!d.message().isBlank());
                    }
                }
            }
        });
        assertEquals(CASES, outcomes[0] + outcomes[1]);
        // the mutations are strong enough that most inputs are wrong, yet some stay valid
        assertTrue(outcomes[1] > CASES / 2, "failures: " + outcomes[1]);
        assertTrue(outcomes[0] > 100, "successes: " + outcomes[0]);
    }
}
