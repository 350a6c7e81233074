package dev.ruleport.kql;

import dev.ruleport.compile.CompiledRule;
import dev.ruleport.backend.Backends;
import dev.ruleport.backend.OutputHeader;
import dev.ruleport.backend.Refusals;
import dev.ruleport.backend.Translation;
import dev.ruleport.loader.Rule;
import dev.ruleport.lower.JoinKey;
import dev.ruleport.lower.LoweredFilter;
import dev.ruleport.lower.LoweredRule;
import dev.ruleport.lower.LoweredSequence;
import dev.ruleport.lower.LoweredTerm;
import dev.ruleport.lower.Reason;
import dev.ruleport.mapping.RuleFacts;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Writes one lowered rule as one KQL query (see {@code package-info} for the semantics and the shape of the
 * output). Stateless; every call builds its own state.
 */
public final class KqlWriter {
    private final LoweredRule lowered;
    private final Rule rule;
    private final Refusals refusals;
    private final KqlExprWriter.FlagCounter counter = new KqlExprWriter.FlagCounter();
    private String measured;

    private KqlWriter(LoweredRule lowered) {
        this.lowered = lowered;
        this.rule = lowered.rule();
        this.refusals = Refusals.of(lowered, KqlBackend.TARGET);
    }

    public static Translation translate(LoweredRule lowered, String measured) {
        KqlWriter w = new KqlWriter(lowered);
        w.measured = measured;
        String body = switch (lowered.kind()) {
            case EVENT -> {
                if (!lowered.isUnion()) yield w.event(lowered.event());
                w.refusals.fatal(lowered.query().span(), Reason.NO_LOGSOURCE, "no single table of "
                        + lowered.profile().name() + " holds every event the query can match (it needs "
                        + String.join(", ", lowered.logsourceIds()) + "); ruleport writes no KQL union of tables yet");
                yield null;
            }
            case SEQUENCE -> w.sequence(lowered.sequence());
            case SAMPLE -> {
                w.refusals.fatal(lowered.query().span(), Reason.SAMPLE, "KQL has no operator that groups unordered"
                        + " events by key with one event per filter");
                yield null;
            }
        };
        if (w.refusals.refused() || body == null) return w.refusals.finish(null, null);
        return w.refusals.finish(w.header() + body, Backends.baseName(w.rule.file()) + ".kql", lowered.equivalences());
    }

