package dev.ruleport.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FieldAccessorTest {

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static final FieldAccessor PARENT_NAME = FieldAccessor.of("process.parent.name");

    @Test
    void nestedObjects() {
        Event e = Event.of(map("process", map("parent", map("name", "cmd.exe"))));
        assertEquals(List.of("cmd.exe"), PARENT_NAME.values(e));
        assertEquals("cmd.exe", PARENT_NAME.first(e));
        assertTrue(PARENT_NAME.isPresent(e));
    }

    @Test
    void fullyDottedKey() {
        Event e = Event.of(map("process.parent.name", "cmd.exe"));
        assertEquals(List.of("cmd.exe"), PARENT_NAME.values(e));
    }

    @Test
    void mixedDottedAndNested() {
        assertEquals("a", PARENT_NAME.first(Event.of(map("process", map("parent.name", "a")))));
        assertEquals("b", PARENT_NAME.first(Event.of(map("process.parent", map("name", "b")))));
    }

    @Test
    void bothSpellingsContributeNestedFirst() {
        Event e = Event.of(map("process.name", "dotted", "process", map("name", "nested")));
        assertEquals(List.of("nested", "dotted"), FieldAccessor.of("process.name").values(e));
    }

    @Test
    void listOfObjectsIsFlattened() {
        Event e = Event.of(map("process", List.of(map("name", "a"), map("name", "b"), map("other", 1))));
        assertEquals(List.of("a", "b"), FieldAccessor.of("process.name").values(e));
    }

    @Test
    void listValueIsMultiValuedAndNestedListsFlatten() {
        Event e = Event.of(map("tags", List.of("x", List.of("y", "z"))));
        assertEquals(List.of("x", "y", "z"), FieldAccessor.of("tags").values(e));
    }

    @Test
    void nullsInsideArraysAreIgnored() {
        Event e = Event.of(map("tags", Arrays.asList(null, "tag1", null)));
        assertEquals(List.of("tag1"), FieldAccessor.of("tags").values(e));
        assertEquals("tag1", FieldAccessor.of("tags").first(e));
    }

    @Test
    void onlyNullCountsAsMissing() {
        Map<String, Object> m = new HashMap<>();
        m.put("exit_code", null);
        m.put("empty", Arrays.asList(null, null));
        Event e = Event.of(m);
        assertEquals(List.of(), FieldAccessor.of("exit_code").values(e));
        assertNull(FieldAccessor.of("exit_code").first(e));
        assertFalse(FieldAccessor.of("exit_code").isPresent(e));
        assertFalse(FieldAccessor.of("empty").isPresent(e));
        assertFalse(FieldAccessor.of("absent.field").isPresent(e));
    }

    @Test
    void scalarInTheMiddleOfAPathIsMissing() {
        Event e = Event.of(map("process", "notAnObject"));
        assertEquals(List.of(), FieldAccessor.of("process.name").values(e));
    }

    @Test
    void objectValueIsPresent() {
        Map<String, Object> parent = map("name", "x");
        Event e = Event.of(map("process", map("parent", parent)));
        assertEquals(List.of(parent), FieldAccessor.of("process.parent").values(e));
    }

    @Test
    void numbersAndBooleansAreValues() {
        Event e = Event.of(map("pid", 4, "ok", false, "score", 1.5));
        assertEquals(4, FieldAccessor.of("pid").first(e));
        assertEquals(false, FieldAccessor.of("ok").first(e));
        assertEquals(1.5, FieldAccessor.of("score").first(e));
    }

    @Test
    void indexSegments() {
        Event e = Event.of(map("process", map("args", List.of("cmd.exe", "/c", "whoami"))));
        assertEquals("/c", FieldAccessor.of("process.args[1]").first(e));
        assertEquals(List.of("whoami"), FieldAccessor.of(List.of("process", "args", "[2]")).values(e));
        assertNull(FieldAccessor.of("process.args[3]").first(e));
    }

    @Test
    void indexIntoListOfObjects() {
        Event e = Event.of(map("a", List.of(map("b", 1), map("b", 2))));
        assertEquals(List.of(2), FieldAccessor.of("a[1].b").values(e));
        assertEquals(List.of(1, 2), FieldAccessor.of("a.b").values(e));
    }

    @Test
    void indexZeroOnSingleValueIsTheValue() {
        Event e = Event.of(map("name", "x"));
        assertEquals("x", FieldAccessor.of("name[0]").first(e));
        assertNull(FieldAccessor.of("name[1]").first(e));
    }

    @Test
    void backtickSegmentWithDotsFromSegmentList() {
        FieldAccessor f = FieldAccessor.of(List.of("winlog", "event_data.SubjectUserName"));
        assertEquals("winlog.`event_data.SubjectUserName`", f.path());
        assertEquals("bob", f.first(Event.of(map("winlog", map("event_data.SubjectUserName", "bob")))));
        // a dotted segment also reaches the nested spelling, since dotted keys mean nesting
        assertEquals("eve", f.first(Event.of(map("winlog", map("event_data", map("SubjectUserName", "eve"))))));
    }

    @Test
    void atTimestampAndUnderscoreNames() {
        Event e = Event.of(map("@timestamp", 123L));
        assertEquals(123L, FieldAccessor.of("@timestamp").first(e));
    }

    @Test
    void firstAgreesWithValues() {
        Event e = Event.of(map("process", List.of(map("other", 1), map("name", Arrays.asList(null, "late")))));
        FieldAccessor f = FieldAccessor.of("process.name");
        assertEquals(f.values(e).get(0), f.first(e));
    }

    @Test
    void badPaths() {
        assertThrows(IllegalArgumentException.class, () -> FieldAccessor.of(""));
        assertThrows(IllegalArgumentException.class, () -> FieldAccessor.of("a..b"));
        assertThrows(IllegalArgumentException.class, () -> FieldAccessor.of("a[x]"));
        assertThrows(IllegalArgumentException.class, () -> FieldAccessor.of(List.of()));
    }
}
