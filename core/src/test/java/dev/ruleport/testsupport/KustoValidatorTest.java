package dev.ruleport.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ruleport.testsupport.KustoValidator.Diagnostic;
import dev.ruleport.testsupport.KustoValidator.Schema;
import dev.ruleport.testsupport.KustoValidator.ValidatorException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pins what Microsoft's Kusto parser says about a few queries, through {@link KustoValidator}. */
class KustoValidatorTest {

    private KustoValidator kusto;

    @BeforeEach
    void startValidator() {
        kusto = KustoValidator.shared(); // one process per JVM; skips (or fails on CI) when not installed
    }

    private void assertClean(String query, Schema schema) {
        List<Diagnostic> diags = kusto.validate(query, schema);
        assertTrue(diags.isEmpty(), () -> "expected no diagnostics for " + schema + ":\n" + KustoValidator.describe(query, diags));
    }

    private Diagnostic onlyError(String query, Schema schema) {
        List<Diagnostic> diags = kusto.validate(query, schema);
        List<Diagnostic> errors = diags.stream().filter(Diagnostic::isError).toList();
        assertEquals(1, errors.size(), () -> "expected exactly one error:\n" + KustoValidator.describe(query, diags));
        return errors.get(0);
    }

    @Test
    void validSecurityEventQueryHasNoDiagnostics() {
        assertClean("SecurityEvent | where EventID == 4688 and NewProcessName =~ @\"C:\\Windows\\System32\\lsass.exe\"",
                Schema.SENTINEL);
    }

    @Test
    void unknownColumnIsKs142AtItsOffset() {
        String query = "SecurityEvent | where EventID == 4688 and NewProcessNam =~ \"lsass.exe\"";
        Diagnostic d = onlyError(query, Schema.SENTINEL);
        assertEquals("KS142", d.code());
        assertEquals("Error", d.severity());
        assertEquals(query.indexOf("NewProcessNam"), d.start());
        assertEquals("NewProcessNam".length(), d.length());
        assertEquals(1, d.line());
        assertEquals(query.indexOf("NewProcessNam") + 1, d.column());
        assertTrue(d.message().contains("'NewProcessNam'"), d.message());
    }

    @Test
    void lineAndColumnCountLines() {
        // offsets are UTF-16 units, like Java's: a non-BMP character before the error counts 2
        String query = "SecurityEvent | where Computer != \"\uD83D\uDE00\u00e9\"\r\n| where EventID == 4688\n| project Computer, Nope";
        Diagnostic d = onlyError(query, Schema.SENTINEL);
        assertEquals("KS142", d.code());
        assertEquals(query.indexOf("Nope"), d.start());
        assertEquals(3, d.line());
        assertEquals("| project Computer, ".length() + 1, d.column());
    }

    @Test
    void timestampBindsInBothSchemasButTimeGeneratedOnlyInSentinel() {
        assertClean("DeviceProcessEvents | where Timestamp > ago(1h)", Schema.SENTINEL);
        assertClean("DeviceProcessEvents | where Timestamp > ago(1h)", Schema.DEFENDER_XDR);
        assertClean("DeviceProcessEvents | where TimeGenerated > ago(1h)", Schema.SENTINEL);
        String query = "DeviceProcessEvents | where TimeGenerated > ago(1h)";
        Diagnostic d = onlyError(query, Schema.DEFENDER_XDR);
        assertEquals("KS142", d.code());
        assertEquals(query.indexOf("TimeGenerated"), d.start());
    }

    @Test
    void partitionedScanSequenceBinds() {
        String query = String.join("\n",
                "DeviceProcessEvents",
                "| where FileName in~ (\"winword.exe\", \"powershell.exe\")",
                "| partition hint.strategy=native by DeviceId",
                "( sort by Timestamp asc",
                "  | scan with_match_id = MatchId declare (TA: datetime) with (",
                "      step s1: FileName =~ \"winword.exe\" => TA = Timestamp;",
                "      step s2: FileName =~ \"powershell.exe\" and Timestamp > s1.TA and Timestamp <= s1.TA + 1m; ) )");
        assertClean(query, Schema.SENTINEL);
        assertClean(query, Schema.DEFENDER_XDR);
        // a typo in a step's state reference is caught (KS142 on the name, plus a follow-up KS106)
        String typo = query.replace("Timestamp <= s1.TA", "Timestamp <= s1.TX");
        List<Diagnostic> diags = kusto.validate(typo, Schema.DEFENDER_XDR);
        assertTrue(diags.stream().anyMatch(d -> d.isError() && d.code().equals("KS142")
                        && d.start() == typo.indexOf("TX") && d.line() == 7),
                () -> KustoValidator.describe(typo, diags));
    }

