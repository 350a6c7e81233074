package dev.ruleport.javagen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.OnePassJavaFile;
import dev.ruleport.compile.CompiledRule;
import dev.ruleport.diag.Diagnostic;
import dev.ruleport.diag.Severity;
import dev.ruleport.ir.EventQuery;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Generates Java matcher classes from compiled rules: one class per rule, depending only on the
 * {@code ruleport-runtime} module. Single-event rules implement
 * {@link dev.ruleport.runtime.matcher.EventMatcher}; sequences extend
 * {@link dev.ruleport.runtime.matcher.SequenceRuleMatcher} and samples
 * {@link dev.ruleport.runtime.matcher.SampleRuleMatcher}. Immutable and thread-safe.
 */
public final class MatcherGenerator {
    /** The diagnostic code of a refusal. */
    public static final String CODE = "JAVA";

    /** The outcome for one rule: the matcher, or the reasons it was refused. */
    public record Result(CompiledRule rule, Optional<GeneratedMatcher> matcher, List<Diagnostic> diagnostics) {
        public Result {
            diagnostics = List.copyOf(diagnostics);
        }

        public boolean ok() { return matcher.isPresent(); }
    }

    private final JavaGenOptions options;

    public MatcherGenerator(JavaGenOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    public JavaGenOptions options() { return options; }

    /** One rule, its class named from the rule alone ({@link ClassNames#baseName}). */
    public Result generate(CompiledRule rule) {
        return generate(rule, ClassNames.baseName(rule.rule().name(), rule.rule().ruleId()));
    }

    /** One rule under a given simple class name. */
    public Result generate(CompiledRule rule, String className) {
        RuleClassWriter writer = new RuleClassWriter(rule.rule(), rule.query(), className, options);
        Optional<OnePassJavaFile> file = writer.write();
        List<Diagnostic> diags = new ArrayList<>();
        for (RuleClassWriter.Problem p : writer.problems()) {
            diags.add(Diagnostic.at(Severity.ERROR, rule.rule().querySource(), p.span(), CODE, p.message()));
        }
        if (file.isEmpty()) return new Result(rule, Optional.empty(), diags);
        return new Result(rule, Optional.of(new GeneratedMatcher(rule.rule(), ClassName.get(options.packageName(), className),
                file.get())), diags);
    }

    /** A batch: class names unique within it (ignoring case), assigned in the given order. */
    public List<Result> generateAll(List<CompiledRule> rules) {
        ClassNames names = new ClassNames();
        List<Result> out = new ArrayList<>(rules.size());
        for (CompiledRule r : rules) out.add(generate(r, names.allocate(r.rule().name(), r.rule().ruleId())));
        return out;
    }

    /**
     * A rule set over the single-event rules of a batch ({@link #generateAll}), in package
     * {@link JavaGenOptions#packageName()} beside their classes: one call decides all of them for an event
     * (see {@link dev.ruleport.runtime.matcher.EventRuleSet}). Its simple name is {@code className}, or
     * that name with a number when a rule class already has it. Empty when the batch has no single-event
     * rule.
     */
    public Optional<JavaFile> ruleSet(List<Result> batch, String className) {
        List<CompiledRule> rules = new ArrayList<>();
        List<String> classNames = new ArrayList<>();
        for (Result r : batch) {
            if (r.matcher().isEmpty()) continue;
            rules.add(r.rule());
            classNames.add(r.matcher().get().className().simpleName());
        }
        return ruleSet(rules, classNames, className);
    }

    /**
     * As {@link #ruleSet(List, String)}, for rules whose classes (in this generator's package) were
     * written separately: {@code classNames.get(i)} is the simple name of {@code rules.get(i)}'s class.
     * Sequences and samples among them are left out of the set.
     */
    public Optional<JavaFile> ruleSet(List<CompiledRule> rules, List<String> classNames, String className) {
        if (rules.size() != classNames.size()) throw new IllegalArgumentException("one class name per rule");
        if (!ClassNames.isSimpleName(className)) throw new IllegalArgumentException("not a valid Java class name: " + className);
        List<RuleSetWriter.Member> members = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        for (int i = 0; i < rules.size(); i++) {
            CompiledRule r = rules.get(i);
            taken.add(classNames.get(i).toLowerCase(Locale.ROOT));
            if (!(r.query() instanceof EventQuery q)) continue;
            String field = options.categoryField() != null ? options.categoryField() : r.rule().categoryField();
            members.add(new RuleSetWriter.Member(ClassName.get(options.packageName(), classNames.get(i)), field,
                    q.filter().category().isAny() ? null : q.filter().category().name()));
        }
        if (members.isEmpty()) return Optional.empty();
        String name = className;
        for (int i = 2; taken.contains(name.toLowerCase(Locale.ROOT)); i++) name = className + i;
        return Optional.of(RuleSetWriter.write(options.packageName(), name, members));
    }

    /** The Java files of a batch; refused rules are left out (see {@link #generateAll} for their reasons). */
    public List<JavaFile> javaFiles(List<CompiledRule> rules) {
        List<JavaFile> files = new ArrayList<>();
        for (Result r : generateAll(rules)) r.matcher().ifPresent(m -> files.add(m.javaFile()));
        return files;
    }
}
