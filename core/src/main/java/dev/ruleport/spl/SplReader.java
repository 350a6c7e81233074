package dev.ruleport.spl;

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
import dev.ruleport.lower.ProfileReverse;
import dev.ruleport.print.EqlPrinter;
import dev.ruleport.spl.gen.SplSubsetLexer;
import dev.ruleport.spl.gen.SplSubsetParser;
import dev.ruleport.spl.gen.SplSubsetParser.*;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.ParseCancellationException;
import org.antlr.v4.runtime.tree.TerminalNode;

/**
 * Reads the SPL subset {@link SplBackend} writes back into the IR, with the meaning Splunk gives it (not by
 * recognising the writer's output): a search term {@code f="v"} is a case-insensitive wildcard match
 * ({@code f : "v"}, or a case-insensitive regex when {@code v} holds a {@code ?}, which search takes
 * literally); {@code where} functions read as their EQL counterparts ({@code like} → {@code like},
 * {@code match}/{@code mvfind} → {@code regex} over the whole value, {@code ==} → {@code ==}); the search and
 * the {@code where} clauses are ANDed. The streamstats sequence pipeline is read as the EQL sequence it
 * computes (stages from the {@code if()} conditions, each ANDed with the base search; join keys from
 * {@code rp_k*}; maxspan from the {@code _time} bound; equal stages in a row as one term {@code with runs=N}).
 *
 * <p>Fields are mapped back to ECS through the profile: the log source whose search prefix (or data model)
 * starts the query is chosen, its prefix stripped, and each target field is replaced by the ECS field that
 * the log source maps onto it without a transform (identity profiles map names to themselves), as
 * {@link ProfileReverse#writtenField} reads it.
 */
public final class SplReader {

    /** A problem reading the SPL: unsupported construct or syntax error, with its line and column. */
    public static final class SplReadException extends RuntimeException {
        public SplReadException(String message) { super(message); }
    }

    private final ProfileReverse resolution;
    /**
     * For a sequence over several log sources: each stage's searchmatch() text (its log source's search prefix after
     * the prefix they share), with that log source; "" for a stage whose log source's prefix is the shared one. Null
     * for a query over one log source.
     */
    private Map<String, ProfileReverse.Source> sources;

    private static final java.util.regex.Pattern SEARCHMATCH = java.util.regex.Pattern.compile("searchmatch\\((\"(?:[^\"\\\\]|\\\\.)*\")\\)");

    /** The log source of each searchmatch() text in the query; null when it has none. */
    private Map<String, ProfileReverse.Source> stageSources(String text) {
        java.util.regex.Matcher m = SEARCHMATCH.matcher(text);
        Map<String, ProfileReverse.Source> out = new LinkedHashMap<>();
        String head = null;
        while (m.find()) {
            String d = unquote(m.group(1));
            if (out.containsKey(d)) continue;
            ProfileReverse.Source found = resolution.searchEndingWith(text, d, head);
            if (found == null) throw new SplReadException("searchmatch(\"" + d + "\") names no log source of profile " + resolution.profileName());
            String p = found.attributes().get("search");
            head = p.substring(0, p.length() - d.length() - 1);
            out.put(d, found);
        }
        if (out.isEmpty()) return null;
        for (ProfileReverse.Source l : resolution.withSearch(head)) out.put("", l);
        return out;
    }

    /** The prefix the stages' log sources share. */
    private static String headOf(ProfileReverse.Source any, Map<String, ProfileReverse.Source> sources) {
        for (Map.Entry<String, ProfileReverse.Source> e : sources.entrySet()) {
            if (e.getValue() == any) {
                String p = any.attributes().get("search");
                return e.getKey().isEmpty() ? p : p.substring(0, p.length() - e.getKey().length() - 1);
            }
        }
        throw new IllegalStateException();
    }

    /** Conjuncts read from the log source's clauses. */
    private List<Expr> clauseFacts = List.of();
    /** The {@code fillnull_value} of the query's tstats, if any. */
    private String tstatsFill;

    /** A reader through a profile as the lowering stage reads it back ({@code new ProfileReverse(profile)}). */
    public SplReader(ProfileReverse resolution) {
        this.resolution = resolution;
    }

