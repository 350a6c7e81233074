package dev.ruleport.spl;

import dev.ruleport.backend.Refusals;
import dev.ruleport.lower.JoinKey;
import dev.ruleport.lower.LoweredFilter;
import dev.ruleport.lower.LoweredRule;
import dev.ruleport.lower.LoweredSequence;
import dev.ruleport.lower.LoweredTerm;
import dev.ruleport.lower.Reason;
import dev.ruleport.mapping.Fidelity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import dev.ruleport.mapping.RuleFacts;

/**
 * Writes one rule's query as an SPL search.
 *
 * <h2>Event queries</h2>
 * <pre>
 * ``` metadata ```
 * &lt;log source search prefix&gt; &lt;search terms&gt;
 * | where &lt;eval expression&gt;
 * </pre>
 * Each top-level conjunct goes into the search when the search language says it exactly (case-insensitive,
 * {@code *} only); otherwise its exact eval form goes into {@code | where} and a superset of it (if any) into
 * the search as a pre-filter, so the search never drops an event the query matches.
 *
 * <h2>Sequences</h2>
 * EQL's sequence state machine (one pending sequence per key and stage, a newer candidate replaces the
 * pending one, an event tried on the stages from last to first, maxspan inclusive from the first event) is
 * written with ordered {@code streamstats}: events are sorted by {@code _time}, each event becomes one row per
 * stage it satisfies (last stage first), and for each stage j a row advances a sequence iff the latest row that
 * reached stage j−1 for the same key is newer than the latest stage-j row before it and lies within maxspan of
 * the sequence's first event. Rows that reach the last stage are the matches. No fixed time buckets.
 *
 * <h2>Computed fields</h2>
 * A field the profile computes ({@code windows_argv(CommandLine)}: the arguments of a Windows command line,
 * {@link SplArgv}) gets one {@code | eval} after the search and before the {@code | where} that tests it; it has no
 * search term (it does not exist before the eval). Unions and sequences compute it once for every event.
 *
 * <h2>CIM</h2>
 * A profile whose log source names a {@code datamodel} gets {@code | tstats ... from datamodel=D.S where ...}, then
 * {@code | where} for what the search language cannot say (see {@link #tstats}).
 */
final class SplWriter {
    static final String STAGE = "rp_stage";

    private final LoweredRule lowered;
    private final Refusals refusals;
    /** Equivalences the SPL form itself relies on (beyond the lowering's), stated in the output. */
    final List<String> equivalences = new ArrayList<>();

    SplWriter(LoweredRule lowered, Refusals refusals) {
        this.lowered = lowered;
        this.refusals = refusals;
    }

    /** The query lines (no metadata comment), or null when the query shape is refused outright. */
    List<String> write() {
        return switch (lowered.kind()) {
            case EVENT -> lowered.isUnion() ? union(lowered.union()) : event(lowered.event());
            case SEQUENCE -> sequence(lowered.sequence());
            case SAMPLE -> {
                refusals.fatal(lowered.query().span(), Reason.SAMPLE, "sample queries (unordered groups of events by key)"
                        + " have no SPL translation in ruleport");
                yield null;
            }
        };
    }

    // ------------------------------------------------------------------ one filter

    /** A filter rendered against its log source. */
    private record Part(LoweredFilter filter, List<ConditionWriter.Rendered> conjuncts,
                        Map<String, SplArgv.Source> computed) {
        /** The log source's search prefix and the clauses that stand for absorbed conjuncts. */
        String prefix() {
            List<String> parts = new ArrayList<>();
            String s = filter.attributes().get("search");
            if (s != null && !s.isEmpty()) parts.add(s);
            parts.addAll(searchClauses(filter));
            return String.join(" ", parts);
        }

        boolean isDatamodel() { return filter.attributes().containsKey("datamodel"); }

        /** Eval of the whole filter (for a sequence stage). */
        String eval() {
            if (conjuncts.isEmpty()) return "true()";
            return ConditionWriter.allOf(conjuncts).eval();
        }

        /** Search pre-filter of the whole filter ("" = none). */
        String pre() {
            List<String> out = new ArrayList<>();
            for (ConditionWriter.Rendered r : conjuncts) {
                String p = r.search() != null ? r.search() : r.pre();
                if (p != null && !p.isEmpty()) out.add(ConditionWriter.searchGroup(p));
            }
            return String.join(" ", out);
        }
    }

