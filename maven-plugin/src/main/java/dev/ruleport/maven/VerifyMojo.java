package dev.ruleport.maven;

import dev.ruleport.compile.Frontend;
import dev.ruleport.fixtures.FixtureCase;
import dev.ruleport.fixtures.FixtureFile;
import dev.ruleport.fixtures.FixtureRunner;
import dev.ruleport.Ruleport;
import dev.ruleport.UsageException;
import dev.ruleport.backend.Translation;
import dev.ruleport.compile.CompiledRule;
import dev.ruleport.verify.Measurement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
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
 * give its expected verdict. With {@code verifyTargets}, also measures each rule's translation to those targets on
 * its fixtures ({@code ruleport test --to}) and fails on a translation that disagrees.
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

    /**
     * Targets whose translations are measured on the fixtures too (kql, spl, sigma), as {@code ruleport test --to}
     * does: an exact or equivalent translation must agree with the rule on every case, a lossy one must match every
     * case the rule matches. A refused translation is reported, not failed (the generate goal fails on refusals).
     */
    @Parameter(property = "ruleport.verifyTargets")
    List<String> verifyTargets = new ArrayList<>();

    /** Profile per target, e.g. {@code <kql>kql-defender-xdr</kql>}; the target's default otherwise. */
    @Parameter
    Map<String, String> profiles = new LinkedHashMap<>();

    /** Measure lossy translations too (broader ones; they must still match every positive case). */
    @Parameter(property = "ruleport.lossy", defaultValue = "false")
    boolean lossy;

    /**
     * The deployment's hosts, by {@code host.os.type} (e.g. {@code <hosts><host>windows</host></hosts>} for a
     * Windows-only fleet): translations are made for those hosts' events, and each output that relies on it says so.
     */
    @Parameter(property = "ruleport.hosts")
    List<String> hosts = new ArrayList<>();

    private Ruleport measurer;

    private List<Ruleport.Job> targetJobs() { return measurer == null ? List.of() : measurer.jobs(); }

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("ruleport: verify skipped");
            return;
        }
        RuleSet rules = RuleSet.load(rulesDirectory, inputProfile, getLog());
        if (!verifyTargets.isEmpty()) {
            try {
                Ruleport.Builder b = Ruleport.builder().lossy(lossy);
                if (inputProfile != null) b.inputProfile(inputProfile);
                for (String t : verifyTargets) b.target(t);
                profiles.forEach(b::profile);
                if (!hosts.isEmpty()) b.hosts(hosts, "<hosts>");
                measurer = b.build();
            } catch (UsageException e) {
                throw new MojoExecutionException("ruleport: " + e.getMessage());
            }
        }
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
            for (Ruleport.Job job : targetJobs()) {
                Ruleport.Measured m = measurer.measure(new CompiledRule(o.rule(), o.query()), job, cases);
                Translation t = m.translation();
                if (!t.ok()) {
                    getLog().warn(o.path() + ": " + job + ": refused, not measured");
                    continue;
                }
                Measurement r = m.measurement();
                boolean broader = t.losses().stream().allMatch(f -> f.direction() == dev.ruleport.mapping.Fidelity.BROADER);
                boolean good = r != null && r.problem() == null && (t.status() == Translation.Status.LOSSY
                        ? !r.dead() && !(broader && r.missesPositives()) : r.allAgree());
                String line = o.path() + ": " + job + ": " + (r == null ? "no reader" : r.describe(t));
                if (good) getLog().info(line);
                else {
                    getLog().error(line);
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
