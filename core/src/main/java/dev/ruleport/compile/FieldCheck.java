package dev.ruleport.compile;

import dev.ruleport.diag.Diagnostic;
import dev.ruleport.diag.Severity;
import dev.ruleport.ir.And;
import dev.ruleport.ir.Arithmetic;
import dev.ruleport.ir.Call;
import dev.ruleport.ir.Compare;
import dev.ruleport.ir.EventQuery;
import dev.ruleport.ir.Expr;
import dev.ruleport.ir.FieldRef;
import dev.ruleport.ir.Filter;
import dev.ruleport.ir.In;
import dev.ruleport.ir.Match;
import dev.ruleport.ir.Negate;
import dev.ruleport.ir.Not;
import dev.ruleport.ir.Or;
import dev.ruleport.ir.Query;
import dev.ruleport.ir.SampleQuery;
import dev.ruleport.ir.SampleTerm;
import dev.ruleport.ir.SequenceQuery;
import dev.ruleport.ir.SequenceTerm;
import dev.ruleport.loader.Rule;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Field names a rule queries that are neither ECS nor known integration fields: most often a typo
 * ({@code process.nam}), which would make the rule silently match nothing. A warning per name, at its first use,
 * with the nearest known name when one is close ({@code did you mean process.name?}).
 *
 * <p>The rule for "known": ECS reserves its field sets' names (the first segment of every ECS field: {@code process},
 * {@code file}, {@code event}, ...), so inside them a name must be
 * <ul>
 *   <li>an ECS field ({@code ecs-field-types.tsv}, generated from ECS's {@code ecs_flat.yml}), an object that holds
 *       ECS fields ({@code process.parent}), or a multi-field of one ({@code .text}, and the {@code .caseless} that
 *       Elastic's endpoint and integration mappings add);</li>
 *   <li>below an ECS field of type {@code object}, {@code flattened} or {@code nested} ({@code labels.team},
 *       {@code dns.answers.data}), whose keys ECS leaves open;</li>
 *   <li>below an {@code Ext} object: Elastic Defend's documented extensions of ECS field sets
 *       ({@code process.Ext.token.integrity_level_name}, {@code file.Ext.header_bytes});</li>
 *   <li>or one of the integration fields listed in {@code integration-fields.txt}: names Elastic's own integrations
 *       write inside ECS field sets, as Elastic's detection rules query them.</li>
 * </ul>
 * A name outside ECS's field sets ({@code winlog.event_data.LogonType}, {@code aws.cloudtrail.user_identity.arn},
 * {@code powershell.file.script_block_text}) belongs to an integration's own namespace, which ruleport cannot check,
 * unless its first segment is one edit from the name of a field set ({@code proces.name}).
 */
public final class FieldCheck {
    public static final String CODE = "unknown-field";
    private static final Set<String> ECS = new HashSet<>();
    private static final Set<String> OPEN = new HashSet<>();
    private static final Set<String> OBJECTS = new HashSet<>();
    private static final Set<String> FIELD_SETS = new HashSet<>();
    private static final Set<String> INTEGRATION = new HashSet<>();
    /** Every name a suggestion may be: ECS fields and integration fields, sorted for a stable choice. */
    private static final List<String> CANDIDATES;

    static {
        for (String line : lines("/dev/ruleport/sigma/ecs-field-types.tsv")) {
            String[] cols = line.split("\t");
            String name = cols[0];
            ECS.add(name);
            if (cols.length > 1 && (cols[1].equals("object") || cols[1].equals("flattened") || cols[1].equals("nested"))) OPEN.add(name);
            int dot = name.indexOf('.');
            FIELD_SETS.add(dot < 0 ? name : name.substring(0, dot));
            for (int i = name.indexOf('.'); i > 0; i = name.indexOf('.', i + 1)) OBJECTS.add(name.substring(0, i));
        }
        INTEGRATION.addAll(lines("/dev/ruleport/compile/integration-fields.txt"));
        Set<String> all = new TreeSet<>(ECS);
        all.addAll(INTEGRATION);
        CANDIDATES = List.copyOf(all);
    }

    private FieldCheck() {}

    private static List<String> lines(String resource) {
        List<String> out = new ArrayList<>();
        try (InputStream in = FieldCheck.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing resource " + resource);
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (!line.isBlank() && !line.startsWith("#")) out.add(line.strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Whether a dotted field name is known by the rule above. */
    public static boolean known(String name) {
        int dot = name.indexOf('.');
        String first = dot < 0 ? name : name.substring(0, dot);
        if (!FIELD_SETS.contains(first)) return !misspeltFieldSet(first);
        if (ECS.contains(name) || OBJECTS.contains(name) || INTEGRATION.contains(name)) return true;
        for (String suffix : List.of(".text", ".caseless")) {
            if (name.endsWith(suffix) && ECS.contains(name.substring(0, name.length() - suffix.length()))) return true;
        }
        String[] segments = name.split("\\.");
        StringBuilder prefix = new StringBuilder();
        for (String s : segments) {
            if (s.equals("Ext")) return true;
            if (!prefix.isEmpty()) prefix.append('.');
            prefix.append(s);
            if (OPEN.contains(prefix.toString()) && prefix.length() < name.length()) return true;
        }
        return false;
    }

    /**
     * A first segment one edit from the name of an ECS field set of five letters or more ({@code proces},
     * {@code regsitry}): a typo, not an integration's namespace (the shorter names are too close to each other and to
     * integration names, {@code dns}, {@code aws}, to tell).
     */
    private static boolean misspeltFieldSet(String first) {
        for (String set : FIELD_SETS) {
            if (set.length() >= 5 && Math.abs(set.length() - first.length()) <= 1 && distance(first, set, 2) <= 1) return true;
        }
        return false;
    }

    /** The nearest known name, when it is close enough to be the one meant (at most 2 edits, fewer for short names). */
    public static String suggestion(String name) {
        int limit = Math.min(2, Math.max(1, name.length() / 6));
        String best = null;
        int bestDistance = limit + 1;
        for (String c : CANDIDATES) {
            if (Math.abs(c.length() - name.length()) >= bestDistance) continue;
            int d = distance(name, c, bestDistance);
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return best;
    }

    /**
     * Edit distance counting a swap of two neighbouring letters as one edit (optimal string alignment), or at least
     * {@code cap} once it is certain to reach it.
     */
    static int distance(String a, String b, int cap) {
        int[] before = new int[b.length() + 1];
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        int prevMin = 0;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            int rowMin = cur[0];
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    cur[j] = Math.min(cur[j], before[j - 2] + 1);
                }
                rowMin = Math.min(rowMin, cur[j]);
            }
            if (rowMin >= cap && prevMin >= cap) return cap; // a swap reaches back one row at most
            prevMin = rowMin;
            int[] t = before;
            before = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** A warning for each unknown field name of the rule's query, at its first use. */
    public static List<Diagnostic> check(Rule rule, Query query) {
        List<FieldRef> refs = new ArrayList<>();
        collect(query, refs);
        Set<String> seen = new LinkedHashSet<>();
        List<Diagnostic> out = new ArrayList<>();
        for (FieldRef f : refs) {
            String name = f.name();
            if (!seen.add(name) || known(name)) continue;
            String near = suggestion(name);
            String message = "field " + name + " is neither ECS nor a known integration field"
                    + (near != null ? "; did you mean " + near + "?" : " (a field of your own data? then ignore this)");
            out.add(Diagnostic.at(Severity.WARNING, rule.querySource(), f.span(), CODE, "[" + CODE + "] " + message));
        }
        return out;
    }

    private static void collect(Query q, List<FieldRef> out) {
        if (q instanceof EventQuery e) {
            filter(e.filter(), out);
        } else if (q instanceof SequenceQuery s) {
            s.keys().forEach(k -> collect(k, out));
            for (SequenceTerm t : s.terms()) {
                filter(t.filter(), out);
                t.keys().forEach(k -> collect(k, out));
            }
            if (s.until() != null) {
                filter(s.until().filter(), out);
                s.until().keys().forEach(k -> collect(k, out));
            }
        } else if (q instanceof SampleQuery s) {
            s.keys().forEach(k -> collect(k, out));
            for (SampleTerm t : s.terms()) {
                filter(t.filter(), out);
                t.keys().forEach(k -> collect(k, out));
            }
        }
    }

    private static void filter(Filter f, List<FieldRef> out) {
        if (f != null && f.condition() != null) collect(f.condition(), out);
    }

    private static void collect(Expr e, List<FieldRef> out) {
        if (e instanceof FieldRef f) out.add(f);
        else if (e instanceof Compare c) { collect(c.left(), out); collect(c.right(), out); }
        else if (e instanceof Match m) collect(m.subject(), out);
        else if (e instanceof In in) { collect(in.subject(), out); in.values().forEach(v -> collect(v, out)); }
        else if (e instanceof Call c) c.args().forEach(a -> collect(a, out));
        else if (e instanceof Arithmetic a) { collect(a.left(), out); collect(a.right(), out); }
        else if (e instanceof Negate n) collect(n.operand(), out);
        else if (e instanceof Not n) collect(n.operand(), out);
        else if (e instanceof And a) a.operands().forEach(x -> collect(x, out));
        else if (e instanceof Or o) o.operands().forEach(x -> collect(x, out));
    }
}
