package dev.ruleport.sigma;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a Sigma {@code |re} value (a PCRE pattern that searches a value) as the Lucene regular expression EQL's
 * {@code regex} needs (it matches the whole value). Read: the subset of the Sigma specification ({@code . ^ $ * +
 * ? {n,m} [..] [^..] ( ) |}), non-capturing and named groups, lazy quantifiers (same language under a
 * whole-value match), inline flags {@code (?i)}, {@code (?s)}, {@code (?m)} at the start, the escapes {@code \d
 * \D \w \W \s \S \t \n \r \f \v \xHH \x{H..} \\uHHHH \A \z \Z} and escaped punctuation, and {@code \b} where its
 * neighbours decide it (a word character on one side and the value's start, end or a known character on the
 * other). Anchors may sit at the edges of top-level alternatives or of groups at those edges ({@code (^|\s)x}),
 * which are distributed into alternatives first. Refused, with the construct named: lookarounds, back-references,
 * possessive quantifiers, {@code \B}, Unicode properties, anchors in the middle or under a repetition (a group
 * repeated a fixed number of times is read as that many copies first), and
 * anchors with the {@code m} flag (EQL has no line anchors).
 *
 * <p>The output avoids empty alternatives ({@code (a|)} is written {@code (a)?}) so it means the same in Lucene
 * and in every EQL engine, and keeps PCRE's meanings: {@code .} excludes the line feed unless {@code s};
 * {@code $} also matches before a final line feed.
 */
final class SigmaRegexReader {
    private static final String WORD = "A-Za-z0-9_";
    private static final String LUCENE_RESERVED = ".?+*|{}[]()\"\\#@&<>~";

    /** The Lucene pattern and whether it must be matched case-insensitively (flag {@code i}, inline or modifier). */
    record Read(String lucene, boolean caseInsensitive) {}

    /** Why a pattern cannot be read exactly; the message names the construct. */
    static final class Unreadable extends Exception {
        Unreadable(String message) { super(message); }
    }

    private final String pcre;
    private int pos;
    private boolean dotAll;
    private boolean multiLine;
    private boolean ignoreCase;

    private SigmaRegexReader(String pcre, boolean ignoreCase, boolean dotAll, boolean multiLine) {
        this.pcre = pcre;
        this.ignoreCase = ignoreCase;
        this.dotAll = dotAll;
        this.multiLine = multiLine;
    }

    static Read read(String pcre, boolean ignoreCase, boolean dotAll, boolean multiLine) throws Unreadable {
        return new SigmaRegexReader(pcre, ignoreCase, dotAll, multiLine).read();
    }

    // ------------------------------------------------------------------ the tree

    /** Which characters an atom can match, for {@code \b}. */
    enum Chars { WORD, NONWORD, MIXED }

    sealed interface Atom permits Lit, Dot, Cls, Group, Anchor {}

    record Lit(int codePoint) implements Atom {}

    record Dot() implements Atom {}

    /** A character class already in Lucene syntax. */
    record Cls(String lucene, Chars chars) implements Atom {}

    record Group(List<List<Item>> alternatives) implements Atom {}

    /** {@code ^} (START), {@code $} (END), {@code \b} (BOUNDARY): zero-width. */
    record Anchor(Kind kind) implements Atom {
        enum Kind { START, END, BOUNDARY }
    }

    /** An atom with its repetition; {@code max} -1 is unbounded. */
    record Item(Atom atom, int min, int max) {
        boolean once() { return min == 1 && max == 1; }
    }

    // ------------------------------------------------------------------ parsing

    private Read read() throws Unreadable {
        inlineFlags();
        List<List<Item>> top = alternation();
        if (pos < pcre.length()) throw new Unreadable("unbalanced ')' at position " + (pos + 1) + " of regex " + quoted());
        List<List<Item>> paths = new ArrayList<>();
        for (List<Item> alt : top) paths.addAll(distribute(alt));
        List<String> out = new ArrayList<>();
        for (List<Item> path : paths) {
            String p = path(path);
            if (p != null) out.add(p);
        }
        if (out.isEmpty()) throw new Unreadable("regex " + quoted() + " can never match (its \\b sits between two word or two non-word characters)");
        return new Read(String.join("|", out), ignoreCase);
    }

