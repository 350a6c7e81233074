package dev.ruleport.spl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ruleport.compile.CompiledRule;
import dev.ruleport.backend.Translation;
import dev.ruleport.fixtures.FixtureCase;
import dev.ruleport.fixtures.WitnessReport;
import dev.ruleport.ir.SequenceQuery;
import dev.ruleport.mapping.MappingProfile;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * EQL → SPL → {@link SplReader} → IR keeps every verdict on the project's fixtures: for every corpus rule the
 * profile translates exactly, the generator's positive witnesses and near misses, plus perturbations of the
 * positives ({@link SplFixtures}), run through the rule and through the read-back query give the same matches,
 * case by case. Sequences included: the reader rebuilds them from the streamstats pipeline, and
 * {@link StreamstatsSequenceModelTest} checks that the pipeline computes what it reads as. Under a profile with log
 * sources, events are first put in the log source ({@link SplFixtures#inLogSource}).
 */
class SplRoundTripTest {

    @ParameterizedTest
    @ValueSource(strings = {"splunk-ecs", "splunk-windows", "splunk-sysmon", "splunk-cim"})
    void translatedCorpusRulesAgreeOnEveryFixtureCase(String profileName) {
        MappingProfile profile = MappingProfile.load(profileName);
        List<CompiledRule> rules = SplCorpus.rules();
        List<Translation> ts = SplCorpus.translations(profileName, false);
        SplFixtures.Tally all = new SplFixtures.Tally();
        SplFixtures.Tally seq = new SplFixtures.Tally();
        int noWitness = 0;
        long genNanos = 0, runNanos = 0, pertNanos = 0;
        for (int i = 0; i < rules.size(); i++) {
            if (!ts.get(i).ok()) continue;
            CompiledRule r = rules.get(i);
            long t0 = System.nanoTime();
            WitnessReport report = SplFixtures.report(i);
            long t1 = System.nanoTime();
            if (!report.hasWitness()) noWitness++;
            List<FixtureCase> cases = new ArrayList<>(report.cases());
            cases.addAll(SplFixtures.perturbations(report.cases()));
            long t2 = System.nanoTime();
            SplFixtures.Tally t = SplFixtures.roundTrip(ts.get(i).fileName(), r, ts.get(i).text(), profile, cases);
            long t3 = System.nanoTime();
            genNanos += t1 - t0; pertNanos += t2 - t1; runNanos += t3 - t2;
            all.add(t);
            if (r.query() instanceof SequenceQuery) seq.add(t);
        }
        System.out.println("[spl round trip] " + profileName + ": " + all.summary() + "; sequences: " + seq.summary()
                + "; " + noWitness + " translated rules without a witness; generation " + genNanos / 1_000_000 + " ms, perturbation "
                + pertNanos / 1_000_000 + " ms, round trips " + runNanos / 1_000_000 + " ms");
        assertTrue(all.rules > 0, "nothing translates under " + profileName);
        assertTrue(all.matchingCases > 0, "no case matches: the comparison would be vacuous");
        assertEquals(List.of(), all.failures.subList(0, Math.min(5, all.failures.size())), all.failures.size() + " rules disagree");
        assertEquals(all.rules, all.roundTripped);
        assertEquals(all.cases, all.agreeing);
    }
}
