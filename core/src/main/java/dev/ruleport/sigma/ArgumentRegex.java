package dev.ruleport.sigma;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * "Some argument matches one of these wildcard patterns", as a Lucene regex on the whole command line, where the
 * arguments are the line's tokens ({@code verify.Argv.tokens}): the line without its leading and trailing characters
 * up to U+0020, split at spaces, empty pieces dropped.
 *
 * <p>A token is a non-empty run of non-space characters that starts either at the trimmed line's start (only
 * characters up to U+0020 before it, and its own first character above U+0020) or after a space that follows some
 * character above U+0020; it ends symmetrically. The four combinations of those two starts and two ends are the
 * regex's top-level alternatives; each ends in {@code [\x00-\x20]*} or {@code .*}, so a Sigma {@code $} that also
 * matches before a final line feed changes nothing (the line feed is one of the trimmed characters). Inside a token
 * {@code *} is {@code [^ ]*} and {@code ?} is {@code [^ ]}; a pattern with a literal space never matches a token.
 * Where the token touches a trimmed end, its first (last) character must be above U+0020: a {@code ?} there becomes
 * that class, a literal must be one, and a {@code *} there either matches nothing or starts (ends) with one.
 */
final class ArgumentRegex {
    private ArgumentRegex() {}

    /** Characters a trim removes (U+0000 to U+0020), and the rest; written with the characters themselves. */
    private static final String TRIMMED = "[\\\u0000-\\\u0020]";
    private static final String KEPT = "[^\\\u0000-\\\u0020]";
    private static final String NOT_SPACE = "[^\\ ]";
    /** After a space: the rest of a line that still has a kept character (so the space is inside the trimmed line). */
    private static final String SPACE_THEN_MORE = "\\ .*" + KEPT + ".*";
    private static final String MORE_THEN_SPACE = ".*" + KEPT + ".*\\ ";

    /** One position of a token pattern: a literal character, one character of a class, or a run of non-spaces. */
    private record Item(int literal, String cls, boolean star) {
        static Item lit(int c) { return new Item(c, null, false); }
        static Item one(String cls) { return new Item(-1, cls, false); }
        static final Item STAR = new Item(-1, NOT_SPACE, true);

        String lucene() {
            if (star) return cls + "*";
            if (cls != null) return cls;
            return ExprTranslator.luceneEscape(new String(Character.toChars(literal)));
        }
    }

    /**
     * The Lucene regex for "some token matches one of {@code patterns}", or null when no token can match any of them
     * (each holds a literal space, or is empty).
     */
    static String anyToken(List<SigmaString> patterns) {
        Set<String> any = new LinkedHashSet<>();
        Set<String> first = new LinkedHashSet<>();
        Set<String> last = new LinkedHashSet<>();
        Set<String> both = new LinkedHashSet<>();
        for (SigmaString p : patterns) {
            List<Item> items = items(p);
            if (items == null || items.isEmpty()) continue;
            for (List<Item> alt : nonEmpty(items)) any.add(render(alt));
            for (List<Item> f : keptFirst(items)) {
                first.add(render(f));
                for (List<Item> b : reverseAll(keptFirst(reverse(f)))) both.add(render(b));
            }
            for (List<Item> l : reverseAll(keptFirst(reverse(items)))) last.add(render(l));
        }
        if (any.isEmpty()) return null;
        List<String> alternatives = new ArrayList<>();
        if (!both.isEmpty()) alternatives.add(TRIMMED + "*" + group(both) + TRIMMED + "*");
        if (!first.isEmpty()) alternatives.add(TRIMMED + "*" + group(first) + SPACE_THEN_MORE);
        if (!last.isEmpty()) alternatives.add(MORE_THEN_SPACE + group(last) + TRIMMED + "*");
        alternatives.add(MORE_THEN_SPACE + group(any) + SPACE_THEN_MORE);
        return String.join("|", alternatives);
    }

