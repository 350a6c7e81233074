package dev.ruleport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19 items 1 and 2: rule files whose names differ only in separators, case or accents, and rules with the same
 * name, each keep their own output in every backend, and the rule set holds every rule.
 */
class OutputNamesCliTest {
    private static final List<String> STEMS = List.of("a b", "a_b", "a-b", "A_B", "a.b", "\u00e9", "\u00e8");

    private static String rule(int i, String name) {
        return """
                [metadata]
                creation_date = "2024/01/01"
                maturity = "production"
                updated_date = "2024/01/01"

                [rule]
                author = ["t"]
                description = "t"
                language = "eql"
                license = "Elastic License v2"
                name = "%s"
                risk_score = 21
                rule_id = "00000000-0000-0000-0000-0000000000%02d"
                severity = "low"
                type = "eql"
                query = '''
                process where process.name : "x%d.exe"
                '''
                """.formatted(name, i, i);
    }

    private static List<Path> files(Path dir, String ext) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> Files.isRegularFile(p) && p.toString().endsWith(ext)).sorted().toList();
        }
    }

    @Test
    void everyRuleKeepsItsOwnOutputInEveryBackend(@TempDir Path tmp) throws IOException {
        Path in = Files.createDirectories(tmp.resolve("in"));
        for (int i = 0; i < STEMS.size(); i++) {
            // two rules named alike but for a separator: one Java class name each
            String name = i == 0 ? "Foo-Bar" : i == 2 ? "Foo Bar" : "Rule " + i;
            Files.writeString(in.resolve(STEMS.get(i) + ".toml"), rule(i + 1, name));
        }
        Path out = tmp.resolve("out");
        CliTest.Run r = CliTest.run("convert", "--to", "sigma,kql,spl,java", "--out", out.toString(), in.toString());
        assertEquals(0, r.exit(), r.err());
        for (String[] t : new String[][] {{"sigma", ".yml"}, {"kql", ".kql"}, {"spl", ".spl"}, {"java", ".java"}}) {
            List<Path> written = files(out.resolve(t[0]), t[1]);
            int expected = t[0].equals("java") ? STEMS.size() + 1 : STEMS.size(); // the rule classes and RuleSet
            assertEquals(expected, written.size(), t[0] + ": " + written + "\n" + r.err());
            // names that differ only in case would share one file on a case-insensitive file system
            assertEquals(expected, written.stream().map(p -> p.toString().toLowerCase(Locale.ROOT)).distinct().count(), written.toString());
            // each rule's own pattern is in exactly one output
            for (int i = 1; i <= STEMS.size(); i++) {
                String needle = "x" + i;
                long holding = written.stream().filter(p -> !p.getFileName().toString().equals("RuleSet.java"))
                        .filter(p -> read(p).contains(needle)).count();
                assertEquals(1, holding, t[0] + ": rule " + i + " in " + holding + " outputs");
            }
        }
        String ruleSet = read(files(out.resolve("java"), "RuleSet.java").get(0));
        for (Path p : files(out.resolve("java"), ".java")) {
            String cls = p.getFileName().toString().replace(".java", "");
            if (!cls.equals("RuleSet")) assertTrue(ruleSet.contains(cls), cls + " missing from RuleSet");
        }
        assertTrue(r.err().contains("is taken by an earlier rule; written as "), r.err());
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
