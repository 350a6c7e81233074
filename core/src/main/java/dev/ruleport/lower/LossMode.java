package dev.ruleport.lower;

import dev.ruleport.mapping.Fidelity;

/**
 * Which approximations the user allows. A loss is <em>broader</em> when the output still matches every event the
 * rule matches (it may also match more) and <em>narrower</em> when it may miss some.
 * <ul>
 *   <li>{@link #EXACT}: none; any loss refuses the translation (the default).</li>
 *   <li>{@link #BROADER}: {@code --lossy}; broader losses only. Where the only approximation of a predicate would
 *       be narrower, the predicate is dropped instead (which is broader), so a migrated rule never misses an
 *       attack it used to catch.</li>
 *   <li>{@link #ANY}: {@code --lossy=any}; narrower losses too.</li>
 * </ul>
 */
public enum LossMode {
    EXACT, BROADER, ANY;

    /** Whether a loss in this direction may be written into the output. */
    public boolean allows(Fidelity direction) {
        return switch (this) {
            case EXACT -> false;
            case BROADER -> direction == Fidelity.BROADER;
            case ANY -> direction != null && direction != Fidelity.EXACT;
        };
    }

    public boolean lossy() { return this != EXACT; }

    /** The CLI spelling: {@code exact}, {@code broader}, {@code any}. */
    public static LossMode parse(String text) {
        return switch (text) {
            case "exact", "false", "none" -> EXACT;
            case "broader", "true", "" -> BROADER;
            case "any" -> ANY;
            default -> throw new IllegalArgumentException("--lossy takes broader (the default) or any, not '" + text + "'");
        };
    }
}
