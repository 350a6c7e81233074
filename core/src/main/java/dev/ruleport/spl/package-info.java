/**
 * The Splunk backend: lowered rules ({@code dev.ruleport.lower}) to SPL searches, or {@code savedsearches.conf}
 * stanzas, and a reader of the emitted subset ({@code grammar/SplSubset.g4}) back into the IR.
 *
 * <h2>Classes</h2>
 * {@link dev.ruleport.spl.SplBackend} (the backend: header, formats), {@code SplWriter} (event queries, CIM
 * {@code tstats}, sequences), {@code ConditionWriter} (a condition in three forms: exact eval for {@code | where},
 * exact search terms where the search language can say it, and a superset pre-filter), {@code StringPattern}
 * (wildcards as search terms, LIKE patterns and PCRE), {@code SplStrings} (quoting, field names, comments),
 * {@code SavedSearches}, {@link dev.ruleport.spl.SplReader} and {@code PcreToLucene} (reading back; used by the
 * round-trip tests and by {@code ruleport test --to spl}).
 *
 * <h2>Semantics decisions</h2>
 * <ul>
 *   <li><b>Search then where.</b> The search command matches case-insensitively and knows only {@code *}: a leaf
 *       goes into the search when that is exact, otherwise its eval form goes into {@code | where} and a superset of
 *       it (if any) into the search, which never drops an event the query matches.</li>
 *   <li><b>Negation.</b> A negated leaf is written with its missing-field case explicit,
 *       {@code isnull('f') OR NOT (...)}, so the result is never null where EQL's is true (the condition arrives in
 *       negation normal form from the lowering).</li>
 *   <li><b>Multi-valued fields</b> keep any-of meaning through {@code mvfind} / {@code mvfilter}.</li>
 *   <li><b>Regex and wildcards</b> are anchored PCRE, {@code (?s)^...\z}; {@code ?} stays one character.</li>
 *   <li><b>Sequences</b>: ordered {@code streamstats} with no time buckets (see {@code SplWriter}); a multi-valued
 *       join key is de-duplicated and expanded ({@code mvdedup}, {@code mvexpand rp_kN}) so each of its values is a
 *       key, as in EQL. Refused: sequences over several log sources, samples, {@code until} and missing-event terms
 *       (dropped, broader, with {@code --lossy}), a sequence without {@code maxspan} (narrower: streamstats windows
 *       are bounded).</li>
 *   <li><b>CIM</b>: {@code | tstats ... from datamodel=...} takes search terms only; a condition that needs
 *       {@code | where} is refused.</li>
 * </ul>
 * What the backend does itself for a sequence, beyond the lowering's structure: one stage row per (event, stage)
 * with {@code mvexpand rp_stage}, the per-stage key {@code case()} when stages join on different fields, and the
 * streamstats chain that reproduces EQL's one-pending-sequence state machine.
 */
package dev.ruleport.spl;
