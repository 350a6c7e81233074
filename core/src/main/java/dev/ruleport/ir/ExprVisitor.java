package dev.ruleport.ir;

/** One method per expression node; a backend implementing it is forced to consider every node. */
public interface ExprVisitor<R> {
    R visitLiteral(Literal node);
    R visitField(FieldRef node);
    R visitAnd(And node);
    R visitOr(Or node);
    R visitNot(Not node);
    R visitCompare(Compare node);
    R visitMatch(Match node);
    R visitIn(In node);
    R visitCall(Call node);
    R visitArithmetic(Arithmetic node);
    R visitNegate(Negate node);
}
