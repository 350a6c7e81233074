package dev.ruleport.javagen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.palantir.javapoet.JavaFile;
import dev.ruleport.compile.CompiledRule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Every corpus rule's generated class (default options, names allocated in corpus order) and a rule
 * set over the single-event ones, compiled in one javac task once per test JVM: javac is the costliest
 * part of the tests that run generated matchers, and several of them need the same classes.
 */
final class CorpusClasses {
    /** The name of the corpus rule set class. */
    static final String RULE_SET = "CorpusRules";

    final List<CompiledRule> rules;
    final List<MatcherGenerator.Result> results;
    final JavaFile ruleSet;
    final InMemoryCompiler.Compilation compilation;

    private static CorpusClasses shared;

    private CorpusClasses(List<CompiledRule> rules) {
        this.rules = rules;
        MatcherGenerator generator = new MatcherGenerator(JavaGenOptions.defaults());
        this.results = generator.generateAll(rules);
        List<JavaFile> files = new ArrayList<>();
        for (MatcherGenerator.Result r : results) r.matcher().ifPresent(m -> files.add(m.javaFile()));
        this.ruleSet = generator.ruleSet(results, RULE_SET).orElseThrow();
        files.add(ruleSet);
        this.compilation = InMemoryCompiler.compileFiles(files);
        assertEquals(List.of(), compilation.errors());
    }

    /** The corpus, compiled on first use. */
    static synchronized CorpusClasses get() {
        if (shared == null) {
            try {
                shared = new CorpusClasses(Rules.corpus());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return shared;
    }

    /** The loaded class of the rule at {@code index} (of {@link #rules}). */
    Class<?> ruleClass(int index) {
        return compilation.load(results.get(index).matcher().orElseThrow().qualifiedName());
    }

    Class<?> ruleSetClass() {
        return compilation.load(ruleSet.packageName() + "." + ruleSet.typeSpec().name());
    }
}
