package dev.ruleport.interpret;

/**
 * How the interpreter reads events: which field holds the event category (the field a
 * {@code process where} tests), the timestamp and its format, the optional tiebreaker, the field types
 * from a mapping, and the result limit ({@code size}, as the Elasticsearch request's; 0 or less means
 * no limit).
 */
public record InterpreterOptions(String categoryField, String timestampField, Timestamps.Format timestampFormat,
                                 String tiebreakerField, FieldTypes fieldTypes, int size, int maxSamplesPerKey) {

    public static InterpreterOptions defaults() {
        return new InterpreterOptions("event.category", "@timestamp", Timestamps.Format.AUTO, null, FieldTypes.NONE, 0, 1);
    }

    public InterpreterOptions withCategoryField(String f) {
        return new InterpreterOptions(f, timestampField, timestampFormat, tiebreakerField, fieldTypes, size, maxSamplesPerKey);
    }

    public InterpreterOptions withTimestamp(String field, Timestamps.Format format) {
        return new InterpreterOptions(categoryField, field, format, tiebreakerField, fieldTypes, size, maxSamplesPerKey);
    }

    public InterpreterOptions withTiebreaker(String f) {
        return new InterpreterOptions(categoryField, timestampField, timestampFormat, f, fieldTypes, size, maxSamplesPerKey);
    }

    public InterpreterOptions withFieldTypes(FieldTypes t) {
        return new InterpreterOptions(categoryField, timestampField, timestampFormat, tiebreakerField, t, size, maxSamplesPerKey);
    }

    public InterpreterOptions withSize(int n) {
        return new InterpreterOptions(categoryField, timestampField, timestampFormat, tiebreakerField, fieldTypes, n, maxSamplesPerKey);
    }

    public InterpreterOptions withMaxSamplesPerKey(int n) {
        return new InterpreterOptions(categoryField, timestampField, timestampFormat, tiebreakerField, fieldTypes, size, n);
    }
}
