package dev.ruleport.spl;

import dev.ruleport.lower.LossMode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ruleport.compile.CompiledRule;
import dev.ruleport.backend.TranslateOptions;
import dev.ruleport.backend.Translation;
import dev.ruleport.compile.Frontend;
import dev.ruleport.fixtures.FixtureCase;
import dev.ruleport.fixtures.FixtureFile;
import dev.ruleport.fixtures.WitnessReport;
import dev.ruleport.mapping.MappingProfile;
import dev.ruleport.testsupport.Shared;
import dev.ruleport.testsupport.SplSyntaxChecker;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The example rules in {@code rules/} with their hand-written fixtures: in every SPL profile, each exact translation
 * (as a query and as a savedsearches.conf stanza) and each lossy one passes the syntax check, and each exact translation reads back to a query that agrees with the
 * rule on every hand-written case, every generated case and the perturbations of the positive ones.
 */
class SplExampleRulesTest {

    @Test
    void exampleRulesCheckAndRoundTripInEveryProfile() throws IOException {
        Path dir = Shared.repoRoot().resolve("rules");
        List<Path> files = Frontend.ruleFiles(List.of(dir));
        assertTrue(files.size() >= 19, "example rules: " + files.size());
        List<CompiledRule> rules = new ArrayList<>();
        for (Path f : files) {
            Frontend.Outcome o = Frontend.compile(f);
            assertEquals(Frontend.Status.OK, o.status(), () -> f + ": " + o.diagnostics());
            rules.add(new CompiledRule(o.rule(), o.query()));
        }
        SplBackend backend = new SplBackend();
        List<String> failures = new ArrayList<>();
        StringBuilder summary = new StringBuilder();
        for (String profileName : SplCorpus.PROFILES) {
            MappingProfile profile = MappingProfile.load(profileName);
            int exact = 0, lossy = 0, checked = 0, findings = 0, handWritten = 0;
            SplFixtures.Tally tally = new SplFixtures.Tally();
            for (int i = 0; i < rules.size(); i++) {
                CompiledRule r = rules.get(i);
                Translation t = backend.translate(r, TranslateOptions.of(profile));
                Translation l = backend.translate(r, TranslateOptions.of(profile).withMode(LossMode.ANY));
                Translation st = backend.translate(r, new TranslateOptions(profile, LossMode.EXACT, Map.of("format", "savedsearches")));
                for (Translation x : t.ok() ? List.of(t, l, st) : l.ok() ? List.of(l) : List.<Translation>of()) {
                    checked++;
                    String search = x.fileName().endsWith(".conf") ? SavedSearchesTest.value(x.text(), "search") : x.text();
                    List<SplSyntaxChecker.Finding> f = SplSyntaxChecker.shared().check(search);
                    if (!f.isEmpty()) {
                        findings++;
                        failures.add(profileName + " " + x.fileName() + ": " + SplSyntaxChecker.describe(search, f));
                    }
                }
                if (!t.ok()) {
                    if (l.ok()) lossy++;
                    continue;
                }
                exact++;
                List<FixtureCase> cases = new ArrayList<>(FixtureFile.read(FixtureFile.forRule(files.get(i))));
                handWritten += cases.size();
                WitnessReport report = SplFixtures.report(r);
                cases.addAll(report.cases());
                cases.addAll(SplFixtures.perturbations(cases));
                SplFixtures.Tally one = SplFixtures.roundTrip(profileName + " " + t.fileName(), r, t.text(), profile, cases);
                tally.add(one);
            }
            failures.addAll(tally.failures);
            summary.append(String.format("%n  %-15s %2d exact, %2d lossy only; syntax: %d queries checked, %d with findings; round trip: %s (%d hand-written)",
                    profileName, exact, lossy, checked, findings, tally.summary(), handWritten));
        }
        System.out.println("[spl example rules] " + rules.size() + " rules" + summary);
        assertEquals(List.of(), failures);
    }
}
