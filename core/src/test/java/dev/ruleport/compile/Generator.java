package dev.ruleport.compile;

import dev.ruleport.compile.RuleFileFuzzTest.Generated;
import dev.ruleport.runtime.Event;
import dev.ruleport.testsupport.QueryMutations;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Rule files for {@link RuleFileFuzzTest}: each call makes one, by one of the strategies below. */
final class Generator {
    private Generator() {}

    /** Characters that break things: NUL, controls, line and paragraph separators, NEL, BOM, bidi, a surrogate pair. */
    static final String[] ODD = {"\u0000", "\u0001", "\u001b", "\u007f", "\u0085", "\u2028", "\u2029", "\ufeff", "\u202e",
            "\r", "\t", "\n", "\\", "\"", "'", "'''", "\"\"\"", "`", "${x}", "$S", "*/", "\ud83d\ude00", "\u00e9", "\u212a"};

    static final String[] VALUES = {"42", "-1.5", "true", "\"text\"", "[1, \"a\"]", "{ x = 1 }", "1979-05-27T07:32:00Z",
            "[]", "\"\"", "'''multi\nline'''", "[[1], [2]]", "inf", "nan", "0x10", "[ { a = 1 } ]"};

    static final String[] REGEXES = {"(a|aa)+b", "(a|a)*b", "(.*a){20}b", "(a*)*b", "((a+)+)+b", "(x+x+)+y", "a{1000}{1000}",
            "(((a{100}){100}){100})", ".*.*.*.*.*.*.*=", "[a-z]{40,}={0,2}", "<0-2147483647>", "~(abc)", "@&~(abc.+)", "a~bc",
            "a(b|)c", "a(b|())c", "\\\\", "\\q", "[z-a]", "a{2147483647}", "(?i)x", "#", "@", "\"quoted.*\"", "<1-x>", "<foo>"};

    static Generated next(Random r, RuleFileFuzzTest.Seeds seeds, int index) {
        String name = "rule_" + index + ".toml";
        String seedFile = seeds.files().get(r.nextInt(seeds.files().size()));
        String seedQuery = seeds.queries().get(r.nextInt(seeds.queries().size()));
        int strategy = r.nextInt(100);
        if (strategy < 2) return new Generated(name, null, corruptBytes(seedFile, r), "bytes");
        if (strategy < 12) return new Generated(name, truncate(seedFile, r), null, "truncated");
        if (strategy < 24) return new Generated(name, confuseTypes(seedFile, r), null, "wrong types");
        if (strategy < 30) return new Generated(name, shuffleLines(seedFile, r), null, "lines");
        if (strategy < 38) return new Generated(name, oddCharacters(seedFile, r), null, "odd characters");
        if (strategy < 58) return new Generated(name, rule(QueryMutations.mutate(seedQuery, r), "Mutated " + index), null, "mutated query");
        if (strategy < 62) return new Generated(name, rule(seedQuery, "Seed " + index), null, "corpus query");
        if (strategy < 68) return new Generated(oddFileName(r, index), rule(seedQuery, oddName(r)), null, "odd names");
        return new Generated(name, rule(hostileQuery(r, seedQuery), "Hostile " + index), null, "hostile query");
    }

    /** The events the interpreter runs every compiled rule over: long values, arrays, nested and dotted keys. */
    static List<Event> events() {
        return EVENTS;
    }

    private static final List<Event> EVENTS = List.of(
            Event.of(Map.of("@timestamp", "2024-01-01T00:00:00Z", "event", Map.of("category", List.of("process"), "type", List.of("start")),
                    "process", Map.of("name", "a".repeat(3_000) + "b", "args", List.of("x", "-enc", "A".repeat(60)), "pid", 4,
                            "parent", Map.of("name", "cmd.exe")), "host", Map.of("id", "h1"), "a", 1, "b", "b")),
            Event.of(Map.of("@timestamp", 1_704_067_201_000L, "event.category", "process", "process.name", "cmd.exe",
                    "process.args", List.of("/c", "whoami"), "host.id", "h1", "a.b", List.of(1, 2), "user", Map.of("name", "x\u2028y"))),
            Event.of(Map.of("@timestamp", "2024-01-01T00:00:02Z", "event", Map.of("category", "network"), "host", Map.of("id", "h1"),
                    "destination", Map.of("ip", "10.0.0.1", "port", 443), "process", Map.of("name", "curl.exe"))));

    // ------------------------------------------------------------------ TOML mutations

    private static String truncate(String text, Random r) {
        return text.substring(0, 1 + r.nextInt(Math.max(1, text.length() - 1)));
    }

