package dev.ruleport.loader;

import dev.ruleport.diag.SourceText;
import java.util.List;
import java.util.Map;

/**
 * An Elastic detection rule as written in its TOML file: every field of the format ruleport knows,
 * plus the rest kept as data ({@code otherRuleFields}, {@code transform}) so nothing is lost when a
 * backend wants to carry metadata along. {@code querySource} positions the query inside the file.
 */
public record Rule(
        String file,
        String ruleId,
        String name,
        String description,
        List<String> authors,
        String license,
        String severity,
        Integer riskScore,
        String type,
        String language,
        String query,
        SourceText querySource,
        List<String> index,
        List<String> tags,
        List<Threat> threats,
        List<String> references,
        List<String> falsePositives,
        String note,
        String setup,
        String from,
        String interval,
        String timestampOverride,
        String eventCategoryOverride,
        String buildingBlockType,
        Integer maxSignals,
        List<String> investigationFields,
        Metadata metadata,
        Map<String, Object> transform,
        Map<String, Object> otherRuleFields) {

    /** {@code [[rule.threat]]}: one framework entry with its tactic and techniques. */
    public record Threat(String framework, Reference tactic, List<Technique> techniques) {}

    public record Reference(String id, String name, String reference) {}

    public record Technique(String id, String name, String reference, List<Reference> subtechniques) {}

    /** {@code [metadata]}; {@code integration} is a list even when the file gives one string. */
    public record Metadata(String creationDate, String updatedDate, String maturity, List<String> integration,
                           String minStackVersion, String minStackComments, Map<String, Object> other) {}

    /** The field that a named event category tests: {@code event.category} unless the rule overrides it. */
    public String categoryField() {
        return eventCategoryOverride != null ? eventCategoryOverride : "event.category";
    }

    public boolean isEql() { return "eql".equals(language); }
}
