package dev.ruleport.javagen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ruleport.compile.CompiledRule;
import dev.ruleport.fixtures.FixtureCase;
import dev.ruleport.fixtures.WitnessGenerator;
import dev.ruleport.runtime.Event;
import dev.ruleport.interpret.InterpreterOptions;
import dev.ruleport.runtime.matcher.RunOptions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every corpus rule compiles to a class javac accepts without warnings, and the class agrees with the
 * interpreter on events derived from the rule's own literals (mutations: case flips, missing and
 * multi-valued fields) and on every witness and near-miss case of the fixtures' witness generator.
 */
class CorpusDifferentialTest {
    static final int EVENTS_PER_RULE = 120;

    @Test
    void everyCorpusRuleCompilesAndAgreesWithTheInterpreter() throws IOException {
        CorpusClasses corpus = CorpusClasses.get();
        List<CompiledRule> rules = corpus.rules;
        List<Differential.Case> cases = new ArrayList<>();
        WitnessGenerator witnesses = new WitnessGenerator();
        int witnessCases = 0;
        for (CompiledRule r : rules) {
            String category = r.rule().categoryField();
            // each witness and near-miss case of the fixtures generator is a batch of its own
            List<List<Event>> batches = new ArrayList<>();
            for (FixtureCase fc : witnesses.generate(r.rule(), r.query()).cases()) {
                List<Event> batch = new ArrayList<>();
                for (Map<String, Object> m : fc.events()) batch.add(Event.of(m));
                batches.add(batch);
            }
            witnessCases += batches.size();
            cases.add(new Differential.Case(r.rule().file(), r,
                    InterpreterOptions.defaults().withCategoryField(category),
                    JavaGenOptions.defaults(), RunOptions.defaults(),
                    MutationEvents.forQuery(r.query(), category, r.rule().ruleId().hashCode(), EVENTS_PER_RULE), batches));
        }
        System.out.printf("witness cases: %d%n", witnessCases);
        assertTrue(witnessCases > 3 * CorpusCounts.RULES, "witness cases per rule: " + witnessCases);
        Differential.Report report = Differential.run(cases, corpus);
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
