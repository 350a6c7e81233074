package dev.ruleport.mapping;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Every column a KQL profile declares or maps to (or names in a computed field) exists, with the same type, in the
 * table schema the profile targets: ../shared/schemas/kusto/*.json (Microsoft's table references) or our own EcsEvents table.
 */
class KustoSchemaTest {
    /**
     * A column name inside a computed expression: a capitalised identifier that is not called and not a property of a
     * dynamic column ({@code Image} in {@code EventData.Image}).
     */
    private static final java.util.regex.Pattern COLUMN_NAME = java.util.regex.Pattern.compile("(?<![.\\w])([A-Z][A-Za-z0-9_]*)\\b(?!\\s*\\()");

    static Path shared() {
        String p = System.getProperty("ruleport.shared");
        return p != null ? Path.of(p) : Path.of("..", "..", "shared");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Map<String, String>> schema(String file) throws IOException {
        String text = file.startsWith("classpath:")
                ? MappingProfile.readClasspath(file.substring("classpath:".length())).orElseThrow()
                : Files.readString(shared().resolve("schemas/kusto").resolve(file));
        return (Map<String, Map<String, String>>) new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
    }

    @ParameterizedTest
    @CsvSource({
        "kql-sentinel-securityevent, sentinel-tables.json",
        "kql-sentinel-sysmon, sentinel-tables.json",
        "kql-defender-xdr, defender-xdr-tables.json",
        "kql-ecs, classpath:dev/ruleport/mapping/kusto/ecs-table.json",
    })
    void everyMappedColumnExistsWithItsType(String profileName, String schemaFile) throws IOException {
        Map<String, Map<String, String>> schema = schema(schemaFile);
        MappingProfile profile = MappingProfile.load(profileName);
        assertEquals("kql", profile.target());
        List<String> problems = new ArrayList<>();
        for (Logsource l : profile.logsources()) {
            String table = l.attributes().get("table");
            Map<String, String> columns = schema.get(table);
            if (columns == null) {
                problems.add(l.id() + ": table " + table + " not in " + schemaFile);
                continue;
            }
            String ts = l.attributes().get("timestamp");
            if (!"datetime".equals(columns.get(ts))) problems.add(l.id() + ": timestamp " + ts + " is not a datetime column");
            l.columns().forEach((c, t) -> {
                if (!t.equals(columns.get(c))) problems.add(l.id() + ": declared " + c + ":" + t + ", schema " + columns.get(c));
            });
            l.explicitMappings().forEach((ecs, m) -> {
                if (m.computed()) {
                    // a computed field: every column it names is one of the table's (the corpus binding test binds it)
                    java.util.regex.Matcher names = COLUMN_NAME.matcher(m.expression().replaceAll("\"[^\"]*\"", "\"\""));
                    while (names.find()) {
                        if (!columns.containsKey(names.group(1))) problems.add(l.id() + ": " + ecs + " -> " + m.expression()
                                + " names " + names.group(1) + ", not a column of " + table);
                    }
                    return;
                }
                String actual = columns.get(m.target());
                if (actual == null) problems.add(l.id() + ": " + ecs + " -> " + m.target() + " not a column of " + table);
                else if (!actual.equals(m.type())) problems.add(l.id() + ": " + ecs + " -> " + m.target() + " typed " + m.type() + ", schema " + actual);
            });
        }
        assertEquals(List.of(), problems);
    }
}
