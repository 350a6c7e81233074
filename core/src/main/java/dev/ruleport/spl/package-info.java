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
 *       are bounded). Stages of several log sources share one search when their prefixes share a head: each
 *       stage's rest of prefix joins its pre-filter in the base search and selects its rows with
 *       {@code searchmatch()}; the reader reads each stage with its log source's fields.</li>
 *   <li><b>CIM</b>: {@code | tstats ... from datamodel=... where <search terms> by _time span=1s <fields> | where
 *       <eval>}: tstats groups by every field the where tests, so each row holds one combination of their values;
 *       when the condition can hold on an event lacking such a field, {@code fillnull_value} keeps it under a text
 *       the where reads as missing ({@code nullif}), and the output states that equivalence.</li>
 * </ul>
 * What the backend does itself for a sequence, beyond the lowering's structure: one stage row per (event, stage)
 * with {@code mvexpand rp_stage}, the per-stage key {@code case()} when stages join on different fields, and the
 * streamstats chain that reproduces EQL's one-pending-sequence state machine.
 */
package dev.ruleport.spl;
