package dev.ruleport.spl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Golden files under {@code src/test/resources/golden/spl}; re-recorded only with {@code -Druleport.golden.update=true}. */
final class Golden {
    private Golden() {}

    static final Path DIR = Path.of("src", "test", "resources", "golden", "spl");

    static void check(String name, String actual) {
        Path file = DIR.resolve(name);
        try {
            if (Boolean.getBoolean("ruleport.golden.update")) {
                Files.createDirectories(DIR);
                Files.writeString(file, actual, StandardCharsets.UTF_8);
                return;
            }
            if (!Files.exists(file)) {
                throw new AssertionError("golden file " + file + " is missing; record it with -Druleport.golden.update=true");
            }
            assertEquals(Files.readString(file, StandardCharsets.UTF_8), actual, "golden " + file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
