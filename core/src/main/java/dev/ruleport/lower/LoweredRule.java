package dev.ruleport.lower;

import dev.ruleport.compile.CompiledRule;
import dev.ruleport.ir.Query;
import dev.ruleport.loader.Rule;
import dev.ruleport.mapping.MappingProfile;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A rule lowered for one mapping profile: what every profile-driven backend renders. Made once by
 * {@link Lowering#lower}; immutable.
 *
 * @param compiled the rule and its query as parsed
 * @param profile  the mapping profile
 * @param mode     the approximations the user allows
 * @param kind     the query's shape
 * @param event    the lowered filter of an event query; null otherwise
 * @param sequence the lowered sequence (or sample, whose terms it holds); null for an event query
 * @param findings everything the lowering found not exactly translatable, in source order; the backend adds its own
 * @param equivalences the equivalences the translation relies on (an activity named differently by the target, a
 *                 field that holds the same data under a stated identity), each once; empty for an exact one
 * @param union    for an event query no single log source holds: its branches, each lowered onto its own log source
 *                 (together they match exactly the events the query matches; see {@code Lowering#split}); {@code event}
 *                 is then null. Empty otherwise
 */
public record LoweredRule(CompiledRule compiled, MappingProfile profile, LossMode mode, Kind kind,
                          LoweredFilter event, LoweredSequence sequence, List<Finding> findings,
                          List<String> equivalences, List<LoweredFilter> union) {
    public enum Kind { EVENT, SEQUENCE, SAMPLE }

    public LoweredRule {
        findings = List.copyOf(findings);
        equivalences = List.copyOf(equivalences);
        union = List.copyOf(union);
    }

    /** Whether the event query is lowered as a union of branches over several log sources. */
    public boolean isUnion() { return !union.isEmpty(); }

    public Rule rule() { return compiled.rule(); }

    public Query query() { return compiled.query(); }

    /** Every lowered filter: the event query's, or each term's (until included). */
    public List<LoweredFilter> filters() {
        List<LoweredFilter> out = new ArrayList<>();
        if (event != null) out.add(event);
        out.addAll(union);
        if (sequence != null) sequence.allTerms().forEach(t -> out.add(t.filter()));
        return out;
    }

    /** Whether a finding makes the translation impossible whatever the target can say. */
    public boolean refused() {
        return findings.stream().anyMatch(f -> !f.isLossUnder(mode));
    }

    /** {@code ecs -> Target [(transform)]} for every field the output tests or joins on, in order, without repeats. */
    public List<String> fieldLines() {
        Set<String> out = new LinkedHashSet<>();
        for (LoweredFilter f : filters()) {
            f.fields().forEach((ecs, m) -> out.add(line(ecs, m)));
            f.never().forEach((ecs, why) -> out.add(ecs + " -> never recorded, decided as missing (" + why + ")"));
            f.entries().forEach((ecs, e) -> {
                dev.ruleport.mapping.FieldMapping list = f.fields().get(e.list());
                if (list != null) out.add(ecs + " -> " + e.header(list));
            });
        }
        if (sequence != null) {
            for (LoweredTerm t : sequence.allTerms()) {
                for (JoinKey k : t.keys()) out.add(line(k.ecsName(), k.mapping()));
            }
        }
        return new ArrayList<>(out);
    }

    private static String line(String ecs, dev.ruleport.mapping.FieldMapping m) {
        return ecs + " -> " + (m.computed() ? m.expression() : m.target()) + (m.transform() == dev.ruleport.mapping.ValueTransform.NONE ? ""
                : " (" + m.transform().name().toLowerCase(java.util.Locale.ROOT) + ")");
    }

    /** The ids of the chosen log sources, in order, without repeats. */
    public List<String> logsourceIds() {
        Set<String> ids = new LinkedHashSet<>();
        for (LoweredFilter f : filters()) if (f.selection() != null) ids.add(f.logsourceId());
        return new ArrayList<>(ids);
    }

    /** The name of the profile the rule was lowered through. */
    public String profileName() { return profile.name(); }

    /** The language that profile describes data for ({@code any} for the ECS identity profile). */
    public String profileTarget() { return profile.target(); }
}
