package dev.ruleport.javagen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ruleport.compile.CompiledRule;
import dev.ruleport.compile.Frontend;
import dev.ruleport.interpret.EventReader;
import dev.ruleport.interpret.FieldTypes;
import dev.ruleport.interpret.InterpreterOptions;
import dev.ruleport.interpret.Timestamps;
import dev.ruleport.runtime.Event;
import dev.ruleport.runtime.matcher.RunOptions;
import dev.ruleport.runtime.matcher.TimeFormat;
import dev.ruleport.testsupport.Shared;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

/**
 * The generated classes agree with the interpreter on the conformance suites' queries and events:
 * Elasticsearch's main and additional queries and the endgameinc suite on {@code test_data.json}
 * (category {@code event_type}, tiebreaker {@code serial_event_id}, FILETIME timestamps, size 50), and
 * the Elasticsearch extra, missing-event and sample suites on their own data and mappings.
 */
class ConformanceDifferentialTest {
    /** One query file on one data set. */
    record Suite(String name, String queries, List<String> data, List<String> mappings, String tiebreaker, TimeFormat format,
                 String timestampField, String categoryOverride) {}

    static final List<Suite> SUITES = List.of(
            new Suite("es-main", "elasticsearch/test_queries.toml", List.of("endgameinc-eql/test_data.json"), List.of(),
                    "serial_event_id", TimeFormat.FILETIME, "timestamp", "event_type"),
            new Suite("es-additional", "elasticsearch/additional_test_queries.toml", List.of("endgameinc-eql/test_data.json"), List.of(),
                    "serial_event_id", TimeFormat.FILETIME, "timestamp", "event_type"),
            new Suite("es-date", "elasticsearch/test_queries_date.toml", List.of("endgameinc-eql/test_data.json"), List.of(),
                    "serial_event_id", TimeFormat.FILETIME, "timestamp", "event_type"),
            new Suite("endgameinc", "endgameinc-eql/test_queries.toml", List.of("endgameinc-eql/test_data.json"), List.of(),
                    "serial_event_id", TimeFormat.FILETIME, "timestamp", "event_type"),
            new Suite("es-extra", "elasticsearch/test_extra.toml", List.of("elasticsearch/data/extra.data"),
                    List.of("elasticsearch/data/extra.mapping"), "sequence", TimeFormat.AUTO, "@timestamp", null),
            new Suite("es-missing", "elasticsearch/test_missing_events.toml", List.of("elasticsearch/data/missing-events.data"),
                    List.of("elasticsearch/data/missing-events.mapping"), "sequence", TimeFormat.AUTO, "@timestamp", null),
            new Suite("es-sample", "elasticsearch/test_sample.toml",
                    List.of("elasticsearch/data/sample1.data", "elasticsearch/data/sample2.data", "elasticsearch/data/sample3.data"),
                    List.of("elasticsearch/data/sample1.mapping", "elasticsearch/data/sample2.mapping", "elasticsearch/data/sample3.mapping"),
                    null, TimeFormat.AUTO, "@timestamp", null),
            new Suite("es-sample-multi", "elasticsearch/test_sample_multi.toml", List.of("elasticsearch/data/sample-multi.data"),
                    List.of("elasticsearch/data/sample-multi.mapping"), null, TimeFormat.AUTO, "@timestamp", null));

