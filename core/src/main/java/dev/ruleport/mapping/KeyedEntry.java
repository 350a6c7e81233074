package dev.ruleport.mapping;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * An ECS field the target stores as one entry of a list held in another field: Sysmon writes all of a file's hashes
 * in one {@code Hashes} value, {@code KEY=HEX} entries separated by commas ({@code SHA1=...,MD5=...,SHA256=...,
 * IMPHASH=...}, only the algorithms it is configured for, each once, in upper-case hexadecimal). Elastic's
 * sysmon_operational ingest pipeline (elastic/integrations, packages/windows/data_stream/sysmon_operational/
 * elasticsearch/ingest_pipeline/default.yml) splits that value at {@code ,} and {@code =}, lower-cases keys and
 * values, drops a value of only zeros (Sysmon's IMPHASH of a file without an import table) and files the rest as
 * {@code process.hash.<key>} or {@code file.hash.<key>} ({@code imphash} as {@code process.pe.imphash},
 * {@code file.pe.imphash}). So the ECS value is the entry's hexadecimal in lower case, and a field whose entry is
 * missing or all zeros is missing.
 *
 * <p>A profile declares such a field as {@code {entry_of: winlog.event_data.Hashes, key: SHA256, hex_digits: 64}}:
 * the list's own ECS field (mapped to the column as usual), the key as the target writes it, and how many digits
 * the target writes for it. The keys of one list are none a suffix of another (checked when the profile is loaded),
 * so {@code KEY=} occurs in a list only where that entry starts.
 *
 * @param list   the ECS field that holds the whole list as the target writes it ({@code winlog.event_data.Hashes})
 * @param key    the entry's key as the target writes it ({@code SHA256})
 * @param digits how many hexadecimal digits the target writes for the entry
 */
public record KeyedEntry(String list, String key, int digits) {
    /** Between the entries of a list. */
    public static final String SEPARATOR = ",";

    public KeyedEntry {
        if (digits <= 0) throw new IllegalArgumentException("hex_digits must be positive, not " + digits);
        if (key.isEmpty() || key.contains(SEPARATOR) || key.contains("=")) {
            throw new IllegalArgumentException("a key holds neither ',' nor '=': " + key);
        }
    }

    /** Whether the ECS field can hold {@code ecs}: lower-case hexadecimal of the entry's length, not only zeros. */
    public boolean canHold(String ecs) {
        if (ecs.length() != digits) return false;
        boolean nonZero = false;
        for (int i = 0; i < ecs.length(); i++) {
            char c = ecs.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) return false;
            nonZero |= c != '0';
        }
        return nonZero;
    }

    /** The entry the target writes for an ECS value it can hold: {@code SHA256=9F86...}. */
    public String entry(String ecs) { return key + "=" + ecs.toUpperCase(Locale.ROOT); }

    /**
     * How an output's header names where the field lives ({@code the SHA256= entry of Hashes}), given the list's own
     * mapping; a reader checks a header line against the profile by the same text.
     */
    public String header(FieldMapping list) {
        return "the " + key + "= entry of " + (list.computed() ? list.expression() : list.target());
    }

    /** The entry's value of only zeros, which the pipeline drops (the field is then missing). */
    public String zeros() { return "0".repeat(digits); }

    /**
     * The ECS value a list text gives this field: its entry's value lower-cased, when the field can hold it (the
     * key compared ignoring ASCII case); null when the list has no such entry.
     */
    public String valueIn(String listText) {
        for (String e : listText.split(SEPARATOR, -1)) {
            int eq = e.indexOf('=');
            if (eq < 0 || !e.substring(0, eq).equalsIgnoreCase(key)) continue;
            String v = e.substring(eq + 1).toLowerCase(Locale.ROOT);
            return canHold(v) ? v : null;
        }
        return null;
    }

    /**
     * Makes a flat ECS event agree with the target's record of it (a round trip's projection): each entry holds a
     * value the target can write, the fields that name one entry of one list ({@code dll.hash.sha256} and
     * {@code file.hash.sha256} of a Sysmon image load) hold the same value, and each list field holds exactly those
     * entries. When the event gives no entry field of a list, they are read from the list's text. The first of an
     * entry's fields that the event gives decides its value; a value the target cannot write is replaced by the first
     * of its lower-case form and two other values of the entry's length for which {@code keeps} says the event keeps
     * its verdict (the target's record of the same activity), else by the first of them.
     *
     * @param entries the log source's entry fields, by ECS name
     * @param keeps   whether an event, so changed, keeps the verdict the event as given has
     */
    public static void agree(Map<String, Object> flat, Map<String, KeyedEntry> entries, Predicate<Map<String, Object>> keeps) {
        Map<String, Map<String, List<String>>> byList = new LinkedHashMap<>();
        entries.forEach((field, e) -> byList.computeIfAbsent(e.list(), k -> new LinkedHashMap<>())
                .computeIfAbsent(e.key(), k -> new ArrayList<>()).add(field));
        byList.forEach((list, byKey) -> {
            boolean given = byKey.values().stream().flatMap(List::stream).anyMatch(flat::containsKey);
            List<String> written = new ArrayList<>();
            byKey.forEach((key, fields) -> {
                KeyedEntry e = entries.get(fields.get(0));
                String first = fields.stream().filter(flat::containsKey).findFirst().orElse(null);
                String value = null;
                if (first == null && !given && flat.get(list) instanceof String text) value = e.valueIn(text);
                if (first != null) value = writable(flat, first, e, keeps);
                for (String f : fields) {
                    if (value == null) flat.remove(f);
                    else flat.put(f, value);
                }
                if (value != null) written.add(e.entry(value));
            });
            if (written.isEmpty()) flat.remove(list);
            else flat.put(list, String.join(SEPARATOR, written));
        });
    }

    /** The field's value when the target can write it, else the replacement {@link #agree} chooses. */
    private static String writable(Map<String, Object> flat, String field, KeyedEntry e, Predicate<Map<String, Object>> keeps) {
        Object v = flat.get(field);
        if (v instanceof String s && e.canHold(s)) return s;
        List<String> choices = new ArrayList<>();
        if (v instanceof String s && e.canHold(s.toLowerCase(Locale.ROOT))) choices.add(s.toLowerCase(Locale.ROOT));
        choices.add("0".repeat(e.digits() - 1) + "1");
        choices.add("f".repeat(e.digits()));
        for (String c : choices) {
            flat.put(field, c);
            if (keeps.test(flat)) return c;
        }
        return choices.get(0);
    }
}
