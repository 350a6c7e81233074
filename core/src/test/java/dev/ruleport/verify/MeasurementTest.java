package dev.ruleport.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ruleport.backend.Backends;
import dev.ruleport.backend.TranslateOptions;
import dev.ruleport.backend.Translation;
import dev.ruleport.compile.CompiledRule;
import dev.ruleport.compile.Frontend;
import dev.ruleport.fixtures.FixtureCase;
import dev.ruleport.fixtures.WitnessGenerator;
import dev.ruleport.lower.LossMode;
import dev.ruleport.lower.Lowering;
import dev.ruleport.mapping.MappingProfile;
import dev.ruleport.testsupport.Shared;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * {@code ruleport test --to} (this measurement) agrees with the round-trip tests on rules where it used to disagree
 * for reasons of its own projection, each on the rule's generated witnesses: a sequence whose stages' read-back
 * conditions hold on each other's events (log-source membership), a stage's declared values applied to another stage's
 * event, a union of log sources, a rendered field reached through its alias, a rendered array, a count of arguments.
 */
class MeasurementTest {
    private static Measurement measure(String rule, String target, String profile, List<FixtureCase> cases) {
        Frontend.Outcome o = Frontend.compile(Shared.require("corpus/detection-rules").resolve(rule));
        CompiledRule r = new CompiledRule(o.rule(), o.query());
        MappingProfile p = MappingProfile.load(profile);
        Translation t = Backends.byName(target).orElseThrow().translate(r, TranslateOptions.of(p));
        assertTrue(t.ok(), t.diagnostics().toString());
        List<FixtureCase> all = cases != null ? cases : new WitnessGenerator().generate(o.rule(), o.query()).cases();
        return Measurement.of(r, Lowering.lower(r, p, LossMode.EXACT), t, all);
    }

    @ParameterizedTest
    @CsvSource({
        // process start then connection, both naming perl: the read-back's stages hold on each other's events
        "rules/macos/command_and_control_perl_outbound_network_connection.toml, kql, kql-defender-xdr",
        // a connection's declared event.action values said nothing about the process start before it
        "rules/linux/persistence_ssh_netcon.toml, kql, kql-defender-xdr",
        // registry value set or process start: a union of two Sysmon events
        "rules/windows/lateral_movement_evasion_rdp_shadowing.toml, spl, splunk-sysmon",
        // the rule tests winlog.event_data.IntegrityLevel, the read-back its rendered twin
        "rules/windows/command_and_control_tool_transfer_via_curl.toml, spl, splunk-sysmon",
        // event.type is an array: each value written as CIM's action
        "rules/windows/credential_access_domain_backup_dpapi_private_keys.toml, spl, splunk-cim",
        // process.args_count read from the command line's tokens
        "rules/linux/discovery_suspicious_which_command_execution.toml, sigma, sigma-linux",
    })
    void generatedWitnessesAgree(String rule, String target, String profile) {
        Measurement m = measure(rule, target, profile, null);
        assertNull(m.problem());
        assertTrue(m.cases() > 3 && m.positives() > 0, m.toString());
        assertEquals(m.cases(), m.agreeing(), m.toString());
    }

    /**
     * The seed rule's Security event 4688 is Sysmon's event 1 under splunk-sysmon's equivalence: the rule is judged on
     * the event as written (4688), not on the code the log source records, which the read-back no longer tests.
     */
    @Test void anAbsorbedEquivalenceKeepsTheRulesOwnDescription() {
        Map<String, Object> event = Map.of("@timestamp", "2024-05-01T12:00:00.000Z",
                "event", Map.of("category", List.of("process"), "code", "4688"), "host", Map.of("os", Map.of("type", "windows")),
                "process", Map.of("executable", "C:\\Windows\\System32\\lsass.exe",
                        "parent", Map.of("executable", "C:\\Windows\\System32\\lsass.exe")));
        FixtureCase c = new FixtureCase("4688", FixtureCase.Expect.MATCH, List.of(event), List.of(List.of(0)), "seed", false);
        for (String[] tp : new String[][] {{"spl", "splunk-sysmon"}, {"kql", "kql-sentinel-sysmon"}, {"kql", "kql-defender-xdr"}}) {
            Measurement m = measure("rules/windows/credential_access_via_snapshot_lsass_clone_creation.toml", tp[0], tp[1], List.of(c));
            assertEquals(1, m.positivesMatched(), tp[1] + ": " + m);
            assertEquals(1, m.agreeing(), tp[1] + ": " + m);
        }
    }
}
