package dev.ruleport.javagen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.palantir.javapoet.JavaFile;
import dev.ruleport.compile.CompiledRule;
import dev.ruleport.fixtures.FixtureCase;
import dev.ruleport.fixtures.WitnessGenerator;
import dev.ruleport.interpret.Interpreter;
import dev.ruleport.interpret.InterpreterOptions;
import dev.ruleport.ir.EventQuery;
import dev.ruleport.runtime.Event;
import dev.ruleport.runtime.EventFields;
import dev.ruleport.runtime.matcher.EventRuleSet;
import dev.ruleport.runtime.matcher.RuleInfo;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The generated rule set decides every member rule exactly as the rule's interpreter does, for every
 * event of a pool shared by all rules (so each rule also sees the other rules' events), and reports
 * each match once, in ascending index.
 */
class RuleSetTest {
    /** Compiles the rules' classes and their rule set; returns the set and the interpreters in the set's order. */
    private record Compiled(EventRuleSet set, List<Interpreter> interpreters, String source) {}

    private static Compiled compile(List<CompiledRule> rules, String setName) {
        MatcherGenerator generator = new MatcherGenerator(JavaGenOptions.defaults());
        List<MatcherGenerator.Result> results = generator.generateAll(rules);
        List<JavaFile> files = new ArrayList<>();
        Map<String, CompiledRule> byId = new HashMap<>();
        for (MatcherGenerator.Result r : results) {
            assertTrue(r.ok(), () -> r.rule().rule().file() + ": " + r.diagnostics());
            files.add(r.matcher().get().javaFile());
            byId.put(r.rule().rule().ruleId(), r.rule());
        }
        JavaFile setFile = generator.ruleSet(results, setName).orElseThrow();
        files.add(setFile);
        InMemoryCompiler.Compilation c = InMemoryCompiler.compileFiles(files);
        assertEquals(List.of(), c.errors());
        assertEquals(List.of(), c.warnings());
        try {
            EventRuleSet set = (EventRuleSet) c.load(setFile.packageName() + "." + setFile.typeSpec().name())
                    .getConstructor().newInstance();
            List<Interpreter> interpreters = new ArrayList<>();
            for (RuleInfo info : set.rules()) {
                CompiledRule r = byId.get(info.ruleId());
                interpreters.add(Interpreter.compile(r.query(),
                        InterpreterOptions.defaults().withCategoryField(r.rule().categoryField())));
            }
            return new Compiled(set, interpreters, setFile.toString());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /** Null when the set and the interpreters agree on the event, else what differs. */
    private static String compare(Compiled c, Event e) {
        List<Integer> reported = new ArrayList<>();
        c.set().match(new EventFields(e), reported::add);
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < c.interpreters().size(); i++) if (c.interpreters().get(i).matches(e)) expected.add(i);
        return expected.equals(reported) ? null : e + ": interpreters " + expected + ", rule set " + reported;
    }

    /** The shared corpus rule set and the interpreters in its order. */
    private static Compiled corpusSet(List<CompiledRule> rules) {
        CorpusClasses corpus = CorpusClasses.get();
        Map<String, CompiledRule> byId = new HashMap<>();
        for (CompiledRule r : rules) byId.put(r.rule().ruleId(), r);
        try {
            EventRuleSet set = (EventRuleSet) corpus.ruleSetClass().getConstructor().newInstance();
            List<Interpreter> interpreters = new ArrayList<>();
            for (RuleInfo info : set.rules()) {
                CompiledRule r = byId.get(info.ruleId());
                interpreters.add(Interpreter.compile(r.query(), InterpreterOptions.defaults().withCategoryField(r.rule().categoryField())));
            }
            return new Compiled(set, interpreters, corpus.ruleSet.toString());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theCorpusRuleSetAgreesWithEachRulesInterpreter() throws IOException {
        List<CompiledRule> rules = new ArrayList<>();
        for (CompiledRule r : Rules.corpus()) if (r.query() instanceof EventQuery) rules.add(r);
        Compiled c = corpusSet(rules);
        assertEquals(rules.size(), c.set().rules().size());
        List<Event> pool = new ArrayList<>();
        WitnessGenerator witnesses = new WitnessGenerator();
        for (CompiledRule r : rules) {
            for (FixtureCase fc : witnesses.generate(r.rule(), r.query()).cases()) {
                for (Map<String, Object> m : fc.events()) pool.add(Event.of(m));
            }
            pool.addAll(MutationEvents.forQuery(r.query(), r.rule().categoryField(), r.rule().ruleId().hashCode(), 8));
        }
        List<String> disagreements = new ArrayList<>();
        long matches = 0;
        EventFields reused = null;
        for (Event e : pool) {
            String problem = compare(c, e);
            if (problem != null && disagreements.size() < 20) disagreements.add(problem);
            // a reused cache gives the same verdicts as a fresh one
            reused = reused == null ? new EventFields(e) : reused.reset(e);
            int[] count = {0};
            c.set().match(reused, i -> count[0]++);
            matches += count[0];
        }
        System.out.printf("rule set: %d single-event rules, %d pooled events, %d rule matches%n", rules.size(), pool.size(), matches);
        assertEquals(List.of(), disagreements);
        assertTrue(pool.size() > 8_000, "pool: " + pool.size());
        assertTrue(matches > 1_000, "the pool exercises matches: " + matches);
    }

    @Test
    void theCorpusSequenceSetAgreesWithEachRulesInterpreter() throws IOException {
        CorpusClasses corpus = CorpusClasses.get();
        List<CompiledRule> rules = new ArrayList<>();
        List<MatcherGenerator.Result> results = new ArrayList<>();
        List<Class<?>> classes = new ArrayList<>();
        for (int i = 0; i < corpus.rules.size(); i++) {
            if (!(corpus.rules.get(i).query() instanceof dev.ruleport.ir.SequenceQuery)) continue;
            rules.add(corpus.rules.get(i));
            results.add(corpus.results.get(i));
            classes.add(corpus.ruleClass(i));
        }
        List<dev.ruleport.runtime.matcher.SequenceRuleMatcher> matchers = new ArrayList<>();
        List<Interpreter> interpreters = new ArrayList<>();
        List<Event> pool = new ArrayList<>();
        WitnessGenerator witnesses = new WitnessGenerator();
        for (int k = 0; k < results.size(); k++) {
            MatcherGenerator.Result r = results.get(k);
            matchers.add((dev.ruleport.runtime.matcher.SequenceRuleMatcher) Differential.instantiate(
                    classes.get(k), dev.ruleport.runtime.matcher.RunOptions.defaults()));
            interpreters.add(Interpreter.compile(r.rule().query(),
                    InterpreterOptions.defaults().withCategoryField(r.rule().rule().categoryField())));
            for (FixtureCase fc : witnesses.generate(r.rule().rule(), r.rule().query()).cases()) {
                for (Map<String, Object> m : fc.events()) pool.add(Event.of(m));
            }
        }
        List<List<List<Event>>> bySet = new dev.ruleport.runtime.matcher.SequenceSet(matchers,
                dev.ruleport.runtime.matcher.RunOptions.defaults()).run(pool);
        List<String> disagreements = new ArrayList<>();
        long matches = 0;
        for (int i = 0; i < matchers.size(); i++) {
            List<List<Event>> expected = interpreters.get(i).run(pool);
            matches += expected.size();
            if (!expected.equals(bySet.get(i))) disagreements.add(rules.get(i).rule().file() + ": interpreter "
                    + expected.size() + " matches, sequence set " + bySet.get(i).size());
        }
        System.out.printf("sequence set: %d sequence rules, %d pooled events, %d matches%n", matchers.size(), pool.size(), matches);
        assertEquals(List.of(), disagreements);
        assertTrue(matchers.size() > 100, "sequence rules: " + matchers.size());
        assertTrue(matches > 100, "the pool exercises matches: " + matches);
    }

    @Test
    void categoriesDispatchWithoutLosingOrRepeatingARule() {
        List<CompiledRule> rules = List.of(
                Rules.inline("file one", "file where file.name == \"a\""),
                Rules.inline("process one", "process where process.name == \"a\""),
                Rules.inline("any one", "any where file.name == \"a\" or process.name == \"a\""),
                Rules.inline("process two", "process where process.name : \"A\""),
                Rules.inline("quoted category", "\"we\\\"ird\\\\cat\" where process.name == \"a\""));
        Compiled c = compile(rules, "Rules");
        List<String> order = new ArrayList<>();
        for (RuleInfo i : c.set().rules()) order.add(i.name());
        // grouped by category in first-appearance order, rules of any category last
        assertEquals(List.of("file one", "process one", "process two", "quoted category", "any one"), order);
        Map<String, Object> both = new LinkedHashMap<>();
        both.put("event", Map.of("category", List.of("process", "file", "process")));
        both.put("file", Map.of("name", "a"));
        both.put("process", Map.of("name", "a"));
        List<Integer> hits = new ArrayList<>();
        c.set().match(Event.of(both), hits::add);
        assertEquals(List.of(0, 1, 2, 4), hits);
        assertEquals(List.of("file one", "process one", "process two", "any one"),
                c.set().matching(Event.of(both)).stream().map(RuleInfo::name).toList());
        // a category that is not a string: no dispatch, each rule decides (and none of these matches a number)
        Map<String, Object> numeric = new LinkedHashMap<>(both);
        numeric.put("event", Map.of("category", 7));
        hits.clear();
        c.set().match(Event.of(numeric), hits::add);
        assertEquals(List.of(4), hits);
        // the quoted category name reaches the switch intact
        Map<String, Object> weird = new LinkedHashMap<>(both);
        weird.put("event", Map.of("category", "we\"ird\\cat"));
        hits.clear();
        c.set().match(Event.of(weird), hits::add);
        assertEquals(List.of(3, 4), hits);
        for (Event e : List.of(Event.of(both), Event.of(numeric), Event.of(weird), Event.of(Map.of()))) {
            assertEquals(null, compare(c, e));
        }
    }

    @Test
    void theSetTakesAFreeNameBesideTheRuleClasses() {
        List<CompiledRule> rules = List.of(Rules.inline("Rules", "process where process.name == \"a\""));
        MatcherGenerator generator = new MatcherGenerator(JavaGenOptions.defaults());
        List<MatcherGenerator.Result> results = generator.generateAll(rules);
        assertEquals("Rules", results.get(0).matcher().get().className().simpleName());
        assertEquals("Rules2", generator.ruleSet(results, "Rules").orElseThrow().typeSpec().name());
        assertTrue(generator.ruleSet(generator.generateAll(List.of(
                Rules.inline("seq", "sequence [process where true] [file where true]"))), "Rules").isEmpty());
    }
}
