package dev.ruleport.spl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ruleport.backend.TranslateOptions;
import dev.ruleport.backend.Translation;
import dev.ruleport.compile.CompiledRule;
import dev.ruleport.fixtures.FixtureCase;
import dev.ruleport.fixtures.WitnessReport;
import dev.ruleport.kql.KqlBackend;
import dev.ruleport.lower.LossMode;
import dev.ruleport.lower.LoweredFilter;
import dev.ruleport.lower.LoweredRule;
import dev.ruleport.lower.Lowering;
import dev.ruleport.mapping.MappingProfile;
import dev.ruleport.sigma.SigmaBackend;
import dev.ruleport.testsupport.SplSyntaxChecker;
import dev.ruleport.testsupport.TestRules;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Event queries no single log source holds, lowered as a union of branches each over its own log source
 * ({@code Lowering#split}) and written in SPL as one search ({@code SplWriter#union}); Sigma and KQL refuse them.
 */
class SplUnionTest {
    /** File creations and registry value changes: Sysmon events 11 and 13. */
    static final String FILE_OR_REGISTRY = "any where host.os.type == \"windows\" and"
            + " ((event.category == \"file\" and event.type == \"creation\" and file.name : \"evil.exe\") or"
            + " (event.category == \"registry\" and event.type == \"change\" and registry.path : \"HKLM\\\\SOFTWARE\\\\Evil\\\\*\"))";

    static Translation spl(String profile, String query) {
        return new SplBackend().translate(TestRules.rule(query), TranslateOptions.of(MappingProfile.load(profile)).withMode(LossMode.EXACT));
    }

    static String query(Translation t) {
        StringBuilder sb = new StringBuilder();
        for (String l : t.text().split("\n")) if (!l.startsWith("```")) sb.append(l).append('\n');
        return sb.toString();
    }

    @Test
    void theLoweringSplitsADisjunctionOfEventClassesIntoBranchesOverTheirLogSources() {
        LoweredRule l = Lowering.lower(TestRules.rule(FILE_OR_REGISTRY), MappingProfile.load("splunk-sysmon"), LossMode.EXACT);
        assertTrue(l.isUnion());
        List<String> ids = new ArrayList<>();
        for (LoweredFilter f : l.union()) ids.add(f.logsourceId());
        assertEquals(List.of("sysmon/file_event", "sysmon/registry_set"), ids);
        assertEquals(List.of(), l.findings());
    }

    @Test
    void aFactOnSeveralCategoriesBesideTheDisjunctionStillSplitsOnTheDisjunction() {
        LoweredRule l = Lowering.lower(TestRules.rule("any where host.os.type == \"windows\" and event.category in (\"file\", \"registry\") and"
                + " ((event.category == \"file\" and event.type == \"creation\" and file.name : \"evil.exe\") or"
                + " (event.category == \"registry\" and event.type == \"change\" and registry.value : \"Evil\"))"),
                MappingProfile.load("splunk-sysmon"), LossMode.EXACT);
        List<String> ids = new ArrayList<>();
        for (LoweredFilter f : l.union()) ids.add(f.logsourceId());
        assertEquals(List.of("sysmon/file_event", "sysmon/registry_set"), ids);
    }

    @Test
    void aUnionIsOneSearchWhoseBranchesTestTheirOwnLogSourcesEvents() {
        Translation t = spl("splunk-sysmon", FILE_OR_REGISTRY);
        // equivalent: a registry change is read as a value set (Sysmon event 13), which the header states
        assertEquals(Translation.Status.EQUIVALENT, t.status(), t.diagnostics().toString());
        assertEquals(List.of(), SplSyntaxChecker.shared().check(t.text()));
        assertEquals("index=* source=\"XmlWinEventLog:Microsoft-Windows-Sysmon/Operational\" ((EventCode=11 (TargetFilename IN"
                + " (\"*\\\\evil.exe\", \"evil.exe\"))) OR (EventCode=13 TargetObject=\"HKLM\\\\SOFTWARE\\\\Evil\\\\*\"))\n"
                + "| where (searchmatch(\"EventCode=11\") AND (match('TargetFilename', \"(?si)^(?:.*\\\\\\\\)?evil\\\\.exe\\\\z\")))"
                + " OR (searchmatch(\"EventCode=13\") AND (match('TargetObject', \"(?s)^[hH][kK][lL][mM]\\\\\\\\[sS][oO][fF][tT]"
                + "[wW][aA][rR][eE]\\\\\\\\[eE][vV][iI][lL]\\\\\\\\.*\\\\z\")))\n", query(t));
    }

    @Test
    void aUnionKeepsEveryVerdictOnGeneratedFixturesEachEventInItsBranchsLogSource() {
        CompiledRule r = TestRules.rule(FILE_OR_REGISTRY);
        Translation t = spl("splunk-sysmon", FILE_OR_REGISTRY);
        WitnessReport report = SplFixtures.report(r);
        List<FixtureCase> cases = new ArrayList<>(report.cases());
        cases.addAll(SplFixtures.perturbations(report.cases()));
        SplFixtures.Tally tally = SplFixtures.roundTrip("union", r, t.text(), MappingProfile.load("splunk-sysmon"), cases);
        assertEquals(List.of(), tally.failures);
        assertEquals(1, tally.roundTripped);
        assertEquals(tally.cases, tally.agreeing);
        assertTrue(tally.matchingCases >= 2, "both branches have a matching case: " + tally.matchingCases);
        assertTrue(tally.cases > tally.matchingCases, "near misses are compared too");
    }

    @Test
    void aBranchNoLogSourceHoldsExactlyLeavesTheRuleRefused() {
        // a file event of any type: Sysmon records creations, deletions and creation-time changes, not every change
        Translation t = spl("splunk-sysmon", "any where host.os.type == \"windows\" and"
                + " ((event.category == \"file\" and file.name : \"evil.exe\") or"
                + " (event.category == \"registry\" and event.type == \"change\" and registry.path : \"HKLM\\\\SOFTWARE\\\\Evil\\\\*\"))");
        assertEquals(Translation.Status.REFUSED, t.status());
        assertTrue(t.diagnostics().stream().anyMatch(d -> d.code().equals("no-logsource")), t.diagnostics().toString());
    }

    @Test
    void sigmaAndKqlRefuseAUnionSayingWhichLogSourcesItNeeds() {
        Translation sigma = new SigmaBackend().translate(TestRules.rule(FILE_OR_REGISTRY),
                TranslateOptions.of(MappingProfile.load("sigma-windows")).withMode(LossMode.EXACT));
        assertEquals(Translation.Status.REFUSED, sigma.status());
        assertTrue(sigma.diagnostics().stream().anyMatch(d -> d.code().equals("no-logsource")
                && d.message().contains("windows/file_event") && d.message().contains("ruleport writes no union of Sigma rules")),
                sigma.diagnostics().toString());
        Translation kql = new KqlBackend().translate(TestRules.rule(FILE_OR_REGISTRY),
                TranslateOptions.of(MappingProfile.load("kql-defender-xdr")).withMode(LossMode.EXACT));
        assertEquals(Translation.Status.REFUSED, kql.status());
        assertTrue(kql.diagnostics().stream().anyMatch(d -> d.code().equals("no-logsource")
                && d.message().contains("ruleport writes no KQL union of tables")), kql.diagnostics().toString());
        // an identity profile holds every event in one table: no union there
        Translation ecs = new KqlBackend().translate(TestRules.rule(FILE_OR_REGISTRY),
                TranslateOptions.of(MappingProfile.load("kql-ecs")).withMode(LossMode.EXACT));
        assertEquals(Translation.Status.EXACT, ecs.status(), ecs.diagnostics().toString());
    }

    /** Elastic's two names for a Sysmon image load: Defend's library event, the Sysmon integration's process event. */
    static final String IMAGE_LOAD = "any where host.os.type == \"windows\" and"
            + " (event.category : (\"library\", \"driver\") or (event.category == \"process\" and event.action : \"Image loaded*\")) and"
            + " process.name : \"WINWORD.EXE\" and (?dll.name : \"wmiutils.dll\" or file.name : \"wmiutils.dll\")";

    @Test
    void aWildcardOnEventActionIsDecidedAgainstTheDeclaredActionTextsAndADriverBranchWithoutAProcessIsLeftOut() {
        LoweredRule l = Lowering.lower(TestRules.rule(IMAGE_LOAD), MappingProfile.load("splunk-sysmon"), LossMode.EXACT);
        // "Image loaded*" matches only event 7's text ("Image loaded"), which sysmon/image_load holds under its
        // equivalence; Sysmon event 6 records no process, so the driver branch can never hold and is left out; the
        // library and process branches are then the same test over sysmon/image_load: one filter
        assertTrue(!l.isUnion());
        assertEquals("sysmon/image_load", l.event().logsourceId());
        assertEquals(List.of(), l.findings());
        Translation t = spl("splunk-sysmon", IMAGE_LOAD);
        assertEquals(Translation.Status.EQUIVALENT, t.status(), t.diagnostics().toString());
        assertEquals(List.of(), SplSyntaxChecker.shared().check(t.text()));
        assertTrue(query(t).startsWith("index=* source=\"XmlWinEventLog:Microsoft-Windows-Sysmon/Operational\" EventCode=7 "), query(t));
        CompiledRule r = TestRules.rule(IMAGE_LOAD);
        WitnessReport report = SplFixtures.report(r);
        List<FixtureCase> cases = new ArrayList<>(report.cases());
        cases.addAll(SplFixtures.perturbations(report.cases()));
        SplFixtures.Tally tally = SplFixtures.roundTrip("image load", r, t.text(), MappingProfile.load("splunk-sysmon"), cases);
        assertEquals(List.of(), tally.failures);
        assertEquals(1, tally.roundTripped);
        assertEquals(tally.cases, tally.agreeing);
        assertTrue(tally.matchingCases >= 2, "matching cases: " + tally.matchingCases);
    }

    @Test
    void aWildcardOnEventActionMatchingNoDeclaredTextCanNeverHold() {
        // no Sysmon event's action starts with "Image unloaded": the process branch is false, the library one stays
        Translation t = spl("splunk-sysmon", "any where host.os.type == \"windows\" and"
                + " (event.category == \"library\" or (event.category == \"process\" and event.action : \"Image unloaded*\")) and"
                + " dll.name : \"wmiutils.dll\"");
        assertEquals(Translation.Status.EXACT, t.status(), t.diagnostics().toString());
        assertTrue(query(t).startsWith("index=* source=\"XmlWinEventLog:Microsoft-Windows-Sysmon/Operational\" EventCode=7 "), query(t));
        // a pattern matching another name a log source absorbs ('image loaded (rule: imageload)') but not the declared
        // text of its event code is left undecided: the rule stays refused, not decided never to match
        Translation legacy = spl("splunk-sysmon", "any where host.os.type == \"windows\" and event.category == \"process\" and"
                + " event.action : \"*(rule: Image*\" and dll.name : \"wmiutils.dll\"");
        assertEquals(Translation.Status.REFUSED, legacy.status());
        assertTrue(legacy.diagnostics().stream().noneMatch(d -> d.code().equals("never-matches")), legacy.diagnostics().toString());
        // without the declaration (splunk-windows has none) the pattern is no fact and selects nothing
        Translation w = spl("splunk-windows", IMAGE_LOAD);
        assertEquals(Translation.Status.REFUSED, w.status());
    }
}
