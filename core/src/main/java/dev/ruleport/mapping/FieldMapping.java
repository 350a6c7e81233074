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
 */
public record FieldMapping(String target, Fidelity fidelity, String type, boolean multiValued,
                           ValueTransform transform, String note) {
    public FieldMapping {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(fidelity, "fidelity");
        Objects.requireNonNull(transform, "transform");
    }

    /** An exact rename with no type, single-valued. */
    public static FieldMapping exact(String target) {
        return new FieldMapping(target, Fidelity.EXACT, null, false, ValueTransform.NONE, null);
    }
}
