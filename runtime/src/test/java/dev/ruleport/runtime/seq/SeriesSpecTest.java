package dev.ruleport.runtime.seq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every spec of Elasticsearch's {@code sequences.series-spec} through {@link SequenceMatcher}.
 * Specs listed in {@code series-spec-unsupported.txt} must fail (so the list only shrinks).
 */
class SeriesSpecTest {

    static final String SPEC = "conformance/elasticsearch/sequences.series-spec";
    static final String UNSUPPORTED = "/series-spec-unsupported.txt";

    @TestFactory
    Stream<DynamicTest> seriesSpec() throws IOException {
        Path file = SharedFiles.require(SPEC);
        List<SeriesSpec.Case> cases = SeriesSpec.parse(Files.readAllLines(file, StandardCharsets.UTF_8));
        assertTrue(cases.size() > 0, "no specs parsed from " + file);
        Map<String, String> unsupported = unsupported();
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), file.toUri(), () -> {
            List<String> actual = SeriesSpec.run(c);
            String reason = unsupported.get(c.name());
            if (reason == null) {
                assertEquals(c.expected(), actual, c.name() + " (" + file.getFileName() + ":" + c.line() + ")");
            } else {
                assertNotEquals(c.expected(), actual, c.name() + " is listed in " + UNSUPPORTED
                        + " (" + reason + ") but now passes: remove it from the list");
            }
        }));
    }

    @Test
    void unsupportedListNamesExistingSpecs() throws IOException {
        Path file = SharedFiles.require(SPEC);
        Set<String> names = SeriesSpec.parse(Files.readAllLines(file, StandardCharsets.UTF_8)).stream()
                .map(SeriesSpec.Case::name).collect(Collectors.toSet());
        for (String listed : unsupported().keySet()) {
            assertTrue(names.contains(listed), UNSUPPORTED + " names an unknown spec: " + listed);
        }
    }

    /** {@code name reason...} per line; {@code #} comments. */
    static Map<String, String> unsupported() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        try (InputStream in = SeriesSpecTest.class.getResourceAsStream(UNSUPPORTED)) {
            if (in == null) {
                throw new IOException("missing test resource " + UNSUPPORTED);
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String l = line.strip();
                if (l.isEmpty() || l.startsWith("#")) {
                    continue;
                }
                String[] parts = l.split("\\s+", 2);
                if (parts.length < 2 || parts[1].isBlank()) {
                    throw new IOException(UNSUPPORTED + ": every entry needs a reason: " + l);
                }
                out.put(parts[0], parts[1]);
            }
        }
        return out;
    }
}
