/**
 * The intermediate representation: what a rule's query means, independent of how it was written and of every
 * target. Small immutable records under two sealed roots.
 *
 * <ul>
 *   <li>{@link dev.ruleport.ir.Query}: {@link dev.ruleport.ir.EventQuery} ({@code category where condition}),
 *       {@link dev.ruleport.ir.SequenceQuery} (terms with {@code runs}, missing-event terms, {@code until},
 *       {@code maxspan}, header and per-term join keys) and {@link dev.ruleport.ir.SampleQuery}, each with its pipes.
 *       {@link dev.ruleport.ir.QueryVisitor} covers them exhaustively.</li>
 *   <li>{@link dev.ruleport.ir.Expr}: connectives ({@link dev.ruleport.ir.And}, {@link dev.ruleport.ir.Or} (both
 *       flattened), {@link dev.ruleport.ir.Not}), comparisons ({@link dev.ruleport.ir.Compare}), wildcard and regex
 *       matches ({@link dev.ruleport.ir.Match}), membership ({@link dev.ruleport.ir.In}), function calls
 *       ({@link dev.ruleport.ir.Call}), arithmetic, field references ({@link dev.ruleport.ir.FieldRef}, with
 *       {@code ?optional}) and literals. {@link dev.ruleport.ir.ExprVisitor} makes every writer consider every
 *       node: a new node is a compile error in each, not a silent "cannot".</li>
 *   <li>{@link dev.ruleport.ir.Filter}: a category and a condition; {@link dev.ruleport.ir.Filter#categoryTest} is the
 *       one place the category keyword becomes its field test.</li>
 * </ul>
 *
 * Every node keeps its source {@link dev.ruleport.diag.Span}; spans compare equal to every span, so records compare
 * by structure alone (a tree parsed from {@code a == 1} equals one from {@code a  ==  1}). Nodes implied by the
 * compiler carry a synthetic span that says why they exist. Passes are pure functions from IR to IR
 * ({@link dev.ruleport.lower.Normalizer}); the semantics of a tree are the interpreter's ({@code interpret}).
 */
package dev.ruleport.ir;
