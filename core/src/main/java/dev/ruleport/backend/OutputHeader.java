package dev.ruleport.backend;

import dev.ruleport.lower.Finding;
import dev.ruleport.loader.Rule;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The frame every text output starts with, written once: what the rule is (name, id, severity, ATT&CK), where it
 * came from, how it was translated (profile, log sources, fields), and the translation's fidelity with every
 * loss or equivalence it relies on. Backends put the lines into their own comment syntax.
 */
public final class OutputHeader {
    private OutputHeader() {}

    /**
     * @param fields       {@code ecs -> target} lines for the fields the output tests (may be empty)
     * @param losses       the losses written into the output, with their positions ({@link Refusals#position})
     * @param equivalences the event-class equivalences an equivalent translation relies on
     */
    public static List<String> lines(Rule rule, String profile, List<String> logsources, List<String> fields,
                                     Refusals refusals, List<String> equivalences) {
        List<String> out = new ArrayList<>();
        out.add(nz(rule.name()));
        List<String> ids = new ArrayList<>();
        if (rule.ruleId() != null) ids.add("rule_id: " + rule.ruleId());
        if (rule.severity() != null) ids.add("severity: " + rule.severity());
        if (rule.riskScore() != null) ids.add("risk_score: " + rule.riskScore());
        if (!ids.isEmpty()) out.add(String.join("  ", ids));
        out.addAll(attack(rule));
        if (rule.file() != null) out.add("source: " + Path.of(rule.file()).getFileName());
        out.add("profile: " + profile + (logsources.isEmpty() ? "" : "  log source: " + String.join(", ", logsources)));
        for (String f : fields) out.add("field: " + f);
        List<Finding> losses = refusals.losses();
        if (!losses.isEmpty()) {
            out.add("translation: LOSSY (--lossy" + (refusals.mode() == dev.ruleport.lower.LossMode.ANY ? "=any" : "")
                    + "); this output only approximates the rule:");
            for (Finding f : losses) {
                out.add("LOSSY " + refusals.position(f) + " " + f.directionLabel() + " " + f.text());
            }
        } else if (!equivalences.isEmpty()) {
            out.add("translation: equivalent, the same logic over the target's record of the same activity:");
            for (String e : equivalences) out.add("equivalence: " + e);
        } else {
            out.add("translation: exact");
        }
        return out;
    }

    /** One line per ATT&CK entry: {@code ATT&CK: TA0006 Credential Access; T1003 OS Credential Dumping, T1003.001 LSASS Memory}. */
    public static List<String> attack(Rule rule) {
        List<String> out = new ArrayList<>();
        if (rule.threats() == null) return out;
        for (Rule.Threat t : rule.threats()) {
            StringBuilder th = new StringBuilder(nz(t.framework()));
            if (t.tactic() != null) th.append(": ").append(nz(t.tactic().id())).append(' ').append(nz(t.tactic().name()));
            if (t.techniques() != null) {
                for (Rule.Technique tech : t.techniques()) {
                    th.append("; ").append(nz(tech.id())).append(' ').append(nz(tech.name()));
                    if (tech.subtechniques() != null) {
                        for (Rule.Reference sub : tech.subtechniques()) th.append(", ").append(nz(sub.id())).append(' ').append(nz(sub.name()));
                    }
                }
            }
            out.add(th.toString());
        }
        return out;
    }

    private static String nz(String s) { return s == null ? "" : s; }
}
