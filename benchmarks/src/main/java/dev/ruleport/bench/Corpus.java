package dev.ruleport.bench;

import dev.ruleport.compile.CompiledRule;
import dev.ruleport.compile.Frontend;
import dev.ruleport.ir.And;
import dev.ruleport.ir.Compare;
import dev.ruleport.ir.EventQuery;
import dev.ruleport.ir.Expr;
import dev.ruleport.ir.FieldRef;
import dev.ruleport.ir.Filter;
import dev.ruleport.ir.In;
import dev.ruleport.ir.Literal;
import dev.ruleport.ir.Match;
import dev.ruleport.ir.Not;
import dev.ruleport.ir.Or;
import dev.ruleport.ir.Query;
import dev.ruleport.ir.SampleQuery;
import dev.ruleport.ir.SampleTerm;
import dev.ruleport.ir.SequenceQuery;
import dev.ruleport.ir.SequenceTerm;
import dev.ruleport.runtime.Event;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The benchmark inputs: the corpus rules ({@code -Druleport.shared=...}, default {@code ../shared} or
 * {@code shared} beside the working directory) and ECS events built from the literals the rules test,
 * so that predicates see realistic values (some matching, most not).
 */
final class Corpus {
    private Corpus() {}

    static Path shared() {
        String prop = System.getProperty("ruleport.shared");
        if (prop != null) return Path.of(prop);
        for (Path p : List.of(Path.of("../shared"), Path.of("shared"), Path.of("../../shared"))) {
            if (Files.isDirectory(p.resolve("corpus/detection-rules"))) return p;
        }
        throw new IllegalStateException("corpus not found: run from the checkout or set -Druleport.shared=<folder with corpus/>");
    }

    static List<CompiledRule> rules() {
        try {
            List<CompiledRule> out = new ArrayList<>();
            for (Path f : Frontend.ruleFiles(List.of(shared().resolve("corpus/detection-rules")))) {
                Frontend.Outcome o = Frontend.compile(f);
                if (o.status() == Frontend.Status.OK) out.add(new CompiledRule(o.rule(), o.query()));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> queryTexts() {
        List<String> out = new ArrayList<>();
        for (CompiledRule r : rules()) out.add(r.rule().query());
        return out;
    }

    /** Field → literal strings it is compared with, over all the rules' filters. */
    static Map<String, List<String>> literals(List<CompiledRule> rules) {
        Map<String, Set<String>> m = new LinkedHashMap<>();
        for (CompiledRule r : rules) {
            for (Filter f : filters(r.query())) {
                if (!f.category().isAny()) m.computeIfAbsent(r.rule().categoryField(), k -> new LinkedHashSet<>()).add(f.category().name());
                collect(f.condition(), m);
            }
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, new ArrayList<>(v)));
        return out;
    }

    static List<Filter> filters(Query q) {
        List<Filter> out = new ArrayList<>();
        if (q instanceof EventQuery e) out.add(e.filter());
        if (q instanceof SequenceQuery s) {
            for (SequenceTerm t : s.terms()) out.add(t.filter());
            if (s.until() != null) out.add(s.until().filter());
        }
        if (q instanceof SampleQuery s) for (SampleTerm t : s.terms()) out.add(t.filter());
        return out;
    }

    private static void collect(Expr e, Map<String, Set<String>> m) {
        if (e instanceof And a) a.operands().forEach(x -> collect(x, m));
        else if (e instanceof Or o) o.operands().forEach(x -> collect(x, m));
        else if (e instanceof Not n) collect(n.operand(), m);
        else if (e instanceof Compare c && c.left() instanceof FieldRef f && c.right() instanceof Literal l && l.value() != null) {
            m.computeIfAbsent(f.name(), k -> new LinkedHashSet<>()).add(String.valueOf(l.value()));
        } else if (e instanceof Match mt && mt.subject() instanceof FieldRef f) {
            for (Literal p : mt.patterns()) {
                m.computeIfAbsent(f.name(), k -> new LinkedHashSet<>()).add(String.valueOf(p.value()).replace("*", "x").replace("?", "C"));
            }
        } else if (e instanceof In in && in.subject() instanceof FieldRef f) {
            for (Expr v : in.values()) {
                if (v instanceof Literal l && l.value() != null) m.computeIfAbsent(f.name(), k -> new LinkedHashSet<>()).add(String.valueOf(l.value()));
            }
        }
    }

    /**
     * {@code count} events, each with about {@code fieldsPerEvent} fields drawn from {@code literals}
     * (nested ECS objects), a {@code @timestamp} that increases, and a {@code host.id} /
     * {@code process.entity_id} from small pools so that sequences join.
     */
    @SuppressWarnings("unchecked")
    static List<Event> events(Map<String, List<String>> literals, int count, int fieldsPerEvent, long seed) {
        Random random = new Random(seed);
        List<String> fields = new ArrayList<>(literals.keySet());
        List<Event> out = new ArrayList<>(count);
        long ts = 1_700_000_000_000L;
        for (int i = 0; i < count; i++) {
            Map<String, Object> root = new LinkedHashMap<>();
            for (int k = 0; k < fieldsPerEvent; k++) {
                String field = fields.get(random.nextInt(fields.size()));
                List<String> values = literals.get(field);
                put(root, field, values.get(random.nextInt(values.size())));
            }
            put(root, "event.category", List.of("process", "file", "network", "registry", "library").get(random.nextInt(5)));
            put(root, "host.os.type", random.nextInt(3) == 0 ? "linux" : "windows");
            put(root, "event.type", random.nextInt(2) == 0 ? "start" : "change");
            put(root, "host.id", "h" + random.nextInt(8));
            put(root, "process.entity_id", "p" + random.nextInt(64));
            put(root, "process.parent.entity_id", "p" + random.nextInt(64));
            ts += random.nextInt(2_000);
            root.put("@timestamp".intern(), ts);
            out.add(Event.of(root));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> root, String path, Object value) {
        String[] parts = path.split("\\.");
        // field names interned, as Jackson (and so EventReader) delivers them
        for (int i = 0; i < parts.length; i++) parts[i] = parts[i].intern();
        Map<String, Object> m = root;
        for (int i = 0; i < parts.length - 1; i++) {
            Object child = m.get(parts[i]);
            if (!(child instanceof Map)) {
                if (child != null) return;
                child = new LinkedHashMap<String, Object>();
                m.put(parts[i], child);
            }
            m = (Map<String, Object>) child;
        }
        if (!(m.get(parts[parts.length - 1]) instanceof Map)) m.put(parts[parts.length - 1], value);
    }
}
