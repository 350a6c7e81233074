package dev.ruleport.ir;

import java.util.Locale;
import java.util.Optional;

/** The functions Elasticsearch EQL supports; names are matched case-insensitively. */
public enum Function {
    ADD("add", 2, 2, false),
    BETWEEN("between", 3, 4, true),
    CIDRMATCH("cidrMatch", 2, Integer.MAX_VALUE, false),
    CONCAT("concat", 0, Integer.MAX_VALUE, false),
    DIVIDE("divide", 2, 2, false),
    ENDSWITH("endsWith", 2, 2, true),
    INDEXOF("indexOf", 2, 3, true),
    LENGTH("length", 1, 1, false),
    MODULO("modulo", 2, 2, false),
    MULTIPLY("multiply", 2, 2, false),
    NUMBER("number", 1, 2, false),
    STARTSWITH("startsWith", 2, 2, true),
    STRING("string", 1, 1, false),
    STRINGCONTAINS("stringContains", 2, 2, true),
    SUBSTRING("substring", 2, 3, false),
    SUBTRACT("subtract", 2, 2, false);

    private final String displayName;
    private final int minArgs;
    private final int maxArgs;
    private final boolean hasInsensitiveVariant;

    Function(String displayName, int minArgs, int maxArgs, boolean hasInsensitiveVariant) {
        this.displayName = displayName;
        this.minArgs = minArgs;
        this.maxArgs = maxArgs;
        this.hasInsensitiveVariant = hasInsensitiveVariant;
    }

    /** The documented camelCase spelling. */
    public String displayName() { return displayName; }
    public int minArgs() { return minArgs; }
    public int maxArgs() { return maxArgs; }
    public boolean hasInsensitiveVariant() { return hasInsensitiveVariant; }

    public static Optional<Function> lookup(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (Function f : values()) {
            if (f.displayName.toLowerCase(Locale.ROOT).equals(lower)) return Optional.of(f);
        }
        return Optional.empty();
    }
}