    private void inlineFlags() throws Unreadable {
        while (pcre.startsWith("(?", pos)) {
            int close = pcre.indexOf(')', pos);
            if (close < 0) return;
            String flags = pcre.substring(pos + 2, close);
            if (flags.isEmpty() || !flags.chars().allMatch(c -> c == 'i' || c == 's' || c == 'm')) return;
            ignoreCase |= flags.indexOf('i') >= 0;
            dotAll |= flags.indexOf('s') >= 0;
            multiLine |= flags.indexOf('m') >= 0;
            pos = close + 1;
        }
    }

    private List<List<Item>> alternation() throws Unreadable {
        List<List<Item>> alts = new ArrayList<>();
        alts.add(sequence());
        while (pos < pcre.length() && pcre.charAt(pos) == '|') {
            pos++;
            alts.add(sequence());
        }
        return alts;
    }

    private List<Item> sequence() throws Unreadable {
        List<Item> items = new ArrayList<>();
        while (pos < pcre.length() && pcre.charAt(pos) != '|' && pcre.charAt(pos) != ')') {
            Atom a = atom();
            int[] q = quantifier();
            if (a instanceof Anchor && !(q[0] == 1 && q[1] == 1)) {
                throw new Unreadable("a repeated anchor in regex " + quoted());
            }
            items.add(new Item(a, q[0], q[1]));
        }
        return items;
    }

    private int[] quantifier() throws Unreadable {
        if (pos >= pcre.length()) return new int[] {1, 1};
        char c = pcre.charAt(pos);
        int[] q;
        if (c == '*') q = new int[] {0, -1};
        else if (c == '+') q = new int[] {1, -1};
        else if (c == '?') q = new int[] {0, 1};
        else if (c == '{') {
            int close = pcre.indexOf('}', pos);
            String inner = close < 0 ? "" : pcre.substring(pos + 1, close);
            if (!inner.matches("[0-9]+(,[0-9]*)?")) return new int[] {1, 1}; // a literal brace, as in PCRE
            String[] nm = inner.split(",", -1);
            int min = Integer.parseInt(nm[0]);
            int max = nm.length == 1 ? min : nm[1].isEmpty() ? -1 : Integer.parseInt(nm[1]);
            if (max >= 0 && max < min) throw new Unreadable("quantifier {" + inner + "} out of order in regex " + quoted());
            pos = close;
            q = new int[] {min, max};
        } else {
            return new int[] {1, 1};
        }
        pos++;
        if (pos < pcre.length() && pcre.charAt(pos) == '?') pos++; // lazy: the same language under a whole-value match
        else if (pos < pcre.length() && pcre.charAt(pos) == '+') throw new Unreadable("possessive quantifier in regex " + quoted());
        return q;
    }

    private Atom atom() throws Unreadable {
        char c = pcre.charAt(pos);
        switch (c) {
            case '(' -> {
                pos++;
                if (pcre.startsWith("?:", pos)) pos += 2;
                else if (pcre.startsWith("?P<", pos) || (pcre.startsWith("?<", pos) && pos + 2 < pcre.length()
                        && Character.isLetter(pcre.charAt(pos + 2)))) {
                    int close = pcre.indexOf('>', pos);
                    if (close < 0) throw new Unreadable("unterminated group name in regex " + quoted());
                    pos = close + 1;
                } else if (pcre.startsWith("?", pos)) {
                    String what = pcre.startsWith("?=", pos) || pcre.startsWith("?!", pos) ? "lookahead"
                            : pcre.startsWith("?<=", pos) || pcre.startsWith("?<!", pos) ? "lookbehind" : "group syntax (?" ;
                    throw new Unreadable(what + " in regex " + quoted() + ": Lucene regular expressions have no such construct");
                }
                List<List<Item>> inner = alternation();
                if (pos >= pcre.length() || pcre.charAt(pos) != ')') throw new Unreadable("unbalanced '(' in regex " + quoted());
                pos++;
                return new Group(inner);
            }
            case '.' -> { pos++; return new Dot(); }
            case '[' -> { return charClass(); }
            case '^' -> { pos++; return anchor(Anchor.Kind.START); }
            case '$' -> { pos++; return anchor(Anchor.Kind.END); }
            case '\\' -> { return escape(); }
            default -> {
                int cp = pcre.codePointAt(pos);
                pos += Character.charCount(cp);
                return new Lit(cp);
            }
        }
    }

