package dev.ruleport.mapping;

import static dev.ruleport.mapping.Ir.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.ruleport.runtime.WildcardPattern;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Defender profile's hive spellings, checked by brute force: for every registry path spelled the rule's way and
 * every pattern the lowering keeps or respells, the pattern on the path (EQL's {@code :}) agrees with the written
 * patterns on the path as Defender spells it (the first target spelling, as the projections write it).
 */
class FirstSegmentTest {
    private static final FieldMapping.FirstSegment HIVE = MappingProfile.load("kql-defender-xdr")
            .select(RuleFacts.from(filter("registry", and(eq("host.os.type", "windows"), eq("event.type", "change"))),
                    SEED_INDEX, null))
            .orElseThrow().field("registry.path").orElseThrow().firstSegment();

    /** Paths: each rule spelling (and an undeclared start) followed by short rests over a small alphabet. */
    private static List<String> paths() {
        List<String> starts = new ArrayList<>();
        HIVE.spellings().forEach(s -> starts.addAll(s.rule()));
        starts.addAll(List.of("hklm", "\\registry\\machine", "HKCU", "MACHINE", ""));
        List<String> rests = new ArrayList<>(List.of(""));
        List<String> level = new ArrayList<>(List.of(""));
        for (int n = 0; n < 3; n++) {
            List<String> next = new ArrayList<>();
            for (String r : level) for (String c : List.of("a", "\\", "MACHINE", "S")) next.add(r + c);
            rests.addAll(next);
            level = next;
        }
        List<String> out = new ArrayList<>();
        for (String s : starts) for (String r : rests) out.add(s + "\\" + r);
        return out;
    }

    private static List<String> patterns() {
        List<String> out = new ArrayList<>();
        for (String start : List.of("*\\", "HKLM\\", "\\REGISTRY\\MACHINE\\", "HKU\\", "HKEY_USERS\\", "hklm\\")) {
            for (String rest : List.of("a", "a*", "*a", "MACHINE\\a", "MACHINE\\*", "REGISTRY\\*", "M*", "*", "?\\a", "S\\*")) {
                out.add(start + rest);
            }
        }
        return out;
    }

    @Test
    void respelledPatternsAgreeOnDefendersSpelling() {
        int checked = 0, kept = 0;
        for (String p : patterns()) {
            List<String> written;
            if (p.startsWith(HIVE.requiredStart())) {
                if (HIVE.couldStartInside(p.substring(1), true)) continue; // refused by the lowering
                written = List.of(p);
            } else {
                written = HIVE.respell(p, true);
                assertNotNull(written, p);
            }
            kept++;
            WildcardPattern original = WildcardPattern.compile(p, true);
            List<WildcardPattern> target = written.stream().map(w -> WildcardPattern.compile(w, true)).toList();
            for (String path : paths()) {
                List<String> spelled = HIVE.respell(path, true);
                String row = spelled == null ? path : spelled.get(0);
                // under the equivalence the path is the same key in each declared spelling of its hive
                boolean want = sameKey(path).stream().anyMatch(original::matches);
                boolean got = target.stream().anyMatch(t -> t.matches(row));
                assertEquals(want, got, p + " on " + path + " (row " + row + ", written " + written + ")");
                checked++;
            }
        }
        assertTrue(kept >= 40 && checked > 40_000, kept + " patterns, " + checked + " checks");
    }

    /** The path in every declared spelling of its hive; itself alone when it starts with no declared spelling. */
    private static List<String> sameKey(String path) {
        for (FieldMapping.Spelling s : HIVE.spellings()) {
            for (String r : s.rule()) {
                if (HIVE.respell(path, true) != null && path.toLowerCase().startsWith((r + "\\").toLowerCase())) {
                    String rest = path.substring(r.length());
                    List<String> out = new ArrayList<>();
                    s.rule().forEach(x -> out.add(x + rest));
                    return out;
                }
            }
        }
        return List.of(path);
    }

    @Test
    void patternsThatCouldStartInsideASpellingAreFound() {
        assertTrue(HIVE.couldStartInside("\\MACHINE\\a", true));
        assertTrue(HIVE.couldStartInside("\\M*", true));
        assertTrue(HIVE.couldStartInside("\\*", true));
        assertTrue(HIVE.couldStartInside("\\registry\\m", false));
        assertFalse(HIVE.couldStartInside("\\registry\\x", false));
        assertFalse(HIVE.couldStartInside("\\SOFTWARE\\*", true));
        assertFalse(HIVE.couldStartInside("\\a", true));
        // a case-sensitive spelling must be written as declared
        assertNull(HIVE.respell("hklm\\a", false));
        assertEquals(List.of("HKEY_LOCAL_MACHINE\\a"), HIVE.respell("HKLM\\a", false));
        assertEquals(List.of("HKEY_CURRENT_USER\\S\\a", "HKEY_USERS\\S\\a"), HIVE.respell("\\registry\\user\\S\\a", true));
    }
}
