package dev.ruleport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every example of the README, as written: each {@code ./ruleport} command of a shell block runs in a copy of the
 * repository's rules (its output, where the README shows it, compared), the profile YAML loads and translates, the
 * Java matcher snippet compiles against the classes generated from {@code rules/} and runs, the fixture example passes
 * {@code ruleport test}. (The library snippet is {@code ReadmeLibraryTest}'s; the Maven plugin's is the invoker
 * tests'; the test command is what {@code .ci/run} runs.)
 */
class ReadmeExamplesTest {
    /** Lines of shell blocks that are not ruleport commands, and why they are not run here. */
    private static final Map<String, String> NOT_RUN = Map.of(
            "mvn -q -DskipTests package", "the build itself",
            "npm ci --prefix core/src/test/kql-validator --no-audit --no-fund && mvn -B verify", "the test command, run by .ci/run",
            "java -jar benchmarks/target/benchmarks.jar 'ParseBenchmark|SingleEventBenchmark|SequenceBenchmark'", "benchmarks: minutes",
            "java -cp benchmarks/target/benchmarks.jar dev.ruleport.bench.RuleCosts 15    # costliest rules, generated vs interpreter",
            "benchmarks: minutes");
    private static final ObjectMapper JSON = new ObjectMapper();

    static String readme() throws IOException {
        return Files.readString(ReportTest.repoRoot().resolve("README.md"), StandardCharsets.UTF_8);
    }

    /** The text of each fenced block of a language. */
    static List<String> blocks(String readme, String language) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^```" + language + "\\n(.*?)^```$", Pattern.DOTALL).matcher(readme);
        while (m.find()) out.add(m.group(1));
        return out;
    }

    private static Path shared() {
        String p = System.getProperty("ruleport.shared");
        return p == null ? Path.of("..", "..", "shared") : Path.of(p);
    }

    /** events.ndjson.gz for the match example: every event of the example rules' fixture files, in time order. */
    private static void writeEvents(Path rules, Path file) throws IOException {
        List<JsonNode> events = new ArrayList<>();
        try (Stream<Path> s = Files.list(rules)) {
            for (Path f : s.filter(p -> p.toString().endsWith(".fixtures.ndjson")).sorted().toList()) {
                for (String line : Files.readAllLines(f)) {
                    if (line.isBlank() || line.startsWith("//")) continue;
                    JSON.readTree(line).get("events").forEach(events::add);
                }
            }
        }
        events.sort(java.util.Comparator.comparing(e -> {
            try {
                return java.time.Instant.parse(e.path("@timestamp").asText());
            } catch (java.time.format.DateTimeParseException x) {
                return java.time.Instant.EPOCH;
            }
        }));
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            for (JsonNode e : events) out.write((JSON.writeValueAsString(e) + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void everyRuleportCommandOfTheReadmeRunsAsWritten(@TempDir Path tmp) throws IOException {
        Path rules = FirstContactTest.cloneRules(tmp);
        writeEvents(rules, tmp.resolve("events.ndjson.gz"));
        int ran = 0;
        for (String block : blocks(readme(), "sh")) {
            List<String> lines = block.lines().toList();
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (NOT_RUN.containsKey(line)) continue;
                int ruleport = line.indexOf("./ruleport ");
                assertTrue(ruleport == 0 || line.startsWith("mvn -q -DskipTests package && ./ruleport "),
                        "a README shell line this test does not know: " + line);
                String command = line.substring(ruleport + "./ruleport ".length());
                String comment = null;
                int hash = command.indexOf("  #");
                if (hash >= 0) {
                    comment = command.substring(hash + 3).trim();
                    command = command.substring(0, hash).trim();
                }
                String redirect = null;
                int gt = command.indexOf(" > ");
                if (gt >= 0) {
                    redirect = command.substring(gt + 3).trim();
                    command = command.substring(0, gt).trim();
                }
                // the output the README shows: the lines up to the next command
                List<String> shown = new ArrayList<>();
                while (i + 1 < lines.size() && !lines.get(i + 1).startsWith("./ruleport ") && !NOT_RUN.containsKey(lines.get(i + 1))) {
                    shown.add(lines.get(++i));
                }
                List<String> args = new ArrayList<>();
                boolean needsShared = false;
                for (String a : command.split("\\s+")) {
                    needsShared |= a.startsWith("../shared/");
                    args.add(a.startsWith("../shared/") ? shared().resolve(a.substring("../shared/".length())).toString() : a);
                }
                if (needsShared && !Files.isDirectory(shared().resolve("corpus"))) {
                    if ("true".equals(System.getenv("CI"))) throw new AssertionError("shared corpus missing under CI");
                    System.err.println("ReadmeExamplesTest: skipped (no ../shared): " + line);
                    continue;
                }
                CliTest.Run r = CliTest.run(FirstContactTest.inFolder(args, tmp));
                ran++;
                Matcher checked = Pattern.compile("checked \\d+ rules: \\d+ ok, (\\d+) failed").matcher(comment == null ? "" : comment);
                if (checked.find()) {
                    assertTrue(r.out().contains(checked.group()), line + "\n" + r.out());
                    assertEquals(checked.group(1).equals("0") ? 0 : 1, r.exit(), line);
                } else {
                    assertEquals(0, r.exit(), line + "\n" + r.err());
                }
                if (!shown.isEmpty()) assertEquals(String.join("\n", shown) + "\n", r.out(), line);
                if (redirect != null) {
                    assertTrue(!r.out().isEmpty(), line + ": nothing to write to " + redirect);
                    for (String alert : r.out().lines().toList()) assertTrue(JSON.readTree(alert).has("rule_id"), alert);
                }
                if (command.contains("--report report")) {
                    assertTrue(Files.isRegularFile(tmp.resolve("report/index.html")));
                    ReportTest.assertHtmlShowsTheRows(tmp.resolve("report/index.html"), JSON.readTree(tmp.resolve("report/report.json").toFile()));
                }
            }
        }
        assertTrue(ran >= 5, "ruleport commands run: " + ran);
    }

    /** The first untagged block after {@code marker}. */
    private static String shownAfter(String readme, String marker) {
        int at = readme.indexOf(marker);
        assertTrue(at >= 0, marker);
        int start = readme.indexOf("\n```\n", at) + "\n```\n".length();
        return readme.substring(start, readme.indexOf("```\n", start));
    }

    @Test
    void theOutputsTheReadmeShowsAreTheCompilersOwn(@TempDir Path tmp) throws IOException {
        String readme = readme();
        Path rules = FirstContactTest.cloneRules(tmp);
        String prefix = tmp + java.io.File.separator;

        // a syntax error, with its position and caret (the rule of CliTest.BAD saved as rules/bad.toml)
        Files.writeString(rules.resolve("bad.toml"), CliTest.BAD);
        CliTest.Run bad = CliTest.run("check", rules.resolve("bad.toml").toString());
        String shownBad = shownAfter(readme, "Diagnostics point into the rule file itself");
        assertTrue(bad.out().replace(prefix, "").startsWith(shownBad), bad.out() + "\nvs\n" + shownBad);

        // a refusal
        CliTest.Run refusal = CliTest.run("convert", "--to", "sigma", rules.resolve("command_and_control_downloader_without_connection.toml").toString());
        assertEquals(0, refusal.exit(), refusal.err());
        assertEquals(shownAfter(readme, "A refusal names the construct"), refusal.err().replace(prefix, ""));

        // the seed rule on Sentinel's SecurityEvent: the query below the output header
        CliTest.Run seed = CliTest.run("convert", "--to", "kql", "--profile", "kql-sentinel-securityevent",
                rules.resolve("credential_access_lsass_snapshot_clone.toml").toString());
        assertEquals(0, seed.exit(), seed.err());
        String query = String.join("\n", seed.out().lines().filter(l -> !l.startsWith("//")).toList()) + "\n";
        assertEquals(shownAfter(readme, "The seed rule ("), query);
    }

    @Test
    void theProfileExampleLoadsAndTranslates(@TempDir Path tmp) throws IOException {
        String readme = readme();
        int section = readme.indexOf("## Mapping profiles\n");
        String yaml = blocks(readme.substring(section), "yaml").get(0);
        Path profile = Files.writeString(tmp.resolve("my-sysmon.yml"), yaml);
        Path rule = Files.writeString(tmp.resolve("whoami.toml"), CliTest.GOOD.replace("process.name : \"whoami.exe\"",
                "host.os.type == \"windows\" and event.type == \"start\" and process.name : \"whoami.exe\""));
        CliTest.Run r = CliTest.run("convert", "--to", "spl", "--profile", profile.toString(), rule.toString());
        assertEquals(0, r.exit(), r.err());
        String expected = "index=sysmon EventCode=1 (Image IN (\"*\\\\whoami.exe\", \"whoami.exe\"))";
        assertTrue(r.out().contains("translation: exact"), r.out());
        assertTrue(r.out().endsWith(expected + "\n"), r.out());
        assertTrue(readme.contains("`" + expected + "`"), "the README states this output");
    }

    @Test
    void theFixtureExamplePassesTest(@TempDir Path tmp) throws IOException {
        Path rules = FirstContactTest.cloneRules(tmp);
        String readme = readme();
        String cases = blocks(readme.substring(readme.indexOf("## Fixture events\n")), "json").get(0);
        Path rule = rules.resolve("credential_access_lsass_snapshot_clone.toml");
        Files.writeString(rules.resolve("credential_access_lsass_snapshot_clone.fixtures.ndjson"), cases);
        CliTest.Run r = CliTest.run("test", rule.toString());
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().startsWith("ok     " + rule + " (2 cases)"), r.out());
    }

    @Test
    void theMatcherSnippetCompilesAgainstTheGeneratedClassesAndRuns(@TempDir Path tmp) throws Exception {
        String readme = readme();
        String snippet = blocks(readme.substring(readme.indexOf("## Java matchers and rule sets\n")), "java").get(0);
        Path gen = tmp.resolve("gen");
        CliTest.Run r = CliTest.run("convert", "--to", "java", "--out", gen.toString(), ReportTest.repoRoot().resolve("rules").toString());
        assertEquals(0, r.exit(), r.err());
        Files.writeString(gen.resolve("Alerts.java"), snippet);
        List<String> sources;
        try (Stream<Path> s = Files.walk(gen)) {
            sources = s.filter(p -> p.toString().endsWith(".java")).map(Path::toString).toList();
        }
        Path classes = Files.createDirectories(tmp.resolve("classes"));
        List<String> javacArgs = new ArrayList<>(List.of("-cp", System.getProperty("java.class.path"), "-d", classes.toString(), "-nowarn"));
        javacArgs.addAll(sources);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        assertEquals(0, javac.run(null, null, diagnostics, javacArgs.toArray(String[]::new)), diagnostics.toString());

        // run it on the lsass example event: the seed rule alerts, once per loop
        Map<String, Object> event = JSON.readValue("{\"@timestamp\": \"2026-01-01T00:00:00Z\", \"event\": {\"category\": [\"process\"], "
                + "\"code\": \"4688\"}, \"host\": {\"os\": {\"type\": \"windows\"}}, \"process\": {\"executable\": "
                + "\"C:\\\\Windows\\\\System32\\\\lsass.exe\", \"parent\": {\"executable\": \"C:\\\\Windows\\\\System32\\\\lsass.exe\"}}}", Map.class);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            Method run = loader.loadClass("Alerts").getDeclaredMethod("run", List.class);
            run.setAccessible(true);
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            run.invoke(null, List.of(event));
        } finally {
            System.setOut(stdout);
        }
        String ruleId = Files.readAllLines(ReportTest.repoRoot().resolve("rules/credential_access_lsass_snapshot_clone.toml")).stream()
                .filter(l -> l.startsWith("rule_id")).findFirst().orElseThrow().replaceAll(".*\"(.*)\".*", "$1");
        String alert = ruleId + " LSASS Cloned by Itself (PssCaptureSnapshot)\n";
        assertEquals(alert + alert, printed.toString(StandardCharsets.UTF_8));
    }
}
