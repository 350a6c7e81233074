package dev.ruleport.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CaseFoldTest {
    @Test
    void foldsAsciiOnly() {
        assertEquals("c:\\windows\\system32", CaseFold.fold("C:\\Windows\\System32"));
        assertEquals("École", CaseFold.fold("ÉCOLE")); // É is not ASCII: untouched
        assertEquals("straße", CaseFold.fold("STRAßE"));
        assertEquals("İ", CaseFold.fold("İ")); // no Turkish dotted-I expansion, length kept
    }

    @Test
    void returnsSameInstanceWhenNothingToFold() {
        String s = "already lower 123";
        assertSame(s, CaseFold.fold(s));
    }

    @Test
    void equalsIgnoreCase() {
        assertTrue(CaseFold.equalsIgnoreCase("SMSS.EXE", "smss.exe"));
        assertFalse(CaseFold.equalsIgnoreCase("É", "é"));
        assertFalse(CaseFold.equalsIgnoreCase("a", "ab"));
    }

    @Test
    void keepsLength() {
        String s = "ΣΑΣ İstanbul ǅ";
        assertEquals(s.length(), CaseFold.fold(s).length());
    }
}
