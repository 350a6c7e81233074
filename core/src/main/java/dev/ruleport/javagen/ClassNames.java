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
        String id = ruleId == null ? "" : ruleId.replaceAll("[^A-Za-z0-9]", "");
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

    /** Words of ASCII letters and digits (accents stripped), each capitalised; all-caps words as Xxx. */
    static String camel(String text) {
        if (text == null) return "";
        String ascii = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
        StringBuilder out = new StringBuilder();
        for (String word : ascii.split("[^A-Za-z0-9]+")) {
            if (word.isEmpty()) continue;
            boolean allUpper = word.equals(word.toUpperCase(Locale.ROOT));
            out.append(Character.toUpperCase(word.charAt(0)));
            String rest = word.substring(1);
            out.append(allUpper ? rest.toLowerCase(Locale.ROOT) : rest);
        }
        return out.toString();
    }
}
