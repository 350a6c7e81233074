package dev.ruleport.parse;

import dev.ruleport.diag.Span;
import dev.ruleport.ir.And;
import dev.ruleport.ir.Arithmetic;
import dev.ruleport.ir.Call;
import dev.ruleport.ir.Category;
import dev.ruleport.ir.Compare;
import dev.ruleport.ir.EventQuery;
import dev.ruleport.ir.Expr;
import dev.ruleport.ir.FieldPath;
import dev.ruleport.ir.FieldRef;
import dev.ruleport.ir.Filter;
import dev.ruleport.ir.Function;
import dev.ruleport.ir.In;
import dev.ruleport.ir.Literal;
import dev.ruleport.ir.Match;
import dev.ruleport.ir.Negate;
import dev.ruleport.ir.Not;
import dev.ruleport.ir.Or;
import dev.ruleport.ir.Pipe;
import dev.ruleport.ir.Query;
import dev.ruleport.ir.SampleQuery;
import dev.ruleport.ir.SampleTerm;
import dev.ruleport.ir.SequenceQuery;
import dev.ruleport.ir.SequenceTerm;
import dev.ruleport.ir.TimeSpan;
import dev.ruleport.parse.gen.EqlParser;
import dev.ruleport.runtime.EqlRegex;
import dev.ruleport.runtime.FieldAccessor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.TerminalNode;

/**
 * Builds the IR from the parse tree, applying the rules Elasticsearch enforces in its builder rather
 * than its grammar. Problems are recorded (with the position of the offending text) and building
 * goes on where it can, so one pass reports every independent problem.
 */
final class AstBuilder {
    /** Elasticsearch caps the expanded number of sequence queries. */
    static final int MAX_SEQUENCE_QUERIES = 256;
    static final int MAX_RUNS = 100;

    record Problem(Span span, String code, String message) {}

    /**
     * Problems past this many are counted, not kept: a query of a megabyte can hold tens of thousands
     * of errors, and each becomes a diagnostic carrying its source line.
     */
    static final int MAX_PROBLEMS = 100;

    private final List<Problem> problems = new ArrayList<>();
    private Problem firstDropped;
    private int dropped;

    /** The problems found, the last one saying how many more were left out. */
    List<Problem> problems() {
        if (dropped == 0) return problems;
        List<Problem> out = new ArrayList<>(problems);
        out.add(new Problem(firstDropped.span(), firstDropped.code(), "... and " + dropped + " more problems in this query, "
                + "not shown; the first of them: " + firstDropped.message()));
        return out;
    }