    /**
     * "The line has at least {@code k} tokens" ({@code k >= 1}): a kept character, then for {@code k >= 2} the first
     * token (from the first kept character to a space), {@code k - 2} more space-separated runs, and after a space a
     * rest that still holds a kept character (so the k-th token lies inside the trimmed line).
     */
    static String atLeast(int k) {
        if (k < 1) throw new IllegalArgumentException("k = " + k);
        if (k == 1) return ".*" + KEPT + ".*";
        return TRIMMED + "*" + KEPT + NOT_SPACE + "*" + repeat("\\ +" + NOT_SPACE + "+", k - 2) + "\\ +.*" + KEPT + ".*";
    }

    /** "The line has exactly {@code c} tokens" ({@code c >= 1}): the first starts and the last ends with a kept character. */
    static String exactly(int c) {
        if (c < 1) throw new IllegalArgumentException("c = " + c);
        if (c == 1) return TRIMMED + "*(" + KEPT + "|" + KEPT + NOT_SPACE + "*" + KEPT + ")" + TRIMMED + "*";
        return TRIMMED + "*" + KEPT + NOT_SPACE + "*" + repeat("\\ +" + NOT_SPACE + "+", c - 2) + "\\ +" + NOT_SPACE + "*"
                + KEPT + TRIMMED + "*";
    }

    private static String repeat(String atom, int n) {
        if (n == 0) return "";
        if (n == 1) return atom;
        return "(" + atom + "){" + n + "}";
    }

    /** The pattern's items; null when a literal part holds a space (no token does). */
    private static List<Item> items(SigmaString p) {
        List<Item> out = new ArrayList<>();
        for (SigmaString.Part part : p.parts()) {
            if (part.isWildcard()) {
                if (part.star()) {
                    if (out.isEmpty() || !out.get(out.size() - 1).star()) out.add(Item.STAR);
                } else {
                    out.add(Item.one(NOT_SPACE));
                }
                continue;
            }
            String s = part.text();
            if (s.indexOf(' ') >= 0) return null;
            s.codePoints().forEach(c -> out.add(Item.lit(c)));
        }
        return out;
    }

    /** The pattern restricted to non-empty matches (a token is never empty). */
    private static List<List<Item>> nonEmpty(List<Item> items) {
        if (items.stream().anyMatch(i -> !i.star())) return List.of(items);
        return List.of(List.of(Item.one(NOT_SPACE), Item.STAR)); // only stars (merged into one): one or more
    }

    /** The pattern restricted to matches whose first character is above U+0020, as alternatives (none: impossible). */
    private static List<List<Item>> keptFirst(List<Item> items) {
        if (items.isEmpty()) return List.of();
        Item head = items.get(0);
        List<Item> tail = items.subList(1, items.size());
        if (head.star()) {
            List<List<Item>> out = new ArrayList<>();
            out.add(concat(List.of(Item.one(KEPT), Item.STAR), tail)); // the run is not empty
            out.addAll(keptFirst(tail));                               // the run is empty
            return out;
        }
        if (head.cls() != null) return List.of(concat(List.of(Item.one(KEPT)), tail));
        return head.literal() > 0x20 ? List.of(items) : List.of();
    }

    private static List<Item> concat(List<Item> a, List<Item> b) {
        List<Item> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private static List<Item> reverse(List<Item> items) {
        List<Item> out = new ArrayList<>(items);
        java.util.Collections.reverse(out);
        return out;
    }

    private static List<List<Item>> reverseAll(List<List<Item>> alts) {
        List<List<Item>> out = new ArrayList<>();
        for (List<Item> a : alts) out.add(reverse(a));
        return out;
    }

    private static String render(List<Item> items) {
        StringBuilder sb = new StringBuilder();
        for (Item i : items) sb.append(i.lucene());
        return sb.toString();
    }

    private static String group(Set<String> alternatives) {
        return alternatives.size() == 1 ? "(" + alternatives.iterator().next() + ")" : "(" + String.join("|", alternatives) + ")";
    }
}
