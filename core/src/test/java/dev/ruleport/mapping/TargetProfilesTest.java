package dev.ruleport.mapping;

import static dev.ruleport.mapping.Ir.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Selections and mappings of the KQL, Splunk, ECS and non-Windows Sigma profiles. */
class TargetProfilesTest {
    private static Selection select(String profile, dev.ruleport.ir.Filter f) {
        return MappingProfile.load(profile).select(RuleFacts.from(f, SEED_INDEX, null)).orElseThrow();
    }

    private static dev.ruleport.ir.Filter windowsProcessStart() {
        return filter("process", and(eq("host.os.type", "windows"), eq("event.type", "start"),
                eq("process.parent.name", "winword.exe")));
    }

    @Test
    void seedOnSentinelIsSecurityEventWithIntEventId() {
        Selection s = select("kql-sentinel-securityevent", seed());
        assertEquals("sentinel/SecurityEvent-4688", s.id());
        assertEquals(Fidelity.EXACT, s.fidelity());
        assertEquals("SecurityEvent", s.attributes().get("table"));
        assertEquals("TimeGenerated", s.attributes().get("timestamp"));
        assertEquals(new FieldMapping("EventID", Fidelity.EXACT, "int", false, ValueTransform.NONE, null),
                s.field("event.code").orElseThrow());
        assertEquals("NewProcessName", s.field("process.executable").orElseThrow().target());
        assertEquals("string", s.field("process.parent.executable").orElseThrow().type());
        // winlog.event_data.X maps to column X only when SecurityEvent has it
        assertEquals("TokenElevationType", s.field("winlog.event_data.TokenElevationType").orElseThrow().target());
        assertEquals(Optional.empty(), s.field("winlog.event_data.NoSuchColumn"));
        assertTrue(s.logsource().explainUnmapped("winlog.event_data.NoSuchColumn").contains("does not have"));
    }

    @Test
    void seedOnDefenderIsDeviceProcessEventsOfWindowsDevicesUnderAnEquivalence() {
        Selection s = select("kql-defender-xdr", seed());
        assertEquals("xdr/DeviceProcessEvents-windows", s.id());
        // the seed names its process starts by event code 4688: the same activity, under a stated equivalence
        assertEquals(Fidelity.EXACT, s.fidelity());
        assertTrue(s.equivalence().startsWith("Security event 4688"), s.equivalence());
        // the code and the OS are both tested as "a Windows device" through the device inventory
        Absorption code = s.absorbs(eq("event.code", "4688")).orElseThrow();
        Absorption os = s.absorbs(eq("host.os.type", "windows")).orElseThrow();
        assertEquals(os.clause(), code.clause());
        assertTrue(os.clause().startsWith("DeviceId in ((DeviceInfo |"), os.clause());
        assertEquals("FolderPath", s.field("process.executable").orElseThrow().target());
        assertEquals("InitiatingProcessFolderPath", s.field("process.parent.executable").orElseThrow().target());
        assertEquals(Optional.empty(), s.field("event.code"));
    }

    @Test
    void processStartOnDefender() {
        Selection s = select("kql-defender-xdr", windowsProcessStart());
        assertEquals("xdr/DeviceProcessEvents-windows", s.id());
        assertEquals(Fidelity.EXACT, s.fidelity());
        assertEquals(Map.of("table", "DeviceProcessEvents", "timestamp", "Timestamp"), s.attributes());
        assertEquals("InitiatingProcessFileName", s.field("process.parent.name").orElseThrow().target());
        assertEquals(new FieldMapping("ProcessId", Fidelity.EXACT, "long", false, ValueTransform.NONE, null),
                s.field("process.pid").orElseThrow());
        assertEquals("AccountName", s.field("user.name").orElseThrow().target());
        // the table holds every OS: the OS conjunct is tested through DeviceInfo, an equivalence the output states
        Absorption os = s.absorbs(eq("host.os.type", "windows")).orElseThrow();
        assertEquals(Fidelity.EXACT, os.fidelity());
        assertTrue(os.clause().contains("OSPlatform startswith \"Windows\""), os.clause());
        assertTrue(os.says().startsWith("host.os.type = the OSPlatform"), os.says());
        assertEquals(Optional.of(Fidelity.EXACT), s.absorbs(eq("event.type", "start")).map(Absorption::fidelity));
        // Windows devices only: arguments are the command line split as CommandLineToArgvW splits it
        FieldMapping args = s.field("process.args").orElseThrow();
        assertEquals("parse_command_line(ProcessCommandLine, \"windows\")", args.expression());
        assertTrue(args.multiValued() && args.equivalence().contains("CommandLineToArgvW"), args.toString());
        assertTrue(s.logsource().never("process.code_signature.trusted").isPresent());
        // without an OS test: every device, no argument vector
        Selection any = select("kql-defender-xdr", filter("process", and(eq("event.type", "start"), eq("process.name", "x"))));
        assertEquals("xdr/DeviceProcessEvents", any.id());
        assertEquals(Fidelity.EXACT, any.fidelity());
        assertEquals(Fidelity.BROADER, any.field("process.args").orElseThrow().fidelity());
    }

