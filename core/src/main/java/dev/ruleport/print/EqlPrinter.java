package dev.ruleport.print;

import dev.ruleport.ir.And;
import dev.ruleport.ir.Arithmetic;
import dev.ruleport.ir.Call;
import dev.ruleport.ir.Category;
import dev.ruleport.ir.Compare;
import dev.ruleport.ir.EventQuery;
import dev.ruleport.ir.Expr;
import dev.ruleport.ir.ExprVisitor;
import dev.ruleport.ir.FieldPath;
import dev.ruleport.ir.FieldRef;
import dev.ruleport.ir.Filter;
import dev.ruleport.ir.In;
import dev.ruleport.ir.Literal;
import dev.ruleport.ir.Match;
import dev.ruleport.ir.Negate;
import dev.ruleport.ir.Not;
import dev.ruleport.ir.Or;
import dev.ruleport.ir.Pipe;
import dev.ruleport.ir.Query;
import dev.ruleport.ir.QueryVisitor;
import dev.ruleport.ir.SampleQuery;
import dev.ruleport.ir.SampleTerm;
import dev.ruleport.ir.SequenceQuery;
import dev.ruleport.ir.SequenceTerm;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * IR to canonical EQL text. Parsing the output gives a tree equal to the input: the printer adds
 * parentheses by precedence, writes strings with the escapes the lexer reads back, and quotes
 * field segments that are not plain identifiers. Comments and original spacing are not kept.
 */
public final class EqlPrinter {
    private static final Pattern IDENT = Pattern.compile("[A-Za-z_@][A-Za-z0-9_]*");
    private static final Set<String> KEYWORDS = Set.of("and", "any", "by", "false", "in", "join", "like", "maxspan",
            "not", "null", "of", "or", "regex", "sample", "sequence", "true", "until", "where", "with");

    // precedence levels, loosest first
    private static final int OR = 1;
    private static final int AND = 2;
    private static final int NOT = 3;
    private static final int CMP = 4;
    private static final int ADD = 5;
    private static final int MUL = 6;
    private static final int UNARY = 7;
    private static final int PRIMARY = 8;

    private EqlPrinter() {}

    public static String print(Query query) {
        StringBuilder sb = new StringBuilder();
        query.accept(new QueryVisitor<Void>() {
            @Override public Void visitEvent(EventQuery q) {
                sb.append(filter(q.filter()));
                return null;
            }

            @Override public Void visitSequence(SequenceQuery q) {
                sb.append("sequence");
                if (!q.keys().isEmpty()) sb.append(" by ").append(list(q.keys()));
                if (q.maxspan() != null) sb.append(" with maxspan=").append(q.maxspan());
                for (SequenceTerm t : q.terms()) sb.append('\n').append("  ").append(term(t));
                if (q.until() != null) sb.append('\n').append("until ").append(term(q.until()));
                return null;
            }

            @Override public Void visitSample(SampleQuery q) {
                sb.append("sample");
                if (!q.keys().isEmpty()) sb.append(" by ").append(list(q.keys()));
                for (SampleTerm t : q.terms()) {
                    sb.append('\n').append("  [").append(filter(t.filter())).append(']');
                    if (!t.keys().isEmpty()) sb.append(" by ").append(list(t.keys()));
                }
                return null;
            }
        });
        for (Pipe p : query.pipes()) sb.append(" | ").append(p.kind().name().toLowerCase(Locale.ROOT)).append(' ').append(p.count());
        return sb.toString();
    }

    private static String term(SequenceTerm t) {
        StringBuilder sb = new StringBuilder(t.missing() ? "![" : "[").append(filter(t.filter())).append(']');
        if (!t.keys().isEmpty()) sb.append(" by ").append(list(t.keys()));
        if (t.runs() != 1) sb.append(" with runs=").append(t.runs());
        return sb.toString();
    }

    public static String filter(Filter f) {
        return category(f.category()) + " where " + print(f.condition());
    }

    private static String category(Category c) {
        if (c.isAny()) return "any";
        return IDENT.matcher(c.name()).matches() && !KEYWORDS.contains(c.name()) ? c.name() : string(c.name());
    }

    private static String list(List<Expr> exprs) {
        StringBuilder sb = new StringBuilder();
        for (Expr e : exprs) {
            if (!sb.isEmpty()) sb.append(", ");
            sb.append(print(e, OR));
        }
        return sb.toString();
    }

    public static String print(Expr e) { return print(e, OR); }

    /** Prints {@code e} in a context that binds at least as tight as {@code context}. */
    private static String print(Expr e, int context) {
        int own = precedence(e);
        String text = e.accept(new Printer());
        return own < context ? "(" + text + ")" : text;
    }

