package dev.ruleport.mapping;

import static dev.ruleport.mapping.Ir.*;
import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileLoaderTest {
    @TempDir Path dir;

    private static final String USER_PROFILE = """
            # my-sysmon — a site's own Sysmon index
            name: my-sysmon
            target: spl
            path_separator: '\\'
            variables: {index: sysmon}
            logsources:
              - id: mine/process
                attributes: {search: 'index=${index} EventCode=1'}
                when: {category: process}
                requires: {os: windows, event.type: [start]}
                absorbs: {os: [windows], category: [process], event.type: [start]}
                fields:
                  process.executable: Image
                  process.name: {target: Image, transform: basename}
                  process.args: {target: CommandLine, fidelity: broader, note: substring of the command line}
                  process.parent.args: {unmapped: not logged here}
            """;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    private String loadError(String text) throws IOException {
        Path p = write("bad.yml", text);
        MappingProfileException e = assertThrows(MappingProfileException.class, () -> MappingProfile.load(p.toString()));
        assertTrue(e.getMessage().startsWith("profile " + p + ": "), e.getMessage());
        assertEquals(p.toString(), e.source());
        return e.getMessage().substring(("profile " + p + ": ").length());
    }

    @Test
    void userProfileFromAPath() throws IOException {
        Path p = write("my.yml", USER_PROFILE);
        MappingProfile profile = MappingProfile.load(p.toString());
        assertEquals("my-sysmon", profile.name());
        assertEquals("spl", profile.target());
        assertEquals(p.toString(), profile.source());
        Selection s = profile.select(RuleFacts.from(filter("process", and(eq("host.os.type", "windows"),
                eq("event.type", "start"))), List.of(), null)).orElseThrow();
        assertEquals(Fidelity.EXACT, s.fidelity());
        assertEquals(Map.of("search", "index=sysmon EventCode=1"), s.attributes());
        assertEquals(ValueTransform.BASENAME_BACKSLASH, s.field("process.name").orElseThrow().transform());
        assertEquals(Fidelity.BROADER, s.field("process.args").orElseThrow().fidelity());
        assertTrue(s.field("process.parent.args").isEmpty());
        assertTrue(s.logsource().explainUnmapped("process.parent.args").endsWith(": not logged here"));
        assertTrue(s.field("process.parent.name").isEmpty());
    }

    @Test
    void yamlSyntaxErrorNamesFileAndLine() throws IOException {
        String msg = loadError("name: x\ntarget: sigma\nlogsources:\n  - id: a\n    attributes: {product: [windows\n");
        assertTrue(msg.startsWith("line "), msg);
        assertTrue(msg.contains("YAML syntax error"), msg);
    }

    @Test
    void duplicateKeysAreAnError() throws IOException {
        String msg = loadError("name: x\nname: y\ntarget: sigma\nlogsources: [{id: a}]\n");
        assertTrue(msg.contains("duplicate key name"), msg);
    }

    @Test
    void entryErrorsNameTheKeyPath() throws IOException {
        assertEquals("logsources[0] (a).fields.process.name.fidelity: must be exact, broader or narrower, not 'same'",
                loadError("name: x\ntarget: sigma\nlogsources:\n  - id: a\n    fields:\n"
                        + "      process.name: {target: Image, fidelity: same}\n"));
        assertEquals("target: must be one of [any, kql, sigma, spl], not 'elastic'",
                loadError("name: x\ntarget: elastic\nlogsources: [{id: a}]\n"));
        assertEquals("logsources: required: a non-empty list of log sources", loadError("name: x\ntarget: spl\n"));
        assertEquals("logsources[0] (a).atributes: unknown key; expected one of [absorbs, aliases, attributes, columns,"
                        + " columns_from, description, equivalent, fidelity, fields, id, keywords, never_recorded, note, path_separator,"
                        + " prefixes, reads_as, reads_rendered, records, requires, use, when]",
                loadError("name: x\ntarget: spl\nlogsources: [{id: a, atributes: {}}]\n"));
        assertEquals("logsources[0] (a).attributes.search: unknown variable ${index}; declared: []",
                loadError("name: x\ntarget: spl\nlogsources: [{id: a, attributes: {search: 'index=${index}'}}]\n"));
        assertEquals("logsources[0] (a).fields.process.name.transform: basename needs path_separator on the profile or log source",
                loadError("name: x\ntarget: sigma\nlogsources: [{id: a, fields: {process.name: {target: Image, transform: basename}}}]\n"));
        assertEquals("logsources[0] (a).fields.process.args: a mapping that is not exact needs a note saying why",
                loadError("name: x\ntarget: sigma\nlogsources: [{id: a, fields: {process.args: {target: C, fidelity: broader}}}]\n"));
        assertEquals("logsources[0] (a): a kql log source must declare its table's columns (columns or columns_from)",
                loadError("name: x\ntarget: kql\nlogsources: [{id: a, attributes: {table: T}}]\n"));
        assertEquals("logsources[0] (a).fields.process.name: maps to column 'FileName', which is not among the log source's columns",
                loadError("name: x\ntarget: kql\nlogsources: [{id: a, columns: {Name: string}, fields: {process.name: FileName}}]\n"));
        assertEquals("logsources[0] (a).fields.process.args.type: a computed field needs its type",
                loadError("name: x\ntarget: spl\nlogsources: [{id: a, fields: {process.args: {expression: 'windows_argv(C)'}}}]\n"));
        // SPL has no column types: a multi-valued computed field says multi; KQL still needs the Kusto type
        assertEquals("logsources[0] (a).fields.process.args.type: a computed field of a KQL profile needs its Kusto type",
                loadError("name: x\ntarget: kql\nlogsources: [{id: a, columns: {C: string}, fields: {process.args: {expression: 'parse_command_line(C, \"windows\")', multi: true}}}]\n"));
        assertEquals("logsources[1]: duplicate id 'a'",
                loadError("name: x\ntarget: spl\nlogsources: [{id: a}, {id: a}]\n"));
        assertEquals("logsources[0] (a).fields.process.name: expected a target name, a map (target, fidelity, type,"
                        + " multi, transform, note) or {unmapped: reason}, got a list",
                loadError("name: x\ntarget: spl\nlogsources: [{id: a, fields: {process.name: [a, b]}}]\n"));
        assertEquals("empty document; expected a map with name, target and logsources", loadError(""));
        assertEquals("logsources[0] (a).fields.event.action.values: required: the values the field can hold",
                loadError("name: x\ntarget: spl\nlogsources: [{id: a, fields: {event.action: {target: A, values: []}}}]\n"));
    }

    @Test
    void argumentTransformsAreForSigmaOnly() throws IOException {
        // KQL and SPL writers have no token regex: a profile for them cannot declare the transform
        assertEquals("logsources[0] (a).fields.process.args.transform: argument is written for the sigma target only, not spl",
                loadError("name: x\ntarget: spl\nlogsources: [{id: a, fields: {process.args: {target: CommandLine, transform: argument}}}]\n"));
        assertEquals("logsources[0] (a).fields.process.args_count.transform: argument_count is written for the sigma target"
                        + " only, not kql",
                loadError("name: x\ntarget: kql\nlogsources: [{id: a, attributes: {table: T}, fields: {process.args_count:"
                        + " {target: CommandLine, transform: argument_count}}}]\n"));
        // first_segment names the separator's first segment: it needs one
        assertEquals("logsources[0] (a).fields.registry.path.first_segment: needs path_separator on the profile or log"
                        + " source, and no transform",
                loadError("name: x\ntarget: spl\nlogsources: [{id: a, fields: {registry.path: {target: P, first_segment: hive}}}]\n"));
        assertEquals(ValueTransform.ARGUMENT, MappingProfile.load("sigma-linux").logsource("linux/process_creation")
                .orElseThrow().field("process.args").orElseThrow().transform());
    }

    @Test
    void renderingsApplyToPlainAndComputedStringFieldsOnly() throws IOException {
        String profile = "name: x\ntarget: kql\nlogsources:\n  - id: a\n    attributes: {table: T}\n"
                + "    columns: {EventData: dynamic, Image: string}\n    fields:\n";
        // a computed string field holds the target's texts as a column does (Sysmon's Initiated through EventData)
        MappingProfile p = MappingProfile.load(write("computed.yml", profile
                + "      network.direction: {expression: 'tostring(EventData.Initiated)', type: string, values_as: {egress: 'true', ingress: 'false'}}\n")
                .toString());
        assertEquals(Map.of("egress", "true", "ingress", "false"),
                p.logsource("a").orElseThrow().rendering("network.direction").orElseThrow().values());
        // a computed field of another type is not written as the listed texts: still refused
        String refused = ": values_as, numbers_as and missing_as apply to a plain target field or a computed string field,"
                + " not a transformed or computed non-string one";
        assertEquals("logsources[0] (a).fields.destination.port" + refused, loadError(profile
                + "      destination.port: {expression: 'tolong(EventData.DestinationPort)', type: long, missing_as: '0'}\n"));
        assertEquals("logsources[0] (a).fields.network.direction" + refused, loadError(profile
                + "      network.direction: {expression: 'tobool(EventData.Initiated)', type: bool, values_as: {egress: 'true'}}\n"));
        assertEquals("logsources[0] (a).fields.process.name" + refused, loadError(profile
                + "      process.name: {target: Image, transform: extension, values_as: {a: b}}\n"));
    }

    @Test
    void entriesOfAListNeedTheListMappedAndKeysThatDoNotOverlap() throws IOException {
        String profile = "name: x\ntarget: spl\nlogsources:\n  - id: a\n    fields:\n";
        MappingProfile p = MappingProfile.load(write("entries.yml", profile + "      winlog.event_data.Hashes: Hashes\n"
                + "      process.hash.sha256: {entry_of: winlog.event_data.Hashes, key: SHA256, hex_digits: 64}\n"
                + "      process.hash.md5: {entry_of: winlog.event_data.Hashes, key: MD5, hex_digits: 32}\n").toString());
        assertEquals(new KeyedEntry("winlog.event_data.Hashes", "SHA256", 64),
                p.logsource("a").orElseThrow().entry("process.hash.sha256").orElseThrow());
        assertTrue(p.logsource("a").orElseThrow().field("process.hash.sha256").isEmpty(), "an entry is no column mapping");
        assertEquals("logsources[0] (a): process.hash.sha256 is an entry of winlog.event_data.Hashes, which has no"
                + " mapping here", loadError(profile
                + "      process.hash.sha256: {entry_of: winlog.event_data.Hashes, key: SHA256, hex_digits: 64}\n"));
        assertEquals("logsources[0] (a): the keys SHA256 and 256 of winlog.event_data.Hashes overlap: 256= would also"
                + " be found inside SHA256=", loadError(profile + "      winlog.event_data.Hashes: Hashes\n"
                + "      process.hash.sha256: {entry_of: winlog.event_data.Hashes, key: SHA256, hex_digits: 64}\n"
                + "      process.hash.x: {entry_of: winlog.event_data.Hashes, key: '256', hex_digits: 64}\n"));
        assertEquals("logsources[0] (a).fields.process.hash.sha256.hex_digits: must be a number of digits", loadError(profile
                + "      winlog.event_data.Hashes: Hashes\n"
                + "      process.hash.sha256: {entry_of: winlog.event_data.Hashes, key: SHA256, hex_digits: many}\n"));
    }

    @Test
    void logSourcesShareDefinitionsThroughYamlMergeKeys() throws IOException {
        MappingProfile p = MappingProfile.load(write("merge.yml", """
                name: merged
                target: spl
                logsources:
                  - &base
                    id: base
                    when: {category: process}
                    fields: &fields {process.name: Image, process.executable: Path}
                  - <<: *base
                    id: other
                    fields: {<<: *fields, process.name: Name}
                """).toString());
        assertEquals("Image", p.logsource("base").orElseThrow().field("process.name").orElseThrow().target());
        assertEquals("Name", p.logsource("other").orElseThrow().field("process.name").orElseThrow().target());
        assertEquals("Path", p.logsource("other").orElseThrow().field("process.executable").orElseThrow().target());
    }

    @Test
    void unknownNameThatIsNoFile() {
        MappingProfileException e = assertThrows(MappingProfileException.class, () -> MappingProfile.load("sigma-window"));
        assertTrue(e.getMessage().startsWith("profile sigma-window: not a built-in profile (ecs, sigma-windows"), e.getMessage());
        assertTrue(e.getMessage().endsWith(") and no such file"), e.getMessage());
    }

    @Test
    void builtInNamesAreStable() {
        assertEquals(List.of("ecs", "sigma-windows", "sigma-linux", "sigma-macos", "sigma-cloud", "sigma-network", "kql-ecs",
                "kql-sentinel-securityevent", "kql-defender-xdr", "kql-sentinel-sysmon", "splunk-ecs", "splunk-windows", "splunk-sysmon",
                "splunk-cim"), MappingProfile.builtInNames());
    }

    @Test
    void profilesAreImmutable() {
        MappingProfile p = MappingProfile.load("sigma-windows");
        assertThrows(UnsupportedOperationException.class, () -> p.logsources().clear());
        assertThrows(UnsupportedOperationException.class,
                () -> p.logsources().get(0).attributes().put("product", "linux"));
    }
}