    private Anchor anchor(Anchor.Kind kind) throws Unreadable {
        if (multiLine && kind != Anchor.Kind.BOUNDARY) {
            throw new Unreadable("anchor " + (kind == Anchor.Kind.START ? "^" : "$") + " with the m flag in regex " + quoted()
                    + ": EQL matches whole values and has no line anchors");
        }
        return new Anchor(kind);
    }

    private Atom escape() throws Unreadable {
        if (pos + 1 >= pcre.length()) throw new Unreadable("dangling backslash in regex " + quoted());
        char n = pcre.charAt(pos + 1);
        pos += 2;
        String cls = predefined(n);
        if (cls != null) return new Cls("[" + cls + "]", predefinedChars(n));
        if (n == 'D' || n == 'W' || n == 'S') return new Cls("[^" + predefined(Character.toLowerCase(n)) + "]",
                n == 'W' ? Chars.NONWORD : Chars.MIXED);
        switch (n) {
            case 'b' -> { return new Anchor(Anchor.Kind.BOUNDARY); }
            case 'A' -> { return anchor(Anchor.Kind.START); }
            case 'z', 'Z' -> { return anchor(Anchor.Kind.END); }
            case 'B' -> throw new Unreadable("\\B (not a word boundary) in regex " + quoted() + ": Lucene has no such construct");
            default -> {
                int cp = literalEscape(n);
                return new Lit(cp);
            }
        }
    }

    /** The code point of an escape that stands for one character; refuses the escapes with other meanings. */
    private int literalEscape(char n) throws Unreadable {
        switch (n) {
            case 't': return '\t';
            case 'n': return '\n';
            case 'r': return '\r';
            case 'f': return '\f';
            case 'v': return 0x0b;
            case 'e': return 0x1b;
            case 'a': return 0x07;
            case 'x': {
                if (pos < pcre.length() && pcre.charAt(pos) == '{') {
                    int close = pcre.indexOf('}', pos);
                    if (close < 0) throw new Unreadable("unterminated \\x{...} in regex " + quoted());
                    return hex(pcre.substring(pos + 1, close), close + 1);
                }
                int end = pos;
                while (end < pcre.length() && end < pos + 2 && Character.digit(pcre.charAt(end), 16) >= 0) end++;
                return hex(pcre.substring(pos, end), end);
            }
            case 'u': {
                if (pos + 4 <= pcre.length()) return hex(pcre.substring(pos, pos + 4), pos + 4);
                throw new Unreadable("incomplete \\u escape in regex " + quoted());
            }
            default:
                if (Character.isLetterOrDigit(n)) {
                    String what = Character.isDigit(n) ? "back-reference or octal escape \\" + n
                            : n == 'p' || n == 'P' ? "Unicode property \\" + n : "escape \\" + n;
                    throw new Unreadable(what + " in regex " + quoted() + " is outside the regular-expression subset ruleport reads");
                }
                return n;
        }
    }

    private int hex(String digits, int next) throws Unreadable {
        try {
            int cp = Integer.parseInt(digits, 16);
            pos = next;
            return cp;
        } catch (NumberFormatException e) {
            throw new Unreadable("bad hexadecimal escape in regex " + quoted());
        }
    }

    private static String predefined(char n) {
        return switch (n) {
            case 'd' -> "0-9";
            case 'w' -> WORD;
            case 's' -> " \t\n\r\f\u000b";
            default -> null;
        };
    }

    private static Chars predefinedChars(char n) { return n == 's' ? Chars.NONWORD : Chars.WORD; }

