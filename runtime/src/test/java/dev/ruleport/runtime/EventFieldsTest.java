package dev.ruleport.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventFieldsTest {
    static final Event PROCESS = Event.of(Map.of(
            "process", Map.of("name", "cmd.exe", "args", List.of("cmd.exe", "/c", "whoami")),
            "process.parent.name", "explorer.exe"));

    @Test
    void equalPathsShareAnIdAndDifferentPathsDoNot() {
        FieldAccessor a = FieldAccessor.of("process.name");
        FieldAccessor b = FieldAccessor.of(List.of("process", "name"));
        assertEquals(a.id(), b.id());
        assertNotEquals(a.id(), FieldAccessor.of("process.args").id());
        assertTrue(FieldAccessor.pathCount() > Math.max(a.id(), FieldAccessor.of("process.args").id()));
    }

    @Test
    void valuesAreTheAccessorsValuesReadOnce() {
        FieldAccessor name = FieldAccessor.of("process.name");
        FieldAccessor args = FieldAccessor.of("process.args");
        FieldAccessor parent = FieldAccessor.of("process.parent.name");
        FieldAccessor missing = FieldAccessor.of("user.name");
        EventFields f = new EventFields(PROCESS);
        for (FieldAccessor acc : List.of(name, args, parent, missing)) {
            assertEquals(acc.values(PROCESS), acc.values(f), acc.path());
            assertEquals(acc.first(PROCESS), acc.first(f), acc.path());
            assertEquals(acc.isPresent(PROCESS), acc.isPresent(f), acc.path());
        }
        // the second read is the cached list itself
        assertSame(f.values(args), f.values(FieldAccessor.of(List.of("process", "args"))));
        assertNull(missing.first(f));
        assertFalse(missing.isPresent(f));
    }

    @Test
    void resetMovesToTheNextEventAndForgetsTheLast() {
        FieldAccessor name = FieldAccessor.of("process.name");
        EventFields f = new EventFields(PROCESS);
        assertEquals(List.of("cmd.exe"), f.values(name));
        Event other = Event.of(Map.of("process", Map.of("name", "sh")));
        assertSame(f, f.reset(other));
        assertSame(other, f.event());
        assertEquals(List.of("sh"), f.values(name));
    }

    @Test
    void anAccessorCompiledAfterTheCacheStillFindsItsSlot() {
        EventFields f = new EventFields(PROCESS);
        // more new paths than the cache has slots, so the last id lies beyond its array
        int before = FieldAccessor.pathCount();
        FieldAccessor late = null;
        for (int i = 0; i <= Math.max(16, before); i++) late = FieldAccessor.of(List.of("late" + i, "x" + before));
        assertTrue(late.id() >= Math.max(16, before));
        assertEquals(List.of(), f.values(late));
        assertEquals(List.of("cmd.exe"), f.values(FieldAccessor.of("process.name")));
        assertEquals(List.of("explorer.exe"), f.values(FieldAccessor.of("process.parent.name")));
    }

    @Test
    void manyFieldsOfOneEventAllKeepTheirValues() {
        // more fields than the table's first size, so it grows while holding values
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        List<FieldAccessor> fields = new java.util.ArrayList<>();
        for (int i = 0; i < 300; i++) {
            m.put("f" + i, "v" + i);
            fields.add(FieldAccessor.of(List.of("f" + i)));
        }
        EventFields f = new EventFields(Event.of(m));
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 300; i++) assertEquals(List.of("v" + i), f.values(fields.get(i)));
        }
        f.reset(PROCESS);
        assertEquals(List.of(), f.values(fields.get(7)));
    }
}
