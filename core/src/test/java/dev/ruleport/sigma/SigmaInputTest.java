package dev.ruleport.sigma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ruleport.compile.CompiledRule;
import dev.ruleport.backend.EqlBackend;
import dev.ruleport.backend.TranslateOptions;
import dev.ruleport.compile.Frontend;
import dev.ruleport.diag.Diagnostic;
import dev.ruleport.interpret.Interpreter;
import dev.ruleport.interpret.InterpreterOptions;
import dev.ruleport.mapping.MappingProfile;
import dev.ruleport.print.EqlPrinter;
import dev.ruleport.runtime.Event;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sigma as an input language, construct by construct: what each reads as (printed as EQL), what is refused and
 * where the diagnostic points ({@code file:line:col}), the metadata kept for credit, filters and correlations.
 */
class SigmaInputTest {
    static Frontend.Outcome read(String yaml) { return Frontend.compileText("rule.yml", yaml); }

    static String eql(String yaml) {
        Frontend.Outcome o = read(yaml);
        assertEquals(Frontend.Status.OK, o.status(), () -> o.diagnostics().toString());
        return EqlPrinter.print(o.query());
    }

    /** The only error of a rule that does not read, as {@code line:col: message}. */
    static String error(String yaml) {
        Frontend.Outcome o = read(yaml);
        assertEquals(Frontend.Status.FAILED, o.status(), () -> "reads: " + (o.query() == null ? "" : EqlPrinter.print(o.query())));
        List<Diagnostic> errors = o.diagnostics().stream().filter(Diagnostic::isError).toList();
        assertEquals(1, errors.size(), errors::toString);
        return errors.get(0).line() + ":" + errors.get(0).column() + ": " + errors.get(0).message();
    }

    static String rule(String logsource, String detection) {
        return "title: t\nid: 11111111-2222-4333-8444-555555555555\nlogsource:\n" + logsource.indent(4) + "detection:\n"
                + detection.indent(4);
    }

    static final String PROC = "product: windows\ncategory: process_creation";

    @Test void processCreationIsAWindowsProcessStart() {
        assertEquals("any where host.os.type == \"windows\" and event.category == \"process\" and event.type == \"start\" and "
                + "process.executable : \"*\\\\whoami.exe\"", eql(rule(PROC, "sel:\n    Image|endswith: '\\whoami.exe'\ncondition: sel")));
    }

    @Test void securityLogIsReadByItsEventIds() {
        String sec = "product: windows\nservice: security";
        assertEquals("any where host.os.type == \"windows\" and event.category == \"authentication\" and event.code == \"4624\" "
                + "and winlog.event_data.LogonType == \"10\"", eql(rule(sec, "sel:\n    EventID: 4624\n    LogonType: 10\ncondition: sel")));
        assertEquals("any where host.os.type == \"windows\" and event.category == \"process\" and event.type == \"start\" and "
                + "event.code == \"4688\" and process.executable : \"*\\\\cmd.exe\"",
                eql(rule(sec, "sel:\n    EventID: 4688\n    NewProcessName|endswith: '\\cmd.exe'\ncondition: sel")));
        assertEquals("any where host.os.type == \"windows\" and event.code == \"5145\" and winlog.event_data.ShareName : \"*IPC$\"",
                eql(rule(sec, "sel:\n    EventID: 5145\n    ShareName|endswith: 'IPC$'\ncondition: sel")));
        assertEquals("any where host.os.type == \"windows\" and winlog.channel == \"Security\" and event.code in (\"4624\", \"9999\")",
                eql(rule(sec, "sel:\n    EventID: [4624, 9999]\ncondition: sel")), "codes of several classes: the channel");
        // IpAddress is "-" where the logon has no address; no address text has a '-': a pattern that needs one is a
        // test of the missing address, and one that the "-" does not satisfy stays refused
        assertEquals("any where host.os.type == \"windows\" and event.category == \"authentication\" and event.code == \"4625\" "
                + "and source.ip == null", eql(rule(sec, "sel:\n    EventID: 4625\n    IpAddress|contains: '-'\ncondition: sel")));
        assertTrue(error(rule(sec, "sel:\n    EventID: 4625\n    IpAddress|contains: '-1'\ncondition: sel"))
                .contains("'*-1*' on source.ip, an ip field in ECS"));
        assertEquals("any where host.os.type == \"windows\" and event.category == \"authentication\" and event.code == \"4625\" "
                + "and cidrMatch(source.ip, \"10.0.0.0/8\")", eql(rule(sec, "sel:\n    EventID: 4625\n    IpAddress|startswith: '10.'\ncondition: sel")));
    }

