package dev.ruleport.kql;

import dev.ruleport.compile.CompiledRule;
import dev.ruleport.diag.Span;
import dev.ruleport.ir.And;
import dev.ruleport.ir.Category;
import dev.ruleport.ir.Compare;
import dev.ruleport.ir.EventQuery;
import dev.ruleport.ir.Expr;
import dev.ruleport.ir.FieldPath;
import dev.ruleport.ir.FieldRef;
import dev.ruleport.ir.Filter;
import dev.ruleport.ir.Literal;
import dev.ruleport.ir.Query;
import dev.ruleport.ir.SequenceQuery;
import dev.ruleport.ir.SequenceTerm;
import dev.ruleport.interpret.Interpreter;
import dev.ruleport.interpret.InterpreterOptions;
import dev.ruleport.lower.LossMode;
import dev.ruleport.lower.LoweredFilter;
import dev.ruleport.lower.LoweredRule;
import dev.ruleport.lower.Lowering;
import dev.ruleport.mapping.FieldMapping;
import dev.ruleport.mapping.MappingProfile;
import dev.ruleport.mapping.RuleFacts;
import dev.ruleport.mapping.Selection;
import dev.ruleport.mapping.ValueRendering;
import dev.ruleport.mapping.ValueTransform;
import dev.ruleport.runtime.Event;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * EQL → KQL → {@link KqlReader} → IR, then the original query and the read-back query under the interpreter on the
 * same events, compared match for match (event indexes in every match).
 *
 * <p>Events are ECS documents (nested or dotted). Before both queries see them they are <b>projected onto the
 * target's data model</b>, the rows the KQL would actually run on (the decision is in the package documentation,
 * "Round trips: the events both queries see"):
 * <ol>
 *   <li>an empty string is a missing value (a Kusto column has no other representation for it): {@code ""} values
 *       are removed, {@code ""} elements are removed from arrays, and an array left empty is removed;</li>
 *   <li>a field the profile derives from a column (a basename, an extension) is recomputed from the column's
 *       untransformed field; when only the derived field is present, the untransformed one is created from it
 *       (the bare name, or {@code ruleport.<ext>}) so the event keeps its meaning;</li>
 *   <li>a field on a multi-valued ({@code dynamic}) column holds an array: a scalar becomes a one-element array
 *       (the same value for EQL);</li>
 *   <li>a field the log source never records is removed (the row has no place for it);</li>
 *   <li>an argument vector the profile computes from a Windows command line ({@code parse_command_line(col,
 *       "windows")}) is that split of the command line the row holds ({@link WindowsCommandLine}); without a command
 *       line the arguments are joined into one, and arguments the command line lacks are appended to it; the
 *       argument count is the vector's length; an empty command line leaves all of them missing;</li>
 *   <li>fields the profile computes with {@code case()} over one column (the kind of a file event from its
 *       ActionType) come from one value of that column: the one most consistent with the event;</li>
 *   <li>a field the target tests through a profile clause (host.os.type through the device inventory) holds one of
 *       the clause values when it equals one case-insensitively, as the inventory writes each OS one way;</li>
 *   <li>a field the profile renders ({@code values_as}, {@code numbers_as}, {@code missing_as}, on a column or a
 *       computed string field such as {@code tostring(EventData.Initiated)}) holds only values the target can write:
 *       an open rendering's listed value but for case is that value; a value a closed rendering does not list is the
 *       listed value that keeps the stage's verdict on the event (Elastic's {@code outgoing} is Sysmon's
 *       {@code egress} for a rule that tests it: the target's record of the same activity, as
 *       {@code verify.Projection} measures), else removed; a number form or the missing text is removed; the other
 *       ECS fields that hold the same column or expression as written ({@code winlog.event_data.IntegrityLevel}
 *       beside the rendered {@code process.Ext.token.integrity_level_name}) hold the rendering of its value (as the
 *       SPL round trip makes them).</li>
 *   <li>a field the log source stores as an entry of a list (Sysmon's {@code SHA256=...} in {@code Hashes}) holds a
 *       value the target can write, the first of its lower-case form and two others that keeps the stage's verdict,
 *       and the list holds exactly those entries ({@code KeyedEntry.agree}); with no entry field, they are read from
 *       the list.</li>
 * </ol>
 * The read-back query reads the target's texts under the ECS names, so it runs on the rows with each rendered field's
 * value as the target writes it (its listed text, a number in the first number form, the missing text for a missing
 * field); the original query runs on the projected events, in ECS values.
 * The original query is also run on the unprojected events, so a report can say how many cases needed the
 * projection and on how many of them EQL itself gives another verdict (the documented residual of "" = missing).
 *
 * <p><b>Table membership.</b> The read-back query has no trace of the conjuncts a log source absorbs (the table holds
 * exactly those events). A row is only in a table when the event satisfies its stage's absorbed conjuncts (and
 * absorbed category); this is modelled by a marker field per stage, set on a copy of the event, and an extra
 * conjunct on each read-back stage that tests it. An event in no stage's table is not a row at all. A conjunct the
 * query tests through one of the log source's own clauses is not part of the membership: the reader reads the
 * clause back as that conjunct, so the round trip checks the clause the writer chose.
 */
