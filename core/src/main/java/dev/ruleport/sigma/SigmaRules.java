package dev.ruleport.sigma;

import dev.ruleport.diag.SourceText;
import dev.ruleport.loader.Rule;
import dev.ruleport.print.EqlPrinter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A Sigma rule read by the {@link SigmaReader} as the {@link Rule} every backend takes: the title is the name, the
 * Sigma id the rule id, {@code level} the severity, ATT&CK tags the threats; author, references, description,
 * false positives, dates and status are kept, so every output can credit the rule (the Detection Rule License
 * asks for it). {@code language} is {@code sigma}; {@code query} is the EQL the rule was read as.
 */
public final class SigmaRules {
    private SigmaRules() {}

    public static final String LANGUAGE = dev.ruleport.backend.Credit.SIGMA;

    private static final Map<String, String> TACTICS = tactics();

    /** The rule for one read Sigma rule of {@code source}. */
    public static Rule toRule(SourceText source, SigmaReader.ReadRule read) {
        Map<String, Object> d = read.document();
        List<String> tags = strings(d.get("tags"));
        String status = str(d.get("status"));
        String maturity = status == null ? null : switch (status.toLowerCase(Locale.ROOT)) {
            case "stable" -> "production";
            case "test", "experimental" -> "experimental";
            case "deprecated", "unsupported" -> "deprecated";
            default -> status;
        };
        Map<String, Object> other = new LinkedHashMap<>();
        for (String k : List.of("status", "logsource", "related", "taxonomy", "license", "scope", "name", "fields")) {
            if (d.get(k) != null) other.put("sigma_" + k, d.get(k));
        }
        Rule.Metadata metadata = new Rule.Metadata(str(d.get("date")), str(d.get("modified")), maturity, List.of(), null, null,
                Map.of());
        return new Rule(
                source.fileName(),
                read.id(),
                read.title() == null ? "(untitled Sigma rule)" : read.title(),
                str(d.get("description")),
                authors(str(d.get("author"))),
                str(d.get("license")),
                str(d.get("level")),
                null,
                "eql",
                LANGUAGE,
                EqlPrinter.print(read.query()),
                source,
                List.of(),
                tags,
                threats(tags),
                strings(d.get("references")),
                strings(d.get("falsepositives")),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                List.of(),
                metadata,
                Map.of(),
                other);
    }

    private static List<String> authors(String author) {
        if (author == null || author.isBlank()) return List.of();
        List<String> out = new ArrayList<>();
        int depth = 0;
        StringBuilder cur = new StringBuilder();
        for (char c : author.toCharArray()) {
            if (c == '(') depth++;
            if (c == ')') depth = Math.max(0, depth - 1);
            if (c == ',' && depth == 0) {
                if (!cur.toString().isBlank()) out.add(cur.toString().strip());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (!cur.toString().isBlank()) out.add(cur.toString().strip());
        return out;
    }

    /** ATT&CK tags as threats: one per tactic, and one holding the techniques (Sigma does not pair them). */
    private static List<Rule.Threat> threats(List<String> tags) {
        List<Rule.Threat> out = new ArrayList<>();
        Map<String, List<Rule.Reference>> techniques = new LinkedHashMap<>();
        for (String tag : tags) {
            String t = tag.toLowerCase(Locale.ROOT);
            if (!t.startsWith("attack.")) continue;
            String rest = t.substring("attack.".length()).replace('_', '-');
            if (TACTICS.containsKey(rest)) {
                String id = TACTICS.get(rest);
                out.add(new Rule.Threat("MITRE ATT&CK", new Rule.Reference(id, title(rest),
                        "https://attack.mitre.org/tactics/" + id + "/"), List.of()));
            } else if (rest.matches("t[0-9]{4}(\\.[0-9]{3})?")) {
                String parent = rest.substring(0, 5).toUpperCase(Locale.ROOT);
                List<Rule.Reference> subs = techniques.computeIfAbsent(parent, k -> new ArrayList<>());
                if (rest.length() > 5) {
                    String sub = rest.toUpperCase(Locale.ROOT);
                    subs.add(new Rule.Reference(sub, null, "https://attack.mitre.org/techniques/" + parent + "/" + sub.substring(6) + "/"));
                }
            }
        }
        if (!techniques.isEmpty()) {
            List<Rule.Technique> list = new ArrayList<>();
            techniques.forEach((id, subs) -> list.add(new Rule.Technique(id, null, "https://attack.mitre.org/techniques/" + id + "/",
                    List.copyOf(subs))));
            out.add(new Rule.Threat("MITRE ATT&CK", null, List.copyOf(list)));
        }
        return List.copyOf(out);
    }

    private static String title(String dashed) {
        StringBuilder sb = new StringBuilder();
        for (String w : dashed.split("-")) {
            if (sb.length() > 0) sb.append(' ');
            sb.append(w.equals("and") ? w : Character.toUpperCase(w.charAt(0)) + w.substring(1));
        }
        return sb.toString();
    }

    private static Map<String, String> tactics() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("reconnaissance", "TA0043");
        m.put("resource-development", "TA0042");
        m.put("initial-access", "TA0001");
        m.put("execution", "TA0002");
        m.put("persistence", "TA0003");
        m.put("privilege-escalation", "TA0004");
        m.put("defense-evasion", "TA0005");
        m.put("credential-access", "TA0006");
        m.put("discovery", "TA0007");
        m.put("lateral-movement", "TA0008");
        m.put("collection", "TA0009");
        m.put("exfiltration", "TA0010");
        m.put("command-and-control", "TA0011");
        m.put("impact", "TA0040");
        return Map.copyOf(m);
    }

    private static String str(Object o) { return o == null ? null : String.valueOf(o); }

    private static List<String> strings(Object o) {
        if (o == null) return List.of();
        List<String> out = new ArrayList<>();
        if (o instanceof List<?> l) l.forEach(x -> { if (x != null) out.add(String.valueOf(x)); });
        else out.add(String.valueOf(o));
        return List.copyOf(out);
    }
}
