package dev.ruleport.spl;

import dev.ruleport.lower.LossMode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ruleport.compile.CompiledRule;
import dev.ruleport.backend.TranslateOptions;
import dev.ruleport.backend.Translation;
import dev.ruleport.compile.Frontend;
import dev.ruleport.mapping.MappingProfile;
import dev.ruleport.testsupport.Shared;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SavedSearchesTest {

    /** Reads one key of a savedsearches.conf stanza, joining {@code \}-continued lines with newlines. */
    static String value(String stanza, String key) {
        String[] lines = stanza.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].startsWith(key + " = ")) continue;
            StringBuilder sb = new StringBuilder();
            String l = lines[i].substring(key.length() + 3);
            while (l.endsWith("\\")) {
                sb.append(l, 0, l.length() - 1).append('\n');
                l = lines[++i];
            }
            return sb.append(l).toString().replace(" \n", "\n");
        }
        throw new AssertionError("no key " + key + " in\n" + stanza);
    }

    @Test
    void scheduleFromIntervalAndLookBackFromFrom() {
        assertEquals("*/5 * * * *", SavedSearches.cron("5m"));
        assertEquals("* * * * *", SavedSearches.cron("1m"));
        assertEquals("*/1 * * * *", SavedSearches.cron("30s"));
        assertEquals("0 * * * *", SavedSearches.cron("60m"));
        assertEquals("0 */2 * * *", SavedSearches.cron("2h"));
        assertEquals("*/5 * * * *", SavedSearches.cron(null));
        assertEquals("-9m", SavedSearches.earliest("now-9m"));
        assertEquals("-119m", SavedSearches.earliest("now-119m"));
        assertEquals("-6m", SavedSearches.earliest(null));
        assertEquals(5, SavedSearches.severity("high"));
        assertEquals(6, SavedSearches.severity("critical"));
        assertEquals(4, SavedSearches.severity("medium"));
        assertEquals(3, SavedSearches.severity("low"));
    }

    @Test
    void stanzaNameCannotCloseEarlyAndValuesContinueWithBackslash() {
        assertEquals("a (b) c", SavedSearches.stanzaName("a [b]\nc"));
        assertEquals("one \\\ntwo\\  \\\nthree", SavedSearches.continued(List.of("one", "two\\ ", "three")));
        assertEquals("x\\ ", SavedSearches.continued(List.of("x\\")));
    }

    @Test
    void seedRuleStanza() {
        // the shared seed, found like every shared file (a missing one fails under CI=true)
        Frontend.Outcome o = Frontend.compile(Shared.require("seed/credential_access_lsass_clone_creation_via_psscapturesnapshot.toml"));
        assertEquals(Frontend.Status.OK, o.status(), () -> o.diagnostics().toString());
        Translation t = new SplBackend().translate(new CompiledRule(o.rule(), o.query()),
                new TranslateOptions(MappingProfile.load("splunk-windows"), LossMode.EXACT, Map.of("format", "savedsearches")));
        assertTrue(t.ok(), t.diagnostics().toString());
        assertEquals("credential_access_lsass_clone_creation_via_psscapturesnapshot.conf", t.fileName());
        assertTrue(t.text().startsWith("[Potential LSASS Clone Creation via PssCaptureSnapShot]\n"), t.text());
        assertEquals("-9m", value(t.text(), "dispatch.earliest_time"));
        assertEquals("*/5 * * * *", value(t.text(), "cron_schedule"));
        assertEquals("5", value(t.text(), "alert.severity"));
        String search = value(t.text(), "search");
        assertTrue(search.contains("\nindex=* source=\"XmlWinEventLog:Security\" EventCode=4688"), search);
        assertTrue(value(t.text(), "description").startsWith("Identifies the creation of an LSASS process clone"));
        assertEquals(search.strip(), new SplBackend().translate(new CompiledRule(o.rule(), o.query()),
                TranslateOptions.of(MappingProfile.load("splunk-windows"))).text().strip());
    }

    @Test
    void oneFileForARunWithUniqueEscapedStanzaNames() {
        String file = SavedSearches.file(List.of("[Same]\nsearch = a\n", "[Same]\nsearch = b\n", "[" + SavedSearches.stanzaName("default") + "]\nsearch = c\n"));
        assertTrue(file.startsWith("# savedsearches.conf written by ruleport: 3 scheduled alerts"), file);
        assertTrue(file.contains("\n[Same]\nsearch = a\n"), file);
        assertTrue(file.contains("\n[Same (2)]\nsearch = b\n"), file);
        assertTrue(file.contains("\n[default (rule)]\nsearch = c\n"), file);
        assertEquals("a (x)", SavedSearches.stanzaName("a [x]\\"));
    }

    @Test
    void exampleRulesGoIntoOneSavedsearchesConfWithTheIndexVariable() throws java.io.IOException {
        dev.ruleport.Ruleport rp = dev.ruleport.Ruleport.builder().profile("spl", "splunk-sysmon").setting("format", "savedsearches")
                .variable("index", "sysmon").threads(1).build();
        dev.ruleport.Ruleport.Batch batch = rp.compileAll(List.of(Shared.repoRoot().resolve("rules")), r -> {});
        dev.ruleport.Ruleport.Job job = rp.jobs().get(0);
        dev.ruleport.Ruleport.Bundle conf = rp.bundle(job, batch.results()).orElseThrow();
        assertEquals("savedsearches.conf", conf.fileName());
        List<String> stanzas = new java.util.ArrayList<>();
        for (String part : conf.text().split("\n(?=\\[)")) if (part.startsWith("[")) stanzas.add(part);
        assertEquals(conf.rules(), stanzas.size());
        assertTrue(stanzas.size() >= 2, "stanzas: " + stanzas.size());
        java.util.Set<String> names = new java.util.HashSet<>();
        for (String stanza : stanzas) {
            assertTrue(names.add(stanza.substring(0, stanza.indexOf(']'))), "unique stanza names");
            String search = value(stanza, "search");
            assertEquals(List.of(), dev.ruleport.testsupport.SplSyntaxChecker.shared().check(search), search);
            assertTrue(search.contains("index=sysmon "), search);
            assertFalse(search.contains("index=*"), search);
            assertEquals("1", value(stanza, "enableSched"));
            assertEquals("1", value(stanza, "alert.track"));
            assertEquals("now", value(stanza, "dispatch.latest_time"));
            assertTrue(value(stanza, "cron_schedule").matches("[*/0-9]+ [*/0-9]+ \\* \\* \\*"), stanza);
        }
        dev.ruleport.UsageException e = org.junit.jupiter.api.Assertions.assertThrows(dev.ruleport.UsageException.class,
                () -> dev.ruleport.Ruleport.builder().profile("spl", "splunk-windows").variable("indx", "x").build());
        assertEquals("unknown variable 'indx' for profile splunk-windows; known variables: index, security_source, system_source", e.getMessage());
    }
}
