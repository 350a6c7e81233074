package dev.ruleport.javagen;

import dev.ruleport.ir.And;
import dev.ruleport.ir.Arithmetic;
import dev.ruleport.ir.Call;
import dev.ruleport.ir.Compare;
import dev.ruleport.ir.EventQuery;
import dev.ruleport.ir.Expr;
import dev.ruleport.ir.ExprVisitor;
import dev.ruleport.ir.FieldRef;
import dev.ruleport.ir.Filter;
import dev.ruleport.ir.Function;
import dev.ruleport.ir.In;
import dev.ruleport.ir.Literal;
import dev.ruleport.ir.Match;
import dev.ruleport.ir.Negate;
import dev.ruleport.ir.Not;
import dev.ruleport.ir.Or;
import dev.ruleport.ir.Query;
import dev.ruleport.ir.QueryVisitor;
import dev.ruleport.ir.SampleQuery;
import dev.ruleport.ir.SampleTerm;
import dev.ruleport.ir.SequenceQuery;
import dev.ruleport.ir.SequenceTerm;
import dev.ruleport.runtime.Cidr;
import dev.ruleport.runtime.Event;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Differential events for a rule, built deterministically from the literals its query mentions: each
 * field the query reads gets values derived from the literals it is compared with (as written, case
 * flipped, wildcards filled in, numbers off by one, as strings), or is missing, or multi-valued, or
 * something unrelated. Sequence and sample events share a small pool of join-key values and carry
 * increasing timestamps with ties.
 */
final class MutationEvents {
    private final Map<String, Set<Object>> candidates = new LinkedHashMap<>();
    private final Map<String, Set<Object>> primary = new LinkedHashMap<>();   // literals as written
    private final Set<String> keyFields = new LinkedHashSet<>();
    private final String categoryField;
    private final Set<Object> categories = new LinkedHashSet<>();
    private final boolean timed;

    private MutationEvents(Query q, String categoryField) {
        this.categoryField = categoryField;
        this.timed = q instanceof SequenceQuery;
        q.accept(new QueryVisitor<Void>() {
            @Override public Void visitEvent(EventQuery e) { filter(e.filter()); return null; }

            @Override public Void visitSequence(SequenceQuery s) {
                for (SequenceTerm t : s.terms()) {
                    filter(t.filter());
                    keys(s.joinKeys(t));
                }
                if (s.until() != null) {
                    filter(s.until().filter());
                    keys(s.joinKeys(s.until()));
                }
                return null;
            }

            @Override public Void visitSample(SampleQuery s) {
                for (SampleTerm t : s.terms()) {
                    filter(t.filter());
                    keys(s.joinKeys(t));
                }
                return null;
            }
        });
    }

    static List<Event> forQuery(Query q, String categoryField, long seed, int count) {
        return new MutationEvents(q, categoryField).events(new Random(seed), count);
    }

    private void filter(Filter f) {
        if (!f.category().isAny()) categories.add(f.category().name());
        collect(f.condition());
    }

    private void keys(List<Expr> keys) {
        for (Expr k : keys) {
            if (k instanceof FieldRef f) keyFields.add(f.name());
            else collect(k);
        }
    }

    private void add(Expr subject, Object value) {
        if (subject instanceof FieldRef f) {
            Set<Object> set = candidates.computeIfAbsent(f.name(), k -> new LinkedHashSet<>());
            if (set.size() < 400) set.add(value);
        }
    }

    private void addString(Expr subject, String s) {
        add(subject, s);
        if (subject instanceof FieldRef f) primary.computeIfAbsent(f.name(), k -> new LinkedHashSet<>()).add(s);
        add(subject, flip(s));
        add(subject, s.toUpperCase(java.util.Locale.ROOT));
    }

