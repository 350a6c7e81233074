package dev.ruleport.ir;

import dev.ruleport.diag.Span;
import java.util.ArrayList;
import java.util.List;

/** {@code category where condition}: the body of an event query or of a sequence/sample term. */
public record Filter(Category category, Expr condition, Span span) {

    /**
     * The test a named category stands for: {@code <categoryField> == "name"} (exact, case-sensitive, any value of
     * an array), with a synthetic span that says where it came from; null for {@code any}. The one place the
     * category keyword is expanded.
     */
    public Compare categoryTest(String categoryField) {
        if (category.isAny()) return null;
        Span s = Span.synthetic("category of `" + category.name() + " where`");
        return new Compare(Compare.Op.EQ, new FieldRef(FieldPath.parse(categoryField), false, s),
                new Literal(category.name(), category.span()), category.span());
    }

    /** Whether {@code e} is a test made by {@link #categoryTest} (the compiler's, not the user's). */
    public static boolean isCategoryTest(Expr e) {
        return e instanceof Compare c && c.left() instanceof FieldRef f && f.span().isSynthetic()
                && f.span().syntheticReason().startsWith("category of `");
    }

    /** The category test and the condition as one expression (the condition alone for {@code any}). */
    public Expr fullCondition(String categoryField) {
        Compare cat = categoryTest(categoryField);
        if (cat == null) return condition;
        if (condition instanceof Literal l && Boolean.TRUE.equals(l.value())) return cat;
        List<Expr> ops = new ArrayList<>();
        ops.add(cat);
        if (condition instanceof And a) ops.addAll(a.operands());
        else ops.add(condition);
        return new And(ops, span);
    }
}
