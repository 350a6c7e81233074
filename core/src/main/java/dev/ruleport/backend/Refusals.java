package dev.ruleport.backend;

import dev.ruleport.diag.Diagnostic;
import dev.ruleport.diag.Severity;
import dev.ruleport.diag.Span;
import dev.ruleport.loader.Rule;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects what a backend cannot express while it writes, so a rule gets every problem reported at
 * once. With lossy output allowed, each problem becomes a loss (a warning written into the output)
 * instead of an error.
 */
public final class Refusals {
    private final Rule rule;
    private final String code;
    private final boolean lossy;
    private final List<Diagnostic> diagnostics = new ArrayList<>();
    private final List<String> losses = new ArrayList<>();

    public Refusals(Rule rule, String code, boolean lossy) {
        this.rule = rule;
        this.code = code;
        this.lossy = lossy;
    }

    /** Records a construct the target cannot express exactly. */
    public void cannot(Span span, String message) {
        Diagnostic d = Diagnostic.at(lossy ? Severity.WARNING : Severity.ERROR, rule.querySource(), span, code, message);
        diagnostics.add(d);
        if (lossy) losses.add(d.line() + ":" + d.column() + ": " + message);
    }

    /** A construct no approximation can save (the output would be meaningless): always an error. */
    public void fatal(Span span, String message) {
        diagnostics.add(Diagnostic.at(Severity.ERROR, rule.querySource(), span, code, message));
    }

    public boolean refused() { return diagnostics.stream().anyMatch(Diagnostic::isError); }

    public List<Diagnostic> diagnostics() { return diagnostics; }

    public List<String> losses() { return losses; }

    /** The finished translation: refused if any error, lossy if any loss, else exact. */
    public Translation finish(String target, String profile, String text, String fileName) {
        if (refused()) return Translation.refused(target, profile, diagnostics);
        return new Translation(target, profile, losses.isEmpty() ? Translation.Status.EXACT : Translation.Status.LOSSY,
                text, fileName, diagnostics, losses);
    }
}
