/**
 * Mapping profiles: the data-model half of translation. A profile says where the ECS data an Elastic rule
 * queries lives in a target (a Sigma log source, a Kusto table, a Splunk search or data model), and how each
 * ECS field is named there, with a {@link dev.ruleport.mapping.Fidelity} per entry.
 *
 * <h2>Use</h2>
 * <pre>
 *   MappingProfile profile = MappingProfile.load("sigma-windows");        // or a path to a user's YAML
 *   RuleFacts facts = RuleFacts.from(filter, rule.indexPatterns(), rule.categoryOverride());
 *   Optional&lt;Selection&gt; s = profile.select(facts);                       // empty: no log source fits
 *   s.get().fidelity();                                                   // EXACT, or NARROWER + reason()
 *   s.get().attributes();                                                 // {product=windows, service=security}
 *   s.get().absorbs(conjunct);                                            // may the backend drop it?
 *   s.get().field("process.executable");                                  // NewProcessName, exact
 * </pre>
 * A backend makes the diagnostics: an empty {@code field(...)} is an unmapped field (the default is an error at
 * the field's position; {@link dev.ruleport.mapping.Logsource#explainUnmapped} gives the sentence), a
 * non-exact field or selection is refused unless the user allows lossy output. Sequences select per term.
 *
 * <h2>Rule facts and selection</h2>
 * {@link dev.ruleport.mapping.RuleFacts} reads the top-level conjuncts that restrict a field to constants
 * ({@code host.os.type == "windows"}, {@code event.code : "4688"}, {@code event.type in ("start", ...)}, an
 * {@code or} of those on one field) plus the category keyword; negated or mixed conjuncts are not facts.
 * Each log source has a {@code when} (must hold exactly, else the log source is not a candidate) and a
 * {@code requires} (holds exactly: EXACT; rule does not say: NARROWER; contradicted: not a candidate). The
 * candidates are ranked by fidelity, ties by profile order. A log source's {@code absorbs} lists the facts
 * it guarantees: a conjunct naming one of the absorbed values (they are synonyms across data sources, e.g.
 * {@code start}/{@code process_started}) may be dropped, with the absorb's fidelity (BROADER where the target
 * cannot express the restriction, e.g. an OS test on Defender tables, which hold every OS).
 *
 * <h2>Profile YAML</h2>
 * <pre>
 * # NAME — one line saying what the profile is, then a comment block on its choices
 * name: sigma-windows
 * target: sigma                    # sigma | kql | spl | any
 * description: ...
 * path_separator: '\'              # for transform: basename ('\' or '/')
 * variables: {index: '*'}          # ${index} in attributes; MappingProfile.withVariables overrides
 * hosts: {os: [windows], says: ...}  # optional: the deployment's hosts all run this OS (HostScope); rules are
 *                                   # translated for their events only, and the output says so (says: optional)
 * identity: false                  # true: unlisted fields map to themselves
 * multi_valued: [process.args]     # identity fields that are arrays
 * fields:                          # for every log source of the profile
 *   event.code: EventID
 * prefixes: {winlog.event_data.: ''}   # winlog.event_data.X -> X
 * field_groups: {name: {ecs.field: Target, ...}}   # shared by log sources via `use`
 * tables: {Table: {Column: kusto-type}}            # KQL: columns_from: {table: Table}
 * logsources:
 *   - id: windows/process_creation
 *     description: ...
 *     attributes: {product: windows, category: process_creation}   # ordered; ${rule.index} = the rule's indices
 *     when: {category: process}
 *     requires:
 *       os: windows
 *       any_of: [{event.type: [start, process_started]}, {event.action: [exec, start]}]
 *     absorbs:
 *       host.os.type: [windows]
 *       event.type: [start, process_started]
 *       event.category: {values: [authentication], when: {event.code: ['4624']}, fidelity: exact}
 *       host.os.type:                                  # tested another way: a clause per value, in target syntax
 *         clauses: {windows: 'DeviceId in ((DeviceInfo | ... | project DeviceId))'}
 *         says: host.os.type = the device's OSPlatform   # the equivalence, stated in the output
 *     equivalent:                      # the same activity under another name: translation is equivalent
 *       - when: {category: process, os: windows, event.code: ['4688']}
 *         absorbs: {event.code: ['4688']}
 *         says: Security event 4688 (a process was created) = Sysmon event 1 (process creation)
 *     never_recorded: [process.code_signature., user.id]   # fields (or prefixes ending in .) always missing here
 *     fidelity: exact              # the log source's own; not exact needs a note
 *     use: [sysmon_actor]
 *     columns: {Col: string}       # KQL (required there), or columns_from: {resource: cp/path.json, table: T}
 *     fields:
 *       process.executable: Image                                   # exact rename
 *       process.name: {target: Image, transform: basename}          # Image|endswith '\name'
 *       user.domain: {target: User, transform: domain}              # User|startswith 'DOMAIN\' (DOMAIN\name)
 *       process.args: {target: CommandLine, fidelity: broader, note: why}
 *       process.parent.args: {unmapped: why there is none}
 *       user.id: {never: why the source never records it}           # decided as missing, exactly
 *       process.args: {expression: 'parse_command_line(CommandLine, "windows")', type: dynamic}   # computed
 *       process.entity_id: {expression: 'strcat(...)', type: string, equivalence: what the identity relies on}
 *       event.action: {expression: 'case(...)', type: string, equivalence: ..., values: [creation, deletion]}  # only these
 *       event.code: {target: EventID, type: int, multi: false}
 *       host.id: {target: Computer, join_only: true, equivalence: the host's name, for joining}   # a join key only
 *       network.direction: {target: Initiated, values_as: {egress: 'true', ingress: 'false'}}   # the only values, renamed
 *       process.Ext.token.integrity_level_name: {target: IntegrityLevel, values_as: {high: High}, values_open: true}  # and others
 *       registry.data.strings: {target: Details, numbers_as: ['DWORD (0x%08x)']}           # numbers also written so
 *       process.parent.pid: {target: ProcessId, numbers_as: ['0x%x']}                     # hexadecimal, no leading zeros
 *       process.name: {target: Processes.process_name, missing_as: unknown, equivalence: ...}  # text for missing
 * </pre>
 * <b>Join-only</b> mappings ({@code join_only: true}) give a sequence's join key a target field that holds the same
 * identity under another value (a host's name for {@code host.id}); a predicate on the field stays unmapped.
 * <b>Value renderings</b> ({@link dev.ruleport.mapping.ValueRendering}: {@code values_as}, {@code numbers_as},
 * {@code missing_as}) say how the target writes some values; the lowering rewrites each leaf on such a field into the
 * same test of the target's texts, exactly, or refuses it. A join key on a rendered field is dropped (another
 * stage's column may write the same value otherwise), except under {@code missing_as} alone: EQL joins only events
 * whose key is present, so each stage then also requires it and the column holds the values as they are. A profile's {@code event_actions} (event code to its one
 * {@code event.action} text, every kind of event the data holds) lets the lowering decide a wildcard pattern on
 * {@code event.action} as the texts it matches. With {@code values_open: true} the listed values are not
 * all: other values are written as other texts, so only comparisons with listed values are rewritten.
 * <b>Equivalent selections.</b> A log source is selected exactly when its {@code when} and {@code requires} hold
 * exactly; otherwise, when one of its {@code equivalent} entries holds exactly, it is selected as <em>equivalent</em>:
 * the rule asks for the same activity under another name, the entry's conjuncts are absorbed too, and the
 * translation states the equivalence ({@code says}). Exact candidates rank before equivalent ones, which rank before
 * inexact ones. <b>Never recorded</b> fields are missing in every event of the log source: a predicate that reads
 * only such fields is decided by the interpreter on an event without them (false for {@code x : "a"}, true for
 * {@code not x : "a"} and {@code x == null}); a filter that then never holds, or holds for every event of the source,
 * is refused with that reason. <b>Values</b>: a field declared with {@code values} only ever holds those on the target
 * (a computed kind of event); a comparison, pattern or list member naming none of them is false there and is left out
 * ({@code event.action == "open"} on a table that records creations and deletions), so a filter that needs it is
 * refused as never matching rather than written as a query that cannot match.
 *
 * Reading Sigma rules ({@code dev.ruleport.lower.ProfileReverse}) also uses, per log source, {@code reads_as} (the
 * ECS conjuncts the Sigma log source means), {@code keywords} (where a keyword search looks; also profile-wide) and
 * {@code aliases} (other spellings of a Sigma name; also profile-wide); the mapping API ignores them.
 *
 * Field lookup order: the log source's fields, its groups in {@code use} order, the profile's fields, then
 * prefixes in the same order, then identity; a KQL target must be one of the log source's columns and takes
 * its type from there ({@code dynamic} columns are multi-valued). Condition keys: {@code category},
 * {@code os}, any ECS field, {@code present} (a positive conjunct tests one of these fields), {@code any_of}.
 * Values are compared case-insensitively. Every problem in a profile is a
 * {@link dev.ruleport.mapping.MappingProfileException} naming the file and the key path.
 *
 * <h2>Built-in profiles</h2>
 * {@code ecs}, {@code sigma-windows}, {@code sigma-linux}, {@code sigma-macos}, {@code sigma-cloud},
 * {@code sigma-network}, {@code kql-ecs} (columns in
 * {@code kusto/ecs-table.json}: the ECS fields the rule corpus uses), {@code kql-sentinel-securityevent},
 * {@code kql-defender-xdr}, {@code kql-sentinel-sysmon}, {@code splunk-ecs}, {@code splunk-windows}, {@code splunk-sysmon}, {@code splunk-cim};
 * listed in {@code profiles/profiles.list}.
 */
package dev.ruleport.mapping;
