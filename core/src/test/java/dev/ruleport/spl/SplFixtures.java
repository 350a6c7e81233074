package dev.ruleport.spl;

import dev.ruleport.compile.CompiledRule;
import dev.ruleport.fixtures.FixtureCase;
import dev.ruleport.fixtures.FixtureRunner;
import dev.ruleport.fixtures.WitnessGenerator;
import dev.ruleport.fixtures.WitnessReport;
import dev.ruleport.ir.And;
import dev.ruleport.ir.Category;
import dev.ruleport.ir.EventQuery;
import dev.ruleport.ir.Expr;
import dev.ruleport.ir.Filter;
import dev.ruleport.ir.Literal;
import dev.ruleport.ir.Query;
import dev.ruleport.ir.SequenceQuery;
import dev.ruleport.ir.SequenceTerm;
import dev.ruleport.lower.ProfileReverse;
import dev.ruleport.mapping.FieldMapping;
import dev.ruleport.mapping.Logsource;
import dev.ruleport.mapping.MappingProfile;
import dev.ruleport.mapping.RuleFacts;
import dev.ruleport.mapping.Selection;
import dev.ruleport.mapping.ValueRendering;
import dev.ruleport.mapping.ValueTransform;
import dev.ruleport.print.EqlPrinter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Fixture cases for SPL round trips, and the comparison itself.
 *
 * <h2>Cases</h2>
 * The project's {@link WitnessGenerator} gives each rule its positive witnesses and near misses (cached per corpus
 * rule: the same cases serve every profile). {@link #perturbations} adds, per positive case, the events the SPL
 * semantics are most likely to get wrong and that the generator does not aim at (it only flips predicates): each
 * field in turn removed, its string value in the other case (SPL search terms are case-insensitive, EQL {@code ==}
 * is not), replaced by an unrelated value, and for a multi-valued field an extra non-matching first value. Which of
 * those match is not known in advance and does not need to be: the round trip only compares verdicts. They are not
 * redundant: a reader that took search terms as case-sensitive passes every generated case of the corpus and fails
 * on the case-flipped perturbations (checked by hand on the corpus under all four profiles).
 *
 * <h2>Events of the log source</h2>
 * A search starts with its log source's prefix ({@code source="XmlWinEventLog:Security"}), so it only ever sees
 * events of that log source, and the writer drops the conjuncts the log source guarantees ("absorbs": e.g.
 * {@code host.os.type == "windows"}); the reader cannot give them back. The claim a round trip can check under such a
 * profile is therefore: on every event of the log source, the read-back query and the rule agree. An ECS event of
 * the log source has two properties the generator knows nothing about, and {@link #inLogSource} gives them to each
 * case's events before the comparison:
 * <ol>
 * <li>it satisfies every conjunct the log source absorbs: a witness of the absorbed conjuncts alone (from the same
 *     generator) is laid over each event, for a sequence the one of the stage the event stands for (event k of a
 *     case with one event per stage, else those of every stage in order);</li>
 * <li>its derived fields agree with the field they are derived from: where the log source maps an ECS field through
 *     a transform onto a target that another ECS field holds as it is ({@code process.name} is the basename of
 *     Sysmon's {@code Image}, which reads back as {@code process.executable}), the source field is given the derived
 *     value (keeping its directory, or under {@code C:\rp} / {@code /rp} when absent), then the derived fields are
 *     recomputed from it (absent when it is);</li>
 * <li>a field the log source stores as an entry of a list (Sysmon's {@code SHA256=...} in {@code Hashes}) holds a
 *     value the target can write (another is replaced by one that keeps the stage's verdict where one does), and the
 *     list holds exactly those entries ({@code KeyedEntry.agree}).</li>
 * </ol>
 * Cases whose events already have both properties are unchanged (under an identity profile such as
 * {@code splunk-ecs} nothing is absorbed or derived, so no case changes). A near miss that broke an absorbed conjunct
 * becomes an event of the log source like any other; it is still compared.
 */
final class SplFixtures {
    private SplFixtures() {}

    private static final WitnessGenerator GENERATOR = new WitnessGenerator();
    private static final Map<Integer, WitnessReport> REPORTS = new LinkedHashMap<>();

    /** The generator's report for corpus rule {@code i} of {@link SplCorpus#rules()}. */
    static synchronized WitnessReport report(int i) {
        return REPORTS.computeIfAbsent(i, k -> {
            CompiledRule r = SplCorpus.rules().get(k);
            return GENERATOR.generate(r.rule(), r.query());
        });
    }

    static WitnessReport report(CompiledRule r) { return GENERATOR.generate(r.rule(), r.query()); }

    // ------------------------------------------------------------------ comparison

    /** Counts of one comparison run, with the first disagreements described. */
    static final class Tally {
        int rules, roundTripped, cases, agreeing, matchingCases, adaptedCases, perturbed, perturbedNoMatch;
        final List<String> failures = new ArrayList<>();

        void add(Tally t) {
            rules += t.rules;
            roundTripped += t.roundTripped;
            cases += t.cases;
            agreeing += t.agreeing;
            matchingCases += t.matchingCases;
            adaptedCases += t.adaptedCases;
            perturbed += t.perturbed;
            perturbedNoMatch += t.perturbedNoMatch;
            failures.addAll(t.failures);
        }

        String summary() {
            return rules + " rules translated, " + roundTripped + " round-tripped, " + cases + " cases (" + perturbed
                    + " of them perturbations, " + perturbedNoMatch + " of which no longer match; " + adaptedCases
                    + " put in the log source), " + agreeing + " agreeing, " + matchingCases + " with matches";
        }
    }

    /**
     * Reads the SPL back and runs every case through the rule and through the read-back query; a case agrees when
     * both give the same matches (event-index lists, missing-event slots included).
     */
    static Tally roundTrip(String label, CompiledRule r, String spl, MappingProfile profile, List<FixtureCase> cases) {
        Tally t = new Tally();
        t.rules = 1;
        Query back;
        SplReader reader = new SplReader(new dev.ruleport.lower.ProfileReverse(profile));
        try {
            back = reader.read(spl);
        } catch (RuntimeException e) {
            t.failures.add(label + ": read back failed: " + e.getMessage() + "\n" + spl);
            return t;
        }
        t.roundTripped = 1;
        if (!reader.unionSources().isEmpty()) return unionRoundTrip(t, label, r, spl, profile, cases, back, reader.unionSources());
        Projected projected = project(r, profile, cases);
        List<FixtureCase> in = projected.ecs();
        FixtureRunner original = FixtureRunner.forRule(r.rule(), r.query());
        FixtureRunner readBack = new FixtureRunner(back, r.rule().categoryField());
        for (int c = 0; c < in.size(); c++) {
            FixtureCase fc = in.get(c);
            if (fc != cases.get(c)) t.adaptedCases++;
            if (fc.name().startsWith(PERTURBED)) t.perturbed++;
            t.cases++;
            FixtureRunner.Verdict want = original.run(fc);
            FixtureRunner.Verdict got = readBack.run(projected.target().get(c));
            if (!want.actual().isEmpty()) t.matchingCases++;
            else if (fc.name().startsWith(PERTURBED)) t.perturbedNoMatch++;
            if (want.actual().equals(got.actual())) {
                t.agreeing++;
            } else if (t.failures.size() < 3) {
                t.failures.add(label + ": case \"" + fc.name() + "\": rule " + want.actual() + ", read back " + got.actual()
                        + "\n  events " + fc.events() + "\n" + spl + "read back: " + EqlPrinter.print(back));
            }
        }
        if (t.agreeing < t.cases && t.failures.isEmpty()) t.failures.add(label + ": disagreements");
        return t;
    }

    /**
     * The round trip of a union over several log sources ({@code SplWriter#union}): each event of a case is put in the
     * log source of one branch of the lowered union (the first branch the event matches, else the first whose log
     * source's absorbed witness it does not contradict, else the first), as a single-source rule's events are put in
     * its one log source; the rule is run on the events so placed, and each event's target row is tested by the
     * read-back branches over its log source only, since the search's discriminator sends it to no other.
     */
    private static Tally unionRoundTrip(Tally t, String label, CompiledRule r, String spl, MappingProfile profile,
                                        List<FixtureCase> cases, Query back, List<ProfileReverse.Source> sources) {
        dev.ruleport.lower.LoweredRule lowered = dev.ruleport.lower.Lowering.lower(r, profile, dev.ruleport.lower.LossMode.EXACT);
        List<dev.ruleport.lower.LoweredFilter> branches = lowered.union();
        Expr read = ((EventQuery) back).filter().condition();
        List<Expr> backBranches = read instanceof dev.ruleport.ir.Or o ? o.operands() : List.of(read);
        if (branches.size() != sources.size() || backBranches.size() != sources.size()) {
            t.failures.add(label + ": the union has " + branches.size() + " branches, the read-back " + backBranches.size());
            return t;
        }
        String cf = r.rule().categoryField();
        List<LogSourceFix> fixes = new ArrayList<>();
        List<FixtureRunner> chooses = new ArrayList<>();
        List<FixtureRunner> reads = new ArrayList<>();
        for (int k = 0; k < branches.size(); k++) {
            if (!branches.get(k).logsourceId().equals(sources.get(k).id())) {
                t.failures.add(label + ": branch " + (k + 1) + " is on " + branches.get(k).logsourceId() + ", read back on " + sources.get(k).id());
                return t;
            }
            Filter source = branches.get(k).source();
            fixes.add(logSourceFix(r, profile, source));
            chooses.add(new FixtureRunner(new EventQuery(source, List.of(), source.span()), cf));
            Expr c = backBranches.get(k);
            reads.add(new FixtureRunner(new EventQuery(new Filter(Category.any(c.span()), c, c.span()), List.of(), c.span()), cf));
        }
        FixtureRunner original = FixtureRunner.forRule(r.rule(), r.query());
        for (FixtureCase c : cases) {
            List<Map<String, Object>> events = new ArrayList<>();
            List<Integer> placed = new ArrayList<>();
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Map<String, Object> e : c.events()) {
                int k = place(e, chooses, fixes);
                Map<String, Object> ev = deepCopy(e);
                fixes.get(k).apply(ev);
                events.add(ev);
                placed.add(k);
                rows.add(fixes.get(k).toTarget(ev));
            }
            FixtureCase fc = new FixtureCase(c.name(), c.expect(), events, c.matches(), c.why(), c.generated());
            if (!events.equals(c.events())) t.adaptedCases++;
            if (c.name().startsWith(PERTURBED)) t.perturbed++;
            t.cases++;
            List<List<Integer>> want = original.run(fc).actual();
            List<List<Integer>> got = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                String id = sources.get(placed.get(i)).id();
                FixtureCase one = new FixtureCase(c.name(), c.expect(), List.of(rows.get(i)), null, c.why(), c.generated());
                boolean hit = false;
                for (int j = 0; j < reads.size() && !hit; j++) {
                    if (sources.get(j).id().equals(id) && !reads.get(j).run(one).actual().isEmpty()) hit = true;
                }
                if (hit) got.add(List.of(i));
            }
            if (!want.isEmpty()) t.matchingCases++;
            else if (c.name().startsWith(PERTURBED)) t.perturbedNoMatch++;
            if (want.equals(got)) {
                t.agreeing++;
            } else if (t.failures.size() < 3) {
                t.failures.add(label + ": case \"" + c.name() + "\": rule " + want + ", read back " + got
                        + "\n  events " + events + " in branches " + placed + "\n" + spl + "read back: " + EqlPrinter.print(back));
            }
        }
        if (t.agreeing < t.cases && t.failures.isEmpty()) t.failures.add(label + ": disagreements");
        return t;
    }

    /** The branch whose log source an event is put in (see {@link #unionRoundTrip}). */
    private static int place(Map<String, Object> e, List<FixtureRunner> chooses, List<LogSourceFix> fixes) {
        FixtureCase one = new FixtureCase("place", FixtureCase.Expect.NO_MATCH, List.of(e), null, null, true);
        for (int k = 0; k < chooses.size(); k++) if (!chooses.get(k).run(one).actual().isEmpty()) return k;
        for (int k = 0; k < fixes.size(); k++) {
            boolean agrees = true;
            List<List<String>> paths = new ArrayList<>();
            leaves(fixes.get(k).absorbed(), new ArrayList<>(), paths);
            for (List<String> p : paths) {
                Object want = get(fixes.get(k).absorbed(), p);
                Object have = lookup(e, String.join(".", p));
                if (have != null && !have.equals(want)) agrees = false;
            }
            if (agrees) return k;
        }
        return 0;
    }

    // ------------------------------------------------------------------ perturbations

    static final String PERTURBED = "perturbed ";

    /**
     * Variants of each positive case: one event, one field changed (see the class comment). Of events that only
     * differ in their timestamp (the stages of a sequence with runs), the first and the last are varied.
     */
    static List<FixtureCase> perturbations(List<FixtureCase> cases) {
        List<FixtureCase> out = new ArrayList<>();
        for (FixtureCase c : cases) {
            if (!c.expectsMatch()) continue;
            List<Map<String, Object>> seen = new ArrayList<>();
            for (int e = 0; e < c.events().size(); e++) {
                Map<String, Object> content = deepCopy(c.events().get(e));
                content.remove("@timestamp");
                boolean repeat = seen.contains(content);
                seen.add(content);
                if (repeat && e != c.events().size() - 1) continue; // a run of equal events: its first and last stand for it
                List<List<String>> leaves = new ArrayList<>();
                leaves(c.events().get(e), new ArrayList<>(), leaves);
                for (List<String> path : leaves) {
                    if (path.size() == 1 && path.get(0).equals("@timestamp")) continue;
                    Object v = get(c.events().get(e), path);
                    String name = String.join(".", path);
                    out.add(variant(c, e, path, REMOVE, name + " removed"));
                    Object flipped = flipCase(v);
                    if (!flipped.equals(v)) out.add(variant(c, e, path, flipped, name + " case flipped"));
                    out.add(variant(c, e, path, v instanceof List ? List.of("zz_other") : "zz_other", name + " replaced"));
                    if (v instanceof List<?> l) {
                        List<Object> more = new ArrayList<>();
                        more.add("zz_first");
                        more.addAll(l);
                        out.add(variant(c, e, path, more, name + " with another value first"));
                    }
                }
            }
        }
        return out;
    }

    private static final Object REMOVE = new Object();

    private static FixtureCase variant(FixtureCase c, int event, List<String> path, Object value, String what) {
        List<Map<String, Object>> events = new ArrayList<>();
        for (Map<String, Object> m : c.events()) events.add(deepCopy(m));
        if (value == REMOVE) remove(events.get(event), path);
        else set(events.get(event), path, value);
        return new FixtureCase(PERTURBED + "(" + c.name() + ") event " + event + ": " + what, FixtureCase.Expect.NO_MATCH,
                events, null, null, true);
    }

    private static Object flipCase(Object v) {
        if (v instanceof String s) {
            String u = s.toUpperCase(Locale.ROOT);
            return u.equals(s) ? s.toLowerCase(Locale.ROOT) : u;
        }
        if (v instanceof List<?> l && !l.isEmpty()) {
            List<Object> c = new ArrayList<>(l);
            for (int i = 0; i < c.size(); i++) c.set(i, flipCase(c.get(i)));
            return c;
        }
        return v;
    }

    // ------------------------------------------------------------------ log source

    /**
     * What puts an event in one filter's log source: a witness of the absorbed conjuncts, the fields the source never
     * records removed, the ECS fields that name one target field made equal, and the derived fields.
     */
    private record LogSourceFix(Map<String, Object> absorbed, List<Derived> derived, Logsource logsource,
                                List<List<String>> aliases, Map<String, ValueRendering> renderings,
                                dev.ruleport.interpret.Interpreter stage) {
        boolean isEmpty() { return logsource == null; }

        /**
         * The fields the log source stores as entries of a list (Sysmon's SHA256=... in Hashes) and the list agree
         * ({@code KeyedEntry.agree}): a value the target cannot write becomes one that keeps the stage's verdict.
         */
        void entries(Map<String, Object> ev) {
            Map<String, dev.ruleport.mapping.KeyedEntry> entries = logsource.entries();
            if (entries.isEmpty()) return;
            java.util.Set<String> names = new java.util.LinkedHashSet<>(entries.keySet());
            entries.values().forEach(e -> names.add(e.list()));
            Map<String, Object> part = new LinkedHashMap<>();
            for (String n : names) if (lookup(ev, n) != null) part.put(n, lookup(ev, n));
            boolean written = stage == null || stage.matches(dev.ruleport.runtime.Event.of(ev));
            dev.ruleport.mapping.KeyedEntry.agree(part, entries, c -> {
                if (stage == null) return true;
                Map<String, Object> candidate = deepCopy(ev);
                put(candidate, names, c);
                return stage.matches(dev.ruleport.runtime.Event.of(candidate)) == written;
            });
            put(ev, names, part);
        }

        private static void put(Map<String, Object> ev, java.util.Set<String> names, Map<String, Object> part) {
            for (String n : names) {
                removeField(ev, List.of(n.split("\\.")));
                if (part.containsKey(n)) overlay(ev, Map.of(n, part.get(n)));
            }
        }

        /**
         * The row the target stores for an event of the log source, under ECS names: each rendered field's value as
         * the target writes it (its listed value, a number in the first number form, the missing text for a missing
         * field).
         */
        Map<String, Object> toTarget(Map<String, Object> ev) {
            Map<String, Object> row = deepCopy(ev);
            renderings.forEach((f, r) -> {
                Object v = lookup(row, f);
                Object written = v == null ? r.missing()
                        : v instanceof List<?> l ? l.stream().map(x -> x instanceof String t ? r.storedText(t) : x).toList()
                        : v instanceof String t ? r.storedText(t) : v;
                removeField(row, List.of(f.split("\\.")));
                if (written != null) overlay(row, Map.of(f, written));
            });
            return row;
        }

        void apply(Map<String, Object> ev) {
            overlay(ev, absorbed);
            List<List<String>> leaves = new ArrayList<>();
            leaves(ev, new ArrayList<>(), leaves);
            for (List<String> path : leaves) {
                List<String> segs = new ArrayList<>();
                for (String k : path) segs.addAll(List.of(k.split("\\.")));
                if (logsource.never(String.join(".", segs)).isPresent()) removeField(ev, segs);
            }
            for (List<String> group : aliases) {
                String rendered = null;
                for (String f : group) if (renderings.containsKey(f) && !renderings.get(f).values().isEmpty()) rendered = f;
                if (rendered != null) {
                    renderedAlias(ev, group, rendered, renderings.get(rendered));
                    continue;
                }
                Object value = null;
                for (String f : group) if (value == null) value = lookup(ev, f);
                for (String f : group) {
                    removeField(ev, List.of(f.split("\\.")));
                    if (value != null) overlay(ev, Map.of(f, value));
                }
            }
            for (Derived d : derived) d.fromDerived(ev);
            for (Derived d : derived) d.fromSource(ev);
            renderings.forEach((f, r) -> {
                Object v = lookup(ev, f);
                if (v == null) return;
                // open: a listed value but for case is that value (the source names its values in one case)
                if (v instanceof String s) v = r.canonical(s);
                else if (v instanceof List<?> l) v = l.stream().map(x -> x instanceof String s ? r.canonical(s) : x).toList();
                Object kept = v instanceof List<?> l ? l.stream().filter(x -> !(x instanceof String t) || r.canHold(t)).toList()
                        : !(v instanceof String t) || r.canHold(t) ? v : null;
                removeField(ev, List.of(f.split("\\.")));
                if (kept != null && !(kept instanceof List<?> k && k.isEmpty())) overlay(ev, Map.of(f, kept));
            });
            entries(ev);
        }
    }

    /**
     * One target field that an ECS field with listed values ({@code values_as}) and other ECS fields hold (Sysmon's
     * IntegrityLevel is {@code process.Ext.token.integrity_level_name} rendered, and {@code winlog.event_data.IntegrityLevel}
     * as written): in an event of the log source the others hold the rendering of the rendered field's value. The
     * rendered field's value decides when the source can hold it; else the first text of the others, whose ECS value
     * (case-sensitive) the rendered field is given, or which leaves it missing when no listed value is written so.
     */
    private static void renderedAlias(Map<String, Object> ev, List<String> group, String rendered, ValueRendering r) {
        Object v = lookup(ev, rendered);
        if (v instanceof String s) v = r.canonical(s); // open: a listed value but for case is that value
        String raw = v instanceof String s ? r.targetText(s) : null;
        String ecs = raw == null ? null : (String) v;
        if (raw == null) {
            for (String f : group) {
                if (!f.equals(rendered) && lookup(ev, f) instanceof String s) { raw = s; break; }
            }
            ecs = raw == null ? null : r.ecsValue(raw, true);
        }
        for (String f : group) {
            removeField(ev, List.of(f.split("\\.")));
            String value = f.equals(rendered) ? ecs : raw;
            if (value != null) overlay(ev, Map.of(f, value));
        }
    }

    /**
     * An ECS field the log source derives from another one's value ({@code process.name} is the last {@code \}
     * segment of {@code Image}, read back as {@code process.executable}): in an event of the log source both are
     * present or both absent, and they agree.
     */
    private record Derived(String field, String source, ValueTransform transform) {
        /** The source made to agree with the derived field's value, keeping the rest of the source. */
        void fromDerived(Map<String, Object> ev) {
            if (!(lookup(ev, field) instanceof String v)) return;
            Object cur = lookup(ev, source);
            String src = cur instanceof String c ? c : null;
            String value;
            if (transform == ValueTransform.EXTENSION) {
                String base = src == null ? "C:\\rp\\file" : src.lastIndexOf('.') > Math.max(src.lastIndexOf('\\'), src.lastIndexOf('/'))
                        ? src.substring(0, src.lastIndexOf('.')) : src;
                value = base + "." + v;
            } else if (transform == ValueTransform.DOMAIN) {
                String name = src == null ? "rp" : src.substring(src.lastIndexOf('\\') + 1);
                value = v + "\\" + (name.isEmpty() ? "rp" : name); // DOMAIN\\name
            } else {
                String sep = transform.separator();
                String dir = src != null && src.lastIndexOf(sep) >= 0 ? src.substring(0, src.lastIndexOf(sep))
                        : sep.equals("/") ? "/rp" : "C:\\rp";
                value = dir + sep + v;
            }
            overlay(ev, Map.of(source, value));
        }

        /** The derived field recomputed from the source (absent when the source is). */
        void fromSource(Map<String, Object> ev) {
            Object src = lookup(ev, source);
            if (src == null) {
                removeField(ev, List.of(field.split("\\.")));
                return;
            }
            if (!(src instanceof String s)) return;
            String value;
            if (transform == ValueTransform.EXTENSION) {
                int dot = s.lastIndexOf('.');
                if (dot <= Math.max(s.lastIndexOf('\\'), s.lastIndexOf('/'))) {
                    removeField(ev, List.of(field.split("\\.")));
                    return;
                }
                value = s.substring(dot + 1);
            } else if (transform == ValueTransform.DOMAIN) {
                value = ValueTransform.domainOf(s);
                if (value == null) {
                    removeField(ev, List.of(field.split("\\.")));
                    return;
                }
            } else {
                value = s.substring(s.lastIndexOf(transform.separator()) + 1);
            }
            overlay(ev, Map.of(field, value));
        }
    }

    /**
     * The cases as events of the log source ({@code ecs}: what the rule is run on) and as the rows the target stores
     * for them ({@code target}: what the read-back query is run on), case by case.
     */
    record Projected(List<FixtureCase> ecs, List<FixtureCase> target) {}

    /** The cases with their events put in the log source of each filter (see the class comment). */
    static List<FixtureCase> inLogSource(CompiledRule r, MappingProfile profile, List<FixtureCase> cases) {
        return project(r, profile, cases).ecs();
    }

    /** The one projection of the SPL round trips: events into the log source, then into the target's rows. */
    static Projected project(CompiledRule r, MappingProfile profile, List<FixtureCase> cases) {
        List<Filter> filters = new ArrayList<>();
        Query q = r.query();
        if (q instanceof EventQuery e) {
            // the filter as lowered: a wildcard on event.action decided into a fact, branches over one log source as one
            dev.ruleport.lower.LoweredRule lowered = dev.ruleport.lower.Lowering.lower(r, profile, dev.ruleport.lower.LossMode.EXACT);
            boolean one = !lowered.isUnion() && lowered.event() != null && lowered.event().selection() != null;
            filters.add(one ? lowered.event().source() : e.filter());
        } else {
            for (SequenceTerm t : ((SequenceQuery) q).stages()) if (!t.missing()) filters.add(t.filter());
        }
        List<LogSourceFix> fixes = new ArrayList<>();
        boolean any = false;
        for (Filter f : filters) {
            LogSourceFix fix = logSourceFix(r, profile, f);
            fixes.add(fix);
            any |= !fix.isEmpty();
        }
        if (!any) return new Projected(cases, cases);
        List<FixtureCase> out = new ArrayList<>();
        List<FixtureCase> rows = new ArrayList<>();
        for (FixtureCase c : cases) {
            List<Map<String, Object>> events = new ArrayList<>();
            List<Map<String, Object>> targets = new ArrayList<>();
            boolean changed = false;
            for (int i = 0; i < c.events().size(); i++) {
                Map<String, Object> ev = deepCopy(c.events().get(i));
                Map<String, Object> row;
                if (c.events().size() == fixes.size()) {
                    fixes.get(i).apply(ev);
                    row = fixes.get(i).toTarget(ev);
                } else {
                    for (LogSourceFix fix : fixes) fix.apply(ev);
                    row = ev;
                    for (LogSourceFix fix : fixes) row = fix.toTarget(row);
                }
                changed |= !ev.equals(c.events().get(i));
                events.add(ev);
                targets.add(row);
            }
            FixtureCase inSource = changed ? new FixtureCase(c.name(), c.expect(), events, c.matches(), c.why(), c.generated()) : c;
            out.add(inSource);
            rows.add(targets.equals(events) ? inSource : new FixtureCase(c.name(), c.expect(), targets, c.matches(), c.why(), c.generated()));
        }
        return new Projected(out, rows);
    }

    private static LogSourceFix logSourceFix(CompiledRule r, MappingProfile profile, Filter f) {
        String cf = r.rule().categoryField();
        Optional<Selection> sel = profile.select(RuleFacts.from(f, r.rule().index(), cf));
        if (sel.isEmpty()) return new LogSourceFix(Map.of(), List.of(), null, List.of(), Map.of(), null);
        // derived fields: transform mappings whose target some ECS field holds as it is (as the reader maps back)
        Logsource ls = sel.get().logsource();
        ProfileReverse reverse = new ProfileReverse(profile);
        Map<String, String> sourceOf = reverse.writtenFields(reverse.source(ls));
        // ECS fields that hold one target field as it is (process.executable and winlog.event_data.Image): equal
        Map<String, List<String>> byTarget = new LinkedHashMap<>();
        for (Map.Entry<String, FieldMapping> e : ls.explicitMappings().entrySet()) {
            FieldMapping m = e.getValue();
            if (m.transform() != ValueTransform.NONE || m.computed() || !m.fidelity().isExact()) continue;
            byTarget.computeIfAbsent(m.target(), k -> new ArrayList<>()).add(e.getKey());
        }
        Map<String, ValueRendering> renderings = new LinkedHashMap<>();
        for (String ecs : ls.explicitMappings().keySet()) ls.rendering(ecs).ifPresent(x -> renderings.put(ecs, x));
        List<List<String>> aliases = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : byTarget.entrySet()) {
            if (e.getValue().size() < 2) continue;
            List<String> group = new ArrayList<>(e.getValue());
            String first = sourceOf.get(e.getKey());
            if (first != null && group.remove(first)) group.add(0, first);
            aliases.add(group);
        }
        List<Derived> derived = new ArrayList<>();
        for (Map.Entry<String, FieldMapping> e : ls.explicitMappings().entrySet()) {
            FieldMapping m = e.getValue();
            String src = sourceOf.get(m.target());
            if (m.transform() != ValueTransform.NONE && src != null) derived.add(new Derived(e.getKey(), src, m.transform()));
        }
        // absorbed conjuncts
        List<Expr> absorbed = new ArrayList<>();
        List<Expr> conj = f.condition() instanceof And a ? a.operands() : List.of(f.condition());
        for (Expr c : conj) if (!(c instanceof Literal) && sel.get().absorbs(c).isPresent()) absorbed.add(c);
        boolean category = !f.category().isAny() && sel.get().absorbsCategory(f.category()).isPresent();
        dev.ruleport.interpret.Interpreter stage = dev.ruleport.interpret.Interpreter.compile(new EventQuery(f, List.of(), f.span()),
                dev.ruleport.interpret.InterpreterOptions.defaults().withCategoryField(cf));
        if (absorbed.isEmpty() && !category) return new LogSourceFix(Map.of(), derived, ls, aliases, renderings, stage);
        Expr cond = absorbed.isEmpty() ? new Literal(Boolean.TRUE, f.span())
                : absorbed.size() == 1 ? absorbed.get(0) : new And(absorbed, f.span());
        Filter only = new Filter(category ? f.category() : Category.any(f.span()), cond, f.span());
        WitnessReport w = GENERATOR.generate("absorbed by " + sel.get().id(), new EventQuery(only, List.of(), f.span()), cf);
        if (!w.hasWitness()) throw new AssertionError("no event satisfies what " + sel.get().id() + " absorbs: " + EqlPrinter.print(cond));
        Map<String, Object> ev = deepCopy(w.positives().get(0).events().get(0));
        ev.remove("@timestamp");
        return new LogSourceFix(ev, derived, ls, aliases, renderings, stage);
    }

    /** The value of a dotted field in an event, whichever keys spell it; null when absent. */
    @SuppressWarnings("unchecked")
    static Object lookup(Map<String, ?> m, String dotted) {
        if (m.containsKey(dotted)) return m.get(dotted);
        for (Map.Entry<String, ?> e : m.entrySet()) {
            if (dotted.startsWith(e.getKey() + ".") && e.getValue() instanceof Map<?, ?> sub) {
                Object v = lookup((Map<String, ?>) sub, dotted.substring(e.getKey().length() + 1));
                if (v != null) return v;
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ nested events

    @SuppressWarnings("unchecked")
    static Map<String, Object> deepCopy(Map<String, ?> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : m.entrySet()) out.put(e.getKey(), copyValue(e.getValue()));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object copyValue(Object v) {
        if (v instanceof Map<?, ?> m) return deepCopy((Map<String, ?>) m);
        if (v instanceof List<?> l) {
            List<Object> c = new ArrayList<>();
            for (Object x : l) c.add(copyValue(x));
            return c;
        }
        return v;
    }

    /** Every leaf (non-map value) of the event, as its path of keys. */
    @SuppressWarnings("unchecked")
    private static void leaves(Map<String, ?> m, List<String> prefix, List<List<String>> out) {
        for (Map.Entry<String, ?> e : m.entrySet()) {
            List<String> p = new ArrayList<>(prefix);
            p.add(e.getKey());
            if (e.getValue() instanceof Map<?, ?> sub) leaves((Map<String, ?>) sub, p, out);
            else out.add(p);
        }
    }

    @SuppressWarnings("unchecked")
    private static Object get(Map<String, ?> m, List<String> path) {
        Object cur = m;
        for (String k : path) cur = ((Map<String, ?>) cur).get(k);
        return cur;
    }

    @SuppressWarnings("unchecked")
    private static void set(Map<String, Object> m, List<String> path, Object value) {
        Map<String, Object> cur = m;
        for (int i = 0; i < path.size() - 1; i++) cur = (Map<String, Object>) cur.get(path.get(i));
        cur.put(path.get(path.size() - 1), copyValue(value));
    }

    @SuppressWarnings("unchecked")
    private static void remove(Map<String, Object> m, List<String> path) {
        Map<String, Object> cur = m;
        for (int i = 0; i < path.size() - 1; i++) cur = (Map<String, Object>) cur.get(path.get(i));
        cur.remove(path.get(path.size() - 1));
    }

    /**
     * Lays the leaves of {@code fix} over {@code ev}: each leaf's dotted field is first removed from {@code ev} in
     * whatever spelling it has there (nested objects or dotted keys), then set as nested objects.
     */
    @SuppressWarnings("unchecked")
    static void overlay(Map<String, Object> ev, Map<String, Object> fix) {
        List<List<String>> paths = new ArrayList<>();
        leaves(fix, new ArrayList<>(), paths);
        for (List<String> p : paths) {
            List<String> segs = new ArrayList<>();
            for (String k : p) for (String s : k.split("\\.")) segs.add(s);
            removeField(ev, segs);
            Map<String, Object> cur = ev;
            for (int i = 0; i < segs.size() - 1; i++) {
                Object next = cur.get(segs.get(i));
                if (!(next instanceof Map)) {
                    next = new LinkedHashMap<String, Object>();
                    cur.put(segs.get(i), next);
                }
                cur = (Map<String, Object>) next;
            }
            cur.put(segs.get(segs.size() - 1), copyValue(get(fix, p)));
        }
    }

    /** Removes the field with these segments, whichever keys spell it ({@code a.b} or {@code a → b}). */
    @SuppressWarnings("unchecked")
    private static void removeField(Map<String, Object> m, List<String> segs) {
        for (String k : new ArrayList<>(m.keySet())) {
            List<String> ks = List.of(k.split("\\."));
            if (ks.size() > segs.size() || !segs.subList(0, ks.size()).equals(ks)) continue;
            if (ks.size() == segs.size()) m.remove(k);
            else if (m.get(k) instanceof Map<?, ?> sub) removeField((Map<String, Object>) sub, segs.subList(ks.size(), segs.size()));
        }
    }
}
