package dev.ruleport.javagen;

import java.text.Normalizer;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import javax.lang.model.SourceVersion;

/**
 * Java class names for rules: UpperCamelCase from the rule's name, ASCII only, stable for a rule.
 * Within one batch, names are unique ignoring case (so that the files can live side by side on a
 * case-insensitive file system): a later rule whose name is taken gets the first characters of its
 * rule id appended, then a counter. Not thread-safe; one instance per batch.
 */
public final class ClassNames {
    static final int MAX_LENGTH = 100;

    /**
     * Simple names the generated code refers to: a class named like one of them would shadow it.
     */
    private static final Set<String> RESERVED = Set.of("Event", "FieldAccessor", "Values", "Tri", "CaseFold",
            "WildcardPattern", "EqlRegex", "Cidr", "Eval", "Fn", "Arith", "Comparison", "TypedField", "ValueType",
            "RuleInfo", "EventMatcher", "StatefulMatcher", "SequenceRuleMatcher", "SampleRuleMatcher", "RunOptions",
            "OrderedEvent", "SequenceSpec", "SampleSpec", "KeyExtractor", "Pipe", "List", "Set", "Consumer",
            "Object", "String", "Boolean", "Integer", "Long", "Double", "Number", "Override", "Math", "System",
            "Character", "Class", "Runtime", "Thread", "Iterable", "Comparable", "Record", "Enum", "Void",
            "EventFields", "EventRuleSet", "IntConsumer");

    private final Set<String> used = new HashSet<>();

    /** A class's source file relative to a source root: {@code dev/ruleport/generated/Name.java}. */
    public static String sourcePath(String packageName, String simpleName) {
        return (packageName.isEmpty() ? "" : packageName.replace('.', '/') + "/") + simpleName + ".java";
    }

    /** Is {@code name} usable as a simple class name (an identifier, not a keyword, no package part)? */
    public static boolean isSimpleName(String name) {
        return name != null && SourceVersion.isName(name) && name.indexOf('.') < 0;
    }

    /** The base name for a rule: from its name, else from its id, else {@code Rule}. Never reserved. */
    public static String baseName(String ruleName, String ruleId) {
        String n = camel(ruleName);
        if (n.isEmpty()) n = camel(ruleId);
        if (n.isEmpty()) n = "Rule";
        if (Character.isDigit(n.charAt(0))) n = "Rule" + n;
        if (n.length() > MAX_LENGTH) n = n.substring(0, MAX_LENGTH);
        if (RESERVED.contains(n) || !SourceVersion.isName(n)) n = n + "Rule";
        return n;
    }

    /** A name for the rule that is unique (ignoring case) among the names this instance gave out. */
    public String allocate(String ruleName, String ruleId) {
        String base = baseName(ruleName, ruleId);
        String candidate = base;
        if (!used.contains(candidate.toLowerCase(Locale.ROOT))) return take(candidate);
        String id = ruleId == null ? "" : asciiLettersAndDigits(ruleId);
        if (!id.isEmpty()) {
            candidate = base + "_" + id.substring(0, Math.min(8, id.length()));
            if (!used.contains(candidate.toLowerCase(Locale.ROOT))) return take(candidate);
        }
        for (int i = 2; ; i++) {
            String c = candidate + "_" + i;
            if (!used.contains(c.toLowerCase(Locale.ROOT))) return take(c);
        }
    }

    private String take(String name) {
        used.add(name.toLowerCase(Locale.ROOT));
        return name;
    }

    /** The ASCII letters and digits of {@code s}, in order. */
    static String asciiLettersAndDigits(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (isAsciiLetterOrDigit(c)) sb.append(c);
        }
        return sb.toString();
    }

    private static boolean isAsciiLetterOrDigit(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    private static boolean isMark(int codePoint) {
        int type = Character.getType(codePoint);
        return type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
                || type == Character.COMBINING_SPACING_MARK;
    }

    /**
     * Words of ASCII letters and digits (accents stripped), each capitalised; all-caps words as Xxx. Text is decomposed
     * (NFD) and its marks dropped, so {@code é} counts as {@code e}; any other character separates words.
     */
    static String camel(String text) {
        if (text == null) return "";
        boolean ascii = true;
        for (int i = 0; i < text.length() && ascii; i++) ascii = text.charAt(i) < 0x80;
        // ASCII text is its own NFD and has no marks
        String s = ascii ? text : Normalizer.normalize(text, Normalizer.Form.NFD);
        StringBuilder out = new StringBuilder(s.length());
        int n = s.length();
        int i = 0;
        while (i < n) {
            // a word: ASCII letters and digits, marks inside it skipped
            int start = out.length();
            boolean hasLower = false;
            while (i < n) {
                int cp = s.codePointAt(i);
                if (isAsciiLetterOrDigit(cp)) {
                    hasLower |= cp >= 'a' && cp <= 'z';
                    out.append((char) cp);
                } else if (ascii || !isMark(cp)) {
                    break;
                }
                i += Character.charCount(cp);
            }
            if (out.length() > start) {
                // capitalised; all-caps (no lower-case letter) as Xxx
                char first = out.charAt(start);
                if (first >= 'a' && first <= 'z') out.setCharAt(start, (char) (first - ('a' - 'A')));
                if (!hasLower) {
                    for (int k = start + 1; k < out.length(); k++) {
                        char c = out.charAt(k);
                        if (c >= 'A' && c <= 'Z') out.setCharAt(k, (char) (c + ('a' - 'A')));
                    }
                }
            }
            // separators: anything but an ASCII letter or digit (marks between words are dropped too)
            while (i < n) {
                int cp = s.codePointAt(i);
                if (isAsciiLetterOrDigit(cp)) break;
                i += Character.charCount(cp);
            }
        }
        return out.toString();
    }
}
