package dev.ruleport.lower;

import dev.ruleport.compile.CompiledRule;
import dev.ruleport.diag.Span;
import dev.ruleport.ir.Compare;
import dev.ruleport.ir.EventQuery;
import dev.ruleport.ir.Expr;
import dev.ruleport.ir.FieldRef;
import dev.ruleport.ir.Filter;
import dev.ruleport.ir.In;
import dev.ruleport.ir.Literal;
import dev.ruleport.ir.Match;
import dev.ruleport.ir.Not;
import dev.ruleport.ir.Pipe;
import dev.ruleport.ir.Query;
import dev.ruleport.ir.QueryVisitor;
import dev.ruleport.ir.SampleQuery;
import dev.ruleport.ir.SequenceQuery;
import dev.ruleport.ir.SequenceTerm;
import dev.ruleport.loader.Rule;
import dev.ruleport.mapping.Absorption;
import dev.ruleport.mapping.Fidelity;
import dev.ruleport.mapping.FieldMapping;
import dev.ruleport.mapping.MappingProfile;
import dev.ruleport.mapping.RuleFacts;
import dev.ruleport.mapping.Selection;
import dev.ruleport.mapping.ValueTransform;
import dev.ruleport.print.EqlPrinter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The lowering stage: a compiled rule plus a mapping profile in, a {@link LoweredRule} out, once for every
 * backend. Per filter it
 * <ol>
 *   <li>puts the condition in normal form ({@link Normalizer}: negation normal form, constants folded);</li>
 *   <li>chooses the log source from the rule's facts and records how faithfully it holds the rule's events;</li>
 *   <li>expands the category keyword into its field test and leaves out the conjuncts the log source guarantees;</li>
 *   <li>resolves every field to its place in the log source; a predicate on a field without one, or whose only
 *       approximation the user's {@link LossMode} does not allow, is dropped (replaced by {@code true} and
 *       simplified away: in negation normal form that always broadens) and recorded as a {@link Finding};</li>
 *   <li>folds alternatives the mapping makes impossible (a file name that holds a path separator can never be the
 *       last segment of a path);</li>
 *   <li>refuses what cannot work: a condition that can never hold, or a lossy one that nothing but the log source
 *       selects (it would match every event of the source).</li>
 * </ol>
 * An event query no single log source holds is split into branches each held exactly by one log source, and
 * lowered as their union ({@link LoweredRule#union()}; see {@code split}), or refused as before.
 * Sequences get each term lowered that way, and their join keys classified ({@link JoinKey}). Stateless.
 */
public final class Lowering {
    private final CompiledRule compiled;
    private final Rule rule;
    private final MappingProfile profile;
    private final LossMode mode;
    private final List<Finding> findings = new ArrayList<>();
    private final java.util.Set<String> equivalences = new java.util.LinkedHashSet<>();

    private Lowering(CompiledRule compiled, MappingProfile profile, LossMode mode) {
        this.compiled = compiled;
        this.rule = compiled.rule();
        this.profile = profile;
        this.mode = mode;
    }

    public static LoweredRule lower(CompiledRule rule, MappingProfile profile, LossMode mode) {
        return new Lowering(rule, profile, mode).run();
    }

    private LoweredRule run() {
        Query q = compiled.query();
        for (Pipe p : q.pipes()) {
            findings.add(Finding.broader(p.span(), Reason.PIPE, "| " + p, "the pipe | " + p + " limits or reorders the"
                    + " alerts; the output reports every match"));
        }
        return q.accept(new QueryVisitor<LoweredRule>() {
            @Override public LoweredRule visitEvent(EventQuery source) {
                // a wildcard on event.action decided against the texts the profile declares for its kinds of events
                EventQuery e = new EventQuery(actions(source.filter()), source.pipes(), source.span());
                // a union only where no single log source fits; its branches each fit one exactly (else refused as before)
                // normalised and selected once: filter() below starts from the same (a pure function of the filter)
                Normalized n = normalized(e.filter());
                List<Filter> branches = n.selection().isPresent() ? null : split(n.normal(), 0);
                if (branches != null) {
                    int before = findings.size();
                    List<LoweredFilter> union = new ArrayList<>();
                    for (Filter b : branches) {
                        int mark = findings.size();
                        java.util.Set<String> equivalencesBefore = new java.util.LinkedHashSet<>(equivalences);
                        LoweredFilter lf = filter(b);
                        if (lf.selection() != null && Normalizer.is(lf.condition(), false)) {
                            // decided false on every event of its log source (a field that source never records):
                            // the branch holds no event of the union, since all its events are in that source
                            while (findings.size() > mark) findings.remove(findings.size() - 1);
                            equivalences.retainAll(equivalencesBefore);
                            continue;
                        }
                        union.add(lf);
                    }
                    if (union.size() > 1 && findings.size() == before && oneSource(union)) {
                        // every branch is over the same log source (they differ in how they name its events, which it
                        // absorbs): their union is that source's events on which some branch's condition holds
                        union = List.of(merged(union));
                    }
                    if (union.size() == 1 && findings.size() == before) {
                        return new LoweredRule(compiled, profile, mode, LoweredRule.Kind.EVENT, union.get(0), null, findings,
                                new ArrayList<>(equivalences), List.of());
                    }
                    if (union.isEmpty()) {
                        findings.add(Finding.fatal(e.filter().span(), Reason.NEVER_MATCHES, "this filter can never match on"
                                + " profile " + profile.name() + ": every log source its events are in lacks what it tests"));
                        // no branch is left to write: the writers see the filter without a log source, as when none fits
                        LoweredFilter none = new LoweredFilter(e.filter(), null, List.of(), e.filter().condition(), Map.of(),
                                false, List.of(), Map.of(), Map.of());
                        return new LoweredRule(compiled, profile, mode, LoweredRule.Kind.EVENT, none, null, findings,
                                new ArrayList<>(equivalences), List.of());
                    }
                    if (findings.size() > before) {
                        // an approximation in one branch is not measured on the events of the others: a union is only
                        // written exact (or equivalent)
                        findings.add(Finding.fatal(e.filter().span(), Reason.NO_LOGSOURCE, "profile " + profile.name()
                                + " has no single log source for these events, and a union of its log sources is only"
                                + " written when every branch translates exactly"));
                    }
                    return new LoweredRule(compiled, profile, mode, LoweredRule.Kind.EVENT, null, null, findings,
                            new ArrayList<>(equivalences), union);
                }
                LoweredFilter f = filter(e.filter(), n);
                return new LoweredRule(compiled, profile, mode, LoweredRule.Kind.EVENT, f, null, findings,
                        new ArrayList<>(equivalences), List.of());
            }

            @Override public LoweredRule visitSequence(SequenceQuery s) {
                LoweredSequence seq = sequence(s);
                return new LoweredRule(compiled, profile, mode, LoweredRule.Kind.SEQUENCE, null, seq, findings,
                        new ArrayList<>(equivalences), List.of());
            }

            @Override public LoweredRule visitSample(SampleQuery s) {
                return new LoweredRule(compiled, profile, mode, LoweredRule.Kind.SAMPLE, null, null, findings, List.of(), List.of());
            }
        });
    }

    /** Whether every branch is over one log source, with the same clauses for what it absorbs. */
    private static boolean oneSource(List<LoweredFilter> branches) {
        LoweredFilter first = branches.get(0);
        for (LoweredFilter b : branches) {
            if (!b.logsourceId().equals(first.logsourceId()) || !b.clauses().equals(first.clauses())) return false;
        }
        return true;
    }

    /** Branches over one log source as one filter there: the disjunction of their conditions (the first's source and absorptions). */
    private static LoweredFilter merged(List<LoweredFilter> branches) {
        LoweredFilter first = branches.get(0);
        List<Expr> conds = new ArrayList<>();
        Map<String, FieldMapping> fields = new LinkedHashMap<>();
        Map<String, String> never = new LinkedHashMap<>();
        Map<String, dev.ruleport.mapping.KeyedEntry> entries = new LinkedHashMap<>();
        boolean dropped = false;
        for (LoweredFilter b : branches) {
            if (!conds.contains(b.condition())) conds.add(b.condition());
            fields.putAll(b.fields());
            never.putAll(b.never());
            entries.putAll(b.entries());
            dropped |= b.dropped();
        }
        Expr condition = Normalizer.normalize(Normalizer.or(conds, first.source().span()));
        return new LoweredFilter(first.source(), first.selection(), first.absorbed(), condition, fields, dropped,
                first.clauses(), never, entries);
    }

    // ------------------------------------------------------------------ event.action patterns

    /**
     * The filter with each wildcard pattern on {@code event.action} ({@code event.action : "Image loaded*"}) replaced
     * by the declared action texts it matches, when the profile declares the one text of each kind of event its data
     * holds ({@link MappingProfile#eventActions()}): on that data the field takes no other text, so the pattern holds
     * exactly on the events whose text it matches (decided by the interpreter, case as the pattern says). Literal
     * patterns beside it stay as they are. The result is a fact that selects a log source. Unchanged without the
     * declaration.
     */
    private Filter actions(Filter f) {
        if (profile.eventActions().isEmpty()) return f;
        Expr c = actions(f.condition());
        return c == f.condition() ? f : new Filter(f.category(), c, f.span());
    }

    private Expr actions(Expr e) {
        if (e instanceof dev.ruleport.ir.And a) {
            List<Expr> ops = new ArrayList<>();
            boolean changed = false;
            for (Expr x : a.operands()) { Expr y = actions(x); changed |= y != x; ops.add(y); }
            return changed ? new dev.ruleport.ir.And(ops, a.span()) : e;
        }
        if (e instanceof dev.ruleport.ir.Or o) {
            List<Expr> ops = new ArrayList<>();
            boolean changed = false;
            for (Expr x : o.operands()) { Expr y = actions(x); changed |= y != x; ops.add(y); }
            return changed ? new dev.ruleport.ir.Or(ops, o.span()) : e;
        }
        if (e instanceof Not n) {
            Expr y = actions(n.operand());
            return y != n.operand() ? new Not(y, n.span()) : e;
        }
        if (!(e instanceof Match m) || m.kind() == Match.Kind.REGEX || !(m.subject() instanceof FieldRef f)
                || !f.name().equals(RuleFacts.EVENT_ACTION)) {
            return e;
        }
        List<Literal> plain = new ArrayList<>();
        List<Literal> wild = new ArrayList<>();
        for (Literal p : m.patterns()) {
            if (!p.isString()) return e;
            (p.asString().indexOf('*') >= 0 || p.asString().indexOf('?') >= 0 ? wild : plain).add(p);
        }
        if (wild.isEmpty()) return e;
        Match patterns = new Match(m.kind(), f, wild, m.caseInsensitive(), m.span());
        // another name a log source absorbs for its events (winlogbeat's 'image loaded (rule: imageload)') that the
        // pattern matches must go with the declared text of that source's event code matching too; else the pattern
        // is left as it is (the texts would not say which events it names)
        for (dev.ruleport.mapping.Logsource l : profile.logsources()) {
            for (String v : l.absorbedValues(RuleFacts.EVENT_ACTION)) {
                if (!Renderings.holds(patterns, f, v) || declaredAction(v)) continue;
                boolean own = false;
                for (String code : l.records().getOrDefault(RuleFacts.EVENT_CODE, java.util.Set.of())) {
                    String t = profile.eventActions().get(code);
                    own |= t != null && Renderings.holds(patterns, f, t);
                }
                if (!own) return e;
            }
        }
        java.util.Set<String> texts = new java.util.LinkedHashSet<>();
        for (String t : profile.eventActions().values()) if (Renderings.holds(patterns, f, t)) texts.add(t);
        List<Expr> alts = new ArrayList<>();
        if (!plain.isEmpty()) alts.add(new Match(m.kind(), f, plain, m.caseInsensitive(), m.span()));
        List<Expr> matched = new ArrayList<>();
        for (String t : texts) matched.add(Literal.ofString(t, m.span()));
        // the texts as written, compared as the pattern was (a case-insensitive pattern stays case-insensitive)
        if (!matched.isEmpty()) alts.add(new In(f, matched, m.caseInsensitive(), m.span()));
        if (alts.isEmpty()) return Normalizer.FALSE;
        if (alts.size() == 1) return alts.get(0);
        List<Expr> all = new ArrayList<>(plain);
        all.addAll(matched);
        return new In(f, all, m.caseInsensitive(), m.span());
    }

    /** Whether {@code v} is a declared event.action text, ignoring case. */
    private boolean declaredAction(String v) {
        for (String t : profile.eventActions().values()) if (t.equalsIgnoreCase(v)) return true;
        return false;
    }

    // ------------------------------------------------------------------ unions of log sources

    /** At most this many branches in a union: beyond it the rule is refused as before. */
    static final int MAX_BRANCHES = 8;
    /** At most this many splits tried per rule (a rule of many disjunctions is refused as before, quickly). */
    static final int MAX_SPLIT_STEPS = 64;
    private int splitBudget;

    /** The fields whose values name a kind of event: what selects a log source, so what a union is split on. */
    private boolean classField(String field) {
        return field.equals(rule.categoryField() == null || rule.categoryField().isBlank() ? RuleFacts.EVENT_CATEGORY : rule.categoryField())
                || field.equals(RuleFacts.EVENT_CATEGORY) || field.equals(RuleFacts.EVENT_CODE)
                || field.equals(RuleFacts.EVENT_ACTION) || field.equals(RuleFacts.EVENT_TYPE);
    }

    /** Whether a conjunct states a fact on a field naming a kind of event ({@link #classField}). */
    private boolean classFact(Expr c) {
        for (Expr x : Normalizer.conjuncts(c)) {
            for (String f : RuleFacts.of(x).values().keySet()) if (classField(f)) return true;
        }
        return false;
    }

    /** The filter with its condition in normal form. */
    private static Filter normal(Filter f) {
        return new Filter(f.category(), Normalizer.normalize(f.condition()), f.span());
    }

    /** Whether a log source of the profile holds exactly the filter's events (under an equivalence or not). */
    private boolean selectsExactly(Filter normal) {
        return profile.select(RuleFacts.from(normal, rule.index(), rule.categoryField()))
                .map(s -> s.fidelity().isExact()).orElse(false);
    }

    /**
     * A filter no single log source holds, as the disjunction of filters each some log source holds: a top-level
     * conjunct that is a disjunction ({@code (event.category == "file" and ...) or (event.category == "registry" and
     * ...)}) or a fact naming several values of one field ({@code event.category in ("library", "driver")}) is
     * distributed, each alternative conjoined with the other conjuncts (and the category keyword); a branch whose
     * condition folds to false is left out, and a branch no log source holds exactly is split again. The branches together match exactly the
     * events the filter matches (conjunction distributes over disjunction), and each branch's events are all in its
     * log source, so the union of their translations is exact when each branch's is. Null when no such split into at
     * least two branches exists (a branch no log source holds exactly however it is split), or it would need more than
     * {@link #MAX_BRANCHES} branches.
     */
    private List<Filter> split(Filter normal, int depth) {
        if (depth > 3 || ++splitBudget > MAX_SPLIT_STEPS) return null;
        List<Expr> conjuncts = Normalizer.conjuncts(normal.condition());
        for (int i = 0; i < conjuncts.size(); i++) {
            List<Expr> alternatives = alternatives(conjuncts.get(i));
            if (alternatives.size() < 2 || alternatives.size() > MAX_BRANCHES) continue;
            List<Filter> out = new ArrayList<>();
            for (Expr alt : alternatives) {
                List<Expr> ops = new ArrayList<>(conjuncts);
                ops.set(i, alt);
                Filter branch = new Filter(normal.category(), Normalizer.and(flatten(ops), normal.span()), normal.span());
                // a branch that can never hold is no event of the union: left out. (Facts naming disjoint values of one
                // field do not make a branch impossible: ECS fields such as event.category hold arrays.)
                if (Normalizer.is(branch.condition(), false)) continue;
                if (selectsExactly(branch)) {
                    out.add(branch);
                } else {
                    List<Filter> sub = split(branch, depth + 1);
                    if (sub == null) { out = null; break; }
                    out.addAll(sub);
                }
                if (out.size() > MAX_BRANCHES) { out = null; break; }
            }
            if (out != null && out.size() >= 2) return out;
        }
        return null;
    }

    /** The top-level conjuncts of a list of conjuncts (an alternative may itself be a conjunction). */
    private static List<Expr> flatten(List<Expr> ops) {
        List<Expr> out = new ArrayList<>();
        for (Expr x : ops) out.addAll(Normalizer.conjuncts(x));
        return out;
    }

    /**
     * The alternatives a conjunct is the disjunction of: the operands of a disjunction each of whose operands names
     * a kind of event ({@link #classFact}), or, for a fact naming several kinds ({@code event.category in ("library",
     * "driver")}), one test per constant, each with the same case sensitivity; a single-element list otherwise.
     */
    private List<Expr> alternatives(Expr c) {
        if (c instanceof dev.ruleport.ir.Or o) {
            // only a disjunction of kinds of events: each alternative names its kind
            for (Expr x : o.operands()) if (!classFact(x)) return List.of(c);
            return o.operands();
        }
        if (!classFact(c)) return List.of(c);
        if (c instanceof In in && in.values().size() > 1 && !RuleFacts.of(c).values().isEmpty()) {
            List<Expr> out = new ArrayList<>();
            for (Expr v : in.values()) out.add(new In(in.subject(), List.of(v), in.caseInsensitive(), in.span()));
            return out;
        }
        if (c instanceof Match m && m.patterns().size() > 1 && !RuleFacts.of(c).values().isEmpty()) {
            List<Expr> out = new ArrayList<>();
            for (Literal p : m.patterns()) out.add(new Match(m.kind(), m.subject(), List.of(p), m.caseInsensitive(), m.span()));
            return out;
        }
        return List.of(c);
    }

    // ------------------------------------------------------------------ one filter

    /** A filter with its condition in normal form, what that says of its events, and the log source chosen for them. */
    private record Normalized(Filter normal, RuleFacts facts, Optional<Selection> selection) {}

    private Normalized normalized(Filter source) {
        Filter normal = normal(source);
        RuleFacts facts = RuleFacts.from(normal, rule.index(), rule.categoryField());
        return new Normalized(normal, facts, profile.select(facts));
    }

    private LoweredFilter filter(Filter source) {
        return filter(source, normalized(source));
    }

    /** {@code source} lowered, {@code n} being {@code normalized(source)}. */
    private LoweredFilter filter(Filter source, Normalized n) {
        Expr condition = n.normal().condition();
        Filter normal = n.normal();
        RuleFacts facts = n.facts();
        Optional<Selection> chosen = n.selection();
        if (chosen.isEmpty()) {
            // a rule about hosts the deployment does not have: said as such, not as a missing log source
            String outside = profile.hosts().filter(h -> !facts.os().isEmpty() && java.util.Collections.disjoint(h.os(), facts.os()))
                    .map(h -> ": the rule only matches events of " + String.join(" or ", facts.os()) + " hosts, and the "
                            + h.says()).orElse("");
            findings.add(Finding.fatal(source.span(), Reason.NO_LOGSOURCE, "profile " + profile.name()
                    + " has no log source for " + (source.category().isAny() ? "" : source.category() + " ")
                    + "events with " + (facts.values().isEmpty() ? "no restriction" : facts.toString()) + outside));
            return new LoweredFilter(source, null, List.of(), condition, Map.of(), false, List.of(), Map.of(), Map.of());
        }
        Selection s = chosen.get();
        if (s.equivalence() != null) equivalences.add(s.equivalence());
        if (s.assumesHosts()) equivalences.add(s.hosts().says());
        if (!s.fidelity().isExact()) {
            findings.add(new Finding(source.span(), Reason.INEXACT_LOGSOURCE, s.fidelity(), null,
                    "log source " + s.id() + " is " + s.fidelity().label() + " than the rule: " + s.reason()));
        }
        List<LoweredFilter.Absorbed> absorbed = new ArrayList<>();
        List<Expr> kept = new ArrayList<>();
        Compare category = source.categoryTest(rule.categoryField());
        if (category != null) absorb(s, category, s.absorbsCategory(source.category()), absorbed, kept);
        for (Expr c : Normalizer.conjuncts(condition)) absorb(s, c, s.absorbs(c), absorbed, kept);

        Resolver resolver = new Resolver(s);
        List<Expr> resolved = new ArrayList<>();
        for (Expr c : kept) resolved.add(resolver.tree(c));
        Expr remaining = Normalizer.and(resolved, source.span());
        if (Normalizer.is(remaining, false)) {
            findings.add(Finding.fatal(source.span(), Reason.NEVER_MATCHES, "this filter can never match on "
                    + s.id() + (resolver.folded.isEmpty() ? "" : ": " + String.join("; ", resolver.folded))));
        } else if (Normalizer.is(remaining, true) && resolver.dropped && mode.lossy()) {
            findings.add(Finding.fatal(source.span(), Reason.FLOOD, "with the predicates above left out, nothing but"
                    + " the log source " + s.id() + " selects events: every event of it would match"));
        } else if (Normalizer.is(remaining, true) && !resolver.never.isEmpty()) {
            findings.add(Finding.fatal(source.span(), Reason.FLOOD, "this filter matches every event of " + s.id() + ": "
                    + String.join("; ", resolver.folded)));
        }
        List<String> clauses = new ArrayList<>();
        for (LoweredFilter.Absorbed a : absorbed) if (a.clause() != null && !clauses.contains(a.clause())) clauses.add(a.clause());
        return new LoweredFilter(source, s, absorbed, remaining, resolver.fields, resolver.dropped, clauses, resolver.never,
                resolver.entries);
    }

    private void absorb(Selection s, Expr conjunct, Optional<Absorption> how, List<LoweredFilter.Absorbed> absorbed,
                        List<Expr> kept) {
        if (how.isEmpty()) {
            kept.add(conjunct);
            return;
        }
        Absorption a = how.get();
        absorbed.add(new LoweredFilter.Absorbed(conjunct, a.fidelity(), a.clause(), a.says()));
        if (a.says() != null) equivalences.add(a.says());
        if (!a.fidelity().isExact()) {
            findings.add(new Finding(conjunct.span(), Reason.ABSORBED_INEXACT, a.fidelity(), brief(conjunct),
                    "log source " + s.id() + " stands for " + brief(conjunct) + " only as a " + a.fidelity().label()
                    + " match and has no column to test it"));
        }
    }

    /** Resolves the fields of one filter's kept conjuncts, dropping what cannot stay. */
    private final class Resolver {
        final Selection selection;
        final Map<String, FieldMapping> fields = new LinkedHashMap<>();
        final Map<String, String> never = new LinkedHashMap<>();
        final Map<String, dev.ruleport.mapping.KeyedEntry> entries = new LinkedHashMap<>();
        final List<String> folded = new ArrayList<>();
        boolean dropped;

        Resolver(Selection selection) { this.selection = selection; }

        /** A normal-form tree with every leaf resolved. */
        Expr tree(Expr e) {
            if (e instanceof dev.ruleport.ir.And a) {
                int before = findings.size();
                java.util.Set<String> equivalencesBefore = new java.util.LinkedHashSet<>(equivalences);
                boolean droppedBefore = dropped;
                List<Expr> ops = new ArrayList<>();
                for (Expr x : a.operands()) ops.add(tree(x));
                Expr and = Normalizer.and(ops, a.span());
                // an operand decided false on every event of the source (a never recorded field, a value the target
                // never takes; a dropped leaf is true, never false) decides the conjunction: what its other operands
                // could not say does not matter
                if (Normalizer.is(and, false)) forget(before, equivalencesBefore, droppedBefore);
                return and;
            }
            if (e instanceof dev.ruleport.ir.Or o) {
                int before = findings.size();
                java.util.Set<String> equivalencesBefore = new java.util.LinkedHashSet<>(equivalences);
                boolean droppedBefore = dropped;
                boolean anyDropped = false;
                boolean decidedTrue = false;
                List<Expr> ops = new ArrayList<>();
                for (Expr x : o.operands()) {
                    dropped = false;
                    Expr r = tree(x);
                    if (!dropped && Normalizer.is(r, true)) decidedTrue = true;
                    anyDropped |= dropped;
                    ops.add(r);
                }
                if (decidedTrue) {
                    // likewise an alternative decided true on every event of the source decides the disjunction
                    forget(before, equivalencesBefore, droppedBefore);
                    return Normalizer.TRUE;
                }
                dropped = anyDropped;
                Expr or = Normalizer.or(ops, o.span());
                if (dropped && Normalizer.is(or, true) && mode.lossy()) {
                    // one alternative that cannot be tested makes the whole disjunction true: say so
                    findings.add(Finding.broader(o.span(), findings.get(before).reason(), brief(o), "an alternative of "
                            + brief(o) + " cannot be tested, so the whole disjunction is left out"));
                }
                dropped |= droppedBefore;
                return or;
            }
            if (e instanceof Not n) return leaf(n.operand(), true);
            if (e instanceof Literal) return e;
            return leaf(e, false);
        }

        private Expr leaf(Expr leaf, boolean negated) {
            List<FieldRef> refs = FieldRefs.in(leaf);
            Boolean missing = decidedAsMissing(leaf, refs);
            if (missing != null) return missing ^ negated ? Normalizer.TRUE : Normalizer.FALSE;
            Expr entry = entry(leaf, negated, refs);
            if (entry != null) return entry;
            Expr approximated = argumentAsSubstring(leaf, negated);
            if (approximated != null) return approximated;
            FieldRef argument = argumentSubject(leaf);
            if (argument != null && mode.lossy() && selection.field(argument.name()).map(m -> !m.fidelity().isExact()).orElse(false)) {
                // an argument test is never kept as a test of the whole command line: that would not be broader
                findings.add(Finding.broader(argument.span(), Reason.INEXACT_FIELD, brief(leaf), argument.name()
                        + " has no exact counterpart in " + selection.id() + " and this test has no substring form that"
                        + " holds for every matching event (a value with a quote is escaped in a Windows command line);"
                        + " left out"));
                return drop();
            }
            boolean unmapped = false;
            List<Finding> inexact = new ArrayList<>();
            Map<String, FieldMapping> resolved = new LinkedHashMap<>();
            for (FieldRef ref : refs) {
                Optional<FieldMapping> m = selection.field(ref.name());
                if (m.isEmpty()) {
                    findings.add(Finding.broader(ref.span(), Reason.UNMAPPED_FIELD, brief(leaf),
                            selection.logsource().explainUnmapped(ref.name())));
                    unmapped = true;
                    continue;
                }
                resolved.put(ref.name(), m.get());
                FieldMapping fm = m.get();
                if (!fm.fidelity().isExact()) {
                    Fidelity direction = negated ? fm.fidelity().negated() : fm.fidelity();
                    inexact.add(new Finding(ref.span(), Reason.INEXACT_FIELD, direction, brief(leaf), ref.name()
                            + " maps to " + fm.target() + ", which is " + fm.fidelity().label()
                            + (fm.note() == null ? "" : " (" + fm.note() + ")")
                            + (negated ? "; under not the predicate is " + direction.label() : "")));
                }
            }
            if (unmapped) return drop();
            for (Finding f : inexact) {
                if (mode.lossy() && !mode.allows(f.direction())) {
                    findings.add(Finding.broader(f.span(), f.reason(), f.predicate(), f.message()
                            + "; left out, since a " + f.direction().label() + " approximation is not allowed"));
                    return drop();
                }
            }
            for (Map.Entry<String, FieldMapping> r : resolved.entrySet()) {
                ValueTransform rt = r.getValue().transform();
                if ((rt == ValueTransform.EXTENSION && !profile.target().equals("kql") && !profile.target().equals("sigma")
                        || rt == ValueTransform.DOMAIN || rt == ValueTransform.ARGUMENT
                        || rt == ValueTransform.ARGUMENT_COUNT)
                        && leaf instanceof Compare c && (Normalizer.isNull(c.left()) || Normalizer.isNull(c.right()))) {
                    // "no extension" is not "no path": SPL cannot test it as a presence test (KQL and Sigma test the
                    // path against a regex, KqlExprWriter.compare, ExprTranslator.visitCompare); nor is "no domain" "no account"
                    findings.add(Finding.broader(leaf.span(), Reason.DERIVED_VALUE, brief(leaf), r.getKey()
                            + " is the " + rt.noun() + " taken from "
                            + r.getValue().target() + "; whether it is missing is not whether " + r.getValue().target() + " is"));
                    return drop();
                }
            }
            for (Map.Entry<String, FieldMapping> r : resolved.entrySet()) {
                FieldMapping.FirstSegment fs = r.getValue().firstSegment();
                if (fs == null) continue;
                Expr respelled = respelled(leaf, fs);
                if (respelled != null) {
                    leaf = respelled;
                    continue;
                }
                String problem = firstSegmentProblem(leaf, r.getKey(), fs);
                if (problem != null) {
                    findings.add(Finding.broader(leaf.span(), Reason.DERIVED_VALUE, brief(leaf), r.getKey() + " in "
                            + selection.id() + " spells its first segment otherwise (" + fs.why() + "): " + problem));
                    return drop();
                }
            }
            findings.addAll(inexact);
            fields.putAll(resolved);
            resolved.values().forEach(fm -> { if (fm.equivalence() != null) equivalences.add(fm.equivalence()); });
            if (refs.size() == 1) {
                Optional<dev.ruleport.mapping.ValueRendering> r = selection.logsource().rendering(refs.get(0).name());
                if (r.isPresent()) {
                    Renderings.Result res = Renderings.rewrite(leaf, negated, refs.get(0), r.get());
                    if (res.refusal() == null) {
                        if (res.expr() instanceof Literal && !r.get().values().isEmpty()) {
                            folded.add(refs.get(0).name() + " only takes the values " + String.join(", ", r.get().values().keySet())
                                    + " in " + selection.id());
                        }
                        return res.expr();
                    }
                    findings.add(Finding.broader(refs.get(0).span(), Reason.DERIVED_VALUE, brief(leaf), res.refusal()));
                    return drop();
                }
            }
            Expr kept = foldDerived(leaf);
            if (!(kept instanceof Literal)) kept = foldValues(kept);
            if (kept instanceof Literal l && l.value() instanceof Boolean b) return b ^ negated ? Normalizer.TRUE : Normalizer.FALSE;
            return negated ? new Not(kept, kept.span()) : kept;
        }

        /**
         * A leaf on a field the target stores as an entry of a list (Sysmon's SHA256=... in Hashes), as the same test of
         * the list ({@link Entries}), resolved in turn; null when the leaf reads no such field.
         */
        private Expr entry(Expr leaf, boolean negated, List<FieldRef> refs) {
            for (FieldRef ref : refs) {
                Optional<dev.ruleport.mapping.KeyedEntry> e = selection.logsource().entry(ref.name());
                if (e.isEmpty()) continue;
                Renderings.Result r = refs.size() == 1 ? Entries.rewrite(leaf, negated, ref, e.get())
                        : new Renderings.Result(null, Entries.refusal(ref, e.get()));
                if (r.refusal() != null) {
                    findings.add(Finding.broader(ref.span(), Reason.DERIVED_VALUE, brief(leaf), r.refusal()));
                    return drop();
                }
                entries.put(ref.name(), e.get());
                if (r.expr() instanceof Literal) {
                    folded.add(ref.name() + " only holds " + e.get().digits() + "-digit hexadecimal values (the "
                            + e.get().key() + " entry of " + e.get().list() + ") in " + selection.id());
                }
                return tree(r.expr());
            }
            return null;
        }

        /**
         * A leaf whose every field the log source never records has the same outcome on every event of the source:
         * the one the interpreter gives on an event without those fields ({@code x : "a"} false, {@code x == null}
         * true, {@code not x : "a"} true). Null when the leaf reads a field the source records (or has none).
         */
        private Boolean decidedAsMissing(Expr leaf, List<FieldRef> refs) {
            if (refs.isEmpty()) return null;
            Map<String, String> why = new LinkedHashMap<>();
            for (FieldRef ref : refs) {
                Optional<String> n = selection.logsource().never(ref.name());
                if (n.isEmpty()) return null;
                why.put(ref.name(), n.get());
            }
            boolean holds;
            try {
                holds = dev.ruleport.interpret.Interpreter.compile(new EventQuery(new Filter(dev.ruleport.ir.Category.any(leaf.span()),
                        leaf, leaf.span()), List.of(), leaf.span()), dev.ruleport.interpret.InterpreterOptions.defaults())
                        .matches(dev.ruleport.runtime.Event.of(Map.of()));
            } catch (RuntimeException e) {
                return null; // a leaf the interpreter refuses is left to the backends' refusals
            }
            never.putAll(why);
            why.forEach((f, reason) -> folded.add(f + " is never recorded (" + reason + ")"));
            return holds;
        }

        /**
         * With lossy output, a test on an argument ({@code process.args}, {@code process.parent.args}) that the log
         * source has no exact place for becomes a test that the command line contains it: each argument is text of
         * the same process's command line, so "an argument matches p" implies "the command line contains a match of
         * p", and the test is broader (never an equality, which a whole command line almost never satisfies). Under
         * {@code not} the approximation is narrower, allowed only with {@code --lossy=any}. Null when this does not
         * apply (the leaf is then handled as any other).
         */
        private Expr argumentAsSubstring(Expr leaf, boolean negated) {
            if (!mode.lossy()) return null;
            FieldRef f = argumentSubject(leaf);
            if (f == null) return null;
            Optional<FieldMapping> own = selection.field(f.name());
            if (own.isPresent() && own.get().fidelity().isExact()) return null;
            String cmd = ARGUMENTS_OF.get(f.name());
            Optional<FieldMapping> line = selection.field(cmd);
            if (line.isEmpty() || !line.get().fidelity().isExact() || line.get().transform() != ValueTransform.NONE
                    || line.get().multiValued()) {
                return null;
            }
            Fidelity direction = negated ? Fidelity.NARROWER : Fidelity.BROADER;
            if (!mode.allows(direction)) return null;
            // On Windows an argument holding a quote is escaped in the command line (\"): its text is not a
            // substring there. Linux and macOS command lines are the arguments joined by spaces.
            boolean windows = !selection.facts().os().stream().allMatch(os -> os.equals("linux") || os.equals("macos"))
                    || selection.facts().os().isEmpty();
            if (windows && FieldRefs.literals(leaf).stream().anyMatch(v -> v.contains("\""))) return null;
            Expr rewritten = containedIn(leaf, new FieldRef(dev.ruleport.ir.FieldPath.parse(cmd), f.optional(), f.span()));
            if (rewritten == null) return null;
            fields.put(cmd, line.get());
            findings.add(new Finding(f.span(), Reason.INEXACT_FIELD, direction, brief(leaf), f.name() + " has no exact"
                    + " counterpart in " + selection.id() + "; the argument test becomes a test that " + cmd + " ("
                    + line.get().target() + ") contains it" + (negated ? ", which under not may miss events" : "")));
            return negated ? new Not(rewritten, rewritten.span()) : rewritten;
        }

        /** Undoes what resolving operands that turned out not to matter reported. */
        private void forget(int findingsBefore, java.util.Set<String> equivalencesBefore, boolean droppedBefore) {
            findings.subList(findingsBefore, findings.size()).clear();
            equivalences.retainAll(equivalencesBefore);
            dropped = droppedBefore;
        }

        /**
         * A string test with each value in the target's spelling of its first segment, when the profile declares
         * spellings and every value either skips the segment ({@code *\\...}) or starts with a declared spelling and
         * the separator (then it becomes one value per target spelling: the same path, as the target writes it);
         * null otherwise (the leaf is then left to {@link #firstSegmentProblem}) or when nothing changes.
         */
        private static Expr respelled(Expr leaf, FieldMapping.FirstSegment fs) {
            if (fs.spellings().isEmpty()) return null;
            if (leaf instanceof Match m && m.subject() instanceof FieldRef && m.kind() != Match.Kind.REGEX) {
                boolean ci = m.kind() == Match.Kind.COLON || m.caseInsensitive();
                List<Literal> out = new ArrayList<>();
                boolean changed = false;
                for (Literal p : m.patterns()) {
                    if (!p.isString()) return null;
                    if (p.asString().startsWith(fs.requiredStart())) {
                        if (fs.couldStartInside(p.asString().substring(1), true)) return null;
                        out.add(p);
                        continue;
                    }
                    List<String> r = fs.respell(p.asString(), ci);
                    if (r == null) return null;
                    for (String v : r) out.add(new Literal(v, p.span()));
                    changed = true;
                }
                return changed ? new Match(m.kind(), m.subject(), dedupe(out), m.caseInsensitive(), m.span()) : null;
            }
            if (leaf instanceof In in && in.subject() instanceof FieldRef) {
                List<Expr> out = new ArrayList<>();
                for (Expr v : in.values()) {
                    if (!(v instanceof Literal lit) || !lit.isString()) return null;
                    List<String> r = fs.respell(lit.asString(), in.caseInsensitive());
                    if (r == null) return null;
                    for (String x : r) out.add(new Literal(x, lit.span()));
                }
                return new In(in.subject(), out, in.caseInsensitive(), in.span());
            }
            if (leaf instanceof Compare c && c.op() == Compare.Op.EQ && c.left() instanceof FieldRef
                    && c.right() instanceof Literal lit && lit.isString()) {
                List<String> r = fs.respell(lit.asString(), false);
                if (r == null) return null;
                List<Expr> out = new ArrayList<>();
                for (String x : r) out.add(new Literal(x, lit.span()));
                return out.size() == 1 ? new Compare(c.op(), c.left(), out.get(0), c.span())
                        : new In(c.left(), out, false, c.span());
            }
            return null;
        }

        private static List<Literal> dedupe(List<Literal> patterns) {
            Map<String, Literal> seen = new LinkedHashMap<>();
            for (Literal p : patterns) seen.putIfAbsent(p.asString(), p);
            return new ArrayList<>(seen.values());
        }

        /**
         * Why a leaf's test of {@code field} depends on the path's first segment, which the target spells otherwise;
         * null when it does not: every value starts with a wildcard and the separator (the wildcard absorbs the
         * first segment whatever its spelling, as it holds no separator), an ends-with or contains test whose text
         * starts with the separator, or a presence test.
         */
        private static String firstSegmentProblem(Expr leaf, String field, FieldMapping.FirstSegment fs) {
            String start = fs.requiredStart();
            List<String> spelled = new ArrayList<>();
            fs.spellings().forEach(sp -> sp.rule().forEach(r -> spelled.add(r + fs.separator())));
            String only = "only values starting with " + start + (spelled.isEmpty() ? "" : " or " + String.join(", ", spelled))
                    + " are written";
            if (leaf instanceof Match m && m.subject() instanceof FieldRef && m.kind() != Match.Kind.REGEX) {
                boolean ci = m.kind() == Match.Kind.COLON || m.caseInsensitive();
                for (Literal p : m.patterns()) {
                    if (p.isString() && !p.asString().startsWith(start) && fs.respell(p.asString(), ci) != null) continue;
                    if (!p.isString() || !p.asString().startsWith(start)) return "'" + p.value() + "' depends on it; " + only;
                    if (fs.couldStartInside(p.asString().substring(1), true)) return inside(p.asString());
                }
                return null;
            }
            if (leaf instanceof Compare c && (Normalizer.isNull(c.left()) || Normalizer.isNull(c.right()))) return null;
            if (leaf instanceof dev.ruleport.ir.Call call && call.args().size() == 2 && call.args().get(0) instanceof FieldRef
                    && call.args().get(1) instanceof Literal lit && lit.isString()
                    && (call.function() == dev.ruleport.ir.Function.ENDSWITH
                        || call.function() == dev.ruleport.ir.Function.STRINGCONTAINS)) {
                if (!lit.asString().startsWith(fs.separator())) {
                    return "'" + lit.asString() + "' does not start with " + fs.separator() + "; " + only;
                }
                return fs.couldStartInside(lit.asString(), false) ? inside(lit.asString()) : null;
            }
            return "this test of " + field + " depends on it; " + only + " (wildcard patterns, ends-with and contains)";
        }

        private static String inside(String text) {
            return "'" + text + "' could match inside a spelling of the first segment that has several segments";
        }

        private Expr drop() {
            dropped = true;
            return Normalizer.TRUE;
        }

        /**
         * Leaves out the alternatives of a string test that the field's derivation makes impossible: a value holding
         * the path separator is never the last segment of a path (basename), a value holding a dot is never the text
         * after the last dot (extension). Exact on the target's data. A test with no alternative left is false.
         */
        private Expr foldDerived(Expr leaf) {
            FieldRef f = subjectField(leaf);
            if (f == null) return leaf;
            ValueTransform t = fields.get(f.name()).transform();
            List<String> impossible = t == ValueTransform.EXTENSION ? List.of(".", "\\", "/")
                    : t == ValueTransform.DOMAIN ? List.of("\\")
                    : t == ValueTransform.ARGUMENT ? List.of(" ")
                    : t.separator() == null ? List.of() : List.of(t.separator());
            if (impossible.isEmpty()) return leaf;
            String why = f.name() + " is derived from " + fields.get(f.name()).target() + " and never holds "
                    + (t == ValueTransform.ARGUMENT ? "a space (an argument of a line split at spaces)" : String.join(" or ", impossible));
            if (leaf instanceof Compare c && c.op() == Compare.Op.EQ && c.right() instanceof Literal lit
                    && holdsAny(lit, impossible)) {
                folded.add(why);
                return Normalizer.FALSE;
            }
            if (leaf instanceof Match m && m.kind() != Match.Kind.REGEX) {
                List<Literal> keep = new ArrayList<>();
                for (Literal p : m.patterns()) if (!holdsAny(p, impossible)) keep.add(p);
                if (keep.size() == m.patterns().size()) return leaf;
                folded.add(why);
                return keep.isEmpty() ? Normalizer.FALSE : new Match(m.kind(), m.subject(), keep, m.caseInsensitive(), m.span());
            }
            if (leaf instanceof In in) {
                List<Expr> keep = new ArrayList<>();
                for (Expr v : in.values()) {
                    if (!(v instanceof Literal lit && holdsAny(lit, impossible))) keep.add(v);
                }
                if (keep.size() == in.values().size()) return leaf;
                folded.add(why);
                return keep.isEmpty() ? Normalizer.FALSE : new In(in.subject(), keep, in.caseInsensitive(), in.span());
            }
            return leaf;
        }

        /**
         * Leaves out the alternatives of a test that no value of a field with declared values can satisfy (a computed kind
         * of event only ever holds a few names). Exact on the target's data; a test with no alternative left is false.
         */
        private Expr foldValues(Expr leaf) {
            FieldRef f = subjectField(leaf);
            java.util.Set<String> values = f == null ? null : fields.get(f.name()).values();
            if (values == null) return leaf;
            String why = f.name() + " only ever holds " + String.join(", ", values) + " in " + selection.id();
            Expr out = leaf;
            if (leaf instanceof Compare c && c.op() == Compare.Op.EQ && c.right() instanceof Literal lit) {
                out = values.contains(String.valueOf(lit.value())) ? leaf : Normalizer.FALSE;
            } else if (leaf instanceof Match m) {
                boolean ci = m.kind() == Match.Kind.COLON || m.caseInsensitive();
                List<Literal> keep = new ArrayList<>();
                for (Literal p : m.patterns()) {
                    String text = String.valueOf(p.value());
                    for (String v : values) {
                        boolean hit;
                        try {
                            hit = m.kind() == Match.Kind.REGEX ? dev.ruleport.runtime.EqlRegex.compile(text, ci).matches(v)
                                    : dev.ruleport.runtime.WildcardPattern.compile(text, ci).matches(v);
                        } catch (IllegalArgumentException e) {
                            hit = true; // an invalid pattern is the backend's to refuse
                        }
                        if (hit) {
                            keep.add(p);
                            break;
                        }
                    }
                }
                out = keep.size() == m.patterns().size() ? leaf : keep.isEmpty() ? Normalizer.FALSE
                        : new Match(m.kind(), m.subject(), keep, m.caseInsensitive(), m.span());
            } else if (leaf instanceof In in) {
                List<Expr> keep = new ArrayList<>();
                for (Expr x : in.values()) {
                    String s = x instanceof Literal l ? String.valueOf(l.value()) : null;
                    if (s == null || values.stream().anyMatch(v -> in.caseInsensitive() ? v.equalsIgnoreCase(s) : v.equals(s))) keep.add(x);
                }
                out = keep.size() == in.values().size() ? leaf : keep.isEmpty() ? Normalizer.FALSE
                        : new In(in.subject(), keep, in.caseInsensitive(), in.span());
            }
            if (out != leaf) folded.add(why);
            return out;
        }
    }

    /** Whether a string literal holds one of the texts (a wildcard never stands for a literal character). */
    private static boolean holdsAny(Literal lit, List<String> texts) {
        if (!(lit.value() instanceof String s)) return false;
        for (String t : texts) if (s.contains(t)) return true;
        return false;
    }

    /** Argument vectors and the command line each argument is text of. */
    private static final Map<String, String> ARGUMENTS_OF = Map.of(
            "process.args", "process.command_line", "process.parent.args", "process.parent.command_line");

    /** The argument-vector field a string test is about (subject of a match, {@code ==}, {@code in}, a string function). */
    private static FieldRef argumentSubject(Expr leaf) {
        FieldRef f = subjectField(leaf);
        if (f == null && leaf instanceof dev.ruleport.ir.Call c && isStringFunction(c) && c.args().get(0) instanceof FieldRef a) f = a;
        return f != null && ARGUMENTS_OF.containsKey(f.name()) ? f : null;
    }

    private static boolean isStringFunction(dev.ruleport.ir.Call c) {
        return (c.function() == dev.ruleport.ir.Function.STARTSWITH || c.function() == dev.ruleport.ir.Function.ENDSWITH
                || c.function() == dev.ruleport.ir.Function.STRINGCONTAINS) && c.args().size() == 2
                && c.args().get(1) instanceof Literal l && l.value() instanceof String;
    }

    /**
     * The test that {@code line} contains a match of the leaf's value(s): wildcard patterns wrapped in {@code *...*}
     * (a literal's {@code *} or {@code ?} becomes a wildcard, which only widens), a regex in {@code .*(...).*}; case
     * sensitivity kept. Null for leaves without such a form (orderings, presence tests, CIDR).
     */
    private static Expr containedIn(Expr leaf, FieldRef line) {
        if (leaf instanceof Match m) {
            List<Literal> ps = new ArrayList<>();
            for (Literal p : m.patterns()) {
                if (p.isNull()) return null;
                String v = String.valueOf(p.value());
                ps.add(Literal.ofString(m.kind() == Match.Kind.REGEX ? ".*(" + v + ").*" : "*" + v + "*", p.span()));
            }
            return new Match(m.kind(), line, ps, m.caseInsensitive(), m.span());
        }
        if (leaf instanceof Compare c && c.op() == Compare.Op.EQ && c.right() instanceof Literal lit && lit.value() instanceof String v) {
            return new Match(Match.Kind.LIKE, line, List.of(Literal.ofString("*" + v + "*", lit.span())), false, c.span());
        }
        if (leaf instanceof In in) {
            List<Literal> ps = new ArrayList<>();
            for (Expr v : in.values()) {
                if (!(v instanceof Literal lit) || !(lit.value() instanceof String s)) return null;
                ps.add(Literal.ofString("*" + s + "*", lit.span()));
            }
            return new Match(Match.Kind.LIKE, line, ps, in.caseInsensitive(), in.span());
        }
        if (leaf instanceof dev.ruleport.ir.Call c && isStringFunction(c)) {
            Literal lit = (Literal) c.args().get(1);
            return new Match(Match.Kind.LIKE, line, List.of(Literal.ofString("*" + lit.value() + "*", lit.span())),
                    c.caseInsensitive(), c.span());
        }
        return null;
    }

    /** The field a string test is about: the subject of {@code ==} (field on the left), {@code :}, {@code like}, {@code in}. */
    private static FieldRef subjectField(Expr leaf) {
        if (leaf instanceof Compare c && c.left() instanceof FieldRef f && c.right() instanceof Literal) return f;
        if (leaf instanceof Match m && m.subject() instanceof FieldRef f) return f;
        if (leaf instanceof In in && in.subject() instanceof FieldRef f) return f;
        return null;
    }

    // ------------------------------------------------------------------ sequences

    private LoweredSequence sequence(SequenceQuery q) {
        List<SequenceTerm> written = new ArrayList<>(q.terms());
        if (q.until() != null) written.add(q.until());
        List<LoweredFilter> filters = new ArrayList<>();
        List<List<JoinKey>> keys = new ArrayList<>();
        for (SequenceTerm t : written) {
            int findingsBefore = findings.size();
            java.util.Set<String> equivalencesBefore = new java.util.LinkedHashSet<>(equivalences);
            LoweredFilter f = filter(t.filter());
            // A key the target writes as a text standing for a missing field (IpAddress "-"): EQL joins only events
            // whose (non-optional) key is present, so each stage may require it; the stage then never holds the text
            // and the column groups by the value alone. The stage is lowered again with that conjunct.
            List<Expr> present = new ArrayList<>();
            for (Expr k : q.joinKeys(t)) {
                if (k instanceof FieldRef ref && !ref.optional() && classify(k, f).kind() == JoinKey.Kind.RENDERED
                        && f.selection().logsource().rendering(ref.name()).map(dev.ruleport.mapping.ValueRendering::missingOnly).orElse(false)) {
                    present.add(new Compare(Compare.Op.NE, ref, new Literal(null, ref.span()), ref.span()));
                }
            }
            if (!present.isEmpty()) {
                findings.subList(findingsBefore, findings.size()).clear();
                equivalences.retainAll(equivalencesBefore);
                List<Expr> all = new ArrayList<>();
                all.add(t.filter().condition());
                all.addAll(present);
                f = filter(new Filter(t.filter().category(), new dev.ruleport.ir.And(all, t.filter().span()), t.filter().span()));
            }
            filters.add(f);
            List<JoinKey> ks = new ArrayList<>();
            for (Expr k : q.joinKeys(t)) {
                JoinKey jk = classify(k, f);
                if (jk.kind() == JoinKey.Kind.RENDERED && present.stream().anyMatch(c -> ((Compare) c).left().equals(k))) {
                    jk = new JoinKey(jk.expr(), jk.field(), jk.mapping(), JoinKey.Kind.SINGLE);
                }
                ks.add(jk);
            }
            keys.add(ks);
        }
        // keys match by position: a position any term cannot join on is dropped from every term
        int width = keys.isEmpty() ? 0 : keys.get(0).size();
        List<Integer> kept = new ArrayList<>();
        for (int p = 0; p < width; p++) {
            boolean ok = true;
            for (int t = 0; t < written.size(); t++) {
                JoinKey k = keys.get(t).get(p);
                if (k.kind() == JoinKey.Kind.SINGLE || k.kind() == JoinKey.Kind.MULTI_VALUED) continue;
                ok = false;
                if (filters.get(t).selection() == null) continue; // that term is refused already
                findings.add(Finding.broader(k.expr().span(), Reason.JOIN_KEY, brief(k.expr()), keyProblem(k, filters.get(t))
                        + "; the sequence is joined without this key, which matches more"));
            }
            if (ok) kept.add(p);
        }
        List<LoweredTerm> terms = new ArrayList<>();
        for (int t = 0; t < written.size(); t++) {
            List<JoinKey> ks = new ArrayList<>();
            for (int p : kept) {
                JoinKey k = keys.get(t).get(p);
                ks.add(k);
                // a key that stands for the field only under a stated identity makes the translation equivalent
                if (k.mapping().equivalence() != null) equivalences.add(k.mapping().equivalence());
            }
            terms.add(new LoweredTerm(written.get(t), filters.get(t), ks));
        }
        LoweredTerm until = q.until() == null ? null : terms.remove(terms.size() - 1);
        return new LoweredSequence(q, terms, until, q.maxspan());
    }

    private static JoinKey classify(Expr key, LoweredFilter f) {
        if (!(key instanceof FieldRef ref)) return new JoinKey(key, null, null, JoinKey.Kind.NOT_A_FIELD);
        Optional<FieldMapping> m = f.lookup(ref.name());
        if (m.isEmpty() && f.selection() != null) m = f.selection().logsource().joinKey(ref.name());
        if (m.isEmpty()) return new JoinKey(key, ref, null, JoinKey.Kind.UNMAPPED);
        FieldMapping fm = m.get();
        JoinKey.Kind kind = fm.transform() != ValueTransform.NONE ? JoinKey.Kind.DERIVED
                : !fm.fidelity().isExact() ? JoinKey.Kind.INEXACT
                : f.selection() != null && f.selection().logsource().rendering(ref.name()).isPresent() ? JoinKey.Kind.RENDERED
                : fm.multiValued() ? JoinKey.Kind.MULTI_VALUED : JoinKey.Kind.SINGLE;
        return new JoinKey(key, ref, fm, kind);
    }

    private static String keyProblem(JoinKey k, LoweredFilter f) {
        return switch (k.kind()) {
            case NOT_A_FIELD -> "join key " + brief(k.expr()) + " is not a field";
            case UNMAPPED -> "join key: " + f.selection().logsource().explainUnmapped(k.ecsName());
            case DERIVED -> "join key " + k.ecsName() + " is only part of " + k.column() + " in " + f.logsourceId()
                    + " (" + k.mapping().transform().name().toLowerCase(java.util.Locale.ROOT) + ")";
            case RENDERED -> "join key " + k.ecsName() + " is written in " + k.column() + " in " + f.logsourceId()
                    + "'s own forms (a value rendering), which another stage's source may not share";
            case INEXACT -> "join key " + k.ecsName() + " maps to " + k.column() + ", which is "
                    + k.mapping().fidelity().label() + (k.mapping().note() == null ? "" : " (" + k.mapping().note() + ")");
            default -> throw new IllegalStateException(k.kind().toString());
        };
    }

    /** The EQL text of a construct for messages, shortened when long. */
    static String brief(Expr e) {
        String text = EqlPrinter.print(e);
        return text.length() <= 160 ? text : text.substring(0, 150) + " …";
    }

    /** For backends: the EQL text of a construct, shortened for messages. */
    public static String text(Expr e) { return brief(e); }

    static Span spanOf(Expr e) { return e.span(); }
}
