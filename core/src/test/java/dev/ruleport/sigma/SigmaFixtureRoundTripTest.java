package dev.ruleport.sigma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ruleport.compile.Frontend;
import dev.ruleport.fixtures.FixtureCase;
import dev.ruleport.fixtures.FixtureFile;
import dev.ruleport.fixtures.WitnessGenerator;
import dev.ruleport.ir.EventQuery;
import dev.ruleport.testsupport.Shared;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The round trip of DESIGN.md ("Round trips", point 3) on fixtures: for every rule that translates, EQL → Sigma →
 * {@link SigmaReader} → IR gives the same verdicts as the original on the rule's positive and near-miss fixture
 * cases ({@link SigmaFixtureRoundTrip} runs one profile).
 *
 * <ul>
 *   <li>The corpus of Elastic detection rules with the cases of {@link WitnessGenerator}, under {@code ecs} and
 *       under {@code sigma-windows} (every rule is tried; those that translate exactly there are the Windows rules
 *       the profile has log sources for), and likewise under {@code sigma-linux} and {@code sigma-macos}.</li>
 *   <li>The same corpus event queries on neighbourhood probes ({@link SigmaNeighbourhood}: the query's constants
 *       with case flipped, fields varied or removed, random combinations), which only compare the two verdicts.</li>
 *   <li>The example rules in {@code rules/} with their hand-written fixture files, and the generator's cases for
 *       them, under every Sigma profile.</li>
 * </ul>
 * Targeted hand-written constructs are in {@link SigmaRoundTripTest}.
 * Sequences are included: the reader reads {@code temporal_ordered} and {@code event_count} correlations back as
 * EQL sequences. An exact translation the reader cannot read back is a failure for an event query; for a
 * sequence it must be listed in {@value #EXCLUDED} with the reason, and the list is compared exactly (it only
 * shrinks).
 */
class SigmaFixtureRoundTripTest {
    static final String EXCLUDED = "/sigma/roundtrip-excluded.txt";
    static final List<String> SIGMA_PROFILES = List.of("ecs", "sigma-windows", "sigma-linux", "sigma-macos");

    @Test
    void corpusRulesAgreeOnGeneratedFixtures() throws IOException {
        Path root = Shared.require("corpus/detection-rules");
        WitnessGenerator generator = new WitnessGenerator();
        List<SigmaFixtureRoundTrip> runs = new ArrayList<>();
        for (String profile : SIGMA_PROFILES) runs.add(new SigmaFixtureRoundTrip(profile));
        List<SigmaFixtureRoundTrip> probes = List.of(new SigmaFixtureRoundTrip("ecs", false),
                new SigmaFixtureRoundTrip("sigma-windows", false));
        for (Path p : Frontend.ruleFiles(List.of(root))) {
            Frontend.Outcome o = Frontend.compile(p);
            if (o.status() != Frontend.Status.OK) continue;
            String name = "detection-rules/" + root.relativize(p).toString().replace('\\', '/');
            List<FixtureCase> cases = generator.generate(o.rule(), o.query()).cases();
            for (SigmaFixtureRoundTrip r : runs) r.check(name, o, cases);
            if (o.query() instanceof EventQuery q) {
                List<FixtureCase> probe = SigmaNeighbourhood.cases(q, o.rule().categoryField(), p.getFileName().toString().hashCode());
                for (SigmaFixtureRoundTrip r : probes) r.check(name, o, probe);
            }
        }
        assertAll("corpus", runs, "detection-rules/");
        assertTrue(runs.get(0).roundTripped > 600, "ecs round trips: " + runs.get(0).roundTripped);
        assertTrue(runs.get(1).roundTripped > 40, "sigma-windows round trips: " + runs.get(1).roundTripped);
        assertAll("corpus, neighbourhood probes of event queries", probes, "detection-rules/");
    }

    @Test
    void exampleRulesAgreeOnTheirFixtures() throws IOException {
        Path dir = Shared.repoRoot().resolve("rules");
        WitnessGenerator generator = new WitnessGenerator();
        List<SigmaFixtureRoundTrip> runs = new ArrayList<>();
        for (String profile : SIGMA_PROFILES) runs.add(new SigmaFixtureRoundTrip(profile));
        List<Path> files = Frontend.ruleFiles(List.of(dir));
        assertTrue(files.size() >= 19, "example rules: " + files.size());
        for (Path p : files) {
            Frontend.Outcome o = Frontend.compile(p);
            assertEquals(Frontend.Status.OK, o.status(), () -> p + ": " + o.diagnostics());
            List<FixtureCase> cases = new ArrayList<>(FixtureFile.read(FixtureFile.forRule(p)));
            cases.addAll(generator.generate(o.rule(), o.query()).cases());
            for (SigmaFixtureRoundTrip r : runs) r.check("rules/" + p.getFileName(), o, cases);
        }
        assertAll("example rules", runs, "rules/");
        assertTrue(runs.get(0).roundTripped >= 10, "example rules round-tripped under ecs: " + runs.get(0).roundTripped);
    }

    private static void assertAll(String what, List<SigmaFixtureRoundTrip> runs, String namePrefix) throws IOException {
        List<String> excluded = new ArrayList<>();
        for (SigmaFixtureRoundTrip r : runs) {
            System.out.println(r.summary(what));
            if (!r.lossyDisagreeing.isEmpty()) {
                System.out.println("    lossy translations that disagree (allowed): " + r.lossyDisagreeing);
            }
            r.offExpectation.forEach(c -> System.out.println("    projected, no longer as expected: " + c));
            r.failures.forEach(f -> System.out.println("    FAILURE " + f));
            r.disagreements.forEach(d -> System.out.println("    DISAGREEMENT " + d));
            excluded.addAll(r.excluded);
        }
        for (SigmaFixtureRoundTrip r : runs) {
            assertEquals(List.of(), r.failures, r.profileName + ": exact translations that do not read back");
            assertEquals(List.of(), r.disagreements, r.profileName + ": " + (r.cases - r.agreeing) + " disagreeing cases");
        }
        List<String> listed = new ArrayList<>();
        for (String line : checkedInExcluded()) {
            String[] f = line.split("\t", 3);
            if (f.length > 1 && f[1].startsWith(namePrefix)) listed.add(line);
        }
        assertEquals(listed, excluded, "sequences whose exact translation does not read back differ from " + EXCLUDED
                + " (the list only shrinks: remove entries that now read back)");
    }

    static List<String> checkedInExcluded() throws IOException {
        List<String> out = new ArrayList<>();
        try (InputStream in = SigmaFixtureRoundTripTest.class.getResourceAsStream(EXCLUDED)) {
            if (in == null) throw new AssertionError(EXCLUDED + " is missing");
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) continue;
                out.add(line);
            }
        }
        return out;
    }
}
