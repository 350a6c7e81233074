package dev.ruleport.kql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The argv split and join the round trips project Windows command lines with. */
class WindowsCommandLineTest {
    @Test
    void splitsArgumentsAsTheCRuntimeDocumentsThem() {
        // Microsoft, "Parsing C command-line arguments", the examples table (after a program name)
        assertEquals(List.of("p", "a b c", "d", "e"), WindowsCommandLine.split("p \"a b c\" d e"));
        assertEquals(List.of("p", "ab\"c", "\\", "d"), WindowsCommandLine.split("p \"ab\\\"c\" \"\\\\\" d"));
        assertEquals(List.of("p", "a\\\\\\b", "de fg", "h"), WindowsCommandLine.split("p a\\\\\\b d\"e f\"g h"));
        assertEquals(List.of("p", "a\\\"b", "c", "d"), WindowsCommandLine.split("p a\\\\\\\"b c d"));
        assertEquals(List.of("p", "a\\\\b c", "d", "e"), WindowsCommandLine.split("p a\\\\\\\\\"b c\" d e"));
        // "" inside quotes: a literal quote that ends the quoted part (CommandLineToArgvW, pre-2008 rule)
        assertEquals(List.of("p", "ab\"", "c", "d"), WindowsCommandLine.split("p a\"b\"\" c d"));
        // empty arguments, runs of blanks, trailing blanks
        assertEquals(List.of("p", "", "x"), WindowsCommandLine.split("p \"\"\tx  "));
        assertEquals(List.of("p"), WindowsCommandLine.split("p   "));
    }

    @Test
    void theProgramNameHasItsOwnRules() {
        // quoted: up to the next quote, no escapes; what follows the closing quote starts the next argument
        assertEquals(List.of("C:\\Program Files\\x.exe", "-a"), WindowsCommandLine.split("\"C:\\Program Files\\x.exe\" -a"));
        assertEquals(List.of("C:\\a\\", "b"), WindowsCommandLine.split("\"C:\\a\\\"b"));
        // unquoted: up to the first blank, quotes literal
        assertEquals(List.of("a\"b", "c"), WindowsCommandLine.split("a\"b c"));
        assertEquals(List.of("", "a"), WindowsCommandLine.split(" a"));
        assertEquals(List.of("cmd", "/c", "echo \"hi\""), WindowsCommandLine.split("cmd /c \"echo \\\"hi\\\"\""));
    }

    @Test
    void argumentsAppendToALine() {
        assertEquals("cmd /c \"a b\" x", WindowsCommandLine.append("cmd /c", List.of("a b", "x")));
        assertNull(WindowsCommandLine.append("cmd \"/c", List.of("x")));
    }

    @Test
    void joinIsTheInverseOfSplit() {
        assertEquals("\"C:\\Program Files\\x.exe\" -a \"b c\" \"\" \"q\\\"\" e\\",
                WindowsCommandLine.join(List.of("C:\\Program Files\\x.exe", "-a", "b c", "", "q\"", "e\\")));
        assertNull(WindowsCommandLine.join(List.of("\"x")));
        assertNull(WindowsCommandLine.join(List.of("a \"b")));
        assertNull(WindowsCommandLine.join(List.of()));
        Random random = new Random(14);
        char[] alphabet = {'a', 'b', ' ', '\t', '"', '\\', '\\'};
        for (int round = 0; round < 20_000; round++) {
            List<String> args = new ArrayList<>();
            int count = 1 + random.nextInt(4);
            for (int i = 0; i < count; i++) {
                StringBuilder sb = new StringBuilder();
                int len = random.nextInt(6);
                for (int k = 0; k < len; k++) sb.append(alphabet[random.nextInt(alphabet.length)]);
                args.add(sb.toString());
            }
            String line = WindowsCommandLine.join(args);
            if (line == null) continue;
            assertEquals(args, WindowsCommandLine.split(line), "joined as [" + line + "]");
        }
    }
}