    private void report(Problem p) {
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(p);
        } else if (dropped++ == 0) {
            firstDropped = p;
        }
    }

    // ------------------------------------------------------------------ nesting (QueryParser.MAX_NESTING)

    private int level;          // levels of nesting around the expression being built
    private int deepest;        // the most levels seen, for the corpus statistics
    private boolean tooDeep;    // reported once per statement

    /** The deepest nesting any expression built so far reached. */
    int deepestNesting() { return deepest; }

    /**
     * Enters one level of nesting for {@code ctx}; false, after reporting the limit once, when that
     * passes {@link QueryParser#MAX_NESTING}. Then the caller builds a placeholder instead of
     * descending, so nothing here recurses deeper than the limit either.
     */
    private boolean enter(ParserRuleContext ctx) {
        if (level + 1 > QueryParser.MAX_NESTING) {
            reportTooDeep(ctx);
            return false;
        }
        level++;
        deepest = Math.max(deepest, level);
        return true;
    }

    private void leave() { level--; }

    private void reportTooDeep(ParserRuleContext ctx) { reportTooDeep(ctx.getStart()); }

    private void reportTooDeep(Token at) {
        if (!tooDeep) error(at, "EQL-SIZE", QueryParser.tooDeep());
        tooDeep = true;
    }

    /**
     * What a subtree past the nesting limit builds: nothing that matters, as the statement is refused;
     * null, which no check around it complains about.
     */
    private static Literal placeholder(ParserRuleContext ctx) { return new Literal(null, span(ctx)); }

    private void error(ParserRuleContext ctx, String code, String message) { report(new Problem(span(ctx), code, message)); }

    private void error(Token t, String code, String message) { report(new Problem(span(t), code, message)); }

    // ------------------------------------------------------------------ spans

    static Span span(ParserRuleContext ctx) {
        Token start = ctx.getStart();
        Token stop = ctx.getStop() != null ? ctx.getStop() : start;
        return Span.of(start.getLine(), start.getCharPositionInLine() + 1, start.getStartIndex(),
                Math.max(start.getStartIndex(), stop.getStopIndex() + 1));
    }

    static Span span(Token t) {
        return Span.of(t.getLine(), t.getCharPositionInLine() + 1, t.getStartIndex(), t.getStopIndex() + 1);
    }

    // ------------------------------------------------------------------ statements

    Query statement(EqlParser.StatementContext ctx) {
        List<Pipe> pipes = new ArrayList<>();
        for (EqlParser.PipeContext p : ctx.pipe()) {
            Pipe pipe = pipe(p);
            if (pipe != null) pipes.add(pipe);
        }
        EqlParser.QueryContext q = ctx.query();
        Span span = span(ctx);
        if (q.sequence() != null) return sequence(q.sequence(), pipes, span);
        if (q.sample() != null) return sample(q.sample(), pipes, span);
        if (q.join() != null) {
            error(q.join().JOIN().getSymbol(), "EQL-UNSUPPORTED", "Queries containing [join] are not supported");
            return new EventQuery(new Filter(Category.any(span), new Literal(true, span), span), pipes, span);
        }
        return new EventQuery(filter(q.eventQuery().eventFilter()), pipes, span);
    }

    private static final List<String> KNOWN_PIPES = List.of("count", "filter", "head", "sort", "tail", "unique",
            "unique_count");

    private Pipe pipe(EqlParser.PipeContext ctx) {
        String name = ctx.kind.getText();
        String lower = name.toLowerCase(Locale.ROOT);
        if (!lower.equals("head") && !lower.equals("tail")) {
            if (KNOWN_PIPES.contains(lower)) {
                error(ctx.kind, "EQL-UNSUPPORTED", "Pipe [" + name + "] is not supported");
            } else {
                String similar = Suggest.closest(lower, KNOWN_PIPES);
                error(ctx.kind, "EQL-SYNTAX", "Unrecognized pipe [" + name + "]"
                        + (similar != null ? ", did you mean [" + similar + "]?" : ""));
            }
            return null;
        }
        List<EqlParser.BooleanExpressionContext> args = ctx.booleanExpression();
        if (args.size() > 1) {
            error(args.get(1), "EQL-SYNTAX", "Pipe [" + name + "] takes one argument, found [" + args.size() + "]");
            return null;
        }
        int count = 10; // Elasticsearch's default for head/tail without an argument
        if (args.size() == 1) {
            Expr e = expression(args.get(0));
            if (!(e instanceof Literal lit) || !(lit.value() instanceof Integer n) || n < 0) {
                error(args.get(0), "EQL-SYNTAX", "Pipe [" + name + "] needs a non-negative integer, found ["
                        + args.get(0).getText() + "]");
                return null;
            }
            count = n;
        }
        return new Pipe(lower.equals("head") ? Pipe.Kind.HEAD : Pipe.Kind.TAIL, count, span(ctx));
    }

    private Filter filter(EqlParser.EventFilterContext ctx) {
        Category category;
        if (ctx.ANY() != null) {
            category = Category.any(span(ctx.ANY().getSymbol()));
        } else {
            EqlParser.EventValueContext ev = ctx.event;
            String name = ev.STRING() != null ? string(ev.STRING().getSymbol()) : ev.getText();
            category = new Category(name, span(ev));
        }
        return new Filter(category, expression(ctx.expression()), span(ctx));
    }

    private Query sequence(EqlParser.SequenceContext ctx, List<Pipe> pipes, Span span) {
        List<Expr> headerKeys = ctx.headerKeys != null ? keys(ctx.headerKeys) : List.of();
        if (ctx.lateKeys != null) {
            error(ctx.lateKeys, "EQL-SYNTAX", "Please specify sequence [by] before [with] not after");
            headerKeys = keys(ctx.lateKeys);
        }
        TimeSpan maxspan = ctx.span != null ? maxspan(ctx.span.timeUnit()) : null;

        List<EqlParser.SequenceTermContext> termCtxs = ctx.sequenceTerm();
        EqlParser.SequenceTermContext untilCtx = ctx.until;
        List<SequenceTerm> terms = new ArrayList<>();
        SequenceTerm until = null;
        for (EqlParser.SequenceTermContext t : termCtxs) {
            SequenceTerm term = sequenceTerm(t, t == untilCtx);
            if (t == untilCtx) until = term;
            else terms.add(term);
        }

        int stages = 0;
        int positive = 0;
        boolean anyMissing = false;
        for (SequenceTerm t : terms) {
            stages += t.runs();
            if (t.missing()) anyMissing = true;
            else positive += t.runs();
        }
        if (stages < 2) {
            error(ctx, "EQL-SEQUENCE", "A sequence requires a minimum of 2 queries, found [" + stages + "]");
        }
        if (stages > MAX_SEQUENCE_QUERIES) {
            error(ctx, "EQL-SEQUENCE", "A sequence supports a maximum of [" + MAX_SEQUENCE_QUERIES
                    + "] queries, found [" + stages + "]");
        }
        if (anyMissing && positive == 0) {
            error(ctx, "EQL-SEQUENCE", "A sequence requires at least one positive event query; found none");
        }
        if (anyMissing && maxspan == null) {
            error(ctx, "EQL-SEQUENCE", "[maxspan] is required for sequences with missing events queries");
        }
        if (until != null && until.missing()) {
            error(untilCtx, "EQL-SEQUENCE", "A missing event query cannot be used as [until]");
        }
        checkKeyCounts(headerKeys.size(), terms, until);
        return new SequenceQuery(headerKeys, maxspan, terms, until, pipes, span);
    }

    private void checkKeyCounts(int header, List<SequenceTerm> terms, SequenceTerm until) {
        if (terms.isEmpty()) return;
        int expected = header + terms.get(0).keys().size();
        List<SequenceTerm> all = new ArrayList<>(terms);
        if (until != null) all.add(until);
        for (int k = 0; k < all.size(); k++) {
            SequenceTerm t = all.get(k);
            int found = header + t.keys().size();
            if (found != expected) {
                report(new Problem(t.span(), "EQL-SEQUENCE", "Inconsistent number of join keys specified; expected ["
                        + expected + "] but found [" + found + "]"));
            }
        }
    }

    private SequenceTerm sequenceTerm(EqlParser.SequenceTermContext ctx, boolean isUntil) {
        EqlParser.SubqueryContext sq = ctx.subquery();
        boolean missing = sq.MISSING_EVENT_OPEN() != null;
        Filter filter = filter(sq.eventFilter());
        List<Expr> keys = ctx.joinKeys() != null ? keys(ctx.joinKeys()) : List.of();
        int runs = 1;
        if (ctx.key != null) {
            if (!ctx.key.getText().equals("runs")) {
                error(ctx.key, "EQL-SYNTAX", "Unrecognized option [" + ctx.key.getText() + "], expected [runs]");
            } else if (isUntil) {
                error(ctx.key, "EQL-SEQUENCE", "[runs] is not allowed on the [until] query");
            } else {
                Object n = number(ctx.value);
                if (!(n instanceof Integer v) || v < 1 || v > MAX_RUNS) {
                    error(ctx.value, "EQL-SEQUENCE", "A positive [runs] value between 1 and " + MAX_RUNS
                            + " is required; found [" + ctx.value.getText() + "]");
                } else {
                    runs = v;
                }
            }
        }
        return new SequenceTerm(filter, keys, runs, missing, span(ctx));
    }

    private TimeSpan maxspan(EqlParser.TimeUnitContext ctx) {
        String numberText = ctx.number().getText();
        Object n = number(ctx.number());
        if (ctx.unit == null) {
            error(ctx, "EQL-SEQUENCE", "No time unit specified, did you mean [s] as in [" + numberText + "s]?");
            return null;
        }
        if (n instanceof Double && ctx.number() instanceof EqlParser.IntegerLiteralContext) {
            error(ctx, "EQL-SEQUENCE", "maxspan [" + numberText + ctx.unit.getText() + "] is too large; the longest is ["
                    + TimeSpan.MAX_MILLIS + "ms] (about 29,000 years)");
            return null;
        }
        if (!(n instanceof Integer || n instanceof Long)) {
            error(ctx, "EQL-SEQUENCE", "Decimal time interval [" + numberText + "] not supported");
            return null;
        }
        long amount = ((Number) n).longValue();
        if (amount <= 0) {
            error(ctx, "EQL-SEQUENCE", "A positive maxspan value is required; found [" + amount + "]");
            return null;
        }
        String unit = ctx.unit.getText();
        TimeSpan.Unit u = switch (unit) {
            case "ms" -> TimeSpan.Unit.MS;
            case "s" -> TimeSpan.Unit.S;
            case "m" -> TimeSpan.Unit.M;
            case "h" -> TimeSpan.Unit.H;
            case "d" -> TimeSpan.Unit.D;
            default -> null;
        };
        if (u == null) {
            error(ctx.unit, "EQL-SEQUENCE", "Unrecognized time unit [" + unit + "] in [" + numberText + unit
                    + "], please specify one of [ms, s, m, h, d]");
            return null;
        }
        if (amount > TimeSpan.MAX_MILLIS / u.millis()) {
            error(ctx, "EQL-SEQUENCE", "maxspan [" + numberText + unit + "] is too large; the longest is ["
                    + TimeSpan.MAX_MILLIS + "ms] (about 29,000 years)");
            return null;
        }
        return new TimeSpan(amount, u, span(ctx));
    }

    private Query sample(EqlParser.SampleContext ctx, List<Pipe> pipes, Span span) {
        List<Expr> header = ctx.joinKeys() != null ? keys(ctx.joinKeys()) : List.of();
        List<SampleTerm> terms = new ArrayList<>();
        for (EqlParser.JoinTermContext t : ctx.joinTerm()) {
            EqlParser.SubqueryContext sq = t.subquery();
            if (sq.MISSING_EVENT_OPEN() != null) {
                error(sq, "EQL-SAMPLE", "Missing event queries are not allowed in a sample");
            }
            terms.add(new SampleTerm(filter(sq.eventFilter()), t.joinKeys() != null ? keys(t.joinKeys()) : List.of(),
                    span(t)));
        }
        int expected = header.size() + terms.get(0).keys().size();
        if (expected == 0) {
            error(ctx, "EQL-SAMPLE", "A sample requires join keys; use [sample by key] or per-query [by key]");
        }
        for (SampleTerm t : terms) {
            int found = header.size() + t.keys().size();
            if (found != expected) {
                report(new Problem(t.span(), "EQL-SAMPLE", "Inconsistent number of join keys specified; expected ["
                        + expected + "] but found [" + found + "]"));
            }
        }
        return new SampleQuery(header, terms, pipes, span);
    }

    private List<Expr> keys(EqlParser.JoinKeysContext ctx) {
        List<Expr> keys = new ArrayList<>();
        for (EqlParser.ExpressionContext e : ctx.expression()) keys.add(expression(e));
        return keys;
    }

    // ------------------------------------------------------------------ expressions

    Expr expression(EqlParser.ExpressionContext ctx) { return bool(ctx.booleanExpression()); }

    private Expr expression(EqlParser.BooleanExpressionContext ctx) { return bool(ctx); }

    private Expr bool(EqlParser.BooleanExpressionContext ctx) {
        if (ctx instanceof EqlParser.LogicalNotContext n) {
            if (!enter(ctx)) return placeholder(ctx);
            try {
                return new Not(bool(n.booleanExpression()), span(ctx));
            } finally {
                leave();
            }
        }
        if (ctx instanceof EqlParser.ProcessCheckContext pc) {
            error(pc.relationship, "EQL-UNSUPPORTED", "Process relationships are not supported");
            return new Literal(true, span(ctx));
        }
        if (ctx instanceof EqlParser.LogicalBinaryContext b) {
            if (!enter(ctx)) return placeholder(ctx);
            try {
                boolean and = b.operator.getType() == EqlParser.AND;
                List<Expr> ops = new ArrayList<>();
                flatten(b, and, ops);
                return and ? new And(ops, span(ctx)) : new Or(ops, span(ctx));
            } finally {
                leave();
            }
        }
        return value(((EqlParser.BooleanDefaultContext) ctx).valueExpression());
    }

    /**
     * Collects the operands of a chain of the same connective, looking through parentheses. A chain
     * {@code a and b and c ...} is a left-deep parse tree as long as the chain; it is walked with a
     * stack of its own, in source order, not by recursion.
     */
    private void flatten(EqlParser.BooleanExpressionContext ctx, boolean and, List<Expr> out) {
        java.util.Deque<EqlParser.BooleanExpressionContext> work = new java.util.ArrayDeque<>();
        work.push(ctx);
        while (!work.isEmpty()) {
            EqlParser.BooleanExpressionContext c = work.pop();
            if (c instanceof EqlParser.LogicalBinaryContext b && (b.operator.getType() == EqlParser.AND) == and) {
                work.push(b.right);
                work.push(b.left);
                continue;
            }
            Expr e = bool(c);
            if (and && e instanceof And a) out.addAll(a.operands());
            else if (!and && e instanceof Or o) out.addAll(o.operands());
            else out.add(e);
        }
    }

    private Expr value(EqlParser.ValueExpressionContext ctx) {
        if (ctx instanceof EqlParser.ComparisonContext c) {
            if (!enter(ctx)) return placeholder(ctx);
            try {
                return comparison(c);
            } finally {
                leave();
            }
        }
        return operator(((EqlParser.ValueExpressionDefaultContext) ctx).operatorExpression());
    }

    private Expr comparison(EqlParser.ComparisonContext c) {
        Expr left = operator(c.left);
        Expr right = operator(c.right);
        Token op = ((TerminalNode) c.comparisonOperator().getChild(0)).getSymbol();
        Compare.Op kind = switch (op.getType()) {
            case EqlParser.EQ -> Compare.Op.EQ;
            case EqlParser.NEQ -> Compare.Op.NE;
            case EqlParser.LT -> Compare.Op.LT;
            case EqlParser.LTE -> Compare.Op.LE;
            case EqlParser.GT -> Compare.Op.GT;
            case EqlParser.GTE -> Compare.Op.GE;
            default -> null;
        };
        if (kind == null) {
            error(op, "EQL-SYNTAX", "Use [==] for equality, not [=]");
            kind = Compare.Op.EQ;
        }
        return new Compare(kind, left, right, span(c));
    }

    private Expr operator(EqlParser.OperatorExpressionContext ctx) {
        if (ctx instanceof EqlParser.ArithmeticUnaryContext u) {
            if (!enter(ctx)) return placeholder(ctx);
            try {
                Expr operand = operator(u.operatorExpression());
                return u.operator.getType() == EqlParser.MINUS ? new Negate(operand, span(ctx)) : operand;
            } finally {
                leave();
            }
        }
        if (ctx instanceof EqlParser.ArithmeticBinaryContext) {
            return arithmetic(ctx);
        }
        EqlParser.OperatorExpressionDefaultContext d = (EqlParser.OperatorExpressionDefaultContext) ctx;
        Expr subject = primary(d.primaryExpression());
        if (d.predicate() == null) return subject;
        if (!enter(ctx)) return placeholder(ctx);
        try {
            return predicate(subject, d.predicate(), span(ctx));
        } finally {
            leave();
        }
    }

    /**
     * A chain of arithmetic operators, {@code 1 + 2 - 3 ...}: a left-deep tree, one level per operator,
     * built from its innermost operator out without recursing along the chain.
     */
    private Expr arithmetic(EqlParser.OperatorExpressionContext ctx) {
        List<EqlParser.ArithmeticBinaryContext> spine = new ArrayList<>(); // outermost first
        EqlParser.OperatorExpressionContext leftmost = ctx;
        while (leftmost instanceof EqlParser.ArithmeticBinaryContext b) {
            spine.add(b);
            leftmost = b.left;
        }
        int base = level;
        if (base + spine.size() > QueryParser.MAX_NESTING) {
            // the operator whose node is the first one past the limit (the chain nests to the left)
            reportTooDeep(spine.get(QueryParser.MAX_NESTING - base).operator);
            return placeholder(ctx);
        }
        try {
            level = base + spine.size();
            deepest = Math.max(deepest, level);
            Expr left = operator(leftmost);
            for (int i = spine.size() - 1; i >= 0; i--) {
                EqlParser.ArithmeticBinaryContext b = spine.get(i);
                level = base + i + 1;
                Arithmetic.Op op = switch (b.operator.getType()) {
                    case EqlParser.PLUS -> Arithmetic.Op.ADD;
                    case EqlParser.MINUS -> Arithmetic.Op.SUB;
                    case EqlParser.ASTERISK -> Arithmetic.Op.MUL;
                    case EqlParser.SLASH -> Arithmetic.Op.DIV;
                    default -> Arithmetic.Op.MOD;
                };
                left = new Arithmetic(op, left, operator(b.right), span(b));
            }
            return left;
        } finally {
            level = base;
        }
    }

    private Expr predicate(Expr subject, EqlParser.PredicateContext p, Span span) {
        int kind = p.kind.getType();
        if (kind == EqlParser.IN || kind == EqlParser.IN_INSENSITIVE) {
            List<Expr> values = new ArrayList<>();
            for (EqlParser.ExpressionContext e : p.expression()) values.add(expression(e));
            In in = new In(subject, values, kind == EqlParser.IN_INSENSITIVE, span);
            return p.NOT() != null ? new Not(in, span) : in;
        }
        List<Literal> patterns = new ArrayList<>();
        String op = p.kind.getText();
        for (EqlParser.ConstantContext c : p.constant()) {
            Literal lit = constant(c);
            if (!lit.isString()) {
                error(c, "EQL-TYPE", "[" + op + "] requires string patterns, found [" + c.getText() + "]");
            }
            patterns.add(lit);
        }
        if (kind == EqlParser.REGEX || kind == EqlParser.REGEX_INSENSITIVE) checkRegexes(patterns);
        return switch (kind) {
            case EqlParser.SEQ -> new Match(Match.Kind.COLON, subject, patterns, true, span);
            case EqlParser.LIKE -> new Match(Match.Kind.LIKE, subject, patterns, false, span);
            case EqlParser.LIKE_INSENSITIVE -> new Match(Match.Kind.LIKE, subject, patterns, true, span);
            case EqlParser.REGEX -> new Match(Match.Kind.REGEX, subject, patterns, false, span);
            default -> new Match(Match.Kind.REGEX, subject, patterns, true, span);
        };
    }

    /**
     * A regular expression that Lucene rejects fails the whole query in Elasticsearch; so it does here,
     * at the pattern, before any backend sees it, as does one too large or too deeply nested to run
     * ({@link EqlRegex#problem}). A valid pattern that some target cannot express is that target's to refuse.
     */
    private void checkRegexes(List<Literal> patterns) {
        for (Literal p : patterns) {
            if (!p.isString()) continue;
            String problem = EqlRegex.problem(p.asString());
            if (problem != null) report(new Problem(p.span(), "EQL-REGEX", problem));
        }
    }

    private Expr primary(EqlParser.PrimaryExpressionContext ctx) {
        if (ctx instanceof EqlParser.ConstantDefaultContext c) return constant(c.constant());
        if (ctx instanceof EqlParser.DereferenceContext d) return field(d.qualifiedName());
        if (!enter(ctx)) return placeholder(ctx);
        try {
            if (ctx instanceof EqlParser.ParenthesizedExpressionContext p) return expression(p.expression());
            return call(((EqlParser.FunctionContext) ctx).functionExpression());
        } finally {
            leave();
        }
    }

    private Expr call(EqlParser.FunctionExpressionContext ctx) {
        String written = ctx.name.getText();
        boolean insensitive = written.endsWith("~");
        String name = insensitive ? written.substring(0, written.length() - 1) : written;
        List<Expr> args = new ArrayList<>();
        for (EqlParser.ExpressionContext e : ctx.expression()) args.add(expression(e));
        var f = Function.lookup(name);
        if (f.isEmpty()) {
            List<String> names = new ArrayList<>();
            for (Function fn : Function.values()) names.add(fn.displayName());
            String similar = Suggest.closest(name, names);
            error(ctx.name, "EQL-FUNCTION", "Unknown function [" + name + "]"
                    + (similar != null ? ", did you mean [" + similar + "]?" : ""));
            return new Literal(null, span(ctx));
        }
        Function fn = f.get();
        if (insensitive && !fn.hasInsensitiveVariant()) {
            error(ctx.name, "EQL-FUNCTION", "Function [" + fn.displayName() + "] has no case-insensitive variant [" + written + "]");
        }
        if (args.size() < fn.minArgs() || args.size() > fn.maxArgs()) {
            String expected = fn.minArgs() == fn.maxArgs() ? String.valueOf(fn.minArgs())
                    : fn.maxArgs() == Integer.MAX_VALUE ? "at least " + fn.minArgs()
                    : fn.minArgs() + " to " + fn.maxArgs();
            error(ctx, "EQL-FUNCTION", "Function [" + fn.displayName() + "] takes " + expected
                    + " argument" + (expected.equals("1") ? "" : "s") + ", found [" + args.size() + "]");
        }
        checkLiteralArguments(fn, args, ctx);
        return new Call(fn, insensitive, args, span(ctx));
    }

    private static final String[] ORDINALS = {"first", "second", "third", "fourth", "fifth"};

    /**
     * Constant arguments of the wrong type are refused before anything runs, as Elasticsearch's
     * verifier does: {@code startsWith(1, "a")}, {@code number(true)}, {@code add("a", 1)}.
     */
    private void checkLiteralArguments(Function fn, List<Expr> args, EqlParser.FunctionExpressionContext ctx) {
        for (int i = 0; i < args.size(); i++) {
            if (!(args.get(i) instanceof Literal lit) || lit.isNull()) continue;
            String expected = expectedType(fn, i);
            if (expected == null) continue;
            boolean ok = switch (expected) {
                case "string" -> lit.isString();
                case "numeric" -> lit.isNumber();
                case "integer" -> lit.value() instanceof Integer || lit.value() instanceof Long;
                case "boolean" -> lit.isBoolean();
                default -> true;
            };
            if (!ok) {
                String found = lit.isString() ? "keyword" : lit.isBoolean() ? "boolean"
                        : lit.value() instanceof Double ? "double" : "integer";
                String nth = i < ORDINALS.length ? ORDINALS[i] : (i + 1) + "th";
                report(new Problem(lit.span(), "EQL-TYPE", nth + " argument of [" + ctx.getText() + "] must be ["
                        + expected + "], found value [" + ctx.expression(i).getText() + "] type [" + found + "]"));
            }
        }
    }

    /** The type an argument position takes, or null when any type is accepted there. */
    private static String expectedType(Function fn, int i) {
        return switch (fn) {
            case ADD, SUBTRACT, MULTIPLY, DIVIDE, MODULO -> "numeric";
            case BETWEEN -> i < 3 ? "string" : "boolean";
            case CIDRMATCH -> "string";
            case ENDSWITH, STARTSWITH, STRINGCONTAINS, LENGTH -> "string";
            case INDEXOF -> i < 2 ? "string" : "integer";
            case NUMBER -> i == 0 ? "string" : "integer";
            case SUBSTRING -> i == 0 ? "string" : "integer";
            case CONCAT, STRING -> null;
        };
    }

    private Expr field(EqlParser.QualifiedNameContext ctx) {
        List<String> segments = new ArrayList<>();
        for (int i = 0; i < ctx.getChildCount(); i++) {
            var child = ctx.getChild(i);
            if (child instanceof EqlParser.IdentifierContext id) {
                segments.add(identifier(id));
            } else if (child instanceof TerminalNode tn && tn.getSymbol().getType() == EqlParser.INTEGER_VALUE) {
                segments.add("[" + tn.getText() + "]");
            }
        }
        // a name that no document can hold (empty, or with an empty part between dots) or an index past
        // the largest array is refused where it is written, not when an engine first reads the field
        String problem = FieldAccessor.problem(segments);
        if (problem != null) error(ctx, "EQL-FIELD", "Invalid field [" + ctx.getText() + "]: " + problem);
        return new FieldRef(new FieldPath(segments), ctx.OPTIONAL() != null, span(ctx));
    }

    private static String identifier(EqlParser.IdentifierContext id) {
        if (id.QUOTED_IDENTIFIER() != null) {
            String t = id.QUOTED_IDENTIFIER().getText();
            return t.substring(1, t.length() - 1).replace("``", "`");
        }
        return id.getText();
    }

    private Literal constant(EqlParser.ConstantContext ctx) {
        Span span = span(ctx);
        if (ctx instanceof EqlParser.NullLiteralContext) return new Literal(null, span);
        if (ctx instanceof EqlParser.BooleanLiteralContext b) {
            return new Literal(b.booleanValue().TRUE() != null, span);
        }
        if (ctx instanceof EqlParser.NumericLiteralContext n) return new Literal(number(n.number()), span);
        EqlParser.StringContext s = ((EqlParser.StringLiteralContext) ctx).string();
        return new Literal(string(((TerminalNode) s.getChild(0)).getSymbol()), span);
    }

    /** Integer literals become int when they fit, else long, else double (silently, as Elasticsearch does). */
    private Object number(EqlParser.NumberContext ctx) {
        String text = ctx.getText();
        if (ctx instanceof EqlParser.IntegerLiteralContext) {
            try {
                long l = Long.parseLong(text);
                if (l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) return (int) l;
                return l;
            } catch (NumberFormatException e) {
                return Double.parseDouble(text);
            }
        }
        double d = Double.parseDouble(text);
        if (Double.isInfinite(d)) {
            error(ctx, "EQL-SYNTAX", "Number [" + text + "] is too large");
        }
        return d;
    }

    /** The value of a string token: escapes resolved for "...", raw for """...""", errors for the rest. */
    String string(Token t) {
        String text = t.getText();
        switch (t.getType()) {
            case EqlParser.SINGLE_QUOTED_STRING -> {
                error(t, "EQL-SYNTAX", "Use double quotes [\"] to define string literals, not single quotes [']");
                return text.substring(1, text.length() - 1);
            }
            case EqlParser.RAW_QUOTED_STRING -> {
                error(t, "EQL-SYNTAX", "Use triple double quotes [\"\"\"] to define unescaped string literals, not [?]");
                return text.substring(2, text.length() - 1);
            }
            default -> { }
        }
        if (text.startsWith("\"\"\"")) {
            return text.substring(3, text.length() - 3);
        }
        return unescape(t, text.substring(1, text.length() - 1));
    }

    private String unescape(Token t, String body) {
        if (body.indexOf('\\') < 0) return body;
        StringBuilder sb = new StringBuilder(body.length());
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c != '\\' || i + 1 >= body.length()) {
                sb.append(c);
                continue;
            }
            char n = body.charAt(++i);
            switch (n) {
                case 'b' -> sb.append('\b');
                case 't' -> sb.append('\t');
                case 'n' -> sb.append('\n');
                case 'f' -> sb.append('\f');
                case 'r' -> sb.append('\r');
                case '"' -> sb.append('"');
                case '\'' -> sb.append('\'');
                case '\\' -> sb.append('\\');
                case 'u' -> i = unicode(t, body, i, sb);
                // Elasticsearch keeps an unknown escape such as \w as the two characters
                default -> sb.append('\\').append(n);
            }
        }
        return sb.toString();
    }

    /** the unicode escape (backslash, u, {HEX}) with 2 to 8 hex digits; returns the index of the closing brace. */
    private int unicode(Token t, String body, int u, StringBuilder sb) {
        // column of the backslash: token start + opening quote + offset of the backslash in the body
        int at = u - 1;
        if (u + 1 >= body.length() || body.charAt(u + 1) != '{') {
            report(new Problem(offsetSpan(t, at), "EQL-SYNTAX",
                    "Unicode escape must be written as [\\u{HEX}], e.g. [\\u{202E}]"));
            sb.append("\\u");
            return u;
        }
        int close = body.indexOf('}', u + 2);
        if (close < 0) {
            report(new Problem(offsetSpan(t, at), "EQL-SYNTAX", "Unterminated unicode escape: missing [}]"));
            sb.append(body, at, body.length());
            return body.length() - 1;
        }
        String hex = body.substring(u + 2, close);
        boolean valid = hex.length() >= 2 && hex.length() <= 8 && hex.chars().allMatch(ch -> Character.digit(ch, 16) >= 0);
        if (!valid) {
            report(new Problem(offsetSpan(t, at), "EQL-SYNTAX", "Invalid unicode escape [\\u{" + hex
                    + "}]: expected 2 to 8 hex digits"));
            return close;
        }
        long cp = Long.parseLong(hex, 16);
        if (cp > Character.MAX_CODE_POINT || (cp >= 0xD800 && cp <= 0xDFFF)) {
            report(new Problem(offsetSpan(t, at), "EQL-SYNTAX", "Invalid unicode character code [" + hex
                    + "]: not a Unicode scalar value"));
            return close;
        }
        sb.appendCodePoint((int) cp);
        return close;
    }

    /** The span of a character inside a single-line string token (offset counted from after the quote). */
    private static Span offsetSpan(Token t, int offsetInBody) {
        int col = t.getCharPositionInLine() + 1 + 1 + offsetInBody;
        int start = t.getStartIndex() + 1 + offsetInBody;
        return Span.of(t.getLine(), col, start, start + 1);
    }
}
