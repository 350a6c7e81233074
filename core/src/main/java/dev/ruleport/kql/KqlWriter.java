package dev.ruleport.kql;

import dev.ruleport.backend.CompiledRule;
import dev.ruleport.backend.Refusals;
import dev.ruleport.backend.TranslateOptions;
import dev.ruleport.backend.Translation;
import dev.ruleport.diag.Span;
import dev.ruleport.ir.And;
import dev.ruleport.ir.Compare;
import dev.ruleport.ir.EventQuery;
import dev.ruleport.ir.Expr;
import dev.ruleport.ir.FieldPath;
import dev.ruleport.ir.FieldRef;
import dev.ruleport.ir.Filter;
import dev.ruleport.ir.Literal;
import dev.ruleport.ir.Pipe;
import dev.ruleport.ir.Query;
import dev.ruleport.ir.QueryVisitor;
import dev.ruleport.ir.SampleQuery;
import dev.ruleport.ir.SequenceQuery;
import dev.ruleport.ir.SequenceTerm;
import dev.ruleport.loader.Rule;
import dev.ruleport.mapping.Fidelity;
import dev.ruleport.mapping.MappingProfile;
import dev.ruleport.mapping.RuleFacts;
import dev.ruleport.mapping.Selection;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Writes one compiled rule as one KQL query (see {@code package-info} for the semantics and the shape of the
 * output). Stateless; every call builds its own state.
 */
public final class KqlWriter {
    /** The diagnostic code of every KQL refusal. */
    public static final String CODE = "KQL";

    private final Rule rule;
    private final MappingProfile profile;
    private final boolean lossy;
    private final Refusals refusals;
    private final Set<String> usedFields = new LinkedHashSet<>();
    private final List<String> tables = new ArrayList<>();
    private final KqlExprWriter.FlagCounter counter = new KqlExprWriter.FlagCounter();

    private KqlWriter(CompiledRule compiled, TranslateOptions options) {
        this.rule = compiled.rule();
        this.profile = options.profile();
        this.lossy = options.lossy();
        this.refusals = new Refusals(rule, CODE, lossy);
    }

    public static Translation translate(CompiledRule compiled, TranslateOptions options) {
        KqlWriter w = new KqlWriter(compiled, options);
        String body = compiled.query().accept(new QueryVisitor<String>() {
            @Override public String visitEvent(EventQuery q) { return w.event(q); }

            @Override public String visitSequence(SequenceQuery q) { return w.sequence(q); }

            @Override public String visitSample(SampleQuery q) {
                w.refusals.fatal(q.span(), Reasons.SAMPLE + ": KQL has no operator that groups unordered events by key"
                        + " with one event per filter");
                return null;
            }
        });
        for (Pipe p : compiled.query().pipes()) {
            w.refusals.cannot(p.span(), Reasons.PIPE + ": | " + p + " (the rule's alerts are every match, in no order)");
        }
        if (w.refusals.refused() || body == null) return w.refusals.finish("kql", w.profile.name(), null, null);
        String text = w.header() + body;
        return w.refusals.finish("kql", w.profile.name(), text, fileName(w.rule));
    }

    static String fileName(Rule rule) {
        return (rule.file() == null ? "rule" : dev.ruleport.backend.Backends.baseName(rule.file())) + ".kql";
    }

    // ------------------------------------------------------------------ header

    private String header() {
        StringBuilder sb = new StringBuilder();
        sb.append(KqlText.comment(nz(rule.name())));
        for (String c : dev.ruleport.backend.Credit.lines(rule)) sb.append(KqlText.comment(c));
        sb.append(KqlText.comment("rule_id: " + nz(rule.ruleId()) + "  severity: " + nz(rule.severity())
                + (rule.riskScore() == null ? "" : "  risk_score: " + rule.riskScore())));
        if (rule.threats() != null) {
            for (Rule.Threat t : rule.threats()) {
                StringBuilder th = new StringBuilder(nz(t.framework()));
                if (t.tactic() != null) th.append(": ").append(nz(t.tactic().id())).append(' ').append(nz(t.tactic().name()));
                if (t.techniques() != null) {
                    for (Rule.Technique tech : t.techniques()) {
                        th.append("; ").append(nz(tech.id())).append(' ').append(nz(tech.name()));
                        if (tech.subtechniques() != null) {
                            for (Rule.Reference sub : tech.subtechniques()) th.append(", ").append(nz(sub.id())).append(' ').append(nz(sub.name()));
                        }
                    }
                }
                sb.append(KqlText.comment(th.toString()));
            }
        }
        sb.append(KqlText.comment("source: " + nz(rule.file() == null ? null : Path.of(rule.file()).getFileName().toString())));
        sb.append(KqlText.comment("profile: " + profile.name() + "  table: " + String.join(", ", tables)));
        for (String f : usedFields) sb.append(KqlText.comment("field: " + f));
        if (refusals.losses().isEmpty()) {
            sb.append("// translation: exact\n");
        } else {
            sb.append("// translation: LOSSY (--lossy); this query only approximates the rule:\n");
            for (String loss : refusals.losses()) sb.append(KqlText.comment("LOSSY " + loss));
        }
        return sb.toString();
    }

