/**
 * The backend contract: what every target writer implements and shares.
 *
 * <ul>
 *   <li>{@link dev.ruleport.backend.Backend}: a target's name, default profile, the profiles it
 *       {@linkplain dev.ruleport.backend.Backend#accepts accepts} (a profile for another target is a usage error),
 *       its settings, and {@code translate}. Profile-driven targets extend
 *       {@link dev.ruleport.backend.RenderingBackend}: the rule arrives lowered ({@code dev.ruleport.lower}) and the
 *       backend only renders it; it never reads a profile.</li>
 *   <li>{@link dev.ruleport.backend.ConditionRenderer}: renders a lowered condition; a backend writes leaves and
 *       the two connectives, and a leaf it cannot say is dropped (broader) or refuses the translation, the same way
 *       everywhere.</li>
 *   <li>{@link dev.ruleport.backend.Refusals}: the findings of one translation (the lowering's, then the
 *       backend's), each with its {@link dev.ruleport.lower.Reason} code; the user's
 *       {@link dev.ruleport.lower.LossMode} turns them into losses or a refusal once, at
 *       {@link dev.ruleport.backend.Refusals#finish}. Messages read {@code target/profile [code] message}.</li>
 *   <li>{@link dev.ruleport.backend.OutputHeader}: the frame every text output starts with (rule, ATT&amp;CK,
 *       source, profile, log sources, fields, fidelity, each loss with its position and direction).</li>
 *   <li>{@link dev.ruleport.backend.Translation}: exact, equivalent, lossy or refused, with the text, a file name
 *       ({@link dev.ruleport.backend.Backends#baseName}; a batch makes names unique), diagnostics and losses.</li>
 *   <li>{@link dev.ruleport.backend.Backends}: the registry, by the name the CLI uses.</li>
 * </ul>
 *
 * <h2>A fifth backend</h2>
 * Files it touches:
 * <ol>
 *   <li>{@code dev/ruleport/<target>/<Target>Backend.java}: extends {@code RenderingBackend}; {@code render} makes a
 *       {@code Refusals.of(lowered, TARGET)}, writes the event query ({@code lowered.event()}) or sequence
 *       ({@code lowered.sequence()}), prefixes {@code OutputHeader.lines(...)} in its comment syntax and calls
 *       {@code refusals.finish(text, Backends.baseName(file) + ".ext")}.</li>
 *   <li>{@code dev/ruleport/<target>/<Target>ConditionWriter.java}: extends {@code ConditionRenderer<T>}; implements
 *       {@code leaf} (an {@code ExprVisitor} over the leaf kinds, so a new IR node is a compile error),
 *       {@code and}, {@code or}; field names and types come from {@code LoweredFilter.field(ref)}.</li>
 *   <li>{@code Backends.java}: one {@code register(...)} line.</li>
 *   <li>A profile YAML under {@code mapping/profiles/} with {@code target: <target>} and its line in
 *       {@code profiles.list}.</li>
 *   <li>Tests: the shared kit ({@code dev.ruleport.backend} test package) runs every registered backend over the
 *       corpus, its coverage floors and the shared decisions without further code; a reader of the output, if the
 *       target has one, adds round trips.</li>
 * </ol>
 */
package dev.ruleport.backend;
