package dev.ruleport.sigma;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A mapping profile read backwards, for the {@link SigmaReader}: which ECS field a target field stands for in a
 * log source, and which facts a log source stands for. The field direction uses the profile's public mappings
 * (exact renames only: a transformed field such as {@code process.name} → {@code Image|endswith} reads back as
 * the field that holds the whole value, {@code process.executable}); the prefix rules and the absorbed facts are
 * read from the profile's YAML document, which the mapping API does not expose.
 */
final class ProfileReverse {
    private final MappingProfile profile;
    private final Map<String, Object> document;

    ProfileReverse(MappingProfile profile) {
        this.profile = profile;
        this.document = loadDocument(profile);
    }

    MappingProfile profile() { return profile; }

    boolean identity() { return Boolean.TRUE.equals(document.get("identity")); }

    /** The profile's log sources whose attributes equal the Sigma logsource's (ignoring {@code definition}). */
    List<Logsource> logsources(Map<String, String> attributes) {
        List<Logsource> out = new ArrayList<>();
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
            if (same) out.add(l);
        }
        return out;
    }

    /** The ECS field a target field reads back as in {@code logsource}, if the profile says. */
    Optional<String> ecsField(Logsource logsource, String target) {
        String best = null;
        for (Map.Entry<String, FieldMapping> e : logsource.explicitMappings().entrySet()) {
            FieldMapping m = e.getValue();
            if (!m.target().equals(target) || m.transform() != ValueTransform.NONE) continue;
            if (best == null || m.fidelity() == Fidelity.EXACT && logsource.field(best).map(FieldMapping::fidelity)
                    .orElse(Fidelity.EXACT) != Fidelity.EXACT) {
                best = e.getKey();
            }
        }
        if (best != null) return Optional.of(best);
        for (Map.Entry<String, String> p : prefixes(logsource).entrySet()) {
            if (target.startsWith(p.getValue())) {
                String ecs = p.getKey() + target.substring(p.getValue().length());
                Optional<FieldMapping> fwd = logsource.field(ecs);
                if (fwd.isPresent() && fwd.get().target().equals(target)) return Optional.of(ecs);
            }
        }
        if (identity()) return Optional.of(target);
        return Optional.empty();
    }

    /** Unconditional absorbed facts of the log source on the given fields: field → values. */
    Map<String, List<String>> absorbed(Logsource logsource, List<String> fields) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        Map<String, Object> ls = logsourceDocument(logsource.id());
        if (ls == null || !(ls.get("absorbs") instanceof Map<?, ?> absorbs)) return out;
        for (String f : fields) {
            Object v = absorbs.get(f);
            if (v instanceof List<?> l) {
                List<String> values = new ArrayList<>();
                l.forEach(x -> values.add(String.valueOf(x)));
                out.put(f, values);
            }
        }
        return out;
    }

    private Map<String, String> prefixes(Logsource logsource) {
        Map<String, String> out = new LinkedHashMap<>();
        Map<String, Object> ls = logsourceDocument(logsource.id());
        if (ls != null && ls.get("prefixes") instanceof Map<?, ?> m) m.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
        if (document.get("prefixes") instanceof Map<?, ?> m) m.forEach((k, v) -> out.putIfAbsent(String.valueOf(k), String.valueOf(v)));
        return out;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> logsourceDocument(String id) {
        if (!(document.get("logsources") instanceof List<?> list)) return null;
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
        List<Object> docs = SigmaYaml.loadAll(text);
        return docs.isEmpty() || !(docs.get(0) instanceof Map<?, ?>) ? Map.of() : (Map<String, Object>) docs.get(0);
    }
}
