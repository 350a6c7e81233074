package dev.ruleport.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

class TomlReaderTest {

    private static Map<String, Object> read(String text) throws TomlReader.TomlError {
        return plain(TomlReader.read(text));
    }

    @Test
    void valuesHaveTheTypesTomljGave() throws Exception {
        Map<String, Object> m = read("""
                s = "a\\tb\\u00e9\\U0001F600\\e\\x41"
                l = 'C:\\x'
                ml = \"\"\"
                one \\
                   two\"\"\"\"
                mll = '''
                x''''
                i = -1_000
                h = 0xDEAD_beef
                o = 0o17
                b = 0b101
                f = 6.626e-34
                g = -inf
                n = nan
                t = true
                odt = 1979-05-27T07:32:00.123456789999-07:00
                ldt = 1979-05-27 07:32:00
                ld = 1979-05-27
                lt = 07:32:00.5
                hm = 07:32
                a = [1, 'x', [2.0], {k = 1}, ]
                it = {
                  k = 1, # a comment
                  l = 2,
                }
                """);
        assertEquals("a\tb\u00e9\uD83D\uDE00\u001bA", m.get("s"));
        assertEquals("C:\\x", m.get("l"));
        assertEquals("one two\"", m.get("ml"));
        assertEquals("x'", m.get("mll"));
        assertEquals(-1000L, m.get("i"));
        assertEquals(0xDEADBEEFL, m.get("h"));
        assertEquals(15L, m.get("o"));
        assertEquals(5L, m.get("b"));
        assertEquals(6.626e-34, m.get("f"));
        assertEquals(Double.NEGATIVE_INFINITY, m.get("g"));
        assertEquals(Double.NaN, m.get("n"));
        assertEquals(Boolean.TRUE, m.get("t"));
        assertEquals(OffsetDateTime.parse("1979-05-27T07:32:00.123456789-07:00"), m.get("odt"));
        assertEquals(LocalDateTime.parse("1979-05-27T07:32:00"), m.get("ldt"));
        assertEquals(LocalDate.parse("1979-05-27"), m.get("ld"));
        assertEquals(LocalTime.parse("07:32:00.5"), m.get("lt"));
        assertEquals(LocalTime.of(7, 32), m.get("hm"));
        assertEquals(List.of(1L, "x", List.of(2.0), Map.of("k", 1L)), m.get("a"));
        assertEquals(Map.of("k", 1L, "l", 2L), m.get("it"));
    }

    @Test
    void tablesFollowTheDefinitionRules() throws Exception {
        Map<String, Object> m = read("""
                [fruit]
                apple.color = "red"
                [fruit.apple.texture]
                smooth = true
                [[fruit.kinds]]
                name = "a"
                [fruit.kinds.sub]
                x = 1
                [[fruit.kinds]]
                name = "b"
                [x.y.z]
                [x]
                w = 1
                """);
        assertEquals("{fruit={apple={color=red, texture={smooth=true}}, kinds=[{name=a, sub={x=1}}, {name=b}]}, x={y={z={}}, w=1}}",
                m.toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "a = 1\\na = 2                      | 2:1 a previously defined at line 1, column 1",
        "[a]\\n[a]                          | 2:2 a previously defined at line 1, column 2",
        "[fruit]\\napple.color = 1\\n[fruit.apple] | 3:2 fruit.apple previously defined at line 2, column 1",
        "[a.b.c]\\n[a]\\nb.c.t = 1           | 3:1 b previously defined at line 1, column 2",
        "a = {b = 1}\\n[a.c]                | 2:2 a previously defined at line 1, column 1",
        "a = []\\n[[a]]                     | 2:3 a previously defined at line 1, column 1",
        "[[a]]\\n[a]                        | 2:2 a previously defined at line 1, column 3",
        "a = \"\\\\q\"                      | 1:6 Invalid escape sequence \\q",
        "a = \"\\\\uD800\"                  | 1:6 Invalid unicode code point \\uD800",
        "a = 01                            | 1:5 Invalid number 01",
        "a = 1__0                          | 1:5 Invalid number 1__0",
        "a = +0x1                          | 1:5 Invalid number +0x1",
        "a = 1.                            | 1:5 Invalid number 1.",
        "a = 9223372036854775808           | 1:5 Invalid number 9223372036854775808",
        "a = 1979-02-30                    | 1:5 Invalid date 1979-02-30",
        "a = 07:32:                        | 1:11 Unexpected end of input, expected a digit",
        "a = {b = 1,,}                     | 1:12 Unexpected ',', expected a key",
        "a = {b = 1 c = 2}                 | 1:12 Unexpected 'c', expected , or }",
        "a = [1 2]                         | 1:8 Unexpected '2', expected , or ]",
        "a = '''x                          | 1:9 Unexpected end of input, expected '''",
        "a = 1 b = 2                       | 1:7 Unexpected 'b', expected a newline or end-of-input",
        "a = truex                         | 1:5 Unexpected 't', expected a value",
        "= 1                               | 1:1 Unexpected '=', expected a key",
        "a = \"\"\"x\"\"\"\"\"\"              | 1:14 Unexpected '\"', expected a newline or end-of-input",
    })
    void errorsArePositioned(String toml, String expected) {
        String text = toml.replace("\\n", "\n").replace("\\\\", "\\");
        TomlReader.TomlError e = assertThrows(TomlReader.TomlError.class, () -> TomlReader.read(text));
        int[] lc = TomlReader.lineColumn(text, e.offset());
        assertEquals(expected, lc[0] + ":" + lc[1] + " " + e.getMessage());
    }

