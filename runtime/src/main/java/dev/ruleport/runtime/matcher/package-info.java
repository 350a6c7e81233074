/**
 * What generated Java matchers implement and call: {@link dev.ruleport.runtime.matcher.EventMatcher}
 * for single-event rules, {@link dev.ruleport.runtime.matcher.SequenceRuleMatcher} and
 * {@link dev.ruleport.runtime.matcher.SampleRuleMatcher} (bases of the stateful
 * {@link dev.ruleport.runtime.matcher.StatefulMatcher}s), the rule metadata
 * {@link dev.ruleport.runtime.matcher.RuleInfo}, and the run settings
 * {@link dev.ruleport.runtime.matcher.RunOptions}.
 *
 * <p>It also holds the parts of EQL's semantics that the interpreter and generated code share, so that
 * they exist once: candidate-value evaluation
 * ({@link dev.ruleport.runtime.matcher.Eval}, {@link dev.ruleport.runtime.matcher.Fn},
 * {@link dev.ruleport.runtime.matcher.Arith}, {@link dev.ruleport.runtime.matcher.Comparison}), typed
 * field reading under a mapping ({@link dev.ruleport.runtime.matcher.TypedField},
 * {@link dev.ruleport.runtime.matcher.ValueType}) and event time
 * ({@link dev.ruleport.runtime.matcher.EventTime}, {@link dev.ruleport.runtime.matcher.TimeFormat},
 * {@link dev.ruleport.runtime.matcher.RunOptions#ordinal}), and batch runs
 * ({@link dev.ruleport.runtime.matcher.Runs}: ordering, pipes, size).
 */
package dev.ruleport.runtime.matcher;
