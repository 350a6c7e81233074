package dev.ruleport.mapping;

/**
 * How faithfully a target construct reproduces the ECS one it stands for.
 *
 * <ul>
 *   <li>{@link #EXACT} — the target matches exactly the events the rule would match.</li>
 *   <li>{@link #BROADER} — the target matches a superset (more alerts, never fewer).</li>
 *   <li>{@link #NARROWER} — the target matches a subset (it may miss events the rule catches).</li>
 *   <li>{@link #OVERLAPPING} — neither: only arises from combining a broader and a narrower step.</li>
 * </ul>
 * Backends refuse anything but {@code EXACT} unless the user allows lossy output, and then say which.
 */
public enum Fidelity {
    EXACT, BROADER, NARROWER, OVERLAPPING;

    /** The fidelity of doing both steps: exact is neutral, equal kinds stay, broader with narrower overlaps. */
    public Fidelity combine(Fidelity other) {
        if (this == other || other == EXACT) return this;
        if (this == EXACT) return other;
        return OVERLAPPING;
    }

    public boolean isExact() { return this == EXACT; }

    /** The fidelity of the same step under {@code not}: a broader test negated is narrower, and the reverse. */
    public Fidelity negated() {
        return switch (this) {
            case BROADER -> NARROWER;
            case NARROWER -> BROADER;
            default -> this;
        };
    }

    /** Parses the profile spelling ({@code exact}, {@code broader}, {@code narrower}); null when unknown. */
    static Fidelity parse(String text) {
        return switch (text) {
            case "exact" -> EXACT;
            case "broader" -> BROADER;
            case "narrower" -> NARROWER;
            default -> null;
        };
    }

    /** The profile spelling. */
    public String label() { return name().toLowerCase(java.util.Locale.ROOT); }
}
