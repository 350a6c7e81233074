package dev.ruleport.lower;

import dev.ruleport.mapping.FieldMapping;
import dev.ruleport.mapping.Fidelity;
import dev.ruleport.mapping.Logsource;
import dev.ruleport.mapping.MappingProfile;
import dev.ruleport.mapping.ValueTransform;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A mapping profile read backwards: the lowering's reverse step, shared by every reader (Sigma rules in, and the
 * SPL and KQL readers of the round trips), so that no backend walks the profile itself. Which log sources a target's
 * table, search prefix, data model or Sigma logsource names; which ECS field a target field stands for in a log
 * source; which ECS events a log source stands for, and where its free text lands. The readers of ruleport's own SPL
 * and KQL read a target field as the ECS field it was written from ({@link #writtenFields}, {@link #columnField}),
 * not as a Sigma name ({@link #reading}).
 *
 * <p>Fields: an exact explicit mapping first (a transformed one such as {@code process.name} → {@code
 * Image|endswith} does not read back: the whole value is in the untransformed field, nor does one with a value
 * rendering, {@code network.direction} → {@code Initiated} written {@code true}: a Sigma rule's value is the target's
 * text, so it reads as the raw field; a field a ruleport-written rule recorded reads back as the recorded ECS field, its
 * values through the rendering, in {@code DetectionReader}); then the prefix rules
 * ({@code winlog.event_data.X} → {@code X}); then identity; else the field has no ECS equivalent, and when a
 * non-exact mapping exists its note says why it does not read back. Log sources: {@code reads_as} lists the ECS
 * conjuncts a Sigma log source means (its event class: {@code process_creation} is {@code event.category ==
 * "process" and event.type == "start"} on Windows), {@code keywords} the fields a keyword search looks in,
 * {@code reads_rendered} the rendered fields whose raw text the ECS data does not keep (they read through the rendering). The
 * mapping API does not expose these reading-only keys, the absorbed facts or the prefixes, so they are read
 * from the profile's YAML document.
 *
 * <p>Readers hold log sources as {@link Source} handles (an id and attributes) and ask everything else here; a
 * profile clause reads back as the facts it tests ({@link #clauseFactsByText}). No reader sees the profile's types.
 */
public final class ProfileReverse {
    private final MappingProfile profile;
    private Map<String, Object> document; // the profile's YAML, read when a reading-only key is first asked for
    private final Map<String, String> recorded;
    // per log source, on first use: readers ask for every field of a query, instances are shared between threads
    private final Map<Logsource, Written> written;

    public ProfileReverse(MappingProfile profile) {
        this(profile, null, Map.of(), new ConcurrentHashMap<>());
    }

    private ProfileReverse(MappingProfile profile, Map<String, Object> document, Map<String, String> recorded,
                           Map<Logsource, Written> written) {
        this.profile = profile;
        this.document = document;
        this.recorded = recorded;
        this.written = written;
    }

    private synchronized Map<String, Object> document() {
        if (document == null) document = loadDocument(profile);
        return document;
    }

    /** The same profile with the field names a ruleport-written rule recorded (target → ECS) read first. */
    public ProfileReverse withRecordedFields(Map<?, ?> fields) {
        Map<String, String> r = new LinkedHashMap<>();
        fields.forEach((k, v) -> r.put(String.valueOf(k), String.valueOf(v)));
        return new ProfileReverse(profile, document(), Map.copyOf(r), written);
    }

    /**
     * A log source as a reader holds it: its id and attributes, nothing else of the profile; every other question
     * about it is asked of this class. Two handles of one log source are equal.
     */
    public static final class Source {
        private final Logsource logsource;

        private Source(Logsource logsource) { this.logsource = logsource; }

        public String id() { return logsource.id(); }

        public Map<String, String> attributes() { return logsource.attributes(); }

        @Override public boolean equals(Object o) { return o instanceof Source s && s.logsource == logsource; }

        @Override public int hashCode() { return System.identityHashCode(logsource); }

        @Override public String toString() { return logsource.toString(); }
    }

    /** The reader's handle of one of this profile's log sources (for callers that hold the profile's own). */
    public Source source(Logsource logsource) { return logsource == null ? null : new Source(logsource); }

    private static Logsource ls(Source s) { return s == null ? null : s.logsource; }

    private List<Source> handles(List<Logsource> logsources) {
        List<Source> out = new ArrayList<>();
        for (Logsource l : logsources) out.add(new Source(l));
        return out;
    }

    private static List<Logsource> unwrap(List<Source> sources) {
        List<Logsource> out = new ArrayList<>();
        for (Source s : sources) out.add(s.logsource);
        return out;
    }

    /** The profile's variables ({@code ${name}} in attributes and clauses), as the profile resolved them. */
    public Map<String, String> variables() { return profile.variables(); }

    /** The profile's name, for messages and headers. */
    public String profileName() { return profile.name(); }

    /** The language the profile describes data for ({@code sigma}, {@code kql}, {@code spl}; {@code any} for ECS). */
    public String target() { return profile.target(); }

    public boolean identity() { return Boolean.TRUE.equals(document().get("identity")); }

    /** The profile's log sources whose attributes equal the Sigma logsource's (ignoring {@code definition}). */
    public List<Source> logsources(Map<String, String> attributes) {
        List<Source> out = new ArrayList<>();
        Map<String, String> wanted = new LinkedHashMap<>(attributes);
        wanted.remove("definition");
        for (Logsource l : profile.logsources()) {
            Map<String, String> have = l.attributes();
            if (!have.keySet().equals(wanted.keySet())) continue;
            boolean same = true;
            for (Map.Entry<String, String> e : have.entrySet()) {
                String v = e.getValue();
                if (v.contains("${rule.index}")) continue; // any index the rule names
                if (!v.equalsIgnoreCase(wanted.get(e.getKey()))) { same = false; break; }
            }
            if (same) out.add(new Source(l));
        }
        return out;
    }

    /** The profile's first log source (an identity profile's only one). */
    public Source first() { return new Source(profile.logsources().get(0)); }

    /** The built-in profiles of a target, each with its reverse resolution, in the built-ins' order. */
    public static List<ProfileReverse> builtInsOf(String target) {
        List<ProfileReverse> out = new ArrayList<>();
        for (String name : MappingProfile.builtInNames()) {
            MappingProfile p = MappingProfile.load(name);
            if (p.target().equals(target)) out.add(new ProfileReverse(p));
        }
        return out;
    }

    /** The built-in profile of this name (any case), with its reverse resolution; empty when there is none. */
    public static Optional<ProfileReverse> builtIn(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return MappingProfile.builtInNames().contains(n) ? Optional.of(new ProfileReverse(MappingProfile.load(n))) : Optional.empty();
    }

    /** The log source with this id, if the profile has one. */
    public Optional<Source> byId(String id) {
        for (Logsource l : profile.logsources()) if (l.id().equals(id)) return Optional.of(new Source(l));
        return Optional.empty();
    }

    /** The log sources whose attribute {@code key} is {@code value} (a KQL table's sources); null: those without it. */
    public List<Source> withAttribute(String key, String value) {
        List<Source> out = new ArrayList<>();
        for (Logsource l : profile.logsources()) if (java.util.Objects.equals(value, l.attributes().get(key))) out.add(new Source(l));
        return out;
    }

    /**
     * The log source among {@code candidates} whose attribute {@code key} (a KQL table's selection {@code where}) is the
     * text, compared as {@code normalised} writes both; null when none.
     */
    public Source withAttributeText(List<Source> candidates, String key, String text,
                                    java.util.function.UnaryOperator<String> normalised) {
        for (Source l : candidates) {
            String v = l.attributes().get(key);
            if (v != null && normalised.apply(v).equals(normalised.apply(text))) return l;
        }
        return null;
    }

    /** How many clauses of the log source a query holds, as {@code present} tells for each clause's text. */
    public int clausesPresent(Source source, java.util.function.Predicate<String> present) {
        int n = 0;
        for (Map<String, String> byValue : source.logsource.clausesByField().values()) {
            for (String c : byValue.values()) if (present.test(c)) n++;
        }
        return n;
    }

    /** Values of one field a query may test through the clauses standing for them (an OS through sourcetypes). */
    public record ClauseGroup(String field, List<String> values, List<String> clauses) {}

    /**
     * Per field the log source tests through clauses, every subset of its values with the distinct clauses that stand
     * for it, largest subsets first and in profile order (a writer groups the clauses of the values a conjunct allows):
     * what a reader looks for in a query to read those conjuncts back.
     */
    public List<ClauseGroup> clauseGroups(Source source) {
        List<ClauseGroup> out = new ArrayList<>();
        for (Map.Entry<String, Map<String, String>> f : source.logsource.clausesByField().entrySet()) {
            List<String> values = new ArrayList<>(f.getValue().keySet());
            for (int size = values.size(); size >= 1; size--) {
                for (List<String> subset : subsets(values, size)) {
                    List<String> clauses = new ArrayList<>();
                    for (String v : subset) if (!clauses.contains(f.getValue().get(v))) clauses.add(f.getValue().get(v));
                    out.add(new ClauseGroup(f.getKey(), subset, clauses));
                }
            }
        }
        return out;
    }

    /** The subsets of {@code items} of the given size, in order. */
    private static List<List<String>> subsets(List<String> items, int size) {
        List<List<String>> out = new ArrayList<>();
        if (size == 0) {
            out.add(new ArrayList<>());
            return out;
        }
        for (int i = 0; i + size <= items.size(); i++) {
            for (List<String> rest : subsets(items.subList(i + 1, items.size()), size - 1)) {
                List<String> s = new ArrayList<>();
                s.add(items.get(i));
                s.addAll(rest);
                out.add(s);
            }
        }
        return out;
    }

    /**
     * The clauses of the log sources, by their text as {@code normalised} writes it, each read back as the facts it
     * tests ({@code field in (values)}, and-ed when one text stands for several).
     */
    public Map<String, dev.ruleport.ir.Expr> clauseFactsByText(List<Source> sources,
                                                               java.util.function.UnaryOperator<String> normalised) {
        Map<String, List<Logsource.Clause>> byText = new LinkedHashMap<>();
        for (Source s : sources) {
            for (Logsource.Clause c : s.logsource.clauses()) {
                List<Logsource.Clause> facts = byText.computeIfAbsent(normalised.apply(c.text()), k -> new ArrayList<>());
                if (!facts.contains(c)) facts.add(c);
            }
        }
        Map<String, dev.ruleport.ir.Expr> out = new HashMap<>();
        byText.forEach((text, facts) -> out.put(text, clauseFacts(facts)));
        return out;
    }

    private static final dev.ruleport.diag.Span CLAUSE = dev.ruleport.diag.Span.synthetic("profile clause");

    private static dev.ruleport.ir.Expr clauseFacts(List<Logsource.Clause> facts) {
        List<dev.ruleport.ir.Expr> out = new ArrayList<>();
        for (Logsource.Clause c : facts) {
            dev.ruleport.ir.FieldRef f = new dev.ruleport.ir.FieldRef(dev.ruleport.ir.FieldPath.parse(c.field()), false, CLAUSE);
            List<dev.ruleport.ir.Expr> values = new ArrayList<>();
            for (String v : c.values().stream().sorted().toList()) values.add(new dev.ruleport.ir.Literal(v, CLAUSE));
            out.add(new dev.ruleport.ir.In(f, values, false, CLAUSE));
        }
        return out.size() == 1 ? out.get(0) : new dev.ruleport.ir.And(out, CLAUSE);
    }

    /** The distinct values of attribute {@code key} over the log sources; empty when one of them has none. */
    public List<String> attributeValues(String key) {
        List<String> out = new ArrayList<>();
        for (Logsource l : profile.logsources()) {
            String v = l.attributes().get(key);
            if (v == null) return List.of();
            if (!out.contains(v)) out.add(v);
        }
        return out;
    }

    /**
     * The log source whose SPL search prefix is {@code head} followed by {@code " " + rest}, for a search that starts
     * with {@code head + " "} ({@code head} null: any head); null when none.
     */
    public Source searchEndingWith(String text, String rest, String head) {
        for (Logsource l : profile.logsources()) {
            String p = l.attributes().get("search");
            if (p == null || !p.endsWith(" " + rest)) continue;
            String h = p.substring(0, p.length() - rest.length() - 1);
            if (text.startsWith(h + " ") && (head == null || head.equals(h))) return new Source(l);
        }
        return null;
    }

    /** The log sources whose SPL search prefix is exactly {@code search}. */
    public List<Source> withSearch(String search) {
        return withAttribute("search", search);
    }

    /**
     * The log source whose SPL search prefix the search {@code text} starts with, the longest one; between equally
     * long ones, the first that {@code preferred} accepts. Null when none.
     */
    public Source searchPrefixOf(String text, java.util.function.Predicate<Source> preferred) {
        Source best = null;
        int length = -1;
        for (Logsource l : profile.logsources()) {
            String p = l.attributes().get("search");
            if (p != null && (text.equals(p) || text.startsWith(p + " ") || text.startsWith(p + "\n"))
                    && (p.length() > length || p.length() == length && !preferred.test(best) && preferred.test(new Source(l)))) {
                length = p.length();
                best = new Source(l);
            }
        }
        return best;
    }

    /**
     * The data-model log source a {@code | tstats ... from datamodel=...} search reads: the one whose data model and
     * dataset it names and whose {@code where} it holds, else the first of that data model with no {@code where}
     * that {@code score} rates highest (one log source per OS: the one with the most clauses the search holds), the
     * first of those. Null when none.
     */
    public Source dataModelOf(String text, java.util.function.ToIntFunction<Source> score) {
        Source found = null;
        for (Logsource ls : profile.logsources()) {
            Source l = new Source(ls);
            String dm = l.attributes().get("datamodel");
            if (dm == null) continue;
            String model = dm + (l.attributes().containsKey("dataset") ? "." + l.attributes().get("dataset") : "");
            if (!text.contains("from datamodel=" + model + " ")) continue;
            String where = l.attributes().get("where");
            if (where != null) {
                if (text.contains(" where " + where)) return l;
            } else if (found == null || score.applyAsInt(l) > score.applyAsInt(found)) {
                found = l;
            }
        }
        return found;
    }

    /** How a Sigma field reads back: the ECS field, or why there is none. */
    public record FieldReading(String ecsField, String refusal) {
        public static FieldReading of(String ecs) { return new FieldReading(ecs, null); }
        public static FieldReading none(String why) { return new FieldReading(null, why); }
        public boolean ok() { return ecsField != null; }
    }

    /** The ECS field a target field reads back as in {@code logsource}, if the profile says. */
    public Optional<String> ecsField(Source source, String target) {
        Logsource logsource = ls(source);
        return Optional.ofNullable(reading(source, target).ecsField());
    }

    public FieldReading reading(Source source, String target) {
        Logsource logsource = ls(source);
        if (recorded.containsKey(target)) return FieldReading.of(recorded.get(target));
        String alias = logsource == null ? null : aliases(logsource).get(target);
        if (alias != null && !alias.equals(target)) return reading(source, alias);
        if (logsource == null) {
            return identity() ? FieldReading.of(target) : FieldReading.none(target + ": no log source to read it in");
        }
        String exact = null;
        String inexact = null;
        String note = null;
        List<String> caseVariants = new ArrayList<>();
        for (Map.Entry<String, FieldMapping> e : logsource.explicitMappings().entrySet()) {
            FieldMapping m = e.getValue();
            if (m.transform() != ValueTransform.NONE) continue;
            // a field the target writes in its own way (network.direction egress as Initiated true) is not the
            // target's text: a Sigma rule's value of it reads as the raw field, unless a ruleport-written rule recorded it.
            // A field written as it is but for a text standing for a missing value (missing_as: IpAddress "-") is the
            // field: that text reads as missing
            if (logsource.rendering(e.getKey()).filter(r -> !r.missingOnly()).isPresent()
                    && !readsRendered(logsource).contains(e.getKey())) continue;
            if (!m.target().equals(target)) {
                if (m.target().equalsIgnoreCase(target) && m.fidelity() == Fidelity.EXACT) caseVariants.add(e.getKey());
                continue;
            }
            if (m.fidelity() == Fidelity.EXACT) {
                if (exact == null) exact = e.getKey();
            } else if (inexact == null) {
                inexact = e.getKey();
                note = m.note();
            }
        }
        if (exact != null) return FieldReading.of(exact);
        for (Map.Entry<String, String> p : prefixes(logsource).entrySet()) {
            if (target.startsWith(p.getValue())) {
                String ecs = p.getKey() + target.substring(p.getValue().length());
                Optional<FieldMapping> fwd = logsource.field(ecs);
                // an exact forward mapping to another name (gcp.audit.method_name ← data.protoPayload.methodName) is
                // the same field under the product's other spelling; an unmapped or inexact one is not
                if (fwd.isPresent() && fwd.get().fidelity() == Fidelity.EXACT && fwd.get().transform() == ValueTransform.NONE) {
                    return FieldReading.of(ecs);
                }
            }
        }
        if (identity()) return FieldReading.of(target);
        // field names differ in case between Sigma rules of one product (OperationName, operationName); an
        // exact mapping that differs only in case is the same field when it is the only one
        if (caseVariants.size() == 1 && inexact == null) return FieldReading.of(caseVariants.get(0));
        String where = "log source " + logsource.id() + " of profile " + profile.name();
        if (inexact != null) {
            return FieldReading.none(target + " has no exact ECS equivalent in " + where + " (" + inexact + " is "
                    + logsource.field(inexact).map(f -> f.fidelity().label()).orElse("not exact")
                    + (note == null ? "" : ": " + note) + ")");
        }
        return FieldReading.none(target + " has no ECS equivalent in " + where);
    }

    /** A log source's target fields read back in a query ruleport wrote (see {@link #writtenFields}). */
    private record Written(Map<String, String> fields, Map<String, String> keys, boolean identity) {}

    /**
     * The ECS field each target field of the log source was written from (target → ECS), for the readers of
     * ruleport's own target queries (SPL); unlike {@link #reading}, which reads a Sigma rule's names. Among the ECS
     * fields mapped onto a target field as they are (no transform, not computed): an exact one before an inexact one,
     * an ECS field before a {@code winlog.*} alias of the same event data (Sysmon's Image is process.executable, and
     * also winlog.event_data.Image), else the first listed. Immutable.
     */
    public Map<String, String> writtenFields(Source source) {
        Logsource logsource = ls(source);
        return written(logsource).fields();
    }

    /** {@link #writtenFields}, with the target fields the log source declares as join-only keys read as those keys. */
    public Map<String, String> writtenKeys(Source source) {
        Logsource logsource = ls(source);
        return written(logsource).keys();
    }

    /**
     * The ECS field a target field of a ruleport-written query reads back as: {@link #writtenFields}; else, in a log
     * source that maps names to themselves, the name; else {@code winlog.event_data.<name>} when the log source maps
     * that onto the name as it is (a prefix rule). Empty when none.
     */
    public Optional<String> writtenField(Source source, String target) {
        Logsource logsource = ls(source);
        Written w = written(logsource);
        String ecs = w.fields().get(target);
        if (ecs == null && w.identity()) ecs = target;
        if (ecs == null) {
            String guess = "winlog.event_data." + target;
            if (logsource.field(guess).map(m -> m.target().equals(target) && m.transform() == ValueTransform.NONE).orElse(false)) {
                ecs = guess;
            }
        }
        return Optional.ofNullable(ecs);
    }

    private Written written(Logsource logsource) {
        return written.computeIfAbsent(logsource, ProfileReverse::readWritten);
    }

    private static Written readWritten(Logsource ls) {
        Map<String, String> fields = new HashMap<>();
        for (Map.Entry<String, FieldMapping> e : ls.explicitMappings().entrySet()) {
            FieldMapping m = e.getValue();
            if (m.transform() != ValueTransform.NONE || m.computed()) continue;
            String prev = fields.get(m.target());
            if (prev == null || rank(ls, e.getKey()) < rank(ls, prev)) fields.put(m.target(), e.getKey());
        }
        Map<String, String> keys = new HashMap<>(fields);
        ls.joinOnlyMappings().forEach((ecs, m) -> keys.put(m.target(), ecs));
        // a probe name no profile maps: it maps to itself only in a log source that maps every name so
        boolean identity = ls.field("ruleport.identity.probe").map(m -> m.target().equals("ruleport.identity.probe")).orElse(false);
        return new Written(Map.copyOf(fields), Map.copyOf(keys), identity);
    }

    private static int rank(Logsource ls, String ecs) {
        boolean exact = ls.field(ecs).map(x -> x.fidelity().isExact()).orElse(false);
        return (exact ? 0 : 2) + (ecs.startsWith("winlog.") ? 1 : 0);
    }

    /**
     * The ECS field a column of one of {@code sources} (the log sources of a KQL table) holds as it is, for the reader
     * of ruleport's KQL: the first exact untransformed mapping onto it, in log source order, else the first inexact
     * one; else the column's own name when a log source maps that name onto it (a prefix rule, identity). Unlike
     * {@link #writtenFields}, a computed field with that target counts and a {@code winlog.*} alias is not put last.
     */
    public Optional<String> columnField(List<Source> handles, String column) {
        List<Logsource> sources = unwrap(handles);
        String inexact = null;
        for (Logsource l : sources) {
            for (Map.Entry<String, FieldMapping> e : l.explicitMappings().entrySet()) {
                FieldMapping m = e.getValue();
                if (!m.target().equals(column) || m.transform() != ValueTransform.NONE) continue;
                if (m.fidelity().isExact()) return Optional.of(e.getKey());
                if (inexact == null) inexact = e.getKey();
            }
        }
        if (inexact != null) return Optional.of(inexact);
        for (Logsource l : sources) {
            if (l.field(column).map(m -> m.target().equals(column)).orElse(false)) return Optional.of(column);
        }
        return Optional.empty();
    }

    /** How the log source writes the field's values, when in its own forms ({@code values_as}, {@code numbers_as}, {@code missing_as}). */
    public Optional<dev.ruleport.mapping.ValueRendering> rendering(Source source, String ecsField) {
        Logsource logsource = ls(source);
        return logsource.rendering(ecsField);
    }

    /**
     * Another ECS field of the log source that holds {@code ecsField}'s target field as written (no transform, no
     * rendering, exact, not computed): Sysmon's IntegrityLevel is {@code winlog.event_data.IntegrityLevel} beside the
     * rendered {@code process.Ext.token.integrity_level_name}; null when none.
     */
    public String rawAlias(Source source, String ecsField) {
        Logsource logsource = ls(source);
        FieldMapping m = logsource.explicitMappings().get(ecsField);
        if (m == null || m.target() == null) return null;
        for (Map.Entry<String, FieldMapping> e : logsource.explicitMappings().entrySet()) {
            FieldMapping o = e.getValue();
            if (!e.getKey().equals(ecsField) && m.target().equals(o.target()) && o.transform() == ValueTransform.NONE
                    && !o.computed() && o.fidelity() == Fidelity.EXACT && logsource.rendering(e.getKey()).isEmpty()) {
                return e.getKey();
            }
        }
        return null;
    }

    /** What a {@code // field: ecs -> target} line of a ruleport-written KQL query claims, checked against a log source. */
    public enum HeaderClaim { NONE, COLUMN, COMPUTED, TRANSFORMED, NEVER, ENTRY }

    /**
     * Whether {@code logsource} maps {@code ecsField} (or declares it as a join-only key) to {@code target} as the KQL
     * writer names it: a column as it is, a computed expression, or a column or expression with its transform in
     * parentheses ({@code Image (basename_backslash)}); for a {@code never recorded ...} line, a field the log
     * source never records; for a {@code the KEY= entry of ...} line, a field it stores as that entry of a list.
     */
    /** Whether the log source computes the ECS field (not a join key) with exactly this expression. */
    public boolean computes(Source source, String ecsField, String expression) {
        Logsource logsource = ls(source);
        return logsource.field(ecsField).isPresent() && headerClaim(source, ecsField, expression) == HeaderClaim.COMPUTED;
    }

    public HeaderClaim headerClaim(Source source, String ecsField, String target) {
        Logsource logsource = ls(source);
        if (target.startsWith("never recorded")) return logsource.never(ecsField).isPresent() ? HeaderClaim.NEVER : HeaderClaim.NONE;
        Optional<dev.ruleport.mapping.KeyedEntry> entry = logsource.entry(ecsField);
        if (entry.isPresent()) {
            // "the SHA256= entry of <the list's column or expression>": read back through the list's own field
            Optional<FieldMapping> list = logsource.field(entry.get().list());
            return list.isPresent() && target.equals(entry.get().header(list.get())) ? HeaderClaim.ENTRY : HeaderClaim.NONE;
        }
        Optional<FieldMapping> found = logsource.field(ecsField);
        if (found.isEmpty()) found = logsource.joinKey(ecsField); // host.id joined by the host's name
        if (found.isEmpty()) return HeaderClaim.NONE;
        FieldMapping m = found.get();
        if (m.computed() && m.transform() == ValueTransform.NONE && m.expression().equals(target)) return HeaderClaim.COMPUTED;
        if (!m.computed() && m.transform() == ValueTransform.NONE && m.target().equals(target)) return HeaderClaim.COLUMN;
        if (m.transform() != ValueTransform.NONE
                && target.equals(m.target() + " (" + m.transform().name().toLowerCase(Locale.ROOT) + ")")) {
            return HeaderClaim.TRANSFORMED;
        }
        return HeaderClaim.NONE;
    }

    /**
     * The log source's computed fields, expression → ECS field (the first listed when one expression stands for several).
     * A transformed mapping (the basename of a computed expression) is not the expression's field: its predicates read
     * back through the untransformed one.
     */
    public Map<String, String> computedFields(Source source) {
        Logsource logsource = ls(source);
        Map<String, String> out = new LinkedHashMap<>();
        logsource.explicitMappings().forEach((ecs, m) -> {
            if (m.computed() && m.transform() == ValueTransform.NONE) out.putIfAbsent(m.expression(), ecs);
        });
        return out;
    }

    /** The field a prefix rule gives a Sigma name (the event's raw text of it), or null. */
    public String prefixField(Source source, String target) {
        Logsource logsource = ls(source);
        for (Map.Entry<String, String> p : prefixes(logsource).entrySet()) {
            if (target.startsWith(p.getValue())) return p.getKey() + target.substring(p.getValue().length());
        }
        return null;
    }

    /**
     * The first candidate whose {@code when} holds for the rule's facts together with the candidate's own
     * {@code reads_as} values (a Sigma rule's log source chosen among those its attributes name).
     */
    public Source firstHolding(List<Source> candidates, Map<String, Set<String>> facts) {
        for (Source l : candidates) {
            Map<String, Set<String>> all = new LinkedHashMap<>(facts);
            Map<String, Object> reads = readsAs(l);
            if (reads != null) {
                reads.forEach((field, v) -> {
                    if (!(v instanceof Map<?, ?>)) all.putIfAbsent(field, lowerSet(v));
                });
            }
            if (holds(when(l), all)) return l;
        }
        return null;
    }

    /**
     * The log source's {@code reads_as}: field → a value, a list of values, {@code {present: true}}, or
     * {@code {values: [...], when: {field: [...]}}} (the values hold only when the rule's own facts fall inside
     * {@code when}). Null when the profile does not say how the log source reads.
     */
    public Map<String, Object> readsAs(Source source) {
        Logsource logsource = ls(source);
        Map<String, Object> ls = logsourceDocument(logsource.id());
        if (ls == null || !(ls.get("reads_as") instanceof Map<?, ?> m)) return null;
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    /** Reading-only other spellings of Sigma names ({@code aliases: {cs-uri: c-uri}}), the log source's, then the profile's. */
    private Map<String, String> aliases(Logsource logsource) {
        Map<String, Object> ls = logsourceDocument(logsource.id());
        Map<String, String> out = new LinkedHashMap<>();
        if (ls != null && ls.get("aliases") instanceof Map<?, ?> m) m.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
        if (document().get("aliases") instanceof Map<?, ?> m) m.forEach((k, v) -> out.putIfAbsent(String.valueOf(k), String.valueOf(v)));
        return out;
    }

    /** The log source's {@code when} as raw YAML, or an empty map. */
    public Map<String, Object> when(Source source) {
        Logsource logsource = ls(source);
        Map<String, Object> ls = logsourceDocument(logsource.id());
        if (ls == null || !(ls.get("when") instanceof Map<?, ?> m)) return Map.of();
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    /**
     * The rendered fields whose target text the ECS data does not keep ({@code reads_rendered}: Elastic's Sysmon for
     * Linux pipeline turns Initiated into network.direction and drops it): a Sigma value of the target field reads as the
     * ECS field, through the rendering, since there is no raw field to read it as.
     */
    private Set<String> readsRendered(Logsource logsource) {
        Map<String, Object> ls = logsourceDocument(logsource.id());
        Set<String> out = new java.util.LinkedHashSet<>();
        if (ls != null && ls.get("reads_rendered") instanceof List<?> l) l.forEach(x -> out.add(String.valueOf(x)));
        return out;
    }

    /** The fields a keyword (full-text) search looks in: the log source's {@code keywords}, else the profile's. */
    public List<String> keywordFields(Source source) {
        Logsource logsource = ls(source);
        Map<String, Object> ls = logsourceDocument(logsource.id());
        Object k = ls != null && ls.get("keywords") != null ? ls.get("keywords") : document().get("keywords");
        List<String> out = new ArrayList<>();
        if (k instanceof List<?> l) l.forEach(x -> out.add(String.valueOf(x)));
        else if (k != null) out.add(String.valueOf(k));
        return out;
    }

    /**
     * Whether a {@code when} condition holds for facts (field → allowed values, lower case): every named field's
     * values must lie inside the condition's; {@code category} and {@code os} stand for {@code event.category}
     * and {@code host.os.type}; {@code any_of} needs one alternative; {@code present} always holds here.
     */
    public static boolean holds(Map<String, Object> when, Map<String, Set<String>> facts) {
        for (Map.Entry<String, Object> e : when.entrySet()) {
            String key = e.getKey();
            if (key.equals("present")) continue;
            if (key.equals("any_of")) {
                boolean any = false;
                if (e.getValue() instanceof List<?> alts) {
                    for (Object alt : alts) {
                        if (alt instanceof Map<?, ?> m) {
                            Map<String, Object> sub = new LinkedHashMap<>();
                            m.forEach((k, v) -> sub.put(String.valueOf(k), v));
                            any |= holds(sub, facts);
                        }
                    }
                }
                if (!any) return false;
                continue;
            }
            String field = key.equals("category") ? "event.category" : key.equals("os") ? "host.os.type" : key;
            Set<String> have = facts.get(field);
            if (have == null || have.isEmpty()) return false;
            Set<String> allowed = lowerSet(e.getValue() instanceof Map<?, ?> m ? m.get("values") : e.getValue());
            if (!allowed.containsAll(have)) return false;
        }
        return true;
    }

    public static Set<String> lowerSet(Object v) {
        Set<String> out = new LinkedHashSet<>();
        if (v instanceof List<?> l) l.forEach(x -> out.add(String.valueOf(x).toLowerCase(Locale.ROOT)));
        else if (v != null) out.add(String.valueOf(v).toLowerCase(Locale.ROOT));
        return out;
    }

    private Map<String, String> prefixes(Logsource logsource) {
        Map<String, String> out = new LinkedHashMap<>();
        Map<String, Object> ls = logsourceDocument(logsource.id());
        if (ls != null && ls.get("prefixes") instanceof Map<?, ?> m) m.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
        if (document().get("prefixes") instanceof Map<?, ?> m) m.forEach((k, v) -> out.putIfAbsent(String.valueOf(k), String.valueOf(v)));
        return out;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> logsourceDocument(String id) {
        if (!(document().get("logsources") instanceof List<?> list)) return null;
        for (Object o : list) {
            if (o instanceof Map<?, ?> m && id.equals(m.get("id"))) return (Map<String, Object>) m;
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> loadDocument(MappingProfile profile) {
        String source = profile.source();
        String text = null;
        try {
            if (source.startsWith("builtin:")) {
                String resource = "dev/ruleport/mapping/profiles/" + source.substring("builtin:".length()) + ".yml";
                try (InputStream in = ProfileReverse.class.getClassLoader().getResourceAsStream(resource)) {
                    if (in != null) text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            } else if (Files.isRegularFile(Path.of(source))) {
                text = Files.readString(Path.of(source), StandardCharsets.UTF_8);
            }
        } catch (IOException | RuntimeException e) {
            text = null;
        }
        if (text == null) return Map.of();
        // the profile loaded once already (MappingProfile), so its text is well-formed YAML of one document
        Object doc = new org.yaml.snakeyaml.Yaml(new org.yaml.snakeyaml.constructor.SafeConstructor(
                new org.yaml.snakeyaml.LoaderOptions())).load(text);
        return doc instanceof Map<?, ?> ? (Map<String, Object>) doc : Map.of();
    }
}
