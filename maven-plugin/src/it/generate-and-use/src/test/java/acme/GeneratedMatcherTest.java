package acme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import acme.rules.LocalUserAddedWithNet;
import acme.rules.RuleSet;
import acme.rules.WhoamiDiscovery;
import dev.ruleport.runtime.Event;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The project's own code uses the matcher that the plugin generated from src/main/rules. */
class GeneratedMatcherTest {
    static Event process(String name) {
        return Event.of(Map.of("event", Map.of("category", List.of("process"), "type", List.of("start")),
                "process", Map.of("name", name)));
    }

    @Test
    void generatedMatcherMatchesLikeTheRule() {
        WhoamiDiscovery rule = new WhoamiDiscovery();
        assertTrue(rule.matches(process("WHOAMI.EXE")));
        assertFalse(rule.matches(process("whoami.exe.bak")));
        assertEquals("6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", WhoamiDiscovery.RULE_ID);
    }

    @Test
    void generatedRuleSetDecidesTheSameRules() {
        RuleSet rules = new RuleSet();
        assertEquals(2, rules.rules().size());
        assertTrue(rules.rules().contains(WhoamiDiscovery.INFO) && rules.rules().contains(LocalUserAddedWithNet.INFO));
        assertEquals(List.of(WhoamiDiscovery.INFO), rules.matching(process("WHOAMI.EXE")));
        assertEquals(List.of(), rules.matching(process("whoami.exe.bak")));
    }

    @Test
    void aSigmaRuleCompilesLikeTheOthers() {
        LocalUserAddedWithNet rule = new LocalUserAddedWithNet();
        Event add = Event.of(Map.of("host", Map.of("os", Map.of("type", "windows")), "event", Map.of("category", List.of("process"),
                "type", List.of("start")), "process", Map.of("executable", "C:\\Windows\\System32\\NET.EXE", "command_line",
                "net user x y /add")));
        assertTrue(rule.matches(add));
        assertFalse(rule.matches(process("net.exe")));
        assertEquals("2c8e4a1b-7d3f-4e9a-b5c6-0f1e2d3c4b5a", LocalUserAddedWithNet.RULE_ID);
    }
}
