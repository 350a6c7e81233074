package dev.ruleport.sigma;

import dev.ruleport.ir.And;
import dev.ruleport.ir.Compare;
import dev.ruleport.ir.Expr;
import dev.ruleport.ir.FieldRef;
import dev.ruleport.ir.Filter;
import dev.ruleport.ir.In;
import dev.ruleport.ir.Literal;
import dev.ruleport.ir.Match;
import dev.ruleport.runtime.CaseFold;
import dev.ruleport.runtime.WildcardPattern;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Can one event satisfy two sequence stages? EQL uses a distinct event for each stage of a sequence; a
 * Sigma {@code temporal_ordered} correlation counts the events matching each of its rules and does not
 * say that one event cannot count for two rules. The translation is exact only when no event can match
 * two stages, which this class proves from the stages' constant conjuncts: both stages pin the same
 * single-valued field ({@code ==}, {@code in}, {@code :} without wildcards) to values that cannot be
 * equal. It answers "may overlap" whenever it cannot prove otherwise.
 *
 * <p>Single-valued means: an ECS field that ECS does not define as an array. Fields outside ECS's field
 * sets (integration fields such as {@code winlog.*}) prove nothing.
 *
 * <p>Event categories: {@code event.category} is an array in ECS, and some categories do come together
 * ({@code authentication} with {@code session}, {@code network} with {@code intrusion_detection}). The
 * endpoint activity categories {@link #ACTIVITY} are the exception this class relies on: endpoint
 * sensors (Elastic Defend, Sysmon, auditd through Auditbeat) give each event exactly one of them, so
 * two stages naming two different ones are taken as disjoint. That is an assumption about ECS data,
 * stated in the Sigma output.
 */
final class StageOverlap {
    private StageOverlap() {}

    /** ECS field sets (top-level names); other top-level names are integration fields of unknown shape. */
    private static final Set<String> ECS_SETS = Set.of("agent", "as", "client", "cloud", "container", "data_stream",
            "destination", "device", "dll", "dns", "email", "error", "event", "faas", "file", "group", "host", "http", "log",
            "network", "observer", "orchestrator", "organization", "package", "process", "registry", "rule", "server",
            "service", "source", "tls", "url", "user", "user_agent", "vulnerability");

    /** ECS fields (or field-name suffixes after a dot) that ECS defines as arrays. */
    private static final Set<String> ECS_ARRAYS = Set.of("event.category", "event.type", "tags", "host.ip", "host.mac",
            "observer.ip", "observer.mac", "dns.header_flags", "dns.resolved_ip", "file.attributes", "registry.data.strings",
            "container.image.tag", "vulnerability.category", "email.attachments", "user.roles", "process.env_vars");
    private static final List<String> ARRAY_SUFFIXES = List.of(".args", ".roles", ".attributes", ".address", ".alternative_names",
            ".capabilities.effective", ".capabilities.permitted", ".certificate_chain", ".supported_ciphers");

    static boolean singleValued(String field) {
        int dot = field.indexOf('.');
        String top = dot < 0 ? field : field.substring(0, dot);
        if (!ECS_SETS.contains(top) || ECS_ARRAYS.contains(field)) return false;
        if (field.startsWith("related.") || field.startsWith("threat.") || field.contains(".x509.")
                || field.startsWith("dns.answers") || field.contains(".hash.all")) {
            return false;
        }
        for (String s : ARRAY_SUFFIXES) if (field.endsWith(s)) return false;
        return true;
    }

    /** A field pinned to one of {@code values} (strings compared ignoring ASCII case when {@code caseInsensitive}). */
    private record Pin(List<Object> values, boolean caseInsensitive) {}

    /** Endpoint activity categories: an event has at most one of them (see the class comment). */
    static final Set<String> ACTIVITY = Set.of("process", "file", "network", "registry", "library", "driver");

    /** True when two stages name different endpoint activity categories. */
    static boolean differentActivities(Filter a, Filter b) {
        if (a.category().isAny() || b.category().isAny()) return false;
        String x = a.category().name();
        String y = b.category().name();
        return !x.equals(y) && ACTIVITY.contains(x) && ACTIVITY.contains(y);
    }

    /** Join-key fields that never hold the same value on one event: a process is not its own parent. */
    private static final Set<Set<String>> NEVER_EQUAL = Set.of(
            Set.of("process.entity_id", "process.parent.entity_id"),
            Set.of("process.pid", "process.parent.pid"));

    /**
     * True when one event cannot be both stages of the same sequence because the stages join on fields
     * that never agree on one event: {@code [..] by process.entity_id [..] by process.parent.entity_id}
     * joins a process with its child, and an event's process is never its own parent. In the Sigma
     * correlation the two rules are grouped through an alias on those fields, so one event's two roles
     * fall into different groups.
     */
    static boolean keysApart(List<? extends Expr> a, List<? extends Expr> b) {
        for (int k = 0; k < Math.min(a.size(), b.size()); k++) {
            if (a.get(k) instanceof FieldRef x && b.get(k) instanceof FieldRef y && !x.name().equals(y.name())
                    && NEVER_EQUAL.contains(Set.of(x.name(), y.name()))) {
                return true;
            }
        }
        return false;
    }

    /** True when no event can satisfy both filters (proved from pinned single-valued fields). */
    static boolean disjoint(Filter a, Filter b) {
        Map<String, List<Pin>> pa = pins(a.condition());
        Map<String, List<Pin>> pb = pins(b.condition());
        for (Map.Entry<String, List<Pin>> e : pa.entrySet()) {
            if (!singleValued(e.getKey()) || !pb.containsKey(e.getKey())) continue;
            for (Pin x : e.getValue()) {
                for (Pin y : pb.get(e.getKey())) {
                    if (!compatible(x, y)) return true;
                }
            }
        }
        return false;
    }

    private static Map<String, List<Pin>> pins(Expr condition) {
        Map<String, List<Pin>> out = new HashMap<>();
        List<Expr> conjuncts = new ArrayList<>();
        flatten(condition, conjuncts);
        for (Expr c : conjuncts) {
            FieldRef field = null;
            List<Expr> values = null;
            boolean ci = false;
            if (c instanceof Compare cmp && cmp.op() == Compare.Op.EQ) {
                if (cmp.left() instanceof FieldRef f && cmp.right() instanceof Literal) {
                    field = f;
                    values = List.of(cmp.right());
                } else if (cmp.right() instanceof FieldRef f && cmp.left() instanceof Literal) {
                    field = f;
                    values = List.of(cmp.left());
                }
            } else if (c instanceof In in && in.subject() instanceof FieldRef f) {
                field = f;
                values = in.values();
                ci = in.caseInsensitive();
            } else if (c instanceof Match m && m.kind() != Match.Kind.REGEX && m.subject() instanceof FieldRef f) {
                field = f;
                values = new ArrayList<>(m.patterns());
                ci = m.caseInsensitive();
            }
            if (field == null || values == null) continue;
            boolean patterns = c instanceof Match;
            List<Object> constants = new ArrayList<>();
            for (Expr v : values) {
                if (!(v instanceof Literal l) || !(l.value() instanceof String || l.value() instanceof Number)) {
                    constants = null;
                    break;
                }
                // a pattern with wildcards stands for the values it matches
                boolean wild = patterns && l.value() instanceof String str && (str.indexOf('*') >= 0 || str.indexOf('?') >= 0);
                constants.add(wild ? WildcardPattern.compile((String) l.value(), ci) : l.value());
            }
            if (constants != null) out.computeIfAbsent(field.name(), k -> new ArrayList<>()).add(new Pin(constants, ci));
        }
        return out;
    }

    /** A constant against a pattern: does the pattern match it? Two patterns: do their anchored ends agree? */
    private static boolean patternsMayMeet(Object u, Object v, boolean ci) {
        if (!(u instanceof WildcardPattern)) return patternsMayMeet(v, u, ci);
        WildcardPattern p = (WildcardPattern) u;
        if (v instanceof String s) return WildcardPattern.compile(p.pattern(), ci).matches(s);
        if (!(v instanceof WildcardPattern q)) return true;
        String p1 = fixedStart(p, ci);
        String q1 = fixedStart(q, ci);
        String p2 = fixedEnd(p, ci);
        String q2 = fixedEnd(q, ci);
        return (p1.startsWith(q1) || q1.startsWith(p1)) && (p2.endsWith(q2) || q2.endsWith(p2));
    }

    /** The literal characters every match starts with: the first segment up to its first {@code ?}. */
    private static String fixedStart(WildcardPattern p, boolean ci) {
        String first = p.segments().get(0);
        int q = first.indexOf('?');
        String fixed = q < 0 ? first : first.substring(0, q);
        return ci ? CaseFold.fold(fixed) : fixed;
    }

    /** The literal characters every match ends with: the last segment after its last {@code ?}. */
    private static String fixedEnd(WildcardPattern p, boolean ci) {
        List<String> segs = p.segments();
        String last = segs.get(segs.size() - 1);
        String fixed = last.substring(last.lastIndexOf('?') + 1);
        return ci ? CaseFold.fold(fixed) : fixed;
    }

    private static void flatten(Expr e, List<Expr> out) {
        if (e instanceof And a) {
            for (Expr op : a.operands()) flatten(op, out);
        } else {
            out.add(e);
        }
    }

    /**
     * Could one value satisfy both pins? Mixed strings and numbers are assumed to (EQL may convert).
     * Case is ignored on both sides as soon as one side ignores it, which can only find more overlap.
     */
    private static boolean compatible(Pin x, Pin y) {
        boolean ci = x.caseInsensitive() || y.caseInsensitive();
        for (Object u : x.values()) {
            for (Object v : y.values()) {
                if (u instanceof WildcardPattern || v instanceof WildcardPattern) {
                    if (patternsMayMeet(u, v, ci)) return true;
                } else if (u instanceof String s && v instanceof String t) {
                    if (ci ? CaseFold.fold(s).equals(CaseFold.fold(t)) : s.equals(t)) return true;
                } else if (u instanceof Number m && v instanceof Number n) {
                    try {
                        if (new BigDecimal(m.toString()).compareTo(new BigDecimal(n.toString())) == 0) return true;
                    } catch (NumberFormatException notFinite) {
                        return true;
                    }
                } else {
                    return true;
                }
            }
        }
        return false;
    }
}
