package dev.ruleport.lower;

/**
 * Why a construct is not translated exactly: one short, stable code per cause, shared by the lowering stage and
 * every backend. The code is shown in brackets at the start of each message ({@code [unmapped-field] ...}) and
 * counted in the CLI summary, so that the same cause reads the same in every target.
 */
public enum Reason {
    // ---- data model (found while lowering, the same for every target of a profile)
    /** No log source of the profile holds the events the rule selects. */
    NO_LOGSOURCE("no-logsource"),
    /** The chosen log source holds other events than the rule selects (fewer: narrower; more: broader). */
    INEXACT_LOGSOURCE("inexact-logsource"),
    /** A conjunct the log source stands for only approximately (an OS test on tables that hold every OS). */
    ABSORBED_INEXACT("absorbed-inexact"),
    /** The profile has no place for the field in this log source. */
    UNMAPPED_FIELD("unmapped-field"),
    /** The field's counterpart holds related, not equal, data. */
    INEXACT_FIELD("inexact-field"),
    /** A join key without an exact single counterpart. */
    JOIN_KEY("join-key"),
    /** What is left can never match on the target's data. */
    NEVER_MATCHES("never-matches"),
    /** Nothing but the log source's own selection is left: every event of the source would match. */
    FLOOD("flood"),
    /** A lossy translation that misses the rule's own positive witnesses (measured on fixture events). */
    DEAD("dead"),

    // ---- query shape
    PIPE("pipe"),
    SAMPLE("sample"),
    SEQUENCE("sequence"),
    UNTIL("until"),
    MISSING_EVENT("missing-event"),
    MAXSPAN("maxspan"),
    RUNS("runs"),

    // ---- expressions a target's operators cannot say
    TYPE("type"),
    PATTERN("pattern"),
    FUNCTION("function"),
    EXPRESSION("expression"),
    EMPTY_STRING("empty-string"),
    CASE_FOLDING("case-folding"),
    DERIVED_VALUE("derived-value"),
    FIELD_NAME("field-name"),
    ARRAY_INDEX("array-index"),

    // ---- usage
    SETTING("setting"),
    /** The rule's translations took longer than the batch's per-rule time budget and were abandoned. */
    TIME_BUDGET("time-budget"),
    INTERNAL("internal");

    private final String code;

    Reason(String code) { this.code = code; }

    /** The stable short code, e.g. {@code unmapped-field}. */
    public String code() { return code; }

    /** {@code [code] message}: how every refusal and loss message starts. */
    public String tag(String message) { return "[" + code + "] " + message; }

    @Override public String toString() { return code; }
}
