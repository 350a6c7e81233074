package dev.ruleport.mapping;

import static dev.ruleport.mapping.Ir.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Declared deployment hosts ({@link HostScope}): what they let a profile select and leave out, and what not. */
class HostScopeTest {
    private static final String PROFILE = """
            name: my-sysmon
            target: spl
            %s
            logsources:
              - id: mine/process
                attributes: {search: 'EventCode=1'}
                when: {category: process}
                requires: {os: windows, event.type: [start]}
                absorbs: {os: [windows], category: [process], event.type: [start]}
                fields:
                  process.executable: Image
            """;

    private static MappingProfile profile(String hosts) { return MappingProfile.parse(PROFILE.formatted(hosts), "test"); }

    private static RuleFacts facts(dev.ruleport.ir.Expr condition) {
        return RuleFacts.from(filter("process", condition), List.of(), null);
    }

    @Test
    void aRuleWithoutAnOsTestIsNarrowerUnlessTheHostsAreDeclared() {
        RuleFacts noOs = facts(eq("event.type", "start"));
        Selection plain = profile("").select(noOs).orElseThrow();
        assertEquals(Fidelity.NARROWER, plain.fidelity());
        assertFalse(plain.assumesHosts());

        MappingProfile declared = profile("hosts: {os: [windows]}");
        assertEquals(Set.of("windows"), declared.hosts().orElseThrow().os());
        assertTrue(declared.hosts().orElseThrow().says().contains("declared by profile my-sysmon"));
        Selection s = declared.select(noOs).orElseThrow();
        assertEquals(Fidelity.EXACT, s.fidelity());
        assertTrue(s.assumesHosts(), "the selection relies on the declaration");
        assertEquals(Set.of("windows"), s.facts().os());
    }

    @Test
    void theRulesOwnOsTestKeepsItsSelectionAsItWas() {
        MappingProfile declared = profile("").withHosts(HostScope.declared(Set.of("windows"), "--hosts windows"));
        Selection s = declared.select(facts(and(eq("host.os.type", "windows"), eq("event.type", "start")))).orElseThrow();
        assertEquals(Fidelity.EXACT, s.fidelity());
        assertFalse(s.assumesHosts());
        // the log source's own absorption (no statement), not the declaration's
        assertNull(s.absorbs(eq("host.os.type", "windows")).orElseThrow().says());
    }

    @Test
    void aRuleAboutOtherHostsHasNoLogSourceAndSeveralOsAreIntersected() {
        MappingProfile declared = profile("").withHosts(HostScope.declared(Set.of("windows"), "--hosts windows"));
        assertTrue(declared.select(facts(and(eq("host.os.type", "linux"), eq("event.type", "start")))).isEmpty());
        Selection both = declared.select(facts(and(in("host.os.type", "linux", "windows"), eq("event.type", "start")))).orElseThrow();
        assertEquals(Fidelity.EXACT, both.fidelity());
        assertTrue(both.assumesHosts());
        assertEquals(Set.of("windows"), both.facts().os());
    }

    @Test
    void theDeclarationReplacesADeviceInventoryClause() {
        MappingProfile xdr = MappingProfile.load("kql-defender-xdr");
        RuleFacts windowsStart = facts(and(eq("host.os.type", "windows"), eq("event.type", "start")));
        Absorption inventory = xdr.select(windowsStart).orElseThrow().absorbs(eq("host.os.type", "windows")).orElseThrow();
        assertTrue(inventory.clause().contains("DeviceInfo"), inventory.clause());

        MappingProfile fleet = xdr.withHosts(HostScope.declared(Set.of("windows"), "--hosts windows"));
        Selection s = fleet.select(windowsStart).orElseThrow();
        Absorption declared = s.absorbs(eq("host.os.type", "windows")).orElseThrow();
        assertNull(declared.clause());
        assertEquals(fleet.hosts().orElseThrow().says(), declared.says());
        // a Security event code stands for a Windows event, tested through the same inventory: decided as well
        Selection code = fleet.select(facts(eq("event.code", "4688"))).orElseThrow();
        Absorption byCode = code.absorbs(eq("event.code", "4688")).orElseThrow();
        assertNull(byCode.clause());
        // an OS test the declaration does not decide keeps its clause
        MappingProfile mixed = xdr.withHosts(HostScope.declared(Set.of("windows", "linux"), "--hosts windows,linux"));
        Absorption partly = mixed.select(windowsStart).orElseThrow().absorbs(eq("host.os.type", "windows")).orElseThrow();
        assertNotNull(partly.clause());
    }

    @Test
    void variablesKeepTheDeclarationAndBadDeclarationsAreRefused() {
        MappingProfile sysmon = MappingProfile.load("splunk-sysmon").withHosts(HostScope.declared(Set.of("windows"), "x"));
        assertTrue(sysmon.withVariables(java.util.Map.of("index", "main")).hosts().isPresent());
        MappingProfileException e = assertThrows(MappingProfileException.class, () -> profile("hosts: {os: [solaris]}"));
        assertTrue(e.getMessage().contains("hosts.os: 'solaris' is not a host.os.type value"), e.getMessage());
        e = assertThrows(MappingProfileException.class, () -> profile("hosts: {os: [], says: x}"));
        assertTrue(e.getMessage().contains("hosts.os: required"), e.getMessage());
        e = assertThrows(MappingProfileException.class, () -> profile("hosts: {oss: [linux]}"));
        assertTrue(e.getMessage().contains("hosts"), e.getMessage());
    }
}
