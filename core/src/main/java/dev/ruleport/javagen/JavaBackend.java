package dev.ruleport.javagen;

import com.palantir.javapoet.JavaFile;
import dev.ruleport.backend.Backend;
import dev.ruleport.compile.CompiledRule;
import dev.ruleport.diag.Severity;
import dev.ruleport.lower.Reason;
import java.util.Map;
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
    public String extension() { return "java"; }

    /** Matchers read ECS events: only the identity profile. */
    @Override
    public boolean accepts(dev.ruleport.lower.ProfileReverse profile) { return PROFILE.equals(profile.profileName()); }

    @Override
    public Map<String, String> settings() {
        return Map.of("package", "Java package of the generated classes (default " + JavaGenOptions.DEFAULT_PACKAGE + ")",
                "rule-set", "class name of the rule set deciding all single-event rules at once (default RuleSet; empty: none)");
    }

    @Override
    public Translation translate(CompiledRule rule, TranslateOptions options) {
        return translate(rule, options, ClassNames.baseName(rule.rule().name(), rule.rule().ruleId()));
    }

    /** The same, under a given simple class name (a batch allocates names unique across its rules). */
    public Translation translate(CompiledRule rule, TranslateOptions options, String className) {
        String profile = options.profileName() == null ? PROFILE : options.profileName();
        String pkg = options.setting("package", JavaGenOptions.DEFAULT_PACKAGE);
        if (!pkg.isEmpty() && !SourceVersion.isName(pkg)) {
            return Translation.refused(TARGET, profile, List.of(Diagnostic.at(Severity.ERROR, rule.rule().querySource(),
                    null, Reason.SETTING.code(), TARGET + "/" + profile + " " + Reason.SETTING.tag("setting package=" + pkg
                            + " is not a valid Java package name"))));
        }
        MatcherGenerator.Result result = new MatcherGenerator(JavaGenOptions.defaults().withPackage(pkg)).generate(rule, className);
        if (result.matcher().isEmpty()) return Translation.refused(TARGET, profile, result.diagnostics());
        GeneratedMatcher m = result.matcher().get();
        return new Translation(TARGET, profile, Translation.Status.EXACT, m.source(), m.fileName(), result.diagnostics(),
                List.of(), List.of());
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
