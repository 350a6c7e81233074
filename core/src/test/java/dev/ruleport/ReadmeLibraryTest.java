package dev.ruleport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ruleport.testsupport.Shared;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's library snippet, extracted as written, compiled against the library and run in a fresh JVM from
 * the repository root, as a user in a clone would run it.
 */
class ReadmeLibraryTest {
    @Test
    void snippetCompilesAndTranslatesTheExampleRule(@TempDir Path dir) throws Exception {
        String readme = Files.readString(Shared.repoRoot().resolve("README.md"), StandardCharsets.UTF_8);
        int section = readme.indexOf("## Library\n");
        int start = readme.indexOf("```java\n", section) + "```java\n".length();
        Path source = dir.resolve("Example.java");
        Files.writeString(source, readme.substring(start, readme.indexOf("```\n", start)));
        String classpath = System.getProperty("java.class.path");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertEquals(0, javac.run(null, null, null, "-cp", classpath, "-d", dir.toString(), source.toString()), "javac");

        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(List.of(java.toString(), "-cp", dir + File.pathSeparator + classpath, "Example"))
                .directory(Shared.repoRoot().toFile()).redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), err);
        assertTrue(out.startsWith("sigma / ecs: exact\n# ruleport: exact translation of credential_access_lsass_snapshot_clone"
                + " (profile ecs): the same events, with the same verdicts\ntitle: 'LSASS Cloned by Itself (PssCaptureSnapshot)'\n"), out);
        assertTrue(out.contains("kql / kql-sentinel-securityevent: exact\n"), out);
        assertTrue(out.contains("SecurityEvent\n| where EventID == 4688\n| where NewProcessName matches regex"), out);
        // the launcher's notice of options taken from the environment (JDK_JAVA_OPTIONS etc.) is not the snippet's output
        assertEquals("", err.replaceAll("(?m)^(NOTE: )?Picked up [A-Z_]+: .*\\R", ""));
    }
}
