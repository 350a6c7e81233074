package dev.ruleport.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file so that readers see either the old content or the whole new one: the text goes to
 * a temporary file in the same folder, which is then moved over the target. An interrupted run
 * leaves no partial output (at most a stray temporary file, which is removed on failure).
 *
 * <p>The temporary file is created as any new file is ({@code open(O_CREAT|O_EXCL)} with the default mode), so the
 * output gets the permissions the user's umask gives a new file (0644 under umask 022), not the 0600 of
 * {@link Files#createTempFile}.
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
