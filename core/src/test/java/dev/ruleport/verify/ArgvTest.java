package dev.ruleport.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ArgvTest {
    @Test
    void splitsAsCommandLineToArgvW() {
        assertEquals(List.of("C:\\Program Files\\x.exe", "-a", "b c"), Argv.split("\"C:\\Program Files\\x.exe\" -a \"b c\""));
        assertEquals(List.of("a\\\\b", "c\"d"), Argv.split("a\\\\b \"c\\\"d\""));
        assertEquals(List.of("a\\", "b"), Argv.split("\"a\\\\\" b"));
        assertEquals(List.of("", "x"), Argv.split("\"\" x"));
        assertEquals(List.of("say \"hi\""), Argv.split("\"say \"\"hi\"\"\""));
        // a doubled quote inside quotes is a literal quote and ends the quoted part: the blank after it splits
        assertEquals(List.of("a\"b", "c"), Argv.split("\"a\"\"b c\""));
        assertEquals(List.of("a\" b"), Argv.split("\"a\"\"\" b\""));
        // outside quotes a doubled quote is an empty quoted part
        assertEquals(List.of("ab", "c"), Argv.split("a\"\"b c"));
    }

    @Test
    void joinRoundTripsThroughSplit() {
        Random r = new Random(7);
        String alphabet = "ab \\\"\t-/.";
        for (int n = 0; n < 2000; n++) {
            int count = 1 + r.nextInt(4);
            List<String> args = new java.util.ArrayList<>();
            for (int i = 0; i < count; i++) {
                StringBuilder sb = new StringBuilder();
                for (int k = r.nextInt(6); k > 0; k--) sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
                args.add(sb.toString());
            }
            assertEquals(args, Argv.split(Argv.join(args)), () -> "joined: " + Argv.join(args));
        }
    }

    @Test
    void linuxLinesAreTrimmedAndSplitAtSpaces() {
        // the pieces of the trimmed line between spaces, empty ones dropped: a tab or line feed inside stays
        assertEquals(List.of("rm", "-rf", "/tmp/x"), Argv.tokens("  rm  -rf /tmp/x\n"));
        assertEquals(List.of("a\tb", "c"), Argv.tokens("\ta\tb c\r\n"));
        assertEquals(List.of("\"a", "b\""), Argv.tokens("\"a b\""));
        assertEquals(List.of(), Argv.tokens(" \t\u0000 "));
        // arguments joined by spaces read back as they were unless one holds a space
        assertEquals(List.of("bash", "-c", "id"), Argv.tokens(String.join(" ", List.of("bash", "-c", "id"))));
        assertEquals(List.of("sh", "-c", "curl", "x"), Argv.tokens(String.join(" ", List.of("sh", "-c", "curl x"))));
    }
}