    /**
     * The search terms that stand for the absorbed conjuncts a log source tests through clauses: per conjunct, the
     * clause of each value it allows, joined by {@code OR} in the profile's order of values
     * ({@link #clauseGroup}). (The lowering joins them in KQL's syntax; SPL's search needs an upper-case OR.)
     */
    static List<String> searchClauses(LoweredFilter f) {
        List<String> out = new ArrayList<>();
        for (LoweredFilter.Absorbed a : f.absorbed()) {
            if (a.clause() == null) continue;
            for (Map.Entry<String, Set<String>> fact : RuleFacts.of(a.conjunct()).values().entrySet()) {
                Map<String, String> byValue = f.selection().logsource().clausesByField().getOrDefault(fact.getKey(), Map.of());
                List<String> chosen = new ArrayList<>();
                byValue.forEach((value, clause) -> {
                    if (fact.getValue().contains(value) && !chosen.contains(clause)) chosen.add(clause);
                });
                String g = clauseGroup(chosen);
                if (!chosen.isEmpty() && !out.contains(g)) out.add(g);
            }
        }
        return out;
    }

    /** One clause as a search group, or several as {@code (c1 OR c2 ...)}. */
    static String clauseGroup(List<String> clauses) {
        if (clauses.size() == 1) return ConditionWriter.searchGroup(clauses.get(0));
        List<String> g = new ArrayList<>();
        for (String c : clauses) g.add(ConditionWriter.searchGroup(c));
        return "(" + String.join(" OR ", g) + ")";
    }

    private Part part(LoweredFilter filter) {
        if (filter.selection() == null) return null;
        ConditionWriter cw = new ConditionWriter(filter, refusals);
        List<ConditionWriter.Rendered> rendered = cw.conjuncts();
        cw.checkFlood(rendered.isEmpty(), filter.source().span(), filter.logsourceId());
        return new Part(filter, rendered, cw.computed);
    }

    // ------------------------------------------------------------------ event query

    private List<String> event(LoweredFilter f) {
        Part p = part(f);
        if (p == null) return null;
        List<String> terms = new ArrayList<>();
        List<String> wheres = new ArrayList<>();
        for (ConditionWriter.Rendered r : p.conjuncts()) {
            if (r.search() != null) {
                if (!r.search().isEmpty()) terms.add(ConditionWriter.searchGroup(r.search()));
            } else {
                if (r.pre() != null && !r.pre().isEmpty()) terms.add(ConditionWriter.searchGroup(r.pre()));
                wheres.add(r.prec() == ConditionWriter.Rendered.OR ? "(" + r.eval() + ")" : r.eval());
            }
        }
        if (p.isDatamodel()) return tstats(p, terms, wheres);
        String head = p.prefix();
        if (!terms.isEmpty()) head = (head.isEmpty() ? "" : head + " ") + String.join(" ", terms);
        if (head.isEmpty()) head = "*";
        List<String> lines = new ArrayList<>();
        lines.add(head);
        String evals = computedEvals(p, f2 -> SplStrings.evalField(f2));
        if (evals != null) lines.add(evals);
        if (!wheres.isEmpty()) lines.add("| where " + String.join(" AND ", wheres));
        return lines;
    }

    /**
     * The computed fields of several parts (a union's branches, a sequence's stages) as one part's, computed once for
     * every event before the conditions; null (refused) when two parts compute one field from different columns.
     */
    private Part computedOf(List<Part> parts, dev.ruleport.diag.Span span) {
        Map<String, SplArgv.Source> all = new java.util.LinkedHashMap<>();
        for (Part p : parts) {
            for (Map.Entry<String, SplArgv.Source> e : p.computed().entrySet()) {
                SplArgv.Source prev = all.putIfAbsent(e.getKey(), e.getValue());
                if (prev != null && !prev.equals(e.getValue())) {
                    refusals.fatal(span, Reason.FIELD_NAME, e.getKey() + " is computed from " + prev.column() + " in one log"
                            + " source and from " + e.getValue().column() + " in another; one eval cannot compute both");
                    return null;
                }
            }
        }
        return new Part(parts.get(0).filter(), List.of(), all);
    }

