package dev.ruleport.maven;

import com.palantir.javapoet.JavaFile;
import dev.ruleport.backend.Backend;
import dev.ruleport.backend.Backends;
import dev.ruleport.backend.CompiledRule;
import dev.ruleport.backend.TranslateOptions;
import dev.ruleport.backend.Translation;
import dev.ruleport.compile.Frontend;
import dev.ruleport.diag.Diagnostic;
import dev.ruleport.io.AtomicFiles;
import dev.ruleport.javagen.ClassNames;
import dev.ruleport.javagen.JavaGenOptions;
import dev.ruleport.javagen.MatcherGenerator;
import dev.ruleport.mapping.MappingProfile;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * Compiles a rules folder into Java matcher classes (a compile source root of the project) and,
 * if {@code targets} names them, into Sigma/KQL/SPL files. A rule that does not compile or whose
 * translation is refused fails the build with {@code file:line:col} messages. Rules whose file and
 * settings are unchanged since the last run are not translated again.
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

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    MavenProject project;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        project.addCompileSourceRoot(javaOutputDirectory.getPath());
        RuleSet rules = RuleSet.load(rulesDirectory, inputProfile, getLog());
        List<String[]> jobs = new ArrayList<>();
        jobs.add(new String[] {"java", "ecs"});
        for (String t : targets) {
            Backend b = Backends.byName(t).orElseThrow(() -> new MojoExecutionException(
                    "unknown ruleport target " + t + "; known: " + Backends.names()));
            jobs.add(new String[] {t, profiles.getOrDefault(t, b.defaultProfile())});
        }
        Path stateFile = outputDirectory.toPath().resolve(".ruleport-state.properties");
        Properties previous = readState(stateFile);
        Properties state = new Properties();
        Map<String, Path> writtenBy = new LinkedHashMap<>();
        int refused = 0;
        int skipped = 0;
        List<CompiledRule> javaRules = new ArrayList<>();
        List<String> javaClasses = new ArrayList<>();
        for (Frontend.Outcome o : rules.compiled) {
            if (o.status() != Frontend.Status.OK) continue;
            CompiledRule rule = new CompiledRule(o.rule(), o.query());
            for (String[] job : jobs) {
                String key = job[0] + "/" + job[1] + ":" + o.path().toAbsolutePath();
                String fingerprint = fingerprint(o.path(), job);
                String outputs = previous.getProperty(key + "#outputs");
                if (fingerprint.equals(previous.getProperty(key)) && outputs != null && allExist(outputs)) {
                    state.setProperty(key, fingerprint);
                    state.setProperty(key + "#outputs", outputs);
                    if (job[0].equals("java")) addJavaClass(javaRules, javaClasses, rule, Path.of(outputs));
                    skipped++;
                    continue;
                }
                Backend backend = Backends.byName(job[0]).orElseThrow();
                Map<String, String> settings = job[0].equals("java") ? Map.of("package", packageName) : Map.of();
                Translation t = backend.translate(rule, new TranslateOptions(MappingProfile.load(job[1]), lossy, settings));
                for (Diagnostic d : t.diagnostics()) {
                    if (d.isError()) getLog().error(d.render());
                    else getLog().warn(d.render());
                }
                if (!t.ok()) {
                    refused++;
                    continue;
                }
                Path target = job[0].equals("java") ? javaOutputDirectory.toPath().resolve(t.fileName())
                        : outputDirectory.toPath().resolve(job[0]).resolve(t.fileName());
                Path other = writtenBy.put(target.toString(), o.path());
                if (other != null) {
                    throw new MojoFailureException("rules " + other + " and " + o.path() + " both produce " + target
                            + "; rename one of them");
                }
                try {
                    AtomicFiles.write(target, t.text());
                } catch (IOException e) {
                    throw new MojoExecutionException("cannot write " + target + ": " + e.getMessage(), e);
                }
                state.setProperty(key, fingerprint);
                state.setProperty(key + "#outputs", target.toString());
                if (job[0].equals("java")) addJavaClass(javaRules, javaClasses, rule, target);
            }
        }
        writeRuleSet(javaRules, javaClasses);
        writeState(stateFile, state);
        getLog().info("ruleport: " + rules.compiled.size() + " rules, " + jobs.size() + " target(s); "
                + skipped + " unchanged output(s) kept, " + rules.failed + " rule(s) failed, " + refused + " translation(s) refused");
        if (rules.failed > 0 || refused > 0) {
            throw new MojoFailureException("ruleport: " + rules.failed + " rule(s) failed to compile and " + refused
                    + " translation(s) were refused; see the messages above");
        }
    }

    private static void addJavaClass(List<CompiledRule> rules, List<String> classes, CompiledRule rule, Path file) {
        String name = file.getFileName().toString();
        rules.add(rule);
        classes.add(name.substring(0, name.length() - ".java".length()));
    }

    /** The rule set over the single-event rules; the file is rewritten only when its text changes, so unchanged builds stay incremental. */
    private void writeRuleSet(List<CompiledRule> rules, List<String> classes) throws MojoExecutionException {
        if (ruleSetClass == null || ruleSetClass.isEmpty()) return;
        if (!ClassNames.isSimpleName(ruleSetClass)) {
            throw new MojoExecutionException("ruleSetClass " + ruleSetClass + " is not a valid Java class name");
        }
        Optional<JavaFile> set = new MatcherGenerator(JavaGenOptions.defaults().withPackage(packageName))
                .ruleSet(rules, classes, ruleSetClass);
        if (set.isEmpty()) return;
        Path target = javaOutputDirectory.toPath().resolve(ClassNames.sourcePath(packageName, set.get().typeSpec().name()));
        String text = set.get().toString();
        try {
            if (Files.exists(target) && Files.readString(target).equals(text)) return;
            AtomicFiles.write(target, text);
        } catch (IOException e) {
            throw new MojoExecutionException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    private static boolean allExist(String outputs) {
        for (String p : outputs.split(File.pathSeparator)) if (!Files.exists(Path.of(p))) return false;
        return true;
    }

    /** What the output depends on: the rule file's bytes, the target, profile, input profile and settings, and the plugin version. */
    private String fingerprint(Path rule, String[] job) throws MojoExecutionException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(Files.readAllBytes(rule));
            String version = String.valueOf(GenerateMojo.class.getPackage().getImplementationVersion());
            sha.update((job[0] + "|" + job[1] + "|" + packageName + "|" + lossy + "|" + inputProfile + "|" + version).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new MojoExecutionException("cannot fingerprint " + rule + ": " + e.getMessage(), e);
        }
    }

    private static Properties readState(Path file) {
        Properties p = new Properties();
        if (Files.exists(file)) {
            try (var in = Files.newInputStream(file)) {
                p.load(in);
            } catch (IOException e) {
                return new Properties();
            }
        }
        return p;
    }

    private void writeState(Path file, Properties state) throws MojoExecutionException {
        try {
            java.io.StringWriter w = new java.io.StringWriter();
            state.store(w, "ruleport generate: fingerprints of the outputs written");
            AtomicFiles.write(file, w.toString());
        } catch (IOException e) {
            throw new MojoExecutionException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
