/**
 * Translations measured on fixture events, as {@code ruleport test --to} and the Maven plugin's {@code verify} goal
 * run them, and as {@code convert --lossy} does before it writes a lossy output.
 *
 * <ul>
 *   <li>{@link dev.ruleport.verify.Projection}: fixture events (ECS) as the target's log source records them: in the
 *       log source (its absorbed conjuncts and recorded values laid over), never-recorded fields removed, derived fields
 *       consistent with the stored path, arguments consistent with the command line ({@link dev.ruleport.verify.Argv}),
 *       {@code ""} as missing where the target cannot tell them apart. One projection per profile, made from the
 *       lowered rule.</li>
 *   <li>{@link dev.ruleport.verify.Measurement}: the rule (interpreter on the EQL) and the translation (the target's
 *       output read back by its reader, {@code KqlReader}, {@code SplReader}, {@code SigmaReader}, run by the same
 *       interpreter) on each projected case: agreement for exact and equivalent outputs, positives matched and near
 *       misses also matched for lossy ones, dead when no positive is matched.</li>
 * </ul>
 * The readers stay in the main code for this (and for Sigma input); the round-trip tests of each backend use them
 * the same way.
 */
package dev.ruleport.verify;
