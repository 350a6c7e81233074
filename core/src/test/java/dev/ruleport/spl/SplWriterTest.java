package dev.ruleport.spl;

import dev.ruleport.lower.LossMode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ruleport.compile.CompiledRule;
import dev.ruleport.backend.TranslateOptions;
import dev.ruleport.backend.Translation;
import dev.ruleport.compile.Frontend;
import dev.ruleport.diag.Diagnostic;
import dev.ruleport.mapping.MappingProfile;
import dev.ruleport.testsupport.SplSyntaxChecker;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import dev.ruleport.ir.Query;
import dev.ruleport.print.EqlPrinter;
import dev.ruleport.mapping.MappingProfile;

class SplWriterTest {

    static CompiledRule rule(String query) { return dev.ruleport.testsupport.TestRules.rule(query); }

    static Translation spl(String profile, String query, boolean lossy) {
        return new SplBackend().translate(rule(query), TranslateOptions.of(MappingProfile.load(profile)).withMode(lossy ? LossMode.ANY : LossMode.EXACT));
    }

    /** The query lines without the metadata comments. */
    static String body(String query) {
        Translation t = spl("splunk-ecs", query, false);
        assertTrue(t.ok(), t.diagnostics().toString());
        assertEquals(List.of(), SplSyntaxChecker.shared().check(t.text()));
        StringBuilder sb = new StringBuilder();
        for (String l : t.text().split("\n")) if (!l.startsWith("```")) sb.append(l).append('\n');
        return sb.toString();
    }

    @Test
    void caseInsensitiveWildcardWithoutQuestionMarkIsExactInSearch() {
        assertEquals("index=* process.name=\"cmd*.exe\"\n", body("any where process.name : \"cmd*.exe\""));
        assertEquals("index=* (process.name IN (\"a\", \"b*\"))\n", body("any where process.name : (\"a\", \"b*\")"));
    }

    @Test
    void questionMarkStaysOneCharacterInWhereWithAWiderPreFilter() {
        assertEquals("index=* process.name=\"a*c\"\n| where match('process.name', \"(?si)^a.c\\\\z\")\n",
                body("any where process.name : \"a?c\""));
    }

    @Test
    void caseSensitiveEqualityGoesToWhereAndKeepsStarLiteral() {
        assertEquals("index=* process.name=\"A*B\"\n| where 'process.name'==\"A*B\"\n", body("any where process.name == \"A*B\""));
        assertEquals("index=* process.name=\"C:*\" process.name=\"C:\\\\x*\"\n| where like('process.name', \"C:%\") AND match('process.name', \"(?s)^C:\\\\\\\\x.*\\\\z\")\n",
                body("any where process.name like \"C:*\" and process.name like \"C:\\\\x*\""));
    }

    @Test
    void negationKeepsMissingFieldsExactly() {
        // not f : v holds on a missing field; search NOT f="v" returns events without f: exact
        assertEquals("index=* NOT process.name=\"x\"\n", body("any where not process.name : \"x\""));
        // != is not ==: the where form says the missing case explicitly; no pre-filter (NOT is not a superset)
        assertEquals("index=*\n| where (isnull('process.name') OR NOT ('process.name'==\"x\"))\n", body("any where process.name != \"x\""));
        assertEquals("index=*\n| where (isnull(tonumber('process.pid', 10)) OR NOT (tonumber('process.pid', 10)>5))\n", body("any where not process.pid > 5"));
        assertEquals("index=*\n| where isnull('process.pid')\n", body("any where process.pid == null"));
    }

    @Test
    void multiValuedFieldsKeepAnyOfMeaning() {
        assertEquals("index=* process.args=\"-enc\"\n", body("any where process.args : \"-enc\""));
        assertEquals("index=* process.args=\"-enc\"\n| where isnotnull(mvfind('process.args', \"(?s)^-enc\\\\z\"))\n",
                body("any where process.args == \"-enc\""));
        assertEquals("index=*\n| where isnull(mvfind('process.args', \"(?s)^-enc\\\\z\"))\n", body("any where not process.args == \"-enc\""));
        assertEquals("index=*\n| where isnotnull(mvfilter(cidrmatch(\"10.0.0.0/8\", 'host.ip')))\n",
                body("any where cidrMatch(host.ip, \"10.0.0.0/8\")"));
    }

