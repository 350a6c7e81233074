package dev.ruleport.lower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ruleport.backend.TranslateOptions;
import dev.ruleport.backend.Translation;
import dev.ruleport.kql.KqlBackend;
import dev.ruleport.mapping.MappingProfile;
import dev.ruleport.print.EqlPrinter;
import dev.ruleport.testsupport.TestRules;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The lowering stage's decisions, each on a small profile written inline. */
class LoweringTest {
    /** A KQL profile with one process-start table, the mechanisms under test switched on. */
    static final MappingProfile PROFILE = MappingProfile.parse("""
            name: test-kql
            target: kql
            path_separator: '\\'
            tables:
              Proc: {Time: datetime, DeviceId: string, Image: string, CommandLine: string, Pid: long}
              Info: {DeviceId: string, Platform: string}
            logsources:
              - id: test/Proc
                attributes: {table: Proc, timestamp: Time}
                columns_from: {table: Proc}
                when: {category: process}
                requires:
                  any_of: [{event.type: [start]}]
                absorbs:
                  event.category: [process]
                  event.type: [start]
                  host.os.type:
                    clauses: {windows: 'DeviceId in ((Info | where Platform == "Windows" | project DeviceId))'}
                    says: host.os.type = the device's platform in Info
                equivalent:
                  - when: {category: process, event.code: ['4688']}
                    absorbs: {event.code: ['4688']}
                    says: Security event 4688 = process start = a Proc row
                never_recorded: [process.code_signature.]
                fields:
                  process.executable: Image
                  process.name: {target: Image, transform: basename}
                  process.command_line: CommandLine
                  process.args: {expression: 'parse_command_line(CommandLine, "windows")', type: dynamic}
                  process.pid: Pid
                  process.entity_id: {expression: 'strcat(DeviceId, "|", Pid)', type: string, equivalence: 'a process is its device and pid'}
                  user.id: {never: 'Proc has no user column'}
                  event.action: {expression: 'iff(Pid == 4, "system", "user")', type: string, values: [system, user], equivalence: 'the kind of process by its pid'}
            """, "test-kql.yml");

    static LoweredRule lower(String query, LossMode mode) {
        return Lowering.lower(TestRules.rule(query), PROFILE, mode);
    }

    static dev.ruleport.ir.Expr expr(String text) {
        return dev.ruleport.parse.QueryParser.parseExpression(dev.ruleport.diag.SourceText.of("x", text)).value();
    }

    static Translation kql(String query) {
        return new KqlBackend().translate(TestRules.rule(query), TranslateOptions.of(PROFILE));
    }

    @Test
    void normalFormPushesNotDownAndFoldsConstants() {
        assertEquals("not a == \"x\" and not b == 1", EqlPrinter.print(Normalizer.normalize(
                expr("not (a == \"x\" or b == 1)"))));
        assertEquals("true", EqlPrinter.print(Normalizer.normalize(
                expr("not (x > null)"))));
        assertEquals("a == 1", EqlPrinter.print(Normalizer.normalize(
                expr("a == 1 and a == 1 and true"))));
    }

    @Test
    void neverRecordedFieldsAreDecidedAsMissing() {
        LoweredRule l = lower("process where event.type == \"start\" and process.name : \"a.exe\""
                + " and not process.code_signature.trusted == true and not user.id in (\"S-1-5-18\")", LossMode.EXACT);
        assertEquals(List.of(), l.findings());
        assertEquals("process.name : \"a.exe\"", EqlPrinter.print(l.event().condition()));
        assertEquals(List.of("process.code_signature.trusted", "user.id"), List.copyOf(l.event().never().keySet()));
        LoweredRule never = lower("process where event.type == \"start\" and process.code_signature.trusted == false", LossMode.ANY);
        assertEquals(Reason.NEVER_MATCHES, never.findings().get(0).reason());
        assertTrue(never.findings().get(0).message().contains("process.code_signature.trusted is never recorded"), never.findings().toString());
        LoweredRule flood = lower("process where event.type == \"start\" and not process.code_signature.trusted == true", LossMode.EXACT);
        assertEquals(Reason.FLOOD, flood.findings().get(0).reason());
    }