    @Test
    void defenderNetworkAndFileAndRegistry() {
        Selection net = select("kql-defender-xdr", filter("network", and(eq("host.os.type", "windows"),
                eq("event.action", "connection_attempted"))));
        assertEquals("xdr/DeviceNetworkEvents-windows", net.id());
        assertEquals("InitiatingProcessFileName", net.field("process.name").orElseThrow().target());

        Selection created = select("kql-defender-xdr", filter("file", and(eq("host.os.type", "windows"), eq("event.type", "creation"))));
        assertEquals("xdr/DeviceFileEvents-created-windows", created.id());
        assertEquals("ActionType == \"FileCreated\"", created.attributes().get("where"));
        assertEquals("FolderPath", created.field("file.path").orElseThrow().target());

        // DeviceRegistryEvents holds only Windows devices' events: the OS test is exact there
        Selection reg = select("kql-defender-xdr", filter("registry", and(eq("host.os.type", "windows"), eq("event.type", "change"))));
        assertEquals("xdr/DeviceRegistryEvents-set", reg.id());
        assertEquals(Optional.of(Absorption.exact()), reg.absorbs(eq("host.os.type", "windows")));
        // a value's path is the key and the value name; Defender spells the hive out, so only hive-free tests translate
        FieldMapping path = reg.field("registry.path").orElseThrow();
        assertEquals("strcat(RegistryKey, @\"\\\", RegistryValueName)", path.expression());
        assertEquals("*\\", path.firstSegment().requiredStart());
        // key and value deletions share rows: a value's row has the value's path, a key's the key
        Selection deleted = select("kql-defender-xdr", filter("registry", and(eq("host.os.type", "windows"), eq("event.type", "deletion"))));
        assertEquals("xdr/DeviceRegistryEvents-deleted", deleted.id());
        assertEquals("iff(ActionType startswith \"RegistryValue\", strcat(RegistryKey, @\"\\\", RegistryValueName), RegistryKey)",
                deleted.field("registry.path").orElseThrow().expression());
    }

    @Test
    void kqlEcsKeepsDottedColumnsWithSchemaTypes() {
        Selection s = select("kql-ecs", seed());
        assertEquals("ecs/EcsEvents", s.id());
        assertEquals(Fidelity.EXACT, s.fidelity());
        assertEquals(Map.of("table", "EcsEvents", "timestamp", "@timestamp"), s.attributes());
        FieldMapping args = s.field("process.args").orElseThrow();
        assertEquals(new FieldMapping("process.args", Fidelity.EXACT, "dynamic", true, ValueTransform.NONE, null), args);
        assertEquals("long", s.field("destination.port").orElseThrow().type());
        assertEquals("bool", s.field("process.code_signature.trusted").orElseThrow().type());
        assertEquals(Optional.empty(), s.field("not.an.ecs.column"));
        assertEquals(Optional.empty(), s.absorbs(eq("host.os.type", "windows")).map(Absorption::fidelity));
    }

    @Test
    void ecsIdentityKeepsEveryFieldAndUsesTheRuleIndex() {
        Selection s = select("ecs", seed());
        assertEquals("ecs", MappingProfile.load("ecs").name());
        assertEquals("any", MappingProfile.load("ecs").target());
        assertEquals(Map.of("index", "logs-system.security*,logs-windows.forwarded*,winlogbeat-*"), s.attributes());
        assertEquals(FieldMapping.exact("aws.cloudtrail.anything"), s.field("aws.cloudtrail.anything").orElseThrow());
        assertTrue(s.field("process.args").orElseThrow().multiValued());
        assertEquals(Optional.empty(), s.absorbsCategory(seed().category()).map(Absorption::fidelity));
    }

