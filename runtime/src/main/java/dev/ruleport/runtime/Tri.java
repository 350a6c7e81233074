package dev.ruleport.runtime;

/**
 * Three-valued logic over {@code Boolean}, where {@code null} means unknown (a comparison with a
 * missing field or a null operand). Kleene logic, as EQL folds it: {@code false and null} is false,
 * {@code true or null} is true, {@code not null} is null.
 */
public final class Tri {
    private Tri() {}

    public static Boolean and(Boolean a, Boolean b) {
        if (Boolean.FALSE.equals(a) || Boolean.FALSE.equals(b)) {
            return Boolean.FALSE;
        }
        return a == null || b == null ? null : Boolean.TRUE;
    }

    public static Boolean or(Boolean a, Boolean b) {
        if (Boolean.TRUE.equals(a) || Boolean.TRUE.equals(b)) {
            return Boolean.TRUE;
        }
        return a == null || b == null ? null : Boolean.FALSE;
    }

    public static Boolean not(Boolean a) {
        return a == null ? null : !a;
    }

    /** How a filter reads a condition: only TRUE keeps the event (Elasticsearch's nullSafeFilter). */
    public static boolean isTrue(Boolean a) {
        return Boolean.TRUE.equals(a);
    }

    public static Boolean of(boolean b) {
        return b ? Boolean.TRUE : Boolean.FALSE;
    }
}
