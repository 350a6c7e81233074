package dev.ruleport.spl;

import dev.ruleport.backend.Refusals;
import dev.ruleport.diag.Span;
import dev.ruleport.ir.Compare;
import dev.ruleport.ir.EventQuery;
import dev.ruleport.ir.Expr;
import dev.ruleport.ir.FieldPath;
import dev.ruleport.ir.FieldRef;
import dev.ruleport.ir.Filter;
import dev.ruleport.ir.Literal;
import dev.ruleport.ir.Query;
import dev.ruleport.ir.SampleQuery;
import dev.ruleport.ir.SequenceQuery;
import dev.ruleport.ir.SequenceTerm;
import dev.ruleport.loader.Rule;
import dev.ruleport.mapping.Fidelity;
import dev.ruleport.mapping.FieldMapping;
import dev.ruleport.mapping.MappingProfile;
import dev.ruleport.mapping.RuleFacts;
import dev.ruleport.mapping.Selection;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
 * <h2>CIM</h2>
 * A profile whose log source names a {@code datamodel} gets {@code | tstats ... from datamodel=D.S where ...};
 * tstats takes search-language terms only, so a condition that needs {@code | where} is refused there.
 */
final class SplWriter {
    static final String STAGE = "rp_stage";

    private final Rule rule;
    private final MappingProfile profile;
    private final Refusals refusals;

    /** What was chosen, for the metadata comment. */
    private final Set<String> logsources = new LinkedHashSet<>();

    SplWriter(Rule rule, MappingProfile profile, Refusals refusals) {
        this.rule = rule;
        this.profile = profile;
        this.refusals = refusals;
    }

    Set<String> logsources() { return logsources; }

    /** The query lines (no metadata comment), or null when the query shape is refused outright. */
    List<String> write(Query query) {
        if (!query.pipes().isEmpty()) {
            refusals.cannot(query.pipes().get(0).span(), "the " + query.pipes().get(0) + " pipe is not translated to SPL");
        }
        if (query instanceof EventQuery e) return event(e);
        if (query instanceof SequenceQuery s) return sequence(s);
        if (query instanceof SampleQuery s) {
            refusals.fatal(s.span(), "sample queries (unordered groups of events by key) have no SPL translation in ruleport");
            return null;
        }
        throw new IllegalStateException("unknown query " + query.getClass());
    }

    // ------------------------------------------------------------------ one filter

    /** A filter rendered against its log source. */
    private record Part(Selection selection, List<ConditionWriter.Rendered> conjuncts, ConditionWriter cw) {
        String prefix() {
            String s = selection.attributes().get("search");
            return s == null ? "" : s;
        }

        boolean isDatamodel() { return selection.attributes().containsKey("datamodel"); }

