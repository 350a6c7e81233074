package dev.ruleport.spl;

import dev.ruleport.testsupport.Goldens;
import dev.ruleport.lower.LossMode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ruleport.compile.CompiledRule;
import dev.ruleport.backend.TranslateOptions;
import dev.ruleport.backend.Translation;
import dev.ruleport.compile.Frontend;
import dev.ruleport.diag.Diagnostic;
import dev.ruleport.interpret.Interpreter;
import dev.ruleport.interpret.InterpreterOptions;
import dev.ruleport.mapping.MappingProfile;
import dev.ruleport.runtime.Event;
import dev.ruleport.testsupport.Shared;
import dev.ruleport.testsupport.SplSyntaxChecker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SplGoldenTest {

    static CompiledRule seed() {
        Path p = Shared.require("seed/credential_access_lsass_clone_creation_via_psscapturesnapshot.toml");
        Frontend.Outcome o = Frontend.compile(p);
        assertEquals(Frontend.Status.OK, o.status(), o.diagnostics().toString());
        return new CompiledRule(o.rule(), o.query());
    }

    static CompiledRule hostile() throws IOException {
        Path p = Path.of("src/test/resources/spl/hostile_values.toml");
        Frontend.Outcome o = Frontend.compileText("hostile_values.toml", Files.readString(p));
        assertEquals(Frontend.Status.OK, o.status(), o.diagnostics().toString());
        return new CompiledRule(o.rule(), o.query());
    }

    static String render(Translation t) {
        if (t.ok()) return t.text();
        StringBuilder sb = new StringBuilder("REFUSED\n");
        for (Diagnostic d : t.diagnostics()) {
            // file name only: the golden must not depend on where the shared folder lives
            sb.append(d.render().replace(d.file(), Path.of(d.file()).getFileName().toString())).append('\n');
        }
        return sb.toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"splunk-ecs", "splunk-windows", "splunk-sysmon", "splunk-cim"})
    void seedRuleInEachProfile(String profile) {
        Translation exact = new SplBackend().translate(seed(), TranslateOptions.of(MappingProfile.load(profile)));
        Translation lossy = new SplBackend().translate(seed(), TranslateOptions.of(MappingProfile.load(profile)).withMode(LossMode.ANY));
        Goldens.check("spl", "seed." + profile + ".spl", render(exact));
        Goldens.check("spl", "seed." + profile + ".lossy.spl", render(lossy));
        // every profile writes the seed: the CIM form tests the | where after tstats
        assertTrue(lossy.ok(), render(lossy));
        if (lossy.ok()) assertEquals(List.of(), SplSyntaxChecker.shared().check(lossy.text()));
        // ? stays one character: never widened to *, in the exact (where) part
        if (exact.ok()) {
            // each letter a class, not (?i), which in PCRE's UTF mode also folds the long s into s
            assertTrue(exact.text().contains("(?s)^.:\\\\\\\\[wW][iI][nN][dD][oO][wW][sS]\\\\\\\\[sS][yY][sS][tT][eE][mM]32\\\\\\\\[lL][sS][aA][sS][sS]\\\\.[eE][xX][eE]\\\\z"), exact.text());
            assertFalse(exact.text().contains("LOSSY"));
        }
    }

    @Test
    void seedStatusPerProfile() {
        assertEquals(Translation.Status.EXACT, new SplBackend().translate(seed(), TranslateOptions.of(MappingProfile.load("splunk-ecs"))).status());
        assertEquals(Translation.Status.EXACT, new SplBackend().translate(seed(), TranslateOptions.of(MappingProfile.load("splunk-windows"))).status());
        // the seed names Security event 4688; Sysmon records the same process start as its event 1
        Translation sysmon = new SplBackend().translate(seed(), TranslateOptions.of(MappingProfile.load("splunk-sysmon")));
        assertEquals(Translation.Status.EQUIVALENT, sysmon.status(), sysmon.diagnostics().toString());
        assertEquals(List.of("Windows Security event 4688 (a new process has been created) = process start = Sysmon event 1"
                + " (process creation)"), sysmon.equivalences());
        assertTrue(sysmon.text().contains("\nindex=* source=\"XmlWinEventLog:Microsoft-Windows-Sysmon/Operational\" EventCode=1 Image="),
                sysmon.text());
        assertFalse(sysmon.text().contains("4688\"") || sysmon.text().contains("EventCode=\"4688"), sysmon.text());
        // on CIM: a 4688 process start is an Endpoint.Processes record, Windows hosts' events those of the Windows
        // event log sourcetypes; tstats groups by the two paths the | where tests (both required: no fill value)
        Translation cim = new SplBackend().translate(seed(), TranslateOptions.of(MappingProfile.load("splunk-cim")));
        assertEquals(Translation.Status.EQUIVALENT, cim.status(), cim.diagnostics().toString());
        assertEquals(2, cim.equivalences().size(), cim.equivalences().toString());
        assertTrue(cim.text().contains(" from datamodel=Endpoint.Processes where (sourcetype IN (\"XmlWinEventLog\", \"WinEventLog\","
                + " \"XmlWinEventLog:*\", \"WinEventLog:*\")) Processes.process_path=\"*:\\\\Windows\\\\System32\\\\lsass.exe\" "), cim.text());
        assertTrue(cim.text().contains(" by _time span=1s Processes.process_path Processes.parent_process_path\n| where match("), cim.text());
        assertFalse(cim.text().contains("fillnull_value"), cim.text());
    }

    @Test
    void hostileValuesAreEscaped() throws IOException {
        CompiledRule r = hostile();
        Translation t = new SplBackend().translate(r, TranslateOptions.of(MappingProfile.load("splunk-ecs")));
        assertTrue(t.ok(), render(t));
        Goldens.check("spl", "hostile_values.splunk-ecs.spl", t.text());
        Translation conf = new SplBackend().translate(r, new TranslateOptions(MappingProfile.load("splunk-ecs"), LossMode.EXACT, Map.of("format", "savedsearches")));
        Goldens.check("spl", "hostile_values.splunk-ecs.conf", conf.text());
        assertEquals(List.of(), SplSyntaxChecker.shared().check(t.text()));
        assertEquals(List.of(), SplSyntaxChecker.shared().check(SavedSearchesTest.value(conf.text(), "search")));
        // no value leaves its string: no raw newline, tab or backtick outside the comment lines
        for (String line : t.text().split("\n")) {
            if (line.startsWith("```")) {
                assertTrue(line.endsWith("```") && line.indexOf("```", 3) == line.length() - 3, line);
                continue;
            }
            assertFalse(line.contains("`"), line);
            assertFalse(line.contains("\t"), line);
        }
        assertTrue(conf.text().startsWith("[Hostile (values) ''' | \"quoted\"]\n"), conf.text());
        // the pipeline has exactly the stages we wrote: one search and one where
        assertEquals(2, t.text().lines().filter(l -> !l.startsWith("```")).count());
        assertEquals(1, t.text().lines().filter(l -> l.startsWith("| ")).count());
    }

    @Test
    void hostileValuesRoundTripOnHandWrittenEvents() throws IOException {
        CompiledRule r = hostile();
        Translation t = new SplBackend().translate(r, TranslateOptions.of(MappingProfile.load("splunk-ecs")));
        var back = new SplReader(new dev.ruleport.lower.ProfileReverse(MappingProfile.load("splunk-ecs"))).read(t.text());
        Map<String, Object> match = new java.util.LinkedHashMap<>();
        match.put("event.category", List.of("process"));
        match.put("process.command_line", "X A\"B|C [D] E\\*");
        match.put("process.name", "x*y\\z\"");
        match.put("process.title", "`WHOAMI` | ```x```");
        match.put("process.working_directory", "line1\nline2");
        match.put("process.parent.name", "tab\tthere");
        match.put("process.args", List.of("other", "q\\\"]|[Z"));
        match.put("process.executable", "C:\\Users\\bob\\a\"b|c[x]`anything");
        List<Map<String, Object>> maps = new ArrayList<>();
        maps.add(match);
        String[][] breaks = {
                {"process.command_line", "X A\"B|C [D] E\\"},        // \\ is literal, the * after it may be empty: still a match
                {"process.name", "X*Y\\Z\""},                        // == is case-sensitive
                {"process.name", "xAy\\z\""},                        // == takes * literally
                {"process.title", "`whoami` | ``x``"},
                {"process.working_directory", "line1\\nline2"},
                {"process.parent.name", "C\\D\""},                   // : is case-insensitive: excluded
                {"process.parent.name", "[A]|B"},                   // excluded too
                {"process.executable", "C:\\Users\\bob\\x\\a\"b|c[x]`"},  // [^\\]+ is one path segment
        };
        for (String[] b : breaks) {
            Map<String, Object> m = new java.util.LinkedHashMap<>(match);
            m.put(b[0], b[1]);
            maps.add(m);
        }
        Map<String, Object> missingParent = new java.util.LinkedHashMap<>(match);
        missingParent.remove("process.parent.name"); // not ... : holds on a missing field
        maps.add(missingParent);
        List<Event> events = new ArrayList<>();
        for (Map<String, Object> m : maps) events.add(Event.of(m));
        Interpreter want = Interpreter.compile(r.query(), r.rule().querySource(), InterpreterOptions.defaults());
        Interpreter got = Interpreter.compile(back, InterpreterOptions.defaults());
        List<Boolean> expected = new ArrayList<>();
        List<Boolean> actual = new ArrayList<>();
        for (Event e : events) {
            expected.add(want.matches(e));
            actual.add(got.matches(e));
        }
        assertEquals(List.of(true, true, false, false, false, false, false, false, false, true), expected);
        assertEquals(expected, actual);
    }
}