    /** Reads one query as written by {@link SplBackend} ({@code format=query}). */
    public Query read(String spl) {
        // Comments and the log source prefix are blanked, not cut, so positions stay those of the input.
        String blanked = stripComments(spl);
        int lead = 0;
        while (lead < blanked.length() && Character.isWhitespace(blanked.charAt(lead))) lead++;
        String text = blanked.substring(lead).strip();
        ProfileReverse.Source ls = null;
        String rest = text;
        sources = null;
        if (text.startsWith("|")) {
            ls = resolution.dataModelOf(text, l -> clausesIn(l, text));
            if (ls == null) throw new SplReadException("no data model log source of profile " + resolution.profileName() + " matches the tstats search");
            String where = ls.attributes().get("where");
            if (where != null) rest = text.replace(" where " + where + " by", " by").replace(" where " + where + " ", " where ");
        } else if ((sources = stageSources(text)) != null) {
            // a sequence over several log sources: the search starts with the prefix they share, and each stage
            // names its own log source's rest of prefix with searchmatch()
            ls = sources.values().iterator().next();
            String head = headOf(ls, sources);
            rest = blanked.substring(0, lead) + " ".repeat(head.length()) + text.substring(head.length());
        } else {
            ls = resolution.searchPrefixOf(text, l -> clausesIn(l, text) > 0);
            if (ls == null) throw new SplReadException("the search does not start with a log source prefix of profile " + resolution.profileName());
            int best = ls.attributes().get("search").length();
            rest = blanked.substring(0, lead) + " ".repeat(best) + text.substring(best);
        }
        if (rest == text) rest = blanked.substring(0, lead) + text;
        // a clause that stands for an absorbed conjunct (an OS through the data's sourcetypes) reads as that conjunct
        tstatsFill = null;
        computedNames.clear();
        clauseFacts = new ArrayList<>();
        for (ProfileReverse.ClauseGroup g : resolution.clauseGroups(ls)) {
            String group = " " + SplWriter.clauseGroup(g.clauses());
            int at = rest.indexOf(group);
            if (at < 0) continue;
            rest = rest.substring(0, at) + " ".repeat(group.length()) + rest.substring(at + group.length());
            Span sp = Span.synthetic("clause of " + ls.id());
            List<Expr> alts = new ArrayList<>();
            for (String v : g.values()) alts.add(Literal.ofString(v, sp));
            clauseFacts.add(new In(new FieldRef(FieldPath.parse(g.field()), false, sp), alts, false, sp));
        }
        // a tstats where that held only clauses is left empty
        rest = rest.replaceAll(" where(\\s+by )", "      $1");
        currentLogsource = ls;
        PipelineContext tree = parse(rest);
        return toQuery(tree);
    }

    /** How many of the log source's clauses the query text holds, as the writer puts them in a search. */
    private int clausesIn(ProfileReverse.Source l, String text) {
        return resolution.clausesPresent(l, c -> text.contains(ConditionWriter.searchGroup(c)));
    }