final class KqlRoundTrip {
    private static final Span SPAN = Span.synthetic("round trip");
    private static final String MARK = "__ruleport_in_table_";

    /** The verdicts on one group of events. */
    record Result(List<List<Integer>> original, List<List<Integer>> readBack, List<List<Integer>> raw,
                  boolean emptyProjected, boolean derivedProjected) {
        boolean agrees() { return original.equals(readBack); }

        boolean rawDiffers() { return !raw.equals(original); }
    }

    private final CompiledRule rule;
    private final Interpreter original;
    private final Interpreter back;
    private final List<Context> stages;

    private KqlRoundTrip(CompiledRule rule, Interpreter original, Interpreter back, List<Context> stages) {
        this.rule = rule;
        this.original = original;
        this.back = back;
        this.stages = stages;
    }

    static KqlRoundTrip of(CompiledRule rule, String kql, MappingProfile profile) {
        Query read = KqlReader.read(kql, new dev.ruleport.lower.ProfileReverse(profile));
        InterpreterOptions opts = InterpreterOptions.defaults().withCategoryField(rule.rule().categoryField());
        Interpreter original = Interpreter.compile(rule.query(), rule.rule().querySource(), opts);
        List<Context> stages = new ArrayList<>();
        // the lowered filter of each stage, as the rule's stages are listed (runs expanded, until last)
        LoweredRule lr = Lowering.lower(rule, profile, LossMode.EXACT);
        List<LoweredFilter> lowered = new ArrayList<>();
        if (lr.event() != null) lowered.add(lr.event());
        if (lr.sequence() != null) {
            lr.sequence().stages().forEach(t -> lowered.add(t.filter()));
            if (lr.sequence().until() != null) lowered.add(lr.sequence().until().filter());
        }
        Query marked;
        if (rule.query() instanceof EventQuery q) {
            stages.add(context(q.filter(), rule, profile, lowered, 0));
            EventQuery r = (EventQuery) read;
            marked = new EventQuery(mark(r.filter(), 0), r.pipes(), r.span());
        } else if (rule.query() instanceof SequenceQuery q) {
            SequenceQuery r = (SequenceQuery) read;
            for (SequenceTerm t : q.stages()) stages.add(context(t.filter(), rule, profile, lowered, stages.size()));
            if (r.stages().size() != stages.size()) {
                throw new AssertionError("read back " + r.stages().size() + " stages, the rule has " + stages.size());
            }
            List<SequenceTerm> terms = new ArrayList<>();
            for (int k = 0; k < r.terms().size(); k++) {
                SequenceTerm t = r.terms().get(k);
                terms.add(new SequenceTerm(mark(t.filter(), k), t.keys(), t.runs(), t.missing(), t.span()));
            }
            SequenceTerm until = null;
            if (q.until() != null) {
                if (r.until() == null) throw new AssertionError("the until term was not read back");
                stages.add(context(q.until().filter(), rule, profile, lowered, stages.size()));
                SequenceTerm u = r.until();
                until = new SequenceTerm(mark(u.filter(), stages.size() - 1), u.keys(), u.runs(), u.missing(), u.span());
            } else if (r.until() != null) {
                throw new AssertionError("an until term was read back for a rule without one");
            }
            marked = new SequenceQuery(r.keys(), r.maxspan(), terms, until, r.pipes(), r.span());
        } else {
            throw new IllegalArgumentException("no KQL round trip for " + rule.query().getClass().getSimpleName());
        }
        return new KqlRoundTrip(rule, original, Interpreter.compile(marked, InterpreterOptions.defaults()), stages);
    }

    private static Filter mark(Filter f, int stage) {
        Expr in = new Compare(Compare.Op.EQ, new FieldRef(FieldPath.parse(MARK + stage), false, SPAN), new Literal(Boolean.TRUE, SPAN), SPAN);
        List<Expr> ops = new ArrayList<>();
        ops.add(in);
        if (f.condition() instanceof And a) ops.addAll(a.operands());
        else ops.add(f.condition());
        return new Filter(f.category(), new And(ops, SPAN), f.span());
    }

