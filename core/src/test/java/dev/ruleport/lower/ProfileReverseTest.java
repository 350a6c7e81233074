package dev.ruleport.lower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.ruleport.mapping.MappingProfile;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How the readers of ruleport's own SPL and KQL read a target field back as the ECS field it was written from. */
class ProfileReverseTest {
    private static MappingProfile spl() {
        return MappingProfile.parse("""
            name: t
            target: spl
            path_separator: '\\'
            prefixes:
              winlog.event_data.: ''
            logsources:
              - id: a
                attributes: {search: 'index=a'}
                fields:
                  winlog.event_data.Image: Image
                  process.executable: Image
                  process.name: {target: Image, transform: basename}
                  process.args: {target: CommandLine, fidelity: broader, note: 'an argument test becomes a substring test'}
                  winlog.event_data.CommandLine: CommandLine
                  host.name: Computer
                  host.id: {target: Computer, join_only: true, equivalence: 'the same host for joining'}
            """, "spl-test");
    }

    private static MappingProfile kql() {
        return MappingProfile.parse("""
            name: k
            target: kql
            path_separator: '\\'
            logsources:
              - id: one
                attributes: {table: T}
                columns: {CommandLine: string, FileName: string}
                fields:
                  process.args: {target: CommandLine, fidelity: broader, note: 'an argument test becomes a substring test'}
                  process.name: {target: FileName, transform: basename}
              - id: two
                attributes: {table: T}
                columns: {CommandLine: string, FileName: string}
                fields:
                  process.command_line: CommandLine
                  process.args: {expression: 'split(CommandLine, " ")', type: dynamic}
                  process.parent.args: {expression: 'split(CommandLine, " ")', type: dynamic}
            """, "kql-test");
    }

    @Test
    void writtenFieldsPreferExactThenEcsThenFirstListed() {
        ProfileReverse r = new ProfileReverse(spl());
        ProfileReverse.Source a = r.first();
        Map<String, String> fields = r.writtenFields(a);
        assertEquals("process.executable", fields.get("Image"));             // an ECS field before its winlog.* alias
        assertEquals("winlog.event_data.CommandLine", fields.get("CommandLine")); // exact before inexact
        assertEquals("host.name", fields.get("Computer"));
        assertEquals("host.id", r.writtenKeys(a).get("Computer"));             // a join-only key as a key
        assertEquals(Optional.of("winlog.event_data.Hashes"), r.writtenField(a, "Hashes")); // the prefix rule
        ProfileReverse k = new ProfileReverse(kql());
        assertEquals(Optional.empty(), k.writtenField(k.first(), "Hashes"));       // no prefix rule, no identity
    }

    @Test
    void columnsOfATableReadExactFirstAcrossItsLogSources() {
        ProfileReverse r = new ProfileReverse(kql());
        List<ProfileReverse.Source> table = r.withAttribute("table", "T");
        assertEquals(Optional.of("process.command_line"), r.columnField(table, "CommandLine"));
        assertEquals(Optional.of("process.args"), r.columnField(table.subList(0, 1), "CommandLine"));
        assertEquals(Optional.empty(), r.columnField(table, "FileName"));       // only a transformed mapping onto it
        assertEquals(Map.of("split(CommandLine, \" \")", "process.args"), r.computedFields(table.get(1)));
        assertNull(r.writtenFields(table.get(0)).get("FileName"));
    }

    /** The Sigma reader's raw alias of a rendered field, and the KQL reader's check of a header's field lines. */
    @Test
    void rawAliasAndHeaderClaims() {
        ProfileReverse sysmon = new ProfileReverse(MappingProfile.load("splunk-sysmon"));
        ProfileReverse.Source proc = sysmon.byId("sysmon/process_creation").orElseThrow();
        assertEquals("winlog.event_data.IntegrityLevel", sysmon.rawAlias(proc, "process.Ext.token.integrity_level_name"));
        assertEquals("winlog.event_data.CommandLine", sysmon.rawAlias(proc, "process.command_line"));
        assertNull(sysmon.rawAlias(proc, "dns.question.name"), "a field the log source does not map has no alias");
        assertEquals(List.of("High", "System"), List.copyOf(sysmon.rendering(proc, "process.Ext.token.integrity_level_name")
                .orElseThrow().values().values()));

        ProfileReverse windowsEvent = new ProfileReverse(MappingProfile.load("kql-sentinel-sysmon"));
        ProfileReverse.Source start = windowsEvent.byId("sysmon/process_creation").orElseThrow();
        assertEquals(ProfileReverse.HeaderClaim.COMPUTED, windowsEvent.headerClaim(start, "process.executable", "tostring(EventData.Image)"));
        assertEquals(ProfileReverse.HeaderClaim.TRANSFORMED,
                windowsEvent.headerClaim(start, "process.name", "tostring(EventData.Image) (basename_backslash)"));
        assertEquals(ProfileReverse.HeaderClaim.NONE, windowsEvent.headerClaim(start, "process.name", "tostring(EventData.Image)"));
        assertEquals(ProfileReverse.HeaderClaim.NONE, windowsEvent.headerClaim(start, "process.executable", "Image"));
        ProfileReverse securityEvent = new ProfileReverse(MappingProfile.load("kql-sentinel-securityevent"));
        ProfileReverse.Source logons = securityEvent.withAttribute("table", "SecurityEvent").get(0);
        assertEquals(ProfileReverse.HeaderClaim.COLUMN, securityEvent.headerClaim(logons, "event.code", "EventID"));
    }

    @Test
    void clausesAreGroupedLargestFirstAndCountedAsAQueryHoldsThem() {
        ProfileReverse cim = new ProfileReverse(MappingProfile.load("splunk-cim"));
        ProfileReverse.Source anyOs = cim.byId("cim/Endpoint.Processes").orElseThrow();
        List<ProfileReverse.ClauseGroup> groups = cim.clauseGroups(anyOs);
        assertEquals(List.of(List.of("windows", "linux"), List.of("windows"), List.of("linux")),
                groups.stream().map(ProfileReverse.ClauseGroup::values).toList());
        assertEquals(List.of("host.os.type"), groups.stream().map(ProfileReverse.ClauseGroup::field).distinct().toList());
        assertEquals(2, groups.get(0).clauses().size());
        String linux = groups.get(2).clauses().get(0);
        assertEquals(1, cim.clausesPresent(anyOs, linux::equals));
        // the Windows process source tests the Windows clause only
        ProfileReverse.Source windows = cim.byId("cim/Endpoint.Processes-windows").orElseThrow();
        assertEquals(0, cim.clausesPresent(windows, linux::equals));
        assertEquals(windows, cim.dataModelOf("| tstats count from datamodel=Endpoint.Processes where x by _time",
                l -> cim.clausesPresent(l, c -> false)));
        // the Linux clause alone: the Linux process source, which tests it and nothing else
        assertEquals(cim.byId("cim/Endpoint.Processes-linux").orElseThrow(), cim.dataModelOf(
                "| tstats count from datamodel=Endpoint.Processes where x by _time", l -> cim.clausesPresent(l, linux::equals)));
        // both clauses: the source of every OS
        java.util.Set<String> both = new java.util.HashSet<>(groups.get(0).clauses());
        assertEquals(anyOs, cim.dataModelOf("| tstats count from datamodel=Endpoint.Processes where x by _time",
                l -> cim.clausesPresent(l, both::contains)));
    }
}
