/**
 * The EQL front end: the ANTLR grammar {@code grammar/Eql.g4} (Elasticsearch's dialect) and the builder from parse
 * tree to IR. The parse tree never leaves this package.
 *
 * <ul>
 *   <li>{@link dev.ruleport.parse.QueryParser}: parses a query's text (SLL first, LL on ambiguity), with ANTLR's
 *       silent token insertion and deletion turned off so a real error is never hidden; the first syntax error
 *       stops the parse (no recovery cascades).</li>
 *   <li>{@code AstBuilder}: a typed visitor that builds the IR and applies Elasticsearch's builder checks (quotes,
 *       {@code ?"raw"} strings, {@code \\u{...}} escapes, maxspan units, {@code by}/{@code with} order, {@code runs}
 *       bounds, stage counts, join-key counts, pipes; {@code join} and lineage refused), each with its position.</li>
 *   <li>{@code SyntaxErrors}: turns ANTLR's errors into messages a detection engineer can act on.</li>
 * </ul>
 * Every problem is a {@link dev.ruleport.diag.Diagnostic} at {@code file:line:col} of the rule file (positions
 * inside the query are shifted to the TOML file's own lines by {@link dev.ruleport.diag.SourceText}), with the
 * source line and a caret; never a stack trace.
 */
package dev.ruleport.parse;
