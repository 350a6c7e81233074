package dev.ruleport.sigma;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The type of an ECS field, as far as reading a Sigma value needs it: a Sigma value is read as a number for a
 * numeric field, a boolean for a boolean field, and as text for ECS's string fields and for Windows event data
 * ({@code winlog.event_data.*}, which Elastic's Windows integrations map as keywords). So {@code EventID: 4624}
 * against the keyword {@code event.code} is the string {@code "4624"}, as Elasticsearch stores it. Other
 * fields outside ECS ({@code process.Ext.*}, integration fields) are {@link Kind#UNKNOWN}: a value keeps the
 * type YAML gives it. The list is {@code ecs-field-types.tsv}, generated from ECS's {@code ecs_flat.yml}.
 */
final class EcsTypes {
    enum Kind { STRING, NUMBER, BOOLEAN, IP, DATE, UNKNOWN }

    private static final Map<String, Kind> TYPES = load();

    private EcsTypes() {}

    static Kind of(String ecsField) {
        Kind k = TYPES.get(ecsField);
        if (k != null) return k;
        return ecsField.startsWith("winlog.event_data.") ? Kind.STRING : Kind.UNKNOWN;
    }

    /** Every ECS field with its kind (for the drift test). */
    static Map<String, Kind> fields() { return TYPES; }

    static Kind kind(String ecsType) {
        return switch (ecsType) {
            case "long", "integer", "short", "byte", "unsigned_long", "float", "double", "half_float", "scaled_float" -> Kind.NUMBER;
            case "boolean" -> Kind.BOOLEAN;
            case "ip" -> Kind.IP;
            case "date", "date_nanos" -> Kind.DATE;
            default -> Kind.STRING;
        };
    }

    private static Map<String, Kind> load() {
        String resource = "dev/ruleport/sigma/ecs-field-types.tsv";
        try (InputStream in = EcsTypes.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException(resource + " is missing from the classpath");
            Map<String, Kind> out = new LinkedHashMap<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] f = line.split("\t");
                out.put(f[0], kind(f[1].strip()));
            }
            return Map.copyOf(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
