package dev.ruleport.runtime.matcher;

import dev.ruleport.runtime.Values;

/** The EQL comparison operators over single values, as {@link Values} defines them (null = unknown). */
public enum Comparison {
    EQ, NE, LT, LE, GT, GE;

    /** {@code a op b}, three-valued. */
    public Boolean apply(Object a, Object b) {
        return switch (this) {
            case EQ -> Values.equal(a, b);
            case NE -> Values.notEqual(a, b);
            case LT -> Values.lessThan(a, b);
            case LE -> Values.lessOrEqual(a, b);
            case GT -> Values.greaterThan(a, b);
            case GE -> Values.greaterOrEqual(a, b);
        };
    }
}
