package dev.ruleport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 19 item 15: events without a readable @timestamp are said, not silently left out of sequences. */
class QueryTimestampsCliTest {
    @Test
    void eventsWithoutAReadableTimestampAreCountedOnStderr(@TempDir Path tmp) throws IOException {
        Path events = tmp.resolve("e.ndjson");
        Files.writeString(events, """
                {"@timestamp": "2024-05-01T12:00:00Z", "event": {"category": "process"}, "process": {"name": "a"}}
                {"event": {"category": "process"}, "process": {"name": "b"}}
                {"@timestamp": "garbage", "event": {"category": "process"}, "process": {"name": "c"}}
                """);
        CliTest.Run r = CliTest.run("query", "--events", events.toString(), "--ids", "process.name",
                "sequence [process where true] [process where true]");
        assertEquals(0, r.exit(), r.err());
        assertEquals("", r.out(), "one timed event cannot make a sequence of two");
        assertTrue(r.err().contains("warning: 2 of 3 events have no readable @timestamp (1 without one, 1 unreadable,"
                + " e.g. \"garbage\"): sequences leave them out"), r.err());
        CliTest.Run timed = CliTest.run("query", "--events", events.toString(), "--ids", "process.name",
                "process where process.name == \"a\"");
        assertEquals("[\"a\"]\n", timed.out().replace("\r", ""), timed.err());
    }
}
