package dev.ruleport.kql;

import dev.ruleport.diag.Span;
import dev.ruleport.ir.And;
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
import dev.ruleport.ir.Not;
import dev.ruleport.ir.Or;
import dev.ruleport.ir.Query;
import dev.ruleport.ir.SequenceQuery;
import dev.ruleport.ir.SequenceTerm;
import dev.ruleport.ir.TimeSpan;
import dev.ruleport.kql.gen.KqlSubsetLexer;
import dev.ruleport.kql.gen.KqlSubsetParser;
import dev.ruleport.kql.gen.KqlSubsetParser.ExprContext;
import dev.ruleport.lower.ProfileReverse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.ParseCancellationException;
import org.antlr.v4.runtime.tree.TerminalNode;

/**
 * Reads the KQL the writer emits back into the IR, with columns mapped back to ECS fields through the profile,
 * so that tests can run the read-back query under the interpreter and compare verdicts with the original rule.
 *
 * <p>Column to field: a {@code // field: ecs -> Column} header line (checked against the profile: some log
 * source of the query's table must map that field to that column with no transform), else the profile's
 * untransformed mapping onto the column (exact ones first), else, for identity profiles, the column name itself.
 * Transformed predicates ({@code process.name} as the basename of {@code NewProcessName}) come back as the
 * equivalent predicate on the untransformed field ({@code process.executable}), which is the same test on the
 * target's data.
 *
 * <p>A computed field (the profile's expression, written in parentheses, such as
 * {@code (parse_command_line(ProcessCommandLine, "windows"))}) is read back as its ECS field, by the header's claim or
 * the profile's mapping in the query's table (one expression may stand for different fields in different tables). A
 * profile clause (an OS through a {@code DeviceId in ((DeviceInfo | ...))} subquery) is read back as the fact it tests,
 * {@code host.os.type in ("windows")}; any other subquery is outside the subset.
 *
 * <p>Selection {@code where} clauses of the profile (e.g. {@code ActionType == "FileCreated"}) are recognised and
 * left out: they restrict the table, not the rule. Scan steps are read by their known shape: the stage flags
 * {@code __sN}, the until flag {@code __u}, the key {@code __key} and the maxspan bound {@code __ts - s1.__ts <= T}.
 */
public final class KqlReader {
    private static final Span SPAN = Span.synthetic("read back from KQL");

    private final ProfileReverse reverse;
    private final Map<String, String> columnToField = new HashMap<>();
    private final Map<String, Expr> flagExprs = new HashMap<>();
    private final List<String[]> headerFields = new ArrayList<>();          // {ecs field, target text}
    private final java.util.Set<Integer> confirmed = new java.util.HashSet<>();   // header lines some table maps
    private final Map<String, String> computedToField = new HashMap<>();     // normalised expression -> ECS field
    private final Map<String, Expr> clauses = new HashMap<>();  // normalised clause -> the facts it tests
    private List<ProfileReverse.Source> tableSources = List.of();
    /** The log source whose selection {@code where} the text being read is under (several share one table), or null. */
    private ProfileReverse.Source stageSource;

    private KqlReader(ProfileReverse reverse) {
        this.reverse = reverse;
    }

