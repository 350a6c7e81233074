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

    // ------------------------------------------------------------------ long paths (issue #19)

    @Test
    void aPathOfThousandsOfSegmentsIsFoundInEverySpelling() {
        List<String> segments = java.util.Collections.nCopies(3_000, "a");
        FieldAccessor f = FieldAccessor.of(segments);
        assertEquals(3_000, f.size());
        String dotted = String.join(".", segments);
        assertEquals(List.of("x"), f.values(Event.of(map(dotted, "x"))));
        // split anywhere between a prebuilt and a long spelling
        String head = String.join(".", segments.subList(0, 5));
        String tail = String.join(".", segments.subList(5, 3_000));
        assertEquals(List.of("y"), f.values(Event.of(map(head, map(tail, "y")))));
        assertEquals("y", f.first(Event.of(map(head, map(tail, "y")))));
        assertEquals(List.of(), f.values(Event.of(map(head, map(tail + ".a", "z")))));
        assertEquals(List.of(), f.values(Event.of(map(dotted.substring(2), "z"))));
        assertEquals(List.of(), f.values(Event.of(map(dotted + "a", "z"))));
        FieldAccessor indexed = FieldAccessor.of(dotted + "[0]".repeat(3_000));
        assertEquals(List.of("x"), indexed.values(Event.of(map(dotted, "x"))));
    }

    /**
     * Long runs of name segments, against events that spell them in random mixes of nested objects
     * and dotted keys: the accessor finds what a brute-force reading of the rule (every split of the
     * remaining names into one key, at every level, shorter keys first) finds, in the same order.
     */
    @Test
    void longRunsAgreeWithBruteForceLookup() {
        java.util.Random random = new java.util.Random(17);
        String[] alphabet = {"a", "b", "ab"};
        for (int t = 0; t < 400; t++) {
            int n = 1 + random.nextInt(40);
            List<String> names = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) names.add(alphabet[random.nextInt(alphabet.length)]);
            FieldAccessor f = FieldAccessor.of(names);
            Map<String, Object> root = new LinkedHashMap<>();
            for (int spelling = 0; spelling < 1 + random.nextInt(3); spelling++) {
                Map<String, Object> node = root;
                int i = 0;
                while (i < n) {
                    int len = 1 + random.nextInt(Math.min(n - i, random.nextBoolean() ? 3 : 30));
                    String key = String.join(".", names.subList(i, i + len));
                    i += len;
                    if (i == n) {
                        node.put(key, "v" + spelling);
                    } else {
                        Object child = node.get(key);
                        if (!(child instanceof Map)) {
                            child = new LinkedHashMap<String, Object>();
                            node.put(key, child);
                        }
                        @SuppressWarnings("unchecked")
                        Map<String, Object> next = (Map<String, Object>) child;
                        node = next;
                    }
                }
            }
            List<Object> expected = new java.util.ArrayList<>();
            bruteForce(root, names, 0, expected);
            assertEquals(expected, f.values(Event.of(root)), names + " in " + root);
            assertEquals(expected.isEmpty() ? null : expected.get(0), f.first(Event.of(root)));
        }
    }

    private static void bruteForce(Object node, List<String> names, int i, List<Object> out) {
        if (i == names.size()) {
            out.add(node);
            return;
        }
        if (!(node instanceof Map<?, ?> map)) return;
        for (int end = i + 1; end <= names.size(); end++) {
            Object child = map.get(String.join(".", names.subList(i, end)));
            if (child != null) bruteForce(child, names, end, out);
        }
    }
}
