package dev.ruleport.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ruleport.testsupport.Shared;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SeedRuleTest {
    @Test
    void seedRuleLoadsWithEveryMetadataField() {
        Path seed = Shared.require("seed/credential_access_lsass_clone_creation_via_psscapturesnapshot.toml");
        RuleLoader.Result result = RuleLoader.load(seed);
        assertTrue(result.ok(), result.diagnostics().toString());
        Rule r = result.rule();
        assertEquals("a16612dd-b30e-4d41-86a0-ebe70974ec00", r.ruleId());
        assertEquals("Potential LSASS Clone Creation via PssCaptureSnapShot", r.name());
        assertTrue(r.description().startsWith("Identifies the creation of an LSASS process clone via PssCaptureSnapShot"));
        assertEquals(List.of("Elastic"), r.authors());
        assertEquals("Elastic License v2", r.license());
        assertEquals("high", r.severity());
        assertEquals(73, r.riskScore());
        assertEquals("eql", r.type());
        assertEquals("eql", r.language());
        assertTrue(r.query().startsWith("process where host.os.type == \"windows\" and event.code:\"4688\""));
        assertEquals(List.of("logs-system.security*", "logs-windows.forwarded*", "winlogbeat-*"), r.index());
        assertEquals(6, r.tags().size());
        assertEquals("Tactic: Credential Access", r.tags().get(3));
        assertEquals(2, r.references().size());
        assertEquals("now-9m", r.from());
        assertNull(r.interval());
        assertEquals("event.ingested", r.timestampOverride());
        assertNull(r.eventCategoryOverride());
        assertEquals("event.category", r.categoryField());
        assertNull(r.buildingBlockType());
        assertNull(r.maxSignals());
        assertTrue(r.note().startsWith("## Triage and analysis"));
        assertTrue(r.setup().startsWith("## Setup"));
        assertEquals(List.of(), r.falsePositives());
        assertEquals(15, r.investigationFields().size());
        assertEquals("@timestamp", r.investigationFields().get(0));

        assertEquals(1, r.threats().size());
        Rule.Threat t = r.threats().get(0);
        assertEquals("MITRE ATT&CK", t.framework());
        assertEquals(new Rule.Reference("TA0006", "Credential Access", "https://attack.mitre.org/tactics/TA0006/"), t.tactic());
        assertEquals(1, t.techniques().size());
        assertEquals("T1003", t.techniques().get(0).id());
        assertEquals("OS Credential Dumping", t.techniques().get(0).name());
        assertEquals(List.of(new Rule.Reference("T1003.001", "LSASS Memory", "https://attack.mitre.org/techniques/T1003/001/")),
                t.techniques().get(0).subtechniques());

        Rule.Metadata m = r.metadata();
        assertNotNull(m);
        assertEquals("2021/11/27", m.creationDate());
        assertEquals("2026/04/27", m.updatedDate());
        assertEquals("production", m.maturity());
        assertEquals(List.of("windows", "system"), m.integration());
        assertNull(m.minStackVersion());

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> investigate = (List<Map<String, Object>>) r.transform().get("investigate");
        assertEquals(5, investigate.size());
        assertEquals("Same-host 4688 process creation events", investigate.get(0).get("label"));

        // the query starts on the line after `query = '''`
        assertEquals(37, r.querySource().firstLine());
        assertEquals(1, r.querySource().firstColumn());
    }

    @Test
    void integrationGivenAsAStringBecomesAList() {
        RuleLoader.Result r = RuleLoader.parse("x.toml", "[metadata]\nintegration = \"endpoint\"\nmin_stack_version = \"9.3.0\"\n"
                + "[rule]\nrule_id = \"r\"\nname = \"n\"\ntype = \"eql\"\nlanguage = \"eql\"\nquery = 'any where true'\n"
                + "building_block_type = \"default\"\nmax_signals = 33\nevent_category_override = \"event.type\"\n"
                + "[[rule.threat]]\nframework = \"MITRE ATT&CK\"\n[rule.threat.tactic]\nid = \"TA0007\"\nname = \"Discovery\"\n"
                + "reference = \"https://attack.mitre.org/tactics/TA0007/\"\n");
        assertTrue(r.ok(), r.diagnostics().toString());
        assertEquals(List.of("endpoint"), r.rule().metadata().integration());
        assertEquals("9.3.0", r.rule().metadata().minStackVersion());
        assertEquals("default", r.rule().buildingBlockType());
        assertEquals(33, r.rule().maxSignals());
        assertEquals("event.type", r.rule().categoryField());
        // a tactic-only threat entry
        assertEquals("Discovery", r.rule().threats().get(0).tactic().name());
        assertEquals(List.of(), r.rule().threats().get(0).techniques());
    }
}
