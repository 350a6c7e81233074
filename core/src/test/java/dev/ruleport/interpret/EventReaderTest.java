package dev.ruleport.interpret;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ruleport.runtime.Event;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Events from NDJSON and JSON arrays; an NDJSON error names the line it is on. */
class EventReaderTest {
    private static String error(String text) {
        return assertThrows(IOException.class, () -> EventReader.parse("e.ndjson", text)).getMessage();
    }

    @Test
    void aMalformedLineIsReportedAsThatLine() {
        String m = error("{\"a\": 1}\n{\"a\":\n{\"b\": 2}\n");
        assertTrue(m.startsWith("e.ndjson:2:"), m);
        assertTrue(m.contains("invalid JSON: Unexpected end-of-input"), m);
        // comment and blank lines count as lines
        String c = error("// events\n\n{\"a\": 1}\n{\"a\": tru}\n");
        assertTrue(c.startsWith("e.ndjson:4:"), c);
        assertEquals("e.ndjson:3: an event must be a JSON object, found [1, 2]", error("{}\n{}\n[1, 2]\n"));
        assertTrue(error("{\"a\": 1} {\"b\": 2}\n").startsWith("e.ndjson:1:"));
    }

    @Test
    void linesAndArraysGiveTheSameEvents() throws IOException {
        List<Event> lines = EventReader.parse("e.ndjson", "\uFEFF{\"n\": 1, \"big\": 12345678901}\n/* a comment */\n{\"n\": 2} // why\n");
        List<Event> array = EventReader.parse("e.json", "[\n {\"n\": 1, \"big\": 12345678901},\n // a comment\n {\"n\": 2}\n]\n");
        assertEquals(2, lines.size());
        assertEquals(array.stream().map(Event::source).toList(), lines.stream().map(Event::source).toList());
        assertEquals(Map.of("n", 1, "big", 12345678901L), lines.get(0).source());
    }

    @Test
    void anArrayErrorNamesItsLineToo() {
        String m = error("[\n {\"a\": 1},\n {\"a\": }\n]");
        assertTrue(m.startsWith("e.ndjson:3:"), m);
    }
}
