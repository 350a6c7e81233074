package dev.ruleport.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: {@code convert --to all} writes the same files, byte for byte, on one thread and on several. The input is
 * the example rules (every construct, Elastic and Sigma) and every fifth rule of the corpus, converted once each way.
 */
class ParallelConvertCliTest {
    @TempDir static Path tmp;
    private static Path oneThread;
    private static Path fourThreads;
    private static CliTest.Run oneRun;
    private static CliTest.Run fourRun;

    @BeforeAll
    static void convertBothWays() throws IOException {
        Path corpus = CliTest.shared().resolve("corpus/detection-rules");
        Path slice = tmp.resolve("in/corpus");
        List<Path> rules;
        try (Stream<Path> s = Files.walk(corpus)) {
            rules = s.filter(p -> p.toString().endsWith(".toml")).sorted().toList();
        }
        for (int i = 0; i < rules.size(); i += 5) {
            Path to = slice.resolve(corpus.relativize(rules.get(i)).toString());
            Files.createDirectories(to.getParent());
            Files.copy(rules.get(i), to);
        }
        Path examples = ReportTest.repoRoot().resolve("rules");
        oneThread = tmp.resolve("one");
        fourThreads = tmp.resolve("four");
        oneRun = CliTest.run("convert", "--to", "all", "--threads", "1", "--out", oneThread.toString(), examples.toString(), slice.toString());
        fourRun = CliTest.run("convert", "--to", "all", "--threads", "4", "--out", fourThreads.toString(), examples.toString(), slice.toString());
    }

    private static List<Path> files(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void bothRunsSucceedWithTheSameReport() {
        assertEquals(0, oneRun.exit(), oneRun.err());
        assertEquals(0, fourRun.exit(), fourRun.err());
        assertEquals(oneRun.out(), fourRun.out());
        assertEquals(oneRun.err(), fourRun.err());
    }

    @Test
    void everyTargetWroteOutputs() {
        List<Path> written = files(oneThread);
        for (String target : List.of("sigma", "kql", "spl", "eql", "java")) {
            long n = written.stream().filter(p -> p.getName(0).toString().equals(target)).count();
            assertTrue(n > 100, target + ": " + n + " files");
        }
        assertTrue(written.contains(Path.of("java/dev/ruleport/generated/RuleSet.java")), written.toString());
    }

    @Test
    void theSameFilesByteForByte() throws IOException {
        List<Path> one = files(oneThread);
        assertEquals(one, files(fourThreads));
        for (Path p : one) {
            assertArrayEquals(Files.readAllBytes(oneThread.resolve(p)), Files.readAllBytes(fourThreads.resolve(p)), p.toString());
        }
    }
}