        /** Eval of the whole filter (for a sequence stage). */
        String eval() {
            if (conjuncts.isEmpty()) return "true()";
            return ConditionWriter.and(conjuncts).eval();
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

    private Part part(Filter filter) {
        RuleFacts facts = RuleFacts.from(filter, rule.index(), rule.categoryField());
        Optional<Selection> sel = profile.select(facts);
        if (sel.isEmpty()) {
            refusals.fatal(filter.span(), "no log source of profile " + profile.name() + " fits this "
                    + (filter.category().isAny() ? "query" : filter.category() + " query")
                    + " (facts: " + (facts.values().isEmpty() ? "none" : facts.toString()) + ")");
            return null;
        }
        Selection s = sel.get();
        logsources.add(s.id());
        if (!s.fidelity().isExact()) refusals.cannot(filter.span(), s.reason());

        List<Expr> kept = new ArrayList<>();
        if (!filter.category().isAny()) {
            Optional<Fidelity> absorbed = s.absorbsCategory(filter.category());
            if (absorbed.isPresent()) {
                if (!absorbed.get().isExact()) {
                    refusals.cannot(filter.category().span(), "log source " + s.id() + " stands for the category "
                            + filter.category() + " only as a " + absorbed.get().label() + " match");
                }
            } else {
                Span span = filter.category().span();
                kept.add(new Compare(Compare.Op.EQ, new FieldRef(FieldPath.parse(rule.categoryField()), false, span),
                        Literal.ofString(filter.category().name(), span), span));
            }
        }
        List<Expr> conjuncts = filter.condition() instanceof dev.ruleport.ir.And and ? and.operands() : List.of(filter.condition());
        for (Expr c : conjuncts) {
            if (c instanceof Literal l && Boolean.TRUE.equals(l.value())) continue;
            Optional<Fidelity> absorbed = s.absorbs(c);
            if (absorbed.isPresent()) {
                if (!absorbed.get().isExact()) {
                    refusals.cannot(c.span(), "log source " + s.id() + " guarantees this condition only as a "
                            + absorbed.get().label() + " match (the target cannot express it)");
                }
                continue;
            }
            kept.add(c);
        }
        ConditionWriter cw = new ConditionWriter(ref -> resolve(s, ref), refusals::cannot);
        List<ConditionWriter.Rendered> rendered = new ArrayList<>();
        for (Expr c : kept) rendered.addAll(cw.conjuncts(c));
        return new Part(s, rendered, cw);
    }

    private ConditionWriter.Target resolve(Selection s, FieldRef ref) {
        for (String seg : ref.path().segments()) {
            if (FieldPath.isIndex(seg)) {
                refusals.cannot(ref.span(), "array index " + ref.name() + ": SPL multivalue fields have no positional access ruleport can rely on");
                return null;
            }
        }
        Optional<FieldMapping> m = s.field(ref.name());
        if (m.isEmpty()) {
            refusals.cannot(ref.span(), s.logsource().explainUnmapped(ref.name()));
            return null;
        }
        FieldMapping fm = m.get();
        if (!fm.fidelity().isExact()) {
            refusals.cannot(ref.span(), ref.name() + " maps to " + fm.target() + ", which is " + fm.fidelity().label()
                    + (fm.note() == null ? "" : ": " + fm.note()));
        }
        if (!SplStrings.isEvalField(fm.target())) {
            refusals.cannot(ref.span(), "target field name " + fm.target() + " cannot be written in SPL");
            return null;
        }
        return new ConditionWriter.Target(ref.name(), fm.target(), fm.transform(), fm.multiValued());
    }

    // ------------------------------------------------------------------ event query

    private List<String> event(EventQuery q) {
        Part p = part(q.filter());
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
        List<String> lines = new ArrayList<>();
        if (p.isDatamodel()) {
            if (!wheres.isEmpty()) {
                refusals.cannot(q.filter().span(), "the CIM tstats form takes search terms only; this query needs"
                        + " | where for: " + String.join(" AND ", wheres));
            }
            Map<String, String> a = p.selection().attributes();
            List<String> all = new ArrayList<>();
            if (a.containsKey("where")) all.add(a.get("where"));
            all.addAll(terms);
            String model = a.get("datamodel") + (a.containsKey("dataset") ? "." + a.get("dataset") : "");
            lines.add("| tstats summariesonly=false allow_old_summaries=true count min(_time) as firstTime max(_time) as lastTime"
                    + " from datamodel=" + model + (all.isEmpty() ? "" : " where " + String.join(" ", all)) + " by _time span=1s");
            return lines;
        }
        String head = p.prefix();
        if (!terms.isEmpty()) head = (head.isEmpty() ? "" : head + " ") + String.join(" ", terms);
        if (head.isEmpty()) head = "*";
        lines.add(head);
        if (!wheres.isEmpty()) lines.add("| where " + String.join(" AND ", wheres));
        return lines;
    }

    // ------------------------------------------------------------------ sequence

    private List<String> sequence(SequenceQuery q) {
        if (q.until() != null) {
            refusals.cannot(q.until().span(), "sequence ... until has no exact streamstats translation in ruleport yet");
        }
        for (SequenceTerm t : q.terms()) {
            if (t.missing()) refusals.cannot(t.span(), "missing-event stages ![...] are not translated to SPL");
        }
        if (q.maxspan() == null) {
            refusals.cannot(q.span(), "a sequence without maxspan: streamstats would keep state across the whole search"
                    + " and drop it silently beyond max_stream_window (limits.conf); give the rule a maxspan");
        }
        List<SequenceTerm> stages = q.stages();
        List<Part> parts = new ArrayList<>();
        for (SequenceTerm t : stages) {
            Part p = part(t.filter());
            if (p == null) return null;
            if (p.isDatamodel()) {
                refusals.fatal(t.span(), "the CIM tstats form cannot express sequences");
                return null;
            }
            parts.add(p);
        }
        String prefix = parts.get(0).prefix();
        for (int j = 1; j < parts.size(); j++) {
            if (!parts.get(j).prefix().equals(prefix)) {
                refusals.fatal(stages.get(j).span(), "sequence stages read different log sources (" + parts.get(0).selection().id()
                        + ", " + parts.get(j).selection().id() + "); one streamstats pass needs them in one search");
                return null;
            }
        }
        int n = stages.size();
        // join keys, per position, per stage
        int keyCount = q.joinKeys(stages.get(0)).size();
        List<String> keyEvals = new ArrayList<>();
        for (int k = 0; k < keyCount; k++) {
            List<String> perStage = new ArrayList<>();
            for (int j = 0; j < n; j++) {
                Expr key = q.joinKeys(stages.get(j)).get(k);
                if (!(key instanceof FieldRef f) || f.optional()) {
                    refusals.cannot(key.span(), "join keys must be plain (non-optional) fields in SPL");
                    perStage.add("null()");
                    continue;
                }
                ConditionWriter.Target t = resolve(parts.get(j).selection(), f);
                if (t == null) { perStage.add("null()"); continue; }
                if (t.multi()) {
                    refusals.cannot(key.span(), "join key " + f.name() + " is multi-valued (" + t.name()
                            + "); EQL joins on each value, streamstats by a multivalue field does not");
                }
                if (t.transform() != dev.ruleport.mapping.ValueTransform.NONE) {
                    refusals.cannot(key.span(), "join key " + f.name() + " is derived from " + t.name());
                }
                perStage.add(SplStrings.evalField(t.name()));
            }
            if (perStage.stream().distinct().count() == 1) {
                keyEvals.add(perStage.get(0));
            } else {
                StringBuilder c = new StringBuilder("case(");
                for (int j = 0; j < n; j++) {
                    if (j > 0) c.append(", ");
                    c.append(STAGE).append("=\"").append(j + 1).append("\", ").append(perStage.get(j));
                }
                keyEvals.add(c.append(")").toString());
            }
        }

        List<String> lines = new ArrayList<>();
        lines.add("``` sequence: ordered by _time (the event's @timestamp); streamstats holds at most max_stream_window"
                + " rows (limits.conf) per time window, raise it if more candidate events than that fall within maxspan ```");
        // base search: the union of the stages' pre-filters
        List<String> pres = new ArrayList<>();
        boolean unfiltered = false;
        for (Part p : parts) {
            String pre = p.pre();
            if (pre.isEmpty()) unfiltered = true;
            else if (!pres.contains(pre)) pres.add(pre);
        }
        String head = prefix;
        if (!unfiltered) {
            String union = pres.size() == 1 ? pres.get(0) : "(" + String.join(") OR (", pres) + ")";
            head = (head.isEmpty() ? "" : head + " ") + ConditionWriter.searchGroup(union);
        }
        lines.add(head.isEmpty() ? "*" : head);
        StringBuilder roles = new StringBuilder("| eval " + STAGE + "=mvappend(");
        for (int j = n - 1; j >= 0; j--) {
            roles.append("if(").append(parts.get(j).eval()).append(", \"").append(j + 1).append("\", null())");
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
