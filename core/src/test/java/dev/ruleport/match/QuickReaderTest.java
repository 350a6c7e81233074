package dev.ruleport.match;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.ruleport.runtime.Event;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link EventParser} with its quick reader against Jackson alone ({@link EventParser#jackson}), whole and in part: the
 * same values of the same classes, keys in the same order, the same dotted-key flag, and for a bad record the same
 * message at the same line and column. Over odd records and over random mutations of ordinary ones.
 */
class QuickReaderTest {
    private static final FieldTree TREE = FieldTree.of(List.of("process.name", "process.parent.name", "process.args",
            "file.path", "a", "b.c", "x", "n", "@timestamp", "event.category"));

    private static final List<String> ODD = List.of(
            "{}", " { } ", "\t{\r\n}\n", "", "   ", "\n\n", "{\"a\":{}}", "{\"a\":[]}", "{\"a\":[[],[[]],{}]}",
            "{\"a\":1,\"a\":2}", "{\"a\":{\"x\":1},\"b\":2,\"a\":[3]}", "{\"x\":1,\"y\":2,\"x\":null}",
            "{\"a\":\"\\u00e9\\u0041\\n\\t\\\"\\\\\\/\\b\\f\\r\"}", "{\"a\":\"\\ud83d\\ude00\"}", "{\"a\":\"\\ud83d\"}",
            "{\"a\":\"\\ude00x\"}", "{\"a\":\"\\u12\"}", "{\"a\":\"\\uZZZZ\"}", "{\"a\":\"\\x\"}", "{\"a\\u0062\":1}",
            "{\"a\\\"b\":1}", "{\"a.b\":1}", "{\"b\":{\"c.d\":1}}", "{\"b.c\":1}", "{\"q.r\":1}",
            "{\"n\":0}", "{\"n\":-0}", "{\"n\":-0.0}", "{\"n\":0.0}", "{\"n\":2147483647}", "{\"n\":2147483648}",
            "{\"n\":-2147483648}", "{\"n\":-2147483649}", "{\"n\":999999999999999999}", "{\"n\":-999999999999999999}",
            "{\"n\":9223372036854775807}", "{\"n\":9223372036854775808}", "{\"n\":-9223372036854775808}",
            "{\"n\":-9223372036854775809}", "{\"n\":123456789012345678901234567890}", "{\"n\":1e5}", "{\"n\":1E+5}",
            "{\"n\":1e-5}", "{\"n\":1.5e308}", "{\"n\":1e400}", "{\"n\":-1e400}", "{\"n\":4.9e-324}", "{\"n\":1e-400}",
            "{\"n\":0.1}", "{\"n\":3.141592653589793238462643383279}", "{\"n\":1.7976931348623157e308}",
            "{\"n\":2.2250738585072011e-308}", "{\"n\":01}", "{\"n\":-}", "{\"n\":1.}", "{\"n\":.5}", "{\"n\":1e}",
            "{\"n\":+1}", "{\"n\":1.5.2}", "{\"n\":0x10}", "{\"n\":NaN}", "{\"n\":Infinity}", "{\"n\":-01}",
            "{\"n\":1e5x}", "{\"n\":12a}", "{\"n\":[1,-2,3.5,true,false,null]}", "{\"x\":true}", "{\"x\":tru}",
            "{\"x\":truex}", "{\"x\":nul}", "{\"x\":nullx}", "{\"x\":False}", "{\"x\":\"a\u0001b\"}", "{\"x\":\"a\tb\"}",
            "{\"x\":1,}", "{\"x\":[1,]}", "{,}", "{\"x\"}", "{\"x\":}", "{\"x\" 1}", "{\"x\":1 \"y\":2}", "{\"x\":1}}",
            "{\"x\":1} {}", "{\"x\":1}x", "[1]", "\"s\"", "1", "null", "{\"x\":[1,2}", "{\"x\":{\"y\":1]}", "{", "{\"x",
            "{\"x\":\"abc", "// c\n{\"x\":1}", "{\"x\":1 /* c */}", "{\"x\":1}// c", "/* only */", "{\"x\":'a'}",
            "{x:1}", "{\"x\":\"\\u0000\"}", "{\"x\":\"\\u001f\"}", "{\"x\":1}\u000b", "\u000c{\"x\":1}",
            "{\"process\":{\"name\":\"CMD.exe\",\"pid\":4,\"args\":[\"a\",{\"x\":1},[null]],\"parent\":{\"name\":\"p\",\"x\":[{}]}}}",
            "{\"process\":{\"parent\":{\"name\":{\"deep\":[1,{\"q\":\"r\"}]}}},\"file\":[{\"path\":\"a\"},{\"name\":\"b\"}]}",
            "{\"process\":null,\"process\":{\"name\":\"dup\"},\"process.name\":\"n\",\"process.parent.name\":\"pp\"}",
            "{\"other\":{\"big\":123456789012345678901234567890,\"deep\":[[[[{\"a\":[1,{\"b\":null}]}]]]],\"s\":\"\\ud83d\"}}",
            "{\"x\": \"\u00e9\"}", "{\"x\":\"a\\u4e2db\\\\c\\u00ffd\\n\"}", "{\"x\":\"\\u0100\"}",
            "{\"x\":\"C:\\\\Windows\\\\System32\\\\cmd.exe\",\"process\":{\"name\":\"\\\\\\\\srv\\\\s\"}}",
            "{\"x\":\"\\u4e2d\\ud83d\"}", "{\"x\":\"\\\\\\u4e2d\\q\"}", "{\"x\":\"a\\\\",
            "{\"a\":" + "[".repeat(150) + "]".repeat(150) + "}", "{\"a\":" + "[".repeat(250) + "]".repeat(250) + "}",
            "{\"a\":" + "[".repeat(1200) + "]".repeat(1200) + "}", "{\"zz\":" + "[".repeat(250) + "]".repeat(250) + "}",
            "{\"n\":" + "9".repeat(2000) + "}", "{\"zz\":" + "9".repeat(2000) + "}", "{\"n\":1." + "1".repeat(150) + "}",
            "{\"" + "k".repeat(60_000) + "\":1}", "{\"x\":\"" + "v".repeat(3000) + "\"}",
            "{\"x\":\"" + "\\\\".repeat(5000) + "\",\"a\":\"" + "\\n".repeat(9000) + "\"}");

    /** What the parser makes of a record: the tree with each value's class, the dotted flag; or the error and where. */
    private static String outcome(byte[] record, FieldTree read, boolean jackson) {
        try {
            Event e = jackson ? EventParser.jackson(record, 0, record.length, read) : EventParser.event(record, 0, record.length, read);
            if (e == null) return "null";
            StringBuilder sb = new StringBuilder();
            render(e.source(), sb);
            return sb.append(" dotted=").append(e.hasDottedKeys()).toString();
        } catch (EventParser.BadRecord b) {
            return "bad " + b.getMessage() + " at " + b.line + ":" + b.column;
        }
    }

    private static void render(Object v, StringBuilder sb) {
        if (v instanceof Map<?, ?> m) {
            sb.append(m.getClass().getSimpleName()).append('{');
            for (Map.Entry<?, ?> e : m.entrySet()) {
                sb.append('"').append(e.getKey()).append("\"=");
                render(e.getValue(), sb);
                sb.append(',');
            }
            sb.append('}');
        } else if (v instanceof List<?> l) {
            sb.append('[');
            for (Object o : l) {
                render(o, sb);
                sb.append(',');
            }
            sb.append(']');
        } else if (v instanceof Double d) {
            sb.append("Double:").append(Long.toHexString(Double.doubleToRawLongBits(d)));
        } else if (v == null) {
            sb.append("null");
        } else {
            sb.append(v.getClass().getSimpleName()).append(':').append(v);
        }
    }

    private static void same(byte[] record) {
        String text = new String(record, StandardCharsets.ISO_8859_1);
        String shown = text.length() > 200 ? text.substring(0, 200) + "..." : text;
        assertEquals(outcome(record, null, true), outcome(record, null, false), () -> "whole: " + shown);
        assertEquals(outcome(record, TREE, true), outcome(record, TREE, false), () -> "in part: " + shown);
    }

    @Test
    void oddRecordsAreReadAsJacksonReadsThem() {
        for (String r : ODD) same(r.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void ordinaryRecordsAreReadByTheQuickReader() {
        boolean[] dotted = {false};
        for (String r : List.of("{}", "{\"a\":[1,-2.5e3,true,null,\"s\\n\"],\"b\":{\"c\":\"\\u00e9\"},\"a\":2}",
                "{\"process\":{\"name\":\"x\",\"args\":[{\"q\":1}]}}", "  ", "{\"a\":\"C:\\\\x\\u4e2d\\\\y\"}")) {
            byte[] b = r.getBytes(StandardCharsets.UTF_8);
            assertNotSame(QuickReader.GIVE_UP, QuickReader.read(b, 0, b.length, null, dotted), r);
            assertNotSame(QuickReader.GIVE_UP, QuickReader.read(b, 0, b.length, TREE, dotted), r);
        }
        for (String r : List.of("{\"a\":\"\u00e9\"}", "{\"\u00e9\":1}", "{\"a\":1}\u00a0", "{\"a\":\"\\ud83d\\ude00\"}", "{\"n\":12345678901234567890}", "// c\n{}", "{\"x\":1,}")) {
            byte[] b = r.getBytes(StandardCharsets.UTF_8);
            assertSame(QuickReader.GIVE_UP, QuickReader.read(b, 0, b.length, null, dotted), r);
        }
    }

    /** Random ordinary records, then the same with a byte deleted, replaced or inserted (mostly syntax errors). */
    @Test
    void mutatedRecordsAreReadAsJacksonReadsThem() {
        Random random = new Random(16);
        String bytes = "{}[]\":,.-+0123456789eE \\/ntrufalsebcxqu\t\n\u0001\u00e9";
        for (int round = 0; round < 4000; round++) {
            StringBuilder sb = new StringBuilder();
            object(random, sb, 0);
            byte[] record = sb.toString().getBytes(StandardCharsets.UTF_8);
            same(record);
            for (int m = 0; m < 3; m++) {
                StringBuilder mutated = new StringBuilder(sb);
                int at = random.nextInt(mutated.length() + 1);
                switch (random.nextInt(3)) {
                    case 0 -> { if (at < mutated.length()) mutated.deleteCharAt(at); }
                    case 1 -> { if (at < mutated.length()) mutated.setCharAt(at, bytes.charAt(random.nextInt(bytes.length()))); }
                    default -> mutated.insert(at, bytes.charAt(random.nextInt(bytes.length())));
                }
                same(mutated.toString().getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static final List<String> KEYS = List.of("a", "b", "c", "x", "n", "b.c", "process", "name", "file", "path", "zz", "a.b");

    private static void object(Random random, StringBuilder sb, int depth) {
        sb.append('{');
        int n = random.nextInt(depth == 0 ? 6 : 4);
        for (int k = 0; k < n; k++) {
            if (k > 0) sb.append(random.nextInt(8) == 0 ? " , " : ",");
            sb.append('"').append(KEYS.get(random.nextInt(KEYS.size()))).append('"').append(random.nextBoolean() ? ":" : " : ");
            value(random, sb, depth + 1);
        }
        sb.append('}');
    }

    private static void value(Random random, StringBuilder sb, int depth) {
        switch (random.nextInt(depth > 4 ? 6 : 8)) {
            case 0 -> sb.append(random.nextInt(3) == 0 ? "true" : random.nextBoolean() ? "false" : "null");
            case 1 -> sb.append(random.nextInt(5) == 0 ? random.nextLong() : random.nextInt(1000) - 500);
            case 2 -> sb.append(random.nextInt(4) == 0 ? String.valueOf(random.nextDouble() * 1e6)
                    : random.nextBoolean() ? (random.nextInt(200) - 100) + "e" + (random.nextInt(40) - 20)
                    : "-0." + random.nextInt(1000));
            case 3, 4, 5 -> {
                sb.append('"');
                String chars = "abC \\u00e9\\n\\\"x.é";
                for (int k = random.nextInt(8); k > 0; k--) {
                    int c = random.nextInt(chars.length());
                    if (chars.charAt(c) == '\\') {
                        sb.append(random.nextInt(4) == 0 ? (random.nextBoolean() ? "\\u00e9" : "\\u4e2d") : random.nextBoolean() ? "\\\\" : "\\\"");
                    } else {
                        sb.append(chars.charAt(c));
                    }
                }
                sb.append('"');
            }
            case 6 -> object(random, sb, depth);
            default -> {
                sb.append('[');
                for (int k = random.nextInt(4); k > 0; k--) {
                    value(random, sb, depth + 1);
                    if (k > 1) sb.append(',');
                }
                sb.append(']');
            }
        }
    }

    /** The map the readers build against LinkedHashMap under random puts, removes and look-ups. */
    @Test
    void objectMapKeepsLinkedHashMapOrderAndValues() {
        Random random = new Random(7);
        for (int round = 0; round < 300; round++) {
            ObjectMap map = new ObjectMap();
            Map<String, Object> reference = new LinkedHashMap<>();
            int keys = 1 + random.nextInt(40);
            for (int op = 0; op < 200; op++) {
                String k = "k" + random.nextInt(keys);
                Object v = random.nextInt(10) == 0 ? null : random.nextInt(100);
                switch (random.nextInt(6)) {
                    case 0 -> assertEquals(reference.remove(k), map.remove(k));
                    case 1 -> assertEquals(reference.containsKey(k), map.containsKey(k));
                    case 2 -> assertEquals(reference.get(k), map.get(k));
                    default -> assertEquals(reference.put(new String(k), v), map.put(k, v));
                }
                assertEquals(reference.size(), map.size());
            }
            assertEquals(new ArrayList<>(reference.entrySet()), new ArrayList<>(map.entrySet()));
            assertEquals(reference, map);
            assertEquals(reference.hashCode(), map.hashCode());
            assertEquals(reference.toString(), map.toString());
        }
    }
}
