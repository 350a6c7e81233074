package dev.ruleport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 19 item 15: a named pipe given as a rule file is a diagnostic, never a read that blocks forever. */
class SpecialFilesCliTest {
    @Test
    void aPipeIsNotReadAsARule(@TempDir Path tmp) throws Exception {
        Path fifo = tmp.resolve("rule.toml");
        Process p = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertEquals(0, p.waitFor(), "mkfifo");
        CliTest.Run r = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> CliTest.run("check", fifo.toString()));
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue((r.out() + r.err()).contains("cannot read file: not a regular file (a pipe, device or socket)"), r.out() + r.err());
    }
}
