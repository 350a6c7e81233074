package dev.ruleport.cli;

import dev.ruleport.compile.Frontend;
import dev.ruleport.mapping.MappingProfileException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** The {@code --input-profile} option every command that reads rules takes, and the front-end options it makes. */
final class SigmaInput {
    @Option(names = "--input-profile", paramLabel = "NAME|PATH",
            description = "Sigma rules (.yml): the profile their field names are read through (default: the built-in "
                    + "Sigma profile of the rule's product, e.g. sigma-windows; ecs keeps the names as they are)")
    String inputProfile;

    /** The front-end options for a run over these inputs, or null after printing why the profile is unusable. */
    Frontend.Options options(String command, List<Path> roots, PrintWriter err) throws IOException {
        try {
            return Frontend.Options.forInputs(roots, inputProfile);
        } catch (MappingProfileException e) {
            err.println("ruleport " + command + ": --input-profile: " + e.getMessage());
            return null;
        }
    }
}
