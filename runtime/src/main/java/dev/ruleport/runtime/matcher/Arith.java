package dev.ruleport.runtime.matcher;

import dev.ruleport.runtime.Functions;

/** The EQL arithmetic operators; a fault (division by zero, a non-numeric operand) gives no value. */
public enum Arith {
    ADD, SUB, MUL, DIV, MOD;

    /** {@code x op y}, or null on a fault (Elasticsearch fails the script). */
    public Object apply(Object x, Object y) {
        try {
            return switch (this) {
                case ADD -> Functions.add(x, y);
                case SUB -> Functions.subtract(x, y);
                case MUL -> Functions.multiply(x, y);
                case DIV -> Functions.divide(x, y);
                case MOD -> Functions.modulo(x, y);
            };
        } catch (ArithmeticException | IllegalArgumentException ex) {
            return null;
        }
    }
}