    /**
     * The {@code | eval} that computes the part's computed fields ({@link SplArgv}) before the {@code | where} reads
     * them, each from its column as {@code operand} writes it; null when there are none.
     */
    private String computedEvals(Part p, java.util.function.UnaryOperator<String> operand) {
        if (p.computed().isEmpty()) return null;
        List<String> out = new ArrayList<>();
        Map<SplArgv.Source, String> split = new java.util.HashMap<>();
        p.computed().forEach((name, src) -> {
            if (src.count()) return;
            out.add(SplArgv.assignments(name, operand.apply(src.column()), src));
            split.put(src, name);
        });
        // a count of arguments the eval already splits is their mvcount, not a second split
        p.computed().forEach((name, src) -> {
            if (!src.count()) return;
            String args = split.get(src.arguments());
            out.add(args != null ? SplArgv.countOf(name, args) : SplArgv.assignments(name, operand.apply(src.column()), src));
        });
        return "| eval " + String.join(", ", out);
    }

    /**
     * An event query no single log source holds, as the union of its branches (see {@code Lowering#split}): one search
     * over the prefix the branches' log sources share, pre-filtered by each branch's discriminator and pre-filter,
     * then {@code | where} with each branch's whole condition after the searchmatch() of its discriminator:
     * <pre>
     * &lt;shared prefix&gt; ((EventCode=11 &lt;pre 1&gt;) OR (EventCode=13 &lt;pre 2&gt;))
     * | where (searchmatch("EventCode=11") AND (&lt;eval 1&gt;)) OR (searchmatch("EventCode=13") AND (&lt;eval 2&gt;))
     * </pre>
     * An event of one log source can only match its branches, each exactly. Refused under a data model (tstats reads
     * one dataset) and when the branches' log sources share no search prefix.
     */
    private List<String> union(List<LoweredFilter> branches) {
        List<Part> parts = new ArrayList<>();
        for (LoweredFilter b : branches) {
            Part p = part(b);
            if (p == null) return null;
            if (p.isDatamodel()) {
                refusals.fatal(b.source().span(), Reason.NO_LOGSOURCE, "no single data model holds every event the query"
                        + " can match, and one tstats search reads one");
                return null;
            }
            parts.add(p);
        }
        List<String> discriminators = discriminators(parts);
        if (discriminators == null) {
            refusals.fatal(lowered.query().span(), Reason.NO_LOGSOURCE, "the query's events are in log sources "
                    + String.join(", ", lowered.logsourceIds()) + ", whose searches share no prefix one search can start with");
            return null;
        }
        for (LoweredFilter b : branches) {
            String search = b.attributes().get("search");
            long same = new dev.ruleport.lower.ProfileReverse(lowered.profile()).withSearch(search).size();
            if (same > 1) {
                // the search names the log source's events, the branch's fields are named through that log source: a
                // search several log sources share does not say which one the branch's fields belong to
                refusals.fatal(b.source().span(), Reason.NO_LOGSOURCE, "no single log source holds every event the query"
                        + " can match, and " + b.logsourceId() + ", which holds some, shares its search with other log"
                        + " sources of " + lowered.profile().name() + ", so a union could not say which one a branch reads");
                return null;
            }
        }
        for (int j = 0; j < parts.size(); j++) {
            for (int k = j + 1; k < parts.size(); k++) {
                if (!branches.get(j).logsourceId().equals(branches.get(k).logsourceId())
                        && discriminators.get(j).equals(discriminators.get(k))) {
                    // one search selects both log sources' events: a branch would also test the other's events
                    refusals.fatal(lowered.query().span(), Reason.NO_LOGSOURCE, "log sources " + branches.get(j).logsourceId()
                            + " and " + branches.get(k).logsourceId() + " are selected by one search, so a union of"
                            + " branches over them cannot tell their events apart");
                    return null;
                }
            }
        }
        List<String> evals = new ArrayList<>();
        for (int j = 0; j < parts.size(); j++) {
            String d = discriminators.get(j);
            String eval = parts.get(j).eval();
            // parenthesised: eval's AND binds tighter than OR
            evals.add(d.isEmpty() ? "(" + eval + ")"
                    : "(searchmatch(" + SplStrings.quote(d) + ")" + (eval.equals("true()") ? "" : " AND (" + eval + ")") + ")");
        }
        List<String> lines = new ArrayList<>();
        lines.add("``` union: each event is in one of the log sources " + String.join(", ", lowered.logsourceIds())
                + " and is tested by the branches over its log source ```");
        lines.add(baseSearch(parts, discriminators));
        Part computed = computedOf(parts, lowered.query().span());
        if (computed == null) return null;
        String computedEval = computedEvals(computed, f -> SplStrings.evalField(f));
        if (computedEval != null) lines.add(computedEval);
        lines.add("| where " + String.join(" OR ", evals));
        return lines;
    }