    @Test void windowsChannelsAndSysmonCategories() {
        assertEquals("any where host.os.type == \"windows\" and winlog.channel == \"Microsoft-Windows-Windows Defender/Operational\" "
                + "and event.code == \"1116\"", eql(rule("product: windows\nservice: windefend", "sel:\n    EventID: 1116\ncondition: sel")));
        assertEquals("any where host.os.type == \"windows\" and winlog.channel == \"Microsoft-Windows-Sysmon/Operational\" and "
                + "event.code in (\"17\", \"18\") and file.name : \"\\\\msagent_*\"",
                eql(rule("product: windows\ncategory: pipe_created", "sel:\n    PipeName|startswith: '\\msagent_'\ncondition: sel")));
    }

    @Test void windashStandsForTheFiveDashes() {
        assertEquals("any where host.os.type == \"windows\" and event.category == \"process\" and event.type == \"start\" and "
                + "process.command_line : (\"* -enc *\", \"* /enc *\", \"* \u2013enc *\", \"* \u2014enc *\", \"* \u2015enc *\")",
                eql(rule(PROC, "sel:\n    CommandLine|windash|contains: ' -enc '\ncondition: sel")));
        String many = eql(rule(PROC, "sel:\n    CommandLine|windash|contains: '-a -b -c'\ncondition: sel"));
        assertTrue(many.endsWith("process.command_line regex~ \".*[\\\\-/\u2013\u2014\u2015]a [\\\\-/\u2013\u2014\u2015]b "
                + "[\\\\-/\u2013\u2014\u2015]c.*\""), many);
    }

    @Test void base64offsetGivesTheThreeShiftedEncodings() {
        assertEquals(List.of("aWV4", "lle", "pZX"), SigmaEncodings.base64offset("iex".getBytes()));
        String e = eql(rule(PROC, "sel:\n    CommandLine|wide|base64offset|contains: 'ab'\ncondition: sel"));
        assertTrue(e.endsWith("process.command_line : (\"*YQBiA*\", \"*EAYg*\", \"*hAGIA*\")"), e);
        assertEquals("8:30: |utf16le without a following |base64 or |base64offset: EQL compares text, and the encoded bytes are not text",
                error(rule(PROC, "sel:\n    CommandLine|utf16le: 'ab'\ncondition: sel")));
    }

    @Test void keywordsSearchTheMessage() {
        assertEquals("any where event.dataset == \"system.syslog\" and (message : \"*Accepted password*\" or message : \"*rm -rf*\")",
                eql(rule("product: linux\nservice: syslog", "keywords:\n    - 'Accepted password'\n    - 'rm -rf'\ncondition: keywords")));
        assertEquals("8:9: keyword search: log source aws/cloudtrail of profile sigma-cloud declares no field that holds the event's "
                + "free text (keywords: in the profile), so there is nothing exact to search",
                error(rule("product: aws\nservice: cloudtrail", "keywords:\n    - 'StopLogging'\ncondition: keywords")));
    }

    @Test void valuesTakeTheEcsFieldsType() {
        String e = eql(rule("product: windows\ncategory: network_connection",
                "sel:\n    DestinationPort: '4444'\n    DestinationIp|startswith: '10.'\n    EventID: 3\ncondition: sel"));
        assertTrue(e.endsWith("destination.port == 4444 and cidrMatch(destination.ip, \"10.0.0.0/8\") and event.code == \"3\""), e);
        assertTrue(error(rule("product: windows\ncategory: network_connection", "sel:\n    DestinationPort|contains: '44'\ncondition: sel"))
                .endsWith("destination.port is numeric in ECS: |contains applies to text"));
    }

    @Test void regexFlagsGroupsAndWordBoundaries() {
        String e = eql(rule(PROC, "sel:\n    CommandLine|re|i: '(?:\\s|^)-e(nc)?\\b'\ncondition: sel"));
        assertTrue(e.endsWith("process.command_line regex~ \".*[ \\t\\n\\r\\u{0c}\\u{0b}]-e(nc)?([^A-Za-z0-9_].*)?|-e(nc)?([^A-Za-z0-9_].*)?\""), e);
        String empty = eql(rule(PROC, "sel:\n    CommandLine|re: 'a(?:\\s|)b'\ncondition: sel"));
        assertTrue(empty.endsWith("regex \".*a([ \\t\\n\\r\\u{0c}\\u{0b}])?b.*\""), "an empty alternative is an optional group: " + empty);
        assertTrue(error(rule(PROC, "sel:\n    CommandLine|re: 'a(?=b)'\ncondition: sel")).contains("lookahead in regex 'a(?=b)'"));
    }

