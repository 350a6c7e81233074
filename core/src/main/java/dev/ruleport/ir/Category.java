package dev.ruleport.ir;

import dev.ruleport.diag.Span;

/**
 * The event category before {@code where}: {@code any}, or a name such as {@code process}. A named
 * category means {@code <category field> == "name"} (exact and case-sensitive); the category field is
 * {@code event.category} unless the rule overrides it.
 */
public record Category(String name, Span span) {
    public static Category any(Span span) { return new Category(null, span); }

    public boolean isAny() { return name == null; }

    @Override public String toString() { return isAny() ? "any" : name; }
}
