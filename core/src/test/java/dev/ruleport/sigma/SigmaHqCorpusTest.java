package dev.ruleport.sigma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ruleport.backend.Backend;
import dev.ruleport.backend.Backends;
import dev.ruleport.compile.CompiledRule;
import dev.ruleport.backend.TranslateOptions;
import dev.ruleport.backend.Translation;
import dev.ruleport.diag.Diagnostic;
import dev.ruleport.mapping.MappingProfile;
import dev.ruleport.testsupport.KustoValidator;
import dev.ruleport.testsupport.SigmaHqCorpus;
import dev.ruleport.testsupport.SplSyntaxChecker;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * SigmaHQ's rules ({@code ../shared/corpus/sigmahq}) as input: every rule reads, or is listed with the reason it is
 * refused in {@value #REFUSED} (the list only shrinks: a rule that starts to read must leave it, a new refusal
 * fails). The read rate and the refusal reasons are printed; the Windows {@code process_creation} rules are
 * translated to EQL, to {@code kql-defender-xdr} and to {@code splunk-sysmon}, with their exact rates printed, every
 * exact SPL checked for syntax and every exact KQL bound in Microsoft's parser.
 */
class SigmaHqCorpusTest {
    static final String REFUSED = "/sigma/sigmahq-refused.txt";

    @Test
    void everyRuleReadsOrIsListedWithItsReason() throws IOException {
        List<String> refused = new ArrayList<>();
        Map<String, Integer> reasons = new TreeMap<>();
        int total = 0;
        for (SigmaHqCorpus.Entry e : SigmaHqCorpus.entries()) {
            total++;
            if (e.read()) continue;
            Diagnostic first = e.outcome().diagnostics().stream().filter(Diagnostic::isError).findFirst().orElseThrow();
            refused.add(e.name() + "\t" + first.message());
            reasons.merge(reason(first.message()), 1, Integer::sum);
        }
        int read = total - refused.size();
        System.out.printf("%n[sigmahq] %d rules, %d read (%.1f %%), %d refused%n", total, read, 100.0 * read / total, refused.size());
        reasons.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue())
                .forEach(r -> System.out.printf("    %4d  %s%n", r.getValue(), r.getKey()));
        assertEquals(2513, total, "the corpus has 2,513 rules");
        assertEquals(SigmaHqCorpus.refusedList(), refused, "refused rules differ from " + REFUSED + " (the list only shrinks: remove the rules "
                + "that now read; a new refusal is a regression)");
        assertTrue(read * 1000 >= total * 971, "read " + read + " of " + total);
    }

    /** A refusal message with its particulars removed, for the tally. */
    static String reason(String message) {
        String r = message.replaceAll("(?<=\\s)'[^']*'", "…");
        if (r.startsWith("no input profile reads log source")) return r.replaceAll(" \\(built-in.*", "");
        r = r.replaceAll("^field [^:]+: [^ ]+ has", "field F: F has");
        int colon = r.indexOf(": ", 60);
        return colon > 0 ? r.substring(0, colon) : r;
    }

    @Test
    void windowsProcessCreationRulesTranslate() {
        List<CompiledRule> rules = new ArrayList<>();
        int files = 0;
        for (SigmaHqCorpus.Entry e : SigmaHqCorpus.entries()) {
            if (!e.name().startsWith("rules/windows/process_creation/")) continue;
            files++;
            if (e.read()) rules.add(new CompiledRule(e.outcome().rule(), e.outcome().query()));
        }
        int eql = exact(rules, "eql", "ecs", null, false);
        List<String> xdr = new ArrayList<>();
        int defender = exact(rules, "kql", "kql-defender-xdr", xdr, true);
        List<String> sysmon = new ArrayList<>();
        int splunk = exact(rules, "spl", "splunk-sysmon", sysmon, true);
        System.out.printf("%n[sigmahq process_creation] %d rules, %d read; exact: EQL (ECS) %d (%.1f %%); exact or equivalent:"
                        + " kql-defender-xdr %d (%.1f %%), splunk-sysmon %d (%.1f %%)%n", files, rules.size(), eql,
                100.0 * eql / files, defender, 100.0 * defender / files, splunk, 100.0 * splunk / files);
        // issue 17: at least 90 % exact to EQL, 70 % exact or equivalent on Defender XDR, 80 % on Sysmon
        assertTrue(eql * 10 >= files * 9, "EQL exact " + eql + " of " + files);
        assertTrue(defender * 10 >= files * 7, "kql-defender-xdr exact or equivalent " + defender + " of " + files);
        assertTrue(splunk >= 950, "splunk-sysmon exact or equivalent " + splunk);
        SplSyntaxChecker checker = SplSyntaxChecker.shared();
        for (String spl : sysmon) assertEquals(List.of(), checker.errors(spl), spl);
        if (!xdr.isEmpty()) {
            KustoValidator kusto = KustoValidator.shared();
            for (String kql : xdr) assertEquals(List.of(), kusto.errors(kql, KustoValidator.Schema.DEFENDER_XDR), kql);
        }
    }

    /** How many rules translate exactly (or equivalently, when asked); their texts go to {@code texts} when given. */
    private static int exact(List<CompiledRule> rules, String target, String profile, List<String> texts, boolean equivalentToo) {
        Backend backend = Backends.byName(target).orElseThrow();
        TranslateOptions options = TranslateOptions.of(MappingProfile.load(profile));
        int n = 0;
        for (CompiledRule r : rules) {
            Translation t = backend.translate(r, options);
            if (t.status() != Translation.Status.EXACT && !(equivalentToo && t.status() == Translation.Status.EQUIVALENT)) continue;
            n++;
            if (texts != null) texts.add(t.text());
        }
        return n;
    }
}