    @Test void fieldrefExistsCidrAndExpand() {
        assertTrue(eql(rule("product: windows\ncategory: file_delete", "sel:\n    TargetFilename|fieldref: Image\ncondition: sel"))
                .endsWith("startsWith~(file.path, process.executable) and length(file.path) == length(process.executable)"));
        assertTrue(eql(rule(PROC, "sel:\n    OriginalFileName|exists: false\ncondition: sel")).endsWith("process.pe.original_file_name == null"));
        assertTrue(eql(rule("product: windows\ncategory: network_connection", "sel:\n    DestinationIp|cidr: ['10.0.0.0/8', 'fe80::/10']\ncondition: sel"))
                .endsWith("(cidrMatch(destination.ip, \"10.0.0.0/8\") or cidrMatch(destination.ip, \"fe80::/10\"))"));
        assertTrue(error(rule(PROC, "sel:\n    User|expand: '%admins%'\ncondition: sel"))
                .contains("placeholder %admins% has no value: define variable admins in the input profile"));
    }

    @Test void everyProblemIsReportedAtItsPosition() {
        Frontend.Outcome o = read(rule(PROC, "sel:\n    Image|endswith|sometimes: x\n    CommandLine|hour: 3\ncondition: sel or nope"));
        List<String> errors = o.diagnostics().stream().filter(Diagnostic::isError).map(d -> d.line() + ":" + d.column() + ": "
                + d.message().replaceAll(" \\(Sigma defines.*", "")).toList();
        assertEquals(List.of("8:24: unknown modifier |sometimes", "9:21: modifier |hour: EQL cannot take the hour out of a date, so a "
                + "date-part test has no EQL equivalent"), errors, "both items are reported; the condition is not parsed over failed identifiers");
        Diagnostic d = o.diagnostics().get(0);
        assertEquals("rule.yml:8:24: unknown modifier |sometimes", d.headline().replaceAll(" \\(Sigma defines.*", ""));
        assertTrue(d.render().endsWith("        Image|endswith|sometimes: x\n                           ^"), d.render());
        assertEquals("9:23: unknown search identifier 'nope' in condition; the detection defines sel",
                error(rule(PROC, "sel:\n    Image: x\ncondition: sel or nope")));
        assertEquals("9:20: Sigma 1 aggregation '| count() > 5' in condition: use a correlation rule (ruleport reads "
                + "event_count and temporal_ordered correlations)", error(rule(PROC, "sel:\n    Image: x\ncondition: sel | count() > 5")));
        assertEquals("9:16: '2 of' in condition: Sigma quantifiers are 1, any and all", error(rule(PROC, "sel:\n    Image: x\ncondition: 2 of sel")));
        assertTrue(error("title: t\nlogsource: {product: jvm, category: application}\ndetection: {sel: {keywords: x}, condition: sel}\n")
                .startsWith("2:1: no input profile reads log source {product: jvm, category: application}: Elastic has no integration"));
        assertEquals("3:28: '1' is no value opencanary/events writes for log.logger",
                error("title: t\nlogsource: {product: opencanary, category: application}\ndetection: {sel: {logtype: 1}, condition: sel}\n"));
        assertEquals("2:7: not valid YAML: mapping values are not allowed here", error("a:\n  b: c: d\n"));
    }

    @Test void metadataIsKeptForCredit() {
        Frontend.Outcome o = read("title: Credit me\nid: 11111111-2222-4333-8444-555555555555\nauthor: A (Org), B\nreferences:\n  - https://x\n"
                + "level: high\ntags: [attack.execution, attack.t1059.001]\nlogsource: {product: windows, category: process_creation}\n"
                + "detection: {sel: {Image: x}, condition: sel}\n");
        assertEquals("Credit me", o.rule().name());
        assertEquals("11111111-2222-4333-8444-555555555555", o.rule().ruleId());
        assertEquals(List.of("A (Org)", "B"), o.rule().authors());
        assertEquals("high", o.rule().severity());
        assertEquals("TA0002", o.rule().threats().get(0).tactic().id());
        assertEquals("T1059.001", o.rule().threats().get(1).techniques().get(0).subtechniques().get(0).id());
        String out = new EqlBackend().translate(new CompiledRule(o.rule(), o.query()), TranslateOptions.of(MappingProfile.load("ecs"))).text();
        assertTrue(out.startsWith("// Sigma rule: Credit me (id 11111111-2222-4333-8444-555555555555)\n// author: A (Org), B\n"
                + "// reference: https://x\nany where"), out);
    }

