package dev.ruleport.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 19 item 11: an output whose own name fits the file system is written, whatever the temporary name. */
class AtomicFilesTest {
    @Test
    void aLongNameIsWrittenAndItsTemporaryNameFits(@TempDir Path tmp) throws IOException {
        String name = "x".repeat(245) + ".yml"; // 249 bytes: fits, but not with a temporary prefix and suffix added
        Path target = tmp.resolve(name);
        AtomicFiles.write(target, "a: 1\n");
        assertEquals("a: 1\n", Files.readString(target));
        try (var s = Files.list(tmp)) {
            assertEquals(1, s.count(), "no temporary file left");
        }
        String multibyte = "\u00e9".repeat(126) + ".kql"; // 256 bytes of UTF-8 would not fit: 252 do
        assertTrue(AtomicFiles.temporaryName(multibyte).getBytes(StandardCharsets.UTF_8).length <= 255);
        AtomicFiles.write(tmp.resolve("\u00e9".repeat(124) + ".kql"), "x");
    }
}
