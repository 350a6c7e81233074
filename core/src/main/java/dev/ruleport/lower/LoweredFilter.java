package dev.ruleport.lower;

import dev.ruleport.ir.Expr;
import dev.ruleport.ir.FieldRef;
import dev.ruleport.ir.Filter;
import dev.ruleport.mapping.Fidelity;
import dev.ruleport.mapping.FieldMapping;
import dev.ruleport.mapping.Selection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One filter (an event query's, or a sequence term's) lowered onto a log source of the profile.
 *
 * @param source    the filter as written
 * @param selection the log source chosen for it; null when no log source fits (a fatal finding says so)
 * @param absorbed  the conjuncts the log source guarantees, so the target does not test them (the category test
 *                  among them when absorbed), each with the fidelity of leaving it out
 * @param condition what the target must test: normal form ({@link Normalizer}), the category test included
 *                  unless absorbed, constants folded, every field resolved; {@code true} when nothing is left
 * @param fields    every field of {@code condition} (ECS name) with its place in the log source
 * @param dropped   whether a predicate was dropped from {@code condition} (lossy output only)
 * @param clauses   conditions in the target's syntax the target must test besides {@code condition}: absorbed
 *                  conjuncts the log source tests another way (an OS through a device inventory)
 * @param never     the fields the log source never records that the filter tested, with why: decided as missing
 * @param entries   the fields the filter tested that the log source stores as an entry of a list (tested through
 *                  the list, which {@code fields} holds)
 */
public record LoweredFilter(Filter source, Selection selection, List<Absorbed> absorbed, Expr condition,
                            Map<String, FieldMapping> fields, boolean dropped, List<String> clauses,
                            Map<String, String> never, Map<String, dev.ruleport.mapping.KeyedEntry> entries) {
    public LoweredFilter {
        entries = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(entries));
        absorbed = List.copyOf(absorbed);
        clauses = List.copyOf(clauses);
        never = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(never));
        fields = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
    }

    /** A conjunct left out because the log source guarantees it (or tests it with a clause), and how faithfully. */
    public record Absorbed(Expr conjunct, Fidelity fidelity, String clause, String says) {}

    /** The top-level conjuncts the target must test (none when everything was absorbed). */
    public List<Expr> conjuncts() { return Normalizer.conjuncts(condition); }

    /** Whether the target has nothing left to test beyond selecting the log source (and its clauses). */
    public boolean testsNothing() { return Normalizer.is(condition, true) && clauses.isEmpty(); }

    /** Where a field of the condition lives in the log source. Every field of {@link #condition} has an entry. */
    public FieldMapping field(FieldRef ref) {
        FieldMapping m = fields.get(ref.name());
        if (m == null) throw new IllegalStateException("field " + ref.name() + " was not resolved by the lowering");
        return m;
    }

    /** Where any ECS field would live in the chosen log source (join keys, fields a backend adds). */
    public Optional<FieldMapping> lookup(String ecsField) {
        FieldMapping m = fields.get(ecsField);
        return m != null ? Optional.of(m) : selection == null ? Optional.empty() : selection.field(ecsField);
    }

    /** The chosen log source's attributes (table, search prefix, Sigma logsource, ...). */
    public Map<String, String> attributes() { return selection.attributes(); }

    public String logsourceId() { return selection.id(); }
}
