package dev.ruleport.runtime.matcher;

/**
 * The mapped field types that change how a value compares (the runtime twin of the compiler's field
 * types). Everything string-like is {@link #KEYWORD}; {@link #UNKNOWN} means "no mapping: use the JSON
 * value as it is".
 */
public enum ValueType {
    KEYWORD, LONG, DOUBLE, BOOLEAN, IP, VERSION, DATE, OBJECT, UNKNOWN
}
