package dev.ruleport.kql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ruleport.compile.CompiledRule;
import dev.ruleport.backend.TranslateOptions;
import dev.ruleport.backend.Translation;
import dev.ruleport.diag.Diagnostic;
import dev.ruleport.ir.SequenceQuery;
import dev.ruleport.lower.LossMode;
import dev.ruleport.mapping.MappingProfile;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Operator by operator: what the writer emits for each EQL construct, and what it refuses and where. */
class KqlWriterTest {

    static CompiledRule rule(String query) {
        String toml = "[metadata]\ncreation_date = \"2026/01/01\"\n\n[rule]\nname = \"t\"\nrule_id = \"r\"\n"
                + "description = \"d\"\nrisk_score = 1\nseverity = \"low\"\ntype = \"eql\"\nlanguage = \"eql\"\n"
                + "index = [\"logs-*\"]\nquery = '''\n" + query + "\n'''\n";
        return KqlGoldenTest.compile("t.toml", toml);
    }

    static Translation kql(String query, String profile) {
        return KqlGoldenTest.translate(rule(query), profile, false);
    }

    /** The query body after the header. */
    static String body(Translation t) {
        assertTrue(t.ok(), () -> t.diagnostics().toString());
        String text = t.text();
        return text.substring(text.indexOf("// translation: exact\n") + "// translation: exact\n".length());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "process.name == \"cmd.exe\"          | ['process.name'] == \"cmd.exe\"",
        "process.name : \"cmd.exe\"           | ['process.name'] =~ \"cmd.exe\"",
        "process.name like~ \"cmd.exe\"       | ['process.name'] =~ \"cmd.exe\"",
        "process.name in (\"a\", \"b\")       | ['process.name'] in (\"a\", \"b\")",
        "process.name in~ (\"a*\", \"b\")     | ['process.name'] in~ (\"a*\", \"b\")",
        "process.name : (\"a\", \"b\")        | ['process.name'] in~ (\"a\", \"b\")",
        "process.name like \"cmd*\"           | ['process.name'] startswith_cs \"cmd\"",
        "process.name : \"cmd*\"              | ['process.name'] startswith \"cmd\"",
        "process.name : \"*.exe\"             | ['process.name'] endswith \".exe\"",
        "process.name like \"*.exe\"          | ['process.name'] endswith_cs \".exe\"",
        "process.name : \"*md*\"              | ['process.name'] contains \"md\"",
        "process.name like \"*md*\"           | ['process.name'] contains_cs \"md\"",
        "process.name : \"c?d.exe\"           | ['process.name'] matches regex @\"(?is)^c.d\\.exe$\"",
        "process.name like \"c*d*.exe\"       | ['process.name'] matches regex @\"(?s)^c.*d.*\\.exe$\"",
        "process.name regex \"c[a-z]+\"       | ['process.name'] matches regex @\"(?s)^(?:c[a-z]+)$\"",
        "process.name regex~ \"cmd.*\"        | ['process.name'] matches regex @\"(?is)^(?:cmd.*)$\"",
        "process.name == null                 | isempty(['process.name'])",
        "process.name != null                 | isnotempty(['process.name'])",
        "process.pid == null                  | isnull(['process.pid'])",
        "process.pid > 4                      | ['process.pid'] > 4",
        "not process.pid > 4                  | not(isnotnull(['process.pid']) and ['process.pid'] > 4)",
        "process.pid != 4                     | not(isnotnull(['process.pid']) and ['process.pid'] == 4)",
        "process.pid : \"4\"                  | ['process.pid'] == 4",
        "process.pid : \"4*\"                 | tostring(['process.pid']) startswith \"4\"",
        "process.name != \"a\"                | not(['process.name'] == \"a\")",
        "process.code_signature.trusted == false | ['process.code_signature.trusted'] == false",
        "process.args == \"-c\"               | set_has_element(['process.args'], \"-c\")",
        "not process.args == \"-c\"           | not(isnotnull(['process.args']) and set_has_element(['process.args'], \"-c\"))",
        "process.args != null                 | coalesce(array_length(['process.args']), 0) > 0",
        "startsWith(process.name, \"cm\")     | ['process.name'] startswith_cs \"cm\"",
        "startsWith~(process.name, \"cm\")    | ['process.name'] startswith \"cm\"",
        "endsWith~(process.name, \"xe\")      | ['process.name'] endswith \"xe\"",
        "stringContains(process.name, \"m\")  | ['process.name'] contains_cs \"m\"",
        "process.name : \"é.exe\"             | ['process.name'] matches regex @\"(?s)^é\\.[eE][xX][eE]$\"",
        "process.name == \"a\\u{01}b\"        | ['process.name'] matches regex @\"(?s)^a\\x{1}b$\"",
        "process.name == \"a\\\\b\"           | ['process.name'] == @\"a\\b\"",
        "process.name == \"a\\\"b\"           | ['process.name'] == \"a\\\"b\"",
    })
    void operators(String eql, String expected) {
        assertEquals("EcsEvents\n| where " + expected + "\n", body(kql("any where " + eql, "kql-ecs")));
    }

    @Test
    void cidrPerAddressFamily() {
        assertEquals("EcsEvents\n| where (ipv4_is_in_range(['source.ip'], \"10.0.0.0/8\") or ipv6_is_match(['source.ip'], \"fe80::/10\")) == true\n",
                body(kql("any where cidrMatch(source.ip, \"10.0.0.0/8\", \"fe80::/10\")", "kql-ecs")));
    }

    @Test
    void patternsOnMultiValuedColumnsCountMatchingElements() {
        String b = body(kql("any where process.args : \"-C*\" and not process.args like \"x\"", "kql-ecs"));
        assertEquals("EcsEvents\n| mv-apply __e = array_concat(dynamic([null]), coalesce(['process.args'], dynamic([]))) to typeof(string)"
                + " on (summarize __m1 = countif(__e startswith \"-C\"))\n| where __m1 > 0 and not(isnotnull(['process.args'])"
                + " and set_has_element(['process.args'], \"x\"))\n| project-away __m1\n", b);
    }

    @Test
    void categoryIsAnExactTestOnTheCategoryArray() {
        assertEquals("EcsEvents\n| where set_has_element(['event.category'], \"process\") and ['process.name'] == \"a\"\n",
                body(kql("process where process.name == \"a\"", "kql-ecs")));
    }

    @Test
    void emptyStringComparisonIsRefusedAtItsPosition() {
        Translation t = kql("any where\n  process.name == \"\"", "kql-ecs");
        assertEquals(Translation.Status.REFUSED, t.status());
        Diagnostic d = t.diagnostics().get(0);
        assertEquals("t.toml:15:3: kql/kql-ecs [empty-string] the rule compares process.name with the empty string; a Kusto"
                + " string column stores a missing value as \"\", so the two cannot be told apart", d.headline());
    }

    @Test
    void unmappedFieldIsRefusedAndLossyWritesTheLossIntoTheQuery() {
        Translation t = kql("any where process.name == \"a\" and no.such.field == \"b\"", "kql-ecs");
        assertEquals(Translation.Status.REFUSED, t.status());
        assertEquals("t.toml:14:35: kql/kql-ecs [unmapped-field] no.such.field would map to column no.such.field, which"
                + " logsource ecs/EcsEvents of profile kql-ecs does not have", t.diagnostics().get(0).headline());
        Translation lossy = KqlGoldenTest.translate(rule("any where process.name == \"a\" and no.such.field == \"b\""), "kql-ecs", true);
        assertEquals(Translation.Status.LOSSY, lossy.status());
        assertTrue(lossy.text().contains("// translation: LOSSY (--lossy); this output only approximates the rule:\n"
                + "// LOSSY 14:35 broader [unmapped-field] no.such.field == \"b\": no.such.field would map"), lossy.text());
        assertTrue(lossy.text().endsWith("EcsEvents\n| where ['process.name'] == \"a\"\n"), lossy.text());
    }

    @Test
    void sentinelDropsAbsorbedConjunctsTypesEventIdAndAppliesTheBasenameTransform() {
        String b = body(kql("process where host.os.type == \"windows\" and event.code == \"4688\" and process.name : \"cmd.exe\""
                + " and process.parent.name : \"w?nword.exe\" and process.parent.name != null", "kql-sentinel-securityevent"));
        assertEquals("SecurityEvent\n| where EventID == 4688\n| where (NewProcessName endswith @\"\\cmd.exe\" or NewProcessName =~"
                + " \"cmd.exe\") and ParentProcessName matches regex @\"(?is)^(?:.*\\\\)?w[^\\\\]nword\\.exe$\""
                // a basename is missing where the path is, and where the path ends in the separator
                + " and (isnotempty(ParentProcessName) and not(ParentProcessName endswith @\"\\\"))\n", b);
    }

    @Test
    void sentinelTranslatesAProcessStartTo4688AsEquivalentWithArgumentsSplitLikeWindows() {
        Translation t = kql("process where host.os.type == \"windows\" and event.type == \"start\" and process.args : \"-enc\""
                + " and process.args_count >= 3 and not process.pe.original_file_name : \"powershell.exe\"", "kql-sentinel-securityevent");
        assertEquals(Translation.Status.EQUIVALENT, t.status(), t.diagnostics().toString());
        assertTrue(t.text().contains("// equivalence: a process start on Windows = Security event 4688 (a new process has been created)\n"), t.text());
        assertTrue(t.text().contains("// field: process.pe.original_file_name -> never recorded, decided as missing"), t.text());
        assertTrue(t.text().endsWith("SecurityEvent\n| where EventID == 4688\n"
                + "| mv-apply __e = array_concat(dynamic([null]), coalesce((parse_command_line(CommandLine, \"windows\")), dynamic([])))"
                + " to typeof(string) on (summarize __m1 = countif(__e =~ \"-enc\"))\n"
                + "| where __m1 > 0 and (iff(isempty(CommandLine), long(null), array_length(parse_command_line(CommandLine, \"windows\")))) >= 3\n"
                + "| project-away __m1\n"), t.text());
        // a rule that needs what 4688 never records can never match there
        Translation never = kql("process where host.os.type == \"windows\" and event.type == \"start\" and process.parent.args : \"-x\"",
                "kql-sentinel-securityevent");
        assertEquals(Translation.Status.REFUSED, never.status());
        assertTrue(never.diagnostics().get(0).message().contains("[never-matches] this filter can never match on sentinel/SecurityEvent-4688:"
                + " process.parent.args is never recorded"), never.diagnostics().toString());
    }

    @Test
    void sysmonReadsEventDataWithTheBasenameAndDomainOfItsValues() {
        Translation t = kql("process where host.os.type == \"windows\" and event.type == \"start\" and process.name : \"cmd.exe\""
                + " and user.domain : \"NT AUTH*\" and not user.domain == \"WORKGROUP\"", "kql-sentinel-sysmon");
        assertEquals(Translation.Status.EXACT, t.status(), t.diagnostics().toString());
        // each field is a property of EventData as a string; the name and the domain are read from the path and the
        // DOMAIN\\name account as the basename and the text before the one backslash
        assertEquals("WindowsEvent\n| where Provider == \"Microsoft-Windows-Sysmon\" and EventID == 1\n"
                + "| where ((tostring(EventData.Image)) endswith @\"\\cmd.exe\" or (tostring(EventData.Image)) =~ \"cmd.exe\")"
                + " and (tostring(EventData.User)) matches regex @\"(?is)^NT AUTH[^\\\\]*\\\\[^\\\\]+$\""
                + " and not((tostring(EventData.User)) matches regex @\"(?s)^WORKGROUP\\\\[^\\\\]+$\")\n", body(t));
    }

    @Test
    void defenderTestsTheOsThroughTheDeviceInventory() {
        // no OS test: the table's events are the rule's, on every OS
        Translation any = kql("file where event.type == \"creation\" and file.name : \"*.ps1\" and process.name : \"cmd.exe\"",
                "kql-defender-xdr");
        assertEquals(Translation.Status.EXACT, any.status(), any.diagnostics().toString());
        assertTrue(any.text().endsWith("DeviceFileEvents\n| where ActionType == \"FileCreated\"\n| where FileName endswith \".ps1\" and"
                + " InitiatingProcessFileName =~ \"cmd.exe\"\n"), any.text());
        // an OS test: a clause over DeviceInfo, stated as an equivalence; one clause per OS, or-ed
        Translation two = kql("file where host.os.type in (\"linux\", \"macos\") and event.type == \"creation\" and file.name : \"x\"",
                "kql-defender-xdr");
        assertEquals(Translation.Status.EQUIVALENT, two.status(), two.diagnostics().toString());
        assertTrue(two.text().contains("// equivalence: host.os.type = the OSPlatform of the device's latest DeviceInfo report"), two.text());
        assertTrue(two.text().contains("| where (DeviceId in ((DeviceInfo | summarize arg_max(Timestamp, OSPlatform) by DeviceId"
                + " | where OSPlatform == \"Linux\" | project DeviceId))) or (DeviceId in ((DeviceInfo | summarize arg_max(Timestamp,"
                + " OSPlatform) by DeviceId | where OSPlatform == \"macOS\" | project DeviceId)))\n"), two.text());
        // Windows: the argument vector is the command line split as CommandLineToArgvW splits it
        Translation win = kql("process where host.os.type == \"windows\" and event.type == \"start\" and process.args == \"-enc\"",
                "kql-defender-xdr");
        assertEquals(Translation.Status.EQUIVALENT, win.status(), win.diagnostics().toString());
        assertTrue(win.text().endsWith("| where set_has_element((parse_command_line(ProcessCommandLine, \"windows\")), \"-enc\")\n"), win.text());
        // Linux: the command line trimmed and split at spaces, as Elastic's Defender integration reads it
        Translation linux = kql("process where host.os.type == \"linux\" and event.type == \"start\" and process.args == \"-c\"",
                "kql-defender-xdr");
        assertEquals(Translation.Status.EQUIVALENT, linux.status(), linux.diagnostics().toString());
        assertTrue(linux.text().contains("// equivalence: process.args = the command line trimmed and split at spaces"), linux.text());
        assertTrue(linux.text().endsWith("| where set_has_element((extract_all(@\"([^ ]+)\", trim(@\"[\\x00-\\x20]+\","
                + " ProcessCommandLine))), \"-c\")\n"), linux.text());
        // a rule for every OS has no one split: still refused
        Translation anyOs = kql("process where event.type == \"start\" and process.args == \"-c\"", "kql-defender-xdr");
        assertEquals(Translation.Status.REFUSED, anyOs.status());
        assertEquals("inexact-field", anyOs.diagnostics().get(0).code());
    }

    @Test
    void defenderRegistryPathsSkipTheHive() {
        // a value's path is its key, a backslash and its name; a pattern that skips the hive does not depend on its spelling
        Translation set = kql("registry where host.os.type == \"windows\" and event.type == \"change\" and"
                + " registry.path : \"*\\\\Control\\\\Lsa\\\\RunAsPPL\" and registry.data.strings : \"0\"", "kql-defender-xdr");
        assertEquals(Translation.Status.EQUIVALENT, set.status(), set.diagnostics().toString());
        assertTrue(set.text().contains("// equivalence: registry.path = RegistryKey for a key event, RegistryKey\\RegistryValueName"), set.text());
        assertTrue(set.text().endsWith("| where (strcat(RegistryKey, @\"\\\", RegistryValueName)) endswith @\"\\Control\\Lsa\\RunAsPPL\""
                + " and RegistryValueData =~ \"0\"\n"), set.text());
        // HKLM\ and \REGISTRY\MACHINE\ in the rule: the machine hive, which Defender spells HKEY_LOCAL_MACHINE\
        Translation hive = kql("registry where host.os.type == \"windows\" and event.type == \"change\" and"
                + " registry.path : (\"HKLM\\\\SYSTEM\\\\*\\\\Start\", \"\\\\REGISTRY\\\\MACHINE\\\\SYSTEM\\\\*\\\\Start\")", "kql-defender-xdr");
        assertEquals(Translation.Status.EQUIVALENT, hive.status(), hive.diagnostics().toString());
        assertTrue(hive.text().contains("(HKLM = \\REGISTRY\\MACHINE = HKEY_LOCAL_MACHINE;"), hive.text());
        assertTrue(hive.text().endsWith("| where (strcat(RegistryKey, @\"\\\", RegistryValueName)) matches regex @\"(?s)^[hH][kK][eE][yY]_[lL]"
                + "[oO][cC][aA][lL]_[mM][aA][cC][hH][iI][nN][eE]\\\\[sS][yY][sS][tT][eE][mM]\\\\.*\\\\[sS][tT][aA][rR][tT]$\"\n"), hive.text());
        // a user's hive: both names Windows gives it
        Translation user = kql("registry where host.os.type == \"windows\" and event.type == \"change\" and"
                + " registry.path like~ \"HKEY_USERS\\\\S-1-5-21-1\\\\Environment\\\\x\"", "kql-defender-xdr");
        assertEquals(Translation.Status.EQUIVALENT, user.status(), user.diagnostics().toString());
        assertTrue(user.text().endsWith("| where (strcat(RegistryKey, @\"\\\", RegistryValueName)) in~ (@\"HKEY_CURRENT_USER\\S-1-5-21-1\\Environment\\x\","
                + " @\"HKEY_USERS\\S-1-5-21-1\\Environment\\x\")\n"), user.text());
        // HKCU\ (no SID) and a wildcard inside the hive name no declared spelling: refused, naming why
        for (String v : List.of("HKCU\\\\Environment\\\\x", "HK*\\\\Environment\\\\x")) {
            Translation other = kql("registry where host.os.type == \"windows\" and event.type == \"change\" and"
                    + " registry.path : \"" + v + "\"", "kql-defender-xdr");
            assertEquals(Translation.Status.REFUSED, other.status(), v);
            assertTrue(other.diagnostics().get(0).message().contains("registry.path in xdr/DeviceRegistryEvents-set spells its first"
                    + " segment otherwise (Defender spells the hive out, HKEY_LOCAL_MACHINE for HKLM): '" + v.replace("\\\\", "\\")
                    + "' depends on it; only values starting with *\\ or HKLM\\, HKEY_LOCAL_MACHINE\\, \\REGISTRY\\MACHINE\\, HKEY_USERS\\,"
                    + " HKU\\, \\REGISTRY\\USER\\ are written"), other.diagnostics().toString());
        }
        // a pattern that skips the first segment but could start inside \REGISTRY\MACHINE: refused too
        Translation inside = kql("registry where host.os.type == \"windows\" and event.type == \"change\" and"
                + " registry.path : \"*\\\\MACHINE\\\\SYSTEM\\\\x\"", "kql-defender-xdr");
        assertEquals(Translation.Status.REFUSED, inside.status());
        assertTrue(inside.diagnostics().get(0).message().contains("'*\\MACHINE\\SYSTEM\\x' could match inside a spelling of the"
                + " first segment that has several segments"), inside.diagnostics().toString());
        // key creations: the path is the key
        Translation created = kql("registry where host.os.type == \"windows\" and event.type == \"creation\" and"
                + " endswith(registry.path, \"\\\\Services\\\\x\")", "kql-defender-xdr");
        assertEquals(Translation.Status.EQUIVALENT, created.status(), created.diagnostics().toString());
        assertTrue(created.text().endsWith("| where RegistryKey endswith_cs @\"\\Services\\x\"\n"), created.text());
    }

    @Test
    void defenderNamesFileAndConnectionKindsByTheirActionType() {
        Translation file = kql("file where host.os.type == \"windows\" and event.type != \"deletion\" and file.name : \"x.ps1\"",
                "kql-defender-xdr");
        assertEquals(Translation.Status.EQUIVALENT, file.status(), file.diagnostics().toString());
        assertTrue(file.text().contains("// equivalence: event.type and event.action = the ActionType of the DeviceFileEvents row"), file.text());
        assertTrue(file.text().endsWith("| where not((case(ActionType == \"FileCreated\", \"creation\", ActionType in (\"FileModified\","
                + " \"FileRenamed\"), \"change\", ActionType == \"FileDeleted\", \"deletion\", \"\")) == \"deletion\") and FileName =~ \"x.ps1\"\n"),
                file.text());
        Translation net = kql("network where event.type == \"start\" and destination.port == 445 and network.direction : (\"egress\", \"outgoing\")",
                "kql-defender-xdr");
        assertEquals(Translation.Status.EQUIVALENT, net.status(), net.diagnostics().toString());
        assertTrue(net.text().endsWith("DeviceNetworkEvents\n| where ActionType in (\"ConnectionSuccess\", \"ConnectionAttempt\","
                + " \"ConnectionFailed\", \"ConnectionRequest\", \"InboundConnectionAccepted\")\n"
                + "| where (iff(ActionType == \"InboundConnectionAccepted\", LocalPort, RemotePort)) == 445 and"
                + " (case(ActionType == \"InboundConnectionAccepted\", \"ingress\", \"egress\")) =~ \"egress\"\n"), net.text());
        // an action Defender's file table never names: refused, not written as a query that cannot match
        Translation open = kql("file where host.os.type == \"macos\" and event.action == \"open\" and file.name : \"x\"", "kql-defender-xdr");
        assertEquals(Translation.Status.REFUSED, open.status());
        assertTrue(open.diagnostics().get(0).message().contains("[never-matches] this filter can never match on xdr/DeviceFileEvents:"
                + " event.action only ever holds creation, modification, rename, deletion"), open.diagnostics().toString());
    }

    @Test
    void sampleAndPipesAreRefused() {
        Translation s = kql("sample by host.id [process where true] [network where true]", "kql-ecs");
        assertEquals(Translation.Status.REFUSED, s.status());
        assertEquals("sample", s.diagnostics().get(0).code());
        assertTrue(s.diagnostics().get(0).message().startsWith("kql/kql-ecs [sample] "), s.diagnostics().toString());
        Translation p = kql("process where true | tail 2", "kql-ecs");
        assertEquals(Translation.Status.REFUSED, p.status());
        assertEquals("kql/kql-ecs [pipe] the pipe | tail 2 limits or reorders the alerts; the output reports every match",
                p.diagnostics().get(0).message());
    }

    @Test
    void sequenceBecomesPartitionAndScanThatReadsBack() {
        Translation t = kql("sequence by host.id with maxspan=1m\n  [process where process.name == \"a\"]\n"
                + "  [network where true]\nuntil [process where process.name == \"stop\"]", "kql-ecs");
        String b = body(t);
        assertTrue(b.contains("| extend __s1 = (set_has_element(['event.category'], \"process\") and ['process.name'] == \"a\"),\n"
                + "    __s2 = set_has_element(['event.category'], \"network\"),\n"
                + "    __u = (set_has_element(['event.category'], \"process\") and ['process.name'] == \"stop\")\n"
                + "| extend __ts = ['@timestamp'], __key = ['host.id']\n"
                + "| where (__s1 or __s2 or __u) and isnotnull(__ts) and isnotempty(['host.id'])\n"
                + "| partition hint.strategy=native by __key\n(\n    sort by __ts asc\n"
                + "    | extend __uc = row_cumsum(iff(__u, 1, 0))\n"
                + "    | scan with_match_id=__match with (\n"
                + "        step s1 output=none: __s1 and not(__u);\n"
                + "        step s2: __s2 and isnull(s2.__ts) and __ts - s1.__ts <= 1m and __uc - iff(__u, 1, 0) == s1.__uc;\n"
                + "    )\n)\n"), b);
        SequenceQuery back = (SequenceQuery) KqlReader.read(t.text(), new dev.ruleport.lower.ProfileReverse(MappingProfile.load("kql-ecs")));
        assertEquals("1m", back.maxspan().toString());
        assertEquals(2, back.stages().size());
        assertEquals("host.id", ((dev.ruleport.ir.FieldRef) back.joinKeys(back.stages().get(0)).get(0)).name());
        assertTrue(back.until() != null);
    }

    @Test
    void missingEventStagesAreRefused() {
        Translation t = kql("sequence by host.id with maxspan=1m [process where true] ![network where true]", "kql-ecs");
        assertEquals(Translation.Status.REFUSED, t.status());
        assertTrue(t.diagnostics().get(0).message().startsWith("kql/kql-ecs [missing-event] a missing-event stage"),
                t.diagnostics().toString());
    }

    @Test
    void textEscapesEveryValue() {
        assertEquals("\"a\\\"b\"", KqlText.string("a\"b"));
        assertEquals("@\"C:\\x\"\"y\"", KqlText.string("C:\\x\"y"));
        assertEquals("\"a\\\\b\\nc\"", KqlText.string("a\\b\nc"));
        assertEquals("['a.b']", KqlText.column("a.b"));
        assertEquals("['it\\'s']", KqlText.column("it's"));
        assertEquals("['where']", KqlText.column("where"));
        assertEquals("// a\n// b\n", KqlText.comment("a\nb"));
        assertTrue(KqlText.hasUnwritableCharacter("a\u0001"));
    }

    @Test
    void re2PatternsReadBackAsLucene() {
        assertEquals(new Re2ToLucene.Result(".\\:\\\\W\\.exe", true), Re2ToLucene.convert("(?is)^.\\:\\\\W\\.exe$"));
        assertEquals(new Re2ToLucene.Result("(a|b)\\\"\\@", false), Re2ToLucene.convert("(?s)^(?:a|b)\"@$"));
    }
}
