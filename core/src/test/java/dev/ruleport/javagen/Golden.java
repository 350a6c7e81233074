package dev.ruleport.javagen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ruleport.testsupport.SharedFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Golden files under {@code core/src/test/resources/golden/java}, re-recorded with {@code -Druleport.golden.update=true}. */
final class Golden {
    private Golden() {}

    static Path dir() {
        return SharedFiles.repositoryRoot().resolve("core/src/test/resources/golden/java");
    }

    static void check(String name, String actual) throws IOException {
        Path file = dir().resolve(name);
        if (Boolean.getBoolean("ruleport.golden.update")) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, actual, StandardCharsets.UTF_8);
            return;
        }
        if (!Files.exists(file)) fail("missing golden file " + file + " (record it with -Druleport.golden.update=true)");
        assertEquals(Files.readString(file, StandardCharsets.UTF_8), actual, "golden " + name + " differs");
    }
}