    @Test
    void orIsParenthesisedAndPreFilteredOnlyWhenEveryBranchHasOne() {
        assertEquals("index=* (process.name=\"a\" OR process.name=\"b\")\n| where ('process.name'==\"a\" OR match('process.name', \"(?si)^b\\\\z\"))\n",
                body("any where process.name == \"a\" or process.name : \"b\""));
        assertEquals("index=*\n| where ('process.name'==\"a\" OR tonumber('process.pid', 10)==4)\n",
                body("any where process.name == \"a\" or process.pid == 4"));
        assertEquals("index=* (process.name=\"a\" OR (user.name=\"b\" NOT user.id=\"c\"))\n",
                body("any where process.name : \"a\" or (user.name : \"b\" and not user.id : \"c\")"));
    }

    @Test
    void profileRenamesTransformsAndAbsorbs() {
        Translation t = spl("splunk-windows", "process where host.os.type == \"windows\" and event.code : \"4688\" and process.name : \"cmd.exe\"", false);
        assertTrue(t.ok(), t.diagnostics().toString());
        assertTrue(t.text().endsWith("index=* source=\"XmlWinEventLog:Security\" EventCode=4688 "
                + "(NewProcessName IN (\"*\\\\cmd.exe\", \"cmd.exe\"))\n"), t.text());
        Translation q = spl("splunk-windows", "process where host.os.type == \"windows\" and event.code : \"4688\" and process.name : \"c?d.exe\"", false);
        assertTrue(q.text().contains("match('NewProcessName', \"(?si)^(?:.*\\\\\\\\)?c[^\\\\\\\\]d\\\\.exe\\\\z\")"), q.text());
    }

    @Test
    void refusalsNameTheConstructWithItsPosition() {
        Translation t = spl("splunk-windows", "process where host.os.type == \"windows\" and event.code : \"4688\" and\n  user.id : \"x\"", false);
        assertEquals(Translation.Status.REFUSED, t.status());
        assertEquals(1, t.diagnostics().size(), t.diagnostics().toString());
        Diagnostic d = t.diagnostics().get(0);
        assertEquals(List.of("t.toml", 12, 3), List.of(d.file(), d.line(), d.column()));
        assertEquals("spl/splunk-windows [unmapped-field] user.id has no equivalent in logsource"
                + " splunk-windows/security-4688 of profile splunk-windows: event 4688 names two accounts, the creator"
                + " (SubjectUserSid) and the new process's (TargetUserSid, the NULL SID when it is the creator)", d.message());
        // a field the source never records is decided as missing: a filter that then needs it can never match
        Translation never = spl("splunk-windows", "process where host.os.type == \"windows\" and event.code : \"4688\" and\n  process.parent.args : \"x\"", false);
        assertEquals(Translation.Status.REFUSED, never.status());
        assertTrue(never.diagnostics().get(0).message().startsWith("spl/splunk-windows [never-matches] this filter can never match on"
                + " splunk-windows/security-4688: process.parent.args is never recorded"), never.diagnostics().toString());
        Translation s = spl("splunk-ecs", "sample by host.id [any where true] [any where true]", false);
        assertEquals(Translation.Status.REFUSED, s.status());
        assertTrue(s.diagnostics().get(0).message().startsWith("spl/splunk-ecs [sample] sample queries"), s.diagnostics().toString());
    }

    @Test
    void lossyApproximationsAreWrittenIntoTheOutput() {
        // a process of any OS: no one split fits every command line
        Translation t = spl("splunk-cim", "process where event.type == \"start\" and process.args : \"bob\"", true);
        assertEquals(Translation.Status.LOSSY, t.status());
        assertTrue(t.text().contains("``` LOSSY 11:41 broader [inexact-field] process.args : \"bob\": process.args has no exact counterpart in"
                + " cim/Endpoint.Processes; the argument test becomes a test that process.command_line (Processes.process) contains it"), t.text());
        assertEquals(1, t.losses().size(), t.losses().toString());
    }

