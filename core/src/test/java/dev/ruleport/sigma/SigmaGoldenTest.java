package dev.ruleport.sigma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ruleport.backend.Translation;
import dev.ruleport.compile.Frontend;
import dev.ruleport.diag.Diagnostic;
import dev.ruleport.testsupport.Shared;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Golden Sigma files, checked by hand against the Sigma specification (rules 2.1.0, modifiers appendix, correlation
 * rules): the seed rule under every shipped Sigma profile, two corpus sequences (temporal_ordered and
 * event_count), and the hostile-values rule. Re-record with {@code -Druleport.golden.update=true}.
 */
class SigmaGoldenTest {
    static final String SEED = "seed/credential_access_lsass_clone_creation_via_psscapturesnapshot.toml";

    static void golden(String name, String actual) {
        dev.ruleport.testsupport.Goldens.check("sigma", name, actual);
    }

    static Frontend.Outcome seed() {
        Path p = Shared.require(SEED);
        return SigmaTestSupport.compile(p.getFileName().toString(), SigmaTestSupport.read(p));
    }

    @Test void seedUnderEcs() throws IOException {
        Translation t = SigmaTestSupport.translate(seed(), "ecs", false);
        assertEquals(Translation.Status.EXACT, t.status(), t.diagnostics().toString());
        assertEquals("credential_access_lsass_clone_creation_via_psscapturesnapshot.yml", t.fileName());
        golden("seed.ecs.yml", t.text());
        // by hand: `:` is Sigma's default match, `?` stays a one-character wildcard, `==` is |cased
        assertTrue(t.text().contains("        process.executable: '?:\\Windows\\System32\\lsass.exe'\n"));
        assertTrue(t.text().contains("        host.os.type|cased: 'windows'\n"));
        assertTrue(t.text().contains("        event.category|cased: 'process'\n"));
    }

    @Test void seedUnderSigmaWindows() throws IOException {
        Translation t = SigmaTestSupport.translate(seed(), "sigma-windows", false);
        assertEquals(Translation.Status.EXACT, t.status(), t.diagnostics().toString());
        golden("seed.sigma-windows.yml", t.text());
        assertTrue(t.text().contains("logsource:\n    product: 'windows'\n    service: 'security'\n"));
        assertTrue(t.text().contains("        NewProcessName: '?:\\Windows\\System32\\lsass.exe'\n"));
        assertTrue(t.text().contains("        ParentProcessName: '?:\\Windows\\System32\\lsass.exe'\n"));
        assertTrue(t.text().contains("        EventID: 4688\n"), "an integer, as SigmaHQ writes it");
    }

    @Test void seedIsRefusedOnLinuxAndMacos() {
        for (String profile : List.of("sigma-linux", "sigma-macos")) {
            Translation t = SigmaTestSupport.translate(seed(), profile, false);
            assertEquals(Translation.Status.REFUSED, t.status(), profile);
            assertNull(t.text());
            Diagnostic d = t.diagnostics().get(0);
            assertEquals(1, t.diagnostics().size(), t.diagnostics().toString());
            assertEquals("credential_access_lsass_clone_creation_via_psscapturesnapshot.toml", d.file());
            assertEquals(37, d.line());
            assertEquals(1, d.column());
            assertEquals("sigma/" + profile + " [no-logsource] profile " + profile + " has no log source for process events with"
                    + " event.category=[process], host.os.type=[windows], event.code=[4688]", d.message());
            // lossy cannot invent a log source either
            assertEquals(Translation.Status.REFUSED, SigmaTestSupport.translate(seed(), profile, true).status());
        }
    }

    static Frontend.Outcome corpus(String relative) {
        Path p = Shared.require("corpus/detection-rules/rules/" + relative);
        return SigmaTestSupport.compile(p.getFileName().toString(), SigmaTestSupport.read(p));
    }

    @Test void temporalOrderedCorrelation() throws IOException {
        Translation t = SigmaTestSupport.translate(corpus("windows/persistence_temp_scheduled_task.toml"), "ecs", false);
        assertEquals(Translation.Status.EXACT, t.status(), t.diagnostics().toString());
        golden("sequence.persistence_temp_scheduled_task.ecs.yml", t.text());
        String text = t.text();
        assertTrue(text.contains("name: 'persistence_temp_scheduled_task_stage1'\n"));
        assertTrue(text.contains("correlation:\n    type: 'temporal_ordered'\n    rules:\n      - 'persistence_temp_scheduled_task_stage1'\n"
                + "      - 'persistence_temp_scheduled_task_stage2'\n    group-by:\n      - 'winlog.computer_name'\n"
                + "      - 'winlog.event_data.TaskName'\n    timespan: '5m'\n    condition:\n        gte: 2\n"), text);
    }

    @Test void runsBecomeEventCount() throws IOException {
        Translation t = SigmaTestSupport.translate(corpus("windows/command_and_control_dns_tunneling_nslookup.toml"), "ecs", false);
        assertEquals(Translation.Status.EXACT, t.status(), t.diagnostics().toString());
        golden("sequence.command_and_control_dns_tunneling_nslookup.ecs.yml", t.text());
        assertTrue(t.text().contains("    type: 'event_count'\n"));
        assertTrue(t.text().contains("    condition:\n        gte: 10\n"));
    }
}
