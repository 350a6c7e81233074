package dev.ruleport.javagen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ruleport.compile.CompiledRule;
import dev.ruleport.interpret.Interpreter;
import dev.ruleport.interpret.InterpreterOptions;
import dev.ruleport.runtime.Event;
import dev.ruleport.runtime.matcher.EventMatcher;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Generated matchers read {@code @timestamp} as a date, as the interpreter does (issue #19 item 8):
 * an epoch-millisecond or ISO-8601 literal matches the same instant written either way in the event.
 */
class TimestampLiteralTest {
    @Test
    void literalsAgainstTheTimestampCompareInstants() {
        List<String> queries = List.of("process where @timestamp == 1516116808349",
                "process where @timestamp == \"2018-01-16T15:33:28.349Z\"",
                "process where @timestamp >= 1516116808349 and @timestamp < \"2018-01-16T15:33:28.350Z\"");
        List<Object> spellings = List.of(1516116808349L, "2018-01-16T15:33:28.349Z", "2018-01-16T15:33:28.349123Z", "1516116808349");
        for (String query : queries) {
            CompiledRule rule = Rules.inline("Timestamp " + queries.indexOf(query), query);
            EventMatcher matcher = Differential.compileEventMatcher(rule);
            Interpreter interpreter = Interpreter.compile(rule.query(), InterpreterOptions.defaults());
            for (Object time : spellings) {
                Event hit = Event.of(Map.of("@timestamp", time, "event", Map.of("category", "process")));
                Event miss = Event.of(Map.of("@timestamp", "2018-01-16T15:33:28.350Z", "event", Map.of("category", "process")));
                assertTrue(matcher.matches(hit), query + " on " + time);
                assertTrue(interpreter.matches(hit), query + " on " + time);
                assertEquals(false, matcher.matches(miss), query);
                assertEquals(false, interpreter.matches(miss), query);
            }
        }
    }
}
