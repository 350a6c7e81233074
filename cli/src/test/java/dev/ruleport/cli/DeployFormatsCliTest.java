package dev.ruleport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code convert --format}: deployable files per rule or one per run, and the usage errors around them. */
class DeployFormatsCliTest {
    private static Path rules() {
        String root = System.getProperty("ruleport.root");
        return (root != null ? Path.of(root) : Path.of("..")).toAbsolutePath().normalize().resolve("rules");
    }

    private static List<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString())
                    .filter(f -> !f.equals(OutputManifest.FILE_NAME)).sorted().toList();
        }
    }

    @Test
    void sentinelWritesOneYamlPerTranslatedRuleAndNoneForRefusedOnes(@TempDir Path tmp) throws IOException {
        CliTest.Run r = CliTest.run("convert", "--to", "kql", "--profile", "kql-sentinel-securityevent", "--format", "sentinel",
                "--out", tmp.toString(), rules().toString());
        assertEquals(0, r.exit(), "refusals of the example rules are expected output: " + r.err());
        assertEquals(List.of("credential_access_lsass_snapshot_clone.yaml", "discovery_domain_user_enumeration_args.yaml",
                "sigma_mr_failed_logons_then_success.yaml",
                "sigma_proc_creation_net_user_add.yaml", "sigma_win_security_rdp_admin_logon.yaml"), files(tmp));
        assertTrue(Files.readString(tmp.resolve("credential_access_lsass_snapshot_clone.yaml")).contains("\nkind: 'Scheduled'\n"));
    }

    @Test
    void armAndSavedsearchesWriteOneFileForTheRun(@TempDir Path tmp) throws IOException {
        CliTest.Run arm = CliTest.run("convert", "--to", "kql", "--profile", "kql-defender-xdr", "--format", "sentinel-arm",
                "--out", tmp.resolve("arm").toString(), rules().toString());
        assertTrue(arm.exit() <= 1, arm.err());
        assertEquals(List.of("sentinel-analytic-rules.json"), files(tmp.resolve("arm")));
        CliTest.Run conf = CliTest.run("convert", "--to", "spl", "--profile", "splunk-sysmon", "--format", "savedsearches",
                "--var", "index=sysmon", "--out", tmp.resolve("spl").toString(), rules().toString());
        assertTrue(conf.exit() <= 1, conf.err());
        assertEquals(List.of("savedsearches.conf"), files(tmp.resolve("spl")));
        assertTrue(Files.readString(tmp.resolve("spl/savedsearches.conf")).contains("index=sysmon source="));
    }

    @Test
    void oneRuleToStdoutPrintsItsBundle() {
        CliTest.Run r = CliTest.run("convert", "--to", "kql", "--profile", "kql-defender-xdr", "--format", "sentinel-arm",
                rules().resolve("credential_access_lsass_snapshot_clone.toml").toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("{\n  \"$schema\" : \"https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#\""), r.out());
        assertFalse(r.out().contains("ruleport convert"), r.out());
    }

    @Test
    void formatsAndVariablesThatCannotApplyAreUsageErrors() {
        String rule = rules().resolve("credential_access_lsass_snapshot_clone.toml").toString();
        CliTest.Run defender = CliTest.run("convert", "--to", "kql", "--profile", "kql-sentinel-securityevent", "--format", "defender", rule);
        assertEquals(2, defender.exit());
        assertEquals("ruleport convert: --format defender writes Defender XDR custom detections, which query the device tables:"
                + " use --profile kql-defender-xdr (profile kql-sentinel-securityevent queries [SecurityEvent])\n", defender.err());
        CliTest.Run var = CliTest.run("convert", "--to", "spl", "--profile", "splunk-sysmon", "--var", "indx=x", rule);
        assertEquals(2, var.exit());
        assertEquals("ruleport convert: unknown variable 'indx' for profile splunk-sysmon; known variables: index, source\n", var.err());
        CliTest.Run wrongTarget = CliTest.run("convert", "--to", "kql", "--format", "savedsearches", rule);
        assertEquals(2, wrongTarget.exit());
        assertEquals("ruleport convert: unknown KQL format 'savedsearches'; formats: query, sentinel, sentinel-arm, defender\n", wrongTarget.err());
        CliTest.Run two = CliTest.run("convert", "--to", "kql,spl", "--format", "sentinel", "--out", "x", rule);
        assertEquals(2, two.exit());
        assertEquals("ruleport convert: --format applies to one target, --to kql or --to spl\n", two.err());
        CliTest.Run metadata = CliTest.run("convert", "--to", "sigma", "--set", "sigma.metadata=full", rule);
        assertEquals(0, metadata.exit(), metadata.err());
        assertTrue(metadata.out().contains("\nelastic:\n"), metadata.out());
    }
}
