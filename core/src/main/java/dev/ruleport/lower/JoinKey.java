package dev.ruleport.lower;

import dev.ruleport.ir.Expr;
import dev.ruleport.ir.FieldRef;
import dev.ruleport.mapping.FieldMapping;

/**
 * One join key of one sequence stage, classified once for every backend.
 *
 * @param expr    the key as written
 * @param field   the key's field; null when the key is not a field
 * @param mapping where the field lives in the stage's log source; null when it has no place there
 * @param kind    what a backend has to do with it
 */
public record JoinKey(Expr expr, FieldRef field, FieldMapping mapping, Kind kind) {
    /**
     * <ul>
     *   <li>{@link #SINGLE}: one exact column, one value per event: group by it.</li>
     *   <li>{@link #MULTI_VALUED}: one exact column that can hold several values. EQL (Elasticsearch) makes each
     *       distinct non-null value a key of its own: an event with two values joins the sequences of both. Every
     *       backend keeps that meaning: KQL and SPL expand the row per value before grouping; a Sigma correlation's
     *       {@code group-by} puts an event in the group of each of its values, as Splunk's {@code stats by} and
     *       ES|QL's {@code STATS ... BY} do with multi-valued fields (the output states that assumption).</li>
     *   <li>{@link #DERIVED}: the target holds the key only inside a longer value (a basename of a path): not a
     *       key the target can group by; dropped by the lowering.</li>
     *   <li>{@link #INEXACT}: a column that is not an exact copy of the field: dropped by the lowering.</li>
     *   <li>{@link #RENDERED}: a column that writes the field's values in its own forms (a value rendering, such as
     *       Windows' hexadecimal process ids): another stage's column may write the same value otherwise, so it is
     *       dropped by the lowering.</li>
     *   <li>{@link #UNMAPPED}, {@link #NOT_A_FIELD}: dropped by the lowering.</li>
     * </ul>
     * A dropped key never reaches a backend: a sequence joined on fewer keys matches more (broader). Without
     * {@code --lossy} the rule is refused instead.
     */
    public enum Kind { SINGLE, MULTI_VALUED, DERIVED, INEXACT, RENDERED, UNMAPPED, NOT_A_FIELD }

    /** The target's column (or field) name. */
    public String column() { return mapping.target(); }

    /** {@code ?field}: an event lacking it joins with a null key. */
    public boolean optional() { return field != null && field.optional(); }

    public String ecsName() { return field == null ? null : field.name(); }
}
