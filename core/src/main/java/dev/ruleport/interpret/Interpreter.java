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
import dev.ruleport.runtime.matcher.Eval;
import dev.ruleport.runtime.matcher.OrderedEvent;
import dev.ruleport.runtime.matcher.RunOptions;
import dev.ruleport.runtime.matcher.Runs;
import dev.ruleport.runtime.seq.KeyExtractor;
import dev.ruleport.runtime.seq.Pipe;
import dev.ruleport.runtime.seq.SampleSpec;
import dev.ruleport.runtime.seq.SequenceSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The executable definition of what an EQL query means: every backend is tested against it.
 * Compile once ({@link #compile}), then {@link #run} over any number of event lists; instances are
 * immutable and thread-safe.
 */
public final class Interpreter {

    private final Query query;
    private final InterpreterOptions options;
    private final ExprCompiler.Cond single;                 // event queries
    private final SequenceSpec<OrderedEvent> sequence;      // sequences
    private final SampleSpec<Event> sample;                 // samples
    private final List<Pipe> pipes;
    private final RunOptions runOptions;                    // order and size, as generated matchers run

    private Interpreter(Query query, InterpreterOptions options, ExprCompiler.Cond single,
                        SequenceSpec<OrderedEvent> sequence, SampleSpec<Event> sample) {
        this.query = query;
        this.options = options;
        this.single = single;
        this.sequence = sequence;
        this.sample = sample;
        List<Pipe> ps = new ArrayList<>();
        for (dev.ruleport.ir.Pipe p : query.pipes()) {
            ps.add(p.kind() == dev.ruleport.ir.Pipe.Kind.HEAD ? Pipe.head(p.count()) : Pipe.tail(p.count()));
        }
        this.pipes = List.copyOf(ps);
        this.runOptions = runOptions(options);
    }

    /** The interpreter's options as the runtime's: timestamp and tiebreaker read at their alias targets. */
    private static RunOptions runOptions(InterpreterOptions options) {
        FieldTypes types = options.fieldTypes();
        return RunOptions.defaults()
                .withTimestamp(types.resolvePath(options.timestampField()), options.timestampFormat().timeFormat())
                .withTiebreaker(options.tiebreakerField() == null ? null : types.resolvePath(options.tiebreakerField()))
                .withSize(options.size())
                .withMaxSamplesPerKey(options.maxSamplesPerKey());
    }

    /**
     * Compiles {@code query}; problems found only now (unknown fields under a mapping, invalid regex
     * or CIDR literals) are reported against {@code source}.
     */
    public static Interpreter compile(Query query, SourceText source, InterpreterOptions options) {
        List<ExprCompiler.Problem> problems = new ArrayList<>();
        // the timestamp field is a date (FieldTypes.withTimestampField); Windows FILETIME ticks are no
        // Elasticsearch date format, so with that format its values compare as the numbers they are
        FieldTypes types = options.timestampFormat() == Timestamps.Format.FILETIME ? options.fieldTypes()
                : options.fieldTypes().withTimestampField(options.timestampField());
        ExprCompiler exprs = new ExprCompiler(types, problems);
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

    /** For a sequence query, its engine input (filters, keys, maxspan), to run over a stream; else null. */
    public SequenceSpec<OrderedEvent> sequenceSpec() { return sequence; }

    /** For a sample query, its engine input, to run over a stream; else null. */
    public SampleSpec<Event> sampleSpec() { return sample; }

    /** The query's {@code head}/{@code tail} pipes. */
    public List<Pipe> pipes() { return pipes; }

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
        if (single != null) return Runs.events(single::test, pipes, events, runOptions);
        if (sequence != null) return Runs.sequences(sequence, pipes, events, runOptions);
        return Runs.samples(sample, pipes, events, runOptions);
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
            if (f.category().isAny()) return condition;
            ExprCompiler.Cond category = exprs.cond(f.categoryTest(options.categoryField()));
            return e -> category.test(e) && condition.test(e);
        }

        KeyExtractor<Event> keys(List<Expr> keyExprs) {
            if (keyExprs.isEmpty()) return KeyExtractor.none();
            ExprCompiler.ValuesFn[] fns = new ExprCompiler.ValuesFn[keyExprs.size()];
            boolean[] nullAllowed = new boolean[keyExprs.size()];
            for (int i = 0; i < keyExprs.size(); i++) {
                Expr k = keyExprs.get(i);
                fns[i] = exprs.values(k);
                nullAllowed[i] = k instanceof FieldRef f && f.optional();
            }
            return e -> {
                @SuppressWarnings("unchecked")
                List<Object>[] perKey = new List[fns.length];
                for (int i = 0; i < fns.length; i++) perKey[i] = fns[i].of(e);
                return Eval.keyTuples(nullAllowed, perKey);
            };
        }

        private static KeyExtractor<OrderedEvent> ordered(KeyExtractor<Event> k) {
            return p -> k.keys(p.event());
        }

        SequenceSpec<OrderedEvent> sequence(SequenceQuery q) {
            SequenceSpec.Builder<OrderedEvent> b = SequenceSpec.builder(OrderedEvent::ordinal);
            for (SequenceTerm t : q.terms()) {
                ExprCompiler.Cond cond = filter(t.filter());
                KeyExtractor<OrderedEvent> k = ordered(keys(q.joinKeys(t)));
                if (t.missing()) b.missing(p -> cond.test(p.event()), k, t.runs());
                else b.stage(p -> cond.test(p.event()), k, t.runs());
            }
            if (q.until() != null) {
                ExprCompiler.Cond cond = filter(q.until().filter());
                b.until(p -> cond.test(p.event()), ordered(keys(q.joinKeys(q.until()))));
            }
            if (q.maxspan() != null) b.maxSpanMillis(q.maxspan().millis());
            // Elasticsearch lists sequences in the order they complete (conformance case
            // sequenceWithMoreThan10Results: [16, 60, 66] follows [59, 61, 65] although 16 is older)
            b.emitInCompletionOrder();
            return b.build();
        }

        SampleSpec<Event> sample(SampleQuery q) {
            SampleSpec.Builder<Event> b = SampleSpec.builder();
            for (SampleTerm t : q.terms()) {
                ExprCompiler.Cond cond = filter(t.filter());
                b.filter(cond::test, keys(q.joinKeys(t)));
            }
            b.maxSamplesPerKey(Math.max(1, options.maxSamplesPerKey()));
            if (options.size() > 0) b.size(options.size());
            return b.build();
        }
    }
}