    /**
     * The search over several parts (a sequence's stages, a union's branches): the prefix their log sources share, then
     * the union of their pre-filters, each with its log source's discriminator ({@code *} when nothing restricts it).
     */
    private static String baseSearch(List<Part> parts, List<String> discriminators) {
        List<String> pres = new ArrayList<>();
        boolean unfiltered = false;
        for (int j = 0; j < parts.size(); j++) {
            String d = discriminators.get(j);
            String pre = String.join(" ", java.util.stream.Stream.of(d, parts.get(j).pre()).filter(x -> !x.isEmpty()).toList());
            if (pre.isEmpty()) unfiltered = true;
            else if (!pres.contains(pre)) pres.add(pre);
        }
        String head = sharedPrefix(parts);
        if (!unfiltered) {
            String any = pres.size() == 1 ? pres.get(0) : "(" + String.join(") OR (", pres) + ")";
            head = (head.isEmpty() ? "" : head + " ") + ConditionWriter.searchGroup(any);
        }
        return head.isEmpty() ? "*" : head;
    }

    /** The leading search terms every part's prefix starts with. */
    private static String sharedPrefix(List<Part> parts) {
        List<String> shared = ConditionWriter.searchTokens(parts.get(0).prefix());
        for (Part p : parts) {
            List<String> t = ConditionWriter.searchTokens(p.prefix());
            int k = 0;
            while (k < shared.size() && k < t.size() && shared.get(k).equals(t.get(k))) k++;
            shared = shared.subList(0, k);
        }
        return String.join(" ", shared);
    }

    /**
     * Per part, the rest of its prefix after the shared one: the search terms that select its log source's events
     * among the others (Sysmon's {@code EventCode=1}); all empty when the parts share one prefix. Null when a part's
     * rest holds a clause (an absorbed conjunct tested another way), which must stay with its own stage.
     */
    private static List<String> discriminators(List<Part> parts) {
        int shared = ConditionWriter.searchTokens(sharedPrefix(parts)).size();
        List<String> out = new ArrayList<>();
        boolean differ = false;
        for (Part p : parts) {
            List<String> t = ConditionWriter.searchTokens(p.prefix());
            String rest = String.join(" ", t.subList(shared, t.size()));
            if (!rest.isEmpty() && !p.filter().clauses().isEmpty()) return null;
            out.add(rest);
            differ |= !rest.equals(out.get(0));
        }
        if (!differ) for (int j = 0; j < out.size(); j++) out.set(j, "");
        return out;
    }

    /** The text tstats writes for a missing group-by field ({@code fillnull_value}); the {@code | where} reads it as missing. */
    static final String TSTATS_NULL = "rp:null";

    /**
     * A CIM search: {@code | tstats ... from datamodel=D.S where <search terms> by _time span=1s <fields>} then
     * {@code | where <eval>}. tstats takes search terms only, so the conjuncts that need eval are tested after it, on
     * its rows: it groups by every field the {@code | where} reads, so each row holds one combination of their values
     * (the events of one second that share them) and the condition decides it as it would each of those events.
     * tstats drops the events that lack a group-by field; when the condition can hold on such an event (a field it
     * does not require), {@code fillnull_value} keeps them under the text {@value #TSTATS_NULL}, which the where
     * reads as missing ({@code nullif}), and the output states that reading.
     */
    private List<String> tstats(Part p, List<String> terms, List<String> wheres) {
        Map<String, String> a = p.filter().attributes();
        List<String> all = new ArrayList<>();
        if (a.containsKey("where")) all.add(a.get("where"));
        all.addAll(searchClauses(p.filter()));
        all.addAll(terms);
        String model = a.get("datamodel") + (a.containsKey("dataset") ? "." + a.get("dataset") : "");
        List<String> by = new ArrayList<>();
        String where = String.join(" AND ", wheres);
        List<String> read = new ArrayList<>();
        SplStrings.rewriteEvalFields(where, f -> f, read);
        // a computed field is grouped by the column it is computed from
        for (String f : read) {
            String col = p.computed().containsKey(f) ? p.computed().get(f).column() : f;
            if (!by.contains(col)) by.add(col);
        }
        Set<String> required = new java.util.HashSet<>();
        for (String ecs : RuleFacts.of(p.filter().condition()).requiredFields()) {
            p.filter().lookup(ecs).ifPresent(m -> {
                SplArgv.Source src = SplArgv.parse(m.expression());
                required.add(src != null ? src.column() : m.target());
            });
        }
        boolean fill = !required.containsAll(by);
        java.util.function.UnaryOperator<String> operand = f -> SplStrings.evalField(f);
        if (fill) {
            operand = f -> "nullif(" + SplStrings.evalField(f) + ", " + SplStrings.quote(TSTATS_NULL) + ")";
            java.util.function.UnaryOperator<String> filled = operand;
            where = SplStrings.rewriteEvalFields(where, f -> p.computed().containsKey(f) ? SplStrings.evalField(f)
                    : filled.apply(f), null);
            equivalences.add("a field the | where tests but the event lacks = the text " + TSTATS_NULL + ", which tstats"
                    + " writes for it (fillnull_value) and the | where reads as missing");
        }
        List<String> lines = new ArrayList<>();
        lines.add("| tstats summariesonly=false allow_old_summaries=true" + (fill ? " fillnull_value=" + SplStrings.quote(TSTATS_NULL) : "")
                + " count min(_time) as firstTime max(_time) as lastTime from datamodel=" + model
                + (all.isEmpty() ? "" : " where " + String.join(" ", all)) + " by _time span=1s"
                + (by.isEmpty() ? "" : " " + String.join(" ", by)));
        String evals = computedEvals(p, operand);
        if (evals != null) lines.add(evals);
        if (!wheres.isEmpty()) lines.add("| where " + where);
        return lines;
    }

