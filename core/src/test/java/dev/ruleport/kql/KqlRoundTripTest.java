package dev.ruleport.kql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The parts of the round trip's projection onto a target's rows that are not exercised one by one by the corpus. */
class KqlRoundTripTest {
    @Test
    void aCaseFieldMapsEachColumnValueAndTheRowHoldsTheMostConsistentOne() {
        KqlRoundTrip.CaseField type = KqlRoundTrip.CaseField.parse("event.type", "case(ActionType == \"FileCreated\", \"creation\","
                + " ActionType in (\"FileModified\", \"FileRenamed\"), \"change\", \"\")");
        KqlRoundTrip.CaseField action = KqlRoundTrip.CaseField.parse("event.action", "case(ActionType == \"FileCreated\", \"creation\","
                + " ActionType == \"FileRenamed\", \"rename\", \"\")");
        assertEquals("ActionType", type.column());
        assertEquals("change", type.value("FileRenamed"));
        assertEquals("", type.value("Other"));
        assertEquals("", type.value(null));
        assertNull(KqlRoundTrip.CaseField.parse("x", "iff(ActionType == \"A\", LocalIP, RemoteIP)"));
        List<KqlRoundTrip.CaseField> group = List.of(type, action);
        assertEquals("FileRenamed", KqlRoundTrip.CaseField.rowValue(group, Map.of("event.type", List.of("change"), "event.action", "rename"), ""));
        assertEquals("FileCreated", KqlRoundTrip.CaseField.rowValue(group, Map.of("event.type", "creation"), ""));
        // a tie goes to a value the log source's own where names
        assertEquals("FileModified", KqlRoundTrip.CaseField.rowValue(group, Map.of("event.type", "change"), ""));
        assertEquals("FileModified", KqlRoundTrip.CaseField.rowValue(List.of(type), Map.of("event.type", "change"), ""));
        assertEquals("FileRenamed", KqlRoundTrip.CaseField.rowValue(List.of(type), Map.of("event.type", "change"), "ActionType == \"FileRenamed\""));
        assertNull(KqlRoundTrip.CaseField.rowValue(group, Map.of("event.action", "open"), ""));
    }
}
