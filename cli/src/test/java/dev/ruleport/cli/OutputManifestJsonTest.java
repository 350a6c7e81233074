package dev.ruleport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The manifest is written and read with Jackson's streaming API; these are the bytes and entries the ObjectMapper
 * tree it replaced gave, on ordinary and odd documents.
 */
class OutputManifestJsonTest {
    private static final ObjectMapper TREE = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Test
    void writesWhatTheTreeWrote() throws IOException {
        List<Map<String, String>> cases = List.of(
                Map.of(),
                Map.of("kql/a.kql", "c43676e44cc1c25374cdf458b24f2b373f6181987c673a03c506dd3a0f20bb25"),
                Map.of("sigma/r\u00e9gle \"1\".yml", "ab", "eql/back\\slash\ttab\n.eql", "", "spl/\u2028\u0001\u007f.spl", "\ud83d\ude00"));
        for (Map<String, String> files : cases) {
            Map<String, String> sorted = new TreeMap<>(files);
            ObjectNode doc = TREE.createObjectNode();
            doc.put("about", "files ruleport convert wrote here (path: SHA-256); the next run removes those it does not write again");
            ObjectNode node = doc.putObject("files");
            sorted.forEach(node::put);
            assertEquals(TREE.writeValueAsString(doc), OutputManifest.json(sorted));
        }
    }

    @Test
    void readsWhatTheTreeRead() throws IOException {
        List<String> docs = List.of(
                "", "   ", "null", "[]", "[{\"files\": {\"a\": \"b\"}}]", "\"files\"", "{}",
                "{\"files\": {\"a\": \"1\", \"b\": \"2\"}}",
                "{\"about\": {\"files\": {\"x\": \"y\"}}, \"files\": {\"a\": \"1\"}}",
                "{\"files\": {\"a\": 1, \"b\": null, \"c\": {\"d\": \"e\"}, \"f\": [\"g\"], \"h\": true, \"i\": \"ok\"}}",
                "{\"files\": {\"a\": \"1\", \"a\": 2}}",
                "{\"files\": {\"a\": 2, \"a\": \"1\"}}",
                "{\"files\": {\"a\": \"1\"}, \"files\": {\"b\": \"2\"}}",
                "{\"files\": {\"a\": \"1\"}, \"files\": \"none\"}",
                "{\"files\": [\"a\"]}",
                "{\"files\": {\"a\": \"1\"}} trailing",
                "{\"files\": {\"a\": \"1\"}} {\"files\": {\"b\": \"2\"}}",
                "{\"files\": {\"\\u00e9\\n\": \"\\\"q\\\"\"}}");
        JsonFactory factory = new JsonFactory();
        for (String doc : docs) {
            Map<String, String> expected = new TreeMap<>();
            JsonNode files = TREE.readTree(doc).path("files");
            for (Iterator<Map.Entry<String, JsonNode>> it = files.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().isTextual()) expected.put(e.getKey(), e.getValue().asText());
            }
            try (JsonParser p = factory.createParser(doc)) {
                assertEquals(expected, OutputManifest.files(p), doc);
            }
        }
    }

    @Test
    void aSyntaxErrorFailsBothWithTheSameMessage() {
        Map<String, String> errors = new LinkedHashMap<>();
        for (String doc : List.of("{\"files\": {\"a\": \"1\",}}", "{\"files\": {\"a\": \"1\"}, \"x\": [1,}", "{\"files\"", "{x}")) {
            String tree = message(() -> TREE.readTree(doc));
            String stream = message(() -> {
                try (JsonParser p = new JsonFactory().createParser(doc)) {
                    OutputManifest.files(p);
                }
            });
            errors.put(doc, stream);
            assertEquals(tree, stream, doc);
        }
        assertEquals(4, errors.values().stream().filter(m -> !m.isEmpty()).count(), errors.toString());
    }

    private interface Reading {
        void run() throws IOException;
    }

    private static String message(Reading r) {
        try {
            r.run();
            return "";
        } catch (IOException e) {
            return e.getMessage().lines().findFirst().orElse("");
        }
    }
}
