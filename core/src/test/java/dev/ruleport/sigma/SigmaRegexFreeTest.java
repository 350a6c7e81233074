package dev.ruleport.sigma;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ruleport.testsupport.OddText;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Selection name hints and plain YAML keys, now character loops, are what their regexes gave. */
class SigmaRegexFreeTest {
    /** Detection's hint as it was. */
    static String hintByRegex(String fieldName) {
        String field = fieldName.toLowerCase(Locale.ROOT);
        String h = field.replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
        if (h.length() > 40) h = h.substring(h.length() - 40).replaceAll("^_+", "");
        return h.isEmpty() ? "field" : h;
    }

    @Test
    void sameAsTheRegexes() {
        Pattern plainKey = Pattern.compile("[A-Za-z_@][A-Za-z0-9_.|@-]*");
        List<String> texts = new ArrayList<>(OddText.all());
        texts.add("winlog.event_data.ParentCommandLine|contains|all");
        texts.add("a".repeat(39) + "_" + "b".repeat(5));
        texts.add("x".repeat(5) + "." + "y".repeat(39));
        texts.add("x".repeat(5) + ".." + "y".repeat(40));
        texts.add("x".repeat(41) + ".." + "y".repeat(39));
        texts.add("İstanbul.KELVIN\u212a");
        for (String s : texts) {
            assertEquals(hintByRegex(s), Detection.hint(s), s);
            assertEquals(plainKey.matcher(s).matches(), SigmaYaml.plainKeyShape(s), s);
            for (String part : s.split(" ")) {
                assertEquals(hintByRegex(part), Detection.hint(part), part);
                assertEquals(plainKey.matcher(part).matches(), SigmaYaml.plainKeyShape(part), part);
            }
        }
    }
}
