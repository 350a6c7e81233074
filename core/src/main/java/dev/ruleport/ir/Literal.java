package dev.ruleport.ir;

import dev.ruleport.diag.Span;

/**
 * A constant: {@code value} is a {@link String}, {@link Integer}, {@link Long}, {@link Double},
 * {@link Boolean} or {@code null}. Integer literals are int when they fit, else long, else double,
 * as Elasticsearch's builder does.
 */
public record Literal(Object value, Span span) implements Expr {
    public Literal {
        if (value != null && !(value instanceof String || value instanceof Integer || value instanceof Long
                || value instanceof Double || value instanceof Boolean)) {
            throw new IllegalArgumentException("not an EQL constant: " + value.getClass());
        }
    }

    public static Literal ofString(String s, Span span) { return new Literal(s, span); }

    public boolean isNull() { return value == null; }
    public boolean isString() { return value instanceof String; }
    public boolean isNumber() { return value instanceof Number; }
    public boolean isBoolean() { return value instanceof Boolean; }
    public String asString() { return (String) value; }

    @Override public <R> R accept(ExprVisitor<R> v) { return v.visitLiteral(this); }
}
