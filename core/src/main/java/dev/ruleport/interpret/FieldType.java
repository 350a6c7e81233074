package dev.ruleport.interpret;

/**
 * The Elasticsearch field types that change how a value compares. Everything string-like
 * (keyword, text, wildcard, constant_keyword, match_only_text) is {@link #KEYWORD}.
 */
public enum FieldType {
    KEYWORD, LONG, DOUBLE, BOOLEAN, IP, VERSION, DATE, OBJECT, UNKNOWN;

    /** The runtime's twin of this type, which defines how values of it are read ({@link dev.ruleport.runtime.matcher.TypedField}). */
    public dev.ruleport.runtime.matcher.ValueType valueType() {
        return dev.ruleport.runtime.matcher.ValueType.valueOf(name());
    }

    static FieldType fromMapping(String esType) {
        if (esType == null) return OBJECT;
        return switch (esType) {
            case "keyword", "text", "wildcard", "constant_keyword", "match_only_text", "[runtime_random_keyword_type]" -> KEYWORD;
            case "long", "integer", "short", "byte", "unsigned_long" -> LONG;
            case "double", "float", "half_float", "scaled_float" -> DOUBLE;
            case "boolean" -> BOOLEAN;
            case "ip" -> IP;
            case "version" -> VERSION;
            case "date", "date_nanos" -> DATE;
            case "object", "nested", "flattened" -> OBJECT;
            default -> UNKNOWN;
        };
    }
}