    /**
     * An operand decided on every event of the source decides its connective: what the other operands could not say
     * (an unmapped field, an inexact one) is not reported.
     */
    @Test
    void aDecidedOperandDecidesItsConnective() {
        LoweredRule l = lower("process where event.type == \"start\" and process.name : \"a.exe\""
                + " and not (?user.id == \"S-1-5-18\" and not data_stream.dataset : \"x\")", LossMode.EXACT);
        assertEquals(List.of(), l.findings());
        assertEquals("process.name : \"a.exe\"", EqlPrinter.print(l.event().condition()));
        LoweredRule or = lower("process where event.type == \"start\" and process.name : \"a.exe\""
                + " and (user.id == null or unknown.field == 1)", LossMode.EXACT);
        assertEquals(List.of(), or.findings());
        // undecided, the unmapped field is still refused
        LoweredRule refused = lower("process where event.type == \"start\" and process.name : \"a.exe\""
                + " and not (process.pid == 4 and not data_stream.dataset : \"x\")", LossMode.EXACT);
        assertEquals(Reason.UNMAPPED_FIELD, refused.findings().get(0).reason(), refused.findings().toString());
    }

    @Test
    void anotherNameForTheSameActivityIsEquivalent() {
        Translation t = kql("process where event.code == \"4688\" and process.executable : \"C:\\\\x.exe\"");
        assertEquals(Translation.Status.EQUIVALENT, t.status(), t.diagnostics().toString());
        assertEquals(List.of("Security event 4688 = process start = a Proc row"), t.equivalences());
        assertTrue(t.text().contains("// equivalence: Security event 4688 = process start = a Proc row\n"), t.text());
        assertTrue(t.text().endsWith("Proc\n| where Image =~ @\"C:\\x.exe\"\n"), t.text());
    }

    @Test
    void anAbsorbedConjunctCanBeTestedThroughAClause() {
        Translation t = kql("process where host.os.type == \"windows\" and event.type == \"start\" and process.pid == 4");
        assertEquals(Translation.Status.EQUIVALENT, t.status(), t.diagnostics().toString());
        assertTrue(t.text().endsWith("Proc\n| where DeviceId in ((Info | where Platform == \"Windows\" | project DeviceId))\n"
                + "| where Pid == 4\n"), t.text());
    }

    @Test
    void aComputedFieldIsWrittenAsItsExpression() {
        Translation t = kql("process where event.type == \"start\" and process.args == \"-enc\"");
        assertEquals(Translation.Status.EXACT, t.status(), t.diagnostics().toString());
        assertTrue(t.text().endsWith("| where set_has_element((parse_command_line(CommandLine, \"windows\")), \"-enc\")\n"), t.text());
    }

    @Test
    void aFieldWithDeclaredValuesFoldsTestsOfOtherValues() {
        LoweredRule l = lower("process where event.type == \"start\" and event.action : (\"open\", \"SYS*\")"
                + " and not event.action in (\"close\", \"user\")", LossMode.EXACT);
        assertEquals(List.of(), l.findings());
        assertEquals("event.action : \"SYS*\" and event.action not in (\"user\")", EqlPrinter.print(l.event().condition()));
        LoweredRule never = lower("process where event.type == \"start\" and event.action == \"open\"", LossMode.ANY);
        assertEquals(Reason.NEVER_MATCHES, never.findings().get(0).reason());
        assertTrue(never.findings().get(0).message().endsWith("event.action only ever holds system, user in test/Proc"),
                never.findings().toString());
    }

    @Test
    void aJoinKeyUnderAnIdentityMakesTheSequenceEquivalent() {
        LoweredRule l = lower("sequence by process.entity_id [process where event.type == \"start\" and process.pid == 1]"
                + " [process where event.type == \"start\" and process.pid == 2]", LossMode.EXACT);
        assertEquals(List.of(), l.findings());
        assertEquals(JoinKey.Kind.SINGLE, l.sequence().stages().get(0).keys().get(0).kind());
        assertEquals(List.of("a process is its device and pid"), l.equivalences());
    }

    @Test
    void unmappedPredicatesAreDroppedOnlyWhenLossyAndNeverFlood() {
        LoweredRule exact = lower("process where event.type == \"start\" and process.name : \"a.exe\" and no.such : \"x\"", LossMode.EXACT);
        assertTrue(exact.refused());
        LoweredRule lossy = lower("process where event.type == \"start\" and process.name : \"a.exe\" and no.such : \"x\"", LossMode.BROADER);
        assertTrue(!lossy.refused(), lossy.findings().toString());
        assertEquals("process.name : \"a.exe\"", EqlPrinter.print(lossy.event().condition()));
        LoweredRule or = lower("process where event.type == \"start\" and (process.name : \"a.exe\" or no.such : \"x\")", LossMode.BROADER);
        assertTrue(or.refused(), "an alternative left out makes the disjunction true, and nothing else is left: a flood");
        assertEquals(Reason.FLOOD, or.findings().get(or.findings().size() - 1).reason());
    }

