package dev.ruleport.mapping;

import static dev.ruleport.mapping.Ir.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SigmaWindowsProfileTest {
    private final MappingProfile profile = MappingProfile.load("sigma-windows");

    private Selection select(dev.ruleport.ir.Filter f) {
        return profile.select(RuleFacts.from(f, List.of("winlogbeat-*"), null)).orElseThrow();
    }

    @Test
    void seedRuleGoesToTheSecurityLog() {
        Selection s = profile.select(RuleFacts.from(seed(), SEED_INDEX, null)).orElseThrow();
        assertEquals("windows/security", s.id());
        assertEquals(Fidelity.EXACT, s.fidelity(), s.reason());
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("product", "windows");
        expected.put("service", "security");
        assertEquals(expected, s.attributes());
        assertEquals(FieldMapping.exact("NewProcessName"), s.field("process.executable").orElseThrow());
        assertEquals(FieldMapping.exact("ParentProcessName"), s.field("process.parent.executable").orElseThrow());
        assertEquals("EventID", s.field("event.code").orElseThrow().target());
        // host.os.type is absorbed by product: windows; event.code stays (as EventID)
        assertEquals(Optional.of(Fidelity.EXACT), s.absorbs(eq("host.os.type", "windows")).map(Absorption::fidelity));
        assertEquals(Optional.empty(), s.absorbs(colon("event.code", "4688")).map(Absorption::fidelity));
        assertEquals(Optional.of(Fidelity.EXACT), s.absorbsCategory(seed().category()).map(Absorption::fidelity));
    }

    @Test
    void plainProcessStartGoesToProcessCreation() {
        Selection s = select(filter("process", and(eq("host.os.type", "windows"), eq("event.type", "start"),
                eq("process.name", "whoami.exe"))));
        assertEquals("windows/process_creation", s.id());
        assertEquals(Fidelity.EXACT, s.fidelity());
        assertEquals(Map.of("product", "windows", "category", "process_creation"), s.attributes());
        assertEquals("Image", s.field("process.executable").orElseThrow().target());
        assertEquals("ParentImage", s.field("process.parent.executable").orElseThrow().target());
        FieldMapping name = s.field("process.name").orElseThrow();
        assertEquals("Image", name.target());
        assertEquals(ValueTransform.BASENAME_BACKSLASH, name.transform());
        assertEquals(Optional.of(Fidelity.EXACT), s.absorbs(eq("event.type", "start")).map(Absorption::fidelity));
        assertEquals(Optional.of(Fidelity.EXACT), s.absorbs(in("event.type", "start", "process_started")).map(Absorption::fidelity));
    }

    @Test
    void processRuleWithoutStartRestrictionIsNarrower() {
        Selection s = select(filter("process", and(eq("host.os.type", "windows"), eq("process.name", "x.exe"))));
        assertEquals("windows/process_creation", s.id());
        assertEquals(Fidelity.NARROWER, s.fidelity());
        assertTrue(s.reason().contains("event.type"), s.reason());
    }

    @Test
    void processArgsIsBroaderCommandLine() {
        Selection s = select(filter("process", and(eq("host.os.type", "windows"), eq("event.type", "start"))));
        FieldMapping args = s.field("process.args").orElseThrow();
        assertEquals("CommandLine", args.target());
        assertEquals(Fidelity.BROADER, args.fidelity());
        assertNotNull(args.note());
    }

    @Test
    void unknownFieldIsEmptyAndExplained() {
        Selection s = select(filter("process", and(eq("host.os.type", "windows"), eq("event.type", "start"))));
        assertEquals(Optional.empty(), s.field("process.Ext.effective_parent.executable"));
        assertEquals(Optional.empty(), s.field("no.such.field"));
        assertEquals(Optional.empty(), s.field("process.hash.sha256"));
        assertTrue(s.logsource().explainUnmapped("process.hash.sha256").contains("Hashes"));
        assertTrue(s.logsource().explainUnmapped("no.such.field").startsWith("no mapping for no.such.field"));
    }

    @Test
    void winlogEventDataFallsBackToTheBareName() {
        Selection s = select(filter("process", and(eq("host.os.type", "windows"), eq("event.type", "start"))));
        assertEquals(FieldMapping.exact("IntegrityLevel"), s.field("winlog.event_data.IntegrityLevel").orElseThrow());
    }

    @Test
    void registryByEventType() {
        assertEquals("windows/registry_set",
                select(filter("registry", and(eq("host.os.type", "windows"), eq("event.type", "change")))).id());
        assertEquals("windows/registry_add",
                select(filter("registry", and(eq("host.os.type", "windows"), eq("event.type", "creation")))).id());
        Selection any = select(filter("registry", eq("host.os.type", "windows")));
        assertEquals("windows/registry_event", any.id());
        assertEquals(Fidelity.EXACT, any.fidelity());
        Selection two = select(filter("registry", and(eq("host.os.type", "windows"), in("event.type", "creation", "change"))));
        assertEquals("windows/registry_event", two.id());
        assertEquals(Optional.of(Fidelity.BROADER), two.absorbs(in("event.type", "creation", "change")).map(Absorption::fidelity));
        assertEquals("TargetObject", two.field("registry.path").orElseThrow().target());
    }

    @Test
    void fileAndNetworkAndDns() {
        Selection file = select(filter("file", and(eq("host.os.type", "windows"), eq("event.type", "creation"))));
        assertEquals("windows/file_event", file.id());
        assertEquals(ValueTransform.EXTENSION, file.field("file.extension").orElseThrow().transform());
        Selection del = select(filter("file", and(eq("host.os.type", "windows"), eq("event.type", "deletion"))));
        assertEquals("windows/file_delete", del.id());
        Selection change = select(filter("file", and(eq("host.os.type", "windows"), eq("event.type", "change"))));
        assertEquals("windows/file_change", change.id());
        assertEquals(Fidelity.NARROWER, change.fidelity());

        Selection dns = select(filter("network", and(eq("host.os.type", "windows"), colon("dns.question.name", "*.onion"))));
        assertEquals("windows/dns_query", dns.id());
        assertEquals("QueryName", dns.field("dns.question.name").orElseThrow().target());
        Selection net = select(filter("network", and(eq("host.os.type", "windows"),
                eq("event.action", "connection_attempted"), eq("destination.port", 445))));
        assertEquals("windows/network_connection", net.id());
        assertEquals(Fidelity.EXACT, net.fidelity());
        assertEquals("DestinationPort", net.field("destination.port").orElseThrow().target());

        Selection lib = select(filter("library", and(eq("host.os.type", "windows"), eq("dll.name", "x.dll"))));
        assertEquals("windows/image_load", lib.id());
        assertEquals(Map.of("product", "windows", "category", "image_load"), lib.attributes());
    }

    @Test
    void linuxRuleIsNotAWindowsLogsource() {
        assertTrue(profile.select(RuleFacts.from(filter("process", and(eq("host.os.type", "linux"),
                eq("event.type", "start"))), List.of(), null)).isEmpty());
    }

    @Test
    void authenticationCodesGoToSecurityWithTargetUser() {
        Selection s = select(filter("authentication", and(eq("host.os.type", "windows"), in("event.code", "4624", "4625"))));
        assertEquals("windows/security-authentication", s.id());
        assertEquals("TargetUserName", s.field("user.name").orElseThrow().target());
        assertEquals(Optional.of(Fidelity.EXACT), s.absorbsCategory(new dev.ruleport.ir.Category("authentication", dev.ruleport.diag.Span.NONE)).map(Absorption::fidelity));
        assertEquals(Set.of("4624", "4625"), s.facts().codes());
    }
}