    @Test
    void seedOnSplunkWindows() {
        Selection s = select("splunk-windows", seed());
        assertEquals("splunk-windows/security-4688", s.id());
        assertEquals(Map.of("search", "index=* source=\"XmlWinEventLog:Security\" EventCode=4688"), s.attributes());
        assertEquals("EventCode", s.field("event.code").orElseThrow().target());
        assertEquals("NewProcessName", s.field("process.executable").orElseThrow().target());
        assertEquals("ParentProcessName", s.field("process.parent.executable").orElseThrow().target());
        assertEquals("CommandLine", s.field("process.command_line").orElseThrow().target());
        // event 4688 names two accounts: no single one is the process's user
        assertEquals(Optional.empty(), s.field("user.name"));
        assertTrue(s.logsource().never("process.pe.original_file_name").isPresent());
    }

    @Test
    void splunkVariablesAreConfigurable() {
        MappingProfile p = MappingProfile.load("splunk-windows").withVariables(Map.of("index", "wineventlog"));
        Selection s = p.select(RuleFacts.from(seed(), List.of(), null)).orElseThrow();
        assertEquals("index=wineventlog source=\"XmlWinEventLog:Security\" EventCode=4688", s.attributes().get("search"));
        assertEquals("wineventlog", p.variables().get("index"));
        MappingProfileException e = assertThrows(MappingProfileException.class,
                () -> p.withVariables(Map.of("indx", "x")));
        assertTrue(e.getMessage().contains("unknown variable 'indx'"), e.getMessage());
    }

    @Test
    void splunkSysmonProcessCreation() {
        Selection s = select("splunk-sysmon", windowsProcessStart());
        assertEquals("sysmon/process_creation", s.id());
        assertEquals("index=* source=\"XmlWinEventLog:Microsoft-Windows-Sysmon/Operational\" EventCode=1",
                s.attributes().get("search"));
        assertEquals("ParentImage", s.field("process.parent.name").orElseThrow().target());
        assertEquals(ValueTransform.BASENAME_BACKSLASH, s.field("process.parent.name").orElseThrow().transform());
        assertEquals(Optional.of(Fidelity.EXACT), s.absorbs(colon("event.code", "1")).map(Absorption::fidelity));
    }

    @Test
    void splunkCimProcesses() {
        Selection s = select("splunk-cim", windowsProcessStart());
        assertEquals("cim/Endpoint.Processes-windows", s.id());
        assertEquals(Map.of("datamodel", "Endpoint", "dataset", "Processes"), s.attributes());
        // on Windows hosts the arguments are the command line split as CommandLineToArgvW splits it, in eval
        assertEquals("windows_argv(Processes.process, \"unknown\")", s.field("process.args").orElseThrow().expression());
        assertEquals("windows_argv_count(Processes.process, \"unknown\")", s.field("process.args_count").orElseThrow().expression());
        assertEquals("Processes.process_name", s.field("process.name").orElseThrow().target());
        assertEquals("Processes.process_path", s.field("process.executable").orElseThrow().target());
        assertEquals("Processes.process", s.field("process.command_line").orElseThrow().target());
        assertEquals("Processes.parent_process_name", s.field("process.parent.name").orElseThrow().target());
        // the OS is tested through the sourcetype of the Windows event logs, an equivalence the output states
        Absorption os = s.absorbs(eq("host.os.type", "windows")).orElseThrow();
        assertEquals(Fidelity.EXACT, os.fidelity());
        assertEquals("sourcetype IN (\"XmlWinEventLog\", \"WinEventLog\", \"XmlWinEventLog:*\", \"WinEventLog:*\")", os.clause());
        assertTrue(os.says().startsWith("host.os.type = the OS of the add-on that wrote the event"), os.says());
    }

    @Test
    void sigmaLinuxAndMacos() {
        Selection linux = select("sigma-linux", filter("process", and(eq("host.os.type", "linux"),
                in("event.action", "exec", "exec_event"))));
        assertEquals("linux/process_creation", linux.id());
        assertEquals(Fidelity.EXACT, linux.fidelity());
        assertEquals(Map.of("product", "linux", "category", "process_creation"), linux.attributes());
        assertEquals(ValueTransform.BASENAME_SLASH, linux.field("process.name").orElseThrow().transform());
        Selection mac = select("sigma-macos", filter("file", and(eq("host.os.type", "macos"), eq("event.type", "creation"))));
        assertEquals("macos/file_event", mac.id());
        assertEquals("TargetFilename", mac.field("file.path").orElseThrow().target());
        assertTrue(MappingProfile.load("sigma-linux").select(RuleFacts.of(and(eq("host.os.type", "windows")))).isEmpty());
    }
}
