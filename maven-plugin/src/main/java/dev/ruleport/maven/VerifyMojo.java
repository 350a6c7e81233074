package dev.ruleport.maven;

import dev.ruleport.compile.Frontend;
import dev.ruleport.fixtures.FixtureCase;
import dev.ruleport.fixtures.FixtureFile;
import dev.ruleport.fixtures.FixtureRunner;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Runs every rule's fixture events ({@code x.fixtures.ndjson} next to {@code x.toml} or Sigma {@code x.yml}) through the
 * reference interpreter and fails the build on a rule that does not compile or a case that does not
 * give its expected verdict.
 */
@Mojo(name = "verify", defaultPhase = LifecyclePhase.TEST, threadSafe = true)
public class VerifyMojo extends AbstractMojo {
    @Parameter(property = "ruleport.rules", defaultValue = "${project.basedir}/src/main/rules")
    File rulesDirectory;

    /** Sigma rules ({@code .yml}): the profile their names are read through; default the built-in profile of each rule's product. */
    @Parameter(property = "ruleport.inputProfile")
    String inputProfile;

    /** Fail when a rule has no fixture file. */
    @Parameter(property = "ruleport.requireFixtures", defaultValue = "false")
    boolean requireFixtures;

    @Parameter(property = "ruleport.skipVerify", defaultValue = "false")
    boolean skip;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("ruleport: verify skipped");
            return;
        }
        RuleSet rules = RuleSet.load(rulesDirectory, inputProfile, getLog());
        int passed = 0;
        int failed = rules.failed;
        int without = 0;
        for (Frontend.Outcome o : rules.compiled) {
            if (o.status() != Frontend.Status.OK) continue;
            Path fixtures = FixtureFile.forRule(o.path());
            if (!Files.exists(fixtures)) {
                without++;
                if (requireFixtures) {
                    getLog().error(o.path() + ": no fixture file " + fixtures.getFileName());
                    failed++;
                }
                continue;
            }
            List<FixtureCase> cases;
            try {
                cases = FixtureFile.read(fixtures);
            } catch (RuntimeException e) {
                getLog().error(e.getMessage());
                failed++;
                continue;
            }
            FixtureRunner runner;
            try {
                runner = FixtureRunner.forRule(o.rule(), o.query());
            } catch (dev.ruleport.diag.CompileException e) {
                e.diagnostics().forEach(d -> getLog().error(d.render()));
                failed++;
                continue;
            }
            boolean ok = true;
            for (FixtureCase c : cases) {
                FixtureRunner.Verdict v = runner.run(c);
                if (!v.passed()) {
                    getLog().error(fixtures + ": " + v.describe());
                    ok = false;
                }
            }
            if (ok) passed++;
            else failed++;
        }
        getLog().info("ruleport: tested " + (passed + failed + without) + " rules: " + passed + " passed, " + failed
                + " failed, " + without + " without fixtures");
        if (failed > 0) throw new MojoFailureException("ruleport: " + failed + " rule(s) failed verification; see the messages above");
    }
}
