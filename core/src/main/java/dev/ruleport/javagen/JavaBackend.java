package dev.ruleport.javagen;

import com.palantir.javapoet.JavaFile;
import dev.ruleport.backend.Backend;
import dev.ruleport.backend.CompiledRule;
import dev.ruleport.backend.Refusals;
import dev.ruleport.backend.TranslateOptions;
import dev.ruleport.backend.Translation;
import dev.ruleport.diag.Diagnostic;
import java.util.List;
import javax.lang.model.SourceVersion;

/**
 * The {@code java} target: a matcher class per rule (see {@link MatcherGenerator}). Matchers run on
 * ECS JSON events, so the only profile is {@code ecs} and fields keep their ECS names. Settings:
 * {@code package} (default {@value JavaGenOptions#DEFAULT_PACKAGE}). Nothing the interpreter can run is
 * refused; invalid regexes or CIDR blocks, which the interpreter rejects too, are. Immutable and
 * thread-safe.
 */
public final class JavaBackend implements Backend {
    public static final String TARGET = "java";
    public static final String PROFILE = "ecs";

    @Override
    public String target() { return TARGET; }

    @Override
    public String defaultProfile() { return PROFILE; }

    @Override
    public Translation translate(CompiledRule rule, TranslateOptions options) {
        Refusals refusals = new Refusals(rule.rule(), MatcherGenerator.CODE, false);
        String profile = options.profile() == null ? PROFILE : options.profile().name();
        if (!PROFILE.equals(profile)) {
            refusals.fatal(null, "the java target matches ECS events and has only the profile `ecs`, not `" + profile + "`");
        }
        String pkg = options.setting("package", JavaGenOptions.DEFAULT_PACKAGE);
        if (!pkg.isEmpty() && !SourceVersion.isName(pkg)) {
            refusals.fatal(null, "setting package=" + pkg + " is not a valid Java package name");
        }
        if (refusals.refused()) return refusals.finish(TARGET, profile, null, null);
        MatcherGenerator.Result result = new MatcherGenerator(JavaGenOptions.defaults().withPackage(pkg)).generate(rule);
        for (Diagnostic d : result.diagnostics()) refusals.diagnostics().add(d);
        if (result.matcher().isEmpty()) return refusals.finish(TARGET, profile, null, null);
        GeneratedMatcher m = result.matcher().get();
        return refusals.finish(TARGET, profile, m.source(), m.fileName());
    }

    /** The Java files for a batch of rules, class names unique within the batch (library use). */
    public List<JavaFile> javaFiles(List<CompiledRule> rules, String packageName) {
        return new MatcherGenerator(JavaGenOptions.defaults().withPackage(packageName)).javaFiles(rules);
    }

    /** The full outcome per rule for a batch, with the reasons for each refusal. */
    public List<MatcherGenerator.Result> generateAll(List<CompiledRule> rules, JavaGenOptions options) {
        return new MatcherGenerator(options).generateAll(rules);
    }
}
