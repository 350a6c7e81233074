package dev.ruleport.javagen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ruleport.testsupport.OddText;
import java.text.Normalizer;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The class and constant names written with character loops are what the regexes they replaced gave. */
class RegexFreeNamesTest {
    /** ClassNames.camel as it was, with regexes. */
    static String camelByRegex(String text) {
        if (text == null) return "";
        String ascii = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
        StringBuilder out = new StringBuilder();
        for (String word : ascii.split("[^A-Za-z0-9]+")) {
            if (word.isEmpty()) continue;
            boolean allUpper = word.equals(word.toUpperCase(Locale.ROOT));
            out.append(Character.toUpperCase(word.charAt(0)));
            String rest = word.substring(1);
            out.append(allUpper ? rest.toLowerCase(Locale.ROOT) : rest);
        }
        return out.toString();
    }

    /** RuleClassWriter.constantName as it was. */
    static String constantNameByRegex(String text) {
        String s = text.replaceAll("[^A-Za-z0-9]+", "_").replaceAll("^_+|_+$", "").toUpperCase(Locale.ROOT);
        if (s.isEmpty()) s = "FIELD";
        if (Character.isDigit(s.charAt(0))) s = "F_" + s;
        return s.length() > 60 ? s.substring(0, 60) : s;
    }

    @Test
    void sameAsTheRegexes() {
        int n = 0;
        for (String s : OddText.all()) {
            assertEquals(camelByRegex(s), ClassNames.camel(s), s);
            assertEquals(constantNameByRegex(s), RuleClassWriter.constantName(s), s);
            assertEquals(s.replaceAll("[^A-Za-z0-9]", ""), ClassNames.asciiLettersAndDigits(s), s);
            n++;
        }
        assertEquals("", ClassNames.camel(null));
        assertEquals(true, n > 20_000);
    }

    @Test
    void examples() {
        assertEquals("CreationDeRegle", ClassNames.camel("Création de règle"));
        assertEquals("CafeBar", ClassNames.camel("cafe\u0301 b\u0301ar"));
        assertEquals("UnusualChildProcessesOfRunDLL32", ClassNames.camel("Unusual Child Processes of RunDLL32"));
        assertEquals("AbcDef", ClassNames.camel("ABC def"));
        assertEquals("PROCESS_NAME", RuleClassWriter.constantName("process.name"));
        assertEquals("F_1A", RuleClassWriter.constantName("__1a__"));
        assertEquals("FIELD", RuleClassWriter.constantName("..."));
    }
}
