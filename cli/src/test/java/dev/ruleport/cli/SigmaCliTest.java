package dev.ruleport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sigma rules through every command that reads rules: check, convert, test, fixtures, match, and --input-profile. */
class SigmaCliTest {
    static final String WHOAMI = """
            title: Whoami Run
            id: 0d4f6a2b-1c3e-4f5a-9b7c-8d9e0f1a2b3c
            author: Someone
            references:
                - https://example.org/whoami
            logsource:
                product: windows
                category: process_creation
            detection:
                selection:
                    Image|endswith: '\\whoami.exe'
                condition: selection
            level: low
            """;

    static final String BROKEN = """
            title: Broken
            logsource:
                product: windows
                category: process_creation
            detection:
                selection:
                    Image|endswith|often: '\\whoami.exe'
                condition: selection
            """;

    @Test
    void checkCountsSigmaRulesAndPointsIntoTheYaml(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("whoami.yml"), WHOAMI);
        Files.writeString(dir.resolve("broken.yaml"), BROKEN);
        CliTest.Run r = CliTest.run("check", dir.toString());
        assertEquals(1, r.exit());
        assertTrue(r.out().contains(dir.resolve("broken.yaml") + ":7:24: unknown modifier |often (Sigma defines"), r.out());
        assertTrue(r.out().contains("        Image|endswith|often: '\\whoami.exe'\n                           ^"), r.out());
        assertTrue(r.out().endsWith("checked 2 rules: 1 ok, 1 failed, 0 unsupported-language\n"), r.out());
        assertFalse(r.out().contains("Exception"), r.out());
    }

    @Test
    void convertWritesEveryTargetWithTheSigmaCredit(@TempDir Path dir) throws IOException {
        Path rule = dir.resolve("whoami.yml");
        Files.writeString(rule, WHOAMI);
        CliTest.Run eql = CliTest.run("convert", "--to", "eql", rule.toString());
        assertEquals(0, eql.exit(), eql.err());
        assertEquals("""
                // Sigma rule: Whoami Run (id 0d4f6a2b-1c3e-4f5a-9b7c-8d9e0f1a2b3c)
                // author: Someone
                // reference: https://example.org/whoami
                any where host.os.type == "windows" and event.category == "process" and event.type == "start" and \
                process.executable : "*\\\\whoami.exe"
                """, eql.out());
        CliTest.Run all = CliTest.run("convert", "--to", "kql,spl,java", "--out", dir.resolve("out").toString(), rule.toString());
        assertEquals(0, all.exit(), all.err());
        assertTrue(Files.readString(dir.resolve("out/kql/whoami.kql")).contains("// Sigma rule: Whoami Run (id 0d4f6a2b"));
        assertTrue(Files.readString(dir.resolve("out/spl/whoami.spl")).contains("``` author: Someone ```"));
        assertTrue(Files.readString(dir.resolve("out/java/dev/ruleport/generated/WhoamiRun.java")).contains("Sigma rule: Whoami Run"));
    }

    @Test
    void theInputProfileChoosesTheNames(@TempDir Path dir) throws IOException {
        Path rule = dir.resolve("ecs_names.yml");
        Files.writeString(rule, WHOAMI.replace("Image|endswith", "process.executable|endswith"));
        CliTest.Run byProduct = CliTest.run("convert", "--to", "eql", rule.toString());
        assertEquals(0, byProduct.exit(), byProduct.err());
        assertTrue(byProduct.out().endsWith("winlog.event_data.process.executable : \"*\\\\whoami.exe\"\n"),
                "sigma-windows reads an unknown name as the event's own data: " + byProduct.out());
        CliTest.Run ecs = CliTest.run("convert", "--to", "eql", "--input-profile", "ecs", rule.toString());
        assertEquals(0, ecs.exit(), ecs.err());
        assertTrue(ecs.out().endsWith("process.executable : \"*\\\\whoami.exe\"\n"), ecs.out());
        CliTest.Run bad = CliTest.run("check", "--input-profile", "no-such-profile", rule.toString());
        assertEquals(2, bad.exit());
        assertTrue(bad.err().startsWith("ruleport check: --input-profile: "), bad.err());
    }

    @Test
    void fixturesTestAndMatchTakeSigmaRules(@TempDir Path dir) throws IOException {
        Path rule = dir.resolve("whoami.yml");
        Files.writeString(rule, WHOAMI);
        CliTest.Run fx = CliTest.run("fixtures", rule.toString());
        assertEquals(0, fx.exit(), fx.out() + fx.err());
        assertTrue(Files.exists(dir.resolve("whoami.fixtures.ndjson")));
        CliTest.Run test = CliTest.run("test", dir.toString());
        assertEquals(0, test.exit(), test.out());
        assertTrue(test.out().endsWith("tested 1 rules: 1 passed, 0 failed, 0 without fixtures\n"), test.out());
        Path events = dir.resolve("events.ndjson");
        Files.writeString(events, """
                {"host": {"os": {"type": "windows"}}, "event": {"category": ["process"], "type": ["start"]}, "process": {"executable": "C:\\\\Windows\\\\System32\\\\WHOAMI.EXE"}}
                {"host": {"os": {"type": "windows"}}, "event": {"category": ["process"], "type": ["end"]}, "process": {"executable": "C:\\\\Windows\\\\System32\\\\whoami.exe"}}
                """);
        CliTest.Run match = CliTest.run("match", "--rules", rule.toString(), "--events", events.toString());
        assertEquals(0, match.exit(), match.err());
        assertTrue(match.out().startsWith("{\"rule_id\":\"0d4f6a2b-1c3e-4f5a-9b7c-8d9e0f1a2b3c\",\"name\":\"Whoami Run\",\"severity\":\"low\""),
                match.out());
        assertEquals(1, match.out().lines().count(), "the process end is not a process_creation event");
    }

    @Test
    void helpMentionsSigmaInput() {
        CliTest.Run r = CliTest.run("convert", "--help");
        assertTrue(r.out().contains("--input-profile=NAME|PATH"), r.out());
        assertTrue(r.out().contains("Sigma .yml"), r.out());
    }
}
