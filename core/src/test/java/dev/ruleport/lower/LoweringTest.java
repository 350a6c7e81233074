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
                  user.id: {never: 'Proc has no user column'}
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
}
