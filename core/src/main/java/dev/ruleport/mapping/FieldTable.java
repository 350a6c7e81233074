package dev.ruleport.mapping;

import java.util.Map;
import java.util.Optional;

/**
 * One table of field rules: explicit entries (a mapping, or "known unmappable" with a reason) and prefix
 * renames ({@code winlog.event_data.} → {@code ""}). Logsources look fields up through a chain of tables.
 */
record FieldTable(Map<String, FieldRule> explicit, Map<String, String> prefixes) {
    static final FieldTable EMPTY = new FieldTable(Map.of(), Map.of());

    FieldTable {
        // insertion order kept: iteration order decides which of several fields a column is read back as
        explicit = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(explicit));
        prefixes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(prefixes));
    }

    /**
     * An explicit entry: {@code mapping} set, or {@code unmappedReason} set (the profile says there is no counterpart),
     * or {@code neverReason} set (the source never records the field: in the ECS data it would produce the field is
     * missing, so a predicate on it is decided as on a missing field), or {@code joinKey} set (the target names the
     * same thing only as an identity to join on: {@code host.id} by the host's name; predicates on the field have no
     * mapping, {@code unmappedReason} says why); {@code rendering}, with a mapping, says how the target writes some of
     * the field's values; {@code entry} set (and no mapping): the target stores the field as one entry of a list
     * held in another field ({@link KeyedEntry}).
     */
    record FieldRule(FieldMapping mapping, String unmappedReason, String neverReason, FieldMapping joinKey,
                     ValueRendering rendering, KeyedEntry entry) {
        FieldRule(FieldMapping mapping, String unmappedReason) { this(mapping, unmappedReason, null, null, null, null); }

        FieldRule(FieldMapping mapping, String unmappedReason, String neverReason) {
            this(mapping, unmappedReason, neverReason, null, null, null);
        }

        FieldRule(FieldMapping mapping, String unmappedReason, String neverReason, FieldMapping joinKey) {
            this(mapping, unmappedReason, neverReason, joinKey, null, null);
        }
    }

    /** The target of the longest matching prefix rule, if any. */
    Optional<String> byPrefix(String ecsField) {
        String best = null;
        for (String p : prefixes.keySet()) {
            if (ecsField.startsWith(p) && ecsField.length() > p.length() && (best == null || p.length() > best.length())) {
                best = p;
            }
        }
        return best == null ? Optional.empty() : Optional.of(prefixes.get(best) + ecsField.substring(best.length()));
    }
}
