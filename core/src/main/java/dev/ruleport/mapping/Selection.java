package dev.ruleport.mapping;

import dev.ruleport.ir.Expr;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A log source chosen for one rule (one filter): the log source, how faithfully it covers the events the rule
 * can match, and why.
 *
 * @param logsource the chosen log source
 * @param fidelity  {@link Fidelity#EXACT} when every event the rule can match is in the log source;
 *                  {@link Fidelity#NARROWER} when the rule does not restrict its data as the log source requires
 *                  (e.g. a {@code process where} rule without {@code event.type == "start"} sent to Sigma
 *                  {@code process_creation}); the log source's own fidelity folded in
 * @param reason    a sentence for diagnostics when {@code fidelity} is not exact; null otherwise
 * @param facts     the facts the selection was made from
 * @param equivalence when the rule selects the log source's events under another name (see
 *                    {@link Logsource.Equivalent}), that equivalence; null when the rule names them as the log source
 *                    does
 * @param extra       conjuncts the equivalence guarantees besides the log source's own absorptions
 * @param hosts       the deployment's declared hosts ({@link HostScope}); null when none is declared
 * @param assumesHosts whether the selection was made for the rule's events on those hosts only ({@code facts} then
 *                     holds the scope's OS where the rule named none or more): the scope's statement is part of the
 *                     translation's equivalence
 */
public record Selection(Logsource logsource, Fidelity fidelity, String reason, RuleFacts facts, String equivalence,
                        java.util.List<Logsource.Absorb> extra, HostScope hosts, boolean assumesHosts) {
    public Selection(Logsource logsource, Fidelity fidelity, String reason, RuleFacts facts) {
        this(logsource, fidelity, reason, facts, null, java.util.List.of(), null, false);
    }

    public Selection(Logsource logsource, Fidelity fidelity, String reason, RuleFacts facts, String equivalence,
                     java.util.List<Logsource.Absorb> extra) {
        this(logsource, fidelity, reason, facts, equivalence, extra, null, false);
    }

    public String id() { return logsource.id(); }

    /** The log source's attributes with {@code ${rule.index}} replaced by the rule's index patterns (comma-joined). */
    public Map<String, String> attributes() {
        String index = String.join(",", facts.indexPatterns());
        Map<String, String> out = new LinkedHashMap<>();
        logsource.attributes().forEach((k, v) -> out.put(k, v.replace("${rule.index}", index)));
        return out;
    }

    /** Shorthand for {@code logsource().field(ecsField)}. */
    public Optional<FieldMapping> field(String ecsField) { return logsource.field(ecsField); }

    /**
     * Whether a top-level conjunct of the rule is guaranteed by the log source, so the backend may drop it:
     * the conjunct must be a fact (see {@link RuleFacts}) on a field the log source absorbs, naming at least one
     * of the absorbed values (the absorbed values are synonyms for the log source's one kind of event). Returns
     * the fidelity of dropping it ({@link Fidelity#BROADER} when the target cannot express the restriction at
     * all, e.g. an OS test on a table that holds every OS), or empty when the conjunct must stay.
     */
    public Optional<Absorption> absorbs(Expr conjunct) {
        return RuleFacts.factOf(conjunct).flatMap(f -> absorbs(f.field(), f.values()));
    }

    /**
     * The same test for a restriction of {@code field} to {@code values} (compared case-insensitively). An absorb with
     * clauses applies when every value has a clause: the target tests the values' clauses, joined with {@code or}.
     */
    public Optional<Absorption> absorbs(String field, Collection<String> values) {
        Set<String> lowered = new LinkedHashSet<>();
        values.forEach(v -> lowered.add(RuleFacts.lower(v)));
        Set<String> recorded = logsource.records().get(field);
        if (recorded != null && lowered.containsAll(recorded)) return Optional.of(Absorption.exact());
        // an OS test that holds on every host of the declared deployment: left out, the declaration stated
        Optional<Absorption> byHosts = hosts != null && field.equals(RuleFacts.OS_TYPE) && hosts.decides(lowered)
                ? Optional.of(new Absorption(Fidelity.EXACT, null, hosts.says())) : Optional.empty();
        List<Logsource.Absorb> all = new java.util.ArrayList<>(extra);
        all.addAll(logsource.absorbs());
        for (Logsource.Absorb a : all) {
            if (!a.field().equals(field) || a.when().test(facts) != Condition.Verdict.EXACT) continue;
            if (!a.clauses().isEmpty()) {
                // the deployment's declaration spares the target the clause (a device inventory look-up)
                if (byHosts.isPresent()) return byHosts;
                List<String> clauses = new java.util.ArrayList<>();
                for (String v : lowered) {
                    String c = a.clauses().get(v);
                    if (c == null) { clauses = null; break; }
                    if (!clauses.contains(c)) clauses.add(c);
                }
                if (clauses == null) continue;
                String clause = clauses.size() == 1 ? clauses.get(0) : "(" + String.join(") or (", clauses) + ")";
                // a clause that is the log source's own test of the deployment's OS (4688 = a Windows event, through
                // the device inventory) holds on every event of the deployment: no clause, the declaration stated
                if (clauses.size() == 1 && clause.equals(hostsClause())) return Optional.of(new Absorption(a.fidelity(), null, hosts.says()));
                return Optional.of(new Absorption(a.fidelity(), clause, a.says()));
            }
            for (String v : lowered) {
                if (a.values().contains(v)) {
                    String says = a.says() != null ? a.says() : extra.contains(a) ? equivalence : null;
                    return Optional.of(new Absorption(a.fidelity(), null, says));
                }
            }
        }
        return byHosts;
    }

    /** The one clause the log source tests the declared hosts' OS with; null without a scope or such a clause. */
    private String hostsClause() {
        if (hosts == null) return null;
        for (Logsource.Absorb a : logsource.absorbs()) {
            if (!a.field().equals(RuleFacts.OS_TYPE) || a.clauses().isEmpty()) continue;
            Set<String> cs = new LinkedHashSet<>();
            for (String os : hosts.os()) cs.add(a.clauses().get(os));
            if (cs.size() == 1 && !cs.contains(null)) return cs.iterator().next();
        }
        return null;
    }

    /**
     * Whether the conjunct implied by the category keyword ({@code process where} = category field equals
     * {@code process}) is guaranteed by the log source; empty for {@code any} or when it must stay.
     */
    public Optional<Absorption> absorbsCategory(dev.ruleport.ir.Category category) {
        if (category.isAny()) return Optional.empty();
        return absorbs(facts.categoryField(), Set.of(category.name()));
    }
}