    private void collect(Expr e) {
        e.accept(new ExprVisitor<Void>() {
            @Override public Void visitLiteral(Literal l) { return null; }

            @Override public Void visitField(FieldRef f) {
                candidates.computeIfAbsent(f.name(), k -> new LinkedHashSet<>()).add(Boolean.TRUE);
                return null;
            }

            @Override public Void visitAnd(And a) { a.operands().forEach(MutationEvents.this::collect); return null; }

            @Override public Void visitOr(Or o) { o.operands().forEach(MutationEvents.this::collect); return null; }

            @Override public Void visitNot(Not n) { collect(n.operand()); return null; }

            @Override public Void visitCompare(Compare c) {
                pair(c.left(), c.right());
                pair(c.right(), c.left());
                collect(c.left());
                collect(c.right());
                return null;
            }

            private void pair(Expr subject, Expr other) {
                if (!(other instanceof Literal l) || l.isNull()) {
                    add(subject, "x");
                    return;
                }
                Object v = l.value();
                if (v instanceof String s) {
                    addString(subject, s);
                    add(subject, s + "a");
                } else if (v instanceof Number n) {
                    add(subject, n);
                    add(subject, n.longValue() + 1);
                    add(subject, n.longValue() - 1);
                    add(subject, String.valueOf(n));
                } else {
                    add(subject, v);
                    add(subject, String.valueOf(v));
                }
            }

            @Override public Void visitMatch(Match m) {
                for (Literal p : m.patterns()) {
                    String text = String.valueOf(p.value());
                    if (m.kind() == Match.Kind.REGEX) {
                        String plain = text.replaceAll("[\\\\()\\[\\]{}|+*?.^$]", "");
                        addString(m.subject(), plain);
                        add(m.subject(), text);
                    } else {
                        addString(m.subject(), text.replace("*", "").replace("?", "a"));
                        addString(m.subject(), text.replace("*", "Xy").replace("?", "\u00e9"));
                        add(m.subject(), text);
                    }
                }
                collect(m.subject());
                return null;
            }

            @Override public Void visitIn(In in) {
                for (Expr c : in.values()) {
                    if (c instanceof Literal l && l.value() instanceof String s) addString(in.subject(), s);
                    else if (c instanceof Literal l && l.value() != null) {
                        add(in.subject(), l.value());
                        add(in.subject(), String.valueOf(l.value()));
                    }
                }
                collect(in.subject());
                return null;
            }

            @Override public Void visitCall(Call c) {
                Expr first = c.args().isEmpty() ? null : c.args().get(0);
                if (c.function() == Function.CIDRMATCH && first != null) {
                    for (Expr a : c.args().subList(1, c.args().size())) {
                        if (a instanceof Literal l && l.isString()) {
                            try {
                                Cidr block = Cidr.parse(l.asString());
                                add(first, block.network().toString());
                            } catch (IllegalArgumentException ignored) {
                                // the interpreter refuses it too
                            }
                        }
                    }
                    add(first, "10.1.2.3");
                    add(first, "192.168.1.1");
                } else {
                    for (Expr a : c.args()) {
                        if (a instanceof Literal l && l.value() instanceof String s && first != null) {
                            addString(first, s);
                            add(first, "pre" + s + "post");
                            add(first, s + "suffix");
                        }
                    }
                }
                c.args().forEach(MutationEvents.this::collect);
                return null;
            }

            @Override public Void visitArithmetic(Arithmetic a) {
                add(a.left(), 3);
                add(a.left(), 0);
                add(a.right(), 2);
                add(a.right(), 0);
                collect(a.left());
                collect(a.right());
                return null;
            }

            @Override public Void visitNegate(Negate n) {
                collect(n.operand());
                return null;
            }
        });
    }

    private static String flip(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) b.append(Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
        return b.toString();
    }

    private List<Event> events(Random random, int count) {
        List<Event> out = new ArrayList<>(count);
        long ts = 1_700_000_000_000L;
        List<Object> cats = new ArrayList<>(categories);
        for (int i = 0; i < count; i++) {
            Map<String, Object> root = new LinkedHashMap<>();
            for (Map.Entry<String, Set<Object>> c : candidates.entrySet()) {
                List<Object> values = new ArrayList<>(c.getValue());
                int dice = random.nextInt(100);
                if (dice < 12) continue;                                      // missing
                Object v;
                List<Object> written = new ArrayList<>(primary.getOrDefault(c.getKey(), Set.of()));
                if (dice < 55 && !written.isEmpty()) v = written.get(random.nextInt(written.size()));
                else if (dice < 75) v = values.get(random.nextInt(values.size()));
                else if (dice < 88) v = List.of(values.get(random.nextInt(values.size())), values.get(random.nextInt(values.size())));
                else if (dice < 93) v = "unrelated";
                else if (dice < 97) v = random.nextInt(5);
                else v = null;                                                 // explicit JSON null
                put(root, c.getKey(), v, random);
            }
            for (String k : keyFields) {
                int dice = random.nextInt(100);
                if (dice < 8) continue;
                put(root, k, dice < 90 ? "k" + random.nextInt(3) : List.of("k" + random.nextInt(3), "k" + random.nextInt(3)), random);
            }
            if (!cats.isEmpty() && random.nextInt(100) < 90) put(root, categoryField, cats.get(random.nextInt(cats.size())), random);
            if (timed) {
                ts += random.nextInt(4) == 0 ? 0 : random.nextInt(20_000);
                root.put("@timestamp", ts);
            }
            out.add(Event.of(root));
        }
        return out;
    }

    /** Puts a value at a dotted path, nested or as one dotted key (both spellings mean the same field). */
    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> root, String path, Object value, Random random) {
        if (random.nextInt(4) == 0 || path.contains("`") || path.contains("[")) {
            root.put(path, value);
            return;
        }
        String[] parts = path.split("\\.");
        Map<String, Object> m = root;
        for (int i = 0; i < parts.length - 1; i++) {
            Object child = m.get(parts[i]);
            if (!(child instanceof Map)) {
                if (child != null) {
                    root.put(path, value);
                    return;
                }
                child = new LinkedHashMap<String, Object>();
                m.put(parts[i], child);
            }
            m = (Map<String, Object>) child;
        }
        m.put(parts[parts.length - 1], value);
    }
}
