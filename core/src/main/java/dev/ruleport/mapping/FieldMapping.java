package dev.ruleport.mapping;

import java.util.Objects;

/**
 * Where one ECS field lives in the target.
 *
 * @param target      the target's field or column name, as the target spells it ({@code NewProcessName},
 *                    {@code Processes.process_name}, {@code process.name} for a dotted KQL column)
 * @param fidelity    how faithfully comparisons on the target field reproduce those on the ECS field
 * @param type        the Kusto column type ({@code string int long real bool datetime dynamic}) for KQL
 *                    profiles; null for the other targets
 * @param multiValued the target field can hold several values (an ECS array, a KQL {@code dynamic} array,
 *                    a Splunk multivalue field): a predicate holds when any value satisfies it
 * @param transform   how the ECS value relates to the target value
 * @param note        why the fidelity is not exact, or another remark for diagnostics; may be null
 * @param expression  a computed value in the target's syntax that stands for the field instead of a column
 *                    ({@code parse_command_line(ProcessCommandLine, "windows")}); null for a plain column
 * @param equivalence when the counterpart holds the same data only under a stated equivalence (a process's
 *                    identity as device, id and start time), that statement; null otherwise
 * @param values      when the counterpart only ever holds some values (a computed kind of event), those values
 *                    (case-sensitive); null when any value can occur. A test of another value is false on the target.
 * @param firstSegment when the target spells the value's first path segment otherwise than ECS does (a registry
 *                    hive written out, {@code HKEY_LOCAL_MACHINE} for {@code HKLM}), why; a string test is then
 *                    translated only when each value starts with a wildcard and the path separator, so that it
 *                    never depends on that segment. Null when the whole value is the same.
 */
public record FieldMapping(String target, Fidelity fidelity, String type, boolean multiValued,
                           ValueTransform transform, String note, String expression, String equivalence,
                           java.util.Set<String> values, FirstSegment firstSegment) {
    public FieldMapping {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(fidelity, "fidelity");
        Objects.requireNonNull(transform, "transform");
        if (values != null) values = java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(values));
    }

    public FieldMapping(String target, Fidelity fidelity, String type, boolean multiValued, ValueTransform transform,
                        String note, String expression, String equivalence) {
        this(target, fidelity, type, multiValued, transform, note, expression, equivalence, null, null);
    }

    public FieldMapping(String target, Fidelity fidelity, String type, boolean multiValued, ValueTransform transform,
                        String note) {
        this(target, fidelity, type, multiValued, transform, note, null, null);
    }

    /** The same mapping with another type and multi-valuedness (a column's declared type). */
    public FieldMapping typed(String newType, boolean multi) {
        return new FieldMapping(target, fidelity, newType, multi, transform, note, expression, equivalence, values, firstSegment);
    }

    /** The target's spelling of a path's first segment differs: the separator, and why (from the profile). */
    public record FirstSegment(String separator, String why) {
        /** The start every string value must have: a wildcard, then the separator. */
        public String requiredStart() { return "*" + separator; }
    }

    /** Whether the target computes the value rather than storing it in a column. */
    public boolean computed() { return expression != null; }

    /** An exact rename with no type, single-valued. */
    public static FieldMapping exact(String target) {
        return new FieldMapping(target, Fidelity.EXACT, null, false, ValueTransform.NONE, null, null, null);
    }
}