    /** Runs one group of events (a fixture case's events, in order). */
    Result run(List<Map<String, Object>> events) {
        List<Event> raw = new ArrayList<>();
        List<Event> projected = new ArrayList<>();
        List<Event> rows = new ArrayList<>();
        boolean[] flags = new boolean[2];
        for (Map<String, Object> e : events) {
            raw.add(Event.of(e));
            Context[] in = new Context[1];
            Map<String, Object> p = project(e, flags, in);
            projected.add(Event.of(p));
            Map<String, Object> row = toTarget(p, in[0]);
            Event pe = Event.of(p);
            for (int k = 0; k < stages.size(); k++) {
                if (stages.get(k).domain.matches(pe)) row.put(MARK + k, Boolean.TRUE);
            }
            rows.add(Event.of(row));
        }
        List<List<Integer>> onRows = indexes(original.run(projected), projected);
        // the unprojected events only differ for EQL when a value was removed or changed
        List<List<Integer>> onRaw = flags[0] || flags[1] ? indexes(original.run(raw), raw) : onRows;
        return new Result(onRows, indexes(back.run(rows), rows), onRaw, flags[0], flags[1]);
    }

    /**
     * The self-built event groups ({@link Witnesses}): for an event query one group holding every event, for a
     * sequence {@code timelines} random timelines. Fields on multi-valued columns are written as arrays.
     */
    List<List<Map<String, Object>>> selfBuilt(Random random, int timelines) {
        String categoryField = rule.rule().categoryField();
        if (rule.query() instanceof EventQuery q) {
            return List.of(Witnesses.events(q.filter(), categoryField, multi(q.filter(), 0), random));
        }
        SequenceQuery q = (SequenceQuery) rule.query();
        List<SequenceTerm> terms = new ArrayList<>(q.stages());
        if (q.until() != null) terms.add(q.until());
        List<List<Map<String, Object>>> pools = new ArrayList<>();
        for (int k = 0; k < terms.size(); k++) {
            Filter f = terms.get(k).filter();
            pools.add(Witnesses.events(f, categoryField, multi(f, k), random));
        }
        List<List<Map<String, Object>>> out = new ArrayList<>();
        for (int i = 0; i < timelines; i++) out.add(Witnesses.timeline(q, pools, random));
        return out;
    }

    private Set<String> multi(Filter f, int stage) {
        Set<String> out = new LinkedHashSet<>();
        for (String field : Witnesses.candidates(f.condition()).keySet()) {
            Optional<FieldMapping> m = stages.get(stage).selection.field(field);
            if (m.isPresent() && m.get().multiValued()) out.add(field);
        }
        return out;
    }

    private static List<List<Integer>> indexes(List<List<Event>> matches, List<Event> events) {
        IdentityHashMap<Event, Integer> index = new IdentityHashMap<>();
        for (int i = 0; i < events.size(); i++) index.put(events.get(i), i);
        List<List<Integer>> out = new ArrayList<>();
        for (List<Event> m : matches) {
            List<Integer> idx = new ArrayList<>();
            for (Event e : m) idx.add(e == null ? null : index.get(e));
            out.add(idx);
        }
        return out;
    }

    // ------------------------------------------------------------------ projection onto the target's rows

    /** The projected event, flat (dotted keys); {@code flags[0]}: an empty string was removed, {@code [1]}: a derived field set. */
    Map<String, Object> project(Map<String, Object> event, boolean[] flags) {
        return project(event, flags, new Context[1]);
    }

