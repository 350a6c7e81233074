package dev.ruleport.mapping;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One kind of target data a profile can send a rule to: a Sigma {@code logsource}, a Kusto table, a Splunk
 * search prefix or data-model dataset. Immutable; obtained from {@link MappingProfile#logsources()} or, bound to
 * a rule, from {@link MappingProfile#select(RuleFacts)}.
 *
 * <p>It carries: the target attributes (ordered; Sigma {@code product}/{@code category}/{@code service}, KQL
 * {@code table}/{@code timestamp}/{@code where}, SPL {@code search} or {@code datamodel}/{@code dataset}/
 * {@code where}); the conditions under which it applies ({@code when}: must hold exactly; {@code requires}: holds
 * exactly or the selection is {@link Fidelity#NARROWER}); the facts it absorbs (conjuncts it guarantees, which a
 * backend may drop); and the field table.
 */
public final class Logsource {
    /**
     * A fact guaranteed by the log source: {@code field} has one of {@code values} (synonyms of one kind). With
     * {@code clauses}, the log source does not guarantee the fact by itself but the target can test it with the
     * clause given per value (target syntax); {@code says} is the equivalence that clause relies on, stated in the
     * output (null when exact).
     */
    record Absorb(String field, Set<String> values, Condition when, Fidelity fidelity, Map<String, String> clauses,
                  String says) {
        Absorb(String field, Set<String> values, Condition when, Fidelity fidelity) {
            this(field, values, when, fidelity, Map.of(), null);
        }
    }

    /**
     * Another way a rule can select this log source's events: a rule whose facts satisfy {@code when} exactly asks
     * for the same activity the log source records, named differently (process start in Elastic Defend = Windows
     * Security event 4688). The rule's conjuncts in {@code absorbs} are then guaranteed, and the translation is
     * equivalent under {@code says}.
     */
    record Equivalent(Condition when, List<Absorb> absorbs, String says) {}

    private final String id;
    private final String description;
    private final Map<String, String> attributes;
    private final Condition when;
    private final Condition requires;
    private final Fidelity fidelity;
    private final String note;
    private final List<Absorb> absorbs;
    private final List<FieldTable> tables;
    private final boolean identity;
    private final Set<String> multiValued;
    private final Map<String, String> columns;
    private final String profileName;
    private final List<Equivalent> equivalents;
    private final List<String> neverRecorded;
    private final Map<String, Set<String>> records;

    Logsource(String id, String description, Map<String, String> attributes, Condition when, Condition requires,
              Fidelity fidelity, String note, List<Absorb> absorbs, List<FieldTable> tables, boolean identity,
              Set<String> multiValued, Map<String, String> columns, String profileName, List<Equivalent> equivalents,
              List<String> neverRecorded, Map<String, Set<String>> records) {
        this.id = id;
        this.description = description;
        this.attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        this.when = when;
        this.requires = requires;
        this.fidelity = fidelity;
        this.note = note;
        this.absorbs = List.copyOf(absorbs);
        this.tables = List.copyOf(tables);
        this.identity = identity;
        this.multiValued = Set.copyOf(multiValued);
        this.columns = columns == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(columns));
        this.profileName = profileName;
        this.equivalents = List.copyOf(equivalents);
        this.neverRecorded = List.copyOf(neverRecorded);
        this.records = Collections.unmodifiableMap(new LinkedHashMap<>(records));
    }

    /** A stable name such as {@code windows/process_creation} or {@code xdr/DeviceProcessEvents}. */
    public String id() { return id; }

    public String description() { return description; }

    /**
     * The target attributes in profile order, profile variables substituted. May still contain
     * {@code ${rule.index}}, which {@link Selection#attributes()} replaces with the rule's index patterns.
     */
    public Map<String, String> attributes() { return attributes; }

    /** The log source's own fidelity, regardless of the rule (e.g. Sysmon file_change only logs time stomping). */
    public Fidelity fidelity() { return fidelity; }

    /** Why {@link #fidelity()} is not exact; null when it is. */
    public String note() { return note; }

    /** Declared target columns and their Kusto types (KQL profiles); empty when the target has no fixed schema. */
    public Map<String, String> columns() { return columns == null ? Map.of() : columns; }

    /** The fields this log source names explicitly (mapped or declared unmappable), in no particular order. */
    public Set<String> explicitFields() {
        Set<String> out = new java.util.TreeSet<>();
        tables.forEach(t -> out.addAll(t.explicit().keySet()));
        return out;
    }

    /**
     * Where an ECS field lives in this log source; empty when it has no equivalent (the backend reports the
     * field, with its position, as unmapped). Lookup order: the log source's own fields, its field groups, the
     * profile's fields, then prefix rules in the same order, then identity for identity profiles. When the log
     * source declares columns, a target outside them is no mapping.
     */
    public Optional<FieldMapping> field(String ecsField) {
        FieldTable.FieldRule rule = explicitRule(ecsField);
        FieldMapping m;
        if (rule != null) {
            if (rule.mapping() == null) return Optional.empty();
            m = rule.mapping();
        } else {
            if (never(ecsField).isPresent()) return Optional.empty();
            Optional<String> target = byPrefix(ecsField);
            if (target.isPresent()) {
                m = FieldMapping.exact(target.get());
            } else if (identity) {
                m = FieldMapping.exact(ecsField);
            } else {
                return Optional.empty();
            }
            if (multiValued.contains(ecsField)) m = m.typed(m.type(), true);
        }
        if (columns != null && !m.computed()) {
            String type = columns.get(m.target());
            if (type == null) return Optional.empty();
            m = m.typed(type, m.multiValued() || "dynamic".equals(type));
        } else if (m.computed() && "dynamic".equals(m.type())) {
            m = m.typed(m.type(), true);
        }
        return Optional.of(m);
    }

    /**
     * Why the log source never records {@code ecsField}, if it does not: in the ECS data the source would produce the
     * field is missing (4688 events carry no signature, Sysmon event 1 no user SID).
     */
    public Optional<String> never(String ecsField) {
        FieldTable.FieldRule rule = explicitRule(ecsField);
        if (rule != null) return Optional.ofNullable(rule.neverReason());
        for (String n : neverRecorded) {
            if (n.endsWith(".") ? ecsField.startsWith(n) : ecsField.equals(n)) {
                return Optional.of(id + " never records " + (n.endsWith(".") ? n + "*" : n));
            }
        }
        return Optional.empty();
    }

    /**
     * ECS values every event of this log source has ({@code event.code: ['1']} for Sysmon process creation), lower
     * case: a rule restricting such a field to other values selects no event here, a conjunct they imply is
     * guaranteed, and measured fixture events are given them.
     */
    public Map<String, Set<String>> records() { return records; }

    /** Every value of {@code field} the log source absorbs, itself or under an equivalence (lower-cased). */
    public Set<String> absorbedValues(String field) {
        Set<String> out = new java.util.LinkedHashSet<>();
        for (Absorb a : absorbs) if (a.field().equals(field)) out.addAll(a.values());
        for (Equivalent e : equivalents) for (Absorb a : e.absorbs()) if (a.field().equals(field)) out.addAll(a.values());
        return out;
    }

    /** How the target writes some values of {@code ecsField} (see {@link ValueRendering}); empty when as they are. */
    public Optional<ValueRendering> rendering(String ecsField) {
        FieldTable.FieldRule rule = explicitRule(ecsField);
        return rule == null || rule.mapping() == null ? Optional.empty() : Optional.ofNullable(rule.rendering());
    }

    /** How the target stores {@code ecsField} as an entry of a list in another field ({@link KeyedEntry}); empty when not so. */
    public Optional<KeyedEntry> entry(String ecsField) {
        FieldTable.FieldRule rule = explicitRule(ecsField);
        return rule == null ? Optional.empty() : Optional.ofNullable(rule.entry());
    }

    /** Every field this log source stores as an entry of a list ({@link #entry}), by ECS name, in declaration order. */
    public Map<String, KeyedEntry> entries() { return effective(FieldTable.FieldRule::entry); }

    /**
     * Where a sequence's join key lives in this log source: the field's own mapping, or else a mapping the profile
     * declares for joining only ({@code join_only: true}: the target holds the same identity under another value,
     * such as a host's name for {@code host.id}). Empty when neither exists.
     */
    public Optional<FieldMapping> joinKey(String ecsField) {
        Optional<FieldMapping> m = field(ecsField);
        if (m.isPresent()) return m;
        FieldTable.FieldRule rule = explicitRule(ecsField);
        return rule == null ? Optional.empty() : Optional.ofNullable(rule.joinKey());
    }

    /** Every join-only mapping this log source declares (ECS field to target), for readers of the output. */
    public Map<String, FieldMapping> joinOnlyMappings() { return effective(FieldTable.FieldRule::joinKey); }

    /** One part of every explicit rule that is in effect (not hidden by an earlier table's rule), where it has one. */
    private <T> Map<String, T> effective(java.util.function.Function<FieldTable.FieldRule, T> part) {
        Map<String, T> out = new LinkedHashMap<>();
        for (FieldTable t : tables) {
            t.explicit().forEach((k, r) -> {
                T v = part.apply(r);
                if (!out.containsKey(k) && v != null && explicitRule(k) == r) out.put(k, v);
            });
        }
        return out;
    }

    /**
     * The clauses this log source tests absorbed conjuncts with, in the target's syntax: field, then value, then
     * clause ({@code host.os.type → windows → sourcetype IN (...)}); for readers of the output.
     */
    public Map<String, Map<String, String>> clausesByField() {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (Absorb a : absorbs) {
            if (!a.clauses().isEmpty()) out.computeIfAbsent(a.field(), k -> new LinkedHashMap<>()).putAll(a.clauses());
        }
        return out;
    }

    /** Other ways a rule can select this log source's events (see {@link Equivalent}). */
    List<Equivalent> equivalents() { return equivalents; }

    /** A sentence saying why {@code ecsField} has no mapping here, for the backend's diagnostic. */
    public String explainUnmapped(String ecsField) {
        FieldTable.FieldRule rule = explicitRule(ecsField);
        String where = "logsource " + id + " of profile " + profileName;
        Optional<String> never = never(ecsField);
        if (never.isPresent()) return ecsField + " is never recorded in " + where + ": " + never.get();
        if (rule != null && rule.entry() != null) {
            return ecsField + " is the " + rule.entry().key() + " entry of " + rule.entry().list() + " in " + where
                    + ": only a comparison of it with whole values (==, !=, in, : without wildcards) is translated";
        }
        if (rule != null && rule.mapping() == null) {
            return ecsField + " has no equivalent in " + where
                    + (rule.unmappedReason() == null || rule.unmappedReason().isBlank() ? "" : ": " + rule.unmappedReason());
        }
        if (columns != null) {
            String target = rule != null ? rule.mapping().target() : byPrefix(ecsField).orElse(identity ? ecsField : null);
            if (target != null && !columns.containsKey(target)) {
                return ecsField + " would map to column " + target + ", which " + where + " does not have";
            }
        }
        return field(ecsField).isPresent() ? ecsField + " is mapped in " + where : "no mapping for " + ecsField + " in " + where;
    }

    private FieldTable.FieldRule explicitRule(String ecsField) {
        for (FieldTable t : tables) {
            FieldTable.FieldRule r = t.explicit().get(ecsField);
            if (r != null) return r;
        }
        return null;
    }

    private Optional<String> byPrefix(String ecsField) {
        for (FieldTable t : tables) {
            Optional<String> p = t.byPrefix(ecsField);
            if (p.isPresent()) return p;
        }
        return Optional.empty();
    }

    Condition when() { return when; }
    Condition requires() { return requires; }
    List<Absorb> absorbs() { return absorbs; }

    /**
     * A condition in the target's syntax that tests a fact the log source cannot guarantee by itself: {@code field}
     * has one of {@code values} exactly where {@code text} holds (a host's OS through a device inventory).
     */
    public record Clause(String field, Set<String> values, String text, String says) {}

    /**
     * The log source's own clauses (not those of its equivalent entries), one per clause text and field, in profile
     * order: what a reader of the target's query turns a clause back into.
     */
    public List<Clause> clauses() {
        Map<List<String>, Set<String>> values = new LinkedHashMap<>();
        Map<List<String>, String> says = new LinkedHashMap<>();
        for (Absorb a : absorbs) {
            a.clauses().forEach((value, text) -> {
                List<String> key = List.of(a.field(), text);
                values.computeIfAbsent(key, k -> new java.util.LinkedHashSet<>()).add(value);
                says.putIfAbsent(key, a.says());
            });
        }
        List<Clause> out = new ArrayList<>();
        values.forEach((k, v) -> out.add(new Clause(k.get(0), Collections.unmodifiableSet(v), k.get(1), says.get(k))));
        return out;
    }
    String profileName() { return profileName; }

    /**
     * The ECS fields this log source stores unchanged in {@code target} (explicit exact renames, exact computed fields
     * whose expression is {@code target}, and fields a prefix rule maps onto it): the fields a reader of the target may
     * read the column (or expression, such as {@code tostring(EventData.Image)}) back as.
     */
    public List<String> storedAs(String target) {
        List<String> out = new ArrayList<>();
        explicitMappings().forEach((ecs, m) -> {
            if (m.target().equals(target) && m.transform() == ValueTransform.NONE && m.fidelity().isExact()) {
                out.add(ecs);
            }
        });
        for (FieldTable t : tables) {
            t.prefixes().forEach((ecsPrefix, targetPrefix) -> {
                if (!target.startsWith(targetPrefix)) return;
                String ecs = ecsPrefix + target.substring(targetPrefix.length());
                Optional<FieldMapping> m = field(ecs);
                if (m.isPresent() && m.get().target().equals(target) && m.get().transform() == ValueTransform.NONE
                        && !out.contains(ecs)) {
                    out.add(ecs);
                }
            });
        }
        return out;
    }

    /** Every mapping this log source states explicitly (for checks such as the schema test). */
    public Map<String, FieldMapping> explicitMappings() {
        Map<String, FieldMapping> out = new LinkedHashMap<>();
        List<FieldTable> reversed = new ArrayList<>(tables);
        Collections.reverse(reversed);
        for (FieldTable t : reversed) {
            t.explicit().forEach((k, r) -> {
                if (r.mapping() != null) out.put(k, r.mapping());
                else out.remove(k);
            });
        }
        Map<String, FieldMapping> resolved = new LinkedHashMap<>();
        out.keySet().forEach(k -> field(k).ifPresentOrElse(m -> resolved.put(k, m), () -> resolved.put(k, out.get(k))));
        return resolved;
    }

    @Override public String toString() { return id + " " + attributes; }
}