    @Test void correlationsAndTheirRefusals() {
        String base = "title: a\nname: a\nlogsource: {product: windows, category: process_creation}\ndetection: {sel: {Image: x}, condition: sel}\n"
                + "---\ntitle: b\nname: b\nlogsource: {product: windows, category: process_creation}\ndetection: {sel: {Image: y}, condition: sel}\n"
                + "---\ntitle: c\ncorrelation:\n  rules: [a, b]\n  group-by: [User]\n  timespan: 10m\n";
        assertEquals("sequence with maxspan=10m\n  [any where host.os.type == \"windows\" and event.category == \"process\" and event.type == "
                + "\"start\" and process.executable : \"x\"] by winlog.event_data.User\n  [any where host.os.type == \"windows\" and "
                + "event.category == \"process\" and event.type == \"start\" and process.executable : \"y\"] by winlog.event_data.User",
                eql(base + "  type: temporal_ordered\n"));
        assertTrue(error(base + "  type: temporal\n").contains("correlation type temporal: EQL has ordered sequences only"));
        assertTrue(error(base + "  type: value_count\n").endsWith("EQL has no aggregation over values"));
        String two = "title: a\nlogsource: {product: windows, category: process_creation}\ndetection: {sel: {Image: x}, condition: sel}\n---\n"
                + "title: b\nlogsource: {product: windows, category: process_creation}\ndetection: {sel: {Image: y}, condition: sel}\n";
        assertEquals("5:1: this file holds 2 rules; ruleport reads one rule per file (a correlation with the rules it names counts as one): "
                + "put 'b' in a file of its own", error(two));
    }

    @Test void filtersApplyToTheRulesTheyName(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("r.yml"), "title: r\nid: 11111111-2222-4333-8444-555555555555\n"
                + "logsource: {product: windows, category: process_creation}\ndetection: {sel: {Image|endswith: '\\net.exe'}, condition: sel}\n");
        Files.writeString(dir.resolve("f.yml"), "title: f\nlogsource: {product: windows, category: process_creation}\n"
                + "filter:\n  rules: [11111111-2222-4333-8444-555555555555]\n  sel:\n    User: 'CORP\\svc'\n  condition: not sel\n");
        assertEquals(List.of(dir.resolve("r.yml")), Frontend.ruleFiles(List.of(dir)), "a filter file is not a rule");
        Frontend.Outcome alone = Frontend.compile(dir.resolve("r.yml"));
        Frontend.Outcome withFilter = Frontend.compile(dir.resolve("r.yml"), Frontend.Options.forInputs(List.of(dir), null));
        assertFalse(EqlPrinter.print(alone.query()).contains("User"));
        assertTrue(EqlPrinter.print(withFilter.query()).endsWith(" and not winlog.event_data.User : \"CORP\\\\svc\""),
                EqlPrinter.print(withFilter.query()));
        Interpreter i = Interpreter.compile(withFilter.query(), InterpreterOptions.defaults());
        Map<String, Object> event = Map.of("host", Map.of("os", Map.of("type", "windows")), "event", Map.of("category", "process",
                "type", "start"), "process", Map.of("executable", "C:\\Windows\\System32\\net.exe"));
        assertTrue(i.matches(Event.of(event)));
        Map<String, Object> svc = new java.util.HashMap<>(event);
        svc.put("winlog", Map.of("event_data", Map.of("User", "corp\\SVC")));
        assertFalse(i.matches(Event.of(svc)));
    }

    @Test void inputProfilesChooseTheNames() {
        String ecsNames = "title: t\ntaxonomy: ecs\nlogsource: {product: windows, category: process_creation}\n"
                + "detection: {sel: {process.name: cmd.exe}, condition: sel}\n";
        assertEquals("any where host.os.type == \"windows\" and event.category == \"process\" and event.type == \"start\" and "
                + "process.name : \"cmd.exe\"", eql(ecsNames), "taxonomy: ecs keeps the names, the log source still reads as a process start");
        SigmaReader.Result r = new SigmaReader(new dev.ruleport.lower.ProfileReverse(MappingProfile.load("ecs"))).read(dev.ruleport.diag.SourceText.of("x.yml",
                "title: t\nlogsource: {category: something}\ndetection: {sel: {a.b: 1}, condition: sel}\n"), SigmaLibrary.EMPTY);
        assertTrue(r.ok(), r.diagnostics().toString());
        assertEquals("no profile says what events log source {category: something} holds; under ecs it adds no condition",
                r.diagnostics().get(0).message());
        assertEquals("any where a.b == 1", EqlPrinter.print(r.rules().get(0).query()));
        assertNull(read("title: t\nlogsource: {product: windows, category: process_creation}\ndetection: {sel: {Image: x}, condition: sel}\n")
                .rule().index().isEmpty() ? null : "index");
    }
}