    /** Replaces each ```comment``` by spaces (line breaks kept). */
    static String stripComments(String spl) {
        StringBuilder sb = new StringBuilder(spl);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?s)```.*?```").matcher(spl);
        while (m.find()) {
            for (int i = m.start(); i < m.end(); i++) if (sb.charAt(i) != '\n') sb.setCharAt(i, ' ');
        }
        return sb.toString();
    }

    private PipelineContext parse(String text) {
        SplSubsetLexer lexer = new SplSubsetLexer(CharStreams.fromString(text));
        SplSubsetParser parser = new SplSubsetParser(new CommonTokenStream(lexer));
        BaseErrorListener fail = new BaseErrorListener() {
            @Override
            public void syntaxError(Recognizer<?, ?> r, Object sym, int line, int col, String msg, RecognitionException e) {
                throw new ParseCancellationException(line + ":" + (col + 1) + ": " + msg);
            }
        };
        lexer.removeErrorListeners();
        lexer.addErrorListener(fail);
        parser.removeErrorListeners();
        parser.addErrorListener(fail);
        try {
            return parser.pipeline();
        } catch (ParseCancellationException e) {
            throw new SplReadException("SPL syntax: " + e.getMessage());
        }
    }

    // ------------------------------------------------------------------ fields

    /** The log source whose fields the query (or the stage or branch being read) names. */
    private ProfileReverse.Source currentLogsource;

    /** The fields the query computes ({@link SplArgv}), by eval name: their ECS names. */
    private final Map<String, String> computedNames = new LinkedHashMap<>();

    private FieldRef field(String target, Span span) {
        String computed = computedNames.get(target);
        if (computed != null) return new FieldRef(FieldPath.parse(computed), false, span);
        String ecs = resolution.writtenField(currentLogsource, target).orElseThrow(
                () -> new SplReadException(span + ": field " + target + " has no ECS field in log source " + currentLogsource.id()));
        return new FieldRef(FieldPath.parse(ecs), false, span);
    }

    private static Span span(ParserRuleContext c) {
        Token t = c.getStart();
        return Span.of(t.getLine(), t.getCharPositionInLine() + 1, t.getStartIndex(), c.getStop() == null ? t.getStopIndex() + 1 : c.getStop().getStopIndex() + 1);
    }

    private static Span span(TerminalNode n) {
        Token t = n.getSymbol();
        return Span.of(t.getLine(), t.getCharPositionInLine() + 1, t.getStartIndex(), t.getStopIndex() + 1);
    }

    // ------------------------------------------------------------------ pipeline

    private Query toQuery(PipelineContext p) {
        Span whole = span(p);
        Expr base = p.search() == null || sources != null ? null : search(p.search().searchAnd());
        for (Expr c : clauseFacts) base = and(base, c, c.span());
        List<Expr> wheres = new ArrayList<>();
        Map<String, EvalExprContext> assigned = new LinkedHashMap<>();
        boolean sequence = false;
        boolean sorted = false;
        boolean expanded = false;
        TreeMap<Integer, EvalExprContext> stageConds = new TreeMap<>();
        List<CommandContext> cmds = p.command();
        EvalExprContext unionWhere = null;
        unionSources = List.of();
        for (CommandContext c : cmds) {
            if (c instanceof TstatsCommandContext t) {
                for (OptionContext o : t.option()) {
                    if (o.NAME().getText().equals("fillnull_value") && o.optionValue().STRING() != null) {
                        tstatsFill = unquote(o.optionValue().STRING().getText());
                    }
                }
                if (t.searchAnd() != null) base = and(base, search(t.searchAnd()), span(t));
            } else if (c instanceof WhereCommandContext w) {
                if (!sequence && sources != null) {
                    unionWhere = w.evalExpr();
                    continue;
                }
                if (!sequence) wheres.add(eval(w.evalExpr()));
            } else if (c instanceof EvalCommandContext e) {
                if (readComputed(e)) continue;
                for (AssignmentContext a : e.assignment()) {
                    String name = a.NAME().getText();
                    assigned.put(name, a.evalExpr());
                    if (name.equals(SplWriter.STAGE)) {
                        sequence = true;
                        readStages(a.evalExpr(), stageConds);
                    }
                }
            } else if (c instanceof SortCommandContext s) {
                if (!s.NAME().getText().equals("_time")) throw new SplReadException("sort by " + s.NAME().getText() + " is not read");
                sorted = true;
            } else if (c instanceof MvexpandCommandContext m) {
                String name = m.NAME().getText();
                // mvexpand rp_kN: one row per value of a multi-valued join key, which is what EQL joins on anyway
                if (name.equals(SplWriter.STAGE)) expanded = true;
                else if (!name.matches("rp_k[0-9]+")) throw new SplReadException("mvexpand " + name + " is not read");
            } else if (c instanceof StreamstatsCommandContext) {
                if (!sequence) throw new SplReadException("streamstats outside a sequence pipeline is not read");
            }
        }
        if (!sequence && sources != null) return union(p, unionWhere, whole);
        if (!sequence) {
            Expr cond = base;
            for (Expr w : wheres) cond = and(cond, w, w.span());
            if (cond == null) cond = new Literal(Boolean.TRUE, whole);
            return new EventQuery(new Filter(Category.any(whole), cond, whole), List.of(), whole);
        }
        if (!sorted || !expanded || stageConds.isEmpty()) {
            throw new SplReadException("a sequence pipeline needs sort 0 _time, mvexpand " + SplWriter.STAGE + " and stage conditions");
        }
        int n = stageConds.lastKey();
        // join keys
        // maxspan from the last stage's time bound
        TimeSpan maxspan = null;
        EvalExprContext last = assigned.get("rp_s" + n);
        if (last == null) throw new SplReadException("the sequence pipeline does not compute rp_s" + n);
        BigDecimal seconds = timeBound(last);
        if (seconds != null) {
            BigDecimal ms = seconds.movePointRight(3);
            long millis = ms.longValueExact();
            maxspan = millis % 1000 == 0 ? new TimeSpan(millis / 1000, TimeSpan.Unit.S, whole) : new TimeSpan(millis, TimeSpan.Unit.MS, whole);
        }
        List<SequenceTerm> terms = new ArrayList<>();
        for (int j = 1; j <= n; j++) {
            EvalExprContext c = stageConds.get(j);
            if (c == null) throw new SplReadException("no condition for stage " + j);
            Expr stageBase = base;
            if (sources != null) {
                // the stage's log source names its fields; the base search's part for that log source restricts it
                String d = stageSource(c);
                ProfileReverse.Source l = sources.get(d);
                if (l == null) throw new SplReadException("stage " + j + " names no log source of the search");
                currentLogsource = l;
                stageBase = p.search() == null ? null : baseOf(p.search().searchAnd(), d);
            }
            List<Expr> keys = new ArrayList<>();
            for (int k = 1; assigned.containsKey("rp_k" + k); k++) keys.add(keyField(assigned.get("rp_k" + k), j));
            Expr cond = eval(c);
            if (stageBase != null) cond = and(stageBase, cond, cond.span());
            SequenceTerm term = new SequenceTerm(new Filter(Category.any(span(c)), cond, span(c)), keys, 1, false, span(c));
            SequenceTerm prev = terms.isEmpty() ? null : terms.get(terms.size() - 1);
            if (prev != null && sameStage(prev, term)) {
                // N equal stages in a row are what EQL means by one term "with runs=N"
                terms.set(terms.size() - 1, new SequenceTerm(prev.filter(), prev.keys(), prev.runs() + 1, false, prev.span()));
            } else {
                terms.add(term);
            }
        }
        return new SequenceQuery(List.of(), maxspan, terms, null, List.of(), whole);
    }

    /**
     * The log source of each branch of the union the last {@link #read} read (see {@code SplWriter#union}), in the
     * order of the disjunction it read the union as; empty when that query was no union.
     */
    public List<ProfileReverse.Source> unionSources() { return unionSources; }

    private List<ProfileReverse.Source> unionSources = List.of();

    /**
     * An event query over several log sources: {@code | where} is a disjunction of branches, each starting with the
     * searchmatch() of its log source's discriminator; a branch reads its fields through its log source and is
     * restricted by its part of the base search. Read as the disjunction of the branches, in order.
     */
    private Query union(PipelineContext p, EvalExprContext where, Span whole) {
        if (where == null || p.search() == null) throw new SplReadException("a union over several log sources needs its | where");
        List<EvalExprContext> branches = new ArrayList<>();
        disjuncts(where, branches);
        List<ProfileReverse.Source> ls = new ArrayList<>();
        List<Expr> conds = new ArrayList<>();
        for (EvalExprContext b : branches) {
            String d = stageSource(b);
            ProfileReverse.Source l = sources.get(d);
            if (l == null) throw new SplReadException("a branch of the union names no log source of the search");
            currentLogsource = l;
            Expr cond = eval(b);
            Expr base = baseOf(p.search().searchAnd(), d);
            if (base != null) cond = and(base, cond, cond.span());
            ls.add(l);
            conds.add(cond);
        }
        unionSources = List.copyOf(ls);
        Expr or = conds.size() == 1 ? conds.get(0) : new dev.ruleport.ir.Or(conds, whole);
        return new EventQuery(new Filter(Category.any(whole), or, whole), List.of(), whole);
    }

    /** The operands of a disjunction, parentheses around each left out. */
    private static void disjuncts(EvalExprContext e, List<EvalExprContext> out) {
        if (e instanceof EvalOrContext o) {
            disjuncts(o.evalExpr(0), out);
            disjuncts(o.evalExpr(1), out);
        } else if (e instanceof EvalParenContext par) {
            out.add(par.evalExpr());
        } else {
            out.add(e);
        }
    }

    /** The searchmatch() text a stage condition starts with ("" when none). */
    private static String stageSource(EvalExprContext c) {
        if (c instanceof EvalCallContext call && call.NAME().getText().equals("searchmatch") && call.evalExpr().size() == 1
                && call.evalExpr(0) instanceof EvalStringContext str) {
            return unquote(str.STRING().getText());
        }
        if (c instanceof EvalAndContext a) return stageSource(a.evalExpr(0));
        return "";
    }

    /**
     * The base search of a sequence over several log sources, for the stages of one: the writer makes it the union of
     * {@code (<log source's rest of prefix> <pre-filter>)} per stage; the alternatives that start with this log
     * source's text are read (without it) with its fields, the others cannot hold for its events' stage.
     */
    private Expr baseOf(SearchAndContext top, String d) {
        List<SearchAndContext> alternatives = new ArrayList<>();
        while (top.searchOr().size() == 1 && top.searchOr(0).searchNot().size() == 1
                && top.searchOr(0).searchNot(0).NOT() == null && top.searchOr(0).searchNot(0).searchAtom() instanceof SearchGroupContext g
                && !g.searchAnd().getText().equals(d.replace(" ", ""))) {
            top = g.searchAnd(); // the union is written in one group
        }
        if (top.searchOr().size() == 1) {
            for (SearchNotContext n : top.searchOr(0).searchNot()) {
                if (n.NOT() == null && n.searchAtom() instanceof SearchGroupContext g) alternatives.add(g.searchAnd());
                else alternatives.add(null);
            }
        }
        String key = d.replace(" ", "");
        Expr out = null;
        boolean found = false;
        if (alternatives.contains(null) || alternatives.isEmpty()) alternatives = List.of(top);
        for (SearchAndContext alt : alternatives) {
            List<SearchOrContext> ors = alt.searchOr();
            int from = 0;
            if (!d.isEmpty()) {
                if (!ors.get(0).getText().equals(key)) continue;
                from = 1;
            }
            found = true;
            Expr pre = null;
            for (int i = from; i < ors.size(); i++) pre = and(pre, searchOr(ors.get(i)), span(ors.get(i)));
            if (pre == null) return null; // this stage's events are not pre-filtered
            out = out == null ? pre : or(out, pre, pre.span());
        }
        if (!found && !d.isEmpty()) {
            // a single alternative is written without its group: the whole search is it
            throw new SplReadException("the base search has no part for the log source of searchmatch(\"" + d + "\")");
        }
        return out;
    }

    /** Same condition and join keys (spans aside). */
    private static boolean sameStage(SequenceTerm a, SequenceTerm b) {
        if (!EqlPrinter.print(a.filter().condition()).equals(EqlPrinter.print(b.filter().condition()))) return false;
        if (a.keys().size() != b.keys().size()) return false;
        for (int i = 0; i < a.keys().size(); i++) {
            if (!EqlPrinter.print(a.keys().get(i)).equals(EqlPrinter.print(b.keys().get(i)))) return false;
        }
        return true;
    }

    private void readStages(EvalExprContext e, Map<Integer, EvalExprContext> out) {
        if (!(e instanceof EvalCallContext call) || !call.NAME().getText().equals("mvappend")) {
            throw new SplReadException(SplWriter.STAGE + " must be mvappend(if(...), ...)");
        }
        for (EvalExprContext arg : call.evalExpr()) {
            if (!(arg instanceof EvalCallContext f) || !f.NAME().getText().equals("if") || f.evalExpr().size() != 3
                    || !(f.evalExpr(1) instanceof EvalStringContext s)) {
                throw new SplReadException("stage entries must be if(condition, \"n\", null())");
            }
            out.put(Integer.parseInt(unquote(s.STRING().getText())), f.evalExpr(0));
        }
    }

    private FieldRef keyField(EvalExprContext e, int stage) {
        if (e instanceof EvalFieldContext f) {
            String target = unquoteField(f.QFIELD().getText());
            String ecs = resolution.writtenKeys(currentLogsource).get(target);
            return ecs != null ? new FieldRef(FieldPath.parse(ecs), false, span(f)) : field(target, span(f));
        }
        if (e instanceof EvalCallContext c && c.NAME().getText().equals("mvdedup") && c.evalExpr().size() == 1) {
            return keyField(c.evalExpr(0), stage);
        }
        if (e instanceof EvalCallContext c && c.NAME().getText().equals("case")) {
            List<EvalExprContext> a = c.evalExpr();
            for (int i = 0; i + 1 < a.size(); i += 2) {
                if (a.get(i) instanceof EvalCompareContext cmp && cmp.evalExpr(1) instanceof EvalStringContext s
                        && unquote(s.STRING().getText()).equals(Integer.toString(stage))) {
                    return keyField(a.get(i + 1), stage);
                }
            }
        }
        throw new SplReadException("join key expression not read: " + e.getText());
    }

    /** The number S in {@code _time-rp_ptX<=S} inside the stage's if(). */
    private static BigDecimal timeBound(EvalExprContext e) {
        if (e instanceof EvalCompareContext c && c.op.getType() == SplSubsetParser.LE && c.evalExpr(0) instanceof EvalMinusContext m
                && m.evalExpr(0).getText().equals("_time") && c.evalExpr(1) instanceof EvalNumberContext num) {
            return new BigDecimal(num.getText());
        }
        for (int i = 0; i < e.getChildCount(); i++) {
            if (e.getChild(i) instanceof EvalExprContext x) {
                BigDecimal b = timeBound(x);
                if (b != null) return b;
            }
        }
        return null;
    }

    private static Expr and(Expr a, Expr b, Span span) {
        if (a == null) return b;
        if (b == null) return a;
        List<Expr> xs = new ArrayList<>();
        if (a instanceof And x) xs.addAll(x.operands()); else xs.add(a);
        if (b instanceof And x) xs.addAll(x.operands()); else xs.add(b);
        return new And(xs, span);
    }

    private static Expr or(Expr a, Expr b, Span span) {
        List<Expr> xs = new ArrayList<>();
        if (a instanceof Or x) xs.addAll(x.operands()); else xs.add(a);
        if (b instanceof Or x) xs.addAll(x.operands()); else xs.add(b);
        return new Or(xs, span);
    }

    // ------------------------------------------------------------------ search language

    private Expr search(SearchAndContext c) {
        Expr out = null;
        for (SearchOrContext o : c.searchOr()) out = and(out, searchOr(o), span(o));
        return out;
    }

    private Expr searchOr(SearchOrContext c) {
        Expr out = null;
        for (SearchNotContext n : c.searchNot()) {
            Expr x = searchNot(n);
            out = out == null ? x : or(out, x, span(c));
        }
        return out;
    }

    private Expr searchNot(SearchNotContext c) {
        if (c.NOT() != null) return new Not(searchNot(c.searchNot()), span(c));
        SearchAtomContext a = c.searchAtom();
        if (a instanceof SearchGroupContext g) return search(g.searchAnd());
        if (a instanceof SearchTermContext t) {
            return searchMatch(field(t.NAME().getText(), span(t.NAME())), List.of(t.searchValue()), span(t));
        }
        SearchInContext in = (SearchInContext) a;
        return searchMatch(field(in.NAME().getText(), span(in.NAME())), in.searchValue(), span(in));
    }

    /** Search terms: case-insensitive, {@code *} wildcard, {@code ?} literal. */
    private static Expr searchMatch(FieldRef f, List<SearchValueContext> values, Span span) {
        List<Literal> colon = new ArrayList<>();
        List<Expr> regexes = new ArrayList<>();
        for (SearchValueContext v : values) {
            String text = v.STRING() != null ? unquote(v.STRING().getText()) : v.getText();
            if (text.indexOf('?') < 0) {
                colon.add(Literal.ofString(text, span(v)));
            } else {
                StringBuilder re = new StringBuilder();
                for (String part : text.split("\\*", -1)) re.append(PcreToLucene.literal(part)).append(".*");
                String lucene = re.substring(0, re.length() - 2);
                regexes.add(new Match(Match.Kind.REGEX, f, List.of(Literal.ofString(lucene, span(v))), true, span(v)));
            }
        }
        List<Expr> alts = new ArrayList<>();
        if (!colon.isEmpty()) alts.add(new Match(Match.Kind.COLON, f, colon, true, span));
        alts.addAll(regexes);
        return alts.size() == 1 ? alts.get(0) : new Or(alts, span);
    }

    private static Span span(SearchValueContext v) { return SplReader.span((ParserRuleContext) v); }

    /**
     * An {@code | eval} that computes fields of the log source as the writer computes them ({@link SplArgv}: the
     * assignments, pair by pair, are the very text the writer gives the profile's computed field, from its column or
     * from the tstats-filled column): records their eval names. False when the eval is not such.
     */
    private boolean readComputed(EvalCommandContext e) {
        List<AssignmentContext> as = e.assignment();
        if (currentLogsource == null) return false;
        // a sequence or union over several log sources computes the fields of each of them
        Map<String, String> computable = new LinkedHashMap<>();
        for (ProfileReverse.Source l : sources != null ? List.copyOf(new java.util.LinkedHashSet<>(sources.values())) : List.of(currentLogsource)) {
            resolution.computedFields(l).forEach(computable::putIfAbsent);
        }
        Map<String, String> found = new LinkedHashMap<>();
        Map<SplArgv.Source, String> split = new java.util.HashMap<>();
        int i = 0;
        while (i < as.size()) {
            String one = original(as.get(i));
            String pair = i + 1 < as.size() ? one + ", " + original(as.get(i + 1)) : null;
            String ecs = null;
            int used = 0;
            for (Map.Entry<String, String> cf : computable.entrySet()) {
                SplArgv.Source src = SplArgv.parse(cf.getKey());
                if (src == null) continue;
                String name = SplArgv.evalName(cf.getValue());
                List<String> operands = new ArrayList<>(List.of(SplStrings.evalField(src.column())));
                if (tstatsFill != null) {
                    operands.add("nullif(" + SplStrings.evalField(src.column()) + ", " + SplStrings.quote(tstatsFill) + ")");
                }
                for (String operand : operands) {
                    // the Windows split is two assignments, a Linux one is one (its count two)
                    String written = SplArgv.assignments(name, operand, src);
                    int n = one.equals(written) ? 1 : pair != null && pair.equals(written) ? 2 : 0;
                    if (n > 0) {
                        ecs = cf.getValue();
                        used = n;
                        if (!src.count()) split.put(src, name);
                    }
                }
                // a count of arguments split earlier in this eval
                String args = src.count() ? split.get(src.arguments()) : null;
                if (used == 0 && args != null && one.equals(SplArgv.countOf(name, args))) {
                    ecs = cf.getValue();
                    used = 1;
                }
            }
            if (ecs == null) return false;
            found.put(SplArgv.evalName(ecs), ecs);
            i += used;
        }
        computedNames.putAll(found);
        return true;
    }

    private static String original(ParserRuleContext c) {
        return c.getStart().getInputStream().getText(
                org.antlr.v4.runtime.misc.Interval.of(c.getStart().getStartIndex(), c.getStop().getStopIndex()));
    }

    // ------------------------------------------------------------------ eval

    private Expr eval(EvalExprContext e) {
        Span sp = span(e);
        if (e instanceof EvalParenContext p) return eval(p.evalExpr());
        if (e instanceof EvalNotContext n) return new Not(eval(n.evalExpr()), sp);
        if (e instanceof EvalAndContext a) return and(eval(a.evalExpr(0)), eval(a.evalExpr(1)), sp);
        if (e instanceof EvalOrContext o) return or(eval(o.evalExpr(0)), eval(o.evalExpr(1)), sp);
        if (e instanceof EvalCompareContext c) return compare(c);
        if (e instanceof EvalInCallContext in) {
            List<EvalExprContext> a = in.evalExpr();
            FieldRef f = fieldArg(a.get(0));
            List<Expr> vals = new ArrayList<>();
            for (int i = 1; i < a.size(); i++) vals.add(constant(a.get(i)));
            return new In(f, vals, false, sp);
        }
        if (e instanceof EvalCallContext call) return call(call);
        throw new SplReadException(sp + ": not a condition: " + e.getText());
    }

    private Expr call(EvalCallContext call) {
        Span sp = span(call);
        String fn = call.NAME().getText();
        List<EvalExprContext> a = call.evalExpr();
        switch (fn) {
            case "true": return new Literal(Boolean.TRUE, sp);
            case "searchmatch":
                // a stage's log source, read into the stage's fields and base search (see baseOf)
                if (sources == null) throw new SplReadException(sp + ": searchmatch() outside a sequence over several log sources");
                return new Literal(Boolean.TRUE, sp);
            case "false": return new Literal(Boolean.FALSE, sp);
            case "isnull":
            case "isnotnull": {
                boolean isNull = fn.equals("isnull");
                EvalExprContext x = a.get(0);
                Expr inner;
                if (fieldName(x) != null) {
                    return new Compare(isNull ? Compare.Op.EQ : Compare.Op.NE, fieldArg(x), new Literal(null, sp), sp);
                } else if (x instanceof EvalCallContext c && c.NAME().getText().equals("mvfind")) {
                    inner = regex(c.evalExpr(0), c.evalExpr(1), sp);
                } else if (x instanceof EvalCallContext c && c.NAME().getText().equals("mvfilter")) {
                    inner = eval(c.evalExpr(0));
                } else if (x instanceof EvalCallContext c && c.NAME().getText().equals("tonumber")) {
                    // "not a number" only ever appears beside NOT (tonumber(f) op n), which holds for it too
                    return new Compare(isNull ? Compare.Op.EQ : Compare.Op.NE, fieldArg(c.evalExpr(0)), new Literal(null, sp), sp);
                } else if (x instanceof EvalCallContext c && c.NAME().getText().equals("len")) {
                    return new Compare(isNull ? Compare.Op.EQ : Compare.Op.NE, fieldArg(c.evalExpr(0)), new Literal(null, sp), sp);
                } else {
                    throw new SplReadException(sp + ": " + fn + "(" + x.getText() + ") is not read");
                }
                return isNull ? new Not(inner, sp) : inner;
            }
            case "match": return regex(a.get(0), a.get(1), sp);
            case "like": {
                FieldRef f = fieldArg(a.get(0));
                String p = stringArg(a.get(1));
                if (p.indexOf('*') < 0 && p.indexOf('?') < 0) {
                    return new Match(Match.Kind.LIKE, f, List.of(Literal.ofString(p.replace('%', '*').replace('_', '?'), sp)), false, sp);
                }
                StringBuilder re = new StringBuilder();
                for (char ch : p.toCharArray()) {
                    if (ch == '%') re.append(".*");
                    else if (ch == '_') re.append('.');
                    else re.append(PcreToLucene.literal(String.valueOf(ch)));
                }
                return new Match(Match.Kind.REGEX, f, List.of(Literal.ofString(re.toString(), sp)), false, sp);
            }
            case "cidrmatch": {
                String block = stringArg(a.get(0));
                return new Call(Function.CIDRMATCH, false, List.of(fieldArg(a.get(1)), Literal.ofString(block, sp)), sp);
            }
            default:
                throw new SplReadException(sp + ": eval function " + fn + "() is not read");
        }
    }

    private Expr regex(EvalExprContext fieldCtx, EvalExprContext patternCtx, Span sp) {
        FieldRef f = fieldArg(fieldCtx);
        PcreToLucene.Result r;
        try {
            r = PcreToLucene.convert(stringArg(patternCtx));
        } catch (IllegalArgumentException ex) {
            throw new SplReadException(sp + ": " + ex.getMessage());
        }
        return new Match(Match.Kind.REGEX, f, List.of(Literal.ofString(r.lucene(), sp)), r.caseInsensitive(), sp);
    }

    private Expr compare(EvalCompareContext c) {
        Span sp = span(c);
        Compare.Op op = switch (c.op.getType()) {
            case SplSubsetParser.EQEQ, SplSubsetParser.EQ -> Compare.Op.EQ;
            case SplSubsetParser.NEQ -> Compare.Op.NE;
            case SplSubsetParser.LT -> Compare.Op.LT;
            case SplSubsetParser.LE -> Compare.Op.LE;
            case SplSubsetParser.GT -> Compare.Op.GT;
            default -> Compare.Op.GE;
        };
        EvalExprContext l = c.evalExpr(0);
        EvalExprContext r = c.evalExpr(1);
        // substr(A, 1, len(B))==B  /  substr(A, -len(B))==B
        if (l instanceof EvalCallContext sub && sub.NAME().getText().equals("substr") && fieldName(r) != null && op == Compare.Op.EQ) {
            FieldRef a = fieldArg(sub.evalExpr(0));
            FieldRef bf = fieldArg(r);
            boolean prefix = sub.evalExpr().size() == 3 && sub.evalExpr(1).getText().equals("1");
            return new Call(prefix ? Function.STARTSWITH : Function.ENDSWITH, false, List.of(a, bf), sp);
        }
        Expr left;
        if (fieldName(l) != null) left = fieldArg(l);
        else if (l instanceof EvalCallContext call && call.NAME().getText().equals("tonumber")) left = fieldArg(call.evalExpr(0));
        else if (l instanceof EvalCallContext call && call.NAME().getText().equals("len")) {
            left = new Call(Function.LENGTH, false, List.of(fieldArg(call.evalExpr(0))), span(call));
        } else throw new SplReadException(sp + ": comparison not read: " + c.getText());
        Expr right = constant(r);
        if (l instanceof EvalCallContext call && call.NAME().getText().equals("tonumber") && !(((Literal) right).isNumber())) {
            throw new SplReadException(sp + ": tonumber() compared with a non-number");
        }
        return new Compare(op, left, right, sp);
    }

    /**
     * The field an eval operand reads: {@code 'f'}, or {@code nullif('f', "<fill>")} after a tstats that wrote
     * {@code <fill>} for a missing group-by field (the operand is then f, missing where tstats filled it). Null when
     * the operand is not a field.
     */
    private String fieldName(EvalExprContext e) {
        if (e instanceof EvalFieldContext f) return unquoteField(f.QFIELD().getText());
        if (e instanceof EvalCallContext c && c.NAME().getText().equals("nullif") && c.evalExpr().size() == 2
                && c.evalExpr(0) instanceof EvalFieldContext f && c.evalExpr(1) instanceof EvalStringContext v
                && tstatsFill != null && unquote(v.STRING().getText()).equals(tstatsFill)) {
            return unquoteField(f.QFIELD().getText());
        }
        return null;
    }

    private FieldRef fieldArg(EvalExprContext e) {
        String name = fieldName(e);
        if (name != null) return field(name, span(e));
        throw new SplReadException(span(e) + ": expected a 'field', found " + e.getText());
    }

    private static String stringArg(EvalExprContext e) {
        if (e instanceof EvalStringContext s) return unquote(s.STRING().getText());
        throw new SplReadException(span(e) + ": expected a string, found " + e.getText());
    }

    private static Literal constant(EvalExprContext e) {
        Span sp = span(e);
        if (e instanceof EvalStringContext s) return Literal.ofString(unquote(s.STRING().getText()), sp);
        if (e instanceof EvalNumberContext n) {
            String t = n.getText();
            if (t.contains(".")) return new Literal(Double.valueOf(t), sp);
            long v = Long.parseLong(t);
            return new Literal(v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE ? (Object) (int) v : (Object) v, sp);
        }
        throw new SplReadException(sp + ": expected a constant, found " + e.getText());
    }

    /** The value of an SPL string token: {@code \\} → {@code \}, {@code \"} → {@code "}. */
    static String unquote(String token) {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i < token.length() - 1; i++) {
            char c = token.charAt(i);
            if (c == '\\' && i + 1 < token.length() - 1 && (token.charAt(i + 1) == '\\' || token.charAt(i + 1) == '"')) {
                sb.append(token.charAt(++i));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String unquoteField(String token) {
        return token.substring(1, token.length() - 1);
    }
}
