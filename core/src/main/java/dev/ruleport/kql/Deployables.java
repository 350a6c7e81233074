package dev.ruleport.kql;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ruleport.backend.Backends;
import dev.ruleport.backend.Refusals;
import dev.ruleport.backend.Schedule;
import dev.ruleport.backend.Translation;
import dev.ruleport.loader.Rule;
import dev.ruleport.lower.LoweredFilter;
import dev.ruleport.lower.LoweredRule;
import dev.ruleport.lower.Reason;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The KQL query of a rule packaged for deployment ({@link KqlFormat}): a Microsoft Sentinel scheduled analytic rule
 * (YAML as in the Azure-Sentinel repository's {@code Detections/}, or an ARM {@code alertRules} resource) or a Defender
 * XDR custom detection (Microsoft Graph {@code detectionRule}). The query is the text the {@code query} format writes,
 * less its {@code //} header, which goes into the description with the fidelity and every loss or equivalence.
 *
 * <p>Sentinel's limits (Azure-Sentinel's detection template validation): name up to 256 characters, description up to
 * 5000, query 1 to 10000 characters, queryFrequency and queryPeriod between 5 minutes and 14 days with the period at
 * least the frequency and, for a period of 2 days or more, a frequency of at least an hour; severity Informational,
 * Low, Medium or High; tactics from ATT&CK's names without spaces; at most 5 entities.
 */
final class Deployables {
    private Deployables() {}

    static final int MAX_QUERY = 10_000;
    static final int MAX_DESCRIPTION = 5_000;
    static final int MAX_NAME = 256;
    static final long MIN_MINUTES = 5;
    static final long MAX_MINUTES = 14 * 24 * 60;

    /** Made on first use: the query format, the usual one, never needs it (an ObjectMapper costs a tenth of a second to set up). */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    /** The tactic names Sentinel accepts (Azure-Sentinel detection template validation, {@code AttackTactic}). */
    static final Set<String> TACTICS = Set.of("InitialAccess", "Execution", "Persistence", "PrivilegeEscalation",
            "DefenseEvasion", "CredentialAccess", "Discovery", "LateralMovement", "Collection", "Exfiltration",
            "CommandAndControl", "Impact", "Reconnaissance", "ResourceDevelopment", "ImpairProcessControl",
            "InhibitResponseFunction");

    /** The packaged translation of a successful query translation, or a refusal saying which limit the query breaks. */
    static Translation packaged(LoweredRule lowered, Translation query, KqlFormat format) {
        if (format == KqlFormat.QUERY || !query.ok()) return query;
        String body = body(query.text());
        Rule rule = lowered.rule();
        if ((format == KqlFormat.SENTINEL || format == KqlFormat.SENTINEL_ARM) && body.length() > MAX_QUERY) {
            Refusals r = Refusals.of(lowered, KqlBackend.TARGET);
            r.fatal(lowered.query().span(), Reason.SETTING, "the query is " + body.length() + " characters long; a Sentinel"
                    + " analytic rule holds at most " + MAX_QUERY);
            return r.finish(null, null);
        }
        String base = Backends.baseName(rule.file());
        String text = switch (format) {
            case SENTINEL -> SentinelYaml.dump(sentinel(lowered, query, body));
            case SENTINEL_ARM -> json(armResource(lowered, query, body));
            case DEFENDER -> json(defender(lowered, query, body));
            case QUERY -> throw new IllegalStateException();
        };
        return new Translation(query.target(), query.profile(), query.status(), text, base + "." + format.extension(),
                query.diagnostics(), query.losses(), query.equivalences());
    }

    // ------------------------------------------------------------------ the parts every form shares

    /** The query without its leading {@code //} header lines. */
    static String body(String text) {
        String[] lines = text.split("\n", -1);
        int i = 0;
        while (i < lines.length && lines[i].startsWith("//")) i++;
        StringBuilder sb = new StringBuilder();
        for (int j = i; j < lines.length; j++) {
            sb.append(lines[j]);
            if (j < lines.length - 1) sb.append('\n');
        }
        return sb.toString().stripTrailing();
    }

    /** The header's statement of fidelity, from its {@code translation:} line on (with equivalences, losses, measurement). */
    static List<String> fidelity(String text) {
        List<String> out = new ArrayList<>();
        boolean on = false;
        for (String line : text.split("\n", -1)) {
            if (!line.startsWith("//")) break;
            String l = line.substring(2).strip();
            if (l.startsWith("translation:")) on = true;
            if (on) out.add(l);
        }
        return out;
    }

    /** A stable UUID for the rule: its rule_id when that is one, else a name-based UUID of it (or of its name). */
    static String id(Rule rule) {
        String key = rule.ruleId() != null ? rule.ruleId() : String.valueOf(rule.name());
        if (key.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")) return key.toLowerCase(Locale.ROOT);
        return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString();
    }

    static String name(Rule rule) {
        String n = rule.name() == null || rule.name().isBlank() ? Backends.baseName(rule.file()) : rule.name().strip();
        n = n.replaceAll("\\s+", " ");
        return n.length() > MAX_NAME ? n.substring(0, MAX_NAME) : n;
    }

    /** The rule's description, then what ruleport says of the translation, cut to {@code max} characters. */
    static String description(Rule rule, Translation query, String schedule, int max) {
        StringBuilder tail = new StringBuilder("\n\nruleport: translated from ")
                .append(rule.file() == null ? "a rule" : java.nio.file.Path.of(rule.file()).getFileName())
                .append(" with profile ").append(query.profile()).append(".\n");
        for (String l : fidelity(query.text())) tail.append(l).append('\n');
        if (schedule != null) tail.append(schedule).append('\n');
        String head = rule.description() == null ? "" : rule.description().strip();
        String t = tail.toString().stripTrailing();
        if (head.length() + t.length() > max) {
            int keep = Math.max(0, max - t.length() - 1);
            head = head.substring(0, Math.min(head.length(), keep)).stripTrailing() + (keep > 0 ? "…" : "");
        }
        String all = head.isEmpty() ? t.strip() : head + t;
        return all.length() > max ? all.substring(0, max) : all;
    }

    /** ATT&CK tactics in Sentinel's spelling ({@code Credential Access} is {@code CredentialAccess}), those Sentinel knows. */
    static List<String> tactics(Rule rule) {
        Set<String> out = new LinkedHashSet<>();
        for (Rule.Threat t : attack(rule)) {
            if (t.tactic() == null) continue;
            String name = sentinelTactic(t.tactic().name());
            if (TACTICS.contains(name)) out.add(name);
        }
        return new ArrayList<>(out);
    }

    /** {@code Command and Control} as {@code CommandAndControl}. */
    static String sentinelTactic(String name) {
        if (name == null) return "";
        StringBuilder sb = new StringBuilder();
        for (String w : name.strip().split("[^A-Za-z]+")) {
            if (!w.isEmpty()) sb.append(Character.toUpperCase(w.charAt(0))).append(w.substring(1).toLowerCase(Locale.ROOT));
        }
        return sb.toString();
    }

    /**
     * Technique and sub-technique ids ({@code T1003}, {@code T1003.001}); {@code parentsOnly} keeps the {@code T1003} of
     * each. Sentinel lists a technique only with a tactic it serves, so those of a tactic Sentinel does not know are left
     * out ({@code sentinel}).
     */
    static List<String> techniques(Rule rule, boolean parentsOnly, boolean sentinel) {
        Set<String> out = new LinkedHashSet<>();
        for (Rule.Threat t : attack(rule)) {
            if (t.techniques() == null) continue;
            if (sentinel && (t.tactic() == null || !TACTICS.contains(sentinelTactic(t.tactic().name())))) continue;
            for (Rule.Technique tech : t.techniques()) {
                add(out, tech.id(), parentsOnly);
                if (tech.subtechniques() != null) for (Rule.Reference s : tech.subtechniques()) add(out, s.id(), parentsOnly);
            }
        }
        return new ArrayList<>(out);
    }

    private static void add(Set<String> out, String id, boolean parentsOnly) {
        if (id == null || !id.strip().matches("T\\d{4}(\\.\\d{3})?")) return;
        String s = id.strip();
        out.add(parentsOnly && s.contains(".") ? s.substring(0, s.indexOf('.')) : s);
    }

    private static List<Rule.Threat> attack(Rule rule) {
        List<Rule.Threat> out = new ArrayList<>();
        if (rule.threats() == null) return out;
        for (Rule.Threat t : rule.threats()) {
            if (t.framework() == null || t.framework().toLowerCase(Locale.ROOT).contains("att&ck")) out.add(t);
        }
        return out;
    }

    /** Sentinel severities: Informational, Low, Medium, High (Elastic's critical is High). */
    static String severity(Rule rule) {
        String s = rule.severity() == null ? "medium" : rule.severity().strip().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "critical", "high" -> "High";
            case "low" -> "Low";
            case "informational", "info" -> "Informational";
            default -> "Medium";
        };
    }

    /** The tables the query reads: its log sources' tables, and DeviceInfo when an OS clause asks it. */
    static List<String> tables(LoweredRule lowered, String body) {
        Set<String> out = new LinkedHashSet<>();
        for (LoweredFilter f : lowered.filters()) {
            if (f.selection() != null && f.attributes().get("table") != null) out.add(f.attributes().get("table"));
        }
        if (body.contains("(DeviceInfo ") || body.contains("(DeviceInfo|")) out.add("DeviceInfo");
        return new ArrayList<>(out);
    }

    /** The data connectors that fill the tables (Sentinel's connector ids); none for a table no connector fills. */
    static List<Map<String, Object>> connectors(List<String> tables) {
        List<Map<String, Object>> out = new ArrayList<>();
        List<String> device = tables.stream().filter(t -> t.startsWith("Device")).toList();
        if (tables.contains("SecurityEvent")) {
            out.add(connector("SecurityEvents", List.of("SecurityEvent")));
            out.add(connector("WindowsSecurityEvents", List.of("SecurityEvent")));
        }
        // Sentinel's Windows Forwarded Events connector (Azure Monitor agent) fills WindowsEvent
        if (tables.contains("WindowsEvent")) out.add(connector("WindowsForwardedEvents", List.of("WindowsEvent")));
        if (!device.isEmpty()) out.add(connector("MicrosoftThreatProtection", device));
        return out;
    }

    private static Map<String, Object> connector(String id, List<String> dataTypes) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("connectorId", id);
        m.put("dataTypes", new ArrayList<>(dataTypes));
        return m;
    }

    /** Sentinel's schedule in minutes, {@code [frequency, period]}, from the rule's within Sentinel's limits. */
    static long[] sentinelSchedule(Schedule s) {
        long every = clamp(Schedule.minutesUp(s.every()));
        long back = clamp(Math.max(Schedule.minutesUp(s.lookBack()), every));
        if (back >= 2 * 24 * 60 && every < 60) every = 60;
        return new long[] {every, back};
    }

    private static long clamp(long minutes) { return Math.max(MIN_MINUTES, Math.min(MAX_MINUTES, minutes)); }

    private static String scheduleNote(Schedule s, long[] sentinel) {
        String rule = Schedule.compact(Schedule.minutesUp(s.every())) + " / " + Schedule.compact(Schedule.minutesUp(s.lookBack()));
        String ours = Schedule.compact(sentinel[0]) + " / " + Schedule.compact(sentinel[1]);
        String why = s.stated() ? "" : "; Elastic's defaults where the rule gives no interval or from";
        return "schedule: every " + Schedule.compact(sentinel[0]) + ", looking back " + Schedule.compact(sentinel[1])
                + (rule.equals(ours) ? " (the rule's interval and from" + why + ")"
                : " (the rule's " + rule + " adjusted to Sentinel's limits: 5m to 14d, the period at least the frequency" + why + ")");
    }

    private static List<Map<String, Object>> entityMappings(LoweredRule lowered) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (EntityMappings.Entity e : EntityMappings.of(lowered)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("entityType", e.type());
            List<Map<String, Object>> fields = new ArrayList<>();
            e.fields().forEach((identifier, column) -> {
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("identifier", identifier);
                f.put("columnName", column);
                fields.add(f);
            });
            m.put("fieldMappings", fields);
            out.add(m);
        }
        return out;
    }

    // ------------------------------------------------------------------ Sentinel

    /** The analytic rule as the Azure-Sentinel repository's {@code Detections/*.yaml} write it, keys in their order. */
    static Map<String, Object> sentinel(LoweredRule lowered, Translation query, String body) {
        Rule rule = lowered.rule();
        Schedule s = Schedule.of(rule);
        long[] sched = sentinelSchedule(s);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id(rule));
        m.put("name", name(rule));
        m.put("description", description(rule, query, scheduleNote(s, sched), MAX_DESCRIPTION));
        m.put("severity", severity(rule));
        m.put("requiredDataConnectors", connectors(tables(lowered, body)));
        m.put("queryFrequency", Schedule.compact(sched[0]));
        m.put("queryPeriod", Schedule.compact(sched[1]));
        m.put("triggerOperator", "gt");
        m.put("triggerThreshold", 0);
        m.put("tactics", tactics(rule));
        m.put("relevantTechniques", techniques(rule, false, true));
        m.put("query", body + "\n");
        List<Map<String, Object>> entities = entityMappings(lowered);
        if (!entities.isEmpty()) m.put("entityMappings", entities);
        m.put("version", "1.0.0");
        m.put("kind", "Scheduled");
        return m;
    }

    /** The ARM resource of one analytic rule ({@code Microsoft.OperationalInsights/workspaces/providers/alertRules}). */
    static Map<String, Object> armResource(LoweredRule lowered, Translation query, String body) {
        Rule rule = lowered.rule();
        Schedule s = Schedule.of(rule);
        long[] sched = sentinelSchedule(s);
        String id = id(rule);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("displayName", arm(name(rule)));
        p.put("description", arm(description(rule, query, scheduleNote(s, sched), MAX_DESCRIPTION)));
        p.put("severity", severity(rule));
        p.put("enabled", true);
        p.put("query", arm(body));
        p.put("queryFrequency", Schedule.iso(sched[0]));
        p.put("queryPeriod", Schedule.iso(sched[1]));
        p.put("triggerOperator", "GreaterThan");
        p.put("triggerThreshold", 0);
        p.put("suppressionDuration", "PT5H");
        p.put("suppressionEnabled", false);
        p.put("tactics", tactics(rule));
        p.put("techniques", techniques(rule, true, true));
        List<Map<String, Object>> entities = entityMappings(lowered);
        if (!entities.isEmpty()) p.put("entityMappings", entities);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", "[concat(resourceId('Microsoft.OperationalInsights/workspaces/providers', parameters('workspace'),"
                + " 'Microsoft.SecurityInsights'), '/alertRules/" + id + "')]");
        r.put("name", "[concat(parameters('workspace'), '/Microsoft.SecurityInsights/" + id + "')]");
        r.put("type", "Microsoft.OperationalInsights/workspaces/providers/alertRules");
        r.put("kind", "Scheduled");
        r.put("apiVersion", "2023-02-01");
        r.put("properties", p);
        return r;
    }

    /** An ARM template string is an expression when it starts with {@code [}; {@code [[} keeps a literal bracket. */
    static String arm(String s) { return s.startsWith("[") ? "[" + s : s; }

    /** The deployable ARM template for the resources of several rules, with the {@code workspace} parameter. */
    static String armTemplate(List<String> resources) {
        ObjectNode t = Json.MAPPER.createObjectNode();
        t.put("$schema", "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#");
        t.put("contentVersion", "1.0.0.0");
        ObjectNode ws = t.putObject("parameters").putObject("workspace");
        ws.put("type", "String");
        ws.putObject("metadata").put("description", "The Log Analytics workspace that Microsoft Sentinel is enabled on");
        ArrayNode rs = t.putArray("resources");
        Set<String> ids = new LinkedHashSet<>();
        for (String r : resources) {
            try {
                JsonNode n = Json.MAPPER.readTree(r);
                if (ids.add(n.path("name").asText())) rs.add(n); // one rule id, one resource
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("not an ARM resource: " + e.getOriginalMessage(), e);
            }
        }
        return json(t);
    }

    // ------------------------------------------------------------------ Defender XDR

    /** The device tables' columns a custom detection needs (Timestamp, ReportId, DeviceId), then the rest it shows. */
    static List<String> defenderColumns(LoweredRule lowered) {
        Set<String> columns = EntityMappings.columns(lowered);
        Set<String> out = new LinkedHashSet<>();
        for (String c : List.of("Timestamp", "ReportId", "DeviceId", "DeviceName")) if (columns.contains(c)) out.add(c);
        for (EntityMappings.Entity e : EntityMappings.of(lowered)) out.addAll(e.fields().values());
        return new ArrayList<>(out);
    }

    /** Defender custom detections run every hour, 3, 12 or 24 hours (Graph {@code ruleSchedule.period}); the first not shorter than the rule's interval. */
    static String defenderPeriod(Schedule s) {
        long minutes = Schedule.minutesUp(s.every());
        for (int h : new int[] {1, 3, 12}) if (minutes <= h * 60L) return h + "H";
        return "24H";
    }

    /** A Microsoft Graph {@code detectionRule} (Defender XDR custom detection) with the query that projects its columns. */
    static Map<String, Object> defender(LoweredRule lowered, Translation query, String body) {
        Rule rule = lowered.rule();
        Schedule s = Schedule.of(rule);
        String period = defenderPeriod(s);
        String note = "schedule: every " + period.replace("H", "h") + " (Defender runs custom detections every 1, 3, 12 or"
                + " 24 hours; the rule runs " + s.describe() + ")";
        String text = body + "\n| project " + String.join(", ", defenderColumns(lowered)) + "\n";
        Map<String, Object> alert = new LinkedHashMap<>();
        alert.put("title", name(rule));
        alert.put("description", description(rule, query, note, MAX_DESCRIPTION));
        alert.put("severity", severity(rule).toLowerCase(Locale.ROOT));
        List<String> tactics = tactics(rule);
        alert.put("category", tactics.isEmpty() ? "SuspiciousActivity" : tactics.get(0));
        alert.put("recommendedActions", null);
        alert.put("mitreTechniques", techniques(rule, false, false));
        Map<String, Object> device = new LinkedHashMap<>();
        device.put("@odata.type", "#microsoft.graph.security.impactedDeviceAsset");
        device.put("identifier", "deviceId");
        alert.put("impactedAssets", List.of(device));
        Map<String, Object> action = new LinkedHashMap<>();
        action.put("alertTemplate", alert);
        action.put("organizationalScope", null);
        action.put("responseActions", List.of());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("displayName", name(rule));
        m.put("isEnabled", true);
        m.put("queryCondition", Map.of("queryText", text));
        m.put("schedule", Map.of("period", period));
        m.put("detectionAction", action);
        return m;
    }

    static String json(Object value) {
        DefaultPrettyPrinter pp = new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n"));
        pp.indentArraysWith(new DefaultIndenter("  ", "\n"));
        try {
            return Json.MAPPER.writer(pp).writeValueAsString(value) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
