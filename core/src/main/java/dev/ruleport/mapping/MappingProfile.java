package dev.ruleport.mapping;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A mapping profile: how ECS data (what Elastic rules query) appears in one target's data model. Immutable and
 * thread-safe. See {@code package-info} for the YAML format.
 *
 * <pre>
 *   MappingProfile p = MappingProfile.load("sigma-windows");
 *   Optional&lt;Selection&gt; s = p.select(RuleFacts.from(filter, rule.index(), null));
 *   s.get().attributes();                          // {product=windows, service=security}
 *   s.get().field("process.executable");           // NewProcessName, exact
 * </pre>
 */
public final class MappingProfile {
    static final String RESOURCE_DIR = "dev/ruleport/mapping/profiles/";
    private static final String INDEX = RESOURCE_DIR + "profiles.list";

    private final String name;
    private final String target;
    private final String description;
    private final String source;
    private final Map<String, String> variables;
    private final List<Logsource> logsources;
    private final Object document;

    /**
     * The {@code event.action} text of each kind of event the target's data holds, by event code, when the profile
     * declares them all ({@code event_actions}); empty otherwise. Each kind has exactly one text, so a wildcard pattern
     * on {@code event.action} is decided by matching it against these texts.
     */
    private final Map<String, String> eventActions;

    /** The hosts every event of the deployment comes from, when declared ({@link HostScope}); null otherwise. */
    private final HostScope hosts;

    MappingProfile(String name, String target, String description, String source, Map<String, String> variables,
                   List<Logsource> logsources, Object document) {
        this(name, target, description, source, variables, logsources, document, Map.of(), null);
    }

    MappingProfile(String name, String target, String description, String source, Map<String, String> variables,
                   List<Logsource> logsources, Object document, Map<String, String> eventActions, HostScope hosts) {
        this.hosts = hosts;
        this.eventActions = Collections.unmodifiableMap(new LinkedHashMap<>(eventActions));
        this.name = name;
        this.target = target;
        this.description = description;
        this.source = source;
        this.variables = Collections.unmodifiableMap(new LinkedHashMap<>(variables));
        this.logsources = List.copyOf(logsources);
        this.document = document;
    }

    /**
     * A built-in profile by name ({@link #builtInNames()}), or else a YAML file at that path.
     *
     * @throws MappingProfileException naming the file and the problem when it cannot be loaded
     */
    public static MappingProfile load(String nameOrPath) {
        Objects.requireNonNull(nameOrPath, "nameOrPath");
        if (builtInNames().contains(nameOrPath)) {
            String resource = RESOURCE_DIR + nameOrPath + ".yml";
            return ProfileLoader.parse(readResource(resource), "builtin:" + nameOrPath, Map.of());
        }
        Path path = Path.of(nameOrPath);
        if (!Files.isRegularFile(path)) {
            throw new MappingProfileException(nameOrPath, "not a built-in profile (" + String.join(", ", builtInNames())
                    + ") and no such file");
        }
        return load(path);
    }

