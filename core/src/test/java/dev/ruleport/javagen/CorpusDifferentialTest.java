package dev.ruleport.javagen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ruleport.backend.CompiledRule;
import dev.ruleport.interpret.InterpreterOptions;
import dev.ruleport.runtime.matcher.RunOptions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every corpus rule compiles to a class javac accepts without warnings, and the class agrees with the
 * interpreter on events derived from the rule's own literals.
 */
class CorpusDifferentialTest {
    static final int EVENTS_PER_RULE = 120;

    @Test
    void everyCorpusRuleCompilesAndAgreesWithTheInterpreter() throws IOException {
        List<CompiledRule> rules = Rules.corpus();
        List<Differential.Case> cases = new ArrayList<>();
        for (CompiledRule r : rules) {
            String category = r.rule().categoryField();
            cases.add(new Differential.Case(r.rule().file(), r,
                    InterpreterOptions.defaults().withCategoryField(category),
                    JavaGenOptions.defaults(), RunOptions.defaults(),
                    MutationEvents.forQuery(r.query(), category, r.rule().ruleId().hashCode(), EVENTS_PER_RULE)));
        }
        Differential.Report report = Differential.run(cases);
        System.out.printf("corpus: %d rules, %d classes compiled, %d agreeing, %d refused by both, %d interpreter matches over %d events%n",
                rules.size(), report.compiled(), report.agreeing(), report.refusedBoth(), report.matchesSeen(), report.eventsSeen());
        assertEquals(List.of(), report.compileErrors());
        assertEquals(List.of(), report.warnings());
        assertEquals(List.of(), report.disagreements());
        assertEquals(CorpusCounts.RULES, rules.size());
        assertEquals(CorpusCounts.RULES, report.compiled());
        assertEquals(CorpusCounts.RULES, report.agreeing());
        assertTrue(report.matchesSeen() > 1000, "the events exercise matches too: " + report.matchesSeen());
    }
}
