package dev.ruleport.sigma;

import dev.ruleport.fixtures.FixtureCase;
import dev.ruleport.lower.ProfileReverse;
import dev.ruleport.mapping.FieldMapping;
import dev.ruleport.mapping.Logsource;
import dev.ruleport.mapping.MappingProfile;
import dev.ruleport.mapping.ValueRendering;
import dev.ruleport.mapping.ValueTransform;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The data model a profile's log sources assume, applied to ECS fixture events.
 *
 * <p>A log source that maps an ECS field D to a target field T with a value transform ({@code process.name} to
 * {@code Image} with {@code basename}, {@code file.extension} to {@code TargetFilename} with {@code extension})
 * while other ECS fields S map to T exactly ({@code process.executable} to {@code Image}, or {@code dll.path} and
 * {@code file.path} both to {@code ImageLoaded}) only has events where every such S holds T's value and every D is
 * transform(T): the target log carries T once, and the ECS fields are all read from it. The reader reads T back
 * as one S (the one the writer recorded, else the profile's reverse, which may come from a prefix rule:
 * {@code User} reads back as {@code winlog.event_data.User}), so where the original tested D or another S the
 * read-back tests that S. Generated and hand-written events are free ECS: they may hold D without any S, or
 * values that are not derived from each other. Such an event cannot occur in the log source, and on it the two
 * queries may disagree for no fault of the translation.
 *
 * <p>{@link #adapt} projects an event onto the model, per target T of the log sources the Sigma text uses that
 * carries a transform or several exact sources:
 * <ol>
 *   <li>T's value is the first string value among its sources S; an S that ends in the separator (a directory: a
 *       generated {@code C:\dir\*} with the wildcard left empty) is completed with a basename D. With no S, the
 *       value is synthesised from a D: a path in a fixed directory ({@code C:\dir\} or {@code /dir/}) ending in
 *       the basename, or in a file {@code file.D} for an extension;</li>
 *   <li>every absent S is given T's value, and every D is derived from it: {@code basename} is the text after the
 *       last separator, {@code extension} the text after the last dot of the basename (D is removed when there is
 *       no dot).</li>
 * </ol>
 * Only string values are touched (a multi-valued or non-string field is left alone), and sources that are present
 * and differ are left as they are. A field that every log source of the text never records (a profile's {@code never}
 * and {@code never_recorded}) is removed: the target's events do not have it. A field a log source stores as an
 * entry of a list (Sysmon's {@code SHA256=...} in {@code Hashes}) holds a value the target can write and the list
 * exactly those entries ({@code KeyedEntry.agree}). The projection is applied to the events both queries run on, so the original
 * is judged on the same events as the read-back.
 */
final class SigmaDataModel {
    /** One target field: the ECS fields that hold it exactly, and those derived from it. */
    record Target(String name, List<String> sources, Map<String, ValueTransform> derived) {}

    private final List<Target> targets;
    /** A field with listed values ({@code values_as}) on a target other ECS fields hold as written. */
    record Rendered(String field, ValueRendering rendering, List<String> others) {}
    private final List<Rendered> rendered;
    private final String separator;
    /** The log sources the Sigma text uses: a field every one of them never records is missing in its events. */
    private final List<Logsource> used;

    /** Reading a profile's YAML document again for every rule would dominate the round-trip tests. */
    private static final Map<MappingProfile, ProfileReverse> REVERSED = new java.util.concurrent.ConcurrentHashMap<>();

    private SigmaDataModel(List<Target> targets, List<Rendered> rendered, String separator, List<Logsource> used) {
        this.targets = targets;
        this.rendered = rendered;
        this.separator = separator;
        this.used = used;
    }

    /** The targets of the named log sources of {@code profile} (an identity profile has none). */
    static SigmaDataModel of(MappingProfile profile, Set<String> logsourceIds) {
        ProfileReverse reverse = REVERSED.computeIfAbsent(profile, ProfileReverse::new);
        List<Target> out = new ArrayList<>();
        String sep = null;
        List<Logsource> used = new ArrayList<>();
        List<Rendered> rendered = new ArrayList<>();
        for (Logsource l : profile.logsources()) {
            if (!logsourceIds.contains(l.id())) continue;
            used.add(l);
            Map<String, List<String>> sources = new LinkedHashMap<>();
            Map<String, Map<String, ValueTransform>> derived = new LinkedHashMap<>();
            Map<String, ValueRendering> listed = new LinkedHashMap<>();
            for (Map.Entry<String, FieldMapping> e : l.explicitMappings().entrySet()) {
                l.rendering(e.getKey()).filter(r -> !r.values().isEmpty()).ifPresent(r -> listed.put(e.getKey(), r));
            }
            for (Map.Entry<String, FieldMapping> e : l.explicitMappings().entrySet()) {
                FieldMapping m = e.getValue();
                if (listed.containsKey(e.getKey())) {
                    List<String> others = new ArrayList<>();
                    l.explicitMappings().forEach((k, o) -> {
                        if (!k.equals(e.getKey()) && !listed.containsKey(k) && o.transform() == ValueTransform.NONE
                                && !o.computed() && m.target().equals(o.target())) others.add(k);
                    });
                    rendered.add(new Rendered(e.getKey(), listed.get(e.getKey()), others));
                } else if (m.transform() == ValueTransform.NONE) {
                    sources.computeIfAbsent(m.target(), k -> new ArrayList<>()).add(e.getKey());
                } else {
                    derived.computeIfAbsent(m.target(), k -> new LinkedHashMap<>()).put(e.getKey(), m.transform());
                    if (sep == null && m.transform().separator() != null) sep = m.transform().separator();
                }
            }
            for (String t : derived.keySet()) {
                List<String> s = sources.computeIfAbsent(t, k -> new ArrayList<>());
                reverse.ecsField(reverse.source(l), t).ifPresent(f -> { if (!s.contains(f)) s.add(f); });
            }
            for (Map.Entry<String, List<String>> e : sources.entrySet()) {
                Map<String, ValueTransform> d = derived.getOrDefault(e.getKey(), Map.of());
                if (d.isEmpty() && e.getValue().size() < 2) continue;
                if (e.getValue().isEmpty()) continue;
                out.add(new Target(e.getKey(), e.getValue(), d));
            }
        }
        return new SigmaDataModel(out, rendered, sep == null ? "\\" : sep, used);
    }

    List<Target> targets() { return targets; }

    /** The case with every event projected onto the model; the same object when nothing changed. */
    FixtureCase adapt(FixtureCase c) {
        if (targets.isEmpty() && used.isEmpty() && rendered.isEmpty()) return c; // (entries come from used log sources)
        List<Map<String, Object>> events = new ArrayList<>();
        boolean changed = false;
        for (Map<String, Object> e : c.events()) {
            Map<String, Object> a = adapt(e);
            changed |= a != e;
            events.add(a);
        }
        return changed ? new FixtureCase(c.name(), c.expect(), events, c.matches(), c.why(), c.generated()) : c;
    }

    private Map<String, Object> adapt(Map<String, Object> event) {
        Map<String, Object> flat = new LinkedHashMap<>();
        flatten("", event, flat);
        Map<String, Object> before = new LinkedHashMap<>(flat);
        // a field that every log source of the text never records is missing in the events the target holds
        flat.keySet().removeIf(f -> used.stream().allMatch(l -> l.never(f).isPresent()));
        // a field with listed values holds one of them, and the fields that hold its target as written hold its
        // rendering: the listed field's value decides when the source can hold it, else the first text of the others
        // (its ECS value read case-sensitively); a text no listed value is written as is not in the source's events
        // (the target writes only the listed texts there), so all of them are missing then
        for (Rendered r : rendered) {
            Object v = flat.get(r.field());
            if (v instanceof String s0) v = r.rendering().canonical(s0); // open: a listed value but for case is that value
            // open: an unlisted value is written as a text that is none of the listed ones
            String raw = v instanceof String s ? r.rendering().targetText(s) : null;
            String ecs = raw == null ? null : (String) v;
            if (raw == null) {
                for (String o : r.others()) if (flat.get(o) instanceof String s) { raw = s; break; }
                ecs = raw == null ? null : r.rendering().ecsValue(raw, true);
                if (ecs == null) raw = null;
            }
            if (ecs == null) flat.remove(r.field()); else flat.put(r.field(), ecs);
            for (String o : r.others()) { if (raw == null) flat.remove(o); else flat.put(o, raw); }
        }
        for (Target t : targets) {
            if (arguments(t, flat)) continue;
            String basename = null;
            String extension = null;
            String domain = null;
            for (Map.Entry<String, ValueTransform> d : t.derived().entrySet()) {
                if (!(flat.get(d.getKey()) instanceof String v)) continue;
                if (d.getValue() == ValueTransform.EXTENSION) { if (extension == null) extension = v; }
                else if (d.getValue() == ValueTransform.DOMAIN) { if (domain == null) domain = v; }
                else if (basename == null) basename = v;
            }
            String value = null;
            String from = null;
            for (String s : t.sources()) {
                if (flat.get(s) instanceof String v) { value = v; from = s; break; }
            }
            boolean anySource = false;
            for (String s : t.sources()) anySource |= flat.containsKey(s);
            if (value != null && basename != null && value.endsWith(separator)) {
                value = value + basename;
                flat.put(from, value);
            } else if (value == null && !anySource) {
                if (domain != null) value = domain + "\\" + (basename != null ? basename : "rp"); // DOMAIN\\name
                else if (basename != null) value = dir() + basename;
                else if (extension != null) value = dir() + "file." + extension;
            }
            if (value == null) continue;
            for (String s : t.sources()) flat.putIfAbsent(s, value);
            for (Map.Entry<String, ValueTransform> d : t.derived().entrySet()) {
                if (flat.containsKey(d.getKey()) && !(flat.get(d.getKey()) instanceof String)) continue;
                String v = derive(value, d.getValue());
                if (v == null) flat.remove(d.getKey());
                else flat.put(d.getKey(), v);
            }
        }
        // a field stored as an entry of a list (Sysmon's SHA256=... in Hashes) and the list agree; a value the target
        // cannot write becomes its lower-case form, or a value of the entry's length (no verdict is known here)
        Map<String, dev.ruleport.mapping.KeyedEntry> entries = new LinkedHashMap<>();
        for (Logsource l : used) l.entries().forEach(entries::putIfAbsent);
        dev.ruleport.mapping.KeyedEntry.agree(flat, entries, x -> true);
        if (flat.equals(before)) return event;
        return nest(flat);
    }

    /**
     * A command line whose tokens are the arguments ({@link ValueTransform#ARGUMENT}): the line's value is the first
     * string source, else (no source present) the first argument list joined by spaces, else a line of as many
     * arguments as the first count says; every argument field becomes
     * the line's tokens ({@code Argv.tokens}, missing for a blank line), every count field their number. True when
     * {@code t} has only such fields.
     */
    private static boolean arguments(Target t, Map<String, Object> flat) {
        List<String> fields = new ArrayList<>();
        List<String> counts = new ArrayList<>();
        t.derived().forEach((k, v) -> {
            if (v == ValueTransform.ARGUMENT) fields.add(k);
            else if (v == ValueTransform.ARGUMENT_COUNT) counts.add(k);
        });
        if (fields.isEmpty() && counts.isEmpty()) return false;
        String line = null;
        boolean anySource = false;
        for (String s : t.sources()) {
            anySource |= flat.containsKey(s);
            if (line == null && flat.get(s) instanceof String v) line = v;
        }
        if (line == null && !anySource) {
            for (String f : fields) {
                Object v = flat.get(f);
                List<String> args = new ArrayList<>();
                if (v instanceof String one) args.add(one);
                else if (v instanceof List<?> list) for (Object o : list) if (o instanceof String x) args.add(x);
                if (!args.isEmpty()) { line = String.join(" ", args); break; }
            }
        }
        if (line == null && !anySource) {
            // only a count: a line of that many arguments (up to a bound)
            for (String f : counts) {
                if (flat.get(f) instanceof Number n && n.longValue() >= 1 && n.longValue() <= 64) {
                    line = String.join(" ", java.util.Collections.nCopies(n.intValue(), "rp"));
                    break;
                }
            }
        }
        if (line != null) {
            for (String s : t.sources()) flat.putIfAbsent(s, line);
            List<String> tokens = dev.ruleport.verify.Argv.tokens(line);
            for (String f : fields) {
                if (tokens.isEmpty()) flat.remove(f); else flat.put(f, tokens);
            }
            for (String f : counts) {
                if (tokens.isEmpty()) flat.remove(f); else flat.put(f, (long) tokens.size());
            }
        }
        return fields.size() + counts.size() == t.derived().size();
    }

    private String dir() { return separator.equals("/") ? "/dir/" : "C:\\dir\\"; }

    private String derive(String source, ValueTransform t) {
        if (t == ValueTransform.EXTENSION) {
            String base = basename(source, separator);
            int dot = base.lastIndexOf('.');
            return dot < 0 ? null : base.substring(dot + 1);
        }
        if (t == ValueTransform.DOMAIN) return ValueTransform.domainOf(source);
        return basename(source, t.separator());
    }

    private static String basename(String s, String sep) { return s.substring(s.lastIndexOf(sep) + 1); }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Map<String, Object> m, Map<String, Object> out) {
        for (Map.Entry<String, Object> e : m.entrySet()) {
            String key = prefix + e.getKey();
            if (e.getValue() instanceof Map<?, ?> sub && !sub.isEmpty()) flatten(key + ".", (Map<String, Object>) sub, out);
            else out.put(key, e.getValue());
        }
    }

    /** Dotted keys back to nested objects; a key that would clash with a value stays dotted (events accept both). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> nest(Map<String, Object> flat) {
        Map<String, Object> root = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : flat.entrySet()) {
            String[] parts = e.getKey().split("\\.");
            Map<String, Object> m = root;
            boolean clash = false;
            for (int i = 0; i < parts.length - 1; i++) {
                Object next = m.computeIfAbsent(parts[i], k -> new LinkedHashMap<String, Object>());
                if (!(next instanceof Map)) { clash = true; break; }
                m = (Map<String, Object>) next;
            }
            if (clash || m.get(parts[parts.length - 1]) instanceof Map) root.put(e.getKey(), e.getValue());
            else m.put(parts[parts.length - 1], e.getValue());
        }
        return root;
    }

    @Override public String toString() { return Objects.toString(targets); }
}
