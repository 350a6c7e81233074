package dev.ruleport.mapping;

import dev.ruleport.diag.Span;
import dev.ruleport.ir.And;
import dev.ruleport.ir.Category;
import dev.ruleport.ir.Compare;
import dev.ruleport.ir.Expr;
import dev.ruleport.ir.FieldPath;
import dev.ruleport.ir.FieldRef;
import dev.ruleport.ir.Filter;
import dev.ruleport.ir.In;
import dev.ruleport.ir.Literal;
import dev.ruleport.ir.Match;
import dev.ruleport.ir.Not;
import dev.ruleport.ir.Or;
import java.util.ArrayList;
import java.util.List;

/** Hand-built IR for tests (no parser on this branch). */
final class Ir {
    private Ir() {}

    static FieldRef field(String name) { return new FieldRef(FieldPath.parse(name), false, Span.NONE); }

    static Literal lit(Object v) { return new Literal(v, Span.NONE); }

    static Expr eq(String f, Object v) { return new Compare(Compare.Op.EQ, field(f), lit(v), Span.NONE); }

    static Expr ne(String f, Object v) { return new Compare(Compare.Op.NE, field(f), lit(v), Span.NONE); }

    static Expr colon(String f, String... patterns) {
        List<Literal> ps = new ArrayList<>();
        for (String p : patterns) ps.add(lit(p));
        return new Match(Match.Kind.COLON, field(f), ps, true, Span.NONE);
    }

    static Expr in(String f, Object... values) {
        List<Expr> vs = new ArrayList<>();
        for (Object v : values) vs.add(lit(v));
        return new In(field(f), vs, false, Span.NONE);
    }

    static Expr and(Expr... xs) { return new And(List.of(xs), Span.NONE); }

    static Expr or(Expr... xs) { return new Or(List.of(xs), Span.NONE); }

    static Expr not(Expr x) { return new Not(x, Span.NONE); }

    static Filter filter(String category, Expr condition) {
        Category c = category == null ? Category.any(Span.NONE) : new Category(category, Span.NONE);
        return new Filter(c, condition, Span.NONE);
    }

    /** The seed rule: LSASS clone creation via PssCaptureSnapShot. */
    static Filter seed() {
        return filter("process", and(
                eq("host.os.type", "windows"),
                colon("event.code", "4688"),
                colon("process.executable", "?:\\Windows\\System32\\lsass.exe"),
                colon("process.parent.executable", "?:\\Windows\\System32\\lsass.exe")));
    }

    static final List<String> SEED_INDEX = List.of("logs-system.security*", "logs-windows.forwarded*", "winlogbeat-*");
}
