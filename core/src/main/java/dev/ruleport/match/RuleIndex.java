package dev.ruleport.match;

import dev.ruleport.compile.CompiledRule;
import dev.ruleport.ir.And;
import dev.ruleport.ir.Compare;
import dev.ruleport.ir.EventQuery;
import dev.ruleport.ir.Expr;
import dev.ruleport.ir.FieldRef;
import dev.ruleport.ir.Filter;
import dev.ruleport.ir.In;
import dev.ruleport.ir.Literal;
import dev.ruleport.ir.Match;
import dev.ruleport.ir.Or;
import dev.ruleport.ir.SampleQuery;
import dev.ruleport.ir.SampleTerm;
import dev.ruleport.ir.SequenceQuery;
import dev.ruleport.ir.SequenceTerm;
import dev.ruleport.runtime.CaseFold;
import dev.ruleport.runtime.EventFields;
import dev.ruleport.runtime.FieldAccessor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which rules an event can concern at all, decided from a few field values before any rule runs.
 *
 * <p>Each rule gets a <em>guard</em> where its query has one: a necessary condition read off a top-level conjunct of
 * its filter (of every stage's filter, for sequences and samples), of the form "some value of field F is a string
 * whose case-folded form is one of S" (or, for wildcard patterns, "contains one of S"). Conjuncts that give one: the
 * category test, {@code ==} with a string, {@code in} strings, {@code :} and {@code like} with string patterns (without
 * wildcards: the folded pattern; with them: each pattern's longest literal run, folded), and an {@code or} of such
 * conjuncts; a pattern under {@code not} gives none. Folding makes the condition hold for case-sensitive and
 * case-insensitive tests alike, and an event with a value of the field that is not a string passes every guard on that
 * field (coercions are left to the rule), so a guard never rejects an event its rule would match: it only spares the
 * rule the events it cannot match.
 *
 * <p>Immutable and thread-safe; {@link #candidates} writes into the caller's bit set.
 */
final class RuleIndex {
    /** Fields most events of a category share: a guard on them is taken only when a rule offers no other. */
    private static final Set<String> COMMON = Set.of("event.category", "event.type", "event.action", "event.outcome",
            "event.kind", "event.module", "event.dataset", "data_stream.dataset", "host.os.type", "host.os.family",
            "host.os.name", "event.provider", "agent.type", "event.code");

    /** Of {@link #COMMON}, fields that nearly every event of a host shares whatever its category: the last resort. */
    private static final Set<String> EVERYWHERE = Set.of("host.os.type", "host.os.family", "host.os.name", "agent.type",
            "event.kind");

    /** The field the rules compare as a date ({@code FieldTypes.withTimestampField}), whatever the events hold. */
    private static final String TIMESTAMP = "@timestamp";

    /** A necessary condition: some value of one of {@code terms}' fields, folded, is in that term's set. */
    record Guard(List<Term> terms) {}

    /**
     * Some value of {@code field}, folded, is one of {@code folded}; or, when {@code contains}, contains one of them (a
     * literal run every value a wildcard pattern matches has).
     */
    record Term(List<String> field, Set<String> folded, boolean contains) {
        Term(List<String> field, Set<String> folded) { this(field, folded, false); }
    }

    /** Literal runs shorter than this guard next to nothing and cost a search per event: such a pattern gives no term. */
    private static final int MIN_RUN = 3;

    private final int words;
    private final FieldAccessor categoryField = FieldAccessor.of(List.of("event", "category"));
    private final Part any;                        // rules of any category, or of a category field other than event.category
    private final FoldedTable<Part> byCategory;    // folded category -> its rules
    private final Part[] parts;

    /**
     * {@code guards.get(i)}: rule i's guard or null; {@code categories.get(i)}: the {@code event.category} value rule i
     * needs (its {@code category where}), or null.
     */
    RuleIndex(List<Guard> guards, List<String> categories) {
        int n = guards.size();
        words = Math.max(1, (n + 63) >>> 6);
        Map<String, List<Integer>> members = new LinkedHashMap<>();
        List<Integer> anyMembers = new ArrayList<>();
        for (int rule = 0; rule < n; rule++) {
            String c = categories.get(rule);
            if (c == null) anyMembers.add(rule);
            else members.computeIfAbsent(CaseFold.fold(c), k -> new ArrayList<>()).add(rule);
        }
        any = new Part(guards, anyMembers, words);
        Map<String, Part> categoryParts = new LinkedHashMap<>();
        for (Map.Entry<String, List<Integer>> e : members.entrySet()) categoryParts.put(e.getKey(), new Part(guards, e.getValue(), words));
        byCategory = new FoldedTable<>(categoryParts);
        parts = categoryParts.values().toArray(new Part[0]);
    }

    /** The rules of one category: the unguarded ones, and the guarded ones by field and value. */
    private static final class Part {
        private final long[] unguarded;
        private final FieldAccessor[] fields;
        private final FoldedTable<long[]>[] byValue;   // per field: folded value -> the rules it lets through
        private final RunTable[] runs;                 // per field: folded literal runs some value must contain, and their rules
        private final long[][] onField;                // per field: every rule guarded on it

        @SuppressWarnings("unchecked")
        Part(List<Guard> guards, List<Integer> rules, int words) {
            unguarded = new long[words];
            Map<List<String>, Integer> fieldIds = new LinkedHashMap<>();
            List<Map<String, long[]>> values = new ArrayList<>();
            List<Map<String, long[]>> contained = new ArrayList<>();
            List<long[]> all = new ArrayList<>();
            for (int rule : rules) {
                Guard g = guards.get(rule);
                if (g == null) {
                    set(unguarded, rule);
                    continue;
                }
                for (Term t : g.terms()) {
                    Integer id = fieldIds.get(t.field());
                    if (id == null) {
                        id = fieldIds.size();
                        fieldIds.put(t.field(), id);
                        values.add(new LinkedHashMap<>());
                        contained.add(new LinkedHashMap<>());
                        all.add(new long[words]);
                    }
                    set(all.get(id), rule);
                    Map<String, long[]> into = (t.contains() ? contained : values).get(id);
                    for (String v : t.folded()) set(into.computeIfAbsent(v, k -> new long[words]), rule);
                }
            }
            fields = new FieldAccessor[fieldIds.size()];
            for (Map.Entry<List<String>, Integer> e : fieldIds.entrySet()) fields[e.getValue()] = FieldAccessor.of(e.getKey());
            byValue = new FoldedTable[values.size()];
            runs = new RunTable[contained.size()];
            for (int f = 0; f < runs.length; f++) {
                byValue[f] = new FoldedTable<>(values.get(f));
                runs[f] = new RunTable(new ArrayList<>(contained.get(f).keySet()), new ArrayList<>(contained.get(f).values()));
            }
            onField = all.toArray(new long[0][]);
        }

        void addTo(EventFields event, long[] bits, FoldedTable.Buffer buffer) {
            or(bits, unguarded);
            for (int f = 0; f < fields.length; f++) {
                List<Object> vs = event.values(fields[f]);
                for (int i = 0, n = vs.size(); i < n; i++) {
                    Object v = vs.get(i);
                    if (v instanceof String s) {
                        // folded once into the thread's buffer for the look-up and every run
                        char[] folded = buffer.fold(s);
                        int length = s.length();
                        long[] rules = byValue[f].get(folded, length);
                        if (rules != null) or(bits, rules);
                        runs[f].addTo(folded, length, bits);
                    } else if (v != null) {
                        or(bits, onField[f]);
                    }
                }
            }
        }
    }

    /** A bit set sized for {@link #candidates}. */
    long[] newBits() { return new long[words]; }

    /**
     * Sets in {@code bits} (cleared first) every rule of the event's categories (and of any category) whose guard the
     * event passes or that has none. A category value that is not a string lets every category's rules through.
     */
    void candidates(EventFields event, long[] bits) {
        candidates(event, bits, new FoldedTable.Buffer());
    }

    /** As {@link #candidates(EventFields, long[])}, folding values into the calling thread's {@code buffer}. */
    void candidates(EventFields event, long[] bits, FoldedTable.Buffer buffer) {
        java.util.Arrays.fill(bits, 0L);
        any.addTo(event, bits, buffer);
        if (parts.length == 0) return;
        List<Object> categories = event.values(categoryField);
        for (int i = 0; i < categories.size(); i++) {
            Object c = categories.get(i);
            if (c instanceof String s) {
                Part p = byCategory.get(s, buffer);
                if (p != null && categories.indexOf(c) == i) p.addTo(event, bits, buffer); // a repeated value adds nothing
            } else if (c != null) {
                for (Part p : parts) p.addTo(event, bits, buffer);
                return;
            }
        }
    }

    static boolean has(long[] bits, int rule) { return (bits[rule >>> 6] & (1L << rule)) != 0; }

    private static void set(long[] bits, int rule) { bits[rule >>> 6] |= 1L << rule; }

    static boolean covers(long[] bits, long[] rules) {
        for (int i = 0; i < bits.length; i++) {
            if ((rules[i] & ~bits[i]) != 0) return false;
        }
        return true;
    }

    static void or(long[] into, long[] from) {
        for (int i = 0; i < into.length; i++) into[i] |= from[i];
    }

    // ---- guards from the IR ---------------------------------------------------------------------

    /** The rule's guard, or null when no conjunct of (one of) its filters gives one. */
    /** The {@code event.category} value the rule needs, or null: an event query of a category, on that field. */
    static String category(CompiledRule rule) {
        if (rule.query() instanceof EventQuery q && !q.filter().category().isAny()
                && "event.category".equals(rule.rule().categoryField())) {
            return q.filter().category().name();
        }
        return null;
    }

    static Guard guard(CompiledRule rule) {
        String categoryField = rule.rule().categoryField();
        List<Filter> filters = new ArrayList<>();
        if (rule.query() instanceof EventQuery q) {
            filters.add(q.filter());
        } else if (rule.query() instanceof SequenceQuery q) {
            for (SequenceTerm t : q.terms()) filters.add(t.filter());
            if (q.until() != null) filters.add(q.until().filter());
        } else if (rule.query() instanceof SampleQuery q) {
            for (SampleTerm t : q.terms()) filters.add(t.filter());
        } else {
            return null;
        }
        List<Term> terms = new ArrayList<>();
        for (Filter f : filters) {
            Guard g = filterGuard(f, categoryField);
            if (g == null) return null;
            terms.addAll(g.terms());
        }
        return terms.isEmpty() ? null : new Guard(List.copyOf(terms));
    }

    /** The guard of one stage's filter (as {@link #guard} reads each), or null. */
    static Guard stageGuard(Filter filter, String categoryField) {
        return filterGuard(filter, categoryField);
    }

    private static Guard filterGuard(Filter filter, String categoryField) {
        Expr condition = filter.fullCondition(categoryField);
        return best(condition instanceof And a ? a.operands() : List.of(condition));
    }

    /** Of the guards the conjuncts give, the one on the rarest fields (the first of equals), or null. */
    private static Guard best(List<Expr> conjuncts) {
        Guard best = null;
        int bestRank = Integer.MAX_VALUE;
        for (Expr c : conjuncts) {
            Guard g = conjunctGuard(c);
            if (g == null) continue;
            int rank = rank(g);
            if (rank < bestRank) {
                best = g;
                bestRank = rank;
            }
        }
        return best;
    }

    /**
     * By field: 0 every term on a field of its own, 1 some term on a field most events of a category share, 2 on one
     * nearly all events share; doubled, plus one when some term is a substring test (slower than a look-up, and a
     * run like ".exe" lets more through than a name), so a look-up wins on fields of the same kind.
     */
    private static int rank(Guard g) {
        int rank = 0;
        boolean contains = false;
        for (Term t : g.terms()) {
            String field = String.join(".", t.field());
            rank = Math.max(rank, EVERYWHERE.contains(field) ? 2 : COMMON.contains(field) ? 1 : 0);
            contains |= t.contains();
        }
        return 2 * rank + (contains ? 1 : 0);
    }

    private static Guard conjunctGuard(Expr e) {
        if (e instanceof And a) return best(a.operands());
        if (e instanceof Or o) {
            List<Term> terms = new ArrayList<>();
            for (Expr op : o.operands()) {
                Guard g = conjunctGuard(op);
                if (g == null) return null;
                terms.addAll(g.terms());
            }
            return new Guard(terms);
        }
        Term t = term(e);
        return t == null ? null : new Guard(List.of(t));
    }

    private static Term term(Expr e) {
        if (e instanceof Compare c && c.op() == Compare.Op.EQ) {
            if (c.left() instanceof FieldRef f && c.right() instanceof Literal l) return term(f, List.of(l), false);
            if (c.right() instanceof FieldRef f && c.left() instanceof Literal l) return term(f, List.of(l), false);
            return null;
        }
        if (e instanceof In in && in.subject() instanceof FieldRef f) {
            List<Literal> literals = new ArrayList<>();
            for (Expr v : in.values()) {
                if (!(v instanceof Literal l)) return null;
                literals.add(l);
            }
            return term(f, literals, false);
        }
        if (e instanceof Match m && m.kind() != Match.Kind.REGEX && m.subject() instanceof FieldRef f) {
            Term exact = term(f, m.patterns(), true);
            return exact != null ? exact : runTerm(f, m.patterns());
        }
        return null;
    }

    /**
     * For wildcard patterns: every value a pattern matches contains, case-folded, the pattern's longest literal run
     * (between {@code *} and {@code ?}) folded, whether the match folds case or not; so the values of the field must
     * contain one pattern's run. Null when some pattern has no run of {@link #MIN_RUN} characters.
     */
    private static Term runTerm(FieldRef field, List<Literal> patterns) {
        List<String> segments = plainPath(field, patterns);
        if (segments == null) return null;
        Set<String> runs = new LinkedHashSet<>();
        for (Literal l : patterns) {
            String longest = "";
            for (String run : ((String) l.value()).split("[*?]")) {
                if (run.length() > longest.length()) longest = run;
            }
            if (longest.length() < MIN_RUN) return null;
            runs.add(CaseFold.fold(longest));
        }
        return new Term(List.copyOf(segments), Set.copyOf(runs), true);
    }

    /** The field's path when it can guard and every literal is a string, else null. */
    private static List<String> plainPath(FieldRef field, List<Literal> literals) {
        List<String> segments = field.path().segments();
        if (literals.isEmpty() || FieldAccessor.problem(segments) != null) return null;
        // the timestamp field is a date: "2020-01-01T00:00:00Z" equals "2020-01-01T00:00:00.000Z" there, so a string
        // test on it is no guard
        if (TIMESTAMP.equals(field.name())) return null;
        for (String s : segments) {
            if (dev.ruleport.ir.FieldPath.isIndex(s)) return null;
        }
        for (Literal l : literals) {
            if (!(l.value() instanceof String)) return null;
        }
        return segments;
    }

    /** A term when every literal is a string (and, for patterns, has no wildcard) and the field has a plain path. */
    private static Term term(FieldRef field, List<Literal> literals, boolean pattern) {
        List<String> segments = plainPath(field, literals);
        if (segments == null) return null;
        Set<String> folded = new LinkedHashSet<>();
        for (Literal l : literals) {
            String s = (String) l.value();
            if (pattern && (s.indexOf('*') >= 0 || s.indexOf('?') >= 0)) return null;
            folded.add(CaseFold.fold(s));
        }
        return new Term(List.copyOf(segments), Set.copyOf(folded));
    }
}
