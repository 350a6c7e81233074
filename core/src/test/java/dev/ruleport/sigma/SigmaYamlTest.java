package dev.ruleport.sigma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ruleport.backend.TranslateOptions;
import dev.ruleport.backend.Translation;
import dev.ruleport.compile.CompiledRule;
import dev.ruleport.compile.Frontend;
import dev.ruleport.io.YamlText;
import dev.ruleport.lower.LossMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link SigmaYaml#dump} writes the shapes Sigma documents have itself ({@link SigmaYaml.Direct}) and leaves the
 * rest to snakeyaml: the text must be snakeyaml's, byte for byte, for every document of every corpus rule's Sigma
 * output and for odd keys, values and shapes.
 */
class SigmaYamlTest {
    private static String snakeyaml(Map<String, ?> doc) {
        return YamlText.serialize(SigmaYaml.node(doc, false), 4, false);
    }

    @Test
    void everyCorpusDocumentIsWrittenAsSnakeyamlWritesIt() {
        SigmaBackend backend = new SigmaBackend();
        int docs = 0, direct = 0;
        for (String profile : List.of("ecs", "sigma-windows", "sigma-linux", "sigma-macos", "sigma-network", "sigma-cloud")) {
            TranslateOptions opts = TranslateOptions.of(SigmaTestSupport.profile(profile)).withMode(LossMode.ANY);
            for (Frontend.Outcome o : dev.ruleport.testsupport.Corpus.outcomes()) {
                Translation t = backend.translate(new CompiledRule(o.rule(), o.query()), opts);
                if (!t.ok()) continue;
                for (Object d : SigmaYaml.loadAll(t.text())) {
                    @SuppressWarnings("unchecked") Map<String, ?> doc = (Map<String, ?>) d;
                    docs++;
                    if (SigmaYaml.Direct.write(doc) != null) direct++;
                    assertEquals(snakeyaml(doc), SigmaYaml.dump(doc), o.path() + " (" + profile + ")");
                    // the document read back is the one written: its text is in the output as it is
                    assertTrue(t.text().contains(SigmaYaml.dump(doc)), o.path() + " (" + profile + ")");
                }
            }
        }
        assertTrue(docs > 1500, docs + " documents");
        assertTrue(direct > docs * 0.95, direct + " of " + docs + " documents written directly");
    }

    /** Values snakeyaml quotes, escapes, folds or tags in its own ways. */
    private static final List<Object> ODD_VALUES = List.of("", " ", "  ", "a", "it's", "''", "'", "\"", "\"q\" and 'q'",
            "a: b", "a:b", ":", "a #b", "#", "# c", "-", "- a", "-a", "--", "---", "...", "?", "? a", "@a", "*a", "&a", "!a",
            "%a", "`a", "|", ">", "[a]", "{a}", "a, b", "~", "null", "Null", "NULL", "yes", "no", "Yes", "NO", "on", "off",
            "y", "n", "true", "False", "0", "1", "-1", "007", "0x10", "0o7", "1e3", "1.5", ".5", ".inf", "-.inf", ".nan",
            "1_000", "12:30:00", "2024-01-01", "2024-01-01T10:00:00Z", "=", "<<", "é", "ünïcödé", "日本語", "\u00a0",
            "emoji \ud83d\ude00", "\ufeffbom", "\u007f", "\u0085", "\u2028", "\u2029", "\u0080", "\u009f", "tab\there",
            "\t", "cr\rlf", "\r\n", "a\nb", "a\n\nb", "a\n\n\nb", "\na", "a\n", "\n", "\n\n", "a \nb", "a\n b", "a \n b",
            " a", "a ", " a\nb ", "C:\\Windows\\*.exe", "\\\\server\\share", "*", "?:\\*", "a'b'c", "%SystemRoot%",
            "x".repeat(200), ("word ").repeat(40), "line\n".repeat(5) + "end",
            0, 1, -1, 42L, Long.MAX_VALUE, Integer.MIN_VALUE, 1.5, -0.0, 1e300, 1e-7, Double.NaN,
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, true, false);

    private static final List<String> ODD_KEYS = List.of("a", "title", "CommandLine|contains|all", "a.b.c", "a_b", "_a",
            "a-b", "a|b", "@a", "a@b", "a b", "a: b", "a:b", "a#b", "-a", "1a", "123", "yes", "no", "null", "true", "on",
            "y", "~", "", " ", "é", "a\nb", "it's", "'", "\"", "k".repeat(126), "k".repeat(127), "k".repeat(128),
            "k".repeat(129), "a.", "a|", "selection_1", "A", "Z9");

    @Test
    void oddValuesAndKeysAreWrittenAsSnakeyamlWritesThem() {
        int direct = 0;
        for (Object v : ODD_VALUES) {
            for (Map<String, Object> doc : shapes(v)) {
                assertEquals(snakeyaml(doc), SigmaYaml.dump(doc), doc.toString());
                if (SigmaYaml.Direct.write(doc) != null) direct++;
            }
        }
        for (String k : ODD_KEYS) {
            for (Object v : List.of("v", "a\nb", 1)) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put(k, v);
                doc.put("nested", new LinkedHashMap<>(Map.of(k, v)));
                doc.put("list", List.of(new LinkedHashMap<>(Map.of(k, v)), new LinkedHashMap<>(Map.of("x", v, k + "2", List.of(v)))));
                assertEquals(snakeyaml(doc), SigmaYaml.dump(doc), doc.toString());
            }
        }
        assertTrue(direct > ODD_VALUES.size(), direct + " odd documents written directly");
    }

    /** The value at every place a Sigma document can hold one, and in empty and nested collections. */
    private static List<Map<String, Object>> shapes(Object v) {
        List<Map<String, Object>> out = new ArrayList<>();
        Map<String, Object> flat = new LinkedHashMap<>();
        flat.put("title", v);
        flat.put("after", "x");
        out.add(flat);
        Map<String, Object> deep = new LinkedHashMap<>();
        Map<String, Object> detection = new LinkedHashMap<>();
        Map<String, Object> selection = new LinkedHashMap<>();
        selection.put("field|contains", v);
        selection.put("list", Arrays.asList(v, "b", v));
        selection.put("nested", new LinkedHashMap<>(Map.of("inner", Arrays.asList(v))));
        detection.put("selection", selection);
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("first", v);
        item.put("second", Arrays.asList(v, v));
        item.put("third", new LinkedHashMap<>(Map.of("x", v)));
        detection.put("alternatives", List.of(item, new LinkedHashMap<>(Map.of("only", v))));
        detection.put("condition", "selection");
        deep.put("detection", detection);
        deep.put("tags", Arrays.asList(v, "attack.t1059"));
        out.add(deep);
        Map<String, Object> odd = new LinkedHashMap<>();
        odd.put("empty map", new LinkedHashMap<>());
        odd.put("emptyList", List.of());
        odd.put("listOfLists", List.of(List.of(v, "x"), List.of()));
        odd.put("nothing", null);
        odd.put("value", v);
        out.add(odd);
        return out;
    }

    @Test
    void anEmptyDocumentIsLeftToSnakeyaml() {
        assertEquals(null, SigmaYaml.Direct.write(Map.of()));
        assertNotNull(SigmaYaml.dump(Map.of()));
        assertEquals(snakeyaml(Map.of()), SigmaYaml.dump(Map.of()));
    }
}