    /** A profile from a YAML file. */
    public static MappingProfile load(Path path) {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MappingProfileException(path.toString(), "cannot read: " + e.getMessage(), e);
        }
        return ProfileLoader.parse(text, path.toString(), Map.of());
    }

    /** A profile from YAML text; {@code sourceName} appears in error messages. */
    public static MappingProfile parse(String yaml, String sourceName) {
        return ProfileLoader.parse(yaml, sourceName, Map.of());
    }

    /** The names of the profiles shipped in the jar, in a stable order. */
    public static List<String> builtInNames() {
        List<String> names = new ArrayList<>();
        for (String line : readResource(INDEX).split("\n")) {
            String n = line.strip();
            if (!n.isEmpty() && !n.startsWith("#")) names.add(n);
        }
        return List.copyOf(names);
    }

    private static String readResource(String resource) {
        try (InputStream in = MappingProfile.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) throw new MappingProfileException(resource, "missing from the classpath");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MappingProfileException(resource, "cannot read: " + e.getMessage(), e);
        }
    }

    static Optional<String> readClasspath(String resource) {
        try (InputStream in = MappingProfile.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) return Optional.empty();
            return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public String name() { return name; }

    /** {@code sigma}, {@code kql}, {@code spl}, or {@code any} (the ECS identity profile). */
    public String target() { return target; }

    public String description() { return description; }

    /** Where the profile was loaded from ({@code builtin:NAME} or a file path). */
    public String source() { return source; }

    /** The profile's variables with their current values (defaults, or overrides from {@link #withVariables}). */
    public Map<String, String> variables() { return variables; }

    /** All log sources, in profile order (the order breaks ties between equally good selections). */
    public List<Logsource> logsources() { return logsources; }

    public Optional<Logsource> logsource(String id) {
        return logsources.stream().filter(l -> l.id().equals(id)).findFirst();
    }

    /**
     * The same profile with some variables set (e.g. SPL {@code index}); unknown names are an error.
     */
    public MappingProfile withVariables(Map<String, String> overrides) {
        for (String k : overrides.keySet()) {
            if (!variables.containsKey(k)) {
                throw new MappingProfileException(source, "unknown variable '" + k + "'; the profile declares "
                        + variables.keySet());
            }
        }
        MappingProfile p = ProfileLoader.build(document, source, overrides);
        return hosts == null ? p : p.withHosts(hosts);
    }

    /** The deployment scope the profile declares ({@code hosts:}) or the user set ({@link #withHosts}). */
    public Optional<HostScope> hosts() { return Optional.ofNullable(hosts); }

    /** The same profile for a deployment whose events all come from hosts of the scope's operating systems. */
    public MappingProfile withHosts(HostScope scope) {
        return new MappingProfile(name, target, description, source, variables, logsources, document, eventActions,
                Objects.requireNonNull(scope, "scope"));
    }

    /**
     * The best log source for a rule: among the log sources whose {@code when} holds exactly and whose
     * {@code requires} is not contradicted, the most faithful; ties go to the earlier one.
     */
    public Optional<Selection> select(RuleFacts facts) {
        List<Selection> all = candidates(facts);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }

    /**
     * Every applicable log source for the rule, best first: exact selections, then equivalent ones (the rule asks for
     * the log source's activity under another name), then the inexact; ties in profile order.
     */
    public List<Selection> candidates(RuleFacts facts) {
        if (hosts == null || hosts.implied(facts)) return candidates(facts, false);
        // a deployment of declared hosts: the rule's events are those of its hosts; none when it names only others
        RuleFacts scoped = hosts.apply(facts);
        return scoped == null ? List.of() : candidates(scoped, true);
    }

    private List<Selection> candidates(RuleFacts facts, boolean assumesHosts) {
        List<Selection> out = new ArrayList<>();
        for (Logsource l : logsources) {
            Condition.Verdict req = l.requires().test(facts);
            // a rule naming values the source never records selects it only through an equivalence
            boolean native_ = l.when().test(facts) == Condition.Verdict.EXACT && !contradictsRecords(l, facts);
            Logsource.Equivalent eq = null;
            if (!native_ || req != Condition.Verdict.EXACT) {
                for (Logsource.Equivalent e : l.equivalents()) {
                    if (e.when().test(facts) == Condition.Verdict.EXACT) {
                        eq = e;
                        break;
                    }
                }
            }
            if (eq != null) {
                Fidelity f = l.fidelity();
                String why = f.isExact() ? null : l.id() + " is " + f.label() + (l.note() == null ? "" : ": " + l.note());
                out.add(new Selection(l, f, why, facts, eq.says(), eq.absorbs(), hosts, assumesHosts));
                continue;
            }
            if (!native_ || req == Condition.Verdict.NONE) continue;
            Fidelity f = Fidelity.EXACT;
            List<String> why = new ArrayList<>();
            if (req == Condition.Verdict.PARTIAL) {
                f = Fidelity.NARROWER;
                why.add(l.id() + " only holds events where " + l.requires() + "; the rule does not restrict itself to"
                        + " them (facts: " + (facts.values().isEmpty() ? "none" : facts) + ")");
            }
            if (!l.fidelity().isExact()) {
                f = f.combine(l.fidelity());
                why.add(l.id() + " is " + l.fidelity().label() + (l.note() == null ? "" : ": " + l.note()));
            }
            out.add(new Selection(l, f, why.isEmpty() ? null : String.join("; ", why), facts, null, List.of(), hosts,
                    assumesHosts));
        }
        // stable: profile order among equals
        out.sort(Comparator.comparing(Selection::fidelity).thenComparing(s -> s.equivalence() != null));
        return out;
    }

    /** Whether the rule restricts a field the log source records to values it never has. */
    private static boolean contradictsRecords(Logsource l, RuleFacts facts) {
        for (Map.Entry<String, java.util.Set<String>> r : l.records().entrySet()) {
            java.util.Set<String> want = facts.values(r.getKey());
            if (!want.isEmpty() && java.util.Collections.disjoint(want, r.getValue())) return true;
        }
        return false;
    }

    /** The declared {@code event.action} text of each kind of event, by event code; empty when none is declared. */
    public Map<String, String> eventActions() { return eventActions; }

    @Override public String toString() { return "MappingProfile[" + name + ", target=" + target + ", " + source + "]"; }
}
