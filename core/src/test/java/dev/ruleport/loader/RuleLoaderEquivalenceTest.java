package dev.ruleport.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ruleport.testsupport.Shared;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The TOML reader replaced tomlj in {@link RuleLoader}: every corpus rule must load into the same
 * {@link Rule} as through tomlj ({@link TomljRuleLoader}, the loader as it was), field by field, maps
 * in the same key order.
 */
class RuleLoaderEquivalenceTest {

    @Test
    void everyCorpusRuleLoadsAsItDidThroughTomlj() throws Exception {
        List<Path> files = new ArrayList<>();
        for (String corpus : List.of("corpus/detection-rules", "corpus/detection-rules-kuery")) {
            try (Stream<Path> s = Files.walk(Shared.require(corpus))) {
                s.filter(p -> p.toString().endsWith(".toml")).sorted().forEach(files::add);
            }
        }
        assertEquals(819 + 583, files.size(), "corpus files");
        List<String> differences = new ArrayList<>();
        for (Path file : files) differences.addAll(compare(file));
        assertEquals(List.of(), differences);
    }

    @Test
    void seedRuleLoadsAsItDidThroughTomlj() throws IOException {
        assertEquals(List.of(), compare(Shared.require("seed/credential_access_lsass_clone_creation_via_psscapturesnapshot.toml")));
    }

    private static List<String> compare(Path file) throws IOException {
        TomljRuleLoader.Result old = TomljRuleLoader.load(file);
        RuleLoader.Result now = RuleLoader.load(file);
        assertTrue(old.rule() != null && old.diagnostics().isEmpty(), file + " through tomlj: " + old.diagnostics());
        assertTrue(now.rule() != null && now.diagnostics().isEmpty(), file + ": " + now.diagnostics());
        List<String> out = new ArrayList<>();
        for (RecordComponent c : Rule.class.getRecordComponents()) {
            Object a = value(c, old.rule());
            Object b = value(c, now.rule());
            // toString shows map keys in order, which equals() ignores
            if (!a.equals(b) && !(a == null && b == null) || !String.valueOf(a).equals(String.valueOf(b))) {
                out.add(file + ": " + c.getName() + " differs: " + a + " vs " + b);
            }
        }
        if (!old.rule().equals(now.rule())) out.add(file + ": records differ");
        return out;
    }

    private static Object value(RecordComponent c, Rule r) {
        try {
            Object v = c.getAccessor().invoke(r);
            return v == null ? "null" : v;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