    @Test
    void conformanceQueriesAgree() throws IOException {
        List<Differential.Case> cases = new ArrayList<>();
        int unparsed = 0;
        StringBuilder summary = new StringBuilder();
        for (Suite s : SUITES) {
            Path base = Shared.require("conformance");
            List<Event> events = new ArrayList<>();
            for (String d : s.data()) events.addAll(EventReader.read(base.resolve(d)));
            List<FieldTypes> maps = new ArrayList<>();
            for (String m : s.mappings()) maps.add(FieldTypes.load(base.resolve(m)));
            // fields the mapping files leave out are mapped dynamically, as Elasticsearch does when indexing
            FieldTypes types = maps.isEmpty() ? FieldTypes.NONE : FieldTypes.merge(maps).withDynamicFields(events);
            String text = Files.readString(base.resolve(s.queries()), StandardCharsets.UTF_8)
                    .replaceAll("(?m)(\\[|, *)null(?=[,\\]])", "$1\"null\"");  // bare nulls in test_extra.toml arrays
            TomlParseResult toml = Toml.parse(text);
            assertTrue(toml.errors().isEmpty(), () -> s.queries() + ": " + toml.errors());
            TomlArray queries = toml.getArray("queries");
            int used = 0;
            for (int i = 0; i < queries.size(); i++) {
                TomlTable q = queries.getTable(i);
                String name = s.name() + "#" + i + (q.contains("name") ? " " + q.getString("name") : "");
                CompiledRule rule = compile(name, q.getString("query"));
                if (rule == null) {
                    unparsed++;
                    continue;
                }
                int size = q.contains("size") ? q.getLong("size").intValue() : 50;
                int perKey = q.contains("max_samples_per_key") ? q.getLong("max_samples_per_key").intValue() : 1;
                String ts = types.resolvePath(s.timestampField());
                String tb = s.tiebreaker() == null ? null : types.resolvePath(s.tiebreaker());
                InterpreterOptions io = InterpreterOptions.defaults().withFieldTypes(types)
                        .withTimestamp(s.timestampField(), Timestamps.Format.valueOf(s.format().name()))
                        .withTiebreaker(s.tiebreaker()).withSize(size).withMaxSamplesPerKey(perKey);
                JavaGenOptions go = JavaGenOptions.defaults().withFieldTypes(types);
                if (s.categoryOverride() != null) {
                    io = io.withCategoryField(s.categoryOverride());
                    go = go.withCategoryField(s.categoryOverride());
                }
                RunOptions ro = RunOptions.defaults().withTimestamp(ts, s.format()).withTiebreaker(tb).withSize(size)
                        .withMaxSamplesPerKey(perKey);
                cases.add(new Differential.Case(name, rule, io, go, ro, events));
                used++;
                if (types.isPresent()) {
                    // again without the mapping (Elasticsearch maps the fields the mapping files leave out dynamically)
                    InterpreterOptions plain = io.withFieldTypes(FieldTypes.NONE).withCategoryField("event_type");
                    JavaGenOptions plainGen = go.withFieldTypes(FieldTypes.NONE).withCategoryField("event_type");
                    cases.add(new Differential.Case(name + " (unmapped)", rule, plain, plainGen, ro, events));
                    used++;
                }
            }
            summary.append(s.name()).append(": ").append(used).append(" queries; ");
        }
        Differential.Report report = Differential.run(cases);
        System.out.printf("conformance: %s%n%d cases, %d compiled, %d agreeing, %d refused by both, %d not parsed (legacy syntax), %d matches%n",
                summary, cases.size(), report.compiled(), report.agreeing(), report.refusedBoth(), unparsed, report.matchesSeen());
        // the queries the front end rejects are the Python suite's legacy syntax (`=`, single quotes, lineage,
        // extra pipes...), each listed with its reason in conformance/unsupported.txt; a change in that number
        // means a query started or stopped parsing and must be looked at, not silently skipped
        assertEquals(EXPECTED_UNPARSED, unparsed, "queries the front end rejects");
        assertEquals(List.of(), report.compileErrors());
        assertEquals(List.of(), report.warnings());
        assertEquals(List.of(), report.disagreements());
        assertEquals(cases.size() - report.refusedBoth(), report.agreeing());
        assertTrue(report.agreeing() > 350, "most conformance queries run: " + report.agreeing());
        assertTrue(report.matchesSeen() > 700, "and they match events: " + report.matchesSeen());
    }

    static final int EXPECTED_UNPARSED = 101;

    /** The query as a rule, or null when the front end rejects it (legacy endgameinc syntax). */
    static CompiledRule compile(String name, String query) {
        if (query.contains("'''")) return null;
        String toml = "[rule]\nname = " + Rules.tomlBasic(name) + "\nrule_id = \"" + Integer.toHexString(name.hashCode())
                + "\"\nlanguage = \"eql\"\ntype = \"eql\"\nseverity = \"low\"\nrisk_score = 1\nquery = '''\n" + query + "\n'''\n";
        Frontend.Outcome o = Frontend.compileText(name + ".toml", toml);
        return o.status() == Frontend.Status.OK ? new CompiledRule(o.rule(), o.query()) : null;
    }
}
