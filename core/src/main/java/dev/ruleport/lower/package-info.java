/**
 * The lowering stage: between the front end ({@code compile}, {@code parse}) and the profile-driven backends
 * ({@code sigma}, {@code kql}, {@code spl}). It answers, once and the same way for every target, every question that
 * does not depend on the target's syntax; backends only render.
 *
 * <h2>Pipeline</h2>
 * <pre>
 *   CompiledRule + MappingProfile + LossMode
 *        │  Lowering.lower
 *        ▼
 *   LoweredRule ─ kind (event, sequence, sample), findings
 *        ├── LoweredFilter (event query, or each sequence term)
 *        │      selection (the log source), absorbed conjuncts, condition (normal form), fields (ECS → target)
 *        └── LoweredSequence: terms (runs, missing), until, maxspan, per term JoinKey (classified)
 * </pre>
 *
 * <h2>What the stage decides</h2>
 * <ul>
 *   <li><b>Normal form</b> ({@link dev.ruleport.lower.Normalizer}): negation pushed to the leaves (exact, because a
 *       filter is two-valued in EQL: see the class), {@code !=} as {@code not ==}, {@code true}/{@code false} folded,
 *       connectives flattened, repeated operands removed, leaves that are constant folded ({@code x > null},
 *       {@code stringContains(x, "")}).</li>
 *   <li><b>Category</b>: {@code process where} becomes {@code event.category == "process"} (or the rule's
 *       {@code event_category_override}) with a synthetic span, in {@link dev.ruleport.ir.Filter#categoryTest}, the
 *       one place it is expanded (the interpreter, the Java generator and the fixture generator use it too).</li>
 *   <li><b>Log source</b>: chosen from the rule's facts ({@link dev.ruleport.mapping.RuleFacts}); the conjuncts it
 *       guarantees are left out of the condition and listed as absorbed; an inexact choice is a finding with its
 *       direction.</li>
 *   <li><b>Fields</b>: every field of the condition is resolved to its place in the log source (column, type,
 *       multi-valued, value transform). A leaf on a field with no place, or whose approximation the
 *       {@link dev.ruleport.lower.LossMode} does not allow, is dropped.</li>
 *   <li><b>Impossible alternatives</b> under a derived field (a basename value holding the path separator, an
 *       extension holding a dot or separator) are folded away: exact on the target's data.</li>
 *   <li><b>Join keys</b> ({@link dev.ruleport.lower.JoinKey}): classified single-valued, multi-valued, derived,
 *       inexact, unmapped, not a field; every key position some term cannot join on is dropped from every term.
 *       <b>Multi-valued keys</b> get one decision for every target: EQL's meaning is kept, each distinct non-null
 *       value is a key of its own. KQL expands the row per value ({@code mv-expand} of {@code set_union(col,
 *       dynamic([]))}), SPL likewise ({@code mvdedup} then {@code mvexpand}), and a Sigma correlation groups by the
 *       field, which Splunk's {@code stats by} and ES|QL's {@code STATS ... BY} also do per value (the output names
 *       that assumption). Why not refuse them: the meaning is expressible in all three, and refusing would lose
 *       exact translations the Sigma backend already made.</li>
 *   <li><b>Findings</b> ({@link dev.ruleport.lower.Finding}): each with a span, a {@link dev.ruleport.lower.Reason}
 *       code, the predicate's EQL text, and the direction of writing the output anyway (broader, narrower,
 *       overlapping; none when nothing can stand for it).</li>
 * </ul>
 *
 * <h2>Dropping is the only approximation of a predicate</h2>
 * In negation normal form every leaf occurs positively ({@code not p} is itself a leaf), so replacing a leaf by
 * {@code true} can only widen a condition. A dropped leaf is removed and the connectives are simplified: a
 * conjunction loses it, a disjunction holding it becomes {@code true} as a whole. No constant that came from a
 * dropped predicate reaches an output. A filter left with nothing to test after drops would match every event of
 * its log source: that is refused as {@code [flood]}; one that folds to {@code false} can never match and is refused
 * as {@code [never-matches]}. An operand decided on every event of the log source (a field it never records, a value
 * its target never takes) decides its connective, false a conjunction and true a disjunction: what the other operands
 * could not say is then not reported. Backends apply the same rule to the leaves their syntax cannot say, through
 * {@link dev.ruleport.backend.ConditionRenderer}.
 *
 * <h2>The reverse step</h2>
 * Readers go the other way: a Sigma rule in, and the SPL and KQL readers that read outputs back in the round trips.
 * {@link dev.ruleport.lower.ProfileReverse} answers their profile questions once (which log sources a table, a search
 * prefix, a data model or a Sigma logsource names; which ECS field a target field stands for), so no backend walks the
 * profile's log sources itself.
 */
package dev.ruleport.lower;
