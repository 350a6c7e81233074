package dev.ruleport.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ruleport.Ruleport;
import dev.ruleport.compile.CompiledRule;
import dev.ruleport.compile.Frontend;
import dev.ruleport.diag.Diagnostic;
import dev.ruleport.lower.LossMode;
import dev.ruleport.testsupport.Shared;
import dev.ruleport.testsupport.TestRules;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Lossy translations that still detect: each defect found in lossy outputs (queries that can never fire, queries
 * that fire on everything, silent emptiness) as a test, through the facade as {@code convert --lossy} runs it.
 */
class LossyTranslationsTest {
    static Translation lossy(String target, String profile, CompiledRule rule, LossMode mode) {
        return Ruleport.builder().profile(target, profile).lossMode(mode).build().translate(rule, target);
    }

    static CompiledRule corpus(String relative) {
        Frontend.Outcome o = Frontend.compile(Shared.require("corpus/detection-rules/" + relative));
        return new CompiledRule(o.rule(), o.query());
    }

    static String errors(Translation t) {
        StringBuilder sb = new StringBuilder();
        for (Diagnostic d : t.diagnostics()) sb.append(d.headline()).append('\n');
        return sb.toString();
    }

    /** Two argument tests were two equalities with one command line (never true): now two substring tests. */
    @Test
    void argumentTestsBecomeCommandLineSubstringTestsNotEqualities() {
        CompiledRule r = TestRules.rule("process where host.os.type == \"windows\" and event.type == \"start\" and"
                + " process.args : \"-DownloadFile\" and process.args : \"-url\"");
        // Defender XDR splits Windows command lines back into argv, and Linux ones at spaces (equivalent); a rule
        // for every OS has no one split
        CompiledRule linux = TestRules.rule("process where host.os.type == \"linux\" and event.type == \"start\" and"
                + " process.args : \"-DownloadFile\" and process.args : \"-url\"");
        CompiledRule anyOs = TestRules.rule("process where event.type == \"start\" and"
                + " process.args : \"-DownloadFile\" and process.args : \"-url\"");
        assertEquals(Translation.Status.EQUIVALENT, lossy("kql", "kql-defender-xdr", r, LossMode.BROADER).status());
        assertEquals(Translation.Status.EQUIVALENT, lossy("kql", "kql-defender-xdr", linux, LossMode.BROADER).status());
        Translation kql = lossy("kql", "kql-defender-xdr", anyOs, LossMode.BROADER);
        assertEquals(Translation.Status.LOSSY, kql.status(), errors(kql));
        assertTrue(kql.text().endsWith("| where ProcessCommandLine contains \"-DownloadFile\" and ProcessCommandLine contains \"-url\"\n"),
                kql.text());
        // so do the Splunk profiles' Windows sources and CIM's Linux process launches (in eval); CIM's process
        // launches of every OS are not split
        assertEquals(Translation.Status.EQUIVALENT, lossy("spl", "splunk-sysmon", r, LossMode.BROADER).status());
        assertEquals(Translation.Status.EQUIVALENT, lossy("spl", "splunk-cim", linux, LossMode.BROADER).status());
        Translation spl = lossy("spl", "splunk-cim", anyOs, LossMode.BROADER);
        assertTrue(spl.text().contains("Processes.process=\"*-DownloadFile*\" Processes.process=\"*-url*\""), spl.text());
        Translation sigma = lossy("sigma", "sigma-windows", r, LossMode.BROADER);
        assertTrue(sigma.text().contains("CommandLine|contains:"), sigma.text());
        for (Translation t : new Translation[] {kql, spl, sigma}) {
            assertTrue(t.text().contains("broader [inexact-field]"), t.text());
            assertTrue(t.text().matches("(?s).*measured: lossy \\(broader\\): ([1-9][0-9]*)/\\1 positives match.*"), t.text());
        }
        // under not, the substring test would be narrower: left out with --lossy, kept (and said) with --lossy=any
        CompiledRule negated = TestRules.rule("process where event.type == \"start\" and"
                + " process.args : \"-url\" and not process.args : \"-quiet\"");
        assertFalse(lossy("kql", "kql-defender-xdr", negated, LossMode.BROADER).text().contains("-quiet\")"));
        Translation any = lossy("kql", "kql-defender-xdr", negated, LossMode.ANY);
        assertTrue(any.text().contains("not(ProcessCommandLine contains \"-quiet\")"), any.text());
        assertTrue(any.text().contains("narrower [inexact-field]"), any.text());
    }

