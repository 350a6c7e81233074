package dev.ruleport.mapping;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a deployment declares about every one of its events: the operating systems of its hosts (a Windows-only
 * fleet). A rule's events from other hosts do not exist there, so a rule that does not restrict the OS is translated
 * as if it said {@code host.os.type in (os)}, and an OS test the scope decides is left out; the translation is then
 * equivalent under the declaration, which the output states. Declared by a profile ({@code hosts:}) or by the user
 * ({@code --hosts}); never assumed.
 *
 * @param os   the hosts' operating systems, as {@code host.os.type} writes them (lower case)
 * @param says the declaration as the output states it
 */
public record HostScope(Set<String> os, String says) {
    /** The operating systems {@code host.os.type} takes in ECS (the field's expected values). */
    public static final List<String> KNOWN = List.of("windows", "linux", "macos", "unix", "ios", "android");

    public HostScope {
        os = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(os));
        if (os.isEmpty()) throw new IllegalArgumentException("a host scope names at least one OS");
    }

    /** The scope a user declares, stated as declared by {@code declaredBy} ({@code --hosts}, a profile name). */
    public static HostScope declared(Set<String> os, String declaredBy) {
        return new HostScope(os, "deployment scope: every event comes from a host whose host.os.type is "
                + String.join(" or ", os) + " (declared by " + declaredBy + "); events of other hosts are not there to match");
    }

    /**
     * The facts of a rule in this deployment: its OS facts intersected with the scope (the scope itself when the rule
     * says nothing of the OS); null when the rule only matches events of hosts outside the scope.
     */
    RuleFacts apply(RuleFacts facts) {
        Set<String> have = facts.os();
        Set<String> os = new LinkedHashSet<>(this.os);
        if (!have.isEmpty()) os.retainAll(have);
        if (os.isEmpty()) return null;
        java.util.Map<String, Set<String>> values = new java.util.LinkedHashMap<>(facts.values());
        values.put(RuleFacts.OS_TYPE, os);
        return new RuleFacts(values, facts.requiredFields(), facts.indexPatterns(), facts.categoryField());
    }

    /** Whether the rule's own OS facts already keep it inside the scope (nothing is assumed for it). */
    boolean implied(RuleFacts facts) {
        return !facts.os().isEmpty() && os.containsAll(facts.os());
    }

    /** Whether a conjunct restricting {@code host.os.type} to {@code values} holds on every event of the scope. */
    boolean decides(Set<String> values) {
        return values.containsAll(os);
    }
}
