package dev.ruleport.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
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

    /** Issue 16: a file that already holds the bytes keeps its inode; other bytes, or a link, are replaced. */
    @Test
    void anUnchangedFileIsLeftAlone(@TempDir Path tmp) throws IOException {
        Path target = tmp.resolve("a/rule.kql");
        byte[] text = "EcsEvents\n| where x == 1\n".getBytes(StandardCharsets.UTF_8);
        assertTrue(AtomicFiles.writeIfChanged(target, text));
        Object inode = Files.readAttributes(target, "unix:ino");
        assertFalse(AtomicFiles.writeIfChanged(target, text));
        assertEquals(inode, Files.readAttributes(target, "unix:ino"), "the same file, not a replacement");

        byte[] sameLength = "EcsEvents\n| where x == 2\n".getBytes(StandardCharsets.UTF_8);
        assertTrue(AtomicFiles.writeIfChanged(target, sameLength));
        assertNotEquals(inode, Files.readAttributes(target, "unix:ino"));
        assertEquals("EcsEvents\n| where x == 2\n", Files.readString(target));
        assertTrue(AtomicFiles.writeIfChanged(target, text), "and back");
        assertEquals("EcsEvents\n| where x == 1\n", Files.readString(target));

        Path real = tmp.resolve("real.kql");
        Files.write(real, text);
        Path link = Files.createSymbolicLink(tmp.resolve("a/link.kql"), real);
        assertTrue(AtomicFiles.writeIfChanged(link, text), "a link holding the bytes is still replaced by a file");
        assertTrue(Files.isRegularFile(link, LinkOption.NOFOLLOW_LINKS));
        try (var s = Files.list(tmp.resolve("a"))) {
            assertEquals(2, s.count(), "no temporary file left");
        }
    }
}