    // ------------------------------------------------------------------ sequence

    private List<String> sequence(LoweredSequence q) {
        if (q.until() != null) {
            refusals.drop(q.until().term().span(), Reason.UNTIL, "until", "sequence ... until has no exact streamstats"
                    + " translation in ruleport yet; without it, pending sequences are never cancelled");
        }
        for (LoweredTerm t : q.missingTerms()) {
            refusals.drop(t.term().span(), Reason.MISSING_EVENT, "![...]", "missing-event stages ![...] are not"
                    + " translated to SPL; without it, the sequence no longer requires the absence");
        }
        if (q.maxspan() == null) {
            refusals.approximate(q.source().span(), Reason.MAXSPAN, Fidelity.NARROWER, "sequence", "a sequence without"
                    + " maxspan: streamstats would keep state across the whole search and drop it silently beyond"
                    + " max_stream_window (limits.conf); give the rule a maxspan");
        }
        List<LoweredTerm> stages = q.stages();
        if (stages.size() < 2) {
            refusals.fatal(q.source().span(), Reason.SEQUENCE, "a sequence of fewer than two present stages");
            return null;
        }
        List<Part> parts = new ArrayList<>();
        for (LoweredTerm t : stages) {
            Part p = part(t.filter());
            if (p == null) return null;
            if (p.isDatamodel()) {
                refusals.fatal(t.term().span(), Reason.SEQUENCE, "the CIM tstats form cannot express sequences");
                return null;
            }
            parts.add(p);
        }
        // one search for every stage: the prefix the stages' log sources share, and per stage what tells its log
        // source apart (empty when all stages read one log source)
        List<String> discriminators = discriminators(parts);
        if (discriminators == null) {
            refusals.fatal(stages.get(0).term().span(), Reason.SEQUENCE, "sequence stages read log sources whose searches"
                    + " do not share a prefix that one search can start with");
            return null;
        }
        int n = stages.size();
        // join keys, per position, per stage; a multi-valued key is expanded to one row per distinct value
        int keyCount = q.keyCount();
        List<String> keyEvals = new ArrayList<>();
        List<Boolean> keyMulti = new ArrayList<>();
        for (int k = 0; k < keyCount; k++) {
            List<String> perStage = new ArrayList<>();
            boolean multi = false;
            for (int j = 0; j < n; j++) {
                JoinKey key = stages.get(j).keys().get(k);
                if (key.optional()) {
                    refusals.fatal(key.expr().span(), Reason.JOIN_KEY, "optional join key " + key.ecsName()
                            + ": EQL joins events lacking it under a null key, streamstats by a missing field does not");
                    return null;
                }
                if (key.mapping().computed() || !SplStrings.isEvalField(key.column())) {
                    refusals.fatal(key.expr().span(), Reason.FIELD_NAME, "target field name " + key.column()
                            + " cannot be written in SPL");
                    return null;
                }
                multi |= key.kind() == JoinKey.Kind.MULTI_VALUED;
                perStage.add(SplStrings.evalField(key.column()));
            }
            if (perStage.stream().distinct().count() == 1) {
                keyEvals.add(multi ? "mvdedup(" + perStage.get(0) + ")" : perStage.get(0));
            } else {
                if (multi) {
                    refusals.fatal(q.source().span(), Reason.JOIN_KEY, "stages join on different fields at one key"
                            + " position and one of them is multi-valued");
                    return null;
                }
                StringBuilder c = new StringBuilder("case(");
                for (int j = 0; j < n; j++) {
                    if (j > 0) c.append(", ");
                    c.append(STAGE).append("=\"").append(j + 1).append("\", ").append(perStage.get(j));
                }
                keyEvals.add(c.append(")").toString());
            }
            keyMulti.add(multi);
        }

        List<String> lines = new ArrayList<>();
        lines.add("``` sequence: ordered by _time (the event's @timestamp); streamstats holds at most max_stream_window"
                + " rows (limits.conf) per time window, raise it if more candidate events than that fall within maxspan ```");
        lines.add(baseSearch(parts, discriminators));
        Part computed = computedOf(parts, q.source().span());
        if (computed == null) return null;
        String computedEval = computedEvals(computed, f -> SplStrings.evalField(f));
        if (computedEval != null) lines.add(computedEval);
        StringBuilder roles = new StringBuilder("| eval " + STAGE + "=mvappend(");
        for (int j = n - 1; j >= 0; j--) {
            String d = discriminators.get(j);
            String eval = parts.get(j).eval();
            // parenthesised: eval's AND binds tighter than OR
            if (!d.isEmpty()) eval = "searchmatch(" + SplStrings.quote(d) + ")" + (eval.equals("true()") ? "" : " AND (" + eval + ")");
            roles.append("if(").append(eval).append(", \"").append(j + 1).append("\", null())");
            if (j > 0) roles.append(", ");
        }
        lines.add(roles.append(")").toString());
        lines.add("| where isnotnull(" + STAGE + ")");
        lines.add("| sort 0 _time");
        lines.add("| mvexpand " + STAGE);
        StringBuilder by = new StringBuilder();
        if (keyCount > 0) {
            List<String> assigns = new ArrayList<>();
            List<String> notNull = new ArrayList<>();
            for (int k = 0; k < keyCount; k++) {
                assigns.add("rp_k" + (k + 1) + "=" + keyEvals.get(k));
                notNull.add("isnotnull(rp_k" + (k + 1) + ")");
                by.append(" rp_k").append(k + 1);
            }
            lines.add("| eval " + String.join(", ", assigns));
            // EQL joins on each value of a multi-valued key: one row per distinct value
            for (int k = 0; k < keyCount; k++) if (keyMulti.get(k)) lines.add("| mvexpand rp_k" + (k + 1));
            lines.add("| where " + String.join(" AND ", notNull));
        }
        lines.add("| streamstats count as rp_row");
        long spanMs = q.maxspan() == null ? -1 : q.maxspan().millis();
        String spanSeconds = spanMs < 0 ? null : new java.math.BigDecimal(spanMs).movePointLeft(3).stripTrailingZeros().toPlainString();
        String window = spanMs < 0 ? "" : "time_window=" + ((spanMs + 999) / 1000 + 1) + "s ";
        lines.add("| eval rp_s1=if(" + STAGE + "=\"1\", rp_row, null()), rp_t1=if(" + STAGE + "=\"1\", _time, null())");
        for (int j = 2; j <= n; j++) {
            int i = j - 1;
            lines.add("| eval rp_r" + j + "=if(" + STAGE + "=\"" + j + "\", rp_row, null())");
            lines.add("| streamstats " + window + "current=f last(rp_s" + i + ") as rp_p" + i + " last(rp_t" + i + ") as rp_pt" + i
                    + " last(rp_r" + j + ") as rp_q" + j + (keyCount > 0 ? " by" + by : ""));
            String within = spanSeconds == null ? "" : " AND _time-rp_pt" + i + "<=" + spanSeconds;
            lines.add("| eval rp_s" + j + "=if(" + STAGE + "=\"" + j + "\" AND isnotnull(rp_p" + i + ") AND (isnull(rp_q" + j
                    + ") OR rp_q" + j + "<rp_p" + i + ")" + within + ", rp_row, null()), rp_t" + j + "=if(isnotnull(rp_s" + j
                    + "), rp_pt" + i + ", null())");
        }
        lines.add("| where isnotnull(rp_s" + n + ")");
        return lines;
    }
}
