package dev.ruleport.match;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.ruleport.compile.CompiledRule;
import dev.ruleport.compile.Frontend;
import dev.ruleport.runtime.Event;
import dev.ruleport.runtime.matcher.RunOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassCacheTest {
    static CompiledRule rule(String name, String query) {
        String toml = "[rule]\nrule_id = \"" + name + "\"\nname = \"" + name + "\"\ntype = \"eql\"\nlanguage = \"eql\"\n"
                + "query = '''\n" + query + "\n'''\n";
        Frontend.Outcome o = Frontend.compileText(name + ".toml", toml);
        assertEquals(Frontend.Status.OK, o.status(), o.diagnostics().toString());
        return new CompiledRule(o.rule(), o.query());
    }

    @Test
    void theKeyFollowsTheRuleTexts() {
        List<CompiledRule> a = List.of(rule("a", "process where process.name == \"x\""), rule("b", "file where true"));
        List<CompiledRule> same = List.of(rule("a", "process where process.name == \"x\""), rule("b", "file where true"));
        List<CompiledRule> changed = List.of(rule("a", "process where process.name == \"y\""), rule("b", "file where true"));
        assertEquals(ClassCache.key(a), ClassCache.key(same));
        assertNotEquals(ClassCache.key(a), ClassCache.key(changed));
        assertNotEquals(ClassCache.key(a), ClassCache.key(List.of(a.get(1), a.get(0))));
    }

    @Test
    void entriesRoundTripAndDamagedOnesAreMisses(@TempDir Path dir) throws IOException {
        ClassCache.Entry entry = new ClassCache.Entry(Map.of("p.A", new byte[] {1, 2, 3}), Arrays.asList("p.A", null),
                Arrays.asList(null, "refused"), "p.Set");
        ClassCache.write(dir, "k", entry);
        ClassCache.Entry back = ClassCache.read(dir, "k");
        assertEquals(entry.ruleClasses(), back.ruleClasses());
        assertEquals(entry.reasons(), back.reasons());
        assertEquals(entry.ruleSet(), back.ruleSet());
        assertArrayEquals(new byte[] {1, 2, 3}, back.classes().get("p.A"));
        Path file = dir.resolve("k.classes");
        Files.write(file, Arrays.copyOf(Files.readAllBytes(file), 20));
        assertNull(ClassCache.read(dir, "k"));
        assertNull(ClassCache.read(dir, "absent"));
    }

    @Test
    void aCachedCompilationMatchesAsTheFreshOne(@TempDir Path dir) throws IOException {
        List<CompiledRule> rules = List.of(rule("a", "process where process.name : \"X.exe\""),
                rule("s", "sequence by host.id [process where true] [file where true]"));
        Path events = Files.writeString(dir.resolve("e.ndjson"),
                "{\"@timestamp\": 1, \"event\": {\"category\": \"process\"}, \"host\": {\"id\": \"h\"}, \"process\": {\"name\": \"x.EXE\"}}\n"
                + "{\"@timestamp\": 2, \"event\": {\"category\": \"file\"}, \"host\": {\"id\": \"h\"}}\n");
        Path cache = dir.resolve("cache");
        List<String> fresh = alerts(MatchRules.compile(rules, RunOptions.defaults(), cache), events);
        assertEquals(1, Files.list(cache).count());
        List<String> cached = alerts(MatchRules.compile(rules, RunOptions.defaults(), cache), events);
        assertEquals(List.of("0 1", "1 2"), fresh);
        assertEquals(fresh, cached);
        // the entry is what a second compilation uses: one that sends both rules to the interpreter is obeyed
        String key = ClassCache.key(rules);
        ClassCache.write(cache, key, new ClassCache.Entry(Map.of(), Arrays.asList(null, null), List.of("x", "y"), null));
        MatchRules fromEntry = MatchRules.compile(rules, RunOptions.defaults(), cache);
        assertEquals(List.of("x", "y"), fromEntry.fallbacks().stream().map(MatchRules.Fallback::reason).toList());
        assertEquals(fresh, alerts(fromEntry, events));
    }

    private static List<String> alerts(MatchRules rules, Path events) throws IOException {
        List<String> out = new ArrayList<>();
        new StreamMatcher(rules, StreamMatcher.Options.defaults().withThreads(1)).run(
                List.of(new StreamMatcher.Source("e", () -> Files.newInputStream(events))), new StreamMatcher.Listener() {
                    @Override public void alert(int rule, List<Event> match) {
                        out.add(rule + " " + match.size());
                    }

                    @Override public void badRecord(String source, long line, int column, String message) {
                        out.add(message);
                    }
                });
        return out;
    }
}
