package dev.ruleport.interpret;

import dev.ruleport.diag.CompileException;
import dev.ruleport.diag.Diagnostic;
import dev.ruleport.diag.Severity;
import dev.ruleport.diag.SourceText;
import dev.ruleport.ir.Category;
import dev.ruleport.ir.EventQuery;
import dev.ruleport.ir.Expr;
import dev.ruleport.ir.FieldRef;
import dev.ruleport.ir.Filter;
import dev.ruleport.ir.Query;
import dev.ruleport.ir.QueryVisitor;
import dev.ruleport.ir.SampleQuery;
import dev.ruleport.ir.SampleTerm;
import dev.ruleport.ir.SequenceQuery;
import dev.ruleport.ir.SequenceTerm;
import dev.ruleport.runtime.Event;
import dev.ruleport.runtime.FieldAccessor;
import dev.ruleport.runtime.seq.JoinKeys;
import dev.ruleport.runtime.seq.KeyExtractor;
import dev.ruleport.runtime.seq.Ordering;
import dev.ruleport.runtime.seq.Ordinal;
import dev.ruleport.runtime.seq.Pipe;
import dev.ruleport.runtime.seq.Pipes;
import dev.ruleport.runtime.seq.Sample;
import dev.ruleport.runtime.seq.SampleMatcher;
import dev.ruleport.runtime.seq.SampleSpec;
import dev.ruleport.runtime.seq.SequenceMatch;
import dev.ruleport.runtime.seq.SequenceMatcher;
import dev.ruleport.runtime.seq.SequenceSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The executable definition of what an EQL query means: every backend is tested against it.
 * Compile once ({@link #compile}), then {@link #run} over any number of event lists; instances are
 * immutable and thread-safe.
 */
public final class Interpreter {

    /** An event with its position in the default order. */
    record Positioned(Event event, Ordinal ordinal) {}

    private final Query query;
    private final InterpreterOptions options;
    private final ExprCompiler.Cond single;                 // event queries
    private final SequenceSpec<Positioned> sequence;        // sequences
    private final SampleSpec<Positioned> sample;            // samples
    private final FieldAccessor timestamp;
    private final FieldAccessor tiebreaker;

    private Interpreter(Query query, InterpreterOptions options, ExprCompiler.Cond single,
                        SequenceSpec<Positioned> sequence, SampleSpec<Positioned> sample) {
        this.query = query;
        this.options = options;
        this.single = single;
        this.sequence = sequence;
        this.sample = sample;
        this.timestamp = FieldAccessor.of(options.fieldTypes().resolvePath(options.timestampField()));
        this.tiebreaker = options.tiebreakerField() == null ? null
                : FieldAccessor.of(options.fieldTypes().resolvePath(options.tiebreakerField()));
    }

    /**
     * Compiles {@code query}; problems found only now (unknown fields under a mapping, invalid regex
     * or CIDR literals) are reported against {@code source}.
     */
    public static Interpreter compile(Query query, SourceText source, InterpreterOptions options) {
        List<ExprCompiler.Problem> problems = new ArrayList<>();
        ExprCompiler exprs = new ExprCompiler(options.fieldTypes(), problems);
        Builder b = new Builder(exprs, options);
        Interpreter interpreter = query.accept(new QueryVisitor<Interpreter>() {
            @Override public Interpreter visitEvent(EventQuery q) {
                return new Interpreter(query, options, b.filter(q.filter()), null, null);
            }

            @Override public Interpreter visitSequence(SequenceQuery q) {
                return new Interpreter(query, options, null, b.sequence(q), null);
            }

            @Override public Interpreter visitSample(SampleQuery q) {
                return new Interpreter(query, options, null, null, b.sample(q));
            }
        });
        if (!problems.isEmpty()) {
            List<Diagnostic> diags = new ArrayList<>();
            // a key or filter compiled for several stages reports the same problem once
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (ExprCompiler.Problem p : problems) if (seen.add(p.span() + p.message())) diags.add(Diagnostic.at(Severity.ERROR, source, p.span(), p.code(), p.message()));
            throw new CompileException(diags);
        }
        return interpreter;
    }

    public static Interpreter compile(Query query, InterpreterOptions options) {
        return compile(query, SourceText.of("<query>", ""), options);
    }

    public Query query() { return query; }

    /** For an event query: does this one event match? */
    public boolean matches(Event e) {
        if (single == null) throw new IllegalStateException("not an event query: use run()");
        return single.test(e);
    }

    /**
     * Runs the query over {@code events} (any order: they are sorted by timestamp, then tiebreaker, then
     * input position) and returns the matches in result order, each a list of events in stage order
     * ({@code null} for a missing-event stage). Pipes and the size limit apply.
     */
    public List<List<Event>> run(List<Event> events) {
        List<Positioned> positioned = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) positioned.add(new Positioned(events.get(i), ordinal(events.get(i), i)));
        List<Pipe> pipes = new ArrayList<>();
        for (dev.ruleport.ir.Pipe p : query.pipes()) {
            pipes.add(p.kind() == dev.ruleport.ir.Pipe.Kind.HEAD ? Pipe.head(p.count()) : Pipe.tail(p.count()));
        }
        int size = options.size() > 0 ? options.size() : Pipes.NO_SIZE;
        List<List<Event>> results = new ArrayList<>();
        if (single != null) {
            for (Positioned p : Ordering.sortByOrdinal(positioned, Positioned::ordinal)) {
                if (single.test(p.event())) results.add(java.util.Collections.singletonList(p.event()));
            }
        } else if (sequence != null) {
            List<Positioned> ordered = new ArrayList<>();
            for (Positioned p : Ordering.sortByOrdinal(positioned, Positioned::ordinal)) {
                // a sequence needs time: events without a readable timestamp take no part
                if (p.ordinal().timestamp() != Long.MIN_VALUE) ordered.add(p);
            }
            for (SequenceMatch<Positioned> m : SequenceMatcher.run(sequence, ordered)) results.add(unwrap(m.events()));
        } else {
            for (Sample<Positioned> s : SampleMatcher.run(sample, positioned)) results.add(unwrap(s.events()));
        }
        return Pipes.apply(results, pipes, size);
    }

    private static List<Event> unwrap(List<Positioned> ps) {
        List<Event> out = new ArrayList<>(ps.size());
        for (Positioned p : ps) out.add(p == null ? null : p.event());
        return out;
    }

    private Ordinal ordinal(Event e, int position) {
        Long ts = Timestamps.toMillis(timestamp.first(e), options.timestampFormat());
        Comparable<?> tb = null;
        if (tiebreaker != null && tiebreaker.first(e) instanceof Comparable<?> c) tb = normalize(c);
        return Ordinal.of(ts == null ? Long.MIN_VALUE : ts, tb, position);
    }

    private static Comparable<?> normalize(Comparable<?> c) {
        if (c instanceof Integer i) return i.longValue();
        return c;
    }

    /** Turns filters and keys into the runtime engines' inputs. */
    private static final class Builder {
        private final ExprCompiler exprs;
        private final InterpreterOptions options;

        Builder(ExprCompiler exprs, InterpreterOptions options) {
            this.exprs = exprs;
            this.options = options;
        }

        ExprCompiler.Cond filter(Filter f) {
            ExprCompiler.Cond condition = exprs.cond(f.condition());
            Category c = f.category();
            if (c.isAny()) return condition;
            // `process where` means `<category field> == "process"`: exact, case-sensitive, any value of an array
            ExprCompiler.Cond category = exprs.cond(new dev.ruleport.ir.Compare(dev.ruleport.ir.Compare.Op.EQ,
                    new FieldRef(dev.ruleport.ir.FieldPath.parse(options.categoryField()), false,
                            dev.ruleport.diag.Span.synthetic("category of `" + c.name() + " where`")),
                    new dev.ruleport.ir.Literal(c.name(), c.span()), c.span()));
            return e -> category.test(e) && condition.test(e);
        }

        KeyExtractor<Positioned> keys(List<Expr> keyExprs) {
            if (keyExprs.isEmpty()) return KeyExtractor.none();
            List<ExprCompiler.ValuesFn> fns = new ArrayList<>();
            boolean[] nullAllowed = new boolean[keyExprs.size()];
            for (int i = 0; i < keyExprs.size(); i++) {
                Expr k = keyExprs.get(i);
                fns.add(exprs.values(k));
                nullAllowed[i] = k instanceof FieldRef f && f.optional();
            }
            return p -> {
                List<List<Object>> perKey = new ArrayList<>(fns.size());
                for (ExprCompiler.ValuesFn fn : fns) {
                    List<Object> vs = new ArrayList<>();
                    for (Object v : fn.of(p.event())) vs.add(keyValue(v));
                    perKey.add(vs);
                }
                return JoinKeys.fanOut(perKey, nullAllowed);
            };
        }

        /** Join keys compare with equals: integral numbers are all Long, other values as they are. */
        private static Object keyValue(Object v) {
            if (v instanceof Integer || v instanceof Short || v instanceof Byte) return ((Number) v).longValue();
            return v;
        }

        SequenceSpec<Positioned> sequence(SequenceQuery q) {
            SequenceSpec.Builder<Positioned> b = SequenceSpec.builder(Positioned::ordinal);
            for (SequenceTerm t : q.terms()) {
                ExprCompiler.Cond cond = filter(t.filter());
                KeyExtractor<Positioned> k = keys(q.joinKeys(t));
                if (t.missing()) b.missing(p -> cond.test(p.event()), k, t.runs());
                else b.stage(p -> cond.test(p.event()), k, t.runs());
            }
            if (q.until() != null) {
                ExprCompiler.Cond cond = filter(q.until().filter());
                b.until(p -> cond.test(p.event()), keys(q.joinKeys(q.until())));
            }
            if (q.maxspan() != null) b.maxSpanMillis(q.maxspan().millis());
            // Elasticsearch lists sequences in the order they complete (conformance case
            // sequenceWithMoreThan10Results: [16, 60, 66] follows [59, 61, 65] although 16 is older)
            b.emitInCompletionOrder();
            return b.build();
        }

        SampleSpec<Positioned> sample(SampleQuery q) {
            SampleSpec.Builder<Positioned> b = SampleSpec.builder();
            for (SampleTerm t : q.terms()) {
                ExprCompiler.Cond cond = filter(t.filter());
                b.filter(p -> cond.test(p.event()), keys(q.joinKeys(t)));
            }
            b.maxSamplesPerKey(Math.max(1, options.maxSamplesPerKey()));
            if (options.size() > 0) b.size(options.size());
            return b.build();
        }
    }
}