    private Cls charClass() throws Unreadable {
        int start = pos;
        pos++;
        boolean negated = pos < pcre.length() && pcre.charAt(pos) == '^';
        if (negated) pos++;
        StringBuilder body = new StringBuilder();
        boolean allWord = true;
        boolean noWord = true;
        boolean first = true;
        while (true) {
            if (pos >= pcre.length()) throw new Unreadable("unterminated character class in regex " + quoted());
            char c = pcre.charAt(pos);
            if (c == ']' && !first) { pos++; break; }
            if (c == '[' && pcre.startsWith("[:", pos)) {
                throw new Unreadable("POSIX class " + pcre.substring(pos, Math.min(pcre.length(), pos + 9)) + "... in regex "
                        + quoted() + " is outside the regular-expression subset ruleport reads");
            }
            first = false;
            int lo;
            if (c == '\\') {
                if (pos + 1 >= pcre.length()) throw new Unreadable("dangling backslash in regex " + quoted());
                char n = pcre.charAt(pos + 1);
                String cls = predefined(n);
                if (cls != null) {
                    pos += 2;
                    body.append(cls);
                    allWord &= n != 's';
                    noWord &= n == 's';
                    continue;
                }
                if (n == 'D' || n == 'W' || n == 'S') {
                    throw new Unreadable("negated class \\" + n + " inside [...] in regex " + quoted() + ": Lucene classes cannot subtract");
                }
                pos += 2;
                lo = n == 'b' ? '\b' : literalEscape(n);
            } else {
                lo = pcre.codePointAt(pos);
                pos += Character.charCount(lo);
            }
            int hi = lo;
            if (pos + 1 < pcre.length() && pcre.charAt(pos) == '-' && pcre.charAt(pos + 1) != ']') {
                pos++;
                char h = pcre.charAt(pos);
                if (h == '\\') {
                    if (pos + 1 >= pcre.length()) throw new Unreadable("dangling backslash in regex " + quoted());
                    char n = pcre.charAt(pos + 1);
                    if (predefined(n) != null || Character.isUpperCase(n) && "DWS".indexOf(n) >= 0) {
                        throw new Unreadable("a range ending in \\" + n + " in regex " + quoted());
                    }
                    pos += 2;
                    hi = literalEscape(n);
                } else {
                    hi = pcre.codePointAt(pos);
                    pos += Character.charCount(hi);
                }
                if (hi < lo) throw new Unreadable("range out of order in regex " + quoted());
            }
            body.append(classChar(lo));
            if (hi != lo) body.append('-').append(classChar(hi));
            boolean loWord = isWord(lo) && isWord(hi) && wordRange(lo, hi);
            allWord &= loWord;
            noWord &= noWordIn(lo, hi);
        }
        if (body.length() == 0) throw new Unreadable("empty character class in regex " + quoted());
        Chars chars = allWord ? Chars.WORD : noWord ? Chars.NONWORD : Chars.MIXED;
        if (negated) chars = coversAllWord(pcre.substring(start, pos)) ? Chars.NONWORD : Chars.MIXED;
        return new Cls("[" + (negated ? "^" : "") + body + "]", chars);
    }

    /** A negated class such as {@code [^\w]} or {@code [^A-Za-z0-9_]} holds no word character. */
    private static boolean coversAllWord(String cls) {
        String inner = cls.substring(2, cls.length() - 1);
        return inner.equals("\\w") || inner.contains("\\w") || inner.contains("A-Za-z0-9_") || inner.contains("a-zA-Z0-9_");
    }

    private static boolean isWord(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_';
    }

    private static boolean wordRange(int lo, int hi) {
        return lo == hi || (lo >= 'a' && hi <= 'z') || (lo >= 'A' && hi <= 'Z') || (lo >= '0' && hi <= '9');
    }

    private static boolean noWordIn(int lo, int hi) {
        for (int[] r : new int[][] {{'0', '9'}, {'A', 'Z'}, {'_', '_'}, {'a', 'z'}}) {
            if (lo <= r[1] && hi >= r[0]) return false;
        }
        return true;
    }

