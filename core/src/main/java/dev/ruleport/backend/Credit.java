package dev.ruleport.backend;

import dev.ruleport.loader.Rule;
import java.util.ArrayList;
import java.util.List;

/**
 * The credit every output of a rule read from Sigma carries: the Sigma rule's title, id, author and references
 * (the Detection Rule License 1.1 asks that a derived rule keep them). Empty for other rules, so their outputs
 * are unchanged.
 */
public final class Credit {
    private Credit() {}

    /** The language the front end gives rules read from Sigma. */
    public static final String SIGMA = "sigma";

    /** One line each: {@code Sigma rule: <title> (id <id>)}, {@code author: ...}, {@code license: ...}, {@code reference: ...}. */
    public static List<String> lines(Rule rule) {
        if (rule == null || !SIGMA.equals(rule.language())) return List.of();
        List<String> out = new ArrayList<>();
        out.add("Sigma rule: " + rule.name() + (rule.ruleId() == null ? "" : " (id " + rule.ruleId() + ")"));
        if (rule.authors() != null && !rule.authors().isEmpty()) out.add("author: " + String.join(", ", rule.authors()));
        if (rule.license() != null) out.add("license: " + rule.license());
        if (rule.references() != null) for (String r : rule.references()) out.add("reference: " + r);
        return out;
    }
}