    private static String nz(String s) { return s == null ? "" : s; }

    // ------------------------------------------------------------------ shared pieces

    private Optional<Selection> select(Filter filter) {
        RuleFacts facts = RuleFacts.from(filter, rule.index(), rule.categoryField());
        Optional<Selection> sel = profile.select(facts);
        if (sel.isEmpty()) {
            refusals.fatal(filter.span(), Reasons.NO_LOGSOURCE + ": profile " + profile.name() + " has no table for"
                    + " events with " + (facts.values().isEmpty() ? "no restriction" : facts.toString()));
            return sel;
        }
        Selection s = sel.get();
        if (!s.fidelity().isExact()) refusals.cannot(filter.span(), Reasons.INEXACT_LOGSOURCE + ": " + s.reason());
        String table = s.attributes().get("table");
        if (!tables.contains(table)) tables.add(table);
        return sel;
    }

    /** The conjuncts of a filter that the query must test: category keyword first, absorbed ones dropped. */
    private List<Expr> conjuncts(Filter filter, Selection s) {
        List<Expr> out = new ArrayList<>();
        if (!filter.category().isAny()) {
            Optional<Fidelity> absorbed = s.absorbsCategory(filter.category());
            if (absorbed.isPresent()) {
                if (!absorbed.get().isExact()) {
                    refusals.cannot(filter.category().span(), Reasons.ABSORBED_INEXACT + ": " + filter.category().name()
                            + " events; " + s.id() + " is " + absorbed.get().label() + " for it");
                }
            } else {
                Span sp = filter.category().span();
                out.add(new Compare(Compare.Op.EQ, new FieldRef(FieldPath.parse(rule.categoryField()), false, sp),
                        Literal.ofString(filter.category().name(), sp), sp));
            }
        }
        List<Expr> all = filter.condition() instanceof And a ? a.operands() : List.of(filter.condition());
        for (Expr c : all) {
            if (c instanceof Literal l && Boolean.TRUE.equals(l.value())) continue;
            Optional<Fidelity> absorbed = s.absorbs(c);
            if (absorbed.isPresent()) {
                if (!absorbed.get().isExact()) {
                    refusals.cannot(c.span(), Reasons.ABSORBED_INEXACT + ": " + s.id() + " is "
                            + absorbed.get().label() + " for this restriction and has no column to test it");
                }
                continue;
            }
            out.add(c);
        }
        return out;
    }

    private static Expr and(List<Expr> conjuncts, Span span) {
        if (conjuncts.isEmpty()) return new Literal(Boolean.TRUE, span);
        return conjuncts.size() == 1 ? conjuncts.get(0) : new And(conjuncts, span);
    }

    // ------------------------------------------------------------------ event queries

    private String event(EventQuery q) {
        Optional<Selection> sel = select(q.filter());
        if (sel.isEmpty()) return null;
        Selection s = sel.get();
        KqlExprWriter w = new KqlExprWriter(s, refusals, lossy, usedFields, counter);
        String cond = w.cond(and(conjuncts(q.filter(), s), q.filter().span()), false).text();
        StringBuilder sb = new StringBuilder(s.attributes().get("table")).append('\n');
        String where = s.attributes().get("where");
        if (where != null) sb.append("| where ").append(where).append('\n');
        for (String line : w.flagPrelude()) sb.append(line).append('\n');
        if (!cond.equals("true")) sb.append("| where ").append(cond).append('\n');
        if (!w.flagNames().isEmpty()) sb.append("| project-away ").append(String.join(", ", w.flagNames())).append('\n');
        return sb.toString();
    }

    // ------------------------------------------------------------------ sequences

    /** One stage (or the until term) bound to its log source. */
    private record Bound(SequenceTerm term, Selection sel, String table, RuleFacts facts) {}

