package dev.ruleport.kql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ruleport.Ruleport;
import dev.ruleport.UsageException;
import dev.ruleport.backend.Schedule;
import dev.ruleport.backend.TranslateOptions;
import dev.ruleport.backend.Translation;
import dev.ruleport.compile.CompiledRule;
import dev.ruleport.compile.Frontend;
import dev.ruleport.lower.LossMode;
import dev.ruleport.mapping.MappingProfile;
import dev.ruleport.testsupport.KustoValidator;
import dev.ruleport.testsupport.TestRules;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Sentinel analytic rules, the ARM template and Defender XDR custom detections for the example rules of {@code
 * rules/}, checked against the limits Azure-Sentinel's own CI applies to detection templates (restated as data in
 * {@code deploy/sentinel-template-rules.json}, with their source and licence) and against the query format: the
 * packaged query is the plain query's text, and the fidelity is stated.
 */
class DeployablesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> PROFILES = List.of("kql-ecs", "kql-sentinel-securityevent", "kql-defender-xdr", "kql-sentinel-sysmon");
    private static JsonNode facts;

    @BeforeAll static void load() throws IOException {
        try (InputStream in = DeployablesTest.class.getResourceAsStream("/deploy/sentinel-template-rules.json")) {
            facts = JSON.readTree(in);
        }
    }

    private static Translation translate(CompiledRule r, String profile, String format) {
        Map<String, String> settings = format == null ? Map.of() : Map.of("format", format);
        return new KqlBackend().translate(r, new TranslateOptions(MappingProfile.load(profile), LossMode.EXACT, settings));
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> out = new TreeSet<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** Sentinel's {@code <number><m|h|d>} in minutes. */
    private static long minutes(String d) {
        Matcher m = Pattern.compile("(\\d+)([mhd])").matcher(d);
        assertTrue(m.matches(), "duration " + d);
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) { case "m" -> n; case "h" -> n * 60; default -> n * 1440; };
    }

    /** ARM's ISO 8601 {@code PT5M}, {@code PT2H}, {@code P1D} in minutes. */
    private static long isoMinutes(String d) {
        return Duration.parse(d).toMinutes();
    }

    /** Every problem Azure-Sentinel's template validation would report for these properties (YAML or ARM names). */
    static List<String> problems(Map<String, Object> p, boolean arm) {
        List<String> out = new ArrayList<>();
        if (!arm) {
            for (JsonNode k : facts.get("requiredKeys")) if (!p.containsKey(k.asText())) out.add("missing " + k.asText());
            if (!String.valueOf(p.get("id")).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")) out.add("id " + p.get("id"));
            if (!"Scheduled".equals(p.get("kind"))) out.add("kind " + p.get("kind"));
            if (String.valueOf(p.get("version")).length() > facts.at("/maxLength/version").asInt()) out.add("version too long");
        }
        String name = String.valueOf(p.get(arm ? "displayName" : "name"));
        if (name.isEmpty() || name.length() > facts.at("/maxLength/name").asInt()) out.add("name length " + name.length());
        String description = String.valueOf(p.get("description"));
        if (description.length() > facts.at("/maxLength/description").asInt()) out.add("description length " + description.length());
        String query = String.valueOf(p.get("query"));
        if (query.isBlank() || query.length() > facts.at("/maxLength/query").asInt()) out.add("query length " + query.length());
        if (!strings(facts.get("severities")).contains(String.valueOf(p.get("severity")))) out.add("severity " + p.get("severity"));
        if (!strings(facts.get("triggerOperators")).contains(String.valueOf(p.get("triggerOperator")))) out.add("triggerOperator");
        int threshold = ((Number) p.get("triggerThreshold")).intValue();
        if (threshold < facts.at("/triggerThreshold/min").asInt() || threshold > facts.at("/triggerThreshold/max").asInt()) out.add("threshold");
        long freq = arm ? isoMinutes((String) p.get("queryFrequency")) : minutes((String) p.get("queryFrequency"));
        long period = arm ? isoMinutes((String) p.get("queryPeriod")) : minutes((String) p.get("queryPeriod"));
        if (freq < facts.at("/queryFrequencyMinutes/min").asLong() || freq > facts.at("/queryFrequencyMinutes/max").asLong()) out.add("frequency " + freq);
        if (period < facts.at("/queryPeriodMinutes/min").asLong() || period > facts.at("/queryPeriodMinutes/max").asLong()) out.add("period " + period);
        if (period < freq) out.add("period " + period + " shorter than frequency " + freq);
        if (period >= facts.at("/longPeriod/periodDaysAtLeast").asLong() * 1440 && freq < facts.at("/longPeriod/frequencyHoursAtLeast").asLong() * 60) {
            out.add("a period of 2 days or more needs a frequency of an hour or more");
        }
        @SuppressWarnings("unchecked") List<Object> tactics = (List<Object>) p.getOrDefault("tactics", List.of());
        for (Object t : tactics) if (!strings(facts.get("tactics")).contains(String.valueOf(t))) out.add("tactic " + t);
        @SuppressWarnings("unchecked") List<Object> techniques = (List<Object>) p.getOrDefault(arm ? "techniques" : "relevantTechniques", List.of());
        for (Object t : techniques) {
            if (!String.valueOf(t).matches(arm ? "T\\d{4}" : "T\\d{4}(\\.\\d{3})?")) out.add("technique " + t);
        }
        if (!techniques.isEmpty() && tactics.isEmpty()) out.add("techniques without tactics");
        if (!arm) {
            @SuppressWarnings("unchecked") List<Map<String, Object>> connectors = (List<Map<String, Object>>) p.get("requiredDataConnectors");
            for (Map<String, Object> c : connectors) {
                if (!strings(facts.get("connectorIds")).contains(String.valueOf(c.get("connectorId")))) out.add("connector " + c);
            }
        }
        @SuppressWarnings("unchecked") List<Map<String, Object>> entities = (List<Map<String, Object>>) p.get("entityMappings");
        for (JsonNode old : facts.get("oldEntityColumns")) {
            if (query.contains(old.asText())) out.add("old entity column " + old.asText());
        }
        if (entities != null) {
            JsonNode em = facts.get("entityMappings");
            if (entities.size() < em.get("min").asInt() || entities.size() > em.get("max").asInt()) out.add("entities " + entities.size());
            for (Map<String, Object> e : entities) {
                JsonNode type = facts.at("/entityIdentifiers/" + e.get("entityType"));
                if (type.isMissingNode()) {
                    out.add("entity type " + e.get("entityType"));
                    continue;
                }
                @SuppressWarnings("unchecked") List<Map<String, Object>> fields = (List<Map<String, Object>>) e.get("fieldMappings");
                if (fields.size() < em.get("fieldMappingsMin").asInt() || fields.size() > em.get("fieldMappingsMax").asInt()) out.add("field mappings " + e);
                Set<String> used = new TreeSet<>();
                for (Map<String, Object> f : fields) {
                    String id = String.valueOf(f.get("identifier"));
                    if (!strings(type.get("identifiers")).contains(id)) out.add("identifier " + id + " of " + e.get("entityType"));
                    if (!used.add(id)) out.add("identifier twice " + id);
                    if (!String.valueOf(f.get("columnName")).matches(em.get("columnNamePattern").asText())) out.add("column " + f.get("columnName"));
                }
                boolean required = false;
                for (JsonNode set : type.get("required")) required |= used.containsAll(strings(set));
                if (!required) out.add("no required identifier for " + e.get("entityType") + ": " + used);
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(String text) {
        return (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
    }

    @Test
    void everyExampleRuleSentinelYamlPassesTheTemplateChecksAndCarriesThePlainQuery() throws IOException {
        int written = 0;
        List<String> failures = new ArrayList<>();
        for (String profile : PROFILES) {
            for (Frontend.Outcome o : KqlExampleRulesTest.examples()) {
                CompiledRule r = new CompiledRule(o.rule(), o.query());
                Translation query = translate(r, profile, null);
                Translation sentinel = translate(r, profile, "sentinel");
                assertEquals(query.status(), sentinel.status(), o.path() + " " + profile);
                if (!sentinel.ok()) {
                    assertEquals(null, sentinel.text(), "a refused rule has no analytic rule");
                    continue;
                }
                written++;
                assertTrue(sentinel.fileName().endsWith(".yaml"), sentinel.fileName());
                Map<String, Object> doc = yaml(sentinel.text());
                problems(doc, false).forEach(p -> failures.add(o.path().getFileName() + " " + profile + ": " + p));
                assertEquals(Deployables.body(query.text()) + "\n", doc.get("query"), "the plain query, less its header");
                assertTrue(query.text().endsWith(Deployables.body(query.text()) + "\n") || query.text().endsWith(Deployables.body(query.text())),
                        "the body is the query's tail");
                String description = (String) doc.get("description");
                assertTrue(description.contains("translation: " + (sentinel.status() == Translation.Status.EXACT ? "exact" : "equivalent")),
                        description);
                if (o.rule().ruleId().matches("[0-9a-f-]{36}")) assertEquals(o.rule().ruleId(), doc.get("id"), "the rule_id is the id");
            }
        }
        assertEquals(List.of(), failures);
        assertTrue(written >= 20, "analytic rules written: " + written);
    }

    /** The corpus on the two Microsoft profiles: every analytic rule written passes the template checks. */
    @Test
    void corpusAnalyticRulesPassTheTemplateChecks() {
        List<String> failures = new ArrayList<>();
        int written = 0;
        for (String profile : List.of("kql-sentinel-securityevent", "kql-defender-xdr", "kql-sentinel-sysmon")) {
            TranslateOptions options = new TranslateOptions(MappingProfile.load(profile), LossMode.EXACT, Map.of("format", "sentinel"));
            for (CompiledRule r : dev.ruleport.testsupport.Corpus.rules()) {
                Translation t = new KqlBackend().translate(r, options);
                if (!t.ok()) continue;
                written++;
                Map<String, Object> doc = yaml(t.text());
                problems(doc, false).forEach(p -> failures.add(t.fileName() + " " + profile + ": " + p));
                // Sysmon in WindowsEvent comes through Sentinel's Windows Forwarded Events connector
                if (profile.equals("kql-sentinel-sysmon") && !List.of(Map.of("connectorId", "WindowsForwardedEvents", "dataTypes",
                        List.of("WindowsEvent"))).equals(doc.get("requiredDataConnectors"))) {
                    failures.add(t.fileName() + " " + profile + ": connectors " + doc.get("requiredDataConnectors"));
                }
            }
        }
        System.out.printf("%n[sentinel] %d corpus analytic rules written on kql-sentinel-securityevent, kql-defender-xdr and"
                + " kql-sentinel-sysmon, %d problems%n",
                written, failures.size());
        assertEquals(List.of(), failures);
        assertTrue(written >= 400, "analytic rules: " + written);
    }

    @Test
    void lsassCloneOnDefenderTablesHasItsScheduleAttackAndEntities() throws IOException {
        Frontend.Outcome o = KqlExampleRulesTest.examples().stream()
                .filter(x -> x.path().getFileName().toString().equals("credential_access_lsass_snapshot_clone.toml")).findFirst().orElseThrow();
        Translation t = translate(new CompiledRule(o.rule(), o.query()), "kql-defender-xdr", "sentinel");
        Map<String, Object> doc = yaml(t.text());
        assertEquals("691f9120-7cea-48ab-81c6-d4e098df6f15", doc.get("id"));
        assertEquals("5m", doc.get("queryFrequency"), "no interval: Elastic's 5m");
        assertEquals("9m", doc.get("queryPeriod"), "from = now-9m");
        assertEquals(List.of("CredentialAccess"), doc.get("tactics"));
        assertEquals(List.of("T1003.001"), doc.get("relevantTechniques"));
        assertEquals("High", doc.get("severity"));
        assertEquals("Scheduled", doc.get("kind"));
        assertEquals(List.of(Map.of("connectorId", "MicrosoftThreatProtection", "dataTypes", List.of("DeviceProcessEvents", "DeviceInfo"))),
                doc.get("requiredDataConnectors"));
        assertEquals(List.of(
                Map.of("entityType", "Host", "fieldMappings", List.of(Map.of("identifier", "FullName", "columnName", "DeviceName"))),
                Map.of("entityType", "Account", "fieldMappings", List.of(Map.of("identifier", "Name", "columnName", "AccountName"),
                        Map.of("identifier", "NTDomain", "columnName", "AccountDomain"), Map.of("identifier", "Sid", "columnName", "AccountSid"))),
                Map.of("entityType", "Process", "fieldMappings", List.of(Map.of("identifier", "CommandLine", "columnName", "ProcessCommandLine"),
                        Map.of("identifier", "ProcessId", "columnName", "ProcessId"))),
                Map.of("entityType", "File", "fieldMappings", List.of(Map.of("identifier", "Name", "columnName", "FileName"),
                        Map.of("identifier", "Directory", "columnName", "FolderPath")))), doc.get("entityMappings"));
        String description = (String) doc.get("description");
        assertTrue(description.contains("equivalence: Security event 4688 (a process was created) = a process start = a DeviceProcessEvents row"), description);
        assertTrue(t.text().contains("query: |\n  DeviceProcessEvents\n"), "the query is a literal block:\n" + t.text());
    }

    @Test
    void securityEventLogonsMapTheTargetAccountAndOnlyColumnsTheTableHas() throws IOException {
        Frontend.Outcome o = KqlExampleRulesTest.examples().stream()
                .filter(x -> x.path().getFileName().toString().equals("sigma_mr_failed_logons_then_success.yml")).findFirst().orElseThrow();
        Translation t = translate(new CompiledRule(o.rule(), o.query()), "kql-sentinel-securityevent", "sentinel");
        Map<String, Object> doc = yaml(t.text());
        String entities = String.valueOf(doc.get("entityMappings"));
        assertTrue(entities.contains("columnName=TargetUserName"), entities);
        assertTrue(entities.contains("columnName=Computer"), entities);
        Set<String> columns = MappingProfile.load("kql-sentinel-securityevent").logsources().get(0).columns().keySet();
        @SuppressWarnings("unchecked") List<Map<String, Object>> list = (List<Map<String, Object>>) doc.get("entityMappings");
        for (Map<String, Object> e : list) {
            @SuppressWarnings("unchecked") List<Map<String, Object>> fields = (List<Map<String, Object>>) e.get("fieldMappings");
            for (Map<String, Object> f : fields) assertTrue(columns.contains(String.valueOf(f.get("columnName"))), f + " not a SecurityEvent column");
        }
        assertEquals(List.of(Map.of("connectorId", "SecurityEvents", "dataTypes", List.of("SecurityEvent")),
                Map.of("connectorId", "WindowsSecurityEvents", "dataTypes", List.of("SecurityEvent"))), doc.get("requiredDataConnectors"));
    }

    @Test
    void ecsTableColumnsAreNotLogAnalyticsNamesSoNoEntities() {
        Translation t = translate(TestRules.rule("process where process.name == \"x.exe\""), "kql-ecs", "sentinel");
        assertTrue(t.ok(), t.diagnostics().toString());
        Map<String, Object> doc = yaml(t.text());
        assertFalse(doc.containsKey("entityMappings"), t.text());
        assertEquals(List.of(), doc.get("requiredDataConnectors"));
        assertEquals(List.of(), problems(doc, false));
    }

    @Test
    void scheduleFromIntervalAndFromWithinSentinelsLimits() {
        assertEquals(new Schedule(Duration.ofMinutes(5), Duration.ofMinutes(6), false), Schedule.of(TestRules.rule("any where true").rule()));
        assertEquals(List.of(5L, 9L), List.of(Deployables.sentinelSchedule(new Schedule(Duration.ofMinutes(5), Duration.ofMinutes(9), true))[0],
                Deployables.sentinelSchedule(new Schedule(Duration.ofMinutes(5), Duration.ofMinutes(9), true))[1]));
        long[] fast = Deployables.sentinelSchedule(new Schedule(Duration.ofMinutes(1), Duration.ofMinutes(2), true));
        assertEquals(5, fast[0], "Sentinel runs at most every 5 minutes");
        assertEquals(5, fast[1], "the period is at least the frequency");
        long[] wide = Deployables.sentinelSchedule(new Schedule(Duration.ofMinutes(10), Duration.ofDays(30), true));
        assertEquals(14 * 1440, wide[1], "at most 14 days");
        assertEquals(60, wide[0], "a period of 2 days or more runs at most hourly");
        assertEquals("2h", Schedule.compact(120));
        assertEquals("PT2H", Schedule.iso(120));
        assertEquals("P1D", Schedule.iso(1440));
        assertEquals("PT90M", Schedule.iso(90));
        assertEquals(List.of("CommandAndControl"), Deployables.tactics(rule("Command and Control", "TA0011")));
        assertEquals("1H", Deployables.defenderPeriod(new Schedule(Duration.ofMinutes(5), Duration.ofMinutes(9), true)));
        assertEquals("3H", Deployables.defenderPeriod(new Schedule(Duration.ofMinutes(90), Duration.ofMinutes(95), true)));
        assertEquals("24H", Deployables.defenderPeriod(new Schedule(Duration.ofDays(2), Duration.ofDays(2), true)));
    }

    private static dev.ruleport.loader.Rule rule(String tactic, String id) {
        dev.ruleport.loader.Rule r = TestRules.rule("any where true").rule();
        return new dev.ruleport.loader.Rule(r.file(), r.ruleId(), r.name(), r.description(), r.authors(), r.license(), r.severity(),
                r.riskScore(), r.type(), r.language(), r.query(), r.querySource(), r.index(), r.tags(),
                List.of(new dev.ruleport.loader.Rule.Threat("MITRE ATT&CK", new dev.ruleport.loader.Rule.Reference(id, tactic, null), List.of())),
                r.references(), r.falsePositives(), r.note(), r.setup(), r.from(), r.interval(), r.timestampOverride(),
                r.eventCategoryOverride(), r.buildingBlockType(), r.maxSignals(), r.investigationFields(), r.metadata(), r.transform(),
                r.otherRuleFields());
    }

    @Test
    void armTemplateHoldsOneScheduledAlertRulePerTranslatedRule() throws IOException {
        Ruleport rp = Ruleport.builder().profile("kql", "kql-defender-xdr").setting("format", "sentinel-arm").threads(1).build();
        Ruleport.Batch batch = rp.compileAll(List.of(dev.ruleport.testsupport.Shared.repoRoot().resolve("rules")), r -> {});
        Ruleport.Job job = rp.jobs().get(0);
        assertTrue(rp.bundles(job));
        Ruleport.Bundle bundle = rp.bundle(job, batch.results()).orElseThrow();
        assertEquals(KqlFormat.ARM_TEMPLATE_FILE, bundle.fileName());
        long ok = batch.results().stream().filter(r -> r.translations().get(job) != null && r.translations().get(job).ok()).count();
        JsonNode t = JSON.readTree(bundle.text());
        assertEquals("https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", t.get("$schema").asText());
        assertEquals("String", t.at("/parameters/workspace/type").asText());
        assertEquals(ok, t.get("resources").size());
        assertEquals(ok, bundle.rules());
        List<String> failures = new ArrayList<>();
        for (JsonNode r : t.get("resources")) {
            assertEquals("Microsoft.OperationalInsights/workspaces/providers/alertRules", r.get("type").asText());
            assertEquals("Scheduled", r.get("kind").asText());
            String id = r.get("name").asText().replaceAll(".*/Microsoft.SecurityInsights/([0-9a-f-]{36})'\\)]$", "$1");
            assertTrue(id.matches("[0-9a-f-]{36}"), r.get("name").asText());
            assertTrue(r.get("id").asText().startsWith("[concat(resourceId('Microsoft.OperationalInsights/workspaces/providers', parameters('workspace')"));
            assertTrue(r.get("id").asText().endsWith("/alertRules/" + id + "')]"));
            @SuppressWarnings("unchecked") Map<String, Object> p = JSON.convertValue(r.get("properties"), Map.class);
            assertEquals(true, p.get("enabled"));
            problems(p, true).forEach(x -> failures.add(id + ": " + x));
        }
        assertEquals(List.of(), failures);
        assertTrue(ok >= 4, "rules in the template: " + ok);
    }

    @Test
    void armStringsStartingWithABracketAreNotExpressions() {
        assertEquals("[[x] y", Deployables.arm("[x] y"));
        assertEquals("x [y]", Deployables.arm("x [y]"));
    }

    @Test
    void defenderDetectionProjectsTheRequiredColumnsAndBinds() throws IOException {
        KustoValidator kusto = null;
        int n = 0;
        for (Frontend.Outcome o : KqlExampleRulesTest.examples()) {
            CompiledRule r = new CompiledRule(o.rule(), o.query());
            Translation query = translate(r, "kql-defender-xdr", null);
            Translation d = translate(r, "kql-defender-xdr", "defender");
            if (!d.ok()) continue;
            n++;
            JsonNode j = JSON.readTree(d.text());
            String text = j.at("/queryCondition/queryText").asText();
            assertTrue(text.startsWith(Deployables.body(query.text()) + "\n| project Timestamp, ReportId, DeviceId, DeviceName"), text);
            assertTrue(strings(facts.at("/defender/periods")).contains(j.at("/schedule/period").asText()));
            assertTrue(strings(facts.at("/defender/severities")).contains(j.at("/detectionAction/alertTemplate/severity").asText()));
            assertEquals("deviceId", j.at("/detectionAction/alertTemplate/impactedAssets/0/identifier").asText());
            assertTrue(j.at("/detectionAction/alertTemplate/description").asText().contains("translation: "));
            if (kusto == null) kusto = KustoValidator.shared();
            var errors = kusto.errors(text, KustoValidator.Schema.DEFENDER_XDR);
            assertTrue(errors.isEmpty(), errors + "\n" + text);
        }
        assertTrue(n >= 4, "custom detections: " + n);
    }

    @Test
    void defenderIsOnlyForDefenderTablesAndUnknownFormatsAreUsageErrors() {
        UsageException e = assertThrows(UsageException.class, () -> Ruleport.builder().profile("kql", "kql-sentinel-securityevent")
                .setting("format", "defender").build());
        assertTrue(e.getMessage().contains("use --profile kql-defender-xdr"), e.getMessage());
        UsageException f = assertThrows(UsageException.class, () -> Ruleport.builder().target("kql").setting("format", "yaml").build());
        assertEquals("unknown KQL format 'yaml'; formats: query, sentinel, sentinel-arm, defender", f.getMessage());
        Ruleport.builder().profile("kql", "kql-defender-xdr").setting("format", "defender").build();
    }

    @Test
    void aQueryLongerThanSentinelAllowsIsRefusedForSentinelOnly() {
        StringBuilder names = new StringBuilder();
        for (int i = 0; i < 800; i++) names.append(i == 0 ? "" : ", ").append("\"tool").append(i).append(".exe\"");
        CompiledRule r = TestRules.rule("process where process.name in (" + names + ")");
        Translation query = translate(r, "kql-ecs", null);
        assertTrue(query.ok() && Deployables.body(query.text()).length() > 10_000, "a long query");
        Translation sentinel = translate(r, "kql-ecs", "sentinel");
        assertFalse(sentinel.ok());
        assertTrue(sentinel.diagnostics().get(0).message().contains("[setting] the query is "), sentinel.diagnostics().toString());
        assertTrue(sentinel.diagnostics().get(0).message().endsWith("characters long; a Sentinel analytic rule holds at most 10000"),
                sentinel.diagnostics().toString());
    }

    @Test
    void aRefusedRuleHasNoPackagedOutput() {
        Translation t = translate(TestRules.rule("sample by host.id [process where true] [file where true]"), "kql-ecs", "sentinel");
        assertFalse(t.ok());
        assertEquals(null, t.text());
    }
}
