/**
 * Executable EQL value semantics (Elasticsearch dialect), shared by the interpreter and by
 * generated Java matchers. Zero dependencies; static methods and small immutable compiled objects.
 *
 * <p>Conventions used throughout:
 * <ul>
 *   <li>Three-valued logic is a {@code Boolean} that may be {@code null} (unknown); see {@link Tri}.
 *       A filter keeps an event only when the condition is {@code TRUE}.</li>
 *   <li>A missing field and a field whose only value is JSON {@code null} are the same thing:
 *       {@link FieldAccessor#values} returns an empty list, {@link FieldAccessor#first} returns null.</li>
 *   <li>Case-insensitive matching folds ASCII letters only ({@link CaseFold}), as Elasticsearch's
 *       {@code case_insensitive} term, wildcard and regexp queries do.</li>
 *   <li>Errors in constant arguments (a bad pattern, a bad CIDR) are {@link IllegalArgumentException}s
 *       meant to be raised when a rule is compiled, not per event.</li>
 * </ul>
 */
package dev.ruleport.runtime;
