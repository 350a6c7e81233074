package dev.ruleport.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The read-only shared folder beside the checkout (corpus, conformance suites, schemas), read in
 * place. Where it is missing, tests skip with a message on a developer's fresh clone and fail where
 * {@code CI=true}: CI must never pass by skipping. Locating the folders is {@link SharedFiles}'s job.
 */
public final class Shared {
    private Shared() {}

    public static Path root() { return SharedFiles.sharedDir(); }

    /** The repository root (for rules/, generated-examples/). */
    public static Path repoRoot() { return SharedFiles.repositoryRoot(); }

    /** A file or folder under the shared folder, or a skip (a failure in CI) when it is absent. */
    public static Path require(String relative) {
        Path p = root().resolve(relative);
        if (!Files.exists(p)) {
            SharedFiles.unavailable("shared data not found: " + p + " (the corpus and conformance suites live in ../shared)");
        }
        return p;
    }
}
