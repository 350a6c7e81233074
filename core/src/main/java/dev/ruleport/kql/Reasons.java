package dev.ruleport.kql;

/**
 * The reasons the KQL writer refuses a construct. Each diagnostic message starts with one of these, then
 * {@code ": "} and the details, so that tools (and the coverage table) can group refusals by reason.
 */
public final class Reasons {
    private Reasons() {}

    public static final String UNMAPPED = "no column for this field";
    public static final String INEXACT_FIELD = "the column is not an exact equivalent";
    public static final String NO_LOGSOURCE = "no table of the profile holds these events";
    public static final String INEXACT_LOGSOURCE = "the table does not hold exactly these events";
    public static final String ABSORBED_INEXACT = "the table cannot express this restriction";
    public static final String EMPTY_STRING = "empty-string comparison";
    public static final String TYPE = "type mismatch";
    public static final String PATTERN = "pattern not expressible";
    public static final String FUNCTION = "function not expressible";
    public static final String EXPRESSION = "expression not expressible";
    public static final String PIPE = "pipe not expressible";
    public static final String SAMPLE = "sample not expressible";
    public static final String SEQUENCE = "sequence not expressible";
}
