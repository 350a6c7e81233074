package dev.ruleport.match;

import com.palantir.javapoet.JavaFile;
import dev.ruleport.compile.CompiledRule;
import dev.ruleport.diag.CompileException;
import dev.ruleport.diag.Diagnostic;
import dev.ruleport.interpret.Interpreter;
import dev.ruleport.interpret.InterpreterOptions;
import dev.ruleport.ir.EventQuery;
import dev.ruleport.ir.SampleQuery;
import dev.ruleport.javagen.JavaGenOptions;
import dev.ruleport.javagen.MatcherGenerator;
import dev.ruleport.runtime.Event;
import dev.ruleport.runtime.EventFields;
import dev.ruleport.runtime.matcher.EventRuleSet;
import dev.ruleport.runtime.matcher.OrderedEvent;
import dev.ruleport.runtime.matcher.RuleInfo;
import dev.ruleport.runtime.matcher.RunOptions;
import dev.ruleport.runtime.matcher.SampleRuleMatcher;
import dev.ruleport.runtime.matcher.SequenceRuleMatcher;
import dev.ruleport.runtime.seq.Pipe;
import dev.ruleport.runtime.seq.Sample;
import dev.ruleport.runtime.seq.SampleMatcher;
import dev.ruleport.runtime.seq.SampleSpec;
import dev.ruleport.runtime.seq.SequenceMatcher;
import dev.ruleport.runtime.seq.SequenceSpec;
import java.lang.reflect.Constructor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Rules made ready to run over a stream: compiled in memory into the classes and the {@code RuleSet}
 * that {@code convert --to java} writes (one javac task), each rule the generator refuses or javac
 * rejects falling back to the interpreter. Immutable; the single-event part and the relevance tests
 * of the stateful rules may be used from many threads, the stateful matchers are made per stream.
 */
public final class MatchRules {
    /** A rule that runs in the interpreter instead of compiled code, and why. */
    public record Fallback(CompiledRule rule, String reason) {}

    private final List<CompiledRule> rules;
    private final EventRuleSet ruleSet;
    private final int[] ruleSetMembers;           // rule set index -> rule index
    private final List<Interpreter> singleFallbacks;
    private final int[] singleFallbackRules;
    private final List<StatefulRule> stateful;
    private final List<Fallback> fallbacks;
    private final List<Diagnostic> failures;
    private final RuleIndex index;
    private final Predicate<EventFields>[] compiled;  // by rule: the generated class's test (single-event rules)
    private final Interpreter[] interpreted;          // by rule: the interpreter (single-event rules not compiled)
    private final List<String> orderingFields;        // the timestamp and tiebreaker fields the rules order events by

