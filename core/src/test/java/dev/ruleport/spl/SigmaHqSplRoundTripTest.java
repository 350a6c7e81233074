package dev.ruleport.spl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ruleport.compile.CompiledRule;
import dev.ruleport.backend.TranslateOptions;
import dev.ruleport.backend.Translation;
import dev.ruleport.fixtures.FixtureCase;
import dev.ruleport.mapping.MappingProfile;
import dev.ruleport.testsupport.SigmaHqCorpus;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SigmaHQ's rules read as Sigma, translated to SPL over ECS names ({@code splunk-ecs}), read back with {@link
 * SplReader} and run on the rule's generated fixture cases ({@link SplFixtures#roundTrip}): every exact translation
 * gives the verdicts of the rule, case by case. (Under {@code splunk-sysmon} the reader cannot tell which of two ECS
 * fields a Sysmon field came from, e.g. {@code Details} from {@code winlog.event_data.Details} or {@code
 * registry.data.strings}, so its round trip compares different fields; the coverage test checks that SPL's syntax.)
 */
class SigmaHqSplRoundTripTest {
    @ParameterizedTest
    @ValueSource(strings = {"splunk-ecs"})
    void exactTranslationsAgreeOnEveryCase(String profileName) {
        MappingProfile profile = MappingProfile.load(profileName);
        TranslateOptions options = TranslateOptions.of(profile);
        SplBackend backend = new SplBackend();
        List<SigmaHqCorpus.Entry> rules = SigmaHqCorpus.read();
        List<List<FixtureCase>> cases = SigmaHqCorpus.cases();
        SplFixtures.Tally all = new SplFixtures.Tally();
        for (int i = 0; i < rules.size(); i++) {
            var o = rules.get(i).outcome();
            CompiledRule rule = new CompiledRule(o.rule(), o.query());
            Translation t = backend.translate(rule, options);
            if (!t.ok()) continue;
            all.add(SplFixtures.roundTrip(rules.get(i).name(), rule, t.text(), profile, cases.get(i)));
        }
        System.out.println("[sigmahq spl round trip] " + profileName + ": " + all.summary());
        assertEquals(List.of(), all.failures.subList(0, Math.min(5, all.failures.size())), all.failures.size() + " rules disagree");
        assertEquals(all.rules, all.roundTripped);
        assertEquals(all.cases, all.agreeing);
        assertTrue(all.rules > 2400 && all.matchingCases > 2400, all.summary());
    }
}
