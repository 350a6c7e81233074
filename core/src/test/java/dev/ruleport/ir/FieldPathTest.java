package dev.ruleport.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ruleport.testsupport.OddText;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** FieldPath, a plain class now, behaves as the record it was: equality, hash codes (map orders) and dotted names. */
class FieldPathTest {
    /** FieldPath as it was. */
    record RecordPath(List<String> segments) {
        RecordPath {
            segments = List.copyOf(segments);
        }

        String dotted() {
            StringBuilder sb = new StringBuilder();
            for (String s : segments) {
                if (!sb.isEmpty() && !FieldPath.isIndex(s)) sb.append('.');
                sb.append(s);
            }
            return sb.toString();
        }
    }

    @Test
    void sameAsTheRecord() {
        List<List<String>> paths = new ArrayList<>();
        for (String s : OddText.all()) {
            paths.add(List.of(s));
            List<String> parts = new ArrayList<>(List.of(s.split("[ .]")));
            parts.removeIf(String::isEmpty);
            if (!parts.isEmpty()) paths.add(parts);
        }
        paths.add(List.of("process", "args", "[0]"));
        paths.add(List.of("[1]", "x", "[2]", "[3]"));
        paths.add(List.of("", ""));
        for (List<String> segments : paths) {
            FieldPath p = new FieldPath(segments);
            RecordPath r = new RecordPath(segments);
            assertEquals(r.hashCode(), p.hashCode(), segments.toString());
            assertEquals(r.hashCode(), p.hashCode(), "cached");
            assertEquals(r.dotted(), p.dotted());
            assertEquals(r.dotted(), p.toString());
            assertEquals(r.segments(), p.segments());
            assertEquals(p, new FieldPath(new ArrayList<>(segments)));
        }
        assertEquals(FieldPath.parse("process.parent.name"), new FieldPath(List.of("process", "parent", "name")));
        assertNotEquals(FieldPath.parse("process.parent"), FieldPath.parse("process.parent.name"));
        assertNotEquals(FieldPath.parse("a"), "a");
        assertEquals("process.args[0]", new FieldPath(List.of("process", "args", "[0]")).dotted());
        assertThrows(IllegalArgumentException.class, () -> new FieldPath(List.of()));
    }
}
