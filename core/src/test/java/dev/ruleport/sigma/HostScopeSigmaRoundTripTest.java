package dev.ruleport.sigma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ruleport.backend.Translation;
import dev.ruleport.compile.Frontend;
import dev.ruleport.fixtures.WitnessGenerator;
import dev.ruleport.mapping.HostScope;
import dev.ruleport.mapping.MappingProfile;
import dev.ruleport.testsupport.Corpus;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Translations that hold only in a deployment of declared hosts ({@code --hosts}) are checked like the others: every
 * corpus rule that the Sigma Linux and Windows profiles refuse without the declaration and translate with it is read
 * back and run on its generated fixtures, projected onto the deployment (each event one of its hosts').
 */
class HostScopeSigmaRoundTripTest {
    @Test
    void rulesTranslatedOnlyUnderDeclaredHostsAgreeOnTheirFixtures() {
        WitnessGenerator generator = new WitnessGenerator();
        int gained = 0;
        for (String[] pair : List.of(new String[] {"sigma-linux", "linux"}, new String[] {"sigma-windows", "windows"})) {
            MappingProfile scoped = MappingProfile.load(pair[0]).withHosts(HostScope.declared(Set.of(pair[1]), "a test"));
            String key = SigmaTestSupport.register(pair[0] + " hosts=" + pair[1], scoped);
            SigmaFixtureRoundTrip run = new SigmaFixtureRoundTrip(key);
            int here = 0;
            for (Frontend.Outcome o : Corpus.outcomes()) {
                Translation without = SigmaTestSupport.translateFull(o, pair[0], false);
                Translation with = SigmaTestSupport.translateFull(o, key, false);
                if (without.ok() || !with.ok()) continue;
                assertEquals(Translation.Status.EQUIVALENT, with.status(), o.path() + ": relies on the declaration");
                assertTrue(with.text().contains("deployment scope: every event comes from a host whose host.os.type is " + pair[1]),
                        o.path() + ": the output states the declaration\n" + with.text());
                here++;
                run.check(o.path().getFileName().toString(), o, generator.generate(o.rule(), o.query()).cases());
            }
            System.out.println(run.summary(pair[0] + " with declared " + pair[1] + " hosts, rules refused without"));
            assertEquals(List.of(), run.failures, key);
            assertEquals(List.of(), run.disagreements, key);
            assertEquals(here, run.roundTripped, key + ": every such translation reads back");
            assertTrue(run.matching > 0, key + ": some case matches");
            gained += here;
        }
        // measured when written: 5 Linux and 8 Windows cross-platform rules
        assertTrue(gained >= 10, "rules translated only under declared hosts: " + gained);
    }
}