    private String sequence(SequenceQuery q) {
        List<SequenceTerm> stages = q.stages();
        boolean bad = false;
        for (SequenceTerm t : q.terms()) {
            if (t.missing()) {
                refusals.fatal(t.span(), Reasons.SEQUENCE + ": a missing-event stage ![...]; scan steps only match"
                        + " present events");
                bad = true;
            }
        }
        if (stages.size() < 2) {
            refusals.fatal(q.span(), Reasons.SEQUENCE + ": a sequence of one stage");
            bad = true;
        }
        if (bad) return null;
        List<SequenceTerm> terms = new ArrayList<>(stages);
        if (q.until() != null) terms.add(q.until());
        List<Bound> bound = new ArrayList<>();
        for (SequenceTerm t : terms) {
            Optional<Selection> s = select(t.filter());
            if (s.isEmpty()) return null;
            bound.add(new Bound(t, s.get(), s.get().attributes().get("table"),
                    RuleFacts.from(t.filter(), rule.index(), rule.categoryField())));
        }
        // one branch per table; each stage flag is false in the other tables
        Map<String, List<Integer>> byTable = new LinkedHashMap<>();
        for (int i = 0; i < bound.size(); i++) byTable.computeIfAbsent(bound.get(i).table(), k -> new ArrayList<>()).add(i);
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
        boolean keyed = !q.keys().isEmpty() || !stages.get(0).keys().isEmpty();
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
    private String branch(SequenceQuery q, String table, List<Integer> members, List<Bound> bound, int n, boolean hasUntil) {
        // one expression writer per table: its flags come from one mv-apply prelude
        Selection first = bound.get(members.get(0)).sel();
        KqlExprWriter w = new KqlExprWriter(first, refusals, lossy, usedFields, counter);
        Map<Integer, String> conds = new LinkedHashMap<>();
        List<List<String>> keyTexts = new ArrayList<>();
        List<String> keyGuards = new ArrayList<>();
        Set<String> timestamps = new LinkedHashSet<>();
        for (int i : members) {
            Bound b = bound.get(i);
            KqlExprWriter bw = b.sel() == first ? w : w.forSelection(b.sel());
            String cond = bw.cond(and(conjuncts(b.term().filter(), b.sel()), b.term().filter().span()), false).in(2);
            String where = b.sel().attributes().get("where");
            if (where != null) cond = "(" + where + ") and " + cond;
            conds.put(i, cond);
            timestamps.add(b.sel().attributes().get("timestamp"));
            List<String> keys = new ArrayList<>();
            List<Expr> exprs = q.joinKeys(b.term());
            for (Expr k : exprs) {
                if (!(k instanceof FieldRef f)) {
                    refusals.fatal(k.span(), Reasons.SEQUENCE + ": a join key that is not a field");
                    return null;
                }
                var m = b.sel().field(f.name());
                if (m.isEmpty()) {
                    refusals.fatal(f.span(), Reasons.UNMAPPED + ": " + b.sel().logsource().explainUnmapped(f.name()));
                    return null;
                }
                if (!m.get().fidelity().isExact() || m.get().transform() != dev.ruleport.mapping.ValueTransform.NONE) {
                    refusals.cannot(f.span(), Reasons.INEXACT_FIELD + ": join key " + f.name() + " maps to "
                            + m.get().target() + ", which is not an exact copy of it");
                }
                if (m.get().multiValued() || "dynamic".equals(m.get().type())) {
                    refusals.fatal(f.span(), Reasons.SEQUENCE + ": join key " + f.name() + " is multi-valued; EQL joins"
                            + " on each value separately");
                    return null;
                }
                usedFields.add(f.name() + " -> " + m.get().target());
                String ref = KqlText.column(m.get().target());
                String text = "string".equals(m.get().type()) ? ref : "tostring(" + ref + ")";
                keys.add(text);
                if (!f.optional()) {
                    String guard = "isnotempty(" + text + ")";
                    if (!keyGuards.contains(guard)) keyGuards.add(guard);
                }
            }
            keyTexts.add(keys);
        }
        if (timestamps.size() != 1) {
            refusals.fatal(q.span(), Reasons.SEQUENCE + ": stages in " + table + " use different timestamp columns " + timestamps);
            return null;
        }
        // the join key of a row: the same for every stage, or chosen per stage when the stages cannot overlap
        String keyExpr = null;
        boolean sameKeys = new LinkedHashSet<>(keyTexts).size() <= 1;
        if (!keyTexts.isEmpty() && !keyTexts.get(0).isEmpty()) {
            if (sameKeys) {
                keyExpr = composite(keyTexts.get(0));
            } else {
                for (int a = 0; a < members.size(); a++) {
                    for (int b = a + 1; b < members.size(); b++) {
                        if (!keyTexts.get(a).equals(keyTexts.get(b))
                                && !disjoint(bound.get(members.get(a)).facts(), bound.get(members.get(b)).facts())) {
                            refusals.fatal(bound.get(members.get(b)).term().span(), Reasons.SEQUENCE + ": stages join on"
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
        String ts = KqlText.column(timestamps.iterator().next());
        sb.append("| extend __ts = ").append(ts);
        if (keyExpr != null) sb.append(", __key = ").append(keyExpr);
        sb.append('\n');
        List<String> filter = new ArrayList<>();
        filter.add(any.size() == 1 ? any.get(0) : "(" + String.join(" or ", any) + ")");
        filter.add("isnotnull(__ts)");
        filter.addAll(keyGuards);
        sb.append("| where ").append(String.join(" and ", filter)).append('\n');
        if (!w.flagNames().isEmpty()) sb.append("| project-away ").append(String.join(", ", w.flagNames())).append('\n');
        return sb.toString();
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