    /** A value of the wrong type, or a table turned into an array, a value or nothing. */
    private static String confuseTypes(String text, Random r) {
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        for (int round = 0; round < 1 + r.nextInt(2); round++) {
            int i = r.nextInt(lines.size());
            String line = lines.get(i);
            switch (r.nextInt(6)) {
                case 0, 1, 2 -> {
                    int eq = line.indexOf(" = ");
                    if (eq > 0 && !line.startsWith(" ")) lines.set(i, line.substring(0, eq) + " = " + VALUES[r.nextInt(VALUES.length)]);
                }
                case 3 -> {
                    for (int k = 0; k < lines.size(); k++) {
                        String l = lines.get(k);
                        if (l.startsWith("[[")) lines.set(k, l.substring(1, l.length() - 1));
                        else if (l.startsWith("[") && r.nextBoolean()) lines.set(k, "[" + l + "]");
                    }
                }
                case 4 -> lines.removeIf(l -> l.equals("[[rule.threat]]") || l.equals("[rule]") && r.nextInt(4) == 0);
                default -> lines.add(0, new String[] {"rule = \"x\"", "metadata = 1", "[rule.threat.technique]", "rule = []",
                        "[[rule.threat.technique]]\nid = 1"}[r.nextInt(5)]);
            }
        }
        return String.join("\n", lines);
    }

    private static String shuffleLines(String text, Random r) {
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        int i = r.nextInt(lines.size());
        int j = r.nextInt(lines.size());
        switch (r.nextInt(3)) {
            case 0 -> lines.remove(i);
            case 1 -> lines.add(i, lines.get(j));
            default -> {
                String t = lines.get(i);
                lines.set(i, lines.get(j));
                lines.set(j, t);
            }
        }
        return String.join("\n", lines);
    }

    private static String oddCharacters(String text, Random r) {
        StringBuilder sb = new StringBuilder(text);
        for (int k = 0; k < 1 + r.nextInt(4); k++) {
            String odd = r.nextInt(4) == 0 ? String.valueOf((char) r.nextInt(0x10000)) : ODD[r.nextInt(ODD.length)];
            sb.insert(r.nextInt(sb.length() + 1), odd);
        }
        return sb.toString();
    }

