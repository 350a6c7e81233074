package dev.ruleport.verify;

import dev.ruleport.fixtures.WitnessGenerator;
import dev.ruleport.fixtures.WitnessReport;
import dev.ruleport.ir.And;
import dev.ruleport.ir.Category;
import dev.ruleport.ir.EventQuery;
import dev.ruleport.ir.Expr;
import dev.ruleport.ir.Filter;
import dev.ruleport.lower.LoweredFilter;
import dev.ruleport.lower.LoweredRule;
import dev.ruleport.lower.LoweredTerm;
import dev.ruleport.mapping.FieldMapping;
import dev.ruleport.mapping.ValueTransform;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fixture events (ECS documents) as the target of a lowered rule records them, still written in ECS: what a
 * translation is run against when it is measured. One projection per profile, derived from the lowered rule:
 * <ol>
 *   <li><b>In the log source.</b> A target only holds events of its log source, and the translation leaves out the
 *       conjuncts the log source guarantees; every event is therefore given a witness of its filter's absorbed
 *       conjuncts (for a sequence, the filter of the stage the event stands for). Where the witness and the values the
 *       log source records differ (the rule's Security event 4688, Sysmon's event 1), the witness wins: under the
 *       equivalence the rule's description is the target's record, and the read-back no longer tests it. A union's
 *       branches (an event query over several log sources) give no witness, since an event stands for one of them;
 *       {@link Measurement} keeps out of the read-back the events no branch's log source holds.</li>
 *   <li><b>Never recorded fields</b> the rule tests are removed: the source never has them.</li>
 *   <li><b>Derived fields</b> agree with the field they are derived from ({@code process.name} is the basename of the
 *       path a log source stores): the path is made to end in the name, then the name recomputed.</li>
 *   <li><b>A process's command line and arguments</b> describe one process: an event with arguments but no command
 *       line gets the command line a shell would show for them ({@link Argv#join}), and the reverse; the argument
 *       count is the vector's length.</li>
 *   <li><b>Rendered fields and their aliases</b> ({@code process.Ext.token.integrity_level_name} and
 *       {@code winlog.event_data.IntegrityLevel} on one Sysmon column) hold one value, the rendered field read from
 *       the alias when only the alias is given; arrays are rendered element by element.</li>
 *   <li><b>Entries of a list</b> (Sysmon's {@code SHA256=...} in {@code Hashes}, {@link dev.ruleport.mapping.KeyedEntry})
 *       and the list hold one record: each entry field a value the target can write (lower-case hexadecimal of its
 *       length; another value is replaced by one that keeps the case's verdict where one does), the list exactly
 *       those entries.</li>
 *   <li>Where the target cannot tell an empty string from a missing value (Kusto), {@code ""} values are removed.</li>
 *   <li><b>Computed fields with declared values</b> (a Defender connection's {@code network.direction} is only ever
 *       {@code ingress} or {@code egress}) hold one of them: a value the target never records ({@code incoming}) is
 *       replaced by the declared value that keeps the rule's verdict on the case as written, since under the profile's
 *       equivalence that is the target's record of the same activity. Only the stages an event stands for apply.</li>
 * </ol>
 */
public final class Projection {
    private static final WitnessGenerator GENERATOR = new WitnessGenerator();
    private static final Map<String, Map<String, Object>> WITNESSES = new java.util.concurrent.ConcurrentHashMap<>();

    private final List<Map<String, Object>> overlays = new ArrayList<>();
    private final List<LoweredFilter> filters = new ArrayList<>();
    /** A union's branches (an event query no single log source holds): an event is made consistent with each. */
    private final List<LoweredFilter> branches = new ArrayList<>();
    private final boolean emptyIsMissing;

    private Projection(LoweredRule lowered, boolean emptyIsMissing) {
        this.emptyIsMissing = emptyIsMissing;
        if (lowered.event() != null) filters.add(lowered.event());
        if (lowered.sequence() != null) for (LoweredTerm t : lowered.sequence().stages()) filters.add(t.filter());
        for (LoweredFilter f : filters) overlays.add(overlay(lowered, f));
        branches.addAll(lowered.union());
    }

    /** The projection for a lowered rule; {@code emptyIsMissing} for targets that store a missing string as "". */
    public static Projection of(LoweredRule lowered, boolean emptyIsMissing) {
        return new Projection(lowered, emptyIsMissing);
    }

    /**
     * The events of one case as the target records them. Arguments and command lines are made to describe one
     * process in the first of these ways that leaves the rule's verdict on the case unchanged: missing text added after
     * the command line, or before it; otherwise they are left as the case has them.
     */
    public List<Map<String, Object>> project(List<Map<String, Object>> events,
                                             java.util.function.Function<List<Map<String, Object>>, Object> verdict) {
        List<Map<String, Map<String, String>>> domains = domainChoices(events);
        Map<String, Map<String, String>> domain = domains.get(0);
        if (domains.size() > 1) {
            Object written = verdict.apply(events);
            for (Map<String, Map<String, String>> d : domains) {
                if (verdict.apply(project(events, d, Argv.Placement.NONE, verdict)).equals(written)) {
                    domain = d;
                    break;
                }
            }
        }
        List<Map<String, Object>> base = project(events, domain, Argv.Placement.NONE, verdict);
        Object want = verdict.apply(base);
        for (Argv.Placement p : List.of(Argv.Placement.AFTER, Argv.Placement.BEFORE)) {
            List<Map<String, Object>> candidate = project(events, domain, p, verdict);
            if (candidate.equals(base) || verdict.apply(candidate).equals(want)) return candidate;
        }
        return base;
    }

    /**
     * The ways to give each computed field's out-of-domain value a declared value: per field, the out-of-domain value
     * mapped to one declared value; at most 64 combinations, the first one mapping each to the first declared value.
     */
    private List<Map<String, Map<String, String>>> domainChoices(List<Map<String, Object>> events) {
        Map<String, List<String>> outside = new LinkedHashMap<>();
        Map<String, java.util.Set<String>> declared = new LinkedHashMap<>();
        for (int i = 0; i < events.size(); i++) {
            Map<String, Object> ev = Events.flatten(events.get(i));
            // only the filters this event stands for: another stage's declared values say nothing about it (a
            // process start's event.action is not one of a connection's)
            for (int stage : stagesOf(i, events.size())) {
                LoweredFilter f = filters.get(stage);
                for (Map.Entry<String, FieldMapping> m : f.fields().entrySet()) {
                    java.util.Set<String> values = declared(f, m.getKey(), m.getValue());
                    if (values == null || values.isEmpty() || !(ev.get(m.getKey()) instanceof String v) || values.contains(v)) continue;
                    declared.put(m.getKey(), values);
                    List<String> vs = outside.computeIfAbsent(m.getKey(), k -> new ArrayList<>());
                    if (!vs.contains(v)) vs.add(v);
                }
            }
        }
        List<Map<String, Map<String, String>>> out = new ArrayList<>();
        out.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<String>> e : outside.entrySet()) {
            for (String v : e.getValue()) {
                List<Map<String, Map<String, String>>> next = new ArrayList<>();
                for (Map<String, Map<String, String>> partial : out) {
                    for (String d : declared.get(e.getKey())) {
                        if (next.size() >= 64) break;
                        Map<String, Map<String, String>> c = new LinkedHashMap<>();
                        partial.forEach((k, m) -> c.put(k, new LinkedHashMap<>(m)));
                        c.computeIfAbsent(e.getKey(), k -> new LinkedHashMap<>()).put(v, d);
                        next.add(c);
                    }
                }
                out = next;
            }
        }
        return out;
    }

    /**
     * The ECS fields that hold a rendered field's column as written (Sysmon's {@code winlog.event_data.IntegrityLevel}
     * beside the rendered {@code process.Ext.token.integrity_level_name}) read one value: the rendered field's, written
     * as the target writes it; without one, the first alias's text, read back into the rendered field when it is one
     * of the listed texts.
     */
    private static void aliases(Map<String, Object> ev, LoweredFilter f, String field, dev.ruleport.mapping.ValueRendering r) {
        if (r.values().isEmpty()) return;
        FieldMapping own = f.selection().logsource().field(field).orElse(null);
        if (own == null || own.computed() || own.transform() != ValueTransform.NONE) return;
        List<String> others = new ArrayList<>();
        f.selection().logsource().explicitMappings().forEach((k, m) -> {
            if (!k.equals(field) && m.target().equals(own.target()) && m.transform() == ValueTransform.NONE && !m.computed()
                    && f.selection().logsource().rendering(k).isEmpty()) others.add(k);
        });
        if (others.isEmpty()) return;
        String raw = ev.get(field) instanceof String v ? r.targetText(v) : null;
        if (raw == null && !ev.containsKey(field)) {
            for (String o : others) {
                if (ev.get(o) instanceof String t && r.ecsValue(t, true) != null) {
                    raw = t;
                    ev.put(field, r.ecsValue(t, true));
                    break;
                }
            }
        }
        if (raw != null) for (String o : others) ev.put(o, raw);
    }

    private List<LoweredFilter> withBranches() {
        if (branches.isEmpty()) return filters;
        List<LoweredFilter> all = new ArrayList<>(filters);
        all.addAll(branches);
        return all;
    }

    /**
     * The stages an event of a case stands for: the i-th when the case has one event per stage (a sequence's witness),
     * else every stage.
     */
    private List<Integer> stagesOf(int i, int events) {
        List<Integer> which = new ArrayList<>();
        if (events == filters.size()) which.add(i);
        else for (int k = 0; k < filters.size(); k++) which.add(k);
        return which;
    }

    /** The values a field can hold in a filter's log source: a computed field's declared ones, or a rendered field's. */
    private static java.util.Set<String> declared(LoweredFilter f, String field, FieldMapping m) {
        if (m.values() != null) return m.values();
        if (f.selection() == null) return null;
        // an open rendering's field may hold other values too
        return f.selection().logsource().rendering(field).map(r -> r.values().isEmpty() || r.open() ? null : r.values().keySet()).orElse(null);
    }

    /**
     * Projected events with the values of rendered fields written as the target writes them (Sysmon's Initiated
     * {@code false} for {@code ingress}, a registry path's hive as Defender spells it): what the translation, read back
     * with the target's values, is run against.
     */
    public List<Map<String, Object>> rendered(List<Map<String, Object>> projected) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> e : projected) {
            Map<String, Object> ev = new LinkedHashMap<>(e);
            for (LoweredFilter f : withBranches()) {
                if (f.selection() == null) continue;
                // every rendered field, not only those the rule names: the read-back may name one the rule reached
                // through an alias
                java.util.Set<String> names = new java.util.LinkedHashSet<>(f.fields().keySet());
                names.addAll(f.selection().logsource().explicitMappings().keySet());
                // a path's first segment in the target's spelling of it (HKLM\... as Defender's HKEY_LOCAL_MACHINE\...)
                f.fields().forEach((field, m) -> {
                    if (m.firstSegment() == null || !(ev.get(field) instanceof String v)) return;
                    List<String> respelled = m.firstSegment().respell(v, true);
                    if (respelled != null) ev.put(field, respelled.get(0));
                });
                for (String field : names) {
                    f.selection().logsource().rendering(field).ifPresent(r -> {
                        // an unlisted value of an open rendering is written as a text that is none of the listed ones
                        if (ev.get(field) instanceof String v && r.targetText(v) != null) ev.put(field, r.targetText(v));
                        // an ECS array (event.type) holds each value as the target writes it
                        if (ev.get(field) instanceof List<?> l) {
                            List<Object> texts = new ArrayList<>();
                            for (Object x : l) texts.add(x instanceof String v && r.targetText(v) != null ? r.targetText(v) : x);
                            ev.put(field, texts);
                        }
                    });
                }
            }
            out.add(ev);
        }
        return out;
    }

    private List<Map<String, Object>> project(List<Map<String, Object>> events, Map<String, Map<String, String>> domain,
                                              Argv.Placement placement,
                                              java.util.function.Function<List<Map<String, Object>>, Object> verdict) {
        List<Map<String, Object>> out = new ArrayList<>();
        Object written = null;
        for (int i = 0; i < events.size(); i++) {
            Map<String, Object> ev = Events.flatten(events.get(i));
            List<Integer> which = stagesOf(i, events.size());
            List<LoweredFilter> applying = new ArrayList<>();
            for (int k : which) {
                ev.putAll(overlays.get(k));
                LoweredFilter f = filters.get(k);
                for (String field : f.never().keySet()) ev.remove(field);
                derived(ev, f);
                joinIdentities(ev, f);
                applying.add(f);
            }
            for (LoweredFilter b : branches) {
                derived(ev, b);
                joinIdentities(ev, b);
                applying.add(b);
            }
            // a field stored as an entry of a list (Sysmon's SHA256=... in Hashes) and the list agree; a value the
            // target cannot write is replaced by one that keeps the case's verdict where one does
            for (LoweredFilter f : applying) {
                if (f.selection() == null || f.selection().logsource().entries().isEmpty()) continue;
                if (written == null) written = verdict.apply(events);
                Object want = written;
                int at = i;
                dev.ruleport.mapping.KeyedEntry.agree(ev, f.selection().logsource().entries(), candidate -> {
                    List<Map<String, Object>> changed = new ArrayList<>(events);
                    changed.set(at, candidate);
                    return verdict.apply(changed).equals(want);
                });
            }
            domain.forEach((field, replace) -> {
                boolean declaredHere = which.stream().anyMatch(k -> filters.get(k).fields().get(field) != null
                        && declared(filters.get(k), field, filters.get(k).fields().get(field)) != null);
                if (declaredHere && ev.get(field) instanceof String v && replace.containsKey(v)) ev.put(field, replace.get(v));
            });
            // an open rendering's field holds its listed values in one case: a listed value but for case is that value
            for (LoweredFilter f : withBranches()) {
                if (f.selection() == null) continue;
                for (String field : f.fields().keySet()) {
                    f.selection().logsource().rendering(field).ifPresent(r -> {
                        if (ev.get(field) instanceof String v) ev.put(field, r.canonical(v));
                        if (ev.get(field) instanceof List<?> l) {
                            List<Object> values = new ArrayList<>();
                            for (Object x : l) values.add(x instanceof String v ? r.canonical(v) : x);
                            ev.put(field, values);
                        }
                    });
                }
                // the rule may test the rendered field's alias only: the rendered field is then read from it
                for (String field : f.selection().logsource().explicitMappings().keySet()) {
                    f.selection().logsource().rendering(field).ifPresent(r -> aliases(ev, f, field, r));
                }
            }
            Argv.consistent(ev, placement);
            if (emptyIsMissing) removeEmpty(ev);
            out.add(ev);
        }
        return out;
    }

    private static Map<String, Object> overlay(LoweredRule lowered, LoweredFilter f) {
        List<Expr> absorbed = new ArrayList<>();
        for (LoweredFilter.Absorbed a : f.absorbed()) absorbed.add(a.conjunct());
        Map<String, Object> pinned = new LinkedHashMap<>();
        if (f.selection() != null) f.selection().logsource().records().forEach((field, values) -> pinned.put(field, values.iterator().next()));
        // a deployment of declared hosts holds no event of other hosts: each event is one of its hosts'
        if (f.selection() != null && f.selection().assumesHosts()) {
            pinned.put(dev.ruleport.mapping.RuleFacts.OS_TYPE, f.selection().facts().os().iterator().next());
        }
        if (absorbed.isEmpty()) return pinned;
        Expr cond = absorbed.size() == 1 ? absorbed.get(0) : new And(absorbed, f.source().span());
        // many rules share their absorbed conjuncts (category, OS, event type): one witness each, made once
        Map<String, Object> witness = WITNESSES.computeIfAbsent(
                lowered.rule().categoryField() + "|" + dev.ruleport.print.EqlPrinter.print(cond), k -> {
                    Filter only = new Filter(Category.any(f.source().span()), cond, f.source().span());
                    WitnessReport w = GENERATOR.generate("absorbed", new EventQuery(only, List.of(), f.source().span()),
                            lowered.rule().categoryField());
                    if (!w.hasWitness()) return Map.of();
                    Map<String, Object> ev = Events.flatten(w.positives().get(0).events().get(0));
                    ev.remove("@timestamp");
                    return java.util.Collections.unmodifiableMap(ev);
                });
        // what the absorbed conjuncts say wins over what the log source records: under the equivalence the rule's own
        // description of the activity (Security event 4688) is the target's record of it (Sysmon event 1), so the
        // original is judged on the former and the read-back, which no longer tests it, on either
        Map<String, Object> ev = new LinkedHashMap<>(witness);
        pinned.forEach(ev::putIfAbsent);
        return ev;
    }

    /**
     * Derived fields made to agree with the stored field they are taken from (the path a basename or extension is
     * taken from, the DOMAIN\name account a domain is): the path is first given each derived value (basenames, then
     * domains, then extensions), then every derived value
     * is recomputed from the final path.
     */
    private static void derived(Map<String, Object> ev, LoweredFilter f) {
        if (f.selection() == null) return;
        List<Map.Entry<String, FieldMapping>> derived = new ArrayList<>();
        f.fields().entrySet().stream().filter(e -> e.getValue().transform().separator() != null).forEach(derived::add);
        f.fields().entrySet().stream().filter(e -> e.getValue().transform() == ValueTransform.DOMAIN).forEach(derived::add);
        f.fields().entrySet().stream().filter(e -> e.getValue().transform() == ValueTransform.EXTENSION).forEach(derived::add);
        for (Map.Entry<String, FieldMapping> e : derived) {
            FieldMapping m = e.getValue();
            List<String> sources = f.selection().logsource().storedAs(m.target());
            if (sources.isEmpty() || !(ev.get(e.getKey()) instanceof String d)) continue;
            Object path = null;
            for (String src : sources) if (path == null) path = ev.get(src);
            String stored;
            if (m.transform() == ValueTransform.EXTENSION) {
                String base = path instanceof String s ? s : "C:\\rp\\file";
                int dot = base.lastIndexOf('.');
                int slash = Math.max(base.lastIndexOf('\\'), base.lastIndexOf('/'));
                stored = (dot > slash ? base.substring(0, dot) : base) + "." + d;
            } else if (m.transform() == ValueTransform.DOMAIN) {
                // DOMAIN\name: the account's name is kept (the text after the last \, as a basename reads it)
                String name = path instanceof String s ? s.substring(s.lastIndexOf('\\') + 1) : "rp";
                stored = d + "\\" + (name.isEmpty() ? "rp" : name);
            } else {
                String sep = m.transform().separator();
                String dir = path instanceof String s && s.contains(sep) ? s.substring(0, s.lastIndexOf(sep) + 1)
                        : sep.equals("\\") ? "C:\\rp\\" : "/rp/";
                stored = dir + d;
            }
            for (String src : sources) ev.put(src, stored);
        }
        for (Map.Entry<String, FieldMapping> e : derived) {
            FieldMapping m = e.getValue();
            List<String> sources = f.selection().logsource().storedAs(m.target());
            if (sources.isEmpty() || !(ev.get(sources.get(0)) instanceof String s)) continue;
            for (String src : sources) ev.put(src, s);
            if (m.transform() == ValueTransform.EXTENSION) {
                int dot = s.lastIndexOf('.');
                int slash = Math.max(s.lastIndexOf('\\'), s.lastIndexOf('/'));
                if (dot > slash) ev.put(e.getKey(), s.substring(dot + 1));
                else ev.remove(e.getKey());
            } else if (m.transform() == ValueTransform.DOMAIN) {
                String domain = ValueTransform.domainOf(s);
                if (domain != null) ev.put(e.getKey(), domain);
                else ev.remove(e.getKey());
            } else {
                ev.put(e.getKey(), s.substring(s.lastIndexOf(m.transform().separator()) + 1));
            }
        }
    }

    /**
     * A join-only mapping ({@code host.id} joined by Splunk's {@code Computer}) declares that the target holds the
     * same identity under another ECS field's value: the two fields are made to hold one value, so a key read back as
     * either joins the same events.
     */
    private static void joinIdentities(Map<String, Object> ev, LoweredFilter f) {
        if (f.selection() == null) return;
        dev.ruleport.mapping.Logsource ls = f.selection().logsource();
        ls.joinOnlyMappings().forEach((a, m) -> {
            for (Map.Entry<String, FieldMapping> e : ls.explicitMappings().entrySet()) {
                String b = e.getKey();
                if (b.equals(a) || !e.getValue().target().equals(m.target()) || e.getValue().transform() != ValueTransform.NONE
                        || e.getValue().computed()) continue;
                if (ev.containsKey(a) && !ev.containsKey(b)) ev.put(b, ev.get(a));
                else if (ev.containsKey(b) && !ev.containsKey(a)) ev.put(a, ev.get(b));
            }
        });
    }

    private static void removeEmpty(Map<String, Object> ev) {
        ev.entrySet().removeIf(e -> "".equals(e.getValue()));
        ev.replaceAll((k, v) -> {
            if (v instanceof List<?> l && l.contains("")) {
                List<Object> c = new ArrayList<>(l);
                c.removeIf(""::equals);
                return c;
            }
            return v;
        });
        ev.entrySet().removeIf(e -> e.getValue() instanceof List<?> l && l.isEmpty());
    }
}
