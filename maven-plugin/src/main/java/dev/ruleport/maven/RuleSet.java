package dev.ruleport.maven;

import dev.ruleport.compile.Frontend;
import dev.ruleport.diag.Diagnostic;
import dev.ruleport.mapping.MappingProfileException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.logging.Log;

/** The rules of a project's rules folder, compiled by the front end, with their diagnostics logged. */
final class RuleSet {
    final List<Frontend.Outcome> compiled = new ArrayList<>();
    int failed;

    /** The rules (Elastic {@code .toml}, Sigma {@code .yml}) under the folder; Sigma names read through {@code inputProfile} (null: by product). */
    static RuleSet load(File rulesDirectory, String inputProfile, Log log) throws MojoExecutionException {
        RuleSet set = new RuleSet();
        if (!rulesDirectory.isDirectory()) {
            log.info("ruleport: no rules folder at " + rulesDirectory + "; nothing to do");
            return set;
        }
        List<Path> files;
        Frontend.Options options;
        try {
            files = Frontend.ruleFiles(List.of(rulesDirectory.toPath()));
            options = Frontend.Options.forInputs(List.of(rulesDirectory.toPath()), inputProfile);
        } catch (IOException e) {
            throw new MojoExecutionException("cannot read rules folder " + rulesDirectory + ": " + e.getMessage(), e);
        } catch (MappingProfileException e) {
            throw new MojoExecutionException("inputProfile: " + e.getMessage(), e);
        }
        for (Path f : files) {
            Frontend.Outcome o = Frontend.compile(f, options);
            for (Diagnostic d : o.diagnostics()) {
                if (d.isError()) log.error(d.render());
                else log.warn(d.render());
            }
            if (o.status() == Frontend.Status.FAILED) set.failed++;
            else set.compiled.add(o);
        }
        return set;
    }
}
