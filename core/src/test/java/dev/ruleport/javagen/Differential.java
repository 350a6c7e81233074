package dev.ruleport.javagen;

import dev.ruleport.compile.CompiledRule;
import dev.ruleport.diag.CompileException;
import dev.ruleport.interpret.Interpreter;
import dev.ruleport.interpret.InterpreterOptions;
import dev.ruleport.ir.EventQuery;
import dev.ruleport.runtime.Event;
import dev.ruleport.runtime.EventFields;
import dev.ruleport.runtime.matcher.EventMatcher;
import dev.ruleport.runtime.matcher.RuleMatcher;
import dev.ruleport.runtime.matcher.RunOptions;
import dev.ruleport.runtime.matcher.StatefulMatcher;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs rules through the interpreter and through their generated classes (all compiled in one javac
 * task) on the same events, and lists every disagreement.
 */
final class Differential {
    /** One rule on one event set, with the settings both sides use. */
    record Case(String name, CompiledRule rule, InterpreterOptions interpreterOptions, JavaGenOptions genOptions,
                RunOptions runOptions, List<Event> events, List<List<Event>> moreBatches) {
        Case(String name, CompiledRule rule, InterpreterOptions interpreterOptions, JavaGenOptions genOptions,
             RunOptions runOptions, List<Event> events) {
            this(name, rule, interpreterOptions, genOptions, runOptions, events, List.of());
        }

        /** The same rule and settings on another batch of events. */
        Case on(List<Event> batch) {
            return new Case(name, rule, interpreterOptions, genOptions, runOptions, batch, List.of());
        }
    }

    /** What happened: how many classes compiled, how many cases agreed, the disagreements, and counts of matches. */
    record Report(int generated, int refusedBoth, int compiled, int agreeing, List<String> disagreements, List<String> compileErrors,
                  List<String> warnings, long matchesSeen, long eventsSeen) {}

    private Differential() {}

    static Report run(List<Case> cases) {
        return run(cases, null);
    }

