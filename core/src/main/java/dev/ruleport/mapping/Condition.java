package dev.ruleport.mapping;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A test of a rule's {@link RuleFacts} written in a profile ({@code when}, {@code requires}, the {@code when} of
 * an absorbed condition). Profile spelling, a map whose entries must all hold:
 * <pre>
 *   category: [process]          # the rule's event.category facts (keyword or conjunct)
 *   os: [windows]                # alias of host.os.type
 *   event.code: ['4688']         # any other field: its facts
 *   present: [dns.question.name] # a positive top-level conjunct tests one of these fields
 *   any_of: [ {...}, {...} ]     # at least one of the nested conditions
 * </pre>
 * Each test has three outcomes ({@link Verdict}): the rule's facts lie inside the listed values (EXACT), the rule
 * does not restrict the field or only overlaps the values (PARTIAL), or the facts exclude the values (NONE).
 * A map is the worst of its entries. The members of {@code any_of} are alternative ways of saying the same thing
 * (event.type start, or event.action exec): it is EXACT when one member is, NONE when none is and one member is
 * contradicted (a rule about {@code event.type == "change"} is no process start, whatever its event.action),
 * PARTIAL otherwise.
 */
sealed interface Condition {
    enum Verdict { NONE, PARTIAL, EXACT }

    Verdict test(RuleFacts facts);

    /** The condition that always holds exactly. */
    Condition TRUE = new All(List.of());

    record Values(String field, Set<String> allowed) implements Condition {
        @Override public Verdict test(RuleFacts facts) {
            Set<String> have = facts.values(field);
            if (have.isEmpty()) return Verdict.PARTIAL;
            if (allowed.containsAll(have)) return Verdict.EXACT;
            Set<String> overlap = new LinkedHashSet<>(have);
            overlap.retainAll(allowed);
            return overlap.isEmpty() ? Verdict.NONE : Verdict.PARTIAL;
        }

        @Override public String toString() { return field + " in " + allowed; }
    }

    record Present(Set<String> fields) implements Condition {
        @Override public Verdict test(RuleFacts facts) {
            for (String f : fields) {
                if (facts.requiredFields().contains(f)) return Verdict.EXACT;
            }
            return Verdict.PARTIAL;
        }

        @Override public String toString() { return "one of " + fields + " tested"; }
    }

    record All(List<Condition> parts) implements Condition {
        @Override public Verdict test(RuleFacts facts) {
            Verdict worst = Verdict.EXACT;
            for (Condition c : parts) {
                Verdict v = c.test(facts);
                if (v.compareTo(worst) < 0) worst = v;
            }
            return worst;
        }

        @Override public String toString() {
            List<String> s = new ArrayList<>();
            parts.forEach(p -> s.add(p.toString()));
            return String.join(" and ", s);
        }
    }

    record AnyOf(List<Condition> parts) implements Condition {
        @Override public Verdict test(RuleFacts facts) {
            boolean contradicted = false;
            for (Condition c : parts) {
                Verdict v = c.test(facts);
                if (v == Verdict.EXACT) return Verdict.EXACT;
                if (v == Verdict.NONE) contradicted = true;
            }
            return contradicted ? Verdict.NONE : Verdict.PARTIAL;
        }

        @Override public String toString() {
            List<String> s = new ArrayList<>();
            parts.forEach(p -> s.add("(" + p + ")"));
            return String.join(" or ", s);
        }
    }
}
