package dev.ruleport.sigma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ruleport.compile.Frontend;
import dev.ruleport.interpret.Interpreter;
import dev.ruleport.interpret.InterpreterOptions;
import dev.ruleport.runtime.Event;
import dev.ruleport.testsupport.SigmaHqCorpus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Real events decide: SigmaHQ's own regression samples (Sysmon event 1, {@code sigmahq-regression-events.ndjson})
 * are stored as Elastic's Windows integration stores a Sysmon process creation (ECS process, parent, user and
 * event-class fields; every EventData value also under {@code winlog.event_data}), and the rule read from Sigma
 * matches the event its authors captured; the same event as a process end does not.
 */
class SigmaHqRealEventsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void rulesMatchTheEventsTheirAuthorsCaptured() throws IOException {
        List<String> checked = new ArrayList<>();
        for (Map<String, Object> sample : samples()) {
            String rule = String.valueOf(sample.get("rule"));
            Frontend.Outcome o = Frontend.compile(SigmaHqCorpus.root().resolve(rule));
            assertEquals(Frontend.Status.OK, o.status(), () -> rule + ": " + o.diagnostics());
            Interpreter i = Interpreter.compile(o.query(), InterpreterOptions.defaults());
            Map<String, Object> ecs = sysmonProcessCreation(cast(sample.get("system")), cast(sample.get("event_data")), "start");
            assertTrue(i.matches(Event.of(ecs)), rule + " does not match its sample " + sample.get("source") + ": " + ecs);
            assertFalse(i.matches(Event.of(sysmonProcessCreation(cast(sample.get("system")), cast(sample.get("event_data")), "end"))),
                    rule + " matches a process end");
            checked.add(rule);
        }
        assertEquals(6, checked.size());
    }

    /**
     * The event Elastic's OpenCanary integration documents as its sample (packages/opencanary, docs: a telnet login
     * attempt, OpenCanary logtype 6001, stored with event.dataset opencanary.events and log.logger
     * LOG_TELNET_LOGIN_ATTEMPT), cut to the fields a rule could test: SigmaHQ's telnet rule matches it and none of the
     * other OpenCanary rules does.
     */
    @Test
    void openCanaryRulesTellTheDocumentedTelnetAttempt() throws IOException {
        Map<String, Object> sample = JSON.readValue("""
                {"event": {"dataset": "opencanary.events", "category": ["network", "intrusion_detection"], "kind": "alert",
                  "type": ["connection"], "provider": "LOG_TELNET_LOGIN_ATTEMPT"},
                 "log": {"logger": "LOG_TELNET_LOGIN_ATTEMPT"},
                 "source": {"address": "1.128.0.10", "ip": "1.128.0.10", "port": 28884},
                 "destination": {"address": "1.128.0.1", "ip": "1.128.0.1", "port": 23},
                 "opencanary": {"node": {"id": "opencanary-1"}}, "user": {"name": "admin"}}""", new TypeReference<>() {});
        List<String> matched = new ArrayList<>();
        int rules = 0;
        try (var files = java.nio.file.Files.list(SigmaHqCorpus.root().resolve("rules/application/opencanary"))) {
            for (java.nio.file.Path f : files.sorted().toList()) {
                Frontend.Outcome o = Frontend.compile(f);
                assertEquals(Frontend.Status.OK, o.status(), () -> f + ": " + o.diagnostics());
                rules++;
                if (Interpreter.compile(o.query(), InterpreterOptions.defaults()).matches(Event.of(sample))) {
                    matched.add(f.getFileName().toString());
                }
            }
        }
        assertEquals(18, rules);
        assertEquals(List.of("opencanary_telnet_login_attempt.yml"), matched);
    }

    /** A Sysmon event 1 as Elastic's Windows integration stores it (the fields these rules read). */
    static Map<String, Object> sysmonProcessCreation(Map<String, Object> system, Map<String, Object> data, String type) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("host", Map.of("os", Map.of("type", "windows")));
        e.put("event", Map.of("category", List.of("process"), "type", List.of(type), "code", String.valueOf(system.get("EventID")),
                "provider", system.get("Provider_Name")));
        Map<String, Object> eventData = new LinkedHashMap<>();
        data.forEach((k, v) -> eventData.put(k, String.valueOf(v)));
        e.put("winlog", Map.of("channel", system.get("Channel"), "computer_name", system.get("Computer"), "event_data", eventData));
        Map<String, Object> process = new LinkedHashMap<>();
        putIfReal(process, "executable", data.get("Image"));
        putIfReal(process, "command_line", data.get("CommandLine"));
        putIfReal(process, "working_directory", data.get("CurrentDirectory"));
        Map<String, Object> pe = new LinkedHashMap<>();
        putIfReal(pe, "original_file_name", data.get("OriginalFileName"));
        putIfReal(pe, "description", data.get("Description"));
        putIfReal(pe, "product", data.get("Product"));
        putIfReal(pe, "company", data.get("Company"));
        putIfReal(pe, "file_version", data.get("FileVersion"));
        process.put("pe", pe);
        Map<String, Object> parent = new LinkedHashMap<>();
        putIfReal(parent, "executable", data.get("ParentImage"));
        putIfReal(parent, "command_line", data.get("ParentCommandLine"));
        process.put("parent", parent);
        e.put("process", process);
        String user = String.valueOf(data.get("User"));
        int slash = user.indexOf('\\');
        if (slash > 0) e.put("user", Map.of("domain", user.substring(0, slash), "name", user.substring(slash + 1)));
        return e;
    }

    /** Sysmon writes "-" for a value it does not know; the integration leaves such fields out. */
    private static void putIfReal(Map<String, Object> m, String key, Object v) {
        if (v != null && !"-".equals(v)) m.put(key, String.valueOf(v));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object o) { return (Map<String, Object>) o; }

    private static List<Map<String, Object>> samples() throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        try (InputStream in = SigmaHqRealEventsTest.class.getResourceAsStream("/sigma/sigmahq-regression-events.ndjson")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) continue;
                out.add(JSON.readValue(line, new TypeReference<Map<String, Object>>() {}));
            }
        }
        return out;
    }
}