    @Test
    void linuxArgumentsAreTheCommandLineSplitAtSpacesInEval() {
        Translation t = spl("splunk-cim", "process where host.os.type == \"linux\" and event.type == \"start\" and process.args : \"bob\"", false);
        assertEquals(Translation.Status.EQUIVALENT, t.status(), t.diagnostics().toString());
        assertTrue(t.text().contains("``` equivalence: process.args = the command line trimmed and split at spaces (computed in eval;"), t.text());
        assertTrue(t.text().contains("split(replace(replace('Processes.process', \"^[\\\\x00-\\\\x20]+|[\\\\x00-\\\\x20]+\\\\z\","
                + " \"\"), \" +\", \" \"), \" \"))\n"), t.text());
        assertTrue(t.text().endsWith("| where isnotnull(mvfind('rp_process_args', \"(?si)^bob\\\\z\"))\n"), t.text());
    }

    @Test
    void windowsArgumentsAreTheCommandLineSplitInEval() {
        Translation t = spl("splunk-windows", "process where host.os.type == \"windows\" and event.code : \"4688\" and process.args : \"bob\" and process.args_count > 2", false);
        assertEquals(Translation.Status.EQUIVALENT, t.status(), t.text());
        assertTrue(t.text().contains("``` equivalence: process.args = the command line split as CommandLineToArgvW splits it (computed in eval)"), t.text());
        assertTrue(t.text().contains("\n| eval rp_process_args=if(isnull('CommandLine') OR match('CommandLine', \"^[ \\\\t]*\\\\z\"), null(), split("), t.text());
        // the count of the arguments the eval splits is their mvcount, not a second split
        assertTrue(t.text().contains(", rp_process_args_count=mvcount(rp_process_args)\n"), t.text());
        assertTrue(t.text().endsWith("\n| where isnotnull(mvfind('rp_process_args', \"(?si)^bob\\\\z\")) AND tonumber('rp_process_args_count', 10)>2\n"), t.text());
        // the computed fields exist only after the eval: no search term for them
        assertFalse(t.text().contains("CommandLine=\"*bob*\""), t.text());
    }

    @Test
    void sequencesKeepOrderKeysAndMaxspanWithoutBuckets() {
        String b = body("sequence by host.id with maxspan=1m [process where process.name : \"a\"] [network where destination.port == 443]");
        assertFalse(b.contains("bin "), b);
        assertTrue(b.startsWith("index=* ((event.category=\"process\" process.name=\"a\") OR (event.category=\"network\"))\n"
                + "| eval rp_stage=mvappend(if(isnotnull(mvfind('event.category', \"(?s)^network\\\\z\")) AND tonumber('destination.port', 10)==443, \"2\", null()), "
                + "if(isnotnull(mvfind('event.category', \"(?s)^process\\\\z\")) AND process.name=\"a\" , \"1\", null()))\n".replace("process.name=\"a\" ", "match('process.name', \"(?si)^a\\\\z\")")), b);
        assertTrue(b.contains("\n| sort 0 _time\n| mvexpand rp_stage\n| eval rp_k1='host.id'\n| where isnotnull(rp_k1)\n| streamstats count as rp_row\n"), b);
        assertTrue(b.contains("| streamstats time_window=61s current=f last(rp_s1) as rp_p1 last(rp_t1) as rp_pt1 last(rp_r2) as rp_q2 by rp_k1\n"), b);
        assertTrue(b.contains("AND _time-rp_pt1<=60, rp_row, null())"), b);
        assertTrue(b.endsWith("| where isnotnull(rp_s2)\n"), b);
        Translation noSpan = spl("splunk-ecs", "sequence by host.id [any where true] [any where true]", false);
        assertEquals(Translation.Status.REFUSED, noSpan.status());
        assertTrue(noSpan.diagnostics().get(0).message().startsWith("spl/splunk-ecs [maxspan] a sequence without maxspan"),
                noSpan.diagnostics().toString());
    }

    @Test
    void formatSettingIsChecked() {
        Translation t = new SplBackend().translate(rule("any where true"),
                new TranslateOptions(MappingProfile.load("splunk-ecs"), LossMode.EXACT, Map.of("format", "yaml")));
        assertEquals(Translation.Status.REFUSED, t.status());
        assertTrue(t.diagnostics().get(0).message().startsWith("spl/splunk-ecs [setting] unknown SPL format 'yaml'"),
                t.diagnostics().toString());
        assertEquals("spl", new SplBackend().target());
        assertEquals("splunk-ecs", new SplBackend().defaultProfile());
    }

    /** The query lines of a translation (no comment lines). */
    static String query(Translation t) {
        return t.text().lines().filter(l -> !l.startsWith("```")).collect(java.util.stream.Collectors.joining("\n"));
    }

