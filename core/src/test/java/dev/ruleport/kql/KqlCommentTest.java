package dev.ruleport.kql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ruleport.testsupport.OddText;
import org.junit.jupiter.api.Test;

/** KqlText.comment, written as a character loop, gives what its regexes gave. */
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

    @Test
    void examples() {
        assertEquals("// \n", KqlText.comment(""));
        assertEquals("// a\n// b\n// \n", KqlText.comment("a \t\r\nb\n"));
        assertEquals("// a?b\n//  c\n", KqlText.comment("a\u0000b\u2028 c\u2003"));
    }
}
