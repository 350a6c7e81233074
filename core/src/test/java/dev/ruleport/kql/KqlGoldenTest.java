package dev.ruleport.kql;

import dev.ruleport.lower.LossMode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ruleport.compile.CompiledRule;
import dev.ruleport.backend.TranslateOptions;
import dev.ruleport.backend.Translation;
import dev.ruleport.compile.Frontend;
import dev.ruleport.interpret.Interpreter;
import dev.ruleport.interpret.InterpreterOptions;
import dev.ruleport.ir.Query;
import dev.ruleport.mapping.MappingProfile;
import dev.ruleport.runtime.Event;
import dev.ruleport.testsupport.KustoValidator;
import dev.ruleport.testsupport.Shared;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Golden KQL for the seed rule in every profile and for a rule with hostile values; each output also binds in
 * Microsoft's parser and reads back to the same verdicts on hand-written events. Re-record with
 * {@code -Druleport.golden.update=true}.
 */
class KqlGoldenTest {
    private static final String SEED = "credential_access_lsass_clone_creation_via_psscapturesnapshot.toml";

    static CompiledRule compile(String fileName, String toml) {
        Frontend.Outcome o = Frontend.compileText(fileName, toml);
        assertEquals(Frontend.Status.OK, o.status(), o.diagnostics().toString());
        return new CompiledRule(o.rule(), o.query());
    }

    static CompiledRule seed() throws IOException {
        return compile(SEED, Files.readString(Shared.require("seed/" + SEED), StandardCharsets.UTF_8));
    }

    static CompiledRule hostile() throws IOException {
        return compile("hostile_values.toml", Files.readString(Path.of("src/test/resources/kql/hostile_values.toml")));
    }

    static void golden(String name, String actual) {
        dev.ruleport.testsupport.Goldens.check("kql", name, actual);
    }

    static Translation translate(CompiledRule rule, String profile, boolean lossy) {
        return new KqlBackend().translate(rule, TranslateOptions.of(MappingProfile.load(profile)).withMode(lossy ? LossMode.BROADER : LossMode.EXACT));
    }

    static void assertBinds(Translation t, String profile) {
        List<KustoValidator.Diagnostic> errors = KustoValidator.shared().errors(t.text(), KqlCorpus.schema(profile));
        assertEquals(List.of(), errors, KustoValidator.describe(t.text(), errors));
    }