    private String header() {
        StringBuilder sb = new StringBuilder();
        for (String line : OutputHeader.lines(rule, lowered.profile().name(), lowered.logsourceIds(),
                lowered.fieldLines(), refusals, lowered.equivalences(), measured)) {
            sb.append(KqlText.comment(line));
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------ event queries

    private String event(LoweredFilter f) {
        if (f.selection() == null) return null;
        KqlExprWriter w = new KqlExprWriter(f, refusals, counter);
        Optional<KqlExprWriter.Kql> cond = w.render(f.condition());
        w.checkFlood(cond.isEmpty(), f.source().span(), f.logsourceId());
        StringBuilder sb = new StringBuilder(f.attributes().get("table")).append('\n');
        String where = f.attributes().get("where");
        if (where != null) sb.append("| where ").append(where).append('\n');
        for (String clause : f.clauses()) sb.append("| where ").append(clause).append('\n');
        for (String line : w.flagPrelude()) sb.append(line).append('\n');
        cond.ifPresent(c -> sb.append("| where ").append(c.text()).append('\n'));
        if (!w.flagNames().isEmpty()) sb.append("| project-away ").append(String.join(", ", w.flagNames())).append('\n');
        return sb.toString();
    }

    // ------------------------------------------------------------------ sequences

    private String sequence(LoweredSequence q) {
        boolean bad = false;
        for (LoweredTerm t : q.missingTerms()) {
            refusals.fatal(t.term().span(), Reason.MISSING_EVENT, "a missing-event stage ![...]; scan steps only match"
                    + " present events");
            bad = true;
        }
        List<LoweredTerm> stages = q.stages();
        if (stages.size() < 2) {
            refusals.fatal(q.source().span(), Reason.SEQUENCE, "a sequence of one stage");
            bad = true;
        }
        if (bad) return null;
        List<LoweredTerm> bound = new ArrayList<>(stages);
        if (q.until() != null) bound.add(q.until());
        for (LoweredTerm t : bound) if (t.filter().selection() == null) return null;
        // one branch per table; each stage flag is false in the other tables
        Map<String, List<Integer>> byTable = new LinkedHashMap<>();
        for (int i = 0; i < bound.size(); i++) {
            byTable.computeIfAbsent(bound.get(i).filter().attributes().get("table"), k -> new ArrayList<>()).add(i);
        }
        int n = stages.size();
        boolean hasUntil = q.until() != null;
        List<String> branches = new ArrayList<>();
        for (Map.Entry<String, List<Integer>> e : byTable.entrySet()) {
            String branch = branch(q, e.getKey(), e.getValue(), bound, n, hasUntil);
            if (branch == null) return null;
            branches.add(branch);
        }
        StringBuilder sb = new StringBuilder();
        if (branches.size() == 1) {
            sb.append(branches.get(0));
        } else {
            sb.append("union\n");
            for (int i = 0; i < branches.size(); i++) {
                sb.append("    (").append(branches.get(i).strip().replace("\n", "\n    ")).append(')')
                        .append(i + 1 < branches.size() ? ",\n" : "\n");
            }
        }
        String indent = "    ";
        boolean keyed = q.keyCount() > 0;
        if (keyed) {
            sb.append("| partition hint.strategy=native by __key\n(\n");
        } else {
            indent = "";
        }
        sb.append(indent).append(keyed ? "" : "| ").append("sort by __ts asc\n");
        if (hasUntil) sb.append(indent).append("| extend __uc = row_cumsum(iff(__u, 1, 0))\n");
        sb.append(indent).append("| scan with_match_id=__match with (\n");
        for (int k = 1; k <= n; k++) {
            StringBuilder step = new StringBuilder(indent).append("    step s").append(k).append(k < n ? " output=none" : "")
                    .append(": __s").append(k);
            if (k == 1) {
                if (hasUntil) step.append(" and not(__u)");
            } else {
                // disables scan's "Check 2" (a repeated match of a step that already holds a sequence): in EQL a
                // stage only ever receives a sequence from the previous stage
                step.append(" and isnull(s").append(k).append(".__ts)");
                if (q.maxspan() != null) step.append(" and __ts - s1.__ts <= ").append(KqlText.timespan(q.maxspan()));
                if (hasUntil) {
                    step.append(k < n ? " and __uc == s" : " and __uc - iff(__u, 1, 0) == s").append(k - 1).append(".__uc");
                }
            }
            sb.append(step).append(";\n");
        }
        sb.append(indent).append(")\n");
        if (keyed) sb.append(")\n");
        return sb.toString();
    }

    /** The rows of one table that take part: stage flags, until flag, timestamp and join key. */
    private String branch(LoweredSequence q, String table, List<Integer> members, List<LoweredTerm> bound, int n,
                          boolean hasUntil) {
        // one expression writer per table: its flags come from one mv-apply prelude
        KqlExprWriter w = new KqlExprWriter(bound.get(members.get(0)).filter(), refusals, counter);
        Map<Integer, String> conds = new LinkedHashMap<>();
        List<List<String>> keyTexts = new ArrayList<>();
        List<String> keyGuards = new ArrayList<>();
        Set<String> timestamps = new LinkedHashSet<>();
        Map<String, String> expansions = new LinkedHashMap<>();   // __kN -> the multi-valued column it expands
        for (int i : members) {
            LoweredTerm b = bound.get(i);
            KqlExprWriter bw = w.forFilter(b.filter());
            Optional<KqlExprWriter.Kql> rendered = bw.render(b.filter().condition());
            bw.checkFlood(rendered.isEmpty(), b.filter().source().span(), b.filter().logsourceId());
            String cond = rendered.map(k -> k.in(2)).orElse("true");
            List<String> selectors = new ArrayList<>();
            String where = b.filter().attributes().get("where");
            if (where != null) selectors.add("(" + where + ")");
            for (String clause : b.filter().clauses()) selectors.add("(" + clause + ")");
            if (!selectors.isEmpty()) {
                cond = String.join(" and ", selectors) + (rendered.isEmpty() ? "" : " and " + cond);
            }
            conds.put(i, cond);
            timestamps.add(b.filter().attributes().get("timestamp"));
            List<String> keys = new ArrayList<>();
            for (int p = 0; p < b.keys().size(); p++) {
                JoinKey k = b.keys().get(p);
                String ref = KqlText.ref(k.mapping());
                String text;
                if (k.kind() == JoinKey.Kind.MULTI_VALUED) {
                    // EQL joins on each distinct value: one row per value (set_union drops repeats)
                    if (k.optional()) {
                        refusals.fatal(k.expr().span(), Reason.JOIN_KEY, "optional multi-valued join key " + k.ecsName()
                                + ": an event lacking it joins with a null key, which expanding the values cannot keep");
                        return null;
                    }
                    text = "__k" + (p + 1);
                    String previous = expansions.put(text, ref);
                    if (previous != null && !previous.equals(ref)) {
                        refusals.fatal(k.expr().span(), Reason.JOIN_KEY, "stages in " + table + " join on different"
                                + " multi-valued columns (" + previous + ", " + ref + ") at one key position");
                        return null;
                    }
                } else {
                    text = "string".equals(k.mapping().type()) ? ref : "tostring(" + ref + ")";
                }
                keys.add(text);
                if (!k.optional()) {
                    String guard = "isnotempty(" + text + ")";
                    if (!keyGuards.contains(guard)) keyGuards.add(guard);
                }
            }
            keyTexts.add(keys);
        }
        if (timestamps.size() != 1) {
            refusals.fatal(q.source().span(), Reason.SEQUENCE, "stages in " + table + " use different timestamp columns " + timestamps);
            return null;
        }
        // the join key of a row: the same for every stage, or chosen per stage when the stages cannot overlap
        String keyExpr = null;
        boolean sameKeys = new LinkedHashSet<>(keyTexts).size() <= 1;
        if (!keyTexts.isEmpty() && !keyTexts.get(0).isEmpty()) {
            if (sameKeys) {
                keyExpr = composite(keyTexts.get(0));
            } else {
                if (!expansions.isEmpty()) {
                    refusals.fatal(q.source().span(), Reason.JOIN_KEY, "stages in " + table + " join on different columns"
                            + " and one of them is multi-valued");
                    return null;
                }
                for (int a = 0; a < members.size(); a++) {
                    for (int b = a + 1; b < members.size(); b++) {
                        if (!keyTexts.get(a).equals(keyTexts.get(b))
                                && !disjoint(facts(bound.get(members.get(a))), facts(bound.get(members.get(b))))) {
                            refusals.fatal(bound.get(members.get(b)).term().span(), Reason.SEQUENCE, "stages join on"
                                    + " different columns of " + table + " and one event could match both, so it would"
                                    + " need two keys at once");
                            return null;
                        }
                    }
                }
                StringBuilder cs = new StringBuilder("case(");
                for (int a = 0; a < members.size(); a++) {
                    int i = members.get(a);
                    cs.append(i < n ? "__s" + (i + 1) : "__u").append(", ").append(composite(keyTexts.get(a))).append(", ");
                }
                keyExpr = cs.append("\"\")").toString();
                keyGuards.clear();
                keyGuards.add("isnotempty(__key)");
            }
        }
        StringBuilder sb = new StringBuilder(table).append('\n');
        for (String line : w.flagPrelude()) sb.append(line).append('\n');
        List<String> assigns = new ArrayList<>();
        List<String> any = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            String c = conds.getOrDefault(k, "false");
            assigns.add("__s" + (k + 1) + " = " + c);
            if (conds.containsKey(k)) any.add("__s" + (k + 1));
        }
        if (hasUntil) {
            assigns.add("__u = " + conds.getOrDefault(n, "false"));
            if (conds.containsKey(n)) any.add("__u");
        }
        sb.append("| extend ").append(String.join(",\n    ", assigns)).append('\n');
        for (Map.Entry<String, String> e : expansions.entrySet()) {
            sb.append("| mv-expand ").append(e.getKey()).append(" = set_union(").append(e.getValue())
                    .append(", dynamic([])) to typeof(string)\n");
        }
        String ts = KqlText.column(timestamps.iterator().next());
        sb.append("| extend __ts = ").append(ts);
        if (keyExpr != null) sb.append(", __key = ").append(keyExpr);
        sb.append('\n');
        List<String> filter = new ArrayList<>();
        filter.add(any.size() == 1 ? any.get(0) : "(" + String.join(" or ", any) + ")");
        filter.add("isnotnull(__ts)");
        filter.addAll(keyGuards);
        sb.append("| where ").append(String.join(" and ", filter)).append('\n');
        List<String> away = new ArrayList<>(w.flagNames());
        away.addAll(expansions.keySet());
        if (!away.isEmpty()) sb.append("| project-away ").append(String.join(", ", away)).append('\n');
        return sb.toString();
    }

    private RuleFacts facts(LoweredTerm t) {
        return RuleFacts.from(t.term().filter(), rule.index(), rule.categoryField());
    }

    private static String composite(List<String> keys) {
        if (keys.size() == 1) return keys.get(0);
        List<String> parts = new ArrayList<>();
        for (String k : keys) parts.add(k.startsWith("tostring(") ? k : "tostring(" + k + ")");
        return "tostring(pack_array(" + String.join(", ", parts) + "))";
    }

    /** Whether no event can satisfy both filters: some field is restricted to disjoint sets of values. */
    static boolean disjoint(RuleFacts a, RuleFacts b) {
        for (Map.Entry<String, Set<String>> e : a.values().entrySet()) {
            Set<String> other = b.values().get(e.getKey());
            if (other != null && Collections.disjoint(e.getValue(), other)) return true;
        }
        return false;
    }
}
