package dev.ruleport.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ruleport.Ruleport;
import dev.ruleport.UsageException;
import dev.ruleport.compile.CompiledRule;
import dev.ruleport.lower.LossMode;
import dev.ruleport.mapping.MappingProfile;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Target-independent questions get one answer from every backend, because the lowering stage answers them once.
 * Each case was answered differently by KQL, SPL and Sigma before the stage existed.
 */
class SharedDecisionsTest {
    static CompiledRule rule(String query) { return dev.ruleport.testsupport.TestRules.rule(query); }

    static Translation translate(String target, String profile, String query) {
        return Backends.byName(target).orElseThrow().translate(rule(query),
                TranslateOptions.of(MappingProfile.load(profile)).withMode(LossMode.EXACT));
    }

    /** The output without the copy of the original rule a Sigma document keeps under {@code elastic:}. */
    static String body(Translation t) {
        int i = t.text().indexOf("\nelastic:");
        return i < 0 ? t.text() : t.text().substring(0, i);
    }

    /** A basename value holding the path separator can never match: the alternative is folded away, exactly. */
    @ParameterizedTest
    @CsvSource({"kql, kql-sentinel-securityevent", "spl, splunk-windows", "sigma, sigma-windows"})
    void unmatchableAlternativeUnderABasenameMapping(String target, String profile) {
        Translation t = translate(target, profile, "process where host.os.type == \"windows\" and event.code == \"4688\""
                + " and process.name in (\"cmd.exe\", \"tools\\\\evil.exe\")");
        assertEquals(Translation.Status.EXACT, t.status(), t.diagnostics().toString());
        assertTrue(body(t).contains("cmd.exe"), t.text());
        assertTrue(!body(t).contains("evil"), t.text());
    }

    /** A multi-valued join key: EQL joins on each value; every backend keeps that meaning. */
    @ParameterizedTest
    @CsvSource({"kql, kql-ecs, mv-expand __k1 = set_union(['host.ip'], dynamic([]))", "spl, splunk-ecs, | mvexpand rp_k1",
            "sigma, ecs, A group-by field can hold several values"})
    void multiValuedJoinKey(String target, String profile, String evidence) {
        Translation t = translate(target, profile, "sequence by host.ip with maxspan=1m [process where process.name == \"a\"]"
                + " [network where destination.port == 443]");
        assertEquals(Translation.Status.EXACT, t.status(), t.diagnostics().toString());
        assertTrue(t.text().contains(evidence), t.text());
    }

    /** An ordering against null is never true: folded away, and the rest translates exactly everywhere. */
    @ParameterizedTest
    @CsvSource({"kql, kql-ecs", "spl, splunk-ecs", "sigma, ecs"})
    void orderingAgainstNullIsFolded(String target, String profile) {
        Translation t = translate(target, profile, "process where process.pid > null or process.name == \"a\"");
        assertEquals(Translation.Status.EXACT, t.status(), t.diagnostics().toString());
        assertTrue(!body(t).contains("pid"), t.text());
    }

    /** A profile for another target is a usage error naming the profiles that fit, never an internal error. */
    @Test
    void profileForAnotherTargetIsAUsageError() {
        UsageException e = assertThrows(UsageException.class, () -> Ruleport.builder().profile("kql", "splunk-sysmon").build());
        assertEquals("profile splunk-sysmon is for target spl, not kql; profiles for kql: kql-ecs, kql-sentinel-securityevent,"
                + " kql-defender-xdr, kql-sentinel-sysmon", e.getMessage());
        for (String[] wrong : List.of(new String[] {"spl", "kql-ecs"}, new String[] {"sigma", "splunk-ecs"},
                new String[] {"java", "sigma-windows"}, new String[] {"eql", "kql-ecs"})) {
            UsageException x = assertThrows(UsageException.class, () -> Ruleport.builder().profile(wrong[0], wrong[1]).build());
            assertTrue(x.getMessage().startsWith("profile " + wrong[1] + " is for target "), x.getMessage());
        }
    }
}
