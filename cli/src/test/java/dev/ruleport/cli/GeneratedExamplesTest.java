package dev.ruleport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code generated-examples/} must be exactly what {@code ./generate-examples} produces from
 * {@code rules/} with the current compiler: regenerate it into a temporary folder and compare.
 */
class GeneratedExamplesTest {
    @Test
    void committedExamplesMatchTheCompiler(@TempDir Path tmp) throws IOException {
        String rootProp = System.getProperty("ruleport.root");
        Path root = (rootProp != null ? Path.of(rootProp) : Path.of("..")).toAbsolutePath().normalize();
        Path rules = root.resolve("rules");
        Path committed = root.resolve("generated-examples");
        assertTrue(Files.isDirectory(rules), "rules/ folder missing at " + rules);

        Path fresh = tmp.resolve("generated-examples");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.commandLine(new PrintWriter(out), new PrintWriter(err))
                .execute("convert", "--to", "all", "--all-profiles", "--out", fresh.toString(), rules.toString());
        assertTrue(exit <= 1, "convert failed with exit " + exit + ":\n" + err);
        for (String[] run : DEPLOY_RUNS) {
            List<String> args = new ArrayList<>(List.of("convert"));
            args.addAll(List.of(run).subList(1, run.length));
            args.addAll(List.of("--out", fresh.resolve("deploy").resolve(run[0]).toString(), rules.toString()));
            int e = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(err)).execute(args.toArray(String[]::new));
            assertTrue(e <= 1, String.join(" ", args) + " failed with exit " + e + ":\n" + err);
        }

        TreeMap<String, String> expected = files(fresh);
        // the run's manifest (what it wrote, for removing stale outputs next time) is not committed with the examples
        assertTrue(expected.remove(OutputManifest.FILE_NAME) != null, "convert --out wrote no manifest");
        for (String[] run : DEPLOY_RUNS) {
            String manifest = "deploy/" + run[0] + "/" + OutputManifest.FILE_NAME;
            assertTrue(expected.remove(manifest) != null, "no manifest " + manifest);
        }
        TreeMap<String, String> actual = files(committed);
        List<String> drift = new ArrayList<>();
        for (String f : expected.keySet()) {
            if (!actual.containsKey(f)) drift.add("missing: " + f);
            else if (!actual.get(f).equals(expected.get(f))) drift.add("differs: " + f);
        }
        for (String f : actual.keySet()) if (!expected.containsKey(f)) drift.add("stale: " + f);
        assertEquals(List.of(), drift, "generated-examples/ has drifted from the compiler; run ./generate-examples");
        assertTrue(expected.size() > 0, "no examples were generated");
    }

    /** The deployable formats ./generate-examples writes under generated-examples/deploy/: folder, then the options. */
    static final String[][] DEPLOY_RUNS = {
            {"sentinel", "--to", "kql", "--all-profiles", "--format", "sentinel"},
            {"sentinel-arm", "--to", "kql", "--all-profiles", "--format", "sentinel-arm"},
            {"defender/kql/kql-defender-xdr", "--to", "kql", "--profile", "kql-defender-xdr", "--format", "defender"},
            {"savedsearches", "--to", "spl", "--all-profiles", "--format", "savedsearches"}};

    private static TreeMap<String, String> files(Path dir) throws IOException {
        TreeMap<String, String> out = new TreeMap<>();
        if (!Files.isDirectory(dir)) return out;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                out.put(dir.relativize(p).toString().replace('\\', '/'), Files.readString(p));
            }
        }
        return out;
    }
}
