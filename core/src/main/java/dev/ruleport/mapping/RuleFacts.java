package dev.ruleport.mapping;

import dev.ruleport.ir.And;
import dev.ruleport.ir.Call;
import dev.ruleport.ir.Compare;
import dev.ruleport.ir.Expr;
import dev.ruleport.ir.FieldRef;
import dev.ruleport.ir.Filter;
import dev.ruleport.ir.In;
import dev.ruleport.ir.Literal;
import dev.ruleport.ir.Match;
import dev.ruleport.ir.Not;
import dev.ruleport.ir.Or;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a rule's query says about its data source, read from the top-level conjuncts of one filter.
 *
 * <p>A <em>fact</em> is a top-level conjunct that restricts one field to a finite set of constants:
 * {@code f == "v"}, {@code f : "v"}, {@code f like "v"} (no wildcard), {@code f in ("a", "b")},
 * {@code f in~ (...)}, or an {@code or} of such conjuncts on the same field (the union). Conjuncts under
 * {@code not}, wildcard or regex patterns, and disjunctions that mix fields are not facts. Several facts on one
 * field intersect. Values are kept lower-cased (Locale.ROOT) and compared case-insensitively: a fact is
 * "the events this rule can match have one of these values", and the data the profiles describe writes them
 * in one case. The category keyword is a fact on the category field ({@code event.category}, or the rule's
 * {@code event_category_override}).
 *
 * @param values         field → values it is restricted to (only restricted fields are keys)
 * @param requiredFields fields that a positive top-level conjunct tests, so every matching event has them
 * @param indexPatterns  the rule's index patterns, as given
 * @param categoryField  the field the category keyword compares, normally {@code event.category}
 */
