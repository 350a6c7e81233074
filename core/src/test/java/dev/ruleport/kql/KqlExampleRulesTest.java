package dev.ruleport.kql;

import dev.ruleport.lower.LossMode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ruleport.compile.CompiledRule;
import dev.ruleport.backend.TranslateOptions;
import dev.ruleport.backend.Translation;
import dev.ruleport.compile.Frontend;
import dev.ruleport.diag.Diagnostic;
import dev.ruleport.fixtures.FixtureCase;
import dev.ruleport.fixtures.FixtureFile;
import dev.ruleport.fixtures.FixtureRunner;
import dev.ruleport.fixtures.WitnessGenerator;
import dev.ruleport.mapping.MappingProfile;
import dev.ruleport.testsupport.KustoValidator;
import dev.ruleport.testsupport.Shared;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The example rules of {@code rules/} with their hand-written fixtures, per KQL profile: every query the writer
 * emits (exact, and lossy where the exact translation is refused) binds in Kusto with zero errors, every refusal
 * has a known reason, and for every exact translation the hand-written cases, the generator's witnesses and near
 * misses and the self-built events give the same matches under the original and the read-back query.
 */
class KqlExampleRulesTest {
    private static List<Frontend.Outcome> examples;

    static synchronized List<Frontend.Outcome> examples() throws IOException {
        if (examples == null) {
            List<Frontend.Outcome> out = new ArrayList<>();
            for (Path f : Frontend.ruleFiles(List.of(Shared.repoRoot().resolve("rules")))) {
                Frontend.Outcome o = Frontend.compile(f);
                assertEquals(Frontend.Status.OK, o.status(), () -> f + ": " + o.diagnostics());
                out.add(o);
            }
            examples = List.copyOf(out);
        }
        return examples;
    }

    @ParameterizedTest
    @ValueSource(strings = {"kql-ecs", "kql-sentinel-securityevent", "kql-defender-xdr"})
    void exampleRulesBindAndRoundTripOnTheirFixtures(String profile) throws IOException {
        MappingProfile p = MappingProfile.load(profile);
        KqlBackend backend = new KqlBackend();
        KustoValidator kusto = KustoValidator.shared();
        WitnessGenerator generator = new WitnessGenerator();
        KqlRoundTrip.Tally tally = new KqlRoundTrip.Tally();
        List<String> bindFailures = new ArrayList<>();
        List<String> fixtureFailures = new ArrayList<>();
        List<String> exact = new ArrayList<>();
        Map<String, Integer> refused = new TreeMap<>();
        List<String> refusals = new ArrayList<>();
        int lossy = 0;
        int bound = 0;
        for (Frontend.Outcome o : examples()) {
            String name = o.path().getFileName().toString();
            CompiledRule rule = new CompiledRule(o.rule(), o.query());
            Translation t = backend.translate(rule, TranslateOptions.of(p));
            List<Translation> emitted = new ArrayList<>();
            if (t.ok()) {
                emitted.add(t);
                exact.add(name);
            } else {
                List<Diagnostic> errors = t.diagnostics().stream().filter(Diagnostic::isError).toList();
                assertFalse(errors.isEmpty(), name + ": refused without an error");
                refused.merge(errors.get(0).code(), 1, Integer::sum);
                if (profile.equals("kql-ecs")) refusals.add(name + ": " + errors.get(0).headline());
                Translation l = backend.translate(rule, TranslateOptions.of(p).withMode(LossMode.ANY));
                if (l.status() == Translation.Status.LOSSY) {
                    emitted.add(l);
                    lossy++;
                }
            }
            for (Translation e : emitted) {
                List<KustoValidator.Diagnostic> errors = kusto.errors(e.text(), KqlCorpus.schema(profile));
                if (errors.isEmpty()) bound++;
                else bindFailures.add(name + " (" + e.status() + ")\n" + KustoValidator.describe(e.text(), errors));
            }
            if (!t.ok()) continue;
            tally.rules++;
            KqlRoundTrip rt = KqlRoundTrip.of(rule, t.text(), p);
            FixtureRunner runner = FixtureRunner.forRule(o.rule(), o.query());
            for (FixtureCase c : FixtureFile.read(FixtureFile.forRule(o.path()))) {
                FixtureRunner.Verdict v = runner.run(c);
                if (!v.passed()) fixtureFailures.add(name + ": " + v.describe());
                tally.add(name, "hand-written", c.name(), c.events(), rt.run(c.events()));
            }
            for (FixtureCase c : generator.generate(o.rule(), o.query()).cases()) {
                tally.add(name, c.expectsMatch() ? "positive" : "near miss", c.name(), c.events(), rt.run(c.events()));
            }
            int i = 0;
            for (List<Map<String, Object>> g : rt.selfBuilt(new Random(name.hashCode()), 30)) {
                tally.add(name, "self-built", "group " + i++, g, rt.run(g));
            }
        }
        System.out.println("[kql example rules] " + profile + ": " + exact.size() + " of " + examples().size()
                + " translate exactly, " + lossy + " more with --lossy, refused " + refused + "; " + bound
                + " emitted queries bind with 0 errors, " + bindFailures.size() + " do not; round trip: " + tally.summary()
                + "\n    exact: " + exact + (refusals.isEmpty() ? "" : "\n    refused: " + String.join("\n    refused: ", refusals)));
        assertEquals(List.of(), bindFailures);
        assertEquals(List.of(), fixtureFailures);
        assertEquals(List.of(), tally.failures);
        assertEquals(tally.cases(), tally.agreeing);
        if (profile.equals("kql-ecs")) assertTrue(exact.size() >= 11, "kql-ecs translates " + exact.size() + " example rules");
    }
}
