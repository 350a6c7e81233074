package dev.ruleport.kql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ruleport.testsupport.OddText;
import org.junit.jupiter.api.Test;

/** KqlText.comment and KqlText.isIdentifier, written as character loops, give what their regexes gave. */
class KqlCommentTest {
    /** KqlText.comment as it was. */
    static String commentByRegex(String text) {
        StringBuilder sb = new StringBuilder();
        for (String line : text.split("\r\n|\r|\n|\u2028|\u2029|\u0085", -1)) {
            sb.append("// ").append(line.replaceAll("[\\p{Cntrl}&&[^\t]]", "?").stripTrailing()).append('\n');
        }
        return sb.toString();
    }

    @Test
    void sameAsTheRegexes() {
        for (String s : OddText.all()) assertEquals(commentByRegex(s), KqlText.comment(s), s);
    }

    /** KqlText.isIdentifier against the pattern it replaced. */
    @Test
    void identifiersAsThePattern() {
        java.util.regex.Pattern p = java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
        for (String s : OddText.all()) {
            assertEquals(p.matcher(s).matches(), KqlText.isIdentifier(s), s);
            for (String part : s.split("[ .]")) assertEquals(p.matcher(part).matches(), KqlText.isIdentifier(part), part);
        }
        for (String s : new String[] {"", "_", "a", "9", "a9", "_9_", "a-b", "a.b", "\u00e9", "process_name"}) {
            assertEquals(p.matcher(s).matches(), KqlText.isIdentifier(s), s);
        }
    }

    @Test
    void examples() {
        assertEquals("// \n", KqlText.comment(""));
        assertEquals("// a\n// b\n// \n", KqlText.comment("a \t\r\nb\n"));
        assertEquals("// a?b\n//  c\n", KqlText.comment("a\u0000b\u2028 c\u2003"));
    }
}