    /** {@link #project(Map, boolean[])}, giving the log source the row belongs to in {@code in[0]}. */
    private Map<String, Object> project(Map<String, Object> event, boolean[] flags, Context[] in) {
        Map<String, Object> flat = new LinkedHashMap<>();
        flatten("", event, flat);
        // 1. empty strings are missing values
        for (String k : new ArrayList<>(flat.keySet())) {
            Object v = flat.get(k);
            if ("".equals(v)) {
                flat.remove(k);
                flags[0] = true;
            } else if (v instanceof List<?> l && l.contains("")) {
                List<Object> rest = new ArrayList<>(l);
                rest.removeIf(""::equals);
                if (rest.isEmpty()) flat.remove(k);
                else flat.put(k, rest);
                flags[0] = true;
            }
        }
        // 2. the log source the row belongs to: the first stage whose table holds the event
        Context ctx = stages.get(0);
        Event fe = Event.of(flat);
        for (Context c : stages) {
            if (c.domain.matches(fe)) {
                ctx = c;
                break;
            }
        }
        in[0] = ctx;
        for (Map.Entry<String, Derived> d : ctx.derived.entrySet()) {
            String field = d.getKey();
            Derived how = d.getValue();
            Object before = flat.get(field);
            Object src = flat.get(how.source);
            if (src == null && before instanceof String s) {
                src = how.transform == ValueTransform.EXTENSION ? "ruleport." + s : s;
                flat.put(how.source, src);
            }
            flat.remove(field);
            if (src instanceof String s) {
                String v = apply(how.transform, s);
                if (v != null && !v.isEmpty()) flat.put(field, v);
            }
            if (!java.util.Objects.equals(before, flat.get(field))) flags[1] = true;
        }
        // 3. what the log source never records is missing from its rows; argument vectors computed from a command
        // line; values written through a clause
        for (String k : new ArrayList<>(flat.keySet())) {
            if (ctx.selection.logsource().never(k).isPresent()) {
                flat.remove(k);
                flags[1] = true;
            }
        }
        for (Argv a : ctx.argv) {
            Object cl = a.line == null ? null : flat.get(a.line);
            Object args = flat.get(a.args);
            String line = cl instanceof String s ? s : args != null ? a.join(asStrings(args)) : null;
            if (cl instanceof String s && args != null && !a.split(s).containsAll(asStrings(args))) {
                // one row holds both: the arguments the event names are appended to its command line
                String both = a.unix ? s + " " + String.join(" ", asStrings(args)) : WindowsCommandLine.append(s, asStrings(args));
                if (both != null) line = both;
            }
            Map<String, Object> before = new LinkedHashMap<>(flat);
            if (a.line != null) flat.remove(a.line);
            flat.remove(a.args);
            if (a.count != null) flat.remove(a.count);
            if (line != null && !line.isEmpty()) {
                List<String> argv = a.split(line);
                if (a.line != null) flat.put(a.line, line);
                List<Object> kept = new ArrayList<>(argv);
                kept.removeIf(""::equals);          // "" is a missing value (step 1)
                if (!kept.isEmpty()) flat.put(a.args, kept);
                if (a.count != null && (!a.unix || !argv.isEmpty())) flat.put(a.count, (long) argv.size()); // extract_all finds no run: null
            }
            if (!before.equals(flat)) flags[1] = true;
        }
        for (List<CaseField> group : ctx.cases) {
            Map<String, Object> before = new LinkedHashMap<>(flat);
            String row = CaseField.rowValue(group, flat, ctx.selection.attributes().getOrDefault("where", ""));
            for (CaseField c : group) {
                String v = c.value(row);
                if (v.isEmpty()) flat.remove(c.field());
                else flat.put(c.field(), v);
            }
            if (!before.equals(flat)) flags[1] = true;
        }
        for (dev.ruleport.mapping.Logsource.Clause c : ctx.selection.logsource().clauses()) {
            if (flat.get(c.field()) instanceof String s) {
                for (String v : c.values()) if (v.equalsIgnoreCase(s)) flat.put(c.field(), v);
            }
        }
        // rendered fields hold what the target can write, their aliases the rendering of it
        if (rendered(flat, ctx)) flags[1] = true;
        // entries of a list (SHA256=... in Hashes) and the list agree (step 9)
        Map<String, dev.ruleport.mapping.KeyedEntry> entries = ctx.selection.logsource().entries();
        if (!entries.isEmpty()) {
            Map<String, Object> beforeEntries = new LinkedHashMap<>(flat);
            boolean writtenVerdict = ctx.stage.matches(Event.of(flat));
            Context entryCtx = ctx;
            dev.ruleport.mapping.KeyedEntry.agree(flat, entries,
                    candidate -> entryCtx.stage.matches(Event.of(candidate)) == writtenVerdict);
            if (!beforeEntries.equals(flat)) flags[1] = true;
        }
        // 4. multi-valued columns hold arrays
        for (Map.Entry<String, Object> e : flat.entrySet()) {
            Optional<FieldMapping> m = ctx.selection.field(e.getKey());
            if (m.isPresent() && m.get().multiValued() && !(e.getValue() instanceof List) && e.getValue() != null) {
                e.setValue(List.of(e.getValue()));
            }
        }
        return flat;
    }