    @Test
    void cimTstatsGroupsByTheFieldsTheWhereTestsAndKeepsMissingOnesUnderAStatedFillValue() {
        // every field the where tests is required by the condition: no fill value, exact grouping
        Translation required = spl("splunk-cim", "process where host.os.type == \"windows\" and event.type == \"start\""
                + " and process.executable : \"C:\\\\x?.exe\"", false);
        assertEquals("| tstats summariesonly=false allow_old_summaries=true count min(_time) as firstTime max(_time) as lastTime"
                + " from datamodel=Endpoint.Processes where (sourcetype IN (\"XmlWinEventLog\", \"WinEventLog\", \"XmlWinEventLog:*\","
                + " \"WinEventLog:*\")) Processes.process_path=\"C:\\\\x*.exe\" by _time span=1s Processes.process_path\n"
                + "| where match('Processes.process_path', \"(?si)^C:\\\\\\\\x.\\\\.exe\\\\z\")", query(required));
        // a negated test holds on an event without the field: tstats keeps such events under the fill value
        Translation negated = spl("splunk-cim", "process where host.os.type == \"windows\" and event.type == \"start\""
                + " and process.name : \"cmd.exe\" and not process.executable : \"C:\\\\x?.exe\"", false);
        assertEquals(Translation.Status.EQUIVALENT, negated.status(), negated.diagnostics().toString());
        assertTrue(negated.equivalences().contains("a field the | where tests but the event lacks = the text rp:null, which"
                + " tstats writes for it (fillnull_value) and the | where reads as missing"), negated.equivalences().toString());
        assertTrue(query(negated).startsWith("| tstats summariesonly=false allow_old_summaries=true fillnull_value=\"rp:null\" count"),
                negated.text());
        assertTrue(query(negated).endsWith(" by _time span=1s Processes.process_path\n| where (isnull(nullif('Processes.process_path',"
                + " \"rp:null\")) OR NOT match(nullif('Processes.process_path', \"rp:null\"), \"(?si)^C:\\\\\\\\x.\\\\.exe\\\\z\"))"),
                negated.text());
        // a CIM field calculated as "unknown" where the source lacks it reads as missing
        Translation unknown = spl("splunk-cim", "process where host.os.type == \"windows\" and event.type == \"start\""
                + " and process.command_line == null", false);
        assertTrue(query(unknown).endsWith("| where (nullif('Processes.process', \"rp:null\")==\"unknown\" OR"
                + " isnull(nullif('Processes.process', \"rp:null\")))"), unknown.text());
    }

    @Test
    void cimFilesystemActionStandsForTheEventTypesCreationAndDeletionOnly() {
        // any file event but a deletion: Filesystem.action other than "deleted", or none
        Translation notDeleted = spl("splunk-cim", "file where host.os.type == \"windows\" and event.type != \"deletion\""
                + " and file.name : \"a.pfx\"", false);
        assertEquals(Translation.Status.EQUIVALENT, notDeleted.status(), notDeleted.diagnostics().toString());
        assertTrue(query(notDeleted).endsWith(" by _time span=1s Filesystem.action\n| where (isnotnull(nullif('Filesystem.action',"
                + " \"rp:null\")) AND (isnull(nullif('Filesystem.action', \"rp:null\")) OR NOT (nullif('Filesystem.action',"
                + " \"rp:null\")==\"deleted\")) OR isnull(nullif('Filesystem.action', \"rp:null\")))"), notDeleted.text());
        // "change" is modified or acl_modified in CIM: no single text, refused
        Translation notChanged = spl("splunk-cim", "file where host.os.type == \"windows\" and event.type != \"change\""
                + " and file.name : \"a.pfx\"", false);
        assertEquals(Translation.Status.REFUSED, notChanged.status(), notChanged.text());
    }

