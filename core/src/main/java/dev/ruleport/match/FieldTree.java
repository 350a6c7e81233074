package dev.ruleport.match;

import dev.ruleport.compile.CompiledRule;
import dev.ruleport.ir.And;
import dev.ruleport.ir.Arithmetic;
import dev.ruleport.ir.Call;
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
import dev.ruleport.ir.SampleQuery;
import dev.ruleport.ir.SampleTerm;
import dev.ruleport.ir.SequenceQuery;
import dev.ruleport.ir.SequenceTerm;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The field paths some rule reads, as a tree of name segments, so that {@link EventParser} can leave the rest of an
 * event unread. A key of the event is kept when its path (the keys above it and itself, joined with dots, the way
 * {@code FieldAccessor} treats {@code {"a.b": 1}} and {@code {"a": {"b": 1}}} as one field) leads to a path read, or
 * lies inside one (a rule reading an object field gets all of it). Index segments ({@code [0]}) are left out of the
 * paths: arrays are kept whole, element by element, so positions do not move. Immutable.
 */
final class FieldTree {
    /** What to do with a key. */
    static final int SKIP = 0;
    static final int DESCEND = 1;
    static final int WHOLE = 2;

    private final Map<String, FieldTree> children = new HashMap<>();
    private boolean whole;            // a path read ends here: keep everything below

    private FieldTree() {}

    /** The tree of {@code paths}, each written with dots between its names. */
    static FieldTree of(Collection<String> paths) {
        FieldTree root = new FieldTree();
        for (String p : paths) {
            FieldTree node = root;
            for (String name : p.split("\\.", -1)) node = node.children.computeIfAbsent(name, k -> new FieldTree());
            node.whole = true;
        }
        return root;
    }

    /** Every field the rules can read (their field references and category fields), and {@code also} (dotted paths). */
    static FieldTree of(List<CompiledRule> rules, Collection<String> also) {
        Set<String> paths = new TreeSet<>(also);
        for (CompiledRule rule : rules) {
            paths.add(rule.rule().categoryField());
            List<Filter> filters = new ArrayList<>();
            List<Expr> exprs = new ArrayList<>();
            if (rule.query() instanceof EventQuery q) {
                filters.add(q.filter());
            } else if (rule.query() instanceof SequenceQuery q) {
                exprs.addAll(q.keys());
                List<SequenceTerm> terms = new ArrayList<>(q.terms());
                if (q.until() != null) terms.add(q.until());
                for (SequenceTerm t : terms) {
                    filters.add(t.filter());
                    exprs.addAll(t.keys());
                }
            } else if (rule.query() instanceof SampleQuery q) {
                exprs.addAll(q.keys());
                for (SampleTerm t : q.terms()) {
                    filters.add(t.filter());
                    exprs.addAll(t.keys());
                }
            }
            for (Filter f : filters) exprs.add(f.condition());
            Collector c = new Collector(paths);
            for (Expr e : exprs) e.accept(c);
        }
        return of(paths);
    }

    /** Where the key {@code key} of an object at this node leads: null to skip it, this tree's {@link #whole} node to keep all. */
    FieldTree child(String key) {
        FieldTree next = children.get(key);
        if (next != null || key.indexOf('.') < 0) return next;
        // a dotted key spells several names at once
        FieldTree node = this;
        int from = 0;
        while (true) {
            int dot = key.indexOf('.', from);
            node = node.children.get(dot < 0 ? key.substring(from) : key.substring(from, dot));
            if (node == null || node.whole || dot < 0) return node;
            from = dot + 1;
        }
    }

    /** True when everything below this node is read. */
    boolean whole() { return whole; }

    /** Adds the name part of every field reference it sees. */
    private record Collector(Set<String> paths) implements ExprVisitor<Void> {
        private Void all(List<? extends Expr> exprs) {
            for (Expr e : exprs) e.accept(this);
            return null;
        }

        @Override public Void visitLiteral(Literal node) { return null; }

        @Override public Void visitField(FieldRef node) {
            paths.add(names(node.path()));
            return null;
        }

        @Override public Void visitAnd(And node) { return all(node.operands()); }

        @Override public Void visitOr(Or node) { return all(node.operands()); }

        @Override public Void visitNot(Not node) { return node.operand().accept(this); }

        @Override public Void visitCompare(Compare node) { return all(List.of(node.left(), node.right())); }

        @Override public Void visitMatch(Match node) { return node.subject().accept(this); }

        @Override public Void visitIn(In node) {
            node.subject().accept(this);
            return all(node.values());
        }

        @Override public Void visitCall(Call node) { return all(node.args()); }

        @Override public Void visitArithmetic(Arithmetic node) { return all(List.of(node.left(), node.right())); }

        @Override public Void visitNegate(Negate node) { return node.operand().accept(this); }
    }

    /** The path's names joined with dots, index segments left out (a quoted name with dots is several names, as in lookup). */
    private static String names(FieldPath path) {
        StringBuilder sb = new StringBuilder();
        for (String s : path.segments()) {
            if (FieldPath.isIndex(s)) continue;
            if (!sb.isEmpty()) sb.append('.');
            sb.append(s);
        }
        return sb.toString();
    }
}