    private static String classChar(int cp) {
        String s = new String(Character.toChars(cp));
        return "[]\\-^\"".indexOf(cp) >= 0 ? "\\" + s : s;
    }

    // ------------------------------------------------------------------ anchors: distribute, then place at the edges

    /** The paths of one top-level alternative, with groups that hold anchors spread into alternatives of their own. */
    private List<List<Item>> distribute(List<Item> seq) throws Unreadable {
        List<List<Item>> out = new ArrayList<>();
        out.add(new ArrayList<>());
        for (Item it : seq) {
            if (it.atom() instanceof Group g && hasAnchor(g)) {
                // a group repeated a fixed number of times is that many groups in a row ((?:\d+(?:\.|\b)){4}), each
                // spread out on its own; other repetitions of an anchor stay refused
                if (it.min() != it.max() || it.max() > 8) {
                    throw new Unreadable("an anchor or \\b inside a repeated group in regex " + quoted());
                }
                List<List<Item>> inner = new ArrayList<>();
                for (List<Item> alt : g.alternatives()) inner.addAll(distribute(alt));
                for (int copy = 0; copy < it.max(); copy++) {
                    List<List<Item>> next = new ArrayList<>();
                    for (List<Item> prefix : out) {
                        for (List<Item> alt : inner) {
                            List<Item> p = new ArrayList<>(prefix);
                            p.addAll(alt);
                            next.add(p);
                        }
                    }
                    if (next.size() > 64) throw new Unreadable("regex " + quoted() + " has too many anchored alternatives to spread out");
                    out = next;
                }
            } else {
                for (List<Item> p : out) p.add(it);
            }
        }
        return out;
    }

    private static boolean hasAnchor(Group g) {
        for (List<Item> alt : g.alternatives()) {
            for (Item it : alt) {
                if (it.atom() instanceof Anchor) return true;
                if (it.atom() instanceof Group inner && hasAnchor(inner)) return true;
            }
        }
        return false;
    }

