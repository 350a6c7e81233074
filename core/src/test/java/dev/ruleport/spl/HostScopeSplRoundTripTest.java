package dev.ruleport.spl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ruleport.backend.TranslateOptions;
import dev.ruleport.backend.Translation;
import dev.ruleport.compile.CompiledRule;
import dev.ruleport.fixtures.FixtureCase;
import dev.ruleport.lower.LossMode;
import dev.ruleport.mapping.HostScope;
import dev.ruleport.mapping.MappingProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SPL for a Windows-only deployment ({@code --hosts windows}): every corpus rule that translates only under the
 * declaration is read back and agrees with the rule on its fixtures, projected onto the deployment's events.
 */
class HostScopeSplRoundTripTest {
    @ParameterizedTest
    @ValueSource(strings = {"splunk-windows", "splunk-sysmon"})
    void rulesTranslatedOnlyUnderDeclaredWindowsHostsAgree(String profileName) {
        MappingProfile scoped = MappingProfile.load(profileName).withHosts(HostScope.declared(Set.of("windows"), "a test"));
        SplBackend backend = new SplBackend();
        List<CompiledRule> rules = SplCorpus.rules();
        List<Translation> without = SplCorpus.translations(profileName, false);
        SplFixtures.Tally all = new SplFixtures.Tally();
        for (int i = 0; i < rules.size(); i++) {
            if (without.get(i).ok()) continue;
            Translation with = backend.translate(rules.get(i), TranslateOptions.of(scoped).withMode(LossMode.EXACT));
            if (!with.ok()) continue;
            assertEquals(Translation.Status.EQUIVALENT, with.status(), with.fileName());
            assertTrue(with.text().contains("deployment scope: every event comes from a host whose host.os.type is windows"),
                    with.fileName() + ": the output states the declaration\n" + with.text());
            List<FixtureCase> cases = new ArrayList<>(SplFixtures.report(i).cases());
            cases.addAll(SplFixtures.perturbations(SplFixtures.report(i).cases()));
            all.add(SplFixtures.roundTrip(with.fileName(), rules.get(i), with.text(), scoped, cases));
        }
        System.out.println("[spl, declared windows hosts] " + profileName + ": " + all.summary());
        assertEquals(List.of(), all.failures);
        assertEquals(all.rules, all.roundTripped);
        assertEquals(all.cases, all.agreeing);
        assertTrue(all.matchingCases > 0, "some case matches");
        // measured when written: 5 more rules on splunk-windows, 10 on splunk-sysmon
        assertTrue(all.rules >= 4, profileName + ": " + all.rules);
    }
}