    @Test
    void aSequenceOverSeveralLogSourcesSharesOneSearchAndNamesEachStagesSource() {
        Translation t = spl("splunk-sysmon", "sequence by host.id, process.entity_id with maxspan=1m"
                + " [process where host.os.type == \"windows\" and event.type == \"start\" and process.name : \"a.exe\"]"
                + " [network where host.os.type == \"windows\" and event.type == \"start\" and destination.port == 443]", false);
        assertEquals(Translation.Status.EQUIVALENT, t.status(), t.diagnostics().toString());
        assertEquals(List.of("host.id = the event's Computer (the host's name): the same host for joining"), t.equivalences());
        String q = query(t);
        assertTrue(q.startsWith("index=* source=\"XmlWinEventLog:Microsoft-Windows-Sysmon/Operational\" ((EventCode=1"
                + " (Image IN (\"*\\\\a.exe\", \"a.exe\"))) OR (EventCode=3))\n"), q);
        assertTrue(q.contains("| eval rp_stage=mvappend(if(searchmatch(\"EventCode=3\") AND (tonumber('DestinationPort', 10)==443),"
                + " \"2\", null()), if(searchmatch(\"EventCode=1\") AND (match('Image', "), q);
        assertTrue(q.contains("| eval rp_k1='Computer', rp_k2='ProcessGuid'\n"), q);
        // read back: each stage with its own log source's fields
        Query back = new SplReader(new dev.ruleport.lower.ProfileReverse(MappingProfile.load("splunk-sysmon"))).read(t.text());
        assertEquals("sequence with maxspan=60s\n  [any where process.executable : (\"*\\\\a.exe\", \"a.exe\") and true and"
                + " process.executable regex~ \"(.*\\\\\\\\)?a\\\\.exe\"] by host.id, process.entity_id\n"
                + "  [any where true and destination.port == 443] by host.id, process.entity_id", EqlPrinter.print(back));
    }

    @Test
    void registryNumbersAreAlsoTestedInTheFormsSysmonWritesThem() {
        Translation t = spl("splunk-sysmon", "registry where host.os.type == \"windows\" and event.type == \"change\""
                + " and registry.value : \"Start\" and registry.data.strings : \"4\"", false);
        assertEquals(Translation.Status.EQUIVALENT, t.status(), t.diagnostics().toString());
        assertTrue(t.text().contains("``` equivalence: event.type change on a registry event = a registry value set"), t.text());
        assertTrue(query(t).endsWith(" (Details=\"4\" OR (Details IN (\"DWORD (0x00000004)\", \"QWORD (0x00000000-0x00000004)\")))"),
                t.text());
    }

    @Test
    void theDomainIsTheTextBeforeTheBackslashOfSysmonsUser() {
        Translation t = spl("splunk-sysmon", "process where host.os.type == \"windows\" and event.type == \"start\""
                + " and user.domain : \"NT AUTHORITY\"", false);
        assertEquals(Translation.Status.EXACT, t.status(), t.diagnostics().toString());
        assertTrue(query(t).endsWith(" User=\"NT AUTHORITY*\"\n| where match('User', \"(?si)^NT AUTHORITY\\\\\\\\.*\\\\z\")"), t.text());
        assertEquals(List.of(), SplSyntaxChecker.shared().check(t.text()));
        // a domain never holds the backslash: such a value is folded away, and a missing domain is not a missing User
        Translation never = spl("splunk-sysmon", "process where host.os.type == \"windows\" and event.type == \"start\""
                + " and user.domain == \"A\\\\B\"", false);
        assertFalse(never.ok(), never.text());
        Translation missing = spl("splunk-sysmon", "process where host.os.type == \"windows\" and event.type == \"start\""
                + " and user.domain == null", false);
        assertFalse(missing.ok(), missing.text());
    }

    @Test
    void windowsSecurityProcessIdsAreTestedInTheirHexadecimalForm() {
        Translation t = spl("splunk-windows", "process where host.os.type == \"windows\" and event.type == \"start\""
                + " and process.parent.pid == 4", false);
        assertEquals(Translation.Status.EQUIVALENT, t.status(), t.diagnostics().toString());
        assertTrue(query(t).endsWith("| where (tonumber('ProcessId', 10)==4 OR match('ProcessId', \"(?si)^0x4\\\\z\"))"), t.text());
        // as a join key the hexadecimal column may not agree with another stage's column: dropped, so refused
        Translation seq = spl("splunk-windows", "sequence with maxspan=1m [process where host.os.type == \"windows\" and"
                + " event.type == \"start\"] by process.pid [process where host.os.type == \"windows\" and event.type =="
                + " \"start\"] by process.parent.pid", false);
        assertFalse(seq.ok(), seq.text());
        assertTrue(seq.diagnostics().toString().contains("a value rendering"), seq.diagnostics().toString());
    }
}
