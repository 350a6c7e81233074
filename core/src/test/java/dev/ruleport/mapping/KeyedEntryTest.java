package dev.ruleport.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Sysmon's Hashes entries as Elastic's pipeline reads them, and the projection that makes an event agree with its list. */
class KeyedEntryTest {
    private static final String LIST = "winlog.event_data.Hashes";
    private static final KeyedEntry SHA256 = new KeyedEntry(LIST, "SHA256", 64);
    private static final KeyedEntry MD5 = new KeyedEntry(LIST, "MD5", 32);
    private static final String H = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    @Test
    void theFieldHoldsLowerCaseHexOfItsLengthThatIsNotOnlyZeros() {
        assertTrue(SHA256.canHold(H));
        assertFalse(SHA256.canHold(H.toUpperCase(java.util.Locale.ROOT)));
        assertFalse(SHA256.canHold(H.substring(1)));
        assertFalse(SHA256.canHold("0".repeat(64)));
        assertFalse(SHA256.canHold("g".repeat(64)));
    }

    @Test
    void aListGivesTheEntryLowerCasedAndNothingForZeros() {
        assertEquals(H, SHA256.valueIn("SHA1=AB,SHA256=" + H.toUpperCase(java.util.Locale.ROOT) + ",IMPHASH=00"));
        assertEquals(H, SHA256.valueIn("sha256=" + H));
        assertNull(SHA256.valueIn("SHA256=" + "0".repeat(64)));
        assertNull(SHA256.valueIn("MD5=" + "1".repeat(32)));
    }

    @Test
    void agreeWritesTheListFromTheFieldsAndAliasesShareAValue() {
        Map<String, KeyedEntry> entries = new LinkedHashMap<>();
        entries.put("dll.hash.sha256", SHA256);
        entries.put("file.hash.sha256", SHA256);
        entries.put("dll.hash.md5", MD5);
        Map<String, Object> ev = new LinkedHashMap<>(Map.of("dll.hash.sha256", H, LIST, "stale"));
        KeyedEntry.agree(ev, entries, x -> true);
        assertEquals(Map.of("dll.hash.sha256", H, "file.hash.sha256", H, LIST, "SHA256=" + H.toUpperCase(java.util.Locale.ROOT)), ev);
        // only the list: the fields are read from it
        ev = new LinkedHashMap<>(Map.of(LIST, "MD5=" + "A".repeat(32) + ",SHA256=" + "0".repeat(64)));
        KeyedEntry.agree(ev, entries, x -> true);
        assertEquals(Map.of("dll.hash.md5", "a".repeat(32), LIST, "MD5=" + "A".repeat(32)), ev);
    }

    @Test
    void aValueTheTargetCannotWriteBecomesOneThatKeepsTheVerdict() {
        Map<String, KeyedEntry> entries = Map.of("process.hash.sha256", SHA256);
        // upper case: its lower-case form, when that keeps the verdict
        Map<String, Object> ev = new LinkedHashMap<>(Map.of("process.hash.sha256", H.toUpperCase(java.util.Locale.ROOT)));
        KeyedEntry.agree(ev, entries, x -> true);
        assertEquals(H, ev.get("process.hash.sha256"));
        // a short value where the lower-case form would change the verdict: the first filler that keeps it
        ev = new LinkedHashMap<>(Map.of("process.hash.sha256", "a"));
        KeyedEntry.agree(ev, entries, x -> !"0".repeat(63).concat("1").equals(x.get("process.hash.sha256")));
        assertEquals("f".repeat(64), ev.get("process.hash.sha256"));
        assertEquals("SHA256=" + "F".repeat(64), ev.get(LIST));
    }
}