    /**
     * The rendered fields of the row's log source made to hold values the target can write (step 8 of the class
     * documentation), then the other ECS fields of the same column or expression their rendering (as
     * {@code SplFixtures} makes them for SPL); whether anything changed.
     */
    private static boolean rendered(Map<String, Object> flat, Context ctx) {
        Map<String, Object> before = new LinkedHashMap<>(flat);
        ctx.renderings.forEach((f, r) -> {
            Object v = flat.get(f);
            if (v == null) return;
            if (v instanceof String s && !r.values().isEmpty() && r.targetText(s) == null) {
                // a value the field never holds (closed): the listed value that keeps the stage's verdict on the event
                // as written, the target's record of the same activity (as verify.Projection measures); else none
                boolean written = ctx.stage.matches(Event.of(flat));
                flat.remove(f);
                for (String listed : r.values().keySet()) {
                    flat.put(f, listed);
                    if (ctx.stage.matches(Event.of(flat)) == written) return;
                }
                flat.remove(f);
                return;
            }
            if (v instanceof String s) v = r.canonical(s);
            else if (v instanceof List<?> l) v = l.stream().map(x -> x instanceof String s ? r.canonical(s) : x).toList();
            Object kept = v instanceof List<?> l ? l.stream().filter(x -> !(x instanceof String t) || r.canHold(t)).toList()
                    : !(v instanceof String t) || r.canHold(t) ? v : null;
            flat.remove(f);
            if (kept != null && !(kept instanceof List<?> k && k.isEmpty())) flat.put(f, kept);
        });
        for (List<String> group : ctx.aliases) {
            String field = group.get(0);
            ValueRendering r = ctx.renderings.get(field);
            Object v = flat.get(field);
            if (v instanceof String s) v = r.canonical(s); // open: a listed value but for case is that value
            String raw = v instanceof String s ? r.targetText(s) : null;
            String ecs = raw == null ? null : (String) v;
            if (raw == null) {
                for (String f : group.subList(1, group.size())) {
                    if (flat.get(f) instanceof String s) {
                        raw = s;
                        break;
                    }
                }
                ecs = raw == null ? null : r.ecsValue(raw, true);
            }
            for (String f : group) {
                flat.remove(f);
                String value = f.equals(field) ? ecs : raw;
                if (value != null) flat.put(f, value);
            }
        }
        return !before.equals(flat);
    }

    /** The row the target stores for a projected event, under ECS names: each rendered field's value as the target writes it. */
    private static Map<String, Object> toTarget(Map<String, Object> projected, Context ctx) {
        Map<String, Object> row = new LinkedHashMap<>(projected);
        // a path's first segment as the target spells it (HKLM\... in Defender's HKEY_LOCAL_MACHINE\...)
        for (Map.Entry<String, Object> e : row.entrySet()) {
            if (!(e.getValue() instanceof String v)) continue;
            FieldMapping.FirstSegment fs = ctx.selection().field(e.getKey()).map(FieldMapping::firstSegment).orElse(null);
            List<String> respelled = fs == null ? null : fs.respell(v, true);
            if (respelled != null) e.setValue(respelled.get(0));
        }
        ctx.renderings.forEach((f, r) -> {
            Object v = row.remove(f);
            Object written = v == null ? r.missing()
                    : v instanceof List<?> l ? l.stream().map(x -> x instanceof String t ? r.storedText(t) : x).toList()
                    : v instanceof String t ? r.storedText(t) : v;
            if (written != null) row.put(f, written);
        });
        return row;
    }

    private static List<String> asStrings(Object v) {
        List<String> out = new ArrayList<>();
        if (v instanceof List<?> l) l.forEach(x -> out.add(String.valueOf(x)));
        else out.add(String.valueOf(v));
        return out;
    }

    private static String apply(ValueTransform t, String s) {
        if (t == ValueTransform.EXTENSION) {
            int dot = s.lastIndexOf('.');
            return dot < 0 ? null : s.substring(dot + 1);
        }
        if (t == ValueTransform.DOMAIN) return ValueTransform.domainOf(s);
        return s.substring(s.lastIndexOf(t.separator()) + 1);
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Map<String, ?> m, Map<String, Object> out) {
        for (Map.Entry<String, ?> e : m.entrySet()) {
            String key = prefix + e.getKey();
            if (e.getValue() instanceof Map<?, ?> sub) flatten(key + ".", (Map<String, ?>) sub, out);
            else if (e.getValue() != null) out.put(key, e.getValue());
        }
    }

    // ------------------------------------------------------------------ one stage's log source

    private record Derived(String source, ValueTransform transform) {}

    /** An argument vector computed from a command line column: the fields of the line (if mapped), the vector and its length. */
    private record Argv(String line, String args, String count, boolean unix) {
        /** The arguments the profile's expression computes from a line: Windows rules, or a Linux line's spaces. */
        List<String> split(String l) { return unix ? dev.ruleport.verify.Argv.tokens(l) : WindowsCommandLine.split(l); }