    @Test
    void aJoinOnlyIdentityJoinsSequencesButIsNoValue() {
        MappingProfile p = MappingProfile.parse("""
                name: test-join
                target: spl
                logsources:
                  - id: test/all
                    attributes: {search: 'index=x'}
                    fields:
                      process.name: Name
                      host.id: {target: Computer, join_only: true, equivalence: 'host.id = Computer, the host name'}
                """, "test-join.yml");
        LoweredRule seq = Lowering.lower(TestRules.rule("sequence by host.id with maxspan=1m [any where process.name : \"a\"]"
                + " [any where process.name : \"b\"]"), p, LossMode.EXACT);
        assertEquals(List.of(), seq.findings());
        assertEquals("Computer", seq.sequence().terms().get(1).keys().get(0).column());
        assertEquals(JoinKey.Kind.SINGLE, seq.sequence().terms().get(0).keys().get(0).kind());
        assertEquals(List.of("host.id = Computer, the host name"), seq.equivalences());
        LoweredRule value = Lowering.lower(TestRules.rule("any where host.id == \"abc\""), p, LossMode.EXACT);
        assertEquals(Reason.UNMAPPED_FIELD, value.findings().get(0).reason());
        assertTrue(value.findings().get(0).message().contains("Computer identifies the same host.id only for joining events"),
                value.findings().toString());
    }

    /** A profile whose fields the target writes differently: a value list, number forms, a text for missing. */
    static final MappingProfile RENDERED = MappingProfile.parse("""
            name: test-rendered
            target: spl
            logsources:
              - id: test/all
                attributes: {search: 'index=x'}
                fields:
                  network.direction: {target: Initiated, values_as: {egress: 'true', ingress: 'false'}}
                  registry.data.strings: {target: Details, numbers_as: ['DWORD (0x%08x)', 'QWORD (0x%08x-0x%08x)']}
                  process.name: {target: Name, missing_as: unknown, equivalence: 'Name is "unknown" where the source lacks it'}
            """, "test-rendered.yml");

    static String rendered(String condition) {
        LoweredRule l = Lowering.lower(TestRules.rule("any where " + condition), RENDERED, LossMode.EXACT);
        assertEquals(List.of(), l.findings());
        return EqlPrinter.print(l.event().condition());
    }

    @Test
    void aListOfValuesIsDecidedOnEachValueAndOnAMissingField() {
        assertEquals("network.direction in (\"true\")", rendered("network.direction : \"EGRESS\""));
        assertEquals("network.direction in (\"false\") or network.direction == null", rendered("not network.direction == \"egress\""));
        LoweredRule never = Lowering.lower(TestRules.rule("any where network.direction : \"outbound\""), RENDERED, LossMode.EXACT);
        assertEquals(Reason.NEVER_MATCHES, never.findings().get(0).reason());
        assertTrue(never.findings().get(0).message().endsWith("network.direction only takes the values egress, ingress in test/all"),
                never.findings().toString());
    }

    @Test
    void numbersGainTheirFormsAndPatternsThatCouldMatchANumberAreRefused() {
        assertEquals("registry.data.strings : (\"1\", \"0x00000001\") or registry.data.strings : (\"DWORD (0x00000001)\","
                + " \"QWORD (0x00000000-0x00000001)\")", rendered("registry.data.strings : (\"1\", \"0x00000001\")"));
        assertEquals("registry.data.strings == \"4294967296\" or registry.data.strings : \"QWORD (0x00000001-0x00000000)\"",
                rendered("registry.data.strings == \"4294967296\""));
        assertEquals("registry.data.strings : \"*.dll\"", rendered("registry.data.strings : (\"*.dll\", \"DWORD (0x00000001)\")"));
        assertEquals("registry.data.strings != null", rendered("registry.data.strings != null"));
        assertEquals("length(registry.data.strings) > 0", rendered("length(registry.data.strings) > 0"));
        LoweredRule digits = Lowering.lower(TestRules.rule("any where registry.data.strings : \"1*\""), RENDERED, LossMode.EXACT);
        assertEquals(Reason.DERIVED_VALUE, digits.findings().get(0).reason());
        assertTrue(digits.refused());
    }

    @Test
    void theTextForMissingReadsAsMissing() {
        LoweredRule l = Lowering.lower(TestRules.rule("any where not process.name : \"cmd.exe\""), RENDERED, LossMode.EXACT);
        assertEquals("not process.name : \"cmd.exe\"", EqlPrinter.print(l.event().condition()), "the same on unknown as on missing");
        assertEquals(List.of("Name is \"unknown\" where the source lacks it"), l.equivalences());
        assertEquals("process.name == \"unknown\" or process.name == null", rendered("process.name == null"));
        assertEquals("not process.name == \"unknown\" and process.name : \"*\"", rendered("process.name : \"*\""));
    }
}
