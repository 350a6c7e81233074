package dev.ruleport.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file so that readers see either the old content or the whole new one: the text goes to
 * a temporary file in the same folder, which is then moved over the target. An interrupted run
 * leaves no partial output (at most a stray temporary file, which is removed on failure).
 *
 * <p>The temporary file is created as any new file is ({@code open(O_CREAT|O_EXCL)} with the default mode), so the
 * output gets the permissions the user's umask gives a new file (0644 under umask 022), not the 0600 of
 * {@link Files#createTempFile}.
 *
 * <p>{@link #writeIfChanged} leaves a target that already holds the bytes alone. Besides the compiler's incremental
 * builds, this spares the file system: every replacement allocates a new inode and frees the old one, and ext4
 * without a journal skips the inodes freed in the last half minute when it allocates, scanning past each of them, so
 * rewriting thousands of unchanged files run after run made each run's file creations slower (system time grew from
 * 0.7 to 4 s over three runs of {@code convert --to all} on the corpus).
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    public static void write(Path target, String text) throws IOException {
        write(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * {@code .<name>.<random>.tmp}, with the name cut so that the whole stays within 255 UTF-8 bytes (the common file
     * name limit): a target whose own name fits always gets a temporary file that fits too.
     */
    static String temporaryName(String name) {
        String suffix = "." + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".tmp";
        int budget = 255 - 1 - suffix.length();
        StringBuilder kept = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            int n = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + n > budget) break;
            kept.appendCodePoint(cp);
            bytes += n;
            i += Character.charCount(cp);
        }
        return "." + kept + suffix;
    }

    /**
     * Writes {@code bytes} as {@link #write(Path, byte[])} does unless {@code target} is already a regular file (not
     * a link) holding exactly them; returns whether it wrote. A skipped file keeps its inode, times and permissions.
     */
    public static boolean writeIfChanged(Path target, byte[] bytes) throws IOException {
        if (holds(target, bytes)) return false;
        write(target, bytes);
        return true;
    }

    /** Whether {@code file} is a regular file, not a link, with exactly these bytes (false when it cannot be read). */
    static boolean holds(Path file, byte[] bytes) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!a.isRegularFile() || a.size() != bytes.length) return false;
            try (var in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                return Arrays.equals(in.readNBytes(bytes.length + 1), bytes);
            }
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    public static void write(Path target, byte[] bytes) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = null;
        OutputStream out = null;
        for (int attempt = 0; out == null; attempt++) {
            tmp = dir.resolve(temporaryName(target.getFileName().toString()));
            try {
                out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (FileAlreadyExistsException e) {
                if (attempt > 100) throw e;
            }
        }
        try {
            try (OutputStream o = out) {
                o.write(bytes);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