    /**
     * As {@link #run(List)}, the classes taken from {@code precompiled} when it is given: then case
     * {@code i} must be corpus rule {@code i} with the default generator options.
     */
    static Report run(List<Case> cases, CorpusClasses precompiled) {
        long start = System.nanoTime();
        ClassNames names = new ClassNames();
        List<com.palantir.javapoet.JavaFile> files = new ArrayList<>();
        List<String> classNames = new ArrayList<>();
        List<String> disagreements = new ArrayList<>();
        List<Interpreter> interpreters = new ArrayList<>();
        int refusedBoth = 0;
        for (Case c : cases) {
            MatcherGenerator.Result r;
            if (precompiled != null) {
                int i = interpreters.size();
                if (precompiled.rules.get(i) != c.rule() || !c.genOptions().equals(JavaGenOptions.defaults())) {
                    throw new IllegalArgumentException("case " + i + " is not corpus rule " + i + " with default options");
                }
                r = precompiled.results.get(i);
            } else {
                String name = names.allocate(c.rule().rule().name(), c.rule().rule().ruleId());
                r = new MatcherGenerator(c.genOptions()).generate(c.rule(), name);
            }
            Interpreter interpreter = null;
            String interpreterError = null;
            try {
                interpreter = Interpreter.compile(c.rule().query(), c.rule().rule().querySource(), c.interpreterOptions());
            } catch (CompileException | IllegalArgumentException ex) {
                interpreterError = ex.getMessage();
            }
            interpreters.add(interpreter);
            if (r.ok()) {
                files.add(r.matcher().get().javaFile());
                classNames.add(r.matcher().get().qualifiedName());
                if (interpreter == null) disagreements.add(c.name() + ": generated, but the interpreter refuses: " + interpreterError);
            } else {
                classNames.add(null);
                if (interpreter != null) disagreements.add(c.name() + ": refused, but the interpreter runs it: " + r.diagnostics());
                else {
                    refusedBoth++;
                    System.out.println("refused by both: " + c.name() + ": " + r.diagnostics().get(0).message() + " | interpreter: "
                            + interpreterError);
                }
            }
        }
        System.out.printf("generation: %d cases in %d ms%n", cases.size(), (System.nanoTime() - start) / 1_000_000);
        long t0 = System.nanoTime();
        InMemoryCompiler.Compilation compilation = precompiled != null ? precompiled.compilation : InMemoryCompiler.compileFiles(files);
        System.out.printf("javac: %d classes in %d ms%n", files.size(), (System.nanoTime() - t0) / 1_000_000);
        if (!compilation.success()) {
            return new Report(files.size(), refusedBoth, 0, 0, disagreements, compilation.errors(), compilation.warnings(), 0, 0);
        }
        int agreeing = 0;
        long matches = 0;
        long events = 0;
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            if (i % 100 == 0) System.out.printf("compared %d of %d cases%n", i, cases.size());
            if (classNames.get(i) == null || interpreters.get(i) == null) continue;
            Interpreter interpreter = interpreters.get(i);
            RuleMatcher generated = instantiate(compilation.load(classNames.get(i)), c.runOptions());
            String problem = compare(c, interpreter, generated);
            events += c.events().size();
            matches += safeCount(interpreter, c.events());
            for (List<Event> batch : c.moreBatches()) {
                if (problem != null) break;
                RuleMatcher fresh = instantiate(compilation.load(classNames.get(i)), c.runOptions());
                problem = compare(c.on(batch), interpreter, fresh);
                events += batch.size();
                matches += safeCount(interpreter, batch);
            }
            if (problem == null) agreeing++;
            else disagreements.add(c.name() + ": " + problem);
        }
        return new Report(files.size(), refusedBoth, files.size(), agreeing, disagreements, List.of(), compilation.warnings(), matches, events);
    }

    private static long safeCount(Interpreter interpreter, List<Event> events) {
        try {
            return interpreter.run(events).size();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    static RuleMatcher instantiate(Class<?> cls, RunOptions options) {
        try {
            if (EventMatcher.class.isAssignableFrom(cls)) return (RuleMatcher) cls.getConstructor().newInstance();
            return (RuleMatcher) cls.getConstructor(RunOptions.class, Consumer.class).newInstance(options, null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot instantiate " + cls, e);
        }
    }

    /** Generates one single-event rule's class, compiles it in memory (asserting both succeed) and instantiates it. */
    static EventMatcher compileEventMatcher(dev.ruleport.compile.CompiledRule rule) {
        MatcherGenerator.Result r = new MatcherGenerator(JavaGenOptions.defaults()).generate(rule);
        org.junit.jupiter.api.Assertions.assertTrue(r.ok(), r.diagnostics()::toString);
        InMemoryCompiler.Compilation c = InMemoryCompiler.compileFiles(List.of(r.matcher().get().javaFile()));
        org.junit.jupiter.api.Assertions.assertTrue(c.success(), c.errors()::toString);
        return (EventMatcher) instantiate(c.load(r.matcher().get().qualifiedName()), RunOptions.defaults());
    }

    /** Null when both sides agree, else what differs. */
    static String compare(Case c, Interpreter interpreter, RuleMatcher generated) {
        Map<Event, Integer> index = new IdentityHashMap<>();
        for (int i = 0; i < c.events().size(); i++) index.put(c.events().get(i), i);
        if (c.rule().query() instanceof EventQuery) {
            EventMatcher m = (EventMatcher) generated;
            java.lang.reflect.Method cached;
            try {
                cached = m.getClass().getMethod("matches", EventFields.class);
            } catch (NoSuchMethodException ex) {
                return "no static matches(EventFields)";
            }
            for (int i = 0; i < c.events().size(); i++) {
                Event e = c.events().get(i);
                String expected = outcome(() -> interpreter.matches(e));
                String actual = outcome(() -> m.matches(e));
                if (!expected.equals(actual)) return "event " + i + " " + e + ": interpreter " + expected + ", generated " + actual;
                // the rule-set entry point: the same code reading fields through the per-event cache
                String throughCache = outcome(() -> invokeUnwrapped(cached, new EventFields(e)));
                if (!expected.equals(throughCache)) {
                    return "event " + i + " " + e + ": interpreter " + expected + ", generated matches(EventFields) " + throughCache;
                }
            }
        }
        String expected = outcome(() -> ids(interpreter.run(c.events()), index));
        String actual = outcome(() -> generated instanceof EventMatcher m ? ids(m.run(c.events(), c.runOptions()), index)
                : ids(((StatefulMatcher) generated).run(c.events()), index));
        if (!expected.equals(actual)) return "run: interpreter " + expected + ", generated " + actual;
        if (generated instanceof dev.ruleport.runtime.matcher.SequenceRuleMatcher s) {
            // in a set: ordered once, fields read through the shared cache
            String inSet = outcome(() -> ids(new dev.ruleport.runtime.matcher.SequenceSet(List.of(s), c.runOptions())
                    .run(c.events()).get(0), index));
            if (!expected.equals(inSet)) return "sequence set: interpreter " + expected + ", generated " + inSet;
        }
        if (generated instanceof StatefulMatcher s && c.rule().query() instanceof dev.ruleport.ir.SequenceQuery
                && c.rule().query().pipes().isEmpty() && c.interpreterOptions().size() <= 0) {
            // streaming: the same matches, fed one event at a time in order
            String streamed = outcome(() -> {
                for (dev.ruleport.runtime.matcher.OrderedEvent p : dev.ruleport.runtime.matcher.Runs.ordered(c.events(), c.runOptions())) {
                    s.accept(p.event());
                }
                s.finish();
                return ids(s.drain(), index);
            });
            if (!expected.equals(streamed)) return "stream: interpreter " + expected + ", generated " + streamed;
        }
        return null;
    }

    /** A static method's result; what it throws is rethrown as itself, so that outcomes compare by exception class. */
    private static Object invokeUnwrapped(java.lang.reflect.Method m, Object arg) throws Exception {
        try {
            return m.invoke(null, arg);
        } catch (java.lang.reflect.InvocationTargetException ex) {
            if (ex.getCause() instanceof Exception cause) throw cause;
            throw ex;
        }
    }

    private static List<List<Integer>> ids(List<List<Event>> results, Map<Event, Integer> index) {
        List<List<Integer>> out = new ArrayList<>();
        for (List<Event> r : results) {
            List<Integer> one = new ArrayList<>();
            for (Event e : r) one.add(e == null ? -1 : index.get(e));
            out.add(one);
        }
        return out;
    }

    private static String outcome(java.util.concurrent.Callable<Object> f) {
        try {
            return String.valueOf(f.call());
        } catch (Exception ex) {
            return "threw " + ex.getClass().getSimpleName();
        }
    }
}
