package dev.ruleport.sigma;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.ruleport.testsupport.Shared;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates Sigma YAML against the JSON schemas in {@code ../shared/schemas/sigma/} (Draft 2020-12, format
 * assertions on): one document at a time, the schema chosen by its {@code correlation} / {@code filter} key, YAML
 * dates turned into {@code YYYY-MM-DD} strings first.
 */
final class SigmaSchemas {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static volatile SigmaSchemas instance;

    private final JsonSchema rule;
    private final JsonSchema correlation;
    private final JsonSchema filter;

    private SigmaSchemas(Path dir) {
        JsonSchemaFactory f = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        rule = load(f, dir.resolve("sigma-detection-rule-schema.json"), config);
        correlation = load(f, dir.resolve("sigma-correlation-rules-schema.json"), config);
        filter = load(f, dir.resolve("sigma-filters-schema.json"), config);
    }

    static SigmaSchemas get() {
        if (instance == null) {
            synchronized (SigmaSchemas.class) {
                if (instance == null) instance = new SigmaSchemas(Shared.require("schemas/sigma"));
            }
        }
        return instance;
    }

    private static JsonSchema load(JsonSchemaFactory f, Path p, SchemaValidatorsConfig config) {
        try (InputStream in = Files.newInputStream(p)) {
            return f.getSchema(in, config);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Every problem of every document, prefixed by the document's number; empty when all validate. */
    List<String> validate(String yaml) {
        List<String> out = new ArrayList<>();
        List<Object> docs = SigmaYaml.loadAll(yaml);
        if (docs.isEmpty()) out.add("no YAML document");
        for (int i = 0; i < docs.size(); i++) {
            Object doc = jsonable(docs.get(i));
            if (!(doc instanceof Map<?, ?> m)) {
                out.add("document " + (i + 1) + " is not a map");
                continue;
            }
            JsonSchema schema = m.containsKey("correlation") ? correlation : m.containsKey("filter") ? filter : rule;
            JsonNode node = JSON.valueToTree(doc);
            Set<ValidationMessage> errors = schema.validate(node);
            for (ValidationMessage e : errors) out.add("document " + (i + 1) + ": " + e.getMessage());
        }
        return out;
    }

    private static Object jsonable(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(String.valueOf(k), jsonable(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(x -> out.add(jsonable(x)));
            return out;
        }
        if (v instanceof Date d) return LocalDate.ofInstant(d.toInstant(), ZoneOffset.UTC).toString();
        return v;
    }
}