    private static int precedence(Expr e) {
        if (e instanceof Or) return OR;
        if (e instanceof And) return AND;
        if (e instanceof Not n) return n.operand() instanceof In ? CMP : NOT;
        if (e instanceof Compare || e instanceof Match || e instanceof In) return CMP;
        if (e instanceof Arithmetic a) {
            return a.op() == Arithmetic.Op.ADD || a.op() == Arithmetic.Op.SUB ? ADD : MUL;
        }
        if (e instanceof Negate) return UNARY;
        return PRIMARY;
    }

    private static final class Printer implements ExprVisitor<String> {
        @Override public String visitLiteral(Literal l) { return literal(l.value()); }

        @Override public String visitField(FieldRef f) { return field(f.path(), f.optional()); }

        @Override public String visitAnd(And a) { return join(a.operands(), " and ", AND); }

        @Override public String visitOr(Or o) { return join(o.operands(), " or ", OR); }

        private String join(List<Expr> ops, String sep, int level) {
            StringBuilder sb = new StringBuilder();
            for (Expr op : ops) {
                if (!sb.isEmpty()) sb.append(sep);
                // same-level children are parenthesised: the IR keeps connectives flattened, so a nested
                // same connective can only come from explicit grouping that must survive a round trip
                sb.append(print(op, level + 1));
            }
            return sb.toString();
        }

        @Override public String visitNot(Not n) {
            if (n.operand() instanceof In in) {
                return inText(in, true);
            }
            return "not " + print(n.operand(), NOT);
        }

        @Override public String visitCompare(Compare c) {
            return print(c.left(), ADD) + " " + c.op().symbol() + " " + print(c.right(), ADD);
        }

        @Override public String visitMatch(Match m) {
            String op = switch (m.kind()) {
                case COLON -> ":";
                case LIKE -> m.caseInsensitive() ? "like~" : "like";
                case REGEX -> m.caseInsensitive() ? "regex~" : "regex";
            };
            StringBuilder sb = new StringBuilder(print(m.subject(), PRIMARY)).append(op.equals(":") ? " : " : " " + op + " ");
            if (m.patterns().size() == 1) {
                sb.append(literal(m.patterns().get(0).value()));
            } else {
                sb.append('(');
                for (int i = 0; i < m.patterns().size(); i++) {
                    if (i > 0) sb.append(", ");
                    sb.append(literal(m.patterns().get(i).value()));
                }
                sb.append(')');
            }
            return sb.toString();
        }

        @Override public String visitIn(In in) { return inText(in, false); }

        private String inText(In in, boolean negated) {
            StringBuilder sb = new StringBuilder(print(in.subject(), PRIMARY));
            sb.append(negated ? " not in " : in.caseInsensitive() ? " in~ " : " in ");
            sb.append('(').append(list(in.values())).append(')');
            if (negated && in.caseInsensitive()) {
                // `not in~` has no infix form: write the prefix negation instead
                return "not " + print(in.subject(), PRIMARY) + " in~ (" + list(in.values()) + ")";
            }
            return sb.toString();
        }

        @Override public String visitCall(Call c) {
            return c.function().displayName() + (c.caseInsensitive() ? "~" : "") + "(" + list(c.args()) + ")";
        }

        @Override public String visitArithmetic(Arithmetic a) {
            int level = precedence(a);
            // left-associative: the right operand of the same level needs parentheses
            return print(a.left(), level) + " " + a.op().symbol() + " " + print(a.right(), level + 1);
        }

        @Override public String visitNegate(Negate n) { return "-" + print(n.operand(), UNARY + 1); }
    }

    public static String field(FieldPath path, boolean optional) {
        StringBuilder sb = new StringBuilder(optional ? "?" : "");
        boolean first = true;
        for (String seg : path.segments()) {
            if (FieldPath.isIndex(seg)) {
                sb.append(seg);
                continue;
            }
            if (!first) sb.append('.');
            first = false;
            if (IDENT.matcher(seg).matches() && !KEYWORDS.contains(seg)) sb.append(seg);
            else sb.append('`').append(seg.replace("`", "``")).append('`');
        }
        return sb.toString();
    }

    public static String literal(Object v) {
        if (v == null) return "null";
        if (v instanceof String s) return string(s);
        if (v instanceof Double d) {
            String s = Double.toString(d);
            return s;
        }
        return v.toString();
    }

    /** A double-quoted EQL string with every character the lexer would misread escaped. */
    public static String string(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            switch (cp) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (cp < 0x20 || cp == 0x7f) sb.append(String.format(Locale.ROOT, "\\u{%02x}", cp));
                    else sb.appendCodePoint(cp);
                }
            }
        }
        return sb.append('"').toString();
    }
}