        String join(List<String> a) { return unix ? String.join(" ", a) : WindowsCommandLine.join(a); }
    }

    /** The split of a command line: a column, or a property of a dynamic column as a string ({@code tostring(EventData.X)}). */
    private static final java.util.regex.Pattern PARSE_COMMAND_LINE =
            java.util.regex.Pattern.compile("parse_command_line\\((\\w+|tostring\\(\\w+\\.\\w+\\)), \"windows\"\\)");

    /** A Linux or macOS command line trimmed and split at spaces (the runs of non-space characters). */
    private static final java.util.regex.Pattern SPACE_TOKENS = java.util.regex.Pattern.compile(
            java.util.regex.Pattern.quote("extract_all(@\"([^ ]+)\", trim(@\"[\\x00-\\x20]+\", ") + "(\\w+|tostring\\(\\w+\\.\\w+\\))\\)\\)");

    /**
     * A field the profile computes as {@code case(col == "a", "x", col in ("b", "c"), "y", ..., "")}: the value for each
     * value of one column.
     */
    record CaseField(String field, String column, List<Map.Entry<List<String>, String>> arms, String otherwise) {
        private static final java.util.regex.Pattern ARM = java.util.regex.Pattern.compile(
                "(\\w+) (?:== \"([^\"]*)\"|in \\(((?:\"[^\"]*\"(?:, )?)+)\\)), \"([^\"]*)\"(?:, )?");

        /** The case field of a computed expression, or null when it is not of that form. */
        static CaseField parse(String field, String expression) {
            if (!expression.startsWith("case(") || !expression.endsWith(")")) return null;
            String body = expression.substring(5, expression.length() - 1);
            java.util.regex.Matcher m = ARM.matcher(body);
            List<Map.Entry<List<String>, String>> arms = new ArrayList<>();
            String column = null;
            int at = 0;
            while (m.lookingAt()) {
                if (column != null && !column.equals(m.group(1))) return null;
                column = m.group(1);
                List<String> keys = m.group(2) != null ? List.of(m.group(2))
                        : java.util.Arrays.stream(m.group(3).split(", ")).map(s -> s.substring(1, s.length() - 1)).toList();
                arms.add(Map.entry(keys, m.group(4)));
                at = m.end();
                m.region(at, body.length());
            }
            String rest = body.substring(at);
            if (column == null || !rest.matches("\"[^\"]*\"")) return null;
            return new CaseField(field, column, arms, rest.substring(1, rest.length() - 1));
        }

        String value(String row) {
            if (row == null) return otherwise;
            for (Map.Entry<List<String>, String> a : arms) if (a.getKey().contains(row)) return a.getValue();
            return otherwise;
        }

        /**
         * The column value a row holds for an event: the one whose computed fields agree with most of the event's
         * values (a missing field agrees with ""); ties go to a value the log source's own {@code where} names, then to
         * the earlier one. Null stands for any other value.
         */
        static String rowValue(List<CaseField> group, Map<String, Object> event, String where) {
            List<String> candidates = new ArrayList<>();
            for (CaseField c : group) for (Map.Entry<List<String>, String> a : c.arms) {
                for (String k : a.getKey()) if (!candidates.contains(k)) candidates.add(k);
            }
            candidates.add(null);
            String best = null;
            int bestScore = -1;
            for (String row : candidates) {
                int score = 0;
                for (CaseField c : group) {
                    String v = c.value(row);
                    Object have = event.get(c.field());
                    boolean agrees = have == null ? v.isEmpty() : have instanceof List<?> l ? l.contains(v) : have.equals(v);
                    if (agrees) score += 2;
                }
                if (row != null && where.contains("\"" + row + "\"")) score++;
                if (score > bestScore) {
                    best = row;
                    bestScore = score;
                }
            }
            return best;
        }
    }

    /** The log source of one stage: its selection, derived fields, computed fields, and the events its table holds. */
    private record Context(Selection selection, Map<String, Derived> derived, List<Argv> argv, List<List<CaseField>> cases,
                           Map<String, ValueRendering> renderings, List<List<String>> aliases, Interpreter domain,
                           Interpreter stage) {}

