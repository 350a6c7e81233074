package dev.ruleport.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The read-only shared folder beside the checkout (corpus, conformance suites, schemas). Tests read
 * it in place. Where it is missing, tests skip with a message on a developer's fresh clone, and
 * fail where {@code CI=true}: CI must never pass by skipping.
 */
public final class Shared {
    private Shared() {}

    public static Path root() {
        String prop = System.getProperty("ruleport.shared");
        Path p = prop != null ? Path.of(prop) : Path.of("..", "..", "shared");
        return p.toAbsolutePath().normalize();
    }

    /** The repository root (for rules/, generated-examples/). */
    public static Path repoRoot() {
        String prop = System.getProperty("ruleport.root");
        return (prop != null ? Path.of(prop) : Path.of("..")).toAbsolutePath().normalize();
    }

    /** A path under the shared folder, or a skip (fail in CI) when it is absent. */
    public static Path require(String relative) {
        Path p = root().resolve(relative);
        if (!Files.exists(p)) {
            String msg = "shared data not found: " + p + " (the corpus and conformance suites live in ../shared)";
            if ("true".equals(System.getenv("CI"))) Assertions.fail(msg + "; CI=true, so this is a failure");
            Assumptions.abort(msg + "; skipping");
        }
        return p;
    }
}
