package dev.ruleport.javagen;

import dev.ruleport.testsupport.Goldens;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ruleport.compile.CompiledRule;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The generated source of the seed rule and of a sequence rule, as golden files. */
class GoldenMatcherTest {
    private final MatcherGenerator generator = new MatcherGenerator(JavaGenOptions.defaults());

    @Test
    void seedRuleClass() throws IOException {
        MatcherGenerator.Result r = generator.generate(Rules.seed());
        assertTrue(r.ok(), r.diagnostics()::toString);
        Goldens.check("java", r.matcher().get().className().simpleName() + ".java", r.matcher().get().source());
    }

    @Test
    void sequenceRuleClass() throws IOException {
        CompiledRule rule = Rules.file("rules/windows/defense_evasion_rundll32_no_arguments.toml");
        MatcherGenerator.Result r = generator.generate(rule);
        assertTrue(r.ok(), r.diagnostics()::toString);
        Goldens.check("java", r.matcher().get().className().simpleName() + ".java", r.matcher().get().source());
    }

    @Test
    void goldenSourcesCompile() {
        List<com.palantir.javapoet.JavaFile> files = List.of(
                generator.generate(Rules.seed()).matcher().get().javaFile());
        InMemoryCompiler.Compilation c = InMemoryCompiler.compileFiles(files);
        assertTrue(c.success(), c.errors()::toString);
        assertTrue(c.warnings().isEmpty(), c.warnings()::toString);
    }
}