public record RuleFacts(Map<String, Set<String>> values, Set<String> requiredFields, List<String> indexPatterns,
                        String categoryField) {
    public static final String EVENT_CATEGORY = "event.category";
    public static final String OS_TYPE = "host.os.type";
    public static final String EVENT_CODE = "event.code";
    public static final String EVENT_ACTION = "event.action";
    public static final String EVENT_TYPE = "event.type";

    public RuleFacts {
        Map<String, Set<String>> copy = new LinkedHashMap<>();
        values.forEach((k, v) -> copy.put(k, Collections.unmodifiableSet(new LinkedHashSet<>(v))));
        values = Collections.unmodifiableMap(copy);
        requiredFields = Collections.unmodifiableSet(new LinkedHashSet<>(requiredFields));
        indexPatterns = List.copyOf(indexPatterns);
        Objects.requireNonNull(categoryField, "categoryField");
    }

    /** Facts of one filter, with the category keyword compared against {@code categoryField} (null = event.category). */
    public static RuleFacts from(Filter filter, List<String> indexPatterns, String categoryField) {
        String catField = categoryField == null || categoryField.isBlank() ? EVENT_CATEGORY : categoryField;
        Map<String, Set<String>> values = new LinkedHashMap<>();
        Set<String> required = new LinkedHashSet<>();
        if (!filter.category().isAny()) {
            restrict(values, catField, Set.of(lower(filter.category().name())));
        }
        for (Expr conjunct : conjuncts(filter.condition())) {
            Optional<Fact> fact = factOf(conjunct);
            fact.ifPresent(f -> restrict(values, f.field(), f.values()));
            required.addAll(requiredBy(conjunct));
        }
        return new RuleFacts(values, required, indexPatterns == null ? List.of() : indexPatterns, catField);
    }

    /** Facts of an expression alone (the top-level conjuncts of {@code condition}), category {@code any}. */
    public static RuleFacts of(Expr condition) {
        return from(new Filter(dev.ruleport.ir.Category.any(condition.span()), condition, condition.span()),
                List.of(), null);
    }

    /** The event category this rule is restricted to, if exactly one (keyword, or an {@code event.category} fact). */
    public Optional<String> category() {
        Set<String> cats = values(EVENT_CATEGORY);
        return cats.size() == 1 ? Optional.of(cats.iterator().next()) : Optional.empty();
    }

    /** The values {@code field} is restricted to; empty when the rule does not restrict it. */
    public Set<String> values(String field) { return values.getOrDefault(field, Set.of()); }

    public boolean restricts(String field) { return values.containsKey(field); }

    public Set<String> os() { return values(OS_TYPE); }
    public Set<String> codes() { return values(EVENT_CODE); }
    public Set<String> actions() { return values(EVENT_ACTION); }
    public Set<String> types() { return values(EVENT_TYPE); }

    // ---- extraction -------------------------------------------------------------------------------

    /** A restriction of one field to a set of constants. */
    record Fact(String field, Set<String> values) {}

    static List<Expr> conjuncts(Expr condition) {
        if (condition instanceof And and) return and.operands();
        if (condition instanceof Literal lit && Boolean.TRUE.equals(lit.value())) return List.of();
        return List.of(condition);
    }

    private static void restrict(Map<String, Set<String>> values, String field, Set<String> vals) {
        Set<String> previous = values.get(field);
        if (previous == null) {
            values.put(field, new LinkedHashSet<>(vals));
            return;
        }
        Set<String> both = new LinkedHashSet<>(previous);
        both.retainAll(vals);
        // An empty intersection means the rule can match nothing; keep the union, still a true (weaker)
        // statement, because an empty set would read as "unrestricted".
        if (both.isEmpty()) previous.addAll(vals);
        else values.put(field, both);
    }

    /** The fact a single conjunct states, if it is one. */
    static Optional<Fact> factOf(Expr e) {
        if (e instanceof Compare c) {
            if (c.op() != Compare.Op.EQ) return Optional.empty();
            FieldRef f = c.left() instanceof FieldRef l ? l : c.right() instanceof FieldRef r ? r : null;
            Expr other = f == c.left() ? c.right() : c.left();
            if (f == null || !(other instanceof Literal lit)) return Optional.empty();
            return constant(lit).map(v -> new Fact(f.name(), Set.of(v)));
        }
        if (e instanceof Match m) {
            if (m.kind() == Match.Kind.REGEX || !(m.subject() instanceof FieldRef f)) return Optional.empty();
            Set<String> vals = new LinkedHashSet<>();
            for (Literal p : m.patterns()) {
                Optional<String> v = constant(p);
                if (v.isEmpty() || v.get().indexOf('*') >= 0 || v.get().indexOf('?') >= 0) return Optional.empty();
                vals.add(v.get());
            }
            return Optional.of(new Fact(f.name(), vals));
        }
        if (e instanceof In in) {
            if (!(in.subject() instanceof FieldRef f)) return Optional.empty();
            Set<String> vals = new LinkedHashSet<>();
            for (Expr x : in.values()) {
                if (!(x instanceof Literal lit)) return Optional.empty();
                Optional<String> v = constant(lit);
                if (v.isEmpty()) return Optional.empty();
                vals.add(v.get());
            }
            return Optional.of(new Fact(f.name(), vals));
        }
        if (e instanceof Or or) {
            String field = null;
            Set<String> vals = new LinkedHashSet<>();
            for (Expr x : or.operands()) {
                Optional<Fact> f = factOf(x);
                if (f.isEmpty() || (field != null && !field.equals(f.get().field()))) return Optional.empty();
                field = f.get().field();
                vals.addAll(f.get().values());
            }
            return field == null ? Optional.empty() : Optional.of(new Fact(field, vals));
        }
        return Optional.empty();
    }

    private static Optional<String> constant(Literal lit) {
        Object v = lit.value();
        if (v instanceof String s) return Optional.of(lower(s));
        if (v instanceof Integer || v instanceof Long || v instanceof Boolean) return Optional.of(v.toString());
        return Optional.empty();
    }

    static String lower(String s) { return s.toLowerCase(Locale.ROOT); }

    /** Fields every event matching this conjunct must have. */
    private static Set<String> requiredBy(Expr e) {
        if (e instanceof Not) return Set.of();
        if (e instanceof Or or) {
            Set<String> common = null;
            for (Expr x : or.operands()) {
                Set<String> r = requiredBy(x);
                if (common == null) common = new LinkedHashSet<>(r);
                else common.retainAll(r);
            }
            return common == null ? Set.of() : common;
        }
        if (e instanceof And and) {
            Set<String> all = new LinkedHashSet<>();
            and.operands().forEach(x -> all.addAll(requiredBy(x)));
            return all;
        }
        if (e instanceof Compare c) {
            boolean nullTest = c.left() instanceof Literal l && l.isNull() || c.right() instanceof Literal r && r.isNull();
            if (nullTest) return Set.of();
            return fieldsOf(List.of(c.left(), c.right()));
        }
        if (e instanceof Match m) return fieldsOf(List.of(m.subject()));
        if (e instanceof In in) return fieldsOf(List.of(in.subject()));
        if (e instanceof Call call) return fieldsOf(call.args());
        return Set.of();
    }

    private static Set<String> fieldsOf(List<Expr> operands) {
        Set<String> out = new LinkedHashSet<>();
        for (Expr x : operands) {
            if (x instanceof FieldRef f) out.add(f.name());
        }
        return out;
    }

    /** Lists the facts for messages: {@code event.category=[process], host.os.type=[windows]}. */
    @Override public String toString() {
        List<String> parts = new ArrayList<>();
        values.forEach((k, v) -> parts.add(k + "=" + v));
        return String.join(", ", parts);
    }
}