    /** A dropped predicate never becomes a constant; a rule left with nothing but its log source is refused. */
    @Test
    void droppedPredicatesNeverFloodTheTarget() {
        CompiledRule tld = TestRules.rule("network where host.os.type == \"windows\" and event.type == \"start\" and"
                + " dns.question.name regex~ \".*\\\\.(top|xyz|tk)\"");
        for (String[] job : new String[][] {{"kql", "kql-defender-xdr"}, {"kql", "kql-sentinel-securityevent"}}) {
            Translation t = lossy(job[0], job[1], tld, LossMode.ANY);
            assertEquals(Translation.Status.REFUSED, t.status(), job[1] + "\n" + t.text());
            assertTrue(errors(t).contains("[flood]") || errors(t).contains("[no-logsource]"), errors(t));
        }
        CompiledRule or = TestRules.rule("process where host.os.type == \"windows\" and event.type == \"start\" and"
                + " process.name : \"cmd.exe\" and (no.such.field : \"x\" or process.command_line : \"*-enc*\")");
        Translation t = lossy("kql", "kql-defender-xdr", or, LossMode.BROADER);
        assertEquals(Translation.Status.LOSSY, t.status(), errors(t));
        assertTrue(t.text().endsWith("| where FileName =~ \"cmd.exe\"\n"), t.text());
        assertTrue(t.text().contains("the whole disjunction is left out"), t.text());
        assertFalse(t.text().matches("(?s).*\\b(or|and) (true|false)\\b.*"), t.text());
    }

    /** The seed under Sysmon read EventCode=1 EventCode="4688" (matches nothing); a dead output is now refused. */
    @Test
    void theSeedNeverYieldsAQueryThatCannotMatchItsOwnFixture() {
        CompiledRule seed = dev.ruleport.javagen.RulesAccess.seed();
        for (String[] job : new String[][] {{"spl", "splunk-sysmon"}, {"kql", "kql-defender-xdr"}, {"sigma", "sigma-windows"}}) {
            for (LossMode mode : new LossMode[] {LossMode.BROADER, LossMode.ANY}) {
                Translation t = lossy(job[0], job[1], seed, mode);
                if (t.status() == Translation.Status.REFUSED) continue;
                assertFalse(t.text().contains("EventCode=1 EventCode=\"4688\""), t.text());
                if (t.status() == Translation.Status.LOSSY) {
                    assertTrue(t.text().matches("(?s).*measured: lossy \\((broader|any)\\): [1-9][0-9]*/[0-9]+ positives match.*"), t.text());
                }
            }
        }
    }

    /** An unmapped join key is dropped (broader), never evaluated as null() and then required non-null. */
    @Test
    void anUnmappedJoinKeyIsDroppedNotNulled() {
        CompiledRule r = TestRules.rule("sequence by no.such.key with maxspan=1m"
                + " [process where host.os.type == \"windows\" and event.type == \"start\" and process.name : \"a.exe\"]"
                + " [process where host.os.type == \"windows\" and event.type == \"start\" and process.name : \"b.exe\"]");
        Translation t = lossy("spl", "splunk-sysmon", r, LossMode.BROADER);
        assertEquals(Translation.Status.LOSSY, t.status(), errors(t));
        assertFalse(t.text().contains("null()\n") || t.text().matches("(?s).*rp_k[0-9]=null\\(\\).*"), t.text());
        assertTrue(t.text().contains("[join-key]"), t.text());
    }

    /** CIM's tstats takes search terms only: the condition it cannot search follows as a | where, never left out. */
    @Test
    void cimOutputIsNeverWrittenWithoutItsCondition() {
        Translation t = lossy("spl", "splunk-cim", dev.ruleport.javagen.RulesAccess.seed(), LossMode.ANY);
        assertEquals(Translation.Status.EQUIVALENT, t.status(), t.text());
        assertTrue(t.text().contains("\n| where match('Processes.process_path', ")
                && t.text().contains(" AND match('Processes.parent_process_path', "), t.text());
        assertEquals(List.of(), t.losses());
    }

    /** A Linux rule does not become a Windows Sysmon search. */
    @Test
    void aRuleForAnotherOsIsRefusedNotRetargeted() {
        Translation t = lossy("spl", "splunk-sysmon", corpus("rules/linux/execution_perl_tty_shell.toml"), LossMode.ANY);
        assertEquals(Translation.Status.REFUSED, t.status(), t.text());
        assertTrue(errors(t).contains("[no-logsource]"), errors(t));
    }
}
