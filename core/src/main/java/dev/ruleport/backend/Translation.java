package dev.ruleport.backend;

import dev.ruleport.diag.Diagnostic;
import dev.ruleport.lower.Finding;
import java.util.List;

/**
 * The outcome of translating one rule to one target.
 * <ul>
 *   <li>{@link Status#EXACT}: {@code text} means exactly what the EQL means, over the same events.</li>
 *   <li>{@link Status#EQUIVALENT}: the same logic over the target's record of the same activity, under the
 *       event-class equivalences the profile declares, listed in {@code equivalences} and in the output.</li>
 *   <li>{@link Status#LOSSY}: only when the user allows approximations; {@code text} approximates, and every
 *       approximation is listed in {@code losses} (with its direction) and written visibly into {@code text}.</li>
 *   <li>{@link Status#REFUSED}: no text; {@code diagnostics} name each construct the target cannot express, at its
 *       {@code file:line:col}, with its reason code.</li>
 * </ul>
 * {@code fileName} is the suggested output file name (may include folders for Java).
 */
public record Translation(String target, String profile, Status status, String text, String fileName,
                          List<Diagnostic> diagnostics, List<Finding> losses, List<String> equivalences) {
    public enum Status {
        EXACT, EQUIVALENT, LOSSY, REFUSED;

        public String label() { return name().toLowerCase(java.util.Locale.ROOT); }
    }

    public Translation {
        diagnostics = List.copyOf(diagnostics);
        losses = List.copyOf(losses);
        equivalences = List.copyOf(equivalences);
        if (status == Status.REFUSED && text != null) throw new IllegalArgumentException("a refused translation has no text");
        if (status != Status.REFUSED && text == null) throw new IllegalArgumentException("missing text");
    }

    /** An exact translation with no diagnostics. */
    public static Translation exact(String target, String profile, String text, String fileName) {
        return new Translation(target, profile, Status.EXACT, text, fileName, List.of(), List.of(), List.of());
    }

    public static Translation refused(String target, String profile, List<Diagnostic> diagnostics) {
        return new Translation(target, profile, Status.REFUSED, null, null, diagnostics, List.of(), List.of());
    }

    public boolean ok() { return status != Status.REFUSED; }

    /** The same translation under another file name (a batch making names unique). */
    public Translation withFileName(String name) {
        return new Translation(target, profile, status, text, name, diagnostics, losses, equivalences);
    }
}
