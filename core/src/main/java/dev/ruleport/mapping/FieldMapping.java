package dev.ruleport.mapping;

import dev.ruleport.runtime.CaseFold;
import java.util.List;
import java.util.Objects;

/**
 * Where one ECS field lives in the target.
 *
 * @param target      the target's field or column name, as the target spells it ({@code NewProcessName},
 *                    {@code Processes.process_name}, {@code process.name} for a dotted KQL column)
 * @param fidelity    how faithfully comparisons on the target field reproduce those on the ECS field
 * @param type        the Kusto column type ({@code string int long real bool datetime dynamic}) for KQL
 *                    profiles; null for the other targets
 * @param multiValued the target field can hold several values (an ECS array, a KQL {@code dynamic} array,
 *                    a Splunk multivalue field): a predicate holds when any value satisfies it
 * @param transform   how the ECS value relates to the target value
 * @param note        why the fidelity is not exact, or another remark for diagnostics; may be null
 * @param expression  a computed value in the target's syntax that stands for the field instead of a column
 *                    ({@code parse_command_line(ProcessCommandLine, "windows")}); null for a plain column
 * @param equivalence when the counterpart holds the same data only under a stated equivalence (a process's
 *                    identity as device, id and start time), that statement; null otherwise
 * @param values      when the counterpart only ever holds some values (a computed kind of event), those values
 *                    (case-sensitive); null when any value can occur. A test of another value is false on the target.
 * @param firstSegment when the target spells the value's first path segment otherwise than ECS does (a registry
 *                    hive written out, {@code HKEY_LOCAL_MACHINE} for {@code HKLM}), why; a string test is then
 *                    translated only when each value starts with a wildcard and the path separator, so that it
 *                    never depends on that segment. Null when the whole value is the same.
 */
public record FieldMapping(String target, Fidelity fidelity, String type, boolean multiValued,
                           ValueTransform transform, String note, String expression, String equivalence,
                           java.util.Set<String> values, FirstSegment firstSegment) {
    public FieldMapping {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(fidelity, "fidelity");
        Objects.requireNonNull(transform, "transform");
        if (values != null) values = java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(values));
    }

    public FieldMapping(String target, Fidelity fidelity, String type, boolean multiValued, ValueTransform transform,
                        String note, String expression, String equivalence) {
        this(target, fidelity, type, multiValued, transform, note, expression, equivalence, null, null);
    }

    public FieldMapping(String target, Fidelity fidelity, String type, boolean multiValued, ValueTransform transform,
                        String note) {
        this(target, fidelity, type, multiValued, transform, note, null, null);
    }

    /** The same mapping with another type and multi-valuedness (a column's declared type). */
    public FieldMapping typed(String newType, boolean multi) {
        return new FieldMapping(target, fidelity, newType, multi, transform, note, expression, equivalence, values, firstSegment);
    }

    /**
     * The target's spelling of a path's first segment differs: the separator, why (from the profile), and the
     * spellings the profile declares equivalent (a registry hive: {@code HKLM} and {@code \REGISTRY\MACHINE} in the
     * rule, {@code HKEY_LOCAL_MACHINE} in the target). A value that starts with a wildcard and the separator skips
     * the segment; one that starts with a declared spelling and the separator is respelled; the others are refused.
     */
    public record FirstSegment(String separator, String why, List<Spelling> spellings) {
        public FirstSegment {
            spellings = List.copyOf(spellings);
        }

        public FirstSegment(String separator, String why) {
            this(separator, why, List.of());
        }

        /** The start every string value must have when it names no declared spelling: a wildcard, then the separator. */
        public String requiredStart() { return "*" + separator; }

        /**
         * Whether a text that starts with the separator, matched at some separator of the path ({@code *\\q},
         * {@code endswith}, {@code contains}), could start inside a declared spelling of several segments
         * ({@code \\REGISTRY\\MACHINE}): there the target's spelling has no such separator, so the test would hold
         * on the rule's spelling and not on the target's. Decided on the text's literal start (up to its first
         * wildcard when {@code wildcards}), ignoring ASCII case; an empty literal start could.
         */
        public boolean couldStartInside(String text, boolean wildcards) {
            String literal = text;
            if (wildcards) {
                int w = firstWildcard(text);
                if (w >= 0) literal = text.substring(0, w);
            }
            for (Spelling s : spellings) {
                for (String r : s.rule()) {
                    for (int i = r.indexOf(separator); i >= 0; i = r.indexOf(separator, i + 1)) {
                        String inner = r.substring(i) + separator;
                        if (startsWith(inner, literal, true) || startsWith(literal, inner, true)) return true;
                    }
                }
            }
            return false;
        }

        private static int firstWildcard(String text) {
            int star = text.indexOf('*');
            int one = text.indexOf('?');
            return star < 0 ? one : one < 0 ? star : Math.min(star, one);
        }

        /**
         * The value with its first segment in the target's spellings (one value per target spelling), or null when
         * it starts with no declared spelling followed by the separator. Case-insensitive values compare spellings
         * ignoring ASCII case; case-sensitive ones must spell them as declared.
         */
        public List<String> respell(String value, boolean caseInsensitive) {
            for (Spelling s : spellings) {
                for (String r : s.rule()) {
                    String start = r + separator;
                    if (!startsWith(value, start, caseInsensitive)) continue;
                    List<String> out = new java.util.ArrayList<>();
                    for (String t : s.target()) out.add(t + value.substring(r.length()));
                    return out;
                }
            }
            return null;
        }
    }

    /** Whether {@code value} starts with {@code start}, folding ASCII letters only when asked (as EQL does). */
    private static boolean startsWith(String value, String start, boolean caseInsensitive) {
        if (!caseInsensitive) return value.startsWith(start);
        return value.length() >= start.length() && CaseFold.equalsIgnoreCase(value.substring(0, start.length()), start);
    }

    /** Spellings of one first segment: how rules write it, and how the target does (each a whole segment run). */
    public record Spelling(List<String> rule, List<String> target) {
        public Spelling {
            rule = List.copyOf(rule);
            target = List.copyOf(target);
        }
    }

    /** Whether the target computes the value rather than storing it in a column. */
    public boolean computed() { return expression != null; }

    /** An exact rename with no type, single-valued. */
    public static FieldMapping exact(String target) {
        return new FieldMapping(target, Fidelity.EXACT, null, false, ValueTransform.NONE, null, null, null);
    }
}