    static Map<String, Object> event(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    /** Asserts the original rule and the read-back KQL give {@code expected} on each event. */
    static void assertVerdicts(CompiledRule rule, Translation t, String profile, List<Map<String, Object>> events,
                               List<Boolean> expected) {
        Query back = KqlReader.read(t.text(), new dev.ruleport.lower.ProfileReverse(MappingProfile.load(profile)));
        Interpreter original = Interpreter.compile(rule.query(), rule.rule().querySource(), InterpreterOptions.defaults());
        Interpreter read = Interpreter.compile(back, InterpreterOptions.defaults());
        List<Boolean> a = new ArrayList<>();
        List<Boolean> b = new ArrayList<>();
        for (Map<String, Object> m : events) {
            a.add(original.matches(Event.of(m)));
            b.add(read.matches(Event.of(m)));
        }
        assertEquals(expected, a, "original verdicts");
        assertEquals(expected, b, "read-back verdicts");
    }

    private static List<Map<String, Object>> seedEvents() {
        String lsass = "C:\\Windows\\System32\\lsass.exe";
        List<Map<String, Object>> out = new ArrayList<>();
        Object[] base = {"event.category", List.of("process"), "host.os.type", "windows", "event.code", "4688"};
        for (String exe : List.of(lsass, "d:\\WINDOWS\\system32\\LSASS.EXE", "CC:\\Windows\\System32\\lsass.exe",
                ":\\Windows\\System32\\lsass.exe", "C:\\Windows\\System32\\lsass.exe.bak", "C:/Windows/System32/lsass.exe")) {
            Map<String, Object> m = event(base);
            m.put("process.executable", exe);
            m.put("process.parent.executable", lsass);
            out.add(m);
        }
        Map<String, Object> noParent = event(base);
        noParent.put("process.executable", lsass);
        out.add(noParent);
        return out;
    }

    private static final List<Boolean> SEED_VERDICTS = List.of(true, true, false, false, false, false, false);

    @Test
    void seedUnderKqlEcs() throws IOException {
        Translation t = translate(seed(), "kql-ecs", false);
        assertEquals(Translation.Status.EXACT, t.status(), t.diagnostics().toString());
        // ?: stays one character, case-insensitive, anchored
        assertTrue(t.text().contains("['process.executable'] matches regex @\"(?s)^.:\\\\[wW][iI][nN][dD][oO][wW][sS]\\\\[sS][yY][sS][tT][eE][mM]32\\\\[lL][sS][aA][sS][sS]\\.[eE][xX][eE]$\""), t.text());
        assertTrue(t.text().contains("['event.code'] =~ \"4688\""), t.text());
        golden("seed.kql-ecs.kql", t.text());
        assertBinds(t, "kql-ecs");
        assertVerdicts(seed(), t, "kql-ecs", seedEvents(), SEED_VERDICTS);
    }

    @Test
    void seedUnderSentinelSecurityEvent() throws IOException {
        Translation t = translate(seed(), "kql-sentinel-securityevent", false);
        assertEquals(Translation.Status.EXACT, t.status(), t.diagnostics().toString());
        assertTrue(t.text().contains("SecurityEvent\n| where EventID == 4688\n| where NewProcessName matches regex @\"(?s)^.:\\\\[wW][iI][nN]"), t.text());
        assertTrue(t.text().contains("ParentProcessName matches regex"), t.text());
        golden("seed.kql-sentinel-securityevent.kql", t.text());
        assertBinds(t, "kql-sentinel-securityevent");
        assertVerdicts(seed(), t, "kql-sentinel-securityevent", seedEvents(), SEED_VERDICTS);
    }

    @Test
    void seedUnderSentinelSysmonIsEquivalentOnSysmonEvent1() throws IOException {
        Translation t = translate(seed(), "kql-sentinel-sysmon", false);
        assertEquals(Translation.Status.EQUIVALENT, t.status(), t.diagnostics().toString());
        // the rule names Security event 4688; Sysmon records the same process start as its event 1
        assertEquals(List.of("Windows Security event 4688 (a new process has been created) = process start = Sysmon event 1"
                + " (process creation)"), t.equivalences());
        assertTrue(t.text().contains("WindowsEvent\n| where Provider == \"Microsoft-Windows-Sysmon\" and EventID == 1\n"
                + "| where (tostring(EventData.Image)) matches regex @\"(?s)^.:\\\\[wW][iI][nN]"), t.text());
        assertTrue(t.text().contains("(tostring(EventData.ParentImage)) matches regex"), t.text());
        golden("seed.kql-sentinel-sysmon.kql", t.text());
        assertBinds(t, "kql-sentinel-sysmon");
        assertVerdicts(seed(), t, "kql-sentinel-sysmon", seedEvents(), SEED_VERDICTS);
    }

    @Test
    void seedUnderDefenderXdrIsEquivalentOnWindowsDevices() throws IOException {
        Translation t = translate(seed(), "kql-defender-xdr", false);
        assertEquals(Translation.Status.EQUIVALENT, t.status(), t.diagnostics().toString());
        // event 4688 is a process start, a DeviceProcessEvents row; both it and the OS test keep Windows devices only
        assertEquals(List.of("Security event 4688 (a process was created) = a process start = a DeviceProcessEvents row",
                "host.os.type = the OSPlatform of the device's latest DeviceInfo report (Windows*, Linux, macOS)"), t.equivalences());
        assertTrue(t.text().contains("// translation: equivalent, the same logic over the target's record of the same activity:\n"), t.text());
        assertTrue(t.text().contains("DeviceProcessEvents\n| where DeviceId in ((DeviceInfo | summarize arg_max(Timestamp, OSPlatform)"
                + " by DeviceId | where OSPlatform startswith \"Windows\" | project DeviceId))\n"
                + "| where FolderPath matches regex @\"(?s)^.:\\\\[wW][iI][nN][dD][oO][wW][sS]\\\\[sS][yY][sS][tT][eE][mM]32\\\\[lL][sS][aA][sS][sS]\\.[eE][xX][eE]$\""), t.text());
        golden("seed.kql-defender-xdr.kql", t.text());
        assertBinds(t, "kql-defender-xdr");
        assertVerdicts(seed(), t, "kql-defender-xdr", seedEvents(), SEED_VERDICTS);
        // the read-back query tests the OS the clause stands for
        List<Map<String, Object>> linux = seedEvents().subList(0, 1).stream().map(m -> {
            Map<String, Object> c = new LinkedHashMap<>(m);
            c.put("host.os.type", "linux");
            return c;
        }).toList();
        Interpreter read = Interpreter.compile(KqlReader.read(t.text(), new dev.ruleport.lower.ProfileReverse(MappingProfile.load("kql-defender-xdr"))), InterpreterOptions.defaults());
        assertEquals(false, read.matches(Event.of(linux.get(0))));
    }

    @Test
    void hostileValuesStayInsideTheirLiterals() throws IOException {
        CompiledRule rule = hostile();
        Translation t = translate(rule, "kql-ecs", false);
        assertEquals(Translation.Status.EXACT, t.status(), t.diagnostics().toString());
        String text = t.text();
        assertTrue(text.contains("['process.name'] startswith @\"a\"\"b'c@d\\e|f\""), text);
        assertTrue(text.contains("['process.command_line'] == \"line1\\nline2\\t\\\"quoted\\\" | where true //\""), text);
        assertTrue(text.contains("not(['user.name'] == @\"\\\"\"\")"), text);
        assertTrue(text.contains("// Hostile \"values\" | with // comment-like text\n"), text);
        golden("hostile_values.kql-ecs.kql", text);
        assertBinds(t, "kql-ecs");

        Map<String, Object> good = event("event.category", List.of("process"),
                "process.name", "A\"B'C@D\\E|Fanything",
                "process.command_line", "line1\nline2\t\"quoted\" | where true //",
                "process.executable", "c:\\temp\\sub\\@\"X\"q.EXE",
                "process.args", List.of("other", "@\"--FLAG=1"),
                "file.path", "'|@",
                "user.name", "alice",
                "process.working_directory", "/tmp/abc|x\"y-rest");
        List<Map<String, Object>> events = new ArrayList<>();
        events.add(good);
        Object[][] breaks = {
            {"process.name", "a\"b'c@d/e|f"}, {"process.command_line", "line1\\nline2"},
            {"process.executable", "C:\\Temp\\sub\\@\"x\"qq.exe"}, {"process.args", List.of("x\\y")},
            {"file.path", "'|@ "}, {"user.name", "\\\""}, {"process.working_directory", "/tmp/ABC|x\"y"},
            {"process.args", List.of("x\\")}, {"file.path", "BACK\\SLASH\\"}, {"user.name", null},
        };
        for (Object[] b : breaks) {
            Map<String, Object> m = new LinkedHashMap<>(good);
            if (b[1] == null) m.remove(b[0]);
            else m.put((String) b[0], b[1]);
            events.add(m);
        }
        assertVerdicts(rule, t, "kql-ecs", events,
                List.of(true, false, false, false, false, false, false, false, true, true, true));
    }
}
