package dev.ruleport.spl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ruleport.testsupport.OddText;
import org.junit.jupiter.api.Test;

/** SplStrings.commentText and isSearchField, without their regexes, give what they gave. */
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

    /** SplStrings.isSearchField against the pattern it replaced. */
    @Test
    void searchFieldsAsThePattern() {
        java.util.regex.Pattern p = java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");
        for (String s : dev.ruleport.testsupport.OddText.all()) {
            assertEquals(p.matcher(s).matches(), SplStrings.isSearchField(s), s);
            for (String part : s.split(" ")) assertEquals(p.matcher(part).matches(), SplStrings.isSearchField(part), part);
        }
        for (String s : new String[] {"", ".", "_", "a.", "9a", "a9.b", "process.name", "a-b", "a..b"}) {
            assertEquals(p.matcher(s).matches(), SplStrings.isSearchField(s), s);
        }
    }

    @Test
    void sameAsTheRegex() {
        for (String s : OddText.all()) assertEquals(commentTextByRegex(s), SplStrings.commentText(s), s);
        assertEquals("", SplStrings.commentText(null));
        assertEquals("a b 'c' d", SplStrings.commentText("  a \t\n b  `c`\u0000d \u2003"));
    }
}
