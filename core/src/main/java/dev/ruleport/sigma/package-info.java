/**
 * The Sigma backend (lowered rules to Sigma YAML: detection rules, and {@code temporal_ordered} or
 * {@code event_count} correlations for sequences) and the Sigma reader (Sigma YAML back into the IR, through a
 * profile reversed).
 *
 * <h2>Classes</h2>
 * {@link dev.ruleport.sigma.SigmaBackend}, {@code SigmaWriter} (documents, metadata, correlations),
 * {@code ExprTranslator} (a lowered condition as a detection tree), {@code Detection} (search identifiers and the
 * condition), {@code SigmaString} and {@code SigmaRegex} (values, wildcards, regexes and their escaping),
 * {@code StageOverlap} (when a correlation's stages cannot share an event), {@code SigmaYaml} (YAML that every
 * reader takes the same way), {@link dev.ruleport.sigma.SigmaReader} and {@link dev.ruleport.lower.ProfileReverse} (the lowering's reverse step, shared with the SPL and KQL readers).
 *
 * <h2>Semantics decisions</h2>
 * <ul>
 *   <li><b>Case</b>: {@code :}, {@code like~}, {@code in~} and the {@code ~} functions are Sigma's default
 *       case-insensitive match; {@code ==}, {@code in}, {@code like} and the plain functions add {@code |cased}.
 *       EQL folds ASCII only: a case-insensitive value with a non-ASCII cased letter is refused.</li>
 *   <li><b>Negation</b>: Sigma's {@code not} holds for events lacking the field, like EQL's; the condition arrives
 *       in negation normal form and each negated leaf is a {@code not} of its selection.</li>
 *   <li><b>Sequences</b>: EQL gives each stage its own event, a correlation may count one event for two rules; a
 *       sequence is exact only when no event can match two stages ({@code StageOverlap}), and a multi-valued
 *       group-by field relies on the backend grouping an event under each of its values (stated in the output).
 *       What the backend does itself beyond the lowering's sequence structure: stage rules with names, aliases when
 *       stages join on different fields, {@code event_count} for a one-term {@code runs=N}.</li>
 *   <li><b>Metadata</b>: title, id, description, references, author, dates, ATT&amp;CK tags and level, the
 *       fidelity as comments (lean, the default: what SigmaHQ rules hold); with {@code sigma.metadata=full} the rest
 *       of the Elastic rule is kept under {@code elastic}, and the profile, log source and absorbed conjuncts under
 *       {@code ruleport}, which the reader uses to map the rule back to ECS exactly.</li>
 * </ul>
 */
package dev.ruleport.sigma;