    /** UTF-8 bytes with invalid sequences, a BOM or bytes flipped. */
    private static byte[] corruptBytes(String text, Random r) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        switch (r.nextInt(4)) {
            case 0 -> {
                byte[] withBom = new byte[b.length + 3];
                withBom[0] = (byte) 0xEF;
                withBom[1] = (byte) 0xBB;
                withBom[2] = (byte) 0xBF;
                System.arraycopy(b, 0, withBom, 3, b.length);
                return withBom;
            }
            case 1 -> b[r.nextInt(b.length)] = (byte) 0xFF;
            case 2 -> b[r.nextInt(b.length)] = (byte) 0xC3;
            default -> {
                for (int k = 0; k < 5; k++) b[r.nextInt(b.length)] = (byte) r.nextInt(256);
            }
        }
        return b;
    }

    // ------------------------------------------------------------------ queries

    static String hostileQuery(Random r, String seedQuery) {
        // nesting up to thousands deep costs the front end little (it refuses past 100 levels); width and
        // length stay moderate, as the backends are not linear in them yet (see the known failures)
        int n = r.nextInt(10) == 0 ? 500 + r.nextInt(2_500) : 50 + r.nextInt(120);
        int wide = 10 + r.nextInt(r.nextInt(10) == 0 ? 2_000 : 200);
        String query = switch (r.nextInt(16)) {
            case 0 -> "process where " + "not ".repeat(n) + "a == 1";
            case 1 -> "process where a == " + "(".repeat(n) + "1" + ")".repeat(r.nextBoolean() ? n : n - 1);
            case 2 -> "process where a == " + "length(".repeat(n) + "b" + ")".repeat(n);
            case 3 -> "process where a == " + "1 + ".repeat(n) + "1";
            case 4 -> "process where a == " + (r.nextBoolean() ? "- " : "+").repeat(n) + "1";
            case 5 -> "process where process.name regex" + (r.nextBoolean() ? "~" : "") + " \"" + escape(REGEXES[r.nextInt(REGEXES.length)]) + "\"";
            case 6 -> "process where process.name regex \"" + escape(randomRegex(r, 1 + r.nextInt(r.nextInt(8) == 0 ? 400 : 6))) + "\"";
            case 7 -> "process where process.name : \"" + escape(text(r, r.nextInt(20) == 0 ? 20_000 + r.nextInt(30_000) : 1 + r.nextInt(2_000))) + "\"";
            case 8 -> "process where " + "a.".repeat(r.nextInt(10) == 0 ? 3_000 : n) + "b == \"x\"";
            case 9 -> "\"" + escape(text(r, 1 + r.nextInt(40))) + "\" where " + (r.nextBoolean() ? "`" + text(r, 5).replace("`", "``") + "`"
                    : new String[] {"``", "`a..b`", "?`.x`", "a[99999999999]", "a[0][0][0]", "`@timestamp`", "a.`b.c`[2]"}[r.nextInt(7)])
                    + " == \"" + escape(text(r, 1 + r.nextInt(40))) + "\"";
            case 10 -> "sequence by host.id with maxspan=" + new String[] {"9223372036854775807s", "922337203685477ms", "1ms",
                    "99999999999999999999d", "0s", "-1s", "1.5h", "106751991167d"}[r.nextInt(8)]
                    + " [process where true]" + " [network where true] with runs=" + (1 + r.nextInt(120)) + (r.nextBoolean() ? " until [file where true]" : "");
            case 11 -> "process where a == " + new String[] {"99999999999999999999999", "1e400", "-9223372036854775808", "0x10",
                    "1.7976931348623157e308", "4.9e-324", "00000000000000000001"}[r.nextInt(7)];
            case 12 -> "process where " + "a == 1 and ".repeat(wide) + "b : \"*\"";
            case 13 -> "process where a in (" + "\"x\", ".repeat(wide) + "\"y\")";
            case 14 -> "sequence by host.id" + " [process where true]".repeat(2 + r.nextInt(300));
            default -> QueryMutations.mutate(seedQuery, r) + " " + ODD[r.nextInt(ODD.length)];
        };
        return r.nextInt(8) == 0 ? QueryMutations.mutate(query, r) : query;
    }

    /** A random pattern over Lucene's syntax, nesting up to {@code depth}. */
    static String randomRegex(Random r, int depth) {
        StringBuilder sb = new StringBuilder();
        int parts = 1 + r.nextInt(3);
        for (int i = 0; i < parts; i++) {
            String atom = switch (r.nextInt(depth > 1 ? 9 : 7)) {
                case 0 -> ".";
                case 1 -> "[a-c\\d]";
                case 2 -> "\\w";
                case 3 -> "<1-" + r.nextInt(1_000) + ">";
                case 4 -> "\"q\"";
                case 5 -> r.nextBoolean() ? "@" : "#";
                case 6 -> "ab".substring(r.nextInt(2));
                default -> "(" + randomRegex(r, depth - 1) + (r.nextInt(4) == 0 ? "|" + randomRegex(r, 1) : "") + ")";
            };
            sb.append(atom).append(new String[] {"", "", "*", "+", "?", "{2}", "{1,3}", "{0,}"}[r.nextInt(8)]);
        }
        return sb.toString();
    }

    private static String text(Random r, int length) {
        StringBuilder sb = new StringBuilder(length);
        while (sb.length() < length) {
            if (r.nextInt(30) == 0) sb.append(ODD[r.nextInt(ODD.length)]);
            else sb.append((char) ('a' + r.nextInt(26)));
        }
        return sb.toString();
    }

    /** EQL string escaping for a double-quoted literal. */
    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\r", "\\r");
    }

    // ------------------------------------------------------------------ names

    private static String oddName(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> "Long " + "n".repeat(r.nextInt(10) == 0 ? 100_000 : 10_000);
            case 1 -> "Sep\u2028ara\u2029tors \u0085 and \"quotes\" */ ${x}";
            case 2 -> text(r, 1 + r.nextInt(300));
            default -> "";
        };
    }

    private static String oddFileName(Random r, int index) {
        return switch (r.nextInt(3)) {
            case 0 -> "r".repeat(240) + index + ".toml";
            case 1 -> "a b-" + index + ".toml";
            default -> "\u00e9\u2028" + index + ".toml";
        };
    }

    // ------------------------------------------------------------------ a valid file around a query

    static String rule(String query, String name) {
        return "[metadata]\ncreation_date = \"2025/01/15\"\nmaturity = \"production\"\nupdated_date = \"2025/01/15\"\n\n"
                + "[rule]\nauthor = [\"fuzz\"]\ndescription = \"fuzz\"\nlanguage = \"eql\"\nlicense = \"Elastic License v2\"\n"
                + "name = " + tomlString(name) + "\nrisk_score = 21\nrule_id = \"00000000-0000-0000-0000-" + String.format("%012x",
                Math.abs((long) name.hashCode())) + "\"\nseverity = \"low\"\ntype = \"eql\"\n"
                + "query = " + tomlString(query) + "\n\n"
                + "[[rule.threat]]\nframework = \"MITRE ATT&CK\"\n[[rule.threat.technique]]\nid = \"T1105\"\nname = \"Ingress Tool Transfer\"\n"
                + "reference = \"https://attack.mitre.org/techniques/T1105/\"\n[rule.threat.tactic]\nid = \"TA0011\"\n"
                + "name = \"Command and Control\"\nreference = \"https://attack.mitre.org/tactics/TA0011/\"\n";
    }

    /** A TOML basic string: quotes, backslashes and control characters escaped, everything else as it is. */
    static String tomlString(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') sb.append('\\').append(c);
            else if (c < 0x20 || c == 0x7f) sb.append(String.format("\\u%04X", (int) c));
            else sb.append(c);
        }
        return sb.append('"').toString();
    }
}
