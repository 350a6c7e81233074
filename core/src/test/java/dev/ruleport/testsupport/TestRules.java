package dev.ruleport.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ruleport.compile.CompiledRule;
import dev.ruleport.compile.Frontend;

/** Minimal rules written inline for tests: {@code t.toml} with the query starting on line 11, column 1. */
public final class TestRules {
    private TestRules() {}

    public static CompiledRule rule(String query) {
        String toml = "[rule]\nname = \"t\"\nrule_id = \"r1\"\nseverity = \"low\"\nrisk_score = 1\ntype = \"eql\"\n"
                + "language = \"eql\"\nindex = [\"logs-*\"]\ndescription = \"d\"\nquery = '''\n" + query + "\n'''\n";
        Frontend.Outcome o = Frontend.compileText("t.toml", toml);
        assertEquals(Frontend.Status.OK, o.status(), o.diagnostics().toString());
        return new CompiledRule(o.rule(), o.query());
    }
}
