package dev.ruleport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ruleport match} as a user runs it: alerts, bad lines, usage errors and exit codes. */
class MatchCommandTest {
    record Run(int exit, String out, String err) {}

    @TempDir static Path dir;
    static Path rules;
    static Path cache;

    static final String SEQUENCE = """
            [rule]
            rule_id = "s1"
            name = "Cmd then file"
            severity = "high"
            type = "eql"
            language = "eql"
            query = '''
            sequence by host.id with maxspan=5s [process where process.name == "cmd.exe"] [file where true]
            '''
            """;

    static final String P1 = "{\"@timestamp\":\"2026-01-01T00:00:01Z\",\"event\":{\"category\":[\"process\"]},\"host\":{\"id\":\"h\"},"
            + "\"process\":{\"name\":\"cmd.exe\"}}";
    static final String F2 = "{\"@timestamp\":\"2026-01-01T00:00:02Z\",\"event\":{\"category\":[\"file\"]},\"host\":{\"id\":\"h\"}}";
    static final String W3 = "{\"@timestamp\":\"2026-01-01T00:00:03Z\",\"event\":{\"category\":[\"process\"]},\"host\":{\"id\":\"h\"},"
            + "\"process\":{\"name\":\"whoami.exe\"}}";

    @BeforeAll
    static void writeRules() throws IOException {
        rules = Files.createDirectories(dir.resolve("rules"));
        Files.writeString(rules.resolve("whoami.toml"), CliTest.GOOD);
        Files.writeString(rules.resolve("sequence.toml"), SEQUENCE);
        cache = dir.resolve("cache");
    }

    static Run match(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new java.util.ArrayList<>(List.of("match", "--rules", rules.toString(), "--cache", cache.toString()));
        all.addAll(List.of(args));
        int exit = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(all.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    static String alert(String id, String name, String severity, String... events) {
        return "{\"rule_id\":\"" + id + "\",\"name\":\"" + name + "\",\"severity\":\"" + severity + "\",\"events\":["
                + String.join(",", events) + "]}\n";
    }

    static final String WHOAMI = alert("11111111-2222-3333-4444-555555555555", "Whoami run", "low", W3);
    static final String CMD_FILE = alert("s1", "Cmd then file", "high", P1, F2);

    @Test
    void singleEventAlertsComeAtOnceSequencesOnceInTimestampOrder() throws IOException {
        Path events = Files.writeString(dir.resolve("ok.ndjson"), P1 + "\n" + F2 + "\n" + W3 + "\n");
        Run r = match("--events", events.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals(WHOAMI + CMD_FILE, r.out());
        assertTrue(r.err().startsWith("ruleport match: 2 alerts; 3 events (0.0 MB) in "), r.err());
        // the second run reads the compiled rules from the cache and says the same
        Run again = match("--events", events.toString(), "--threads", "1");
        assertEquals(r.out(), again.out());
        assertEquals(1, Files.list(cache).count());
    }

    @Test
    void badLinesAreReportedWithTheirLineAndSkipped() throws IOException {
        Path events = dir.resolve("bad.ndjson");
        try (OutputStream o = Files.newOutputStream(events)) {
            o.write((P1 + "\n{\"broken\": \n\n[1,2]\n" + F2 + "\n").getBytes(StandardCharsets.UTF_8));
            o.write(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xff, '"', '}', '\n'});
            o.write((W3 + " {}\n" + W3 + "\n").getBytes(StandardCharsets.UTF_8));
        }
        Run r = match("--events", events.toString());
        assertEquals(MatchCommand.SKIPPED, r.exit(), r.err());
        assertEquals(WHOAMI + CMD_FILE, r.out());
        assertEquals(List.of(
                events + ":2:12: invalid JSON: Unexpected end-of-input within/between Object entries",
                events + ":4:1: an event must be a JSON object, found an array",
                events + ":6:8: invalid JSON: Invalid UTF-8 start byte 0xff",
                events + ":7:" + (W3.length() + 2) + ": more than one JSON value (one event per line)"),
                r.err().lines().limit(4).toList());
        assertTrue(r.err().contains("; 4 bad lines skipped"), r.err());
    }

    @Test
    void gzipAndJsonArraysAreStreamsToo() throws IOException {
        Path gz = dir.resolve("events.json.gz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
            o.write(("[" + P1 + ",\n" + F2 + ",\n" + W3 + "]").getBytes(StandardCharsets.UTF_8));
        }
        Run r = match("--events", gz.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals(WHOAMI + CMD_FILE, r.out());
    }

    @Test
    void eventsTooFarOutOfOrderAreSkippedBySequencesAndCounted() throws IOException {
        // the file event comes 2 s after the process event in the file, but 1 s before it in time
        String late = P1.replace("00:00:01Z", "00:00:03Z");
        Path events = Files.writeString(dir.resolve("late.ndjson"), late + "\n" + W3.replace("00:00:03Z", "00:00:05Z") + "\n"
                + F2.replace("00:00:02Z", "00:00:04Z") + "\n");
        Run tolerant = match("--events", events.toString(), "--max-out-of-order", "2s");
        assertEquals(0, tolerant.exit(), tolerant.err());
        assertEquals(2, tolerant.out().lines().count(), tolerant.out());
        assertTrue(tolerant.out().contains("\"rule_id\":\"s1\""), tolerant.out());
        Run strict = match("--events", events.toString(), "--max-out-of-order", "500ms");
        assertEquals(MatchCommand.SKIPPED, strict.exit(), strict.err());
        assertEquals(1, strict.out().lines().count(), strict.out());
        assertTrue(strict.err().contains("ruleport match: 1 event came more than 500ms out of timestamp order; "
                + "sequence rules skipped them (see --max-out-of-order)"), strict.err());
    }

    @Test
    void usageErrorsExitWithTwoAndOneLine() throws IOException {
        Run missing = match("--events", dir.resolve("nosuch.ndjson").toString());
        assertEquals(new Run(2, "", "ruleport match: no such events file: " + dir.resolve("nosuch.ndjson") + "\n"), missing);
        Run folder = match("--events", dir.toString());
        assertEquals(new Run(2, "", "ruleport match: --events takes a file, not a folder: " + dir + "\n"), folder);
        Path events = Files.writeString(dir.resolve("one.ndjson"), W3 + "\n");
        Run window = match("--events", events.toString(), "--max-out-of-order", "soon");
        assertEquals(2, window.exit());
        assertEquals("ruleport match: --max-out-of-order takes a duration such as 0, 500ms, 30s, 5m or 1h, not: soon\n", window.err());
        Path empty = Files.createDirectories(dir.resolve("empty"));
        StringWriter err = new StringWriter();
        int exit = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(err, true))
                .execute("match", "--rules", empty.toString(), "--events", events.toString());
        assertEquals(2, exit);
        assertEquals("ruleport match: no rules found in " + empty + "\n", err.toString());
    }

    @Test
    void theInterpreterGivesTheSameAlerts() throws IOException {
        Path events = Files.writeString(dir.resolve("same.ndjson"), P1 + "\n" + F2 + "\n" + W3 + "\n");
        assertEquals(match("--events", events.toString()).out(), match("--events", events.toString(), "--interpret").out());
    }
}
