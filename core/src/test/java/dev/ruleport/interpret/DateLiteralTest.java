package dev.ruleport.interpret;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ruleport.diag.SourceText;
import dev.ruleport.ir.Query;
import dev.ruleport.parse.QueryParser;
import dev.ruleport.runtime.Event;
import dev.ruleport.runtime.FieldAccessor;
import dev.ruleport.testsupport.Shared;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Literals against the timestamp field compare as instants (issue #19 item 8; the decision is at
 * {@link FieldTypes#withTimestampField}). Elasticsearch's {@code test_queries_date.toml} upstream has
 * four queries; {@code ../shared} holds three, so the fourth, {@code filterOnDateExactWithMillis}, is
 * written here with its upstream expectation: event 97.
 */
class DateLiteralTest {
    static final String EXACT_MILLIS = "process where @timestamp == 1516116808349";

    @Test
    void epochMillisecondLiteralFindsEvent97UnderTheConformanceSettings() throws IOException {
        ConformanceTest.Dataset main = ConformanceTest.endgameDataset(Shared.require("conformance/endgameinc-eql").resolve("test_data.json"));
        assertEquals(List.of(97L), ids(run(EXACT_MILLIS, main.events(), main.options())));
    }

    /** Without a mapping, as {@code query}, {@code match} and generated matchers read ECS events. */
    @Test
    void withoutAMappingTheTimestampIsADateWhateverItsSpelling() throws IOException {
        ConformanceTest.Dataset main = ConformanceTest.endgameDataset(Shared.require("conformance/endgameinc-eql").resolve("test_data.json"));
        List<Event> iso = new ArrayList<>();
        List<Event> millis = new ArrayList<>();
        for (Event e : main.events()) {
            long ms = ((Number) e.source().get("@timestamp")).longValue();
            iso.add(withTimestamp(e, Instant.ofEpochMilli(ms).toString()));
            millis.add(withTimestamp(e, ms));
        }
        InterpreterOptions none = InterpreterOptions.defaults().withCategoryField("event_type").withTiebreaker("serial_event_id");
        for (List<Event> events : List.of(iso, millis)) {
            assertEquals(List.of(97L), ids(run(EXACT_MILLIS, events, none)));
            assertEquals(List.of(98L, 75273L, 75303L), ids(run("process where @timestamp > 1516116808349", events, none)));
            // the upstream expectations of the two string-literal queries hold too
            assertEquals(List.of(18L, 19L, 20L, 21L, 22L, 23L, 24L), ids(run("process where @timestamp == \"2017-08-30T20:47:33Z\"", events, none)));
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L), ids(run("process where @timestamp < \"2017-08-30T20:47:32Z\"", events, none)));
        }
    }

    @Test
    void aMappingThatTypesTheTimestampOtherwiseIsObeyed() {
        // a keyword compares text: the ISO spelling is not the number's
        Event e = Event.of(Map.of("@timestamp", "2018-01-16T15:33:28.349Z", "event", Map.of("category", "process")));
        FieldTypes keyword = FieldTypes.partial(Map.of("@timestamp", FieldType.KEYWORD));
        assertEquals(0, run(EXACT_MILLIS, List.of(e), InterpreterOptions.defaults().withFieldTypes(keyword)).size());
        assertEquals(1, run("process where @timestamp == \"2018-01-16T15:33:28.349Z\"", List.of(e),
                InterpreterOptions.defaults().withFieldTypes(keyword)).size());
        assertEquals(1, run(EXACT_MILLIS, List.of(e), InterpreterOptions.defaults()).size());
    }

    private static Event withTimestamp(Event e, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(e.source());
        copy.put("@timestamp", value);
        return Event.of(copy);
    }

    private static List<List<Event>> run(String query, List<Event> events, InterpreterOptions options) {
        QueryParser.Result<Query> parsed = QueryParser.parseQuery(SourceText.of("q", query));
        return Interpreter.compile(parsed.value(), options).run(events);
    }

    private static List<Long> ids(List<List<Event>> results) {
        FieldAccessor id = FieldAccessor.of("serial_event_id");
        List<Long> out = new ArrayList<>();
        for (List<Event> match : results) out.add(((Number) id.first(match.get(0))).longValue());
        return out;
    }
}
