package dev.ruleport.spl;

import dev.ruleport.lower.LossMode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ruleport.compile.CompiledRule;
import dev.ruleport.backend.TranslateOptions;
import dev.ruleport.backend.Translation;
import dev.ruleport.diag.Diagnostic;
import dev.ruleport.mapping.MappingProfile;
import dev.ruleport.testsupport.SplSyntaxChecker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The whole EQL corpus through the SPL backend, per profile: syntax of every query, and the coverage table. */
class SplCorpusTest {

    @ParameterizedTest
    @ValueSource(strings = {"splunk-ecs", "splunk-windows", "splunk-sysmon", "splunk-cim"})
    void everyEmittedQueryPassesTheSyntaxCheck(String profile) {
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (boolean lossy : new boolean[] {false, true}) {
            List<Translation> ts = SplCorpus.translations(profile, lossy);
            for (int i = 0; i < ts.size(); i++) {
                Translation t = ts.get(i);
                if (!t.ok()) continue;
                checked++;
                List<SplSyntaxChecker.Finding> f = SplSyntaxChecker.shared().check(t.text());
                if (!f.isEmpty()) failures.add(t.fileName() + ": " + SplSyntaxChecker.describe(t.text(), f));
            }
        }
        System.out.println("[spl syntax] " + profile + ": " + checked + " queries checked (exact and lossy runs), "
                + failures.size() + " with findings");
        assertTrue(checked > 0, "nothing was translated under " + profile);
        assertEquals(List.of(), failures);
    }

    @Test
    void savedsearchesStanzasCarryACheckedSearch() {
        SplBackend b = new SplBackend();
        TranslateOptions opts = new TranslateOptions(MappingProfile.load("splunk-ecs"), LossMode.EXACT, Map.of("format", "savedsearches"));
        int n = 0;
        List<String> failures = new ArrayList<>();
        for (CompiledRule r : SplCorpus.rules()) {
            Translation t = b.translate(r, opts);
            if (!t.ok()) continue;
            n++;
            String search = SavedSearchesTest.value(t.text(), "search");
            List<SplSyntaxChecker.Finding> f = SplSyntaxChecker.shared().check(search);
            if (!f.isEmpty()) failures.add(t.fileName() + ": " + SplSyntaxChecker.describe(search, f));
            if (!t.text().startsWith("[") || !t.fileName().endsWith(".conf")) failures.add(t.fileName() + ": not a stanza");
        }
        assertTrue(n > 700, "stanzas: " + n);
        assertEquals(List.of(), failures);
    }

    @Test
    void coverageTablePerProfile() {
        StringBuilder table = new StringBuilder("\n[spl coverage] profile | rules | exact | lossy (with --lossy) | refused\n");
        Map<String, Integer> exactByProfile = new TreeMap<>();
        int total = SplCorpus.rules().size();
        for (String profile : SplCorpus.PROFILES) {
            List<Translation> exact = SplCorpus.translations(profile, false);
            List<Translation> lossy = SplCorpus.translations(profile, true);
            int ex = 0, lo = 0, re = 0;
            Map<String, Integer> reasons = new TreeMap<>();
            for (int i = 0; i < total; i++) {
                if (exact.get(i).ok()) { ex++; continue; }
                if (lossy.get(i).ok()) lo++;
                else re++;
                for (Diagnostic d : exact.get(i).diagnostics()) {
                    if (d.isError()) reasons.merge(reason(d.message()), 1, Integer::sum);
                }
            }
            exactByProfile.put(profile, ex);
            table.append(String.format("%-15s | %5d | %5d (%.1f%%) | %5d | %5d%n", profile, total, ex, 100.0 * ex / total, lo, re));
            reasons.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(12)
                    .forEach(e -> table.append(String.format("      %4d  %s%n", e.getValue(), e.getKey())));
        }
        System.out.println(table);
        assertEquals(total, SplCorpus.translations("splunk-ecs", false).size());
        double ecs = (double) exactByProfile.get("splunk-ecs") / total;
        assertTrue(ecs >= 0.90, "splunk-ecs exact coverage " + ecs);
        assertTrue(exactByProfile.get("splunk-windows") > 0, "no rule is exact under splunk-windows");
    }

    /** A refusal message reduced to its kind: quoted values and field names removed. */
    static String reason(String m) {
        String r = m.replaceAll("\"[^\"]*\"", "\"…\"").replaceAll("\\(facts: .*\\)", "(facts …)")
                .replaceAll("^[\\w.@?]+ (maps to|has no equivalent|would map)", "<field> $1")
                .replaceAll("no mapping for [\\w.@]+", "no mapping for <field>")
                .replaceAll("join key [\\w.@]+ is multi-valued \\([^)]*\\)", "join key is multi-valued");
        return r.length() > 120 ? r.substring(0, 120) + "…" : r;
    }
}