    @Test
    void innerJoinSequenceBinds() {
        String query = String.join("\n",
                "let A = DeviceProcessEvents | where FileName =~ \"winword.exe\"    | project DeviceId, TA = Timestamp;",
                "let B = DeviceProcessEvents | where FileName =~ \"powershell.exe\" | project DeviceId, TB = Timestamp;",
                "A | join kind=inner B on DeviceId | where TB > TA and TB <= TA + 1m");
        assertClean(query, Schema.DEFENDER_XDR);
    }

    @Test
    void danglingAndIsASyntaxError() {
        String query = "DeviceProcessEvents | where FileName =~ \"x\" and";
        Diagnostic d = onlyError(query, Schema.DEFENDER_XDR);
        assertEquals("KS006", d.code());
        assertEquals(query.length(), d.start());
    }

    @Test
    void typeErrorsAreReported() {
        Diagnostic d = onlyError("SecurityEvent | where CommandLine > 5", Schema.SENTINEL);
        assertEquals("KS106", d.code());
        assertEquals("KS204", onlyError("SysmonEvents | take 1", Schema.SENTINEL).code());
    }

    @Test
    void analyzerWarningsOnRequest() {
        String query = "DeviceProcessEvents | where isnull(FileName)";
        assertTrue(kusto.validate(query, Schema.DEFENDER_XDR).isEmpty());
        List<Diagnostic> diags = kusto.validate(query, Schema.DEFENDER_XDR, null, true);
        assertEquals(1, diags.size(), () -> KustoValidator.describe(query, diags));
        assertEquals("KS501", diags.get(0).code());
        assertTrue(diags.get(0).isWarning());
        assertFalse(diags.get(0).isError());
    }

    @Test
    void hungValidatorFailsTheCallInsteadOfHanging(@TempDir Path dir) throws IOException {
        // answers the readiness ping, then never answers again
        Files.writeString(dir.resolve("validate.js"), String.join("\n",
                "require('readline').createInterface({input: process.stdin}).on('line', l => {",
                "  const r = JSON.parse(l);",
                "  if (r.ping) process.stdout.write(JSON.stringify({id: r.id, pong: true}) + '\\n');",
                "});"));
        try (KustoValidator hung = KustoValidator.start("node", dir, dir, Duration.ofSeconds(20), Duration.ofMillis(300))) {
            long t0 = System.nanoTime();
            ValidatorException e = assertThrows(ValidatorException.class,
                    () -> hung.validate("SecurityEvent | take 1", Schema.SENTINEL));
            assertTrue(e.getMessage().contains("did not answer within 300 ms"), e.getMessage());
            assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(10).toNanos());
            assertFalse(hung.isAlive());
            assertThrows(ValidatorException.class, () -> hung.validate("SecurityEvent | take 1", Schema.SENTINEL));
        }
    }

    @Test
    void crashingValidatorReportsItsStderr(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("validate.js"), "process.stderr.write('cannot read schema x.json'); process.exit(3);");
        ValidatorException e = assertThrows(ValidatorException.class,
                () -> KustoValidator.start("node", dir, dir, Duration.ofSeconds(20), Duration.ofSeconds(20)));
        assertTrue(e.getMessage().contains("exit code 3"), e.getMessage());
        assertTrue(e.getMessage().contains("cannot read schema x.json"), e.getMessage());
    }

    @Test
    void sharedProcessIsReused() {
        assertTrue(KustoValidator.shared() == kusto && kusto.isAlive());
    }
}
