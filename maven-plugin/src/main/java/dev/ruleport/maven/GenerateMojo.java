package dev.ruleport.maven;

import com.palantir.javapoet.JavaFile;
import dev.ruleport.Ruleport;
import dev.ruleport.UsageException;
import dev.ruleport.backend.Translation;
import dev.ruleport.compile.Frontend;
import dev.ruleport.diag.Diagnostic;
import dev.ruleport.io.AtomicFiles;
import dev.ruleport.javagen.ClassNames;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * Compiles a rules folder into Java matcher classes (a compile source root of the project) and,
 * if {@code targets} names them, into Sigma/KQL/SPL files, through the {@link Ruleport} facade. A rule that
 * does not compile or whose translation is refused fails the build with {@code file:line:col} messages. Files
 * whose text is unchanged are not rewritten, so unchanged builds stay incremental.
 */
@Mojo(name = "generate", defaultPhase = LifecyclePhase.GENERATE_SOURCES, threadSafe = true)
public class GenerateMojo extends AbstractMojo {
    @Parameter(property = "ruleport.rules", defaultValue = "${project.basedir}/src/main/rules")
    File rulesDirectory;

    /** Sigma rules ({@code .yml}): the profile their names are read through; default the built-in profile of each rule's product. */
    @Parameter(property = "ruleport.inputProfile")
    String inputProfile;

    @Parameter(property = "ruleport.javaOutput", defaultValue = "${project.build.directory}/generated-sources/ruleport")
    File javaOutputDirectory;

    @Parameter(property = "ruleport.output", defaultValue = "${project.build.directory}/ruleport")
    File outputDirectory;

    /** Java package of the generated matcher classes. */
    @Parameter(property = "ruleport.package", defaultValue = "ruleport.generated")
    String packageName;

    /**
     * Simple name of the generated rule set class (in {@code packageName}) that decides all the
     * single-event rules for an event in one call; empty for none.
     */
    @Parameter(property = "ruleport.ruleSet", defaultValue = "RuleSet")
    String ruleSetClass;

    /** Other targets to write under {@code outputDirectory}: sigma, kql, spl, eql. */
    @Parameter(property = "ruleport.targets")
    List<String> targets = new ArrayList<>();

    /** Profile per target, e.g. {@code <kql>kql-defender-xdr</kql>}; the target's default otherwise. */
    @Parameter
    Map<String, String> profiles = new LinkedHashMap<>();

    /** Allow approximations (each written into the output); off by default: refusals fail the build. */
    @Parameter(property = "ruleport.lossy", defaultValue = "false")
    boolean lossy;

    /**
     * The deployment's hosts, by {@code host.os.type} (e.g. {@code <hosts><host>windows</host></hosts>} for a
     * Windows-only fleet): translations are made for those hosts' events, and each output that relies on it says so.
     */
    @Parameter(property = "ruleport.hosts")
    List<String> hosts = new ArrayList<>();

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    MavenProject project;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        project.addCompileSourceRoot(javaOutputDirectory.getPath());
        if (!rulesDirectory.isDirectory()) {
            getLog().info("ruleport: no rules folder at " + rulesDirectory + "; nothing to do");
            return;
        }
        Ruleport ruleport;
        List<Path> files;
        try {
            Ruleport.Builder b = Ruleport.builder().target("java").lossy(lossy).setting("package", packageName)
                    .setting("rule-set", ruleSetClass == null ? "" : ruleSetClass);
            for (String t : targets) b.target(t);
            profiles.forEach(b::profile);
            if (inputProfile != null) b.inputProfile(inputProfile);
            if (!hosts.isEmpty()) b.hosts(hosts, "<hosts>");
            ruleport = b.build();
            files = Ruleport.ruleFiles(List.of(rulesDirectory.toPath()));
        } catch (UsageException e) {
            throw new MojoExecutionException("ruleport: " + e.getMessage());
        } catch (IOException e) {
            throw new MojoExecutionException("cannot read rules folder " + rulesDirectory + ": " + e.getMessage(), e);
        }
        Path rulesRoot = rulesDirectory.toPath();
        Ruleport.Batch batch = ruleport.compileAll(List.of(rulesRoot), f -> rulesRoot.relativize(f).getParent() == null ? Path.of("")
                : rulesRoot.relativize(f).getParent(), r -> {
            for (Diagnostic d : r.diagnostics()) {
                if (d.isError()) getLog().error(d.render());
                else getLog().warn(d.render());
            }
        });
        batch.notes().forEach(n -> getLog().warn("ruleport: " + n));
        int failed = 0;
        int refused = 0;
        int written = 0;
        int unchanged = 0;
        for (Ruleport.Result r : batch.results()) {
            if (r.frontend().status() == Frontend.Status.FAILED) failed++;
            for (Map.Entry<Ruleport.Job, Translation> e : r.translations().entrySet()) {
                Translation t = e.getValue();
                if (!t.ok()) {
                    refused++;
                    continue;
                }
                String target = e.getKey().target();
                Path rel = rulesRoot.relativize(r.file()).getParent();
                Path out = target.equals("java") ? javaOutputDirectory.toPath().resolve(t.fileName())
                        : outputDirectory.toPath().resolve(target).resolve(rel == null ? Path.of("") : rel).resolve(t.fileName());
                if (writeIfChanged(out, t.text())) written++;
                else unchanged++;
            }
        }
        if (batch.ruleSet().isPresent()) {
            JavaFile set = batch.ruleSet().get();
            Path out = javaOutputDirectory.toPath().resolve(ClassNames.sourcePath(packageName, set.typeSpec().name()));
            if (writeIfChanged(out, set.toString())) written++;
            else unchanged++;
        }
        getLog().info("ruleport: " + files.size() + " rules, " + ruleport.jobs().size() + " target(s); " + written
                + " file(s) written, " + unchanged + " unchanged, " + failed + " rule(s) failed, " + refused
                + " translation(s) refused");
        if (failed > 0 || refused > 0) {
            throw new MojoFailureException("ruleport: " + failed + " rule(s) failed to compile and " + refused
                    + " translation(s) were refused; see the messages above");
        }
    }

    /** Writes a file only when its text changes, so unchanged builds stay incremental for the compiler. */
    private static boolean writeIfChanged(Path target, String text) throws MojoExecutionException {
        try {
            return AtomicFiles.writeIfChanged(target, text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new MojoExecutionException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }
}
