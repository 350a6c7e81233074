package dev.ruleport.spl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ruleport.testsupport.OddText;
import org.junit.jupiter.api.Test;

/** SplStrings.commentText, without its regex, gives what it gave. */
class SplCommentTextTest {
    /** SplStrings.commentText as it was. */
    static String commentTextByRegex(String s) {
        if (s == null) return "";
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '`') sb.append('\'');
            else if (c == '\n' || c == '\r' || c == '\t') sb.append(' ');
            else if (c < 0x20 || c == 0x7f) sb.append(' ');
            else sb.append(c);
        }
        return sb.toString().replaceAll(" {2,}", " ").strip();
    }

    @Test
    void sameAsTheRegex() {
        for (String s : OddText.all()) assertEquals(commentTextByRegex(s), SplStrings.commentText(s), s);
        assertEquals("", SplStrings.commentText(null));
        assertEquals("a b 'c' d", SplStrings.commentText("  a \t\n b  `c`\u0000d \u2003"));
    }
}
