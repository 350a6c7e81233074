package dev.ruleport.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Where test helpers find the checkout and the {@code shared} folder beside it, and what they do
 * when something is missing: skip the test locally, fail it where the environment has {@code CI=true}.
 */
public final class SharedFiles {

    private SharedFiles() {
    }

    /**
     * The checkout's root: the first folder holding {@code core/src/test}, searched upwards from
     * {@code -Druleport.root} (set by the parent pom) and from the working directory (Maven may run in core/).
     */
    public static Path repositoryRoot() {
        List<Path> starts = new ArrayList<>();
        String prop = System.getProperty("ruleport.root");
        if (prop != null && !prop.isBlank()) {
            starts.add(Path.of(prop).toAbsolutePath().normalize());
        }
        starts.add(Path.of("").toAbsolutePath().normalize());
        for (Path start : starts) {
            for (Path p = start; p != null; p = p.getParent()) {
                if (Files.isDirectory(p.resolve("core/src/test"))) {
                    return p;
                }
            }
        }
        return starts.get(0);
    }

    /** {@code -Druleport.shared} when that folder exists, else {@code shared} beside the checkout. */
    public static Path sharedDir() {
        String prop = System.getProperty("ruleport.shared");
        if (prop != null && !prop.isBlank()) {
            Path p = Path.of(prop).toAbsolutePath().normalize();
            if (Files.isDirectory(p)) {
                return p;
            }
        }
        return repositoryRoot().resolveSibling("shared");
    }

    /** A file under the shared folder; skips the test (fails it on CI) when it is missing. */
    public static Path requireShared(String relative) {
        Path p = sharedDir().resolve(relative);
        if (!Files.isRegularFile(p)) {
            unavailable(p + " not found (the shared folder is expected beside the checkout, or set -Druleport.shared)");
        }
        return p;
    }

    /** Skips the calling test with {@code problem}, or fails it where the environment has CI=true. */
    public static void unavailable(String problem) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail(problem + " (CI=true, so this is a failure, not a skip)");
        }
        Assumptions.abort(problem);
    }
}
