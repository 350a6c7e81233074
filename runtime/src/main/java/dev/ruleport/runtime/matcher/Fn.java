package dev.ruleport.runtime.matcher;

import dev.ruleport.runtime.Functions;
import java.util.Arrays;

/**
 * The EQL functions, each applied once to single argument values. Type errors and arithmetic faults
 * give no value (null), as in the interpreter.
 */
public enum Fn {
    ADD("add"), BETWEEN("between"), CIDRMATCH("cidrMatch"), CONCAT("concat"), DIVIDE("divide"), ENDSWITH("endsWith"),
    INDEXOF("indexOf"), LENGTH("length"), MODULO("modulo"), MULTIPLY("multiply"), NUMBER("number"),
    STARTSWITH("startsWith"), STRING("string"), STRINGCONTAINS("stringContains"), SUBSTRING("substring"),
    SUBTRACT("subtract");

    private final String displayName;

    Fn(String displayName) {
        this.displayName = displayName;
    }

    /** The name as EQL writes it (and as error messages show it). */
    public String displayName() {
        return displayName;
    }

    /** One application; {@code ci} selects the {@code fn~} variant where one exists. */
    public Object apply(boolean ci, Object... a) {
        try {
            return switch (this) {
                case ADD -> Functions.add(a[0], a[1]);
                case SUBTRACT -> Functions.subtract(a[0], a[1]);
                case MULTIPLY -> Functions.multiply(a[0], a[1]);
                case DIVIDE -> Functions.divide(a[0], a[1]);
                case MODULO -> Functions.modulo(a[0], a[1]);
                case BETWEEN -> Functions.between(a[0], a[1], a[2], a.length > 3 ? a[3] : Boolean.FALSE, ci);
                case CIDRMATCH -> Functions.cidrMatch(a[0], Arrays.copyOfRange(a, 1, a.length));
                case CONCAT -> Functions.concat(a);
                case ENDSWITH -> Functions.endsWith(a[0], a[1], ci);
                case INDEXOF -> Functions.indexOf(a[0], a[1], a.length > 2 ? a[2] : null, ci);
                case LENGTH -> Functions.length(a[0]);
                case NUMBER -> a.length > 1 ? Functions.number(a[0], a[1]) : Functions.number(a[0]);
                case STARTSWITH -> Functions.startsWith(a[0], a[1], ci);
                case STRING -> Functions.string(a[0]);
                case STRINGCONTAINS -> Functions.stringContains(a[0], a[1], ci);
                case SUBSTRING -> a.length > 2 ? Functions.substring(a[0], a[1], a[2]) : Functions.substring(a[0], a[1]);
            };
        } catch (ArithmeticException | IllegalArgumentException ex) {
            return null;
        }
    }
}
