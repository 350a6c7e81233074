package dev.ruleport.backend;

import dev.ruleport.diag.Diagnostic;
import java.util.List;

/**
 * The outcome of translating one rule to one target.
 * <ul>
 *   <li>{@link Status#EXACT}: {@code text} means exactly what the EQL means.</li>
 *   <li>{@link Status#LOSSY}: only with {@code --lossy}; {@code text} approximates, and every
 *       approximation is listed in {@code losses} and written visibly into {@code text}.</li>
 *   <li>{@link Status#REFUSED}: no text; {@code diagnostics} name each construct the target cannot
 *       express, at its {@code file:line:col}.</li>
 * </ul>
 * {@code fileExtension} is the target's usual extension without the dot ({@code yml}, {@code kql},
 * {@code spl}, {@code java}); {@code fileName} the suggested output file name (may include folders for Java).
 */
public record Translation(String target, String profile, Status status, String text, String fileName,
                          List<Diagnostic> diagnostics, List<String> losses) {
    public enum Status { EXACT, LOSSY, REFUSED }

    public Translation {
        diagnostics = List.copyOf(diagnostics);
        losses = List.copyOf(losses);
        if (status == Status.REFUSED && text != null) throw new IllegalArgumentException("a refused translation has no text");
        if (status != Status.REFUSED && text == null) throw new IllegalArgumentException("missing text");
    }

    public static Translation refused(String target, String profile, List<Diagnostic> diagnostics) {
        return new Translation(target, profile, Status.REFUSED, null, null, diagnostics, List.of());
    }

    public boolean ok() { return status != Status.REFUSED; }
}
