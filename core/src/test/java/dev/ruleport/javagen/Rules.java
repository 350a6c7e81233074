package dev.ruleport.javagen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ruleport.backend.CompiledRule;
import dev.ruleport.compile.Frontend;
import dev.ruleport.testsupport.Shared;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Rules for the tests: the corpus, the seed, and rules written inline. */
final class Rules {
    private Rules() {}

    private static List<CompiledRule> corpus;

    /** The corpus rules, read once per test JVM. */
    static synchronized List<CompiledRule> corpus() throws IOException {
        if (corpus != null) return corpus;
        Path dir = Shared.require("corpus/detection-rules");
        List<CompiledRule> out = new ArrayList<>();
        for (Path f : Frontend.ruleFiles(List.of(dir))) {
            Frontend.Outcome o = Frontend.compile(f);
            assertEquals(Frontend.Status.OK, o.status(), () -> f + ": " + o.diagnostics());
            out.add(new CompiledRule(o.rule(), o.query()));
        }
        corpus = List.copyOf(out);
        return corpus;
    }

    static CompiledRule seed() {
        Path f = Shared.require("seed/credential_access_lsass_clone_creation_via_psscapturesnapshot.toml");
        Frontend.Outcome o = Frontend.compile(f);
        assertEquals(Frontend.Status.OK, o.status(), () -> o.diagnostics().toString());
        return new CompiledRule(o.rule(), o.query());
    }

    static CompiledRule file(String relativeToCorpus) {
        Path f = Shared.require("corpus/detection-rules/" + relativeToCorpus);
        Frontend.Outcome o = Frontend.compile(f);
        assertEquals(Frontend.Status.OK, o.status(), () -> o.diagnostics().toString());
        return new CompiledRule(o.rule(), o.query());
    }

    /** A rule from its query text; {@code query} goes into a TOML literal string ('''...'''). */
    static CompiledRule inline(String name, String query) {
        String toml = "[metadata]\ncreation_date = \"2024/01/01\"\nmaturity = \"production\"\nupdated_date = \"2024/01/01\"\n\n"
                + "[rule]\nauthor = [\"test\"]\ndescription = \"test\"\nlanguage = \"eql\"\nlicense = \"test\"\n"
                + "name = " + tomlBasic(name) + "\nrisk_score = 21\nrule_id = \"00000000-0000-0000-0000-" + String.format("%012x", Math.abs((long) name.hashCode()))
                + "\"\nseverity = \"low\"\ntype = \"eql\"\nquery = '''\n" + query + "\n'''\n";
        Frontend.Outcome o = Frontend.compileText(name + ".toml", toml);
        assertEquals(Frontend.Status.OK, o.status(), () -> o.diagnostics().toString());
        return new CompiledRule(o.rule(), o.query());
    }

    static String tomlBasic(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
