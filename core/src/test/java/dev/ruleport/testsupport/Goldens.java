package dev.ruleport.testsupport;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one golden-file harness: files under {@code core/src/test/resources/golden/<target>/}, compared byte for byte
 * and re-recorded by one switch, {@code -Druleport.golden.update=true}. A mismatch names the file and shows the first
 * differing lines with their line number and context, not two whole texts.
 */
public final class Goldens {
    private Goldens() {}

    public static final String UPDATE = "ruleport.golden.update";

    public static Path dir(String target) {
        return SharedFiles.repositoryRoot().resolve("core/src/test/resources/golden").resolve(target);
    }

    /** Checks (or records) {@code actual} as {@code golden/<target>/<name>}. */
    public static void check(String target, String name, String actual) {
        Path file = dir(target).resolve(name);
        try {
            if (Boolean.getBoolean(UPDATE)) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, actual, StandardCharsets.UTF_8);
                return;
            }
            if (!Files.exists(file)) fail("missing golden file " + file + " (record it with -D" + UPDATE + "=true)");
            String expected = Files.readString(file, StandardCharsets.UTF_8);
            if (!expected.equals(actual)) fail("golden " + file + " differs (re-record with -D" + UPDATE + "=true):\n" + diff(expected, actual));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first difference between two texts, by line, with two lines of context. */
    public static String diff(String expected, String actual) {
        String[] e = expected.split("\n", -1);
        String[] a = actual.split("\n", -1);
        int i = 0;
        while (i < e.length && i < a.length && e[i].equals(a[i])) i++;
        StringBuilder sb = new StringBuilder();
        for (int k = Math.max(0, i - 2); k < i; k++) sb.append("  ").append(k + 1).append("   ").append(e[k]).append('\n');
        for (int k = i; k < Math.min(e.length, i + 4); k++) sb.append("- ").append(k + 1).append("   ").append(e[k]).append('\n');
        for (int k = i; k < Math.min(a.length, i + 4); k++) sb.append("+ ").append(k + 1).append("   ").append(a[k]).append('\n');
        sb.append("(expected ").append(e.length).append(" lines, got ").append(a.length).append(')');
        return sb.toString();
    }
}
