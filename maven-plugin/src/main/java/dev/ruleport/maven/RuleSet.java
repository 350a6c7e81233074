package dev.ruleport.maven;

import dev.ruleport.compile.Frontend;
import dev.ruleport.diag.Diagnostic;
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

    static RuleSet load(File rulesDirectory, Log log) throws MojoExecutionException {
        RuleSet set = new RuleSet();
        if (!rulesDirectory.isDirectory()) {
            log.info("ruleport: no rules folder at " + rulesDirectory + "; nothing to do");
            return set;
        }
        List<Path> files;
        try {
            files = Frontend.ruleFiles(List.of(rulesDirectory.toPath()));
        } catch (IOException e) {
            throw new MojoExecutionException("cannot read rules folder " + rulesDirectory + ": " + e.getMessage(), e);
        }
        for (Path f : files) {
            Frontend.Outcome o = Frontend.compile(f);
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
