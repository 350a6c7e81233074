/**
 * Stateful EQL engines shared by the interpreter and the generated Java matchers: event ordering
 * ({@link dev.ruleport.runtime.seq.Ordinal}, {@link dev.ruleport.runtime.seq.Ordering}), sequences
 * ({@link dev.ruleport.runtime.seq.SequenceMatcher}), samples
 * ({@link dev.ruleport.runtime.seq.SampleMatcher}) and the {@code head}/{@code tail} pipes
 * ({@link dev.ruleport.runtime.seq.Pipes}, {@link dev.ruleport.runtime.seq.ResultWindow}).
 *
 * <p>The engines are generic over the event type {@code E}: the caller supplies the stage conditions
 * as {@link java.util.function.Predicate}s, join keys as {@link dev.ruleport.runtime.seq.KeyExtractor}s
 * and the order as a function to {@link dev.ruleport.runtime.seq.Ordinal}. They depend on nothing but
 * the JDK. Semantics follow Elasticsearch EQL; each class documents its decisions.
 */
package dev.ruleport.runtime.seq;
