package dev.ruleport.maven;

import dev.ruleport.compile.Frontend;
import dev.ruleport.diag.Diagnostic;
import java.io.File;
import java.io.IOException;
import java.util.List;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/** Parses and validates every rule in a folder; fails the build on any diagnostic error. */
@Mojo(name = "check", defaultPhase = LifecyclePhase.VALIDATE, threadSafe = true)
public class CheckMojo extends AbstractMojo {
    @Parameter(property = "ruleport.rules", defaultValue = "${project.basedir}/src/main/rules")
    File rulesDirectory;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        List<java.nio.file.Path> files;
        try {
            files = Frontend.ruleFiles(List.of(rulesDirectory.toPath()));
        } catch (IOException e) {
            throw new MojoExecutionException("cannot read rules folder " + rulesDirectory + ": " + e.getMessage(), e);
        }
        int failed = 0;
        for (java.nio.file.Path f : files) {
            Frontend.Outcome o = Frontend.compile(f);
            for (Diagnostic d : o.diagnostics()) {
                if (d.isError()) getLog().error(d.render());
            }
            if (o.status() == Frontend.Status.FAILED) failed++;
        }
        getLog().info("ruleport: checked " + files.size() + " rules, " + failed + " failed");
        if (failed > 0) throw new MojoFailureException(failed + " rule(s) failed to compile; see the messages above");
    }
}
