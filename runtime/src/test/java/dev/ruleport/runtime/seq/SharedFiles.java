package dev.ruleport.runtime.seq;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Assumptions;

/** Locates {@code ../shared}: system property {@code ruleport.shared}, else {@code <repo>/../shared}. */
final class SharedFiles {

    private SharedFiles() {
    }

    static Path shared() {
        String prop = System.getProperty("ruleport.shared");
        if (prop != null && !prop.isBlank() && !prop.contains("${")) {
            return Paths.get(prop).toAbsolutePath().normalize();
        }
        return repoRoot().resolve("../shared").toAbsolutePath().normalize();
    }

    static Path repoRoot() {
        String root = System.getProperty("ruleport.root");
        if (root != null && !root.isBlank() && !root.contains("${")) {
            return Paths.get(root);
        }
        Path dir = Paths.get("").toAbsolutePath();
        // tests run in the module directory; the repo root holds the parent pom with <modules>
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("runtime")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
        }
        return dir;
    }

    /**
     * The shared file at {@code relative}; when it is absent the test fails under {@code CI=true} and
     * is skipped otherwise.
     */
    static Path require(String relative) {
        Path file = shared().resolve(relative);
        if (!Files.isRegularFile(file)) {
            String msg = "shared conformance file not found: " + file
                    + " (set -Druleport.shared=<dir> or check out ../shared beside the repository)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(msg);
            }
            Assumptions.abort(msg);
        }
        return file;
    }
}
