package dev.ruleport.javagen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ClassNamesTest {
    @Test
    void baseNamesAreUpperCamelCaseAscii() {
        assertEquals("PotentialLsassCloneCreationViaPssCaptureSnapShot",
                ClassNames.baseName("Potential LSASS Clone Creation via PssCaptureSnapShot", "x"));
        assertEquals("UnusualChildProcessesOfRunDLL32", ClassNames.baseName("Unusual Child Processes of RunDLL32", "x"));
        assertEquals("CreationDeRegle", ClassNames.baseName("Création de règle", "x"));
        assertEquals("Rule7zipArchive", ClassNames.baseName("7zip archive", "x"));
        assertEquals("A1b2", ClassNames.baseName("", "a1b2"));
        assertEquals("Rule", ClassNames.baseName("***", null));
        assertEquals("EventRule", ClassNames.baseName("event", "x"));
        assertEquals("StringRule", ClassNames.baseName("string", "x"));
        assertEquals("QuotesAndSlashesU0041", ClassNames.baseName("quotes \"and\" */ slashes \\u0041", "x"));
        assertEquals(ClassNames.MAX_LENGTH, ClassNames.baseName("word ".repeat(100), "x").length());
    }

    @Test
    void collisionsGetTheRuleIdThenACounterIgnoringCase() {
        ClassNames names = new ClassNames();
        assertEquals("SameName", names.allocate("Same name", "0a1b2c3d-ffff"));
        assertEquals("SameName_0a1b2c3d", names.allocate("same NAME", "0a1b2c3d-eeee"));
        assertEquals("SameName_0a1b2c3d_2", names.allocate("same-name", "0a1b2c3d-dddd"));
        assertEquals("Samename_9", names.allocate("SAMENAME", "9"));
        assertEquals("Other", names.allocate("other", "1"));
    }
}
