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
}
