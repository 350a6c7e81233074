package dev.ruleport.sigma;

import dev.ruleport.diag.Span;
import dev.ruleport.ir.Expr;
import dev.ruleport.ir.Not;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * A Sigma {@code condition}: {@code or < and < not < x of < ( )} over search identifiers ({@code
 * [A-Za-z0-9_-]+}); {@code 1 of}, {@code any of} and {@code all of} a pattern ({@code *} wildcards) or
 * {@code them} (which skips identifiers starting with {@code _}). Keywords are read case-insensitively.
 * Refused by name: Sigma 1 aggregations ({@code | count() ...}), {@code near}, and quantifiers other than 1, any
 * and all. Problems are reported at the token's column in the file; parsing stops at the first.
 */
final class SigmaCondition {
    private static final Pattern TOKEN = Pattern.compile("\\s*([()|]|[A-Za-z0-9_*.-]+|\\S)");

    /** A search identifier's expression; null when the identifier itself had errors (already reported). */
    record Identifier(Expr expr, boolean failed) {}

    private record Token(String text, int offset) {}

    private final ScalarNode node;
    private final String text;
    private final Map<String, Identifier> identifiers;
    private final BiConsumer<Span, String> error;
    private final List<Token> tokens = new ArrayList<>();
    private int pos;
    private boolean failed;

    private SigmaCondition(ScalarNode node, Map<String, Identifier> identifiers, BiConsumer<Span, String> error) {
        this.node = node;
        this.text = node.getValue();
        this.identifiers = identifiers;
        this.error = error;
        Matcher m = TOKEN.matcher(text);
        while (m.find()) tokens.add(new Token(m.group(1), m.start(1)));
    }

    /** The condition's expression, or null after reporting the first problem (or when an identifier it uses failed). */
    static Expr parse(ScalarNode node, Map<String, Identifier> identifiers, BiConsumer<Span, String> error) {
        SigmaCondition c = new SigmaCondition(node, identifiers, error);
        if (c.tokens.isEmpty()) {
            error.accept(YamlTree.span(node), "empty condition");
            return null;
        }
        Expr e = c.or();
        if (c.failed) return null;
        if (c.pos < c.tokens.size()) {
            Token t = c.tokens.get(c.pos);
            c.fail(t, t.text().equals("|") ? c.aggregation(t) : "unexpected '" + t.text() + "' in condition");
            return null;
        }
        return e;
    }

    private Expr or() {
        List<Expr> parts = new ArrayList<>();
        parts.add(and());
        while (!failed && accept("or")) parts.add(and());
        return failed ? null : Exprs.or(parts);
    }

    private Expr and() {
        List<Expr> parts = new ArrayList<>();
        parts.add(not());
        while (!failed && accept("and")) parts.add(not());
        return failed ? null : Exprs.and(parts);
    }

    private Expr not() {
        if (accept("not")) {
            Token at = tokens.get(pos - 1);
            Expr inner = not();
            return failed ? null : new Not(inner, spanOf(at));
        }
        return primary();
    }

    private Expr primary() {
        if (failed) return null;
        if (pos >= tokens.size()) {
            error.accept(YamlTree.spanAt(node, text.length()), "condition ends where an identifier was expected");
            failed = true;
            return null;
        }
        Token t = tokens.get(pos++);
        if (t.text().equals("(")) {
            Expr e = or();
            if (failed) return null;
            if (!accept(")")) {
                fail(pos < tokens.size() ? tokens.get(pos) : t, "missing ')' in condition");
                return null;
            }
            return e;
        }
        if (t.text().equals("|")) {
            fail(t, aggregation(t));
            return null;
        }
        String lower = t.text().toLowerCase(Locale.ROOT);
        if (pos < tokens.size() && tokens.get(pos).text().equalsIgnoreCase("of")) {
            if (!lower.equals("1") && !lower.equals("any") && !lower.equals("all")) {
                fail(t, "'" + t.text() + " of' in condition: Sigma quantifiers are 1, any and all");
                return null;
            }
            pos++;
            if (pos >= tokens.size()) {
                fail(tokens.get(pos - 1), "'of' without an identifier pattern in condition");
                return null;
            }
            Token pattern = tokens.get(pos++);
            List<Expr> matched = new ArrayList<>();
            boolean them = pattern.text().equalsIgnoreCase("them");
            Pattern p = Pattern.compile(Pattern.quote(pattern.text()).replace("*", "\\E.*\\Q"));
            for (Map.Entry<String, Identifier> e : identifiers.entrySet()) {
                boolean hit = them ? !e.getKey().startsWith("_") : p.matcher(e.getKey()).matches();
                if (!hit) continue;
                if (e.getValue().failed()) { failed = true; continue; }
                matched.add(e.getValue().expr());
            }
            if (failed) return null;
            if (matched.isEmpty()) {
                fail(pattern, "'" + pattern.text() + "' matches no search identifier");
                return null;
            }
            return lower.equals("all") ? Exprs.and(matched) : Exprs.or(matched);
        }
        if (lower.equals("near")) {
            fail(t, "'near' in condition (Sigma 1 temporal proximity): use a temporal correlation rule");
            return null;
        }
        Identifier id = identifiers.get(t.text());
        if (id == null) {
            fail(t, "unknown search identifier '" + t.text() + "' in condition" + suggestion(t.text()));
            return null;
        }
        if (id.failed()) {
            failed = true;
            return null;
        }
        return id.expr();
    }

    private String aggregation(Token t) {
        return "Sigma 1 aggregation '" + text.substring(t.offset()).strip() + "' in condition: use a correlation rule "
                + "(ruleport reads event_count and temporal_ordered correlations)";
    }

    private String suggestion(String name) {
        for (String known : identifiers.keySet()) {
            if (known.equalsIgnoreCase(name)) return " (did you mean '" + known + "'?)";
        }
        return identifiers.isEmpty() ? "" : "; the detection defines " + String.join(", ", identifiers.keySet());
    }

    private boolean accept(String word) {
        if (pos < tokens.size() && tokens.get(pos).text().equalsIgnoreCase(word)) {
            pos++;
            return true;
        }
        return false;
    }

    private void fail(Token at, String message) {
        error.accept(spanOf(at), message);
        failed = true;
    }

    private Span spanOf(Token t) { return YamlTree.spanAt(node, t.offset()); }
}