    /**
     * The log source of one stage and the events its table holds: those satisfying the conjuncts the lowering absorbed
     * (as it absorbed them: a wildcard on event.action already decided against the profile's declared texts).
     */
    private static Context context(Filter filter, CompiledRule rule, MappingProfile profile, List<LoweredFilter> lowered, int stage) {
        RuleFacts facts = RuleFacts.from(filter, rule.rule().index(), rule.rule().categoryField());
        Optional<Selection> whole = profile.select(facts);
        LoweredFilter lf = stage < lowered.size() ? lowered.get(stage) : null;
        if (lf == null || lf.selection() == null) throw new AssertionError("stage " + stage + " has no single log source");
        if (whole.isEmpty()) return splitContext(filter, rule, lf);
        Selection sel = lf.selection();
        Set<String> clauseFields = new java.util.HashSet<>();
        sel.logsource().clauses().forEach(c -> clauseFields.add(c.field()));
        List<Expr> absorbed = new ArrayList<>();
        for (LoweredFilter.Absorbed a : lf.absorbed()) {
            // tested by the log source's own clause, which the reader reads back as this conjunct
            if (a.clause() != null && clauseFields.containsAll(RuleFacts.of(a.conjunct()).values().keySet())) continue;
            absorbed.add(a.conjunct());
        }
        Category category = sel.absorbsCategory(filter.category()).isPresent() ? filter.category() : Category.any(filter.span());
        return context(sel, filter, category, absorbed, rule);
    }

    /** The fields whose values name a kind of event (as the lowering splits on them), and the OS. */
    private static final Set<String> KIND_FIELDS = Set.of("event.category", "event.type", "event.action", "event.code",
            "host.os.type");

    /**
     * A filter no log source holds as a whole, which the lowering splits into branches by kind of event and, all
     * branches being over one log source, merges again ({@code Lowering#split}): that log source; the rows of its table
     * are the events of some branch's kind, which the writer leaves out: the filter's condition with every part that
     * names no kind of event (reads none of the kind-of-event fields) taken as true, the category keyword kept.
     */
    private static Context splitContext(Filter filter, CompiledRule rule, LoweredFilter lf) {
        String categoryField = rule.rule().categoryField() == null || rule.rule().categoryField().isBlank()
                ? "event.category" : rule.rule().categoryField();
        Expr kinds = kinds(filter.condition(), categoryField);
        return context(lf.selection(), filter, filter.category(), List.of(kinds), rule);
    }

    private static Expr kinds(Expr e, String categoryField) {
        Set<String> read = Witnesses.candidates(e).keySet();
        if (read.stream().noneMatch(f -> KIND_FIELDS.contains(f) || f.equals(categoryField))) return new Literal(Boolean.TRUE, e.span());
        if (e instanceof And a) return new And(a.operands().stream().map(x -> kinds(x, categoryField)).toList(), a.span());
        if (e instanceof dev.ruleport.ir.Or o) return new dev.ruleport.ir.Or(o.operands().stream().map(x -> kinds(x, categoryField)).toList(), o.span());
        return e;
    }

