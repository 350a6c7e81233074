package dev.ruleport.mapping;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/** Reads and checks profile YAML; every problem becomes a {@link MappingProfileException} naming file and key. */
final class ProfileLoader {
    static final Set<String> TARGETS = Set.of("sigma", "kql", "spl", "any");
    static final Set<String> KUSTO_TYPES = Set.of("string", "int", "long", "real", "bool", "datetime", "dynamic");
    private static final Set<String> TOP_KEYS = Set.of("name", "target", "description", "variables", "path_separator",
            "identity", "multi_valued", "fields", "prefixes", "field_groups", "tables", "logsources",
            "keywords", "aliases", "event_actions", "hosts"); // keywords, aliases, reads_as, reads_rendered: read by the Sigma reader (dev.ruleport.lower.ProfileReverse)
    private static final Set<String> LOGSOURCE_KEYS = Set.of("id", "description", "attributes", "when", "requires",
            "fidelity", "note", "absorbs", "fields", "prefixes", "use", "columns", "columns_from", "path_separator",
            "equivalent", "never_recorded", "records", "reads_as", "keywords", "aliases", "reads_rendered");
    private static final Set<String> FIELD_KEYS = Set.of("target", "fidelity", "type", "multi", "transform", "note",
            "unmapped", "never", "expression", "equivalence", "values", "join_only", "values_as", "values_open", "numbers_as", "missing_as",
            "first_segment", "entry_of", "key", "hex_digits");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z0-9_.]+)}");
    static final String RULE_INDEX = "rule.index";

    private final String source;
    private Map<String, Object> tables = Map.of();

    private ProfileLoader(String source) { this.source = source; }

    static MappingProfile parse(String text, String source, Map<String, String> overrides) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        Object doc;
        try {
            doc = new Yaml(new SafeConstructor(options)).load(text);
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark();
            String where = m == null ? "" : "line " + (m.getLine() + 1) + ", column " + (m.getColumn() + 1) + ": ";
            throw new MappingProfileException(source, where + "YAML syntax error: " + e.getProblem(), e);
        } catch (YAMLException e) {
            throw new MappingProfileException(source, "YAML syntax error: " + e.getMessage(), e);
        }
        return build(doc, source, overrides);
    }

    static MappingProfile build(Object doc, String source, Map<String, String> overrides) {
        return new ProfileLoader(source).profile(doc, overrides);
    }

    private MappingProfileException error(String path, String problem) {
        return new MappingProfileException(source, (path.isEmpty() ? "" : path + ": ") + problem);
    }

    /** The profile's target, once read (a transform may be for one target only). */
    private String target;

    private MappingProfile profile(Object doc, Map<String, String> overrides) {
        if (doc == null) throw error("", "empty document; expected a map with name, target and logsources");
        Map<String, Object> top = map("", doc);
        checkKeys("", top, TOP_KEYS);
        String name = requiredString("name", top.get("name"));
        String target = requiredString("target", top.get("target"));
        if (!TARGETS.contains(target)) throw error("target", "must be one of " + sorted(TARGETS) + ", not '" + target + "'");
        this.target = target;
        String description = optionalString("description", top.get("description"));

        Map<String, String> variables = new LinkedHashMap<>();
        if (top.get("variables") != null) {
            map("variables", top.get("variables")).forEach((k, v) -> variables.put(k, scalar("variables." + k, v)));
        }
        variables.putAll(overrides);

        String separator = separator("path_separator", top.get("path_separator"), null);
        boolean identity = top.get("identity") != null && bool("identity", top.get("identity"));
        Set<String> multi = new LinkedHashSet<>(stringList("multi_valued", top.get("multi_valued")));
        FieldTable profileFields = table("fields", top.get("fields"), top.get("prefixes"), separator);

        Map<String, FieldTable> groups = new LinkedHashMap<>();
        if (top.get("field_groups") != null) {
            map("field_groups", top.get("field_groups")).forEach((k, v) ->
                    groups.put(k, table("field_groups." + k, v, null, separator)));
        }

        if (top.get("tables") != null) {
            tables = map("tables", top.get("tables"));
            tables.forEach((k, v) -> map("tables." + k, v));
        }

        Object lsValue = top.get("logsources");
        if (!(lsValue instanceof List<?> lsList) || lsList.isEmpty()) {
            throw error("logsources", "required: a non-empty list of log sources");
        }
        List<Logsource> logsources = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>();
        for (int i = 0; i < lsList.size(); i++) {
            Logsource l = logsource("logsources[" + i + "]", lsList.get(i), name, target, variables, separator,
                    identity, multi, profileFields, groups);
            if (!ids.add(l.id())) throw error("logsources[" + i + "]", "duplicate id '" + l.id() + "'");
            if ("kql".equals(target)) {
                // KQL writes typed comparisons: a computed field there needs its Kusto type (multi alone is for SPL)
                for (Map.Entry<String, FieldMapping> e : l.explicitMappings().entrySet()) {
                    if (e.getValue().computed() && e.getValue().type() == null) {
                        throw error("logsources[" + i + "] (" + l.id() + ").fields." + e.getKey() + ".type",
                                "a computed field of a KQL profile needs its Kusto type");
                    }
                }
            }
            logsources.add(l);
        }
        Map<String, String> actions = new LinkedHashMap<>();
        if (top.get("event_actions") != null) {
            map("event_actions", top.get("event_actions")).forEach((k, v) -> actions.put(k, scalar("event_actions." + k, v)));
        }
        return new MappingProfile(name, target, description, source, variables, logsources, doc, actions,
                hosts(top.get("hosts"), name));
    }

    /** {@code hosts: {os: [windows], says: '...'}}: the deployment's hosts ({@link HostScope}); null when absent. */
    private HostScope hosts(Object value, String profileName) {
        if (value == null) return null;
        Map<String, Object> m = map("hosts", value);
        checkKeys("hosts", m, Set.of("os", "says"));
        Set<String> os = new LinkedHashSet<>();
        for (String o : stringList("hosts.os", m.get("os"))) {
            String lower = RuleFacts.lower(o);
            if (!HostScope.KNOWN.contains(lower)) throw error("hosts.os", "'" + o + "' is not a host.os.type value " + HostScope.KNOWN);
            os.add(lower);
        }
        if (os.isEmpty()) throw error("hosts.os", "required: the operating systems of the deployment's hosts");
        String says = optionalString("hosts.says", m.get("says"));
        return says == null ? HostScope.declared(os, "profile " + profileName) : new HostScope(os, says);
    }

    private Logsource logsource(String path, Object value, String profileName, String target,
                                Map<String, String> variables, String profileSeparator, boolean identity,
                                Set<String> multi, FieldTable profileFields, Map<String, FieldTable> groups) {
        Map<String, Object> m = map(path, value);
        String id = requiredString(path + ".id", m.get("id"));
        path = path + " (" + id + ")";
        checkKeys(path, m, LOGSOURCE_KEYS);
        String separator = separator(path + ".path_separator", m.get("path_separator"), profileSeparator);

        Map<String, String> attributes = new LinkedHashMap<>();
        if (m.get("attributes") != null) {
            for (Map.Entry<String, Object> e : map(path + ".attributes", m.get("attributes")).entrySet()) {
                String p = path + ".attributes." + e.getKey();
                attributes.put(e.getKey(), substitute(p, scalar(p, e.getValue()), variables));
            }
        }
        Condition when = m.get("when") == null ? Condition.TRUE : condition(path + ".when", m.get("when"));
        Condition requires = m.get("requires") == null ? Condition.TRUE : condition(path + ".requires", m.get("requires"));
        Fidelity fidelity = m.get("fidelity") == null ? Fidelity.EXACT : fidelity(path + ".fidelity", m.get("fidelity"));
        String note = optionalString(path + ".note", m.get("note"));
        if (!fidelity.isExact() && note == null) throw error(path, "a log source that is not exact needs a note saying why");

        List<Logsource.Absorb> absorbs = absorbs(path + ".absorbs", m.get("absorbs"), variables);
        List<Logsource.Equivalent> equivalents = new ArrayList<>();
        if (m.get("equivalent") != null) {
            Object raw = m.get("equivalent");
            if (!(raw instanceof List<?> list)) throw error(path + ".equivalent", "expected a list, got " + kind(raw));
            for (int i = 0; i < list.size(); i++) {
                String p = path + ".equivalent[" + i + "]";
                Map<String, Object> e = map(p, list.get(i));
                checkKeys(p, e, Set.of("when", "absorbs", "says"));
                if (e.get("when") == null) throw error(p + ".when", "required: the rule facts that select this activity");
                String says = requiredString(p + ".says", e.get("says"));
                equivalents.add(new Logsource.Equivalent(condition(p + ".when", e.get("when")),
                        absorbs(p + ".absorbs", e.get("absorbs"), variables), says));
            }
        }
        List<String> never = stringList(path + ".never_recorded", m.get("never_recorded"));
        Map<String, Set<String>> records = new LinkedHashMap<>();
        if (m.get("records") != null) {
            for (Map.Entry<String, Object> e : map(path + ".records", m.get("records")).entrySet()) {
                records.put(fieldAlias(e.getKey()), lowerSet(path + ".records." + e.getKey(), e.getValue()));
            }
        }

        List<FieldTable> tables = new ArrayList<>();
        tables.add(table(path + ".fields", m.get("fields"), m.get("prefixes"), separator));
        for (String g : stringList(path + ".use", m.get("use"))) {
            FieldTable t = groups.get(g);
            if (t == null) throw error(path + ".use", "unknown field group '" + g + "'; declared: " + groups.keySet());
            tables.add(t);
        }
        tables.add(profileFields);

        Map<String, String> columns = columns(path, m.get("columns"), m.get("columns_from"));
        if (target.equals("kql") && columns == null) {
            throw error(path, "a kql log source must declare its table's columns (columns or columns_from)");
        }
        Logsource l = new Logsource(id, optionalString(path + ".description", m.get("description")), attributes, when,
                requires, fidelity, note, absorbs, tables, identity, multi, columns, profileName, equivalents, never, records);
        if (columns != null) checkColumns(path, l, tables, columns);
        checkEntries(path, l);
        return l;
    }

    /** Each list of keyed entries is a mapped field, and no key of a list ends another one ({@code KEY=} starts an entry). */
    private void checkEntries(String path, Logsource l) {
        Map<String, Set<String>> keys = new LinkedHashMap<>();
        l.entries().forEach((field, e) -> {
            if (l.field(e.list()).isEmpty()) {
                throw error(path, field + " is an entry of " + e.list() + ", which has no mapping here");
            }
            keys.computeIfAbsent(e.list(), k -> new java.util.TreeSet<>()).add(e.key());
        });
        keys.forEach((list, ks) -> {
            for (String a : ks) {
                for (String b : ks) {
                    if (!a.equals(b) && a.toUpperCase(java.util.Locale.ROOT).endsWith(b.toUpperCase(java.util.Locale.ROOT))) {
                        throw error(path, "the keys " + a + " and " + b + " of " + list + " overlap: " + b + "= would also"
                                + " be found inside " + a + "=");
                    }
                }
            }
        });
    }

    private void checkColumns(String path, Logsource l, List<FieldTable> tables, Map<String, String> columns) {
        Set<String> seen = new LinkedHashSet<>();
        for (FieldTable t : tables) {
            for (Map.Entry<String, FieldTable.FieldRule> e : t.explicit().entrySet()) {
                if (!seen.add(e.getKey())) continue; // shadowed by an earlier table
                FieldMapping fm = e.getValue().mapping();
                if (fm == null || fm.computed()) continue;
                String type = columns.get(fm.target());
                if (type == null) {
                    throw error(path + ".fields." + e.getKey(), "maps to column '" + fm.target()
                            + "', which is not among the log source's columns");
                }
                if (fm.type() != null && !fm.type().equals(type)) {
                    throw error(path + ".fields." + e.getKey(), "declares type " + fm.type() + " but column "
                            + fm.target() + " is " + type);
                }
            }
        }
    }

    private Map<String, String> columns(String path, Object columns, Object columnsFrom) {
        if (columns != null && columnsFrom != null) throw error(path, "give columns or columns_from, not both");
        Map<String, Object> raw;
        String p;
        if (columns != null) {
            p = path + ".columns";
            raw = map(p, columns);
        } else if (columnsFrom != null) {
            p = path + ".columns_from";
            Map<String, Object> cf = map(p, columnsFrom);
            checkKeys(p, cf, Set.of("resource", "table"));
            String table = requiredString(p + ".table", cf.get("table"));
            if (cf.get("resource") == null) {
                Object t = tables.get(table);
                if (t == null) throw error(p + ".table", "no table '" + table + "' under the profile's tables: " + tables.keySet());
                raw = map("tables." + table, t);
                return columnTypes("tables." + table, raw);
            }
            String resource = requiredString(p + ".resource", cf.get("resource"));
            String text = MappingProfile.readClasspath(resource)
                    .orElseThrow(() -> error(p + ".resource", "no classpath resource '" + resource + "'"));
            Object schema;
            try {
                schema = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
            } catch (YAMLException e) {
                throw error(p + ".resource", "cannot parse " + resource + ": " + e.getMessage());
            }
            Object t = map(p + ".resource", schema).get(table);
            if (t == null) throw error(p + ".table", "table '" + table + "' not in " + resource);
            raw = map(p + ".table", t);
        } else {
            return null;
        }
        return columnTypes(p, raw);
    }

    private Map<String, String> columnTypes(String p, Map<String, Object> raw) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : raw.entrySet()) {
            String type = scalar(p + "." + e.getKey(), e.getValue());
            if (!KUSTO_TYPES.contains(type)) {
                throw error(p + "." + e.getKey(), "type must be one of " + sorted(KUSTO_TYPES) + ", not '" + type + "'");
            }
            out.put(e.getKey(), type);
        }
        return out;
    }

    private List<Logsource.Absorb> absorbs(String path, Object value, Map<String, String> variables) {
        List<Logsource.Absorb> out = new ArrayList<>();
        if (value == null) return out;
        for (Map.Entry<String, Object> e : map(path, value).entrySet()) {
            out.add(absorb(path + "." + e.getKey(), fieldAlias(e.getKey()), e.getValue(), variables));
        }
        return out;
    }

    private Logsource.Absorb absorb(String path, String field, Object value, Map<String, String> variables) {
        if (value instanceof Map<?, ?>) {
            Map<String, Object> m = map(path, value);
            checkKeys(path, m, Set.of("values", "when", "fidelity", "clauses", "says"));
            Condition when = m.get("when") == null ? Condition.TRUE : condition(path + ".when", m.get("when"));
            Fidelity f = m.get("fidelity") == null ? Fidelity.EXACT : fidelity(path + ".fidelity", m.get("fidelity"));
            String says = optionalString(path + ".says", m.get("says"));
            Map<String, String> clauses = new LinkedHashMap<>();
            if (m.get("clauses") != null) {
                for (Map.Entry<String, Object> c : map(path + ".clauses", m.get("clauses")).entrySet()) {
                    String p = path + ".clauses." + c.getKey();
                    clauses.put(RuleFacts.lower(c.getKey()), substitute(p, scalar(p, c.getValue()), variables));
                }
                if (says == null) throw error(path + ".says", "an absorption through clauses must say what it relies on");
            }
            Set<String> values = m.get("values") == null ? new LinkedHashSet<>(clauses.keySet()) : lowerSet(path + ".values", m.get("values"));
            if (values.isEmpty()) throw error(path + ".values", "required: the absorbed values");
            return new Logsource.Absorb(field, values, when, f, clauses, says);
        }
        Set<String> values = lowerSet(path, value);
        if (values.isEmpty()) throw error(path, "required: the absorbed values");
        return new Logsource.Absorb(field, values, Condition.TRUE, Fidelity.EXACT);
    }

    private Condition condition(String path, Object value) {
        Map<String, Object> m = map(path, value);
        List<Condition> parts = new ArrayList<>();
        for (Map.Entry<String, Object> e : m.entrySet()) {
            String p = path + "." + e.getKey();
            switch (e.getKey()) {
                case "any_of" -> {
                    if (!(e.getValue() instanceof List<?> list) || list.isEmpty()) {
                        throw error(p, "expected a non-empty list of conditions");
                    }
                    List<Condition> alts = new ArrayList<>();
                    for (int i = 0; i < list.size(); i++) alts.add(condition(p + "[" + i + "]", list.get(i)));
                    parts.add(new Condition.AnyOf(alts));
                }
                case "present" -> parts.add(new Condition.Present(new LinkedHashSet<>(stringList(p, e.getValue()))));
                default -> {
                    Set<String> values = lowerSet(p, e.getValue());
                    if (values.isEmpty()) throw error(p, "expected one value or a list of values");
                    parts.add(new Condition.Values(fieldAlias(e.getKey()), values));
                }
            }
        }
        return parts.size() == 1 ? parts.get(0) : new Condition.All(parts);
    }

    private static String fieldAlias(String key) {
        return switch (key) {
            case "category" -> RuleFacts.EVENT_CATEGORY;
            case "os" -> RuleFacts.OS_TYPE;
            default -> key;
        };
    }

    private FieldTable table(String path, Object fields, Object prefixes, String separator) {
        Map<String, FieldTable.FieldRule> explicit = new LinkedHashMap<>();
        if (fields != null) {
            for (Map.Entry<String, Object> e : map(path, fields).entrySet()) {
                explicit.put(e.getKey(), fieldRule(path + "." + e.getKey(), e.getValue(), separator));
            }
        }
        Map<String, String> pre = new LinkedHashMap<>();
        if (prefixes != null) {
            String p = path.endsWith(".fields") ? path.substring(0, path.length() - 7) + ".prefixes" : path + ".prefixes";
            map(p, prefixes).forEach((k, v) -> pre.put(k, v == null ? "" : scalar(p + "." + k, v)));
        }
        return new FieldTable(explicit, pre);
    }

    private FieldTable.FieldRule fieldRule(String path, Object value, String separator) {
        if (value == null) return new FieldTable.FieldRule(null, null);
        if (value instanceof String s) {
            if (s.isBlank()) throw error(path, "empty target name");
            return new FieldTable.FieldRule(FieldMapping.exact(s), null);
        }
        if (!(value instanceof Map<?, ?>)) {
            throw error(path, "expected a target name, a map (target, fidelity, type, multi, transform, note) or"
                    + " {unmapped: reason}, got " + kind(value));
        }
        Map<String, Object> m = map(path, value);
        checkKeys(path, m, FIELD_KEYS);
        if (m.containsKey("unmapped")) {
            if (m.size() > 1) throw error(path, "'unmapped' cannot be combined with other keys");
            return new FieldTable.FieldRule(null, optionalString(path + ".unmapped", m.get("unmapped")));
        }
        if (m.containsKey("never")) {
            if (m.size() > 1) throw error(path, "'never' cannot be combined with other keys");
            return new FieldTable.FieldRule(null, null, requiredString(path + ".never", m.get("never")));
        }
        if (m.containsKey("entry_of") || m.containsKey("key") || m.containsKey("hex_digits")) {
            checkKeys(path, m, Set.of("entry_of", "key", "hex_digits", "note"));
            String list = requiredString(path + ".entry_of", m.get("entry_of"));
            String key = requiredString(path + ".key", m.get("key"));
            int digits;
            try {
                digits = Integer.parseInt(requiredString(path + ".hex_digits", m.get("hex_digits")));
            } catch (NumberFormatException e) {
                throw error(path + ".hex_digits", "must be a number of digits");
            }
            try {
                return new FieldTable.FieldRule(null, null, null, null, null, new KeyedEntry(list, key, digits));
            } catch (IllegalArgumentException e) {
                throw error(path, e.getMessage());
            }
        }
        String expression = optionalString(path + ".expression", m.get("expression"));
        String equivalence = optionalString(path + ".equivalence", m.get("equivalence"));
        // a computed field needs its Kusto type (KQL) or, where the target has no column types (SPL), multi: true
        if (expression != null && m.get("type") == null && m.get("multi") == null) {
            throw error(path + ".type", "a computed field needs its type");
        }
        String target = expression != null && m.get("target") == null ? expression
                : requiredString(path + ".target", m.get("target"));
        Fidelity fidelity = m.get("fidelity") == null ? Fidelity.EXACT : fidelity(path + ".fidelity", m.get("fidelity"));
        String type = optionalString(path + ".type", m.get("type"));
        if (type != null && !KUSTO_TYPES.contains(type)) {
            throw error(path + ".type", "must be one of " + sorted(KUSTO_TYPES) + ", not '" + type + "'");
        }
        boolean multi = m.get("multi") != null && bool(path + ".multi", m.get("multi"));
        ValueTransform transform = ValueTransform.NONE;
        String t = optionalString(path + ".transform", m.get("transform"));
        if (t != null) {
            transform = switch (t) {
                case "none" -> ValueTransform.NONE;
                case "extension" -> ValueTransform.EXTENSION;
                case "domain" -> ValueTransform.DOMAIN;
                case "argument", "argument_count" -> {
                    // only Sigma's writer tests the tokens of a line (a regex on the whole line)
                    if (!"sigma".equals(this.target)) {
                        throw error(path + ".transform", t + " is written for the sigma target only, not " + this.target);
                    }
                    yield t.equals("argument") ? ValueTransform.ARGUMENT : ValueTransform.ARGUMENT_COUNT;
                }
                case "basename" -> {
                    if (separator == null) {
                        throw error(path + ".transform", "basename needs path_separator on the profile or log source");
                    }
                    yield separator.equals("/") ? ValueTransform.BASENAME_SLASH : ValueTransform.BASENAME_BACKSLASH;
                }
                default -> throw error(path + ".transform", "must be none, basename, extension, domain, argument or argument_count, not '" + t + "'");
            };
        }
        String note = optionalString(path + ".note", m.get("note"));
        if (!fidelity.isExact() && note == null) throw error(path, "a mapping that is not exact needs a note saying why");
        Set<String> values = m.get("values") == null ? null : new LinkedHashSet<>(stringList(path + ".values", m.get("values")));
        if (values != null && values.isEmpty()) throw error(path + ".values", "required: the values the field can hold");
        FieldMapping.FirstSegment firstSegment = firstSegment(path + ".first_segment", m.get("first_segment"), separator);
        if (firstSegment != null && transform != ValueTransform.NONE) {
            throw error(path + ".first_segment", "needs no transform");
        }
        FieldMapping mapping = new FieldMapping(target, fidelity, type, multi, transform, note, expression, equivalence, values,
                firstSegment);
        if (m.get("join_only") != null && bool(path + ".join_only", m.get("join_only"))) {
            if (equivalence == null && note == null) {
                throw error(path, "a join-only mapping needs the equivalence (or note) that makes it an identity");
            }
            return new FieldTable.FieldRule(null, target + " identifies the same " + lastSegment(path) + " only for joining"
                    + " events (" + (equivalence != null ? equivalence : note) + "), not as its value", null, mapping);
        }
        ValueRendering rendering = rendering(path, m);
        // a computed string field (tostring(EventData.X)) holds the target's texts as a column does
        if (rendering != null && (transform != ValueTransform.NONE || expression != null && !"string".equals(type))) {
            throw error(path, "values_as, numbers_as and missing_as apply to a plain target field or a computed string"
                    + " field, not a transformed or computed non-string one");
        }
        return new FieldTable.FieldRule(mapping, null, null, null, rendering, null);
    }

    /** The field's value rendering ({@code values_as}, {@code numbers_as}, {@code missing_as}); null when none. */
    private ValueRendering rendering(String path, Map<String, Object> m) {
        if (m.get("values_as") == null && m.get("numbers_as") == null && m.get("missing_as") == null) {
            if (m.get("values_open") != null) throw error(path + ".values_open", "values_open needs the listed values (values_as)");
            return null;
        }
        Map<String, String> values = new LinkedHashMap<>();
        if (m.get("values_as") != null) {
            map(path + ".values_as", m.get("values_as")).forEach((k, v) -> values.put(k, scalar(path + ".values_as." + k, v)));
        }
        boolean open = m.get("values_open") != null && bool(path + ".values_open", m.get("values_open"));
        try {
            return new ValueRendering(values, stringList(path + ".numbers_as", m.get("numbers_as")),
                    optionalString(path + ".missing_as", m.get("missing_as")), open);
        } catch (IllegalArgumentException e) {
            throw error(path + (open ? ".values_open" : ".numbers_as"), e.getMessage());
        }
    }

    /** The ECS field name at the end of a key path ({@code logsources[0] (x).fields.host.id} gives {@code host.id}). */
    private static String lastSegment(String path) {
        int i = path.lastIndexOf(".fields.");
        return i < 0 ? path : path.substring(i + ".fields.".length());
    }

    private String substitute(String path, String text, Map<String, String> variables) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String var = m.group(1);
            String replacement;
            if (var.equals(RULE_INDEX)) replacement = m.group(0);
            else if (variables.containsKey(var)) replacement = variables.get(var);
            else throw error(path, "unknown variable ${" + var + "}; declared: " + variables.keySet());
            m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    // ---- small readers ----------------------------------------------------------------------------

    private Fidelity fidelity(String path, Object v) {
        String s = scalar(path, v);
        Fidelity f = Fidelity.parse(s);
        if (f == null) throw error(path, "must be exact, broader or narrower, not '" + s + "'");
        return f;
    }

    private String separator(String path, Object v, String inherited) {
        if (v == null) return inherited;
        String s = scalar(path, v);
        if (!s.equals("/") && !s.equals("\\")) throw error(path, "must be '/' or '\\', not '" + s + "'");
        return s;
    }

    /**
     * A field's {@code first_segment}: why the target spells a path's first segment otherwise (a string), or that and
     * the spellings declared equivalent: {@code {why: ..., spellings: [{rule: [HKLM], target: [HKEY_LOCAL_MACHINE]}]}}.
     */
    private FieldMapping.FirstSegment firstSegment(String path, Object v, String separator) {
        if (v == null) return null;
        if (separator == null) throw error(path, "needs path_separator on the profile or log source, and no transform");
        if (!(v instanceof Map<?, ?>)) return new FieldMapping.FirstSegment(separator, scalar(path, v));
        Map<String, Object> m = map(path, v);
        checkKeys(path, m, Set.of("why", "spellings"));
        String why = requiredString(path + ".why", m.get("why"));
        List<FieldMapping.Spelling> spellings = new ArrayList<>();
        Object list = m.get("spellings");
        if (!(list instanceof List<?> items) || items.isEmpty()) throw error(path + ".spellings", "required: a list of {rule, target}");
        for (int i = 0; i < items.size(); i++) {
            String p = path + ".spellings[" + i + "]";
            Map<String, Object> s = map(p, items.get(i));
            checkKeys(p, s, Set.of("rule", "target"));
            List<String> rule = stringList(p + ".rule", s.get("rule"));
            List<String> target = stringList(p + ".target", s.get("target"));
            if (rule.isEmpty() || target.isEmpty()) throw error(p, "needs rule and target spellings");
            for (String r : rule) {
                if (r.isEmpty() || r.endsWith(separator) || r.contains("*") || r.contains("?")) {
                    throw error(p + ".rule", "'" + r + "' must be a non-empty path start without wildcards or a final separator");
                }
            }
            spellings.add(new FieldMapping.Spelling(rule, target));
        }
        return new FieldMapping.FirstSegment(separator, why, spellings);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> map(String path, Object v) {
        if (!(v instanceof Map<?, ?> m)) throw error(path, "expected a map, got " + kind(v));
        for (Object k : m.keySet()) {
            if (!(k instanceof String)) throw error(path, "keys must be strings, got " + kind(k) + " '" + k + "'");
        }
        return (Map<String, Object>) v;
    }

    private void checkKeys(String path, Map<String, Object> m, Set<String> allowed) {
        for (String k : m.keySet()) {
            if (!allowed.contains(k)) {
                throw error(path.isEmpty() ? k : path + "." + k, "unknown key; expected one of " + sorted(allowed));
            }
        }
    }

    private String requiredString(String path, Object v) {
        if (v == null) throw error(path, "required");
        return scalar(path, v);
    }

    private String optionalString(String path, Object v) { return v == null ? null : scalar(path, v); }

    private String scalar(String path, Object v) {
        if (v instanceof String || v instanceof Number || v instanceof Boolean) return v.toString();
        throw error(path, "expected a single value, got " + kind(v));
    }

    private boolean bool(String path, Object v) {
        if (v instanceof Boolean b) return b;
        throw error(path, "expected true or false, got " + kind(v) + " '" + v + "'");
    }

    private List<String> stringList(String path, Object v) {
        List<String> out = new ArrayList<>();
        if (v == null) return out;
        if (v instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) out.add(scalar(path + "[" + i + "]", list.get(i)));
        } else {
            out.add(scalar(path, v));
        }
        return out;
    }

    private Set<String> lowerSet(String path, Object v) {
        Set<String> out = new LinkedHashSet<>();
        for (String s : stringList(path, v)) out.add(RuleFacts.lower(s));
        return out;
    }

    private static String kind(Object v) {
        if (v == null) return "nothing";
        if (v instanceof Map<?, ?>) return "a map";
        if (v instanceof List<?>) return "a list";
        if (v instanceof String) return "a string";
        if (v instanceof Number) return "a number";
        if (v instanceof Boolean) return "a boolean";
        return v.getClass().getSimpleName();
    }

    private static List<String> sorted(Set<String> s) { return s.stream().sorted().toList(); }
}