    private MatchRules(List<CompiledRule> rules, EventRuleSet ruleSet, int[] ruleSetMembers, List<Interpreter> singleFallbacks,
                       int[] singleFallbackRules, List<StatefulRule> stateful, List<Fallback> fallbacks, List<Diagnostic> failures,
                       Predicate<EventFields>[] compiled, RunOptions options) {
        this.rules = rules;
        List<String> ordering = new ArrayList<>();
        // the interpreter's timestamp field is its default, whatever the run options say
        ordering.add(InterpreterOptions.defaults().timestampField());
        ordering.add(options.timestampField());
        if (options.tiebreakerField() != null) ordering.add(options.tiebreakerField());
        this.orderingFields = List.copyOf(ordering);
        this.compiled = compiled;
        this.interpreted = new Interpreter[rules.size()];
        for (int i = 0; i < singleFallbackRules.length; i++) interpreted[singleFallbackRules[i]] = singleFallbacks.get(i);
        List<RuleIndex.Guard> guards = new ArrayList<>();
        List<String> categories = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            boolean runs = compiled != null && compiled[i] != null || interpreted[i] != null;
            if (!runs) for (StatefulRule st : stateful) runs |= st.rule == i && !st.everyEvent;
            guards.add(runs ? RuleIndex.guard(rules.get(i)) : null);
            categories.add(runs ? RuleIndex.category(rules.get(i)) : null);
        }
        // each sequence stage's own guard, as extra bits after the rules': a stage's filter is tried only on the
        // events that pass its guard (a stage without one, always)
        for (StatefulRule st : stateful) {
            if (!st.sequence || st.everyEvent || st.stages == null
                    || !(rules.get(st.rule).query() instanceof dev.ruleport.ir.SequenceQuery q)) continue;
            List<dev.ruleport.ir.Filter> expanded = new ArrayList<>();
            for (dev.ruleport.ir.SequenceTerm t : q.terms()) for (int r = 0; r < t.runs(); r++) expanded.add(t.filter());
            if (q.until() != null) expanded.add(q.until().filter());
            if (expanded.size() != st.stages.length) continue; // stages not read off the terms as expected: try them all
            int[] bits = new int[expanded.size()];
            for (int k = 0; k < bits.length; k++) {
                RuleIndex.Guard g = RuleIndex.stageGuard(expanded.get(k), rules.get(st.rule).rule().categoryField());
                if (g == null) {
                    bits[k] = -1;
                } else {
                    bits[k] = guards.size();
                    guards.add(g);
                    categories.add(null);
                }
            }
            st.stageBits = bits;
        }
        this.index = new RuleIndex(guards, categories);
        this.ruleSet = ruleSet;
        this.ruleSetMembers = ruleSetMembers;
        this.singleFallbacks = singleFallbacks;
        this.singleFallbackRules = singleFallbackRules;
        this.stateful = stateful;
        this.fallbacks = fallbacks;
        this.failures = failures;
    }

    /** Compiles {@code rules}, without a cache; sequences order events by {@code options} (timestamp field and format, tiebreaker). */
    public static MatchRules compile(List<CompiledRule> rules, RunOptions options) {
        return compile(rules, options, null, Set.of());
    }

    /**
     * Compiles {@code rules}, keeping the classes in {@code cacheDir} (null: no cache) for the next run
     * over the same rules with the same ruleport.
     */
    public static MatchRules compile(List<CompiledRule> rules, RunOptions options, Path cacheDir) {
        return compile(rules, options, cacheDir, Set.of());
    }

    /** Every rule in the interpreter (slower; to compare with the compiled rules). */
    public static MatchRules interpreted(List<CompiledRule> rules, RunOptions options) {
        Set<Integer> all = new HashSet<>();
        for (int i = 0; i < rules.size(); i++) all.add(i);
        return compile(rules, options, null, all);
    }

    /** As {@link #compile(List, RunOptions, Path)}, the rules at {@code interpreted} (indexes) left to the interpreter. */
    static MatchRules compile(List<CompiledRule> rules, RunOptions options, Path cacheDir, Set<Integer> interpreted) {
        rules = List.copyOf(rules);
        String key = cacheDir != null && interpreted.isEmpty() ? ClassCache.key(rules) : null;
        ClassCache.Entry classes = key == null ? null : ClassCache.read(cacheDir, key);
        if (classes == null || classes.ruleClasses().size() != rules.size()) {
            classes = generateAndCompile(rules, interpreted);
            if (key != null) ClassCache.write(cacheDir, key, classes);
        }
        return assemble(rules, options, classes);
    }

    /** Loads the classes and sorts the rules: rule set members, interpreted single-event rules, stateful rules. */
    private static MatchRules assemble(List<CompiledRule> rules, RunOptions options, ClassCache.Entry classes) {
        Javac.BytesLoader loader = new Javac.BytesLoader(classes.classes(), MatchRules.class.getClassLoader());
        EventRuleSet ruleSet = null;
        List<Integer> setMembers = new ArrayList<>();
        if (classes.ruleSet() != null) {
            ruleSet = (EventRuleSet) instantiate(load(loader, classes.ruleSet()));
            // the set lists its members' own INFO constants: identity tells which rule each index is
            Map<RuleInfo, Integer> byInfo = new IdentityHashMap<>();
            for (int i = 0; i < rules.size(); i++) {
                String cls = classes.ruleClasses().get(i);
                if (cls != null && rules.get(i).query() instanceof EventQuery) byInfo.put(info(load(loader, cls)), i);
            }
            for (RuleInfo member : ruleSet.rules()) setMembers.add(byInfo.get(member));
        }
        List<Interpreter> singles = new ArrayList<>();
        List<Integer> singleRules = new ArrayList<>();
        List<StatefulRule> stateful = new ArrayList<>();
        List<Fallback> fallbacks = new ArrayList<>();
        List<Diagnostic> failures = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            CompiledRule rule = rules.get(i);
            boolean single = rule.query() instanceof EventQuery;
            String cls = classes.ruleClasses().get(i);
            if (cls != null) {
                if (!single) stateful.add(generatedStateful(i, load(loader, cls), options));
                continue;
            }
            Interpreter interpreter;
            try {
                InterpreterOptions io = InterpreterOptions.defaults().withCategoryField(rule.rule().categoryField())
                        .withTiebreaker(options.tiebreakerField());
                interpreter = Interpreter.compile(rule.query(), rule.rule().querySource(), io);
            } catch (CompileException e) {
                failures.addAll(e.diagnostics());
                continue;
            }
            fallbacks.add(new Fallback(rule, classes.reasons().get(i)));
            if (single) {
                singles.add(interpreter);
                singleRules.add(i);
            } else {
                stateful.add(interpretedStateful(i, interpreter, options));
            }
        }
        return new MatchRules(rules, ruleSet, toArray(setMembers), List.copyOf(singles), toArray(singleRules),
                List.copyOf(stateful), List.copyOf(fallbacks), List.copyOf(failures), dispatch(loader, classes, rules.size()), options);
    }

    public List<CompiledRule> rules() { return rules; }

    /** The rules running in the interpreter, with the reason; each is said once to the user. */
    public List<Fallback> fallbacks() { return fallbacks; }

    /** Rules that cannot run at all (the interpreter refuses them too), as diagnostics. */
    public List<Diagnostic> failures() { return failures; }

    List<StatefulRule> stateful() { return stateful; }

    /** The fields the rules order events by (timestamp, tiebreaker), read whatever the rules' queries say. */
    List<String> orderingFields() { return orderingFields; }

    boolean hasPipes(int rule) { return !rules.get(rule).query().pipes().isEmpty(); }

    List<Pipe> pipes(int rule) {
        List<Pipe> out = new ArrayList<>();
        for (dev.ruleport.ir.Pipe p : rules.get(rule).query().pipes()) {
            out.add(p.kind() == dev.ruleport.ir.Pipe.Kind.HEAD ? Pipe.head(p.count()) : Pipe.tail(p.count()));
        }
        return out;
    }

    /** A bit set for {@link #candidates}, one per thread. */
    long[] newCandidates() { return index.newBits(); }

    /**
     * Sets in {@code bits} the rules (single-event and stateful) that can match or use the event at all (see
     * {@link RuleIndex}); the others need not be tried. {@code fields} is the calling thread's cache, reset to the event.
     */
    void candidates(EventFields fields, long[] bits) { index.candidates(fields, bits); }

    /** As {@link #candidates(EventFields, long[])}, folding values into the calling thread's {@code buffer}. */
    void candidates(EventFields fields, long[] bits, FoldedTable.Buffer buffer) { index.candidates(fields, bits, buffer); }

    /** Whether rule {@code rule} is among {@code bits} (from {@link #candidates}). */
    static boolean isCandidate(long[] bits, int rule) { return RuleIndex.has(bits, rule); }

    /**
     * The single-event rules among {@code candidates} that the event matches, as rule indexes in ascending order, or
     * null for none: the same as {@link #matchSingle(EventFields)}, trying only the candidates.
     */
    int[] matchSingle(EventFields fields, long[] candidates) {
        if (compiled == null) return matchSingle(fields);
        int[] hits = null;
        int n = 0;
        int count = compiled.length; // the sequence stages' bits come after the rules'
        outer:
        for (int w = 0; w < candidates.length; w++) {
            long word = candidates[w];
            while (word != 0) {
                int rule = (w << 6) + Long.numberOfTrailingZeros(word);
                if (rule >= count) break outer;
                word &= word - 1;
                Predicate<EventFields> c = compiled[rule];
                Interpreter in = interpreted[rule];
                if (c != null ? c.test(fields) : in != null && in.matches(fields.event())) {
                    if (hits == null) hits = new int[4];
                    else if (n == hits.length) hits = java.util.Arrays.copyOf(hits, 2 * n);
                    hits[n++] = rule;
                }
            }
        }
        return n == 0 ? null : java.util.Arrays.copyOf(hits, n);
    }

    /**
     * The single-event rules {@code event} matches, as rule indexes in ascending order, or null for
     * none. {@code fields} is the calling thread's cache, already reset to the event.
     */
    int[] matchSingle(dev.ruleport.runtime.EventFields fields) {
        int[] hits = null;
        int n = 0;
        if (ruleSet != null) {
            MatchCollector c = new MatchCollector(ruleSetMembers);
            ruleSet.match(fields, c);
            hits = c.hits;
            n = c.count;
        }
        for (int i = 0; i < singleFallbacks.size(); i++) {
            if (singleFallbacks.get(i).matches(fields.event())) {
                if (hits == null) hits = new int[4];
                else if (n == hits.length) hits = java.util.Arrays.copyOf(hits, 2 * n);
                hits[n++] = singleFallbackRules[i];
            }
        }
        if (n == 0) return null;
        int[] out = java.util.Arrays.copyOf(hits, n);
        java.util.Arrays.sort(out);
        return out;
    }

    /** Collects rule-set indexes as rule indexes. */
    private static final class MatchCollector implements java.util.function.IntConsumer {
        private final int[] members;
        int[] hits;
        int count;

        MatchCollector(int[] members) { this.members = members; }

        @Override public void accept(int index) {
            if (hits == null) hits = new int[4];
            else if (count == hits.length) hits = java.util.Arrays.copyOf(hits, 2 * count);
            hits[count++] = members[index];
        }
    }

    // ---- compilation --------------------------------------------------------------------------

    /**
     * The rules' classes and their rule set, compiled in one javac run. When javac rejects some
     * classes, their rules move to the interpreter and the rest is compiled again (a second failure
     * moves them all).
     */
    private static ClassCache.Entry generateAndCompile(List<CompiledRule> rules, Set<Integer> interpreted) {
        MatcherGenerator generator = new MatcherGenerator(JavaGenOptions.defaults());
        List<MatcherGenerator.Result> generated = generator.generateAll(rules);
        Map<Integer, String> reasons = new LinkedHashMap<>();
        for (int i = 0; i < rules.size(); i++) {
            MatcherGenerator.Result r = generated.get(i);
            if (interpreted.contains(i)) reasons.put(i, "the interpreter was asked for");
            else if (!r.ok()) reasons.put(i, r.diagnostics().isEmpty() ? "not generated" : r.diagnostics().get(0).headline());
        }
        for (int attempt = 0; ; attempt++) {
            List<MatcherGenerator.Result> members = new ArrayList<>();
            Map<String, String> sources = new LinkedHashMap<>();
            Map<String, Integer> ruleOfClass = new LinkedHashMap<>();
            for (int i = 0; i < generated.size(); i++) {
                if (reasons.containsKey(i)) continue;
                MatcherGenerator.Result r = generated.get(i);
                members.add(r);
                sources.put(r.matcher().get().qualifiedName(), r.matcher().get().source());
                ruleOfClass.put(r.matcher().get().qualifiedName(), i);
            }
            Optional<JavaFile> set = members.isEmpty() ? Optional.empty() : generator.ruleSet(members, "MatchRuleSet");
            String setName = set.map(f -> f.packageName() + "." + f.typeSpec().name()).orElse(null);
            set.ifPresent(f -> sources.put(setName, f.toString()));
            String dispatch = dispatchSource(generated, reasons, rules);
            if (dispatch != null) sources.put(DISPATCH, dispatch);
            Javac.Output out = sources.isEmpty() ? new Javac.Output(Map.of(), Map.of(), null) : Javac.compile(sources);
            if (out.ok()) {
                List<String> ruleClasses = new ArrayList<>();
                List<String> why = new ArrayList<>();
                for (int i = 0; i < rules.size(); i++) {
                    ruleClasses.add(reasons.containsKey(i) ? null : generated.get(i).matcher().get().qualifiedName());
                    why.add(reasons.get(i));
                }
                return new ClassCache.Entry(out.classes(), ruleClasses, why, setName);
            }
            boolean progress = false;
            for (Map.Entry<String, String> r : out.rejected().entrySet()) {
                Integer rule = ruleOfClass.get(r.getKey());
                if (rule != null) progress |= reasons.putIfAbsent(rule, "javac: " + r.getValue()) == null;
            }
            if (!progress || attempt == 1) {
                for (int i : ruleOfClass.values()) reasons.putIfAbsent(i, "javac: " + out.firstError());
            }
        }
    }

    /** The class that hands out each compiled single-event rule's test; in a package no rule class is put in. */
    private static final String DISPATCH = "dev.ruleport.match.dispatch.RuleTests";

    /** {@code RuleTests.test(i)}: rule i's generated {@code matches(EventFields)}, null for other rules. */
    private static String dispatchSource(List<MatcherGenerator.Result> generated, Map<Integer, String> reasons, List<CompiledRule> rules) {
        StringBuilder cases = new StringBuilder();
        for (int i = 0; i < generated.size(); i++) {
            if (reasons.containsKey(i) || !(rules.get(i).query() instanceof EventQuery)) continue;
            cases.append("            case ").append(i).append(": return ").append(generated.get(i).matcher().get().qualifiedName())
                    .append("::matches;\n");
        }
        if (cases.isEmpty()) return null;
        return "package dev.ruleport.match.dispatch;\n\n"
                + "public final class RuleTests {\n"
                + "    private RuleTests() {}\n\n"
                + "    public static java.util.function.Predicate<dev.ruleport.runtime.EventFields> test(int rule) {\n"
                + "        switch (rule) {\n" + cases
                + "            default: return null;\n"
                + "        }\n"
                + "    }\n"
                + "}\n";
    }

    /** Each rule's compiled test (null where a rule is not a compiled single-event rule), or null when none was compiled. */
    @SuppressWarnings("unchecked")
    private static Predicate<EventFields>[] dispatch(ClassLoader loader, ClassCache.Entry classes, int rules) {
        if (!classes.classes().containsKey(DISPATCH)) return null;
        try {
            java.lang.reflect.Method test = load(loader, DISPATCH).getMethod("test", int.class);
            Predicate<EventFields>[] out = new Predicate[rules];
            for (int i = 0; i < rules; i++) out[i] = (Predicate<EventFields>) test.invoke(null, i);
            return out;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + DISPATCH, e);
        }
    }

    private static RuleInfo info(Class<?> ruleClass) {
        try {
            return (RuleInfo) ruleClass.getField("INFO").get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("no INFO constant in " + ruleClass, e);
        }
    }

    private static Class<?> load(ClassLoader loader, String name) {
        try {
            return loader.loadClass(name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("not compiled: " + name, e);
        }
    }

    private static Object instantiate(Class<?> cls) {
        try {
            return cls.getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot instantiate " + cls, e);
        }
    }

    private static int[] toArray(List<Integer> list) {
        return list.stream().mapToInt(Integer::intValue).toArray();
    }

    // ---- sequences and samples ----------------------------------------------------------------

    /**
     * A sequence or sample rule: which events it must see (a test safe to run on any thread), and
     * a new matcher per stream. Sequences take events in timestamp order; samples in input order.
     */
    abstract static class StatefulRule {
        final int rule;
        final boolean sequence;
        /** Sequences with a missing-event stage see every timed event (time alone settles their checks). */
        final boolean everyEvent;

        /** A sequence's stage filters (until last), as its spec lists them; null for samples. */
        final Predicate<? super OrderedEvent>[] stages;
        /** By stage: the candidate bit of its guard, -1 for none; null: no stage guards (every stage is tried). */
        int[] stageBits;

        StatefulRule(int rule, boolean sequence, boolean everyEvent) {
            this(rule, sequence, everyEvent, null);
        }

        StatefulRule(int rule, boolean sequence, boolean everyEvent, Predicate<? super OrderedEvent>[] stages) {
            this.rule = rule;
            this.sequence = sequence;
            this.everyEvent = everyEvent;
            this.stages = stages;
        }

        /** Can {@code event} change this rule's state? Events it cannot are never offered. */
        abstract boolean relevant(OrderedEvent event);

        /**
         * As {@link #relevant(OrderedEvent)}, given the event's candidates ({@link #candidates}): a sequence tries only
         * the stages whose guard the event passed.
         */
        boolean relevant(OrderedEvent event, long[] candidates) {
            int[] bits = stageBits;
            if (bits == null) return relevant(event);
            Predicate<? super OrderedEvent>[] filters = stages;
            for (int k = 0; k < filters.length; k++) {
                int b = bits[k];
                if ((b < 0 || RuleIndex.has(candidates, b)) && filters[k].test(event)) return true;
            }
            return false;
        }

        abstract Instance start(Consumer<List<Event>> sink);
    }

    /** A stateful matcher over one stream. */
    interface Instance {
        void accept(OrderedEvent event);

        void finish();
    }

    private static <E> Predicate<E> anyStage(List<Predicate<? super E>> filters) {
        Predicate<? super E>[] all = filters.toArray(new Predicate[0]);
        return e -> {
            for (Predicate<? super E> p : all) if (p.test(e)) return true;
            return false;
        };
    }

    private static List<Predicate<? super OrderedEvent>> sequenceFilters(SequenceSpec<OrderedEvent> spec) {
        List<Predicate<? super OrderedEvent>> out = new ArrayList<>();
        for (SequenceSpec.Stage<OrderedEvent> s : spec.stages()) out.add(s.filter());
        if (spec.until() != null) out.add(spec.until().filter());
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Predicate<? super OrderedEvent>[] stageArray(List<Predicate<? super OrderedEvent>> filters) {
        return filters.toArray(new Predicate[0]);
    }

    private static boolean hasMissingStage(SequenceSpec<?> spec) {
        return spec.stages().stream().anyMatch(SequenceSpec.Stage::missing);
    }

    private static List<Predicate<? super Event>> sampleFilters(SampleSpec<Event> spec) {
        List<Predicate<? super Event>> out = new ArrayList<>();
        for (SampleSpec.Filter<Event> f : spec.filters()) out.add(f.filter());
        return out;
    }

    private static StatefulRule generatedStateful(int rule, Class<?> cls, RunOptions options) {
        Constructor<?> ctor;
        try {
            ctor = cls.getConstructor(RunOptions.class, Consumer.class);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("no (RunOptions, Consumer) constructor in " + cls, e);
        }
        Object template = newMatcher(ctor, options, null);
        if (template instanceof SequenceRuleMatcher seq) {
            Predicate<OrderedEvent> relevant = anyStage(sequenceFilters(seq.spec()));
            return new StatefulRule(rule, true, hasMissingStage(seq.spec()), stageArray(sequenceFilters(seq.spec()))) {
                @Override boolean relevant(OrderedEvent e) { return relevant.test(e); }

                @Override Instance start(Consumer<List<Event>> sink) {
                    SequenceRuleMatcher m = (SequenceRuleMatcher) newMatcher(ctor, options, sink);
                    return new Instance() {
                        @Override public void accept(OrderedEvent e) { m.accept(e); }

                        @Override public void finish() { m.finish(); }
                    };
                }
            };
        }
        SampleRuleMatcher sample = (SampleRuleMatcher) template;
        Predicate<Event> relevant = anyStage(sampleFilters(sample.spec()));
        return new StatefulRule(rule, false, false) {
            @Override boolean relevant(OrderedEvent e) { return relevant.test(e.event()); }

            @Override Instance start(Consumer<List<Event>> sink) {
                SampleRuleMatcher m = (SampleRuleMatcher) newMatcher(ctor, options, sink);
                return new Instance() {
                    @Override public void accept(OrderedEvent e) { m.accept(e.event()); }

                    @Override public void finish() { m.finish(); }
                };
            }
        };
    }

    private static Object newMatcher(Constructor<?> ctor, RunOptions options, Consumer<List<Event>> sink) {
        try {
            return ctor.newInstance(options, sink);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot instantiate " + ctor.getDeclaringClass(), e);
        }
    }

    private static StatefulRule interpretedStateful(int rule, Interpreter interpreter, RunOptions options) {
        SequenceSpec<OrderedEvent> seq = interpreter.sequenceSpec();
        if (seq != null) {
            Predicate<OrderedEvent> relevant = anyStage(sequenceFilters(seq));
            return new StatefulRule(rule, true, hasMissingStage(seq), stageArray(sequenceFilters(seq))) {
                @Override boolean relevant(OrderedEvent e) { return relevant.test(e); }

                @Override Instance start(Consumer<List<Event>> sink) {
                    SequenceMatcher<OrderedEvent> m = new SequenceMatcher<>(seq, match -> sink.accept(events(match.events())));
                    return new Instance() {
                        @Override public void accept(OrderedEvent e) { m.accept(e); }

                        @Override public void finish() { m.finish(); }
                    };
                }
            };
        }
        if (!(interpreter.query() instanceof SampleQuery)) throw new IllegalStateException("not a sequence or sample");
        SampleSpec<Event> spec = interpreter.sampleSpec();
        Predicate<Event> relevant = anyStage(sampleFilters(spec));
        return new StatefulRule(rule, false, false) {
            @Override boolean relevant(OrderedEvent e) { return relevant.test(e.event()); }

            @Override Instance start(Consumer<List<Event>> sink) {
                return new Instance() {
                    private SampleMatcher<Event> m = new SampleMatcher<>(spec);

                    @Override public void accept(OrderedEvent e) { m.accept(e.event()); }

                    @Override public void finish() {
                        for (Sample<Event> s : m.finish()) sink.accept(List.copyOf(s.events()));
                        m = new SampleMatcher<>(spec);
                    }
                };
            }
        };
    }

    private static List<Event> events(List<OrderedEvent> stages) {
        List<Event> out = new ArrayList<>(stages.size());
        for (OrderedEvent p : stages) out.add(p == null ? null : p.event());
        return out;
    }
}