    /** Thrown for text outside the subset, with the position. */
    public static final class KqlReadException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public KqlReadException(String message) { super(message); }
    }

    /** Reads a query through a profile as the lowering stage reads it back ({@code new ProfileReverse(profile)}). */
    public static Query read(String kql, ProfileReverse profile) {
        KqlReader r = new KqlReader(profile);
        r.readHeader(kql);
        Query q = r.query(parse(kql));
        r.checkHeader();
        return q;
    }

    private static KqlSubsetParser.QueryContext parse(String kql) {
        KqlSubsetLexer lexer = new KqlSubsetLexer(CharStreams.fromString(kql));
        KqlSubsetParser parser = new KqlSubsetParser(new CommonTokenStream(lexer));
        BaseErrorListener thrower = new BaseErrorListener() {
            @Override public void syntaxError(Recognizer<?, ?> rec, Object sym, int line, int col, String msg, RecognitionException e) {
                throw new ParseCancellationException(line + ":" + (col + 1) + ": " + msg);
            }
        };
        lexer.removeErrorListeners();
        lexer.addErrorListener(thrower);
        parser.removeErrorListeners();
        parser.addErrorListener(thrower);
        try {
            return parser.query();
        } catch (ParseCancellationException e) {
            throw new KqlReadException("not in the KQL subset: " + e.getMessage());
        }
    }

    /**
     * A profile's KQL expression (a computed field, a clause) in the form the parser gives the same text inside a
     * query, so that both compare regardless of spacing.
     */
    private static String normalised(String expression) {
        KqlSubsetParser.QueryContext q = parse("T | where " + expression);
        return ((KqlSubsetParser.WhereOpContext) q.pipe(0).operator()).expr().getText();
    }

    // ------------------------------------------------------------------ header and columns

    private void readHeader(String kql) {
        for (String line : kql.split("\n")) {
            if (!line.startsWith("// field: ")) continue;
            String spec = line.substring("// field: ".length());
            int arrow = spec.indexOf(" -> ");
            String field = spec.substring(0, arrow);
            String target = spec.substring(arrow + 4);
            headerFields.add(new String[] {field, target});
        }
    }

    private void useTable(String table) {
        List<ProfileReverse.Source> out = reverse.withAttribute("table", table);
        if (out.isEmpty()) throw new KqlReadException("profile " + reverse.profileName() + " has no table " + table);
        tableSources = out;
        // the header's fields that belong to this table (a column or an expression may stand for different fields in
        // different tables of one query), then the profile's computed fields and clauses of the table
        columnToField.clear();
        computedToField.clear();
        clauses.clear();
        for (int i = 0; i < headerFields.size(); i++) {
            String field = headerFields.get(i)[0];
            String target = headerFields.get(i)[1];
            for (ProfileReverse.Source l : tableSources) {
                switch (reverse.headerClaim(l, field, target)) {
                    case COMPUTED -> computedToField.putIfAbsent(normalised(target), field);
                    case COLUMN -> columnToField.putIfAbsent(target, field);
                    case TRANSFORMED, NEVER, ENTRY -> { } // read back through the untransformed field or the list; decided as missing
                    case NONE -> { continue; }
                }
                confirmed.add(i);
            }
        }
        for (ProfileReverse.Source l : tableSources) {
            reverse.computedFields(l).forEach((expression, ecs) -> computedToField.putIfAbsent(normalised(expression), ecs));
        }
        clauses.putAll(reverse.clauseFactsByText(tableSources, KqlReader::normalised));
    }

    /** Every header field line must be the profile's mapping in some table of the query. */
    private void checkHeader() {
        for (int i = 0; i < headerFields.size(); i++) {
            if (!confirmed.contains(i)) {
                throw new KqlReadException("header maps " + headerFields.get(i)[0] + " to " + headerFields.get(i)[1]
                        + ", which profile " + reverse.profileName() + " does not in any table of the query");
            }
        }
    }

    private FieldRef field(String column) {
        String f = columnToField.get(column);
        if (f == null) {
            f = reverse.columnField(tableSources, column).orElseThrow(
                    () -> new KqlReadException("column " + column + " maps back to no ECS field of " + reverse.profileName()));
            columnToField.put(column, f);
        }
        return new FieldRef(FieldPath.parse(f), false, SPAN);
    }

    // ------------------------------------------------------------------ query shapes

    private Query query(KqlSubsetParser.QueryContext q) {
        List<KqlSubsetParser.PipeContext> pipes = q.pipe();
        boolean sequence = false;
        for (KqlSubsetParser.PipeContext p : pipes) {
            if (p.operator() instanceof KqlSubsetParser.PartitionOpContext || p.operator() instanceof KqlSubsetParser.ScanOpContext) {
                sequence = true;
            }
        }
        if (q.source() instanceof KqlSubsetParser.UnionSourceContext || sequence) return sequence(q);
        String table = ((KqlSubsetParser.TableSourceContext) q.source()).IDENT().getText();
        useTable(table);
        stageSource = null;
        List<Expr> conds = new ArrayList<>();
        for (KqlSubsetParser.PipeContext p : pipes) {
            KqlSubsetParser.OperatorContext op = p.operator();
            if (op instanceof KqlSubsetParser.MvApplyOpContext mv) {
                mvApply(mv);
            } else if (op instanceof KqlSubsetParser.WhereOpContext w) {
                if (isSelectionWhere(w.expr())) {
                    stageSource = selectionOf(w.expr());
                    continue;
                }
                conds.add(expr(w.expr()));
            } else if (!(op instanceof KqlSubsetParser.ProjectAwayOpContext)) {
                throw new KqlReadException("operator not expected in an event query: " + op.getText());
            }
        }
        Expr cond = conds.isEmpty() ? new Literal(Boolean.TRUE, SPAN) : conds.size() == 1 ? conds.get(0) : new And(conds, SPAN);
        return new EventQuery(new Filter(Category.any(SPAN), cond, SPAN), List.of(), SPAN);
    }

    private boolean isSelectionWhere(ExprContext e) {
        return selectionOf(e) != null;
    }

    /** The log source of the query's table whose selection {@code where} the expression is, or null. */
    private ProfileReverse.Source selectionOf(ExprContext e) {
        return reverse.withAttributeText(tableSources, "where", e.getText(), w -> w.replaceAll("\\s+", ""));
    }

    /**
     * The ECS field a computed expression stands for in the current log source: a header claim of that source, else its
     * own mapping; null without a current source. (In one table, sequence stages of different log sources may read one
     * expression as different fields: OriginalFileName is process.pe.* in a process start, dll.pe.* in an image load.)
     */
    private String stageField(String expression) {
        if (stageSource == null) return null;
        for (String[] h : headerFields) {
            // only an expression the source computes is normalised (other header texts are no KQL)
            if (reverse.computes(stageSource, h[0], h[1]) && normalised(h[1]).equals(expression)) return h[0];
        }
        for (Map.Entry<String, String> e : reverse.computedFields(stageSource).entrySet()) {
            if (normalised(e.getKey()).equals(expression)) return e.getValue();
        }
        return null;
    }

    private void mvApply(KqlSubsetParser.MvApplyOpContext mv) {
        // __e = array_concat(dynamic([null]), coalesce(COLUMN, dynamic([])))
        ExprContext arr = mv.expr();
        FieldRef f = null;
        if (arr instanceof KqlSubsetParser.CallExprContext call && call.IDENT().getText().equals("array_concat")
                && call.expr(1) instanceof KqlSubsetParser.CallExprContext co && co.IDENT().getText().equals("coalesce")) {
            f = subject(co.expr(0));
        }
        if (f == null) throw new KqlReadException("mv-apply not in the writer's form: " + arr.getText());
        String element = mv.IDENT(0).getText();
        for (KqlSubsetParser.AssignmentContext a : mv.assignment()) {
            // __mN = countif(PREDICATE over the element)
            if (!(a.expr() instanceof KqlSubsetParser.CallExprContext c) || !c.IDENT().getText().equals("countif")) {
                throw new KqlReadException("mv-apply summary not a countif: " + a.getText());
            }
            elementVar = element;
            elementField = f;
            flagExprs.put(a.IDENT().getText(), expr(c.expr(0)));
            elementVar = null;
        }
    }

    private String elementVar;
    private FieldRef elementField;

    // ------------------------------------------------------------------ sequences

    /** Key names bound by {@code mv-expand} to the multi-valued column they expand. */
    private final Map<String, ExprContext> expandedKeys = new HashMap<>();

    private Query sequence(KqlSubsetParser.QueryContext q) {
        Map<Integer, List<Expr>> stageConds = new LinkedHashMap<>();
        List<Expr> untilConds = new ArrayList<>();
        Map<Integer, List<FieldRef>> stageKeys = new HashMap<>();
        List<FieldRef> untilKeys = new ArrayList<>();
        List<List<KqlSubsetParser.PipeContext>> branches = new ArrayList<>();
        List<String> tables = new ArrayList<>();
        if (q.source() instanceof KqlSubsetParser.UnionSourceContext u) {
            for (KqlSubsetParser.BranchContext b : u.branch()) {
                tables.add(b.IDENT().getText());
                branches.add(b.pipe());
            }
        } else {
            tables.add(((KqlSubsetParser.TableSourceContext) q.source()).IDENT().getText());
            List<KqlSubsetParser.PipeContext> pre = new ArrayList<>();
            for (KqlSubsetParser.PipeContext p : q.pipe()) {
                if (p.operator() instanceof KqlSubsetParser.PartitionOpContext || p.operator() instanceof KqlSubsetParser.SortOpContext) break;
                pre.add(p);
            }
            branches.add(pre);
        }
        for (int b = 0; b < branches.size(); b++) {
            useTable(tables.get(b));
            flagExprs.clear();
            Map<String, Expr> assigned = new LinkedHashMap<>();
            ExprContext keyExpr = null;
            List<String> guarded = new ArrayList<>();
            for (KqlSubsetParser.PipeContext p : branches.get(b)) {
                KqlSubsetParser.OperatorContext op = p.operator();
                if (op instanceof KqlSubsetParser.MvApplyOpContext mv) {
                    mvApply(mv);
                } else if (op instanceof KqlSubsetParser.MvExpandOpContext mx) {
                    // __kN = set_union(col, dynamic([])): the key is each value of col
                    if (!(mx.expr() instanceof KqlSubsetParser.CallExprContext c) || !c.IDENT().getText().equals("set_union")) {
                        throw new KqlReadException("unexpected mv-expand " + mx.getText());
                    }
                    expandedKeys.put(mx.IDENT(0).getText(), c.expr(0));
                } else if (op instanceof KqlSubsetParser.ExtendOpContext ext) {
                    for (KqlSubsetParser.AssignmentContext a : ext.assignment()) {
                        String name = a.IDENT().getText();
                        if (name.equals("__key")) keyExpr = a.expr();
                        else if (name.equals("__ts")) continue;
                        else if (a.expr().getText().equals("false")) continue;
                        else assigned.put(name, expr(a.expr()));
                    }
                } else if (op instanceof KqlSubsetParser.WhereOpContext w) {
                    collectGuards(w.expr(), guarded);
                }
            }
            for (Map.Entry<String, Expr> e : assigned.entrySet()) {
                String name = e.getKey();
                if (name.equals("__u")) {
                    untilConds.add(e.getValue());
                    untilKeys = keysFor(keyExpr, "__u", guarded);
                } else if (name.startsWith("__s")) {
                    int k = Integer.parseInt(name.substring(3));
                    stageConds.computeIfAbsent(k, x -> new ArrayList<>()).add(e.getValue());
                    stageKeys.put(k, keysFor(keyExpr, name, guarded));
                }
            }
        }
        TimeSpan maxspan = null;
        int steps = 0;
        KqlSubsetParser.ScanOpContext scan = findScan(q.pipe());
        if (scan == null) throw new KqlReadException("sequence without scan");
        for (KqlSubsetParser.StepContext s : scan.step()) {
            steps++;
            TimeSpan t = maxspanOf(s.expr());
            if (t != null) maxspan = t;
        }
        List<SequenceTerm> terms = new ArrayList<>();
        for (int k = 1; k <= steps; k++) {
            List<Expr> conds = stageConds.get(k);
            if (conds == null) throw new KqlReadException("no condition for step s" + k);
            Expr c = conds.size() == 1 ? conds.get(0) : new Or(conds, SPAN);
            terms.add(new SequenceTerm(new Filter(Category.any(SPAN), c, SPAN), List.copyOf(stageKeys.getOrDefault(k, List.of())), 1, false, SPAN));
        }
        SequenceTerm until = null;
        if (!untilConds.isEmpty()) {
            Expr c = untilConds.size() == 1 ? untilConds.get(0) : new Or(untilConds, SPAN);
            until = new SequenceTerm(new Filter(Category.any(SPAN), c, SPAN), List.copyOf(untilKeys), 1, false, SPAN);
        }
        return new SequenceQuery(List.of(), maxspan, terms, until, List.of(), SPAN);
    }

    private static KqlSubsetParser.ScanOpContext findScan(List<KqlSubsetParser.PipeContext> pipes) {
        for (KqlSubsetParser.PipeContext p : pipes) {
            if (p.operator() instanceof KqlSubsetParser.ScanOpContext s) return s;
            if (p.operator() instanceof KqlSubsetParser.PartitionOpContext part) {
                KqlSubsetParser.ScanOpContext s = findScan(part.pipe());
                if (s != null) return s;
            }
        }
        return null;
    }

    private static void collectGuards(ExprContext e, List<String> out) {
        if (e instanceof KqlSubsetParser.AndExprContext a) {
            collectGuards(a.expr(0), out);
            collectGuards(a.expr(1), out);
        } else if (e instanceof KqlSubsetParser.CallExprContext c && c.IDENT().getText().equals("isnotempty")) {
            out.add(c.expr(0).getText());
        }
    }

    /** The join key fields of one stage, from {@code __key = k}, {@code tostring(pack_array(...))} or {@code case(...)}. */
    private List<FieldRef> keysFor(ExprContext key, String flag, List<String> guarded) {
        if (key == null) return List.of();
        ExprContext k = key;
        boolean perStage = false;
        if (k instanceof KqlSubsetParser.CallExprContext c && c.IDENT().getText().equals("case")) {
            perStage = true;
            k = null;
            for (int i = 0; i + 1 < c.expr().size(); i += 2) {
                if (c.expr(i).getText().equals(flag)) k = c.expr(i + 1);
            }
            if (k == null) throw new KqlReadException("no key for " + flag + " in " + key.getText());
        }
        List<ExprContext> parts = new ArrayList<>();
        if (k instanceof KqlSubsetParser.CallExprContext c && c.IDENT().getText().equals("tostring")
                && c.expr(0) instanceof KqlSubsetParser.CallExprContext pack && pack.IDENT().getText().equals("pack_array")) {
            parts.addAll(pack.expr());
        } else {
            parts.add(k);
        }
        List<FieldRef> out = new ArrayList<>();
        for (ExprContext p : parts) {
            ExprContext inner = expandedKeys.getOrDefault(p.getText(), p);
            if (inner instanceof KqlSubsetParser.CallExprContext c && c.IDENT().getText().equals("tostring")) inner = c.expr(0);
            FieldRef f = subject(inner);
            boolean optional = !perStage && !guarded.contains(p.getText()) && !guarded.contains(inner.getText()) && !guarded.contains("tostring(" + inner.getText() + ")");
            out.add(new FieldRef(f.path(), optional, SPAN));
        }
        return out;
    }

    private static TimeSpan maxspanOf(ExprContext e) {
        if (e instanceof KqlSubsetParser.AndExprContext a) {
            TimeSpan t = maxspanOf(a.expr(0));
            return t != null ? t : maxspanOf(a.expr(1));
        }
        if (e instanceof KqlSubsetParser.CompareExprContext c && c.op.getText().equals("<=")
                && c.expr(0) instanceof KqlSubsetParser.SubtractExprContext
                && c.expr(1) instanceof KqlSubsetParser.LiteralExprContext lit && lit.literal().TIMESPAN() != null) {
            String t = lit.literal().TIMESPAN().getText();
            int i = 0;
            while (Character.isDigit(t.charAt(i))) i++;
            long amount = Long.parseLong(t.substring(0, i));
            TimeSpan.Unit unit = switch (t.substring(i)) {
                case "ms" -> TimeSpan.Unit.MS;
                case "s" -> TimeSpan.Unit.S;
                case "m" -> TimeSpan.Unit.M;
                case "h" -> TimeSpan.Unit.H;
                default -> TimeSpan.Unit.D;
            };
            return new TimeSpan(amount, unit, SPAN);
        }
        return null;
    }

    // ------------------------------------------------------------------ expressions

    private Expr expr(ExprContext e) {
        Expr facts = clauses.get(e.getText());
        if (facts != null) return facts;
        if (e instanceof KqlSubsetParser.InSubqueryExprContext s) {
            throw new KqlReadException("a subquery that is no clause of profile " + reverse.profileName() + ": " + s.getText());
        }
        if (e instanceof KqlSubsetParser.ParenExprContext p) {
            // a profile's selection clause folded into a stage condition restricts the table, not the rule
            if (isSelectionWhere(p.expr())) return new Literal(Boolean.TRUE, SPAN);
            return expr(p.expr());
        }
        if (e instanceof KqlSubsetParser.AndExprContext a) {
            // a stage's condition under its log source's selection: `(where) and ...`
            ExprContext first = a.expr(0);
            while (first instanceof KqlSubsetParser.AndExprContext inner) first = inner.expr(0);
            ProfileReverse.Source under = first instanceof KqlSubsetParser.ParenExprContext p ? selectionOf(p.expr()) : null;
            if (under == null) return flatten(true, expr(a.expr(0)), expr(a.expr(1)));
            ProfileReverse.Source before = stageSource;
            stageSource = under;
            try {
                return flatten(true, expr(a.expr(0)), expr(a.expr(1)));
            } finally {
                stageSource = before;
            }
        }
        if (e instanceof KqlSubsetParser.OrExprContext o) return flatten(false, expr(o.expr(0)), expr(o.expr(1)));
        if (e instanceof KqlSubsetParser.LiteralExprContext l && (l.literal().TRUE() != null || l.literal().FALSE() != null)) {
            return new Literal(l.literal().TRUE() != null, SPAN);
        }
        if (e instanceof KqlSubsetParser.CompareExprContext c) return compare(c);
        if (e instanceof KqlSubsetParser.StringOpExprContext s) return stringOp(s);
        if (e instanceof KqlSubsetParser.RegexExprContext r) {
            Re2ToLucene.Result res = Re2ToLucene.convert(string(r.expr(1)));
            return new Match(Match.Kind.REGEX, subject(r.expr(0)), List.of(new Literal(res.lucene(), SPAN)), res.caseInsensitive(), SPAN);
        }
        if (e instanceof KqlSubsetParser.InExprContext in) {
            List<Expr> values = new ArrayList<>();
            for (int i = 1; i < in.expr().size(); i++) values.add(literal(in.expr(i)));
            return new In(subject(in.expr(0)), values, in.op.getType() == KqlSubsetParser.INCI, SPAN);
        }
        if (e instanceof KqlSubsetParser.CallExprContext c) return call(c);
        throw new KqlReadException("expression not in the subset: " + e.getText());
    }

    private static Expr flatten(boolean and, Expr a, Expr b) {
        List<Expr> ops = new ArrayList<>();
        for (Expr x : List.of(a, b)) {
            if (and && x instanceof And y) ops.addAll(y.operands());
            else if (!and && x instanceof Or y) ops.addAll(y.operands());
            else ops.add(x);
        }
        return and ? new And(ops, SPAN) : new Or(ops, SPAN);
    }

    private Expr compare(KqlSubsetParser.CompareExprContext c) {
        String op = c.op.getText();
        ExprContext left = c.expr(0);
        ExprContext right = c.expr(1);
        // __mN > 0: a flag computed by mv-apply
        if (left instanceof KqlSubsetParser.ColumnExprContext col && flagExprs.containsKey(col.getText()) && op.equals(">")) {
            return flagExprs.get(col.getText());
        }
        // (ipv4_is_in_range(c, "b") or ...) == true
        if (op.equals("==") && right.getText().equals("true") && left instanceof KqlSubsetParser.ParenExprContext) {
            List<String> blocks = new ArrayList<>();
            FieldRef[] subject = new FieldRef[1];
            collectCidr(left, blocks, subject);
            List<Expr> args = new ArrayList<>();
            args.add(subject[0]);
            for (String b : blocks) args.add(new Literal(b, SPAN));
            return new Call(Function.CIDRMATCH, false, args, SPAN);
        }
        // coalesce(array_length(c), 0) == 0 / > 0
        if (left instanceof KqlSubsetParser.CallExprContext call && call.IDENT().getText().equals("coalesce")
                && call.expr(0) instanceof KqlSubsetParser.CallExprContext al && al.IDENT().getText().equals("array_length")) {
            FieldRef f = subject(al.expr(0));
            return new Compare(op.equals("==") ? Compare.Op.EQ : Compare.Op.NE, f, new Literal(null, SPAN), SPAN);
        }
        Compare.Op cop = switch (op) {
            case "==" -> Compare.Op.EQ;
            case "!=" -> Compare.Op.NE;
            case "<" -> Compare.Op.LT;
            case "<=" -> Compare.Op.LE;
            case ">" -> Compare.Op.GT;
            case ">=" -> Compare.Op.GE;
            default -> null;
        };
        FieldRef f = subject(left);
        Literal value = literal(right);
        if (cop == null) { // =~
            return new In(f, List.of(value), true, SPAN);
        }
        return new Compare(cop, f, value, SPAN);
    }

    private void collectCidr(ExprContext e, List<String> blocks, FieldRef[] subject) {
        if (e instanceof KqlSubsetParser.ParenExprContext p) {
            collectCidr(p.expr(), blocks, subject);
        } else if (e instanceof KqlSubsetParser.OrExprContext o) {
            collectCidr(o.expr(0), blocks, subject);
            collectCidr(o.expr(1), blocks, subject);
        } else if (e instanceof KqlSubsetParser.CallExprContext c
                && (c.IDENT().getText().equals("ipv4_is_in_range") || c.IDENT().getText().equals("ipv6_is_match"))) {
            subject[0] = subject(c.expr(0));
            blocks.add(string(c.expr(1)));
        } else {
            throw new KqlReadException("not a CIDR test: " + e.getText());
        }
    }

    private Expr stringOp(KqlSubsetParser.StringOpExprContext s) {
        FieldRef f = subject(s.expr(0));
        String lit = string(s.expr(1));
        int t = s.op.getType();
        Function fn = t == KqlSubsetParser.STARTSWITH || t == KqlSubsetParser.STARTSWITH_CS ? Function.STARTSWITH
                : t == KqlSubsetParser.ENDSWITH || t == KqlSubsetParser.ENDSWITH_CS ? Function.ENDSWITH : Function.STRINGCONTAINS;
        boolean ci = t == KqlSubsetParser.STARTSWITH || t == KqlSubsetParser.ENDSWITH || t == KqlSubsetParser.CONTAINS;
        return new Call(fn, ci, List.of(f, new Literal(lit, SPAN)), SPAN);
    }

    private Expr call(KqlSubsetParser.CallExprContext c) {
        String fn = c.IDENT().getText();
        switch (fn) {
            case "not":
                return new Not(expr(c.expr(0)), SPAN);
            case "isnotempty":
            case "isnotnull":
                return new Compare(Compare.Op.NE, subject(c.expr(0)), new Literal(null, SPAN), SPAN);
            case "isempty":
            case "isnull":
                return new Compare(Compare.Op.EQ, subject(c.expr(0)), new Literal(null, SPAN), SPAN);
            case "set_has_element":
                return new Compare(Compare.Op.EQ, subject(c.expr(0)), literal(c.expr(1)), SPAN);
            default:
                throw new KqlReadException("function not in the subset: " + fn);
        }
    }

    /** The field a value expression reads: a column, {@code tostring(column)}, or the mv-apply element. */
    private FieldRef subject(ExprContext e) {
        if (e instanceof KqlSubsetParser.CallExprContext c && c.IDENT().getText().equals("tostring") && c.expr().size() == 1) {
            return subject(c.expr(0));
        }
        if (e instanceof KqlSubsetParser.ParenExprContext p) {
            // a computed field: the profile's expression, parenthesised by the writer
            String f = stageField(p.expr().getText());
            if (f == null) f = computedToField.get(p.expr().getText());
            if (f == null) throw new KqlReadException("no computed field of " + reverse.profileName() + " is " + p.expr().getText());
            return new FieldRef(FieldPath.parse(f), false, SPAN);
        }
        if (e instanceof KqlSubsetParser.ColumnExprContext col) {
            if (elementVar != null && col.getText().equals(elementVar)) return elementField;
            return field(columnName(col.column()));
        }
        throw new KqlReadException("not a column: " + e.getText());
    }

    private static String columnName(KqlSubsetParser.ColumnContext c) {
        if (c.BRACKETED() != null) {
            String t = c.BRACKETED().getText();
            StringBuilder sb = new StringBuilder();
            for (int i = 2; i < t.length() - 2; i++) {
                char ch = t.charAt(i);
                if (ch == '\\') ch = t.charAt(++i);
                sb.append(ch);
            }
            return sb.toString();
        }
        return c.getText();
    }

    private static Literal literal(ExprContext e) {
        boolean neg = false;
        if (e instanceof KqlSubsetParser.CallExprContext c && c.IDENT().getText().equals("real")) {
            return new Literal(Double.parseDouble(c.expr(0).getText()), SPAN);
        }
        if (!(e instanceof KqlSubsetParser.LiteralExprContext l)) throw new KqlReadException("not a literal: " + e.getText());
        KqlSubsetParser.LiteralContext lit = l.literal();
        if (lit.STRING() != null || lit.VSTRING() != null) return new Literal(string(e), SPAN);
        if (lit.TRUE() != null) return new Literal(Boolean.TRUE, SPAN);
        if (lit.FALSE() != null) return new Literal(Boolean.FALSE, SPAN);
        neg = lit.getChild(0) instanceof TerminalNode t && t.getSymbol().getText().equals("-");
        if (lit.INT() != null) {
            long v = Long.parseLong(lit.INT().getText()) * (neg ? -1 : 1);
            return new Literal(v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE ? (Object) (int) v : (Object) v, SPAN);
        }
        if (lit.DECIMAL() != null) return new Literal(Double.parseDouble(lit.DECIMAL().getText()) * (neg ? -1 : 1), SPAN);
        throw new KqlReadException("literal not in the subset: " + e.getText());
    }

    /** The value of a string literal: regular ({@code \\ \" \' \t \n \r}) or verbatim ({@code ""}). */
    static String string(ExprContext e) {
        if (!(e instanceof KqlSubsetParser.LiteralExprContext l)) throw new KqlReadException("not a string: " + e.getText());
        Token t = l.literal().getStart();
        String text = t.getText();
        if (t.getType() == KqlSubsetLexer.VSTRING) return text.substring(2, text.length() - 1).replace("\"\"", "\"");
        if (t.getType() != KqlSubsetLexer.STRING) throw new KqlReadException("not a string: " + text);
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i < text.length() - 1; i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                char n = text.charAt(++i);
                sb.append(switch (n) {
                    case 't' -> '\t';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    default -> n;
                });
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
