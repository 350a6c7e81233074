/**
 * The KQL backend: lowered rules ({@code dev.ruleport.lower}) to Kusto queries for Azure Data Explorer, Microsoft
 * Sentinel and Defender XDR, and a reader for the emitted subset ({@code grammar/KqlSubset.g4}) back into the IR
 * (used by the round-trip tests and by {@code ruleport test --to kql}).
 *
 * <h2>Classes</h2>
 * {@link dev.ruleport.kql.KqlBackend} (the {@code Backend}), {@link dev.ruleport.kql.KqlWriter} (query level:
 * header, event queries, sequences), {@code KqlExprWriter} (conditions: leaves and connectives of a
 * {@code ConditionRenderer}), {@link dev.ruleport.kql.KqlText} (literals, column names, comments),
 * {@link dev.ruleport.kql.Re2} (anchored RE2 patterns), {@link dev.ruleport.kql.KqlReader} and {@code Re2ToLucene}
 * (reading back). Log source choice, absorbed conjuncts, field resolution and reason codes come from the lowering
 * stage and the backend contract.
 *
 * <h2>Semantics decisions (the interpreter is the authority)</h2>
 * <ul>
 *   <li><b>Case.</b> {@code ==}, {@code in}, {@code like} are {@code ==}, {@code in}, {@code *_cs}; {@code :},
 *       {@code like~}, {@code in~} are {@code =~}, {@code in~}, {@code startswith}/{@code endswith}/
 *       {@code contains}, or {@code (?i)} regexes. EQL folds ASCII only. When a case-insensitive literal holds a
 *       non-ASCII character it is written as a flag-free regex whose ASCII letters are classes ({@code [eE]}), exact
 *       whatever Kusto folds. For ASCII literals Kusto's case-insensitive operators and RE2's {@code (?i)} are taken
 *       as exact; the one residual difference, documented here, is that a Unicode-folding engine may also match
 *       U+212A KELVIN SIGN for {@code k} and U+017F LONG S for {@code s} (no other non-ASCII character folds to ASCII).</li>
 *   <li><b>Wildcards.</b> By shape: exact, prefix, suffix, contains use the operators above; anything else, and
 *       every {@code ?}, is an RE2 {@code matches regex} anchored {@code ^...$} with {@code (?s)}, so {@code ?} is one
 *       character (including a line break) and {@code *} any run. {@code *} and {@code ?} are literal in
 *       {@code ==}/{@code in}/{@code in~}, as in EQL.</li>
 *   <li><b>Regex.</b> Lucene syntax is translated by the runtime's {@code EqlRegex} to the subset shared with RE2,
 *       wrapped {@code (?s)^(?:...)$}; a pattern that needs lookarounds (Lucene {@code ~ & #}) or a case-insensitive
 *       pattern with non-ASCII text is refused.</li>
 *   <li><b>Missing and empty.</b> A Kusto string column has no null: a missing value is {@code ""}. The writer
 *       treats {@code ""} as missing: {@code x != null} is {@code isnotempty(x)}, {@code x == null} is
 *       {@code isempty(x)}, and any leaf that would hold for {@code ""} gets {@code isnotempty(x) and} so it is false
 *       for a missing value as in EQL ({@code x : "*"} is {@code isnotempty(x)}). A rule that compares with the empty
 *       string itself ({@code x == ""}, {@code x : ""}, {@code in ("")}) is refused: its meaning is exactly the
 *       difference Kusto cannot see. Other types use {@code isnull}/{@code isnotnull}.</li>
 *   <li><b>Negation.</b> EQL's {@code not} turns a leaf that is false on a missing field into true. Kusto's
 *       {@code not(null)} is null, so under an odd number of {@code not}s every leaf that can be null (orderings on
 *       numbers, {@code set_has_element} on a null array) is guarded with {@code isnotnull(x) and}; string leaves are
 *       already two-valued; {@code x != v} is written {@code not(x == v)}.</li>
 *   <li><b>Multi-valued fields</b> ({@code dynamic} columns, which are arrays in the data model): a predicate holds
 *       when any element satisfies it. Case-sensitive equality is {@code set_has_element(col, "v")}; every other test
 *       becomes a count over the elements, one {@code mv-apply} per column: {@code mv-apply __e =
 *       array_concat(dynamic([null]), coalesce(col, dynamic([]))) to typeof(string) on (summarize __m1 =
 *       countif(...))}, then {@code __m1 > 0}. The leading null element guarantees one row per record whatever
 *       mv-apply does with empty or null arrays; it is "" as a string, which no predicate accepts (the empty-string
 *       guard above).</li>
 *   <li><b>Types.</b> Literals are written in the column's type: {@code event.code : "4688"} on the int column
 *       {@code EventID} is {@code EventID == 4688}; a non-integral or non-numeric text against a number column is
 *       refused; wildcard text on an int/long column matches {@code tostring(col)} (the same decimal text).</li>
 *   <li><b>IP.</b> {@code cidrMatch} uses {@code ipv4_is_in_range} for IPv4 blocks and {@code ipv6_is_match} for
 *       IPv6 blocks, {@code (...) == true} so that an empty or invalid address is false, not null. Elasticsearch's
 *       {@code ip} type stores IPv4-mapped IPv6 addresses as IPv4, so the data holds no {@code ::ffff:a.b.c.d} form.</li>
 *   <li><b>Profiles.</b> The lowering leaves out the conjuncts a log source absorbs and refuses (or, with
 *       {@code --lossy}, drops and lists in a {@code // LOSSY} comment) what the profile cannot say. Transforms: a basename is {@code (col endswith @"\name" or col =~ "name")} or a
 *       regex with {@code (?:.*\\)?} and wildcards that cannot cross the separator; an extension is
 *       {@code col endswith ".ext"} or a regex after the last dot.</li>
 *   <li><b>Literals.</b> Verbatim {@code @"..."} when a value has a backslash and no line break, else a regular
 *       literal with {@code \\ \" \n \r \t}; other control characters go through a regex ({@code \x{h}}). Comments
 *       (the metadata header) are split at every line terminator so nothing escapes them.</li>
 * </ul>
 *
 * <h2>Sequences</h2>
 * A sequence becomes: the table (or a {@code union} of tables), stage flags {@code __s1..__sN} and {@code __u} (until)
 * computed with {@code extend}, {@code __ts} (the log source's timestamp) and {@code __key} (join key; a composite key
 * is {@code tostring(pack_array(...))}, injective; stages with different key fields in one table use {@code case()}
 * only when their filters are provably disjoint), rows without a timestamp or with a missing non-optional key
 * dropped, then {@code partition hint.strategy=native by __key (sort by __ts asc | scan ...)}. Step {@code sK} is
 * {@code __sK and isnull(sK.__ts) and __ts - s1.__ts <= maxspan}. Why this is EQL's matcher, from Kusto's documented
 * scan logic: records try the steps from last to first; "Check 1" moves the previous step's sequence into step K,
 * replacing the one there and emptying step K-1 (EQL: one pending sequence per stage, a newer one replaces it, an
 * advanced sequence leaves its slot); "Check 2" would let a record re-match a step that already holds a sequence,
 * which EQL never does: {@code isnull(sK.__ts)} is true only against the previous step's state, so Check 2 never fires
 * for K &gt; 1, while step 1's Check 2 starts (replaces) the pending sequence as EQL does. Maxspan is inclusive from
 * the first event. {@code until}: {@code __uc = row_cumsum(iff(__u, 1, 0))}; a sequence advances only if no until
 * event came since its last event ({@code __uc == s(K-1).__uc}; the final step excludes the record itself, which may
 * complete); step 1 does not start on an until event. Only the completing record is output ({@code output=none} on
 * the other steps), one row per match. Ties in timestamp are ordered arbitrarily, as in Elasticsearch without a
 * tiebreaker. {@code ScanModelTest} runs this logic, written from the scan documentation, against the interpreter
 * on every translated corpus sequence. A multi-valued join key (EQL: each distinct value is a key of its own) is
 * expanded before partitioning: {@code | mv-expand __kN = set_union(col, dynamic([])) to typeof(string)} gives one
 * row per distinct value (an empty array none, a null one row that the key guard drops). What the backend does
 * itself beyond the lowering's sequence structure: the table branches and their {@code union}, the stage flags, the
 * key expression (per stage with {@code case()} only when the stages are provably disjoint), and the scan steps.
 * Refused: missing-event stages {@code ![...]}, samples, {@code head}/{@code tail} pipes.
 *
 * <h2>Round trips: the events both queries see</h2>
 * The tests ({@code KqlRoundTrip}) run every exact translation back through {@link dev.ruleport.kql.KqlReader} and
 * compare, match for match, the original query and the read-back query on the fixture generator's positive witnesses
 * and near misses, on the example rules' hand-written fixtures and on self-built events. A KQL query runs on rows, not
 * on ECS documents, so both queries see each event <b>projected onto the target's rows</b>; the projection is the
 * decision above made explicit, never a skip:
 * <ul>
 *   <li>{@code ""} is a missing value: empty-string values are removed, empty-string elements are removed from arrays
 *       and an array left empty is removed. On such events EQL itself may answer differently than on the raw event
 *       ({@code x != null} holds for {@code ""}); the test counts the cases that needed this and those where the raw
 *       EQL verdict differs, which is exactly the residual documented under "Missing and empty".</li>
 *   <li>A field the profile derives from a column (a basename, an extension) is recomputed from the column's field;
 *       when only the derived field is present, the column's field is created from it (the bare name, or
 *       {@code ruleport.<ext>}).</li>
 *   <li>A field on a multi-valued column is an array (a scalar becomes a one-element array, the same for EQL).</li>
 *   <li>A field the log source never records is removed.</li>
 *   <li>An argument vector computed from a Windows command line ({@code parse_command_line(col, "windows")}) is the
 *       {@code CommandLineToArgvW} split of the command line the row holds (the test kit's {@code WindowsCommandLine});
 *       fields computed with {@code case()} over one column (a file event's kind from its ActionType) come from one
 *       value of that column; a value a clause stands for (host.os.type) is written as the clause writes it.</li>
 *   <li>A field the profile renders ({@code values_as}, {@code numbers_as}, {@code missing_as}; on a column or on a
 *       computed string field such as {@code tostring(EventData.Initiated)}) holds only values the target writes: an
 *       open rendering's listed value but for case is that value, a value a closed rendering does not list is the
 *       listed one that keeps the stage's verdict (else removed), and the ECS fields holding the same column or
 *       expression as written hold its rendering. The reader reads the target's texts under the ECS names, so the
 *       read-back query runs on rows holding each rendered value as the target writes it ({@code "true"} for
 *       {@code egress}), as in the SPL round trip.</li>
 *   <li>A row is in a table only when the event satisfies the conjuncts (and category) its stage's log source absorbs:
 *       the read-back stage gets that membership as an extra conjunct, since the KQL text has no trace of them. A
 *       conjunct the query tests through one of the log source's own clauses is read back from the clause instead.</li>
 * </ul>
 *
 * <h2>Profiles with computed fields and clauses</h2>
 * A field the profile maps to an expression is written as that expression in parentheses wherever a column would be
 * (under {@code mv-apply}, {@code set_has_element}, typed comparisons, join keys); a conjunct absorbed through a
 * clause gets its own {@code | where} (in a sequence, a conjunct of its stage flag). Equivalences the lowering collects
 * (an activity named differently, a clause, a computed field's identity) are written as {@code // equivalence:} lines
 * and make the translation equivalent rather than exact.
 */
package dev.ruleport.kql;
