package dev.ruleport.backend;

import dev.ruleport.diag.Diagnostic;
import dev.ruleport.diag.Severity;
import dev.ruleport.diag.Span;
import dev.ruleport.lower.Finding;
import dev.ruleport.lower.LossMode;
import dev.ruleport.lower.LoweredRule;
import dev.ruleport.lower.Reason;
import dev.ruleport.mapping.Fidelity;
import dev.ruleport.loader.Rule;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything one translation cannot say exactly, collected while it is written (the lowering's findings first,
 * then the backend's), so a rule gets every problem reported at once. At the end, the user's {@link LossMode}
 * decides once for all of them: a finding the mode allows is a loss written into the output, any other refuses the
 * translation. Messages read {@code target/profile [code] message}.
 */
public final class Refusals {
    private final Rule rule;
    private final String target;
    private final String profile;
    private final LossMode mode;
    private final List<Finding> findings = new ArrayList<>();

    public Refusals(Rule rule, String target, String profile, LossMode mode) {
        this.rule = rule;
        this.target = target;
        this.profile = profile;
        this.mode = mode;
    }

    /** Starts from a lowered rule's findings. */
    public static Refusals of(LoweredRule lowered, String target) {
        Refusals r = new Refusals(lowered.rule(), target, lowered.profile().name(), lowered.mode());
        r.findings.addAll(lowered.findings());
        return r;
    }

    public LossMode mode() { return mode; }

    public void add(Finding f) { findings.add(f); }

    /** A construct no output can stand for: always a refusal. */
    public void fatal(Span span, Reason reason, String message) { add(Finding.fatal(span, reason, message)); }

    /** A construct left out of the output, which broadens it (a predicate in negation normal form, a pipe). */
    public void drop(Span span, Reason reason, String predicate, String message) {
        add(Finding.broader(span, reason, predicate, message));
    }

    /** A construct written approximately, in the given direction. */
    public void approximate(Span span, Reason reason, Fidelity direction, String predicate, String message) {
        add(new Finding(span, reason, direction, predicate, message));
    }

    /** Whether a finding so far refuses the translation under the user's mode. */
    public boolean refused() {
        return findings.stream().anyMatch(f -> !f.isLossUnder(mode));
    }

    /** The losses written into the output (every finding, when the translation is not refused). */
    public List<Finding> losses() { return refused() ? List.of() : List.copyOf(findings); }

    public List<Finding> findings() { return List.copyOf(findings); }

    public List<Diagnostic> diagnostics() {
        List<Diagnostic> out = new ArrayList<>();
        for (Finding f : findings) {
            boolean loss = f.isLossUnder(mode);
            String message = target + "/" + profile + " " + f.text()
                    + (loss ? " (written as a " + f.directionLabel() + " approximation)"
                            : f.direction() != null && mode.lossy() ? " (a " + f.directionLabel() + " approximation, which "
                                    + (mode == LossMode.BROADER ? "--lossy=any allows" : "is not allowed") + ")" : "");
            out.add(Diagnostic.at(loss ? Severity.WARNING : Severity.ERROR, rule.querySource(), f.span(), f.reason().code(), message));
        }
        return out;
    }

    /** Where a finding is in the rule file, {@code line:col}. */
    public String position(Finding f) {
        Diagnostic d = Diagnostic.at(Severity.NOTE, rule.querySource(), f.span(), f.reason().code(), "");
        return d.line() + ":" + d.column();
    }

    /** The finished translation: refused if any finding is not an allowed loss, lossy if any is, else exact. */
    public Translation finish(String text, String fileName) {
        return finish(text, fileName, List.of());
    }

    /** The same, {@code equivalent} (under the named equivalences) instead of exact when it has no loss. */
    public Translation finish(String text, String fileName, List<String> equivalences) {
        if (refused() || text == null) {
            if (!refused()) fatal(null, Reason.INTERNAL, "nothing could be written");
            return Translation.refused(target, profile, diagnostics());
        }
        Translation.Status status = !findings.isEmpty() ? Translation.Status.LOSSY
                : equivalences.isEmpty() ? Translation.Status.EXACT : Translation.Status.EQUIVALENT;
        return new Translation(target, profile, status, text, fileName, diagnostics(), losses(), equivalences);
    }
}
