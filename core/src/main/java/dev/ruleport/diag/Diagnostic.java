package dev.ruleport.diag;

/**
 * One finding about a rule: its severity, where (file, line and column in that file), a stable
 * code (for tests and for tools that filter), and a message a detection engineer can act on.
 * {@code line}/{@code column} are 0 when the finding has no position (e.g. a missing file).
 */
public record Diagnostic(Severity severity, String file, int line, int column, String code, String message,
                         String sourceLine) {

    public static Diagnostic error(String file, int line, int column, String code, String message, String sourceLine) {
        return new Diagnostic(Severity.ERROR, file, line, column, code, message, sourceLine);
    }

    /** A diagnostic at a span of a source text (query spans are relative to the text; shifted here). */
    public static Diagnostic at(Severity severity, SourceText source, Span span, String code, String message) {
        if (span == null || span.isSynthetic()) {
            return new Diagnostic(severity, source.fileName(), source.firstLine(), source.firstColumn(), code, message,
                    source.fileLineText(source.firstLine()));
        }
        int line = source.fileLine(span.line());
        int col = source.fileColumn(span.line(), span.column());
        return new Diagnostic(severity, source.fileName(), line, col, code, message, source.fileLineText(line));
    }

    public boolean isError() { return severity == Severity.ERROR; }

    /** {@code file:line:col: message}, the one-line form. */
    public String headline() {
        String where = line > 0 ? file + ":" + line + ":" + column : file;
        String sev = severity == Severity.ERROR ? "" : severity.name().toLowerCase() + ": ";
        return where + ": " + sev + message;
    }

    /** The headline, then the source line and a caret under the column (tabs kept so the caret aligns). */
    public String render() {
        StringBuilder sb = new StringBuilder(headline());
        if (line > 0 && sourceLine != null && !sourceLine.isEmpty()) {
            sb.append('\n').append("    ").append(sourceLine).append('\n').append("    ");
            for (int i = 0; i < column - 1 && i < sourceLine.length(); i++) {
                sb.append(sourceLine.charAt(i) == '\t' ? '\t' : ' ');
            }
            sb.append('^');
        }
        return sb.toString();
    }

    @Override public String toString() { return headline(); }
}