    private static Context context(Selection sel, Filter filter, Category category, List<Expr> absorbed, CompiledRule rule) {
        Map<String, Derived> derived = new LinkedHashMap<>();
        Map<String, FieldMapping> explicit = sel.logsource().explicitMappings();
        for (Map.Entry<String, FieldMapping> e : explicit.entrySet()) {
            FieldMapping m = e.getValue();
            if (m.transform() == ValueTransform.NONE) continue;
            for (Map.Entry<String, FieldMapping> g : explicit.entrySet()) {
                if (g.getValue().transform() == ValueTransform.NONE && g.getValue().target().equals(m.target())
                        && g.getValue().fidelity().isExact()) {
                    derived.put(e.getKey(), new Derived(g.getKey(), m.transform()));
                    break;
                }
            }
        }
        List<Argv> argv = new ArrayList<>();
        for (Map.Entry<String, FieldMapping> e : explicit.entrySet()) {
            String expression = e.getValue().computed() ? e.getValue().expression() : "";
            java.util.regex.Matcher m = PARSE_COMMAND_LINE.matcher(expression);
            boolean unix = false;
            if (!m.matches()) {
                m = SPACE_TOKENS.matcher(expression);
                unix = true;
            }
            if (!m.matches() || !"dynamic".equals(e.getValue().type())) continue;
            String column = m.group(1);
            String line = null;
            String count = null;
            for (Map.Entry<String, FieldMapping> g : explicit.entrySet()) {
                FieldMapping gm = g.getValue();
                // the line itself: the column, or the same computed expression (a computed field's target is its
                // expression); the first such field (an ECS field before its winlog.event_data alias)
                if (line == null && gm.target().equals(column) && gm.transform() == ValueTransform.NONE) line = g.getKey();
                if (gm.computed() && gm.expression().contains("array_length(" + m.group()) && gm.expression().contains(column)) count = g.getKey();
            }
            argv.add(new Argv(line, e.getKey(), count, unix));
        }
        Map<String, List<CaseField>> byColumn = new LinkedHashMap<>();
        for (Map.Entry<String, FieldMapping> e : explicit.entrySet()) {
            CaseField c = e.getValue().computed() ? CaseField.parse(e.getKey(), e.getValue().expression()) : null;
            if (c != null) byColumn.computeIfAbsent(c.column(), k -> new ArrayList<>()).add(c);
        }
        // rendered fields, and the ECS fields that hold the same column or computed expression as written: the rendered
        // field first
        Map<String, ValueRendering> renderings = new LinkedHashMap<>();
        for (String ecs : explicit.keySet()) sel.logsource().rendering(ecs).ifPresent(r -> renderings.put(ecs, r));
        List<List<String>> aliases = new ArrayList<>();
        for (Map.Entry<String, ValueRendering> e : renderings.entrySet()) {
            FieldMapping rm = explicit.get(e.getKey());
            if (e.getValue().values().isEmpty() || rm == null || rm.transform() != ValueTransform.NONE) continue;
            List<String> group = new ArrayList<>(List.of(e.getKey()));
            for (Map.Entry<String, FieldMapping> g : explicit.entrySet()) {
                FieldMapping gm = g.getValue();
                if (g.getKey().equals(e.getKey()) || renderings.containsKey(g.getKey()) || gm.transform() != ValueTransform.NONE
                        || !gm.fidelity().isExact() || gm.computed() != rm.computed()) continue;
                if (rm.computed() ? gm.expression().equals(rm.expression()) : gm.target().equals(rm.target())) group.add(g.getKey());
            }
            if (group.size() > 1) aliases.add(group);
        }
        Expr cond = absorbed.isEmpty() ? new Literal(Boolean.TRUE, filter.span())
                : absorbed.size() == 1 ? absorbed.get(0) : new And(absorbed, filter.span());
        Interpreter domain = Interpreter.compile(new EventQuery(new Filter(category, cond, filter.span()), List.of(), filter.span()),
                rule.rule().querySource(), InterpreterOptions.defaults().withCategoryField(rule.rule().categoryField()));
        Interpreter stage = Interpreter.compile(new EventQuery(filter, List.of(), filter.span()), rule.rule().querySource(),
                InterpreterOptions.defaults().withCategoryField(rule.rule().categoryField()));
        return new Context(sel, derived, argv, new ArrayList<>(byColumn.values()), renderings, aliases, domain, stage);
    }

    // ------------------------------------------------------------------ counting

    /** Counts over many rules and cases, and the first disagreements with their events. */
    static final class Tally {
        int rules;
        int positives;
        int nearMisses;
        int handWritten;
        int selfBuilt;
        int agreeing;
        int matching;
        int positivesMatching;
        int emptyProjected;
        int emptyRawDiffers;
        int derivedProjected;
        final List<String> failures = new ArrayList<>();

        int cases() { return positives + nearMisses + handWritten + selfBuilt; }

        /** Records one case; {@code kind}: "positive", "near miss", "hand-written" or "self-built". */
        void add(String rule, String kind, String name, List<Map<String, Object>> events, Result r) {
            switch (kind) {
                case "positive" -> positives++;
                case "near miss" -> nearMisses++;
                case "hand-written" -> handWritten++;
                default -> selfBuilt++;
            }
            if (!r.original().isEmpty()) matching++;
            if (!r.original().isEmpty() && kind.equals("positive")) positivesMatching++;
            if (r.emptyProjected()) {
                emptyProjected++;
                if (r.rawDiffers()) emptyRawDiffers++;
            }
            if (r.derivedProjected()) derivedProjected++;
            if (r.agrees()) {
                agreeing++;
            } else if (failures.size() < 20) {
                failures.add(rule + " [" + kind + " \"" + name + "\"]: original " + r.original() + ", read back "
                        + r.readBack() + "\n    " + events);
            }
        }

        String summary() {
            return rules + " rules, " + cases() + " cases (" + positives + " positive witnesses, " + nearMisses
                    + " near misses, " + handWritten + " hand-written, " + selfBuilt + " self-built groups), " + agreeing
                    + " agree, " + matching + " with a match (" + positivesMatching + " positive witnesses still match on the"
                    + " target's rows); \"\" projected as missing in " + emptyProjected
                    + " cases (EQL on the raw events differs in " + emptyRawDiffers + "), derived fields made consistent in "
                    + derivedProjected;
        }
    }
}
