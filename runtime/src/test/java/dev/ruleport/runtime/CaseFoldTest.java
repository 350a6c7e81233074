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
        // a Latin-1 string and a wider one, each with its other characters before the first letter folded
        assertEquals("é\u00ffc:\\a", CaseFold.fold("é\u00ffC:\\A"));
        assertEquals("€ΣИc:\\a", CaseFold.fold("€ΣИC:\\A"));
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

    @Test
    void theLastFoldKeptForTheSameStringIsNeverAnotherStringsFold() throws InterruptedException {
        // two threads folding strings in turn, each string many times in a row as a rule's patterns do
        Thread[] threads = new Thread[2];
        boolean[] wrong = new boolean[2];
        for (int t = 0; t < 2; t++) {
            int me = t;
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 20_000; i++) {
                    String s = new String("C:\\Users\\" + me + "\\X" + (i % 7) + ".EXE");
                    String expected = s.toLowerCase(java.util.Locale.ROOT);
                    for (int k = 0; k < 5; k++) wrong[me] |= !expected.equals(CaseFold.fold(s));
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) t.join();
        assertFalse(wrong[0] || wrong[1]);
        assertEquals("abc", CaseFold.fold("ABC"));
        assertEquals("xyz", CaseFold.fold("XYZ"));
        assertEquals("abc", CaseFold.fold("ABC"));
    }
}
