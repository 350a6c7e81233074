package dev.ruleport.bench;

import dev.ruleport.compile.CompiledRule;
import dev.ruleport.interpret.Interpreter;
import dev.ruleport.interpret.InterpreterOptions;
import dev.ruleport.javagen.InMemoryCompiler;
import dev.ruleport.javagen.JavaGenOptions;
import dev.ruleport.javagen.MatcherGenerator;
import dev.ruleport.runtime.matcher.EventRuleSet;
import dev.ruleport.runtime.matcher.RuleMatcher;
import dev.ruleport.runtime.matcher.RunOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Generates and compiles (in memory, one javac task) the matchers of a rule set at setup time, beside their interpreters. */
final class Matchers {
    final List<CompiledRule> rules = new ArrayList<>();
    final List<RuleMatcher> generated = new ArrayList<>();
    final List<Interpreter> interpreted = new ArrayList<>();

    /** The generated rule set over the single-event rules, or null when there are none. */
    final EventRuleSet ruleSet;

    Matchers(List<CompiledRule> candidates) {
        MatcherGenerator generator = new MatcherGenerator(JavaGenOptions.defaults());
        List<MatcherGenerator.Result> results = generator.generateAll(candidates);
        List<com.palantir.javapoet.JavaFile> files = new ArrayList<>();
        for (MatcherGenerator.Result r : results) r.matcher().ifPresent(m -> files.add(m.javaFile()));
        Optional<com.palantir.javapoet.JavaFile> set = generator.ruleSet(results, "Rules");
        set.ifPresent(files::add);
        InMemoryCompiler.Compilation c = InMemoryCompiler.compileFiles(files);
        if (!c.success()) throw new IllegalStateException("generated matchers do not compile: " + c.errors());
        try {
            ruleSet = set.isEmpty() ? null
                    : (EventRuleSet) c.load(set.get().packageName() + "." + set.get().typeSpec().name()).getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        for (MatcherGenerator.Result r : results) {
            if (r.matcher().isEmpty()) continue;
            try {
                Class<?> cls = c.load(r.matcher().get().qualifiedName());
                RuleMatcher m = dev.ruleport.runtime.matcher.EventMatcher.class.isAssignableFrom(cls)
                        ? (RuleMatcher) cls.getConstructor().newInstance()
                        : (RuleMatcher) cls.getConstructor(RunOptions.class, Consumer.class).newInstance(RunOptions.defaults(), null);
                Interpreter i = Interpreter.compile(r.rule().query(),
                        InterpreterOptions.defaults().withCategoryField(r.rule().rule().categoryField()));
                rules.add(r.rule());
                generated.add(m);
                interpreted.add(i);
            } catch (ReflectiveOperationException | RuntimeException e) {
                // a rule the interpreter refuses is left out of both sides
            }
        }
    }
}