    @Test
    void controlCharactersAreRejected() {
        for (String bad : List.of("a = \"x\u0001\"", "a = 'x\u007f'", "# \u0000", "a = '''\u0008'''", "a = 1\r")) {
            assertThrows(TomlReader.TomlError.class, () -> TomlReader.read(bad), bad);
        }
    }

    /**
     * Small random documents and mutations of them: the reader must accept exactly what tomlj accepts
     * and read the same values, key order included.
     */
    @Test
    void agreesWithTomljOnRandomDocuments() {
        Random random = new Random(20260516L);
        int accepted = 0;
        int rejected = 0;
        List<String> disagreements = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            String doc = mutate(random, document(random));
            TomlParseResult expected = Toml.parse(doc);
            Object actual;
            try {
                actual = read(doc);
            } catch (TomlReader.TomlError e) {
                actual = e;
            }
            if (expected.hasErrors()) {
                rejected++;
                if (!(actual instanceof TomlReader.TomlError)) disagreements.add("tomlj rejects, reader accepts: " + doc);
            } else {
                accepted++;
                String want = plain(expected).toString();
                if (!want.equals(String.valueOf(actual))) disagreements.add("tomlj " + want + ", reader " + actual + ": " + doc);
            }
        }
        assertEquals(List.of(), disagreements.subList(0, Math.min(10, disagreements.size())));
        // both outcomes are well represented
        assertTrue(accepted > 2_500 && rejected > 2_500, accepted + " accepted, " + rejected + " rejected");
    }

    private static final String[] KEYS = {"a", "b", "rule", "x-y", "\"q k\"", "'lit'", "a.b", "c . d", "1"};
    private static final String[] VALUES = {"1", "-17", "+3", "0x1f", "0o7", "0b11", "1_000", "3.5", "1e3", "-2.5E-3",
        "inf", "-nan", "true", "false", "\"s\\t\\\"\"", "'l\\it'", "\"\"\"\nml \\\n  x\"\"\"", "'''\nlit\n'''",
        "1979-05-27", "07:32:00", "1979-05-27T07:32:00Z", "1979-05-27 07:32:00.25", "1979-05-27T07:32:00+01:30",
        "[1, 2]", "[ ]", "[\n 'a', # c\n 'b',\n]", "{}", "{ k = 1, l.m = 'x' }", "[{a = 1}, {b = 2}]"};
    private static final String[] HEADERS = {"[rule]", "[rule.threat.tactic]", "[[rule.threat]]", "[[rule.threat.technique]]",
        "[a]", "[a.b]", "[[a]]", "[ x . y ]", "[metadata]"};

    private static String document(Random random) {
        StringBuilder sb = new StringBuilder();
        int lines = 1 + random.nextInt(8);
        for (int i = 0; i < lines; i++) {
            int kind = random.nextInt(10);
            if (kind < 2) sb.append(HEADERS[random.nextInt(HEADERS.length)]);
            else if (kind == 2) sb.append("# comment");
            else if (kind == 3) sb.append("");
            else sb.append(KEYS[random.nextInt(KEYS.length)]).append(" = ").append(VALUES[random.nextInt(VALUES.length)]);
            sb.append(random.nextInt(8) == 0 ? "\r\n" : "\n");
        }
        return sb.toString();
    }

    private static final String NOISE = "[]{}\"'=.,#\n\\ _-+:0123456789xeEtTZ\t\r\u0000\u007f\u00e9";

    private static String mutate(Random random, String doc) {
        int edits = random.nextInt(3);
        StringBuilder sb = new StringBuilder(doc);
        for (int e = 0; e < edits && sb.length() > 0; e++) {
            int at = random.nextInt(sb.length());
            switch (random.nextInt(3)) {
                case 0 -> sb.deleteCharAt(at);
                case 1 -> sb.insert(at, NOISE.charAt(random.nextInt(NOISE.length())));
                default -> sb.setLength(at);
            }
        }
        return sb.toString();
    }

    private static Map<String, Object> plain(TomlReader.Table t) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : t.values.entrySet()) m.put(e.getKey(), plainValue(e.getValue()));
        return m;
    }

    private static Object plainValue(Object v) {
        if (v instanceof TomlReader.Table t) return plain(t);
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object o : l) out.add(plainValue(o));
            return out;
        }
        return v;
    }

    private static Map<String, Object> plain(TomlTable t) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String k : t.keySet()) m.put(k, plainTomlj(t.get(List.of(k))));
        return m;
    }

    private static Object plainTomlj(Object v) {
        if (v instanceof TomlTable t) return plain(t);
        if (v instanceof TomlArray a) {
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < a.size(); i++) out.add(plainTomlj(a.get(i)));
            return out;
        }
        return v;
    }
}
