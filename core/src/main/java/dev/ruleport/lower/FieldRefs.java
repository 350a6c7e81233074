package dev.ruleport.lower;

import dev.ruleport.ir.And;
import dev.ruleport.ir.Arithmetic;
import dev.ruleport.ir.Call;
import dev.ruleport.ir.Compare;
import dev.ruleport.ir.Expr;
import dev.ruleport.ir.ExprVisitor;
import dev.ruleport.ir.FieldRef;
import dev.ruleport.ir.In;
import dev.ruleport.ir.Literal;
import dev.ruleport.ir.Match;
import dev.ruleport.ir.Negate;
import dev.ruleport.ir.Not;
import dev.ruleport.ir.Or;
import java.util.ArrayList;
import java.util.List;

/** The field references of an expression, in source order, repeats kept. */
final class FieldRefs implements ExprVisitor<Void> {
    private final List<FieldRef> out = new ArrayList<>();

    private FieldRefs() {}

    static List<FieldRef> in(Expr e) {
        FieldRefs v = new FieldRefs();
        e.accept(v);
        return v.out;
    }

    private Void all(List<? extends Expr> xs) {
        for (Expr x : xs) x.accept(this);
        return null;
    }

    @Override public Void visitLiteral(Literal node) { return null; }
    @Override public Void visitField(FieldRef node) { out.add(node); return null; }
    @Override public Void visitAnd(And node) { return all(node.operands()); }
    @Override public Void visitOr(Or node) { return all(node.operands()); }
    @Override public Void visitNot(Not node) { return node.operand().accept(this); }
    @Override public Void visitCompare(Compare node) { return all(List.of(node.left(), node.right())); }
    @Override public Void visitMatch(Match node) { return node.subject().accept(this); }
    @Override public Void visitIn(In node) { node.subject().accept(this); return all(node.values()); }
    @Override public Void visitCall(Call node) { return all(node.args()); }
    @Override public Void visitArithmetic(Arithmetic node) { return all(List.of(node.left(), node.right())); }
    @Override public Void visitNegate(Negate node) { return node.operand().accept(this); }
}
