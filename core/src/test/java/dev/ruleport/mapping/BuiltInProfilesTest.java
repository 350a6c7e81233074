package dev.ruleport.mapping;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class BuiltInProfilesTest {
    static List<String> names() { return MappingProfile.builtInNames(); }

    @ParameterizedTest
    @MethodSource("names")
    void loads(String name) {
        MappingProfile p = MappingProfile.load(name);
        assertEquals(name, p.name());
        assertTrue(ProfileLoader.TARGETS.contains(p.target()));
        assertFalse(p.logsources().isEmpty());
        assertTrue(p.source().startsWith("builtin:"));
    }

    @ParameterizedTest
    @MethodSource("names")
    void startsWithADocComment(String name) throws IOException {
        String text = MappingProfile.readClasspath(MappingProfile.RESOURCE_DIR + name + ".yml").orElseThrow();
        assertTrue(text.startsWith("# " + name + " — "), "first line of " + name + ".yml: '# NAME — what it is'");
    }

    @Test
    void everyProfileFileIsListed() throws IOException {
        Path dir = Path.of("src/main/resources", MappingProfile.RESOURCE_DIR);
        TreeSet<String> files = new TreeSet<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yml"))
                    .forEach(n -> files.add(n.substring(0, n.length() - 4)));
        }
        assertEquals(files, new TreeSet<>(names()));
    }
}
