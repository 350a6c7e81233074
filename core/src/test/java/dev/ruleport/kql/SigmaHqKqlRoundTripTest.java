package dev.ruleport.kql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ruleport.compile.CompiledRule;
import dev.ruleport.backend.TranslateOptions;
import dev.ruleport.backend.Translation;
import dev.ruleport.fixtures.FixtureCase;
import dev.ruleport.mapping.MappingProfile;
import dev.ruleport.testsupport.SigmaHqCorpus;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SigmaHQ's rules read as Sigma, translated to KQL over the ECS table ({@code kql-ecs}), read back with
 * {@link KqlReader} and run on the rule's generated fixture cases ({@link KqlRoundTrip}): every exact translation
 * gives the verdicts of the rule, case by case.
 */
class SigmaHqKqlRoundTripTest {
    @Test
    void exactTranslationsAgreeOnEveryCase() {
        MappingProfile profile = MappingProfile.load("kql-ecs");
        TranslateOptions options = TranslateOptions.of(profile);
        KqlBackend backend = new KqlBackend();
        List<SigmaHqCorpus.Entry> rules = SigmaHqCorpus.read();
        List<List<FixtureCase>> cases = SigmaHqCorpus.cases();
        KqlRoundTrip.Tally tally = new KqlRoundTrip.Tally();
        for (int i = 0; i < rules.size(); i++) {
            var o = rules.get(i).outcome();
            CompiledRule rule = new CompiledRule(o.rule(), o.query());
            Translation t = backend.translate(rule, options);
            if (!t.ok()) continue;
            tally.rules++;
            KqlRoundTrip rt = KqlRoundTrip.of(rule, t.text(), profile);
            for (FixtureCase c : cases.get(i)) {
                tally.add(rules.get(i).name(), c.expectsMatch() ? "positive" : "near miss", c.name(), c.events(), rt.run(c.events()));
            }
        }
        System.out.println("[sigmahq kql round trip] kql-ecs: " + tally.summary());
        assertEquals(List.of(), tally.failures);
        assertEquals(tally.cases(), tally.agreeing);
        assertTrue(tally.rules > 1400 && tally.matching > 1400, tally.summary());
    }
}
