package dev.ruleport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a user runs it: exit codes, stdout, stderr and files written. */
class CliTest {
    record Run(int exit, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        // as main builds it: only the subcommand named (MainSubcommandsTest compares it with the full tree)
        int exit = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true), args).execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    static final String GOOD = """
            [rule]
            rule_id = "11111111-2222-3333-4444-555555555555"
            name = "Whoami run"
            severity = "low"
            type = "eql"
            language = "eql"
            query = '''
            process where process.name : "whoami.exe"
            '''
            """;

    static final String BAD = """
            [rule]
            rule_id = "r"
            name = "Broken"
            type = "eql"
            language = "eql"
            query = '''
            process where process.name == 'whoami.exe'
            '''
            """;

    static Path shared() {
        String p = System.getProperty("ruleport.shared");
        Path shared = p == null ? Path.of("..", "..", "shared") : Path.of(p);
        if (!Files.isDirectory(shared.resolve("corpus"))) {
            if ("true".equals(System.getenv("CI"))) throw new AssertionError("shared corpus missing under CI: " + shared);
            Assumptions.abort("shared corpus not found at " + shared);
        }
        return shared;
    }

    @Test
    void helpListsEverySubcommand() {
        Run r = run("--help");
        assertEquals(0, r.exit());
        for (String c : List.of("convert", "check", "query", "match")) assertTrue(r.out().contains(c), c);
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertEquals(2, run("frobnicate").exit());
        assertEquals(2, run("check").exit());
        assertEquals(2, run("check", "/no/such/folder").exit());
        assertEquals(2, run("convert", "--to", "cobol", "x.toml").exit());
    }

    @Test
    void checkReportsPositionedErrorsAndASummary(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("good.toml"), GOOD);
        Files.writeString(dir.resolve("bad.toml"), BAD);
        Run r = run("check", dir.toString());
        assertEquals(1, r.exit());
        assertTrue(r.out().contains(dir.resolve("bad.toml") + ":7:31: Use double quotes [\"] to define string literals, not single quotes [']"), r.out());
        assertTrue(r.out().contains("checked 2 rules: 1 ok, 1 failed, 0 unsupported-language"), r.out());
        assertFalse(r.out().contains("Exception"), r.out());
    }

    @Test
    void checkPassesTheWholeCorpus() {
        Path shared = shared();
        Run r = run("check", "--quiet", shared.resolve("corpus/detection-rules").toString());
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().endsWith("checked 819 rules: 819 ok, 0 failed, 0 unsupported-language\n"), r.out());
        Run kuery = run("check", "--quiet", shared.resolve("corpus/detection-rules-kuery").toString());
        assertEquals(0, kuery.exit());
        assertTrue(kuery.out().contains(" 0 ok, 0 failed, 583 unsupported-language"), kuery.out());
    }

    @Test
    void convertPrintsOneRuleToStdoutAndWritesFoldersAtomically(@TempDir Path dir) throws IOException {
        Path rules = Files.createDirectories(dir.resolve("rules/sub"));
        Files.writeString(rules.resolve("good.toml"), GOOD);
        Run one = run("convert", "--to", "eql", rules.resolve("good.toml").toString());
        assertEquals(0, one.exit(), one.err());
        assertEquals("process where process.name : \"whoami.exe\"\n", one.out());

        Files.writeString(rules.resolve("bad.toml"), BAD);
        Path out = dir.resolve("out");
        Run many = run("convert", "--to", "eql", "--out", out.toString(), dir.resolve("rules").toString());
        assertEquals(1, many.exit());
        assertTrue(Files.exists(out.resolve("sub/good.eql")));
        try (Stream<Path> s = Files.walk(out)) {
            // nothing for the broken rule, and no temporary files left behind
            assertEquals(List.of(out.resolve("sub/good.eql")), s.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().equals(OutputManifest.FILE_NAME)).toList());
        }
        assertTrue(many.out().contains("eql / ecs"), many.out());
        assertTrue(many.err().contains("bad.toml:7:31:"), many.err());
    }

    /** Issue 14: --hosts declares the deployment's hosts; the output says so, a rule about other hosts is refused as such. */
    @Test
    void convertWithDeclaredHosts(@TempDir Path dir) throws IOException {
        Path rule = dir.resolve("whoami.toml");
        Files.writeString(rule, GOOD.replace("process where process.name", "process where event.type == \"start\" and process.name"));
        Run narrower = run("convert", "--to", "sigma", "--profile", "sigma-windows", rule.toString());
        assertEquals(0, narrower.exit(), narrower.err());
        assertTrue(narrower.err().contains("[inexact-logsource]"), narrower.err());
        Run fleet = run("convert", "--to", "sigma", "--profile", "sigma-windows", "--hosts", "windows", rule.toString());
        assertEquals(0, fleet.exit(), fleet.err());
        assertTrue(fleet.out().contains("# ruleport: equivalent translation") && fleet.out().contains("deployment scope: every event"
                + " comes from a host whose host.os.type is windows (declared by --hosts windows)"), fleet.out());
        assertTrue(fleet.out().contains("product: 'windows'"), fleet.out());

        Files.writeString(rule, GOOD.replace("process where process.name", "process where host.os.type == \"linux\" and process.name"));
        Run other = run("convert", "--to", "spl", "--profile", "splunk-sysmon", "--hosts", "windows", "--strict", rule.toString());
        assertEquals(1, other.exit(), other.err());
        assertTrue(other.err().contains("the rule only matches events of linux hosts, and the deployment scope"), other.err());

        Run bad = run("convert", "--to", "spl", "--hosts", "solaris", rule.toString());
        assertEquals(Main.USAGE, bad.exit());
        assertTrue(bad.err().contains("--hosts: 'solaris' is not a host.os.type value"), bad.err());
    }

    /** Issue 16: a rerun into the same folder leaves the outputs it would write unchanged alone, and rewrites the rest. */
    @Test
    void convertRerunKeepsUnchangedOutputsAndRestoresEditedOnes(@TempDir Path dir) throws IOException {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.writeString(rules.resolve("good.toml"), GOOD);
        Path out = dir.resolve("out");
        Run first = run("convert", "--to", "eql,kql", "--out", out.toString(), rules.toString());
        assertEquals(0, first.exit(), first.err());
        Path eql = out.resolve("eql/good.eql");
        Path kql = out.resolve("kql/good.kql");
        String kqlText = Files.readString(kql);
        byte[] manifest = Files.readAllBytes(out.resolve(OutputManifest.FILE_NAME));
        Object eqlInode = Files.getAttribute(eql, "unix:ino");
        Files.writeString(kql, "edited by hand\n");

        Run second = run("convert", "--to", "eql,kql", "--out", out.toString(), rules.toString());
        assertEquals(0, second.exit(), second.err());
        assertEquals(first.out(), second.out());
        assertEquals(eqlInode, Files.getAttribute(eql, "unix:ino"), "the unchanged output is the same file");
        assertEquals("process where process.name : \"whoami.exe\"\n", Files.readString(eql));
        assertEquals(kqlText, Files.readString(kql), "the edited output is written again");
        assertEquals(new String(manifest, java.nio.charset.StandardCharsets.UTF_8),
                Files.readString(out.resolve(OutputManifest.FILE_NAME)));
    }

    @Test
    void convertToJavaWritesTheClassesAndARuleSet(@TempDir Path dir) throws IOException {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.writeString(rules.resolve("good.toml"), GOOD);
        Path out = dir.resolve("out");
        Run r = run("convert", "--to", "java", "--set", "package=com.acme.rules", "--out", out.toString(), rules.toString());
        assertEquals(0, r.exit(), r.err());
        Path pkg = out.resolve("com/acme/rules");
        assertTrue(Files.readString(pkg.resolve("WhoamiRun.java")).contains("public static boolean matches(EventFields e)"));
        String set = Files.readString(pkg.resolve("RuleSet.java"));
        assertTrue(set.contains("package com.acme.rules;"), set);
        assertTrue(set.contains("if (WhoamiRun.matches(e)) matched.accept(0);"), set);

        Path none = dir.resolve("none");
        assertEquals(0, run("convert", "--to", "java", "--set", "rule-set=", "--out", none.toString(), rules.toString()).exit());
        assertTrue(Files.exists(none.resolve("dev/ruleport/generated/WhoamiRun.java")));
        assertFalse(Files.exists(none.resolve("dev/ruleport/generated/RuleSet.java")));

        Run bad = run("convert", "--to", "java", "--set", "rule-set=Not.A.Name", "--out", dir.resolve("bad").toString(), rules.toString());
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("rule-set=Not.A.Name is not a valid Java class name"), bad.err());
        assertFalse(Files.exists(dir.resolve("bad")));
    }

    @Test
    void queryPrintsIdsPerMatch(@TempDir Path dir) throws IOException {
        Path events = dir.resolve("events.ndjson");
        Files.writeString(events, """
                {"@timestamp": "2026-01-01T00:00:01Z", "event": {"category": "process"}, "host": "a", "id": 1, "process": {"name": "cmd.exe"}}
                {"@timestamp": "2026-01-01T00:00:02Z", "event": {"category": "file"}, "host": "a", "id": 2}
                // comments are tolerated
                {"@timestamp": "2026-01-01T00:00:03Z", "event": {"category": "process"}, "host": "b", "id": 3, "process": {"name": "CMD.EXE"}}
                """);
        Run single = run("query", "--events", events.toString(), "--ids", "id", "process where process.name : \"cmd.exe\"");
        assertEquals(0, single.exit(), single.err());
        assertEquals("[1]\n[3]\n", single.out());
        Run seq = run("query", "--events", events.toString(), "--ids", "id",
                "sequence by host with maxspan=5s [process where true] [file where true]");
        assertEquals("[1,2]\n", seq.out());
        Run bad = run("query", "--events", events.toString(), "process where (");
        assertEquals(1, bad.exit());
        assertTrue(bad.err().startsWith("<query>:1:16: unexpected end of query, missing ')'"), bad.err());
    }

    @Test
    void matchPrintsAlerts(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("good.toml"), GOOD);
        Path events = dir.resolve("e.json");
        Files.writeString(events, "[{\"event\": {\"category\": [\"process\"]}, \"process\": {\"name\": \"WHOAMI.EXE\"}},"
                + " {\"event\": {\"category\": [\"process\"]}, \"process\": {\"name\": \"who.exe\"}}]");
        Run r = run("match", "--rules", dir.resolve("good.toml").toString(), "--events", events.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals("{\"rule_id\":\"11111111-2222-3333-4444-555555555555\",\"name\":\"Whoami run\",\"severity\":\"low\","
                + "\"events\":[{\"event\":{\"category\":[\"process\"]},\"process\":{\"name\":\"WHOAMI.EXE\"}}]}\n", r.out());
    }
}