    /** One path as a whole-value Lucene pattern; null when its {@code \b} can never hold. */
    private String path(List<Item> path) throws Unreadable {
        List<Item> items = new ArrayList<>(path);
        boolean startAnchored = false;
        boolean endAnchored = false;
        while (!items.isEmpty() && items.get(0).atom() instanceof Anchor a && a.kind() == Anchor.Kind.START) {
            startAnchored = true;
            items.remove(0);
        }
        while (!items.isEmpty() && items.get(items.size() - 1).atom() instanceof Anchor a && a.kind() == Anchor.Kind.END) {
            endAnchored = true;
            items.remove(items.size() - 1);
        }
        String prefix = startAnchored ? "" : ".*";
        String suffix = endAnchored ? "(\n)?" : ".*";
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < items.size(); i++) {
            Item it = items.get(i);
            if (!(it.atom() instanceof Anchor a)) {
                body.append(item(it));
                continue;
            }
            if (a.kind() != Anchor.Kind.BOUNDARY) {
                String which = a.kind() == Anchor.Kind.START ? "^" : "$";
                // an anchor inside a path can still be satisfiable only where nothing can stand on its other side
                throw new Unreadable("anchor " + which + " in the middle of regex " + quoted() + ": EQL matches whole values only");
            }
            Chars before = neighbour(items, i, -1, startAnchored);
            Chars after = neighbour(items, i, 1, endAnchored);
            if (before == Chars.MIXED || after == Chars.MIXED || before == null && after == null) {
                throw new Unreadable("\\b in regex " + quoted() + " next to characters that may or may not be word characters:"
                        + " Lucene has no word boundary, and ruleport cannot spell this one out exactly");
            }
            if (before != null && after != null) {
                if (before == after) return null;
                continue; // holds always
            }
            String word = "[" + WORD + "]";
            String nonWord = "[^" + WORD + "]";
            if (before == null) prefix = after == Chars.WORD ? "(.*" + nonWord + ")?" : ".*" + word;
            else suffix = before == Chars.WORD ? "(" + nonWord + ".*)?" : word + ".*";
        }
        return prefix + body + suffix;
    }

    /**
     * What the character on one side ({@code step} -1 before, 1 after) of the {@code \b} at {@code i} can be: the
     * kinds of every item that can stand there (optional items let the next one through) must agree; the value's
     * edge counts as a non-word character when anchored, and is the unknown rest of the value (null) otherwise.
     */
    private static Chars neighbour(List<Item> items, int i, int step, boolean anchored) {
        Chars all = null;
        for (int j = i + step; j >= 0 && j < items.size(); j += step) {
            Item it = items.get(j);
            if (it.max() == 0) continue;
            Chars c = it.atom() instanceof Anchor ? Chars.MIXED : charsOfAtom(it.atom(), step > 0);
            if (all != null && all != c) return Chars.MIXED;
            all = c;
            if (it.min() >= 1) return all;
        }
        Chars edge = anchored ? Chars.NONWORD : null;
        if (all == null) return edge;
        return all == edge ? all : Chars.MIXED;
    }

    /**
     * The kind of an alternative's first ({@code after}) or last character: the items that can stand at that edge (an
     * optional one lets the next through) must agree; an alternative that can be empty gives {@code MIXED}.
     */
    private static Chars edgeChars(List<Item> alt, boolean after) {
        Chars all = null;
        for (int k = 0; k < alt.size(); k++) {
            Item it = alt.get(after ? k : alt.size() - 1 - k);
            if (it.max() == 0) continue;
            Chars c = it.atom() instanceof Anchor ? Chars.MIXED : charsOfAtom(it.atom(), after);
            if (all != null && all != c) return Chars.MIXED;
            all = c;
            if (it.min() >= 1) return all;
        }
        return Chars.MIXED;
    }

    private static Chars charsOfAtom(Atom a, boolean after) {
        if (a instanceof Lit l) return isWord(l.codePoint()) ? Chars.WORD : Chars.NONWORD;
        if (a instanceof Cls c) return c.chars();
        if (a instanceof Group g) {
            Chars all = null;
            for (List<Item> alt : g.alternatives()) {
                Chars c = edgeChars(alt, after);
                if (all == null) all = c;
                else if (all != c) return Chars.MIXED;
            }
            return all == null ? Chars.MIXED : all;
        }
        return Chars.MIXED;
    }

    // ------------------------------------------------------------------ writing Lucene

    private String item(Item it) {
        String atom = atom(it.atom());
        if (atom.isEmpty()) return "";
        if (it.once()) return atom;
        if (atom.endsWith(")?")) atom = "(" + atom + ")"; // a quantifier may not follow another
        String q;
        if (it.min() == 0 && it.max() == -1) q = "*";
        else if (it.min() == 1 && it.max() == -1) q = "+";
        else if (it.min() == 0 && it.max() == 1) q = "?";
        else if (it.max() == -1) q = "{" + it.min() + ",}";
        else if (it.min() == it.max()) q = "{" + it.min() + "}";
        else q = "{" + it.min() + "," + it.max() + "}";
        return atom + q;
    }

    private String atom(Atom a) {
        if (a instanceof Lit l) {
            String s = new String(Character.toChars(l.codePoint()));
            return LUCENE_RESERVED.indexOf(l.codePoint()) >= 0 ? "\\" + s : s;
        }
        if (a instanceof Dot) return dotAll ? "." : "[^\n]";
        if (a instanceof Cls c) return c.lucene();
        if (a instanceof Group g) {
            List<String> alts = new ArrayList<>();
            boolean empty = false;
            for (List<Item> alt : g.alternatives()) {
                StringBuilder sb = new StringBuilder();
                for (Item it : alt) sb.append(item(it));
                if (sb.length() == 0) empty = true;
                else alts.add(sb.toString());
            }
            if (alts.isEmpty()) return "";
            // an empty alternative is spelled as an optional group, which every Lucene-compatible engine reads alike
            return "(" + String.join("|", alts) + ")" + (empty ? "?" : "");
        }
        return "";
    }

    private String quoted() { return "'" + pcre + "'"; }
}
