package dev.ruleport.sigma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ruleport.compile.CompiledRule;
import dev.ruleport.backend.EqlBackend;
import dev.ruleport.backend.TranslateOptions;
import dev.ruleport.diag.SourceText;
import dev.ruleport.fixtures.FixtureCase;
import dev.ruleport.fixtures.FixtureRunner;
import dev.ruleport.ir.Query;
import dev.ruleport.mapping.MappingProfile;
import dev.ruleport.parse.QueryParser;
import dev.ruleport.testsupport.SigmaHqCorpus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every SigmaHQ rule that reads, on its generated fixture cases (positive witnesses and near misses of the query it
 * reads as): Sigma → EQL text → EQL parser gives the same verdicts as the rule, case by case; and Sigma → Sigma
 * (written through the profile the rule was read through) → {@link SigmaReader} gives the
 * same verdicts wherever the Sigma writer translates exactly ({@link SigmaFixtureRoundTrip} runs one profile).
 * The KQL and SPL round trips of the same rules are {@code SigmaHqKqlRoundTripTest} and {@code
 * SigmaHqSplRoundTripTest}.
 */
class SigmaHqRoundTripTest {
    @Test
    void sigmaToEqlAndBackAgreeOnEveryCase() {
        List<SigmaHqCorpus.Entry> rules = SigmaHqCorpus.read();
        List<List<FixtureCase>> cases = SigmaHqCorpus.cases();
        TranslateOptions options = TranslateOptions.of(MappingProfile.load("ecs"));
        int n = 0;
        int matching = 0;
        List<String> disagreements = new ArrayList<>();
        List<String> noWitness = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            var o = rules.get(i).outcome();
            String eql = new EqlBackend().translate(new CompiledRule(o.rule(), o.query()), options).text();
            QueryParser.Result<Query> back = QueryParser.parseQuery(SourceText.of(rules.get(i).name() + ".eql", eql));
            assertTrue(back.ok(), () -> eql + back.diagnostics());
            FixtureRunner original = FixtureRunner.forRule(o.rule(), o.query());
            FixtureRunner reread = FixtureRunner.forRule(o.rule(), back.value());
            boolean witnessed = false;
            for (FixtureCase c : cases.get(i)) {
                n++;
                List<List<Integer>> a = original.run(c).actual();
                if (!a.isEmpty()) matching++;
                witnessed |= !a.isEmpty();
                if (!a.equals(reread.run(c).actual()) && disagreements.size() < 10) disagreements.add(rules.get(i).name() + ": " + c.name());
            }
            if (!witnessed) noWitness.add(rules.get(i).name());
        }
        System.out.printf("%n[sigmahq round trip] Sigma -> EQL -> EQL parser: %d rules, %d cases (%d matching), %d disagreeing%n",
                rules.size(), n, matching, disagreements.size());
        assertEquals(List.of(), disagreements);
        // no event satisfies these two as SigmaHQ wrote them: the first keeps System-log events whose channel is not
        // System (event 104 names the cleared log under UserData, not Channel); the second asks for a command line
        // equal to "RunWizard" that also holds a {GUID}
        assertEquals(List.of("rules/windows/builtin/system/microsoft_windows_eventlog/win_system_eventlog_cleared.yml",
                "rules/windows/process_creation/proc_creation_win_xwizard_runwizard_com_object_exec.yml"), noWitness,
                "rules without a matching witness");
    }

    @Test
    void sigmaToSigmaAndBackAgreeOnEveryCase() {
        List<SigmaHqCorpus.Entry> rules = SigmaHqCorpus.read();
        List<List<FixtureCase>> cases = SigmaHqCorpus.cases();
        Map<String, SigmaFixtureRoundTrip> runs = new LinkedHashMap<>();
        for (int i = 0; i < rules.size(); i++) {
            var o = rules.get(i).outcome();
            String own = inputProfile(o.rule().otherRuleFields());
            runs.computeIfAbsent(own == null ? "ecs" : own, SigmaFixtureRoundTrip::new).check(rules.get(i).name(), o, cases.get(i));
        }
        for (SigmaFixtureRoundTrip r : runs.values()) {
            System.out.println(r.summary("sigmahq"));
            r.disagreements.forEach(d -> System.out.println("    DISAGREEMENT " + d));
            r.failures.forEach(f -> System.out.println("    FAILURE " + f));
        }
        for (SigmaFixtureRoundTrip r : runs.values()) {
            assertEquals(List.of(), r.failures, r.profileName + ": exact translations that do not read back");
            assertEquals(List.of(), r.disagreements, r.profileName + ": disagreeing cases");
            assertEquals(List.of(), r.excluded, r.profileName + ": the corpus has no sequences to exclude");
        }
        assertTrue(runs.get("sigma-windows").roundTripped > 1500, "sigma-windows round trips: " + runs.get("sigma-windows").roundTripped);
    }

    /** The built-in profile a read rule's names came through, from the log source it kept. */
    static String inputProfile(Map<String, Object> other) {
        if (!(other.get("sigma_logsource") instanceof Map<?, ?> ls)) return null;
        Map<String, String> attributes = new LinkedHashMap<>();
        ls.forEach((k, v) -> attributes.put(String.valueOf(k), String.valueOf(v)));
        InputProfiles.Choice c = InputProfiles.builtIn().choose(attributes, other.get("sigma_taxonomy") == null ? null
                : String.valueOf(other.get("sigma_taxonomy")));
        return c.names() == null || c.names().identity() ? null : c.names().profileName();
    }
}
