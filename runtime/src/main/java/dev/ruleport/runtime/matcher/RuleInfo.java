package dev.ruleport.runtime.matcher;

import java.util.List;
import java.util.Objects;

/**
 * A rule's metadata as a generated matcher carries it.
 *
 * @param ruleId     the rule's {@code rule_id}
 * @param name       its name
 * @param severity   {@code low}, {@code medium}, {@code high}, {@code critical} (may be null)
 * @param riskScore  0-100, or -1 when the rule has none
 * @param tactics    MITRE ATT&amp;CK tactic ids ({@code TA0006})
 * @param techniques ATT&amp;CK technique and sub-technique ids ({@code T1003}, {@code T1003.001})
 * @param query      the EQL query as written in the rule
 */
public record RuleInfo(String ruleId, String name, String severity, int riskScore, List<String> tactics,
                       List<String> techniques, String query) {
    public RuleInfo {
        tactics = List.copyOf(tactics);
        techniques = List.copyOf(techniques);
        Objects.requireNonNull(query, "query");
    }
}
