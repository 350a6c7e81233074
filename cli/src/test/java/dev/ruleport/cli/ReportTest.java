package dev.ruleport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code convert --report DIR}: report.json against its schema, its figures against the summary table the same run
 * prints, and index.html parsed: its table rows are the JSON rows, it loads nothing from outside. Where a headless
 * Chromium is installed, the page is also run in it.
 */
class ReportTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TABLE_ROW = Pattern.compile("^(\\S.*?)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)$");

    static Path repoRoot() {
        String p = System.getProperty("ruleport.root");
        return (p != null ? Path.of(p) : Path.of("..")).toAbsolutePath().normalize();
    }

    static JsonSchema schema() throws IOException {
        try (InputStream in = Report.class.getResourceAsStream("report.schema.json")) {
            assertNotNull(in, "report.schema.json is not a resource of the cli");
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
        }
    }

    static List<String> validate(JsonNode doc) throws IOException {
        List<String> out = new ArrayList<>();
        for (ValidationMessage m : schema().validate(doc)) out.add(m.getMessage());
        return out;
    }

    /** The summary table a convert run printed: job → counts, and the refusal reasons line's code → count. */
    record Printed(Map<String, List<Integer>> table, Map<String, Integer> reasons, int rules) {}

    static Printed printed(String stdout) {
        Map<String, List<Integer>> table = new LinkedHashMap<>();
        Map<String, Integer> reasons = new LinkedHashMap<>();
        int rules = -1;
        for (String line : stdout.split("\n")) {
            Matcher head = Pattern.compile("^target / profile \\((\\d+) rules\\)").matcher(line);
            if (head.find()) {
                rules = Integer.parseInt(head.group(1));
                continue;
            }
            if (line.startsWith("refusal reasons:")) {
                String[] parts = line.substring("refusal reasons:".length()).trim().split(" ");
                for (int i = 0; i + 1 < parts.length; i += 2) reasons.put(parts[i], Integer.parseInt(parts[i + 1]));
                continue;
            }
            Matcher m = TABLE_ROW.matcher(line);
            if (m.matches()) {
                List<Integer> c = new ArrayList<>();
                for (int i = 2; i <= 6; i++) c.add(Integer.parseInt(m.group(i)));
                table.put(m.group(1), c);
            }
        }
        return new Printed(table, reasons, rules);
    }

    /** Asserts the JSON's figures are the printed table's, and the rows add up to them. */
    static void assertFiguresEqualTheSummary(JsonNode doc, String stdout) {
        Printed p = printed(stdout);
        assertEquals(p.rules(), doc.get("rules").asInt(), "rule count");
        Map<String, List<Integer>> json = new LinkedHashMap<>();
        for (JsonNode s : doc.get("summary")) {
            List<Integer> c = new ArrayList<>();
            for (String f : Report.FIDELITIES) c.add(s.get(f).asInt());
            json.put(s.get("target").asText() + " / " + s.get("profile").asText(), c);
        }
        assertFalse(p.table().isEmpty(), stdout);
        assertEquals(p.table(), json, "report.json summary vs the printed table");
        Map<String, Integer> reasons = new LinkedHashMap<>();
        for (JsonNode r : doc.get("refusal_reasons")) reasons.put(r.get("code").asText(), r.get("count").asInt());
        assertEquals(new TreeMap<>(p.reasons()), new TreeMap<>(reasons), "refusal reasons vs the printed line");
        // the rows are what the figures count
        Map<String, List<Integer>> fromRows = new LinkedHashMap<>();
        json.keySet().forEach(k -> fromRows.put(k, new ArrayList<>(List.of(0, 0, 0, 0, 0))));
        for (JsonNode r : doc.get("rows")) {
            List<Integer> c = fromRows.get(r.get("target").asText() + " / " + r.get("profile").asText());
            int i = Report.FIDELITIES.indexOf(r.get("fidelity").asText());
            c.set(i, c.get(i) + 1);
        }
        assertEquals(json, fromRows, "rows per fidelity");
    }

    @Test
    void reportOfTheExampleRules(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("out");
        Path rep = tmp.resolve("report");
        CliTest.Run r = CliTest.run("convert", "--to", "all", "--out", out.toString(), "--report", rep.toString(),
                repoRoot().resolve("rules").toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode doc = JSON.readTree(rep.resolve("report.json").toFile());
        assertEquals(List.of(), validate(doc));
        assertFiguresEqualTheSummary(doc, r.out());
        assertEquals(doc.get("rules").asInt() * doc.get("summary").size(), doc.get("rows").size());

        Set<String> outputs = new HashSet<>();
        for (JsonNode row : doc.get("rows")) {
            String fidelity = row.get("fidelity").asText();
            if (fidelity.equals("exact") || fidelity.equals("equivalent")) {
                Path o = Path.of(row.get("output").asText());
                assertTrue(Files.isRegularFile(o), "output of " + row);
                assertTrue(o.startsWith(out), o.toString());
                outputs.add(o.toString());
            }
            for (JsonNode why : row.get("reasons")) {
                if (why.get("line").asInt() > 0) {
                    assertEquals(why.get("file").asText() + ":" + why.get("line").asInt() + ":" + why.get("column").asInt(),
                            why.get("position").asText());
                }
            }
        }
        try (Stream<Path> s = Files.walk(out)) {
            // every file the run wrote is some row's output (besides the Java rule set and the manifest)
            List<String> files = s.filter(Files::isRegularFile).map(Path::toString)
                    .filter(f -> !f.endsWith("RuleSet.java") && !f.endsWith(OutputManifest.FILE_NAME)).sorted().toList();
            assertEquals(files, outputs.stream().sorted().toList());
        }

        // a refusal names its reason code and position in the rule file
        JsonNode missingEvent = row(doc, "command_and_control_downloader_without_connection.toml", "sigma", "ecs");
        assertEquals("refused", missingEvent.get("fidelity").asText());
        assertNull(missingEvent.get("output").textValue());
        JsonNode reason = missingEvent.get("reasons").get(0);
        assertEquals("missing-event", reason.get("code").asText());
        assertTrue(reason.get("position").asText().endsWith("command_and_control_downloader_without_connection.toml:31:3"),
                reason.toString());

        // ATT&CK coverage: before counts each input rule once per tactic; after only exact or equivalent rows
        for (JsonNode t : doc.get("tactics")) {
            String name = t.get("name").asText();
            Set<String> before = new HashSet<>();
            Map<String, Set<String>> after = new TreeMap<>();
            for (JsonNode row : doc.get("rows")) {
                boolean has = false;
                for (JsonNode x : row.get("tactics")) has |= x.asText().equals(name);
                if (!has) continue;
                before.add(row.get("rule").asText());
                String f = row.get("fidelity").asText();
                String job = row.get("target").asText() + " / " + row.get("profile").asText();
                after.computeIfAbsent(job, k -> new HashSet<>());
                if (f.equals("exact") || f.equals("equivalent")) after.get(job).add(row.get("rule").asText());
            }
            assertEquals(before.size(), t.get("before").asInt(), name);
            for (JsonNode a : t.get("after")) {
                String job = a.get("target").asText() + " / " + a.get("profile").asText();
                assertEquals(after.get(job).size(), a.get("rules").asInt(), name + " on " + job);
            }
        }
        assertTrue(doc.get("tactics").size() >= 5, doc.get("tactics").toString());

        assertHtmlShowsTheRows(rep.resolve("index.html"), doc);
    }

    @Test
    void theReportRunsInAHeadlessBrowser(@TempDir Path tmp) throws IOException {
        Path rep = tmp.resolve("report");
        CliTest.Run r = CliTest.run("convert", "--to", "all", "--out", tmp.resolve("out").toString(), "--report", rep.toString(),
                repoRoot().resolve("rules").toString());
        assertEquals(0, r.exit(), r.err());
        browse(rep.resolve("index.html"), JSON.readTree(rep.resolve("report.json").toFile()));
    }

    @Test
    void lossyRowsQuoteTheFiguresTheirOutputStates(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("out");
        CliTest.Run r = CliTest.run("convert", "--to", "kql,spl", "--lossy", "--out", out.toString(), "--report", out.toString(),
                repoRoot().resolve("rules").toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode doc = JSON.readTree(out.resolve("report.json").toFile());
        assertEquals(List.of(), validate(doc));
        assertFiguresEqualTheSummary(doc, r.out());
        int lossy = 0;
        for (JsonNode row : doc.get("rows")) {
            if (!row.get("fidelity").asText().equals("lossy")) continue;
            lossy++;
            String text = Files.readString(Path.of(row.get("output").asText()));
            String measured = row.get("measured").asText();
            assertTrue(measured.startsWith("lossy (broader): "), measured);
            assertTrue(text.contains("measured: " + measured), text);
            assertTrue(row.get("reasons").size() > 0);
            for (JsonNode why : row.get("reasons")) assertEquals("warning", why.get("severity").asText());
        }
        assertTrue(lossy >= 10, "lossy rows: " + lossy);
        // the report written under --out is part of the run's manifest, so it is not "stale" next time
        String manifest = Files.readString(out.resolve(OutputManifest.FILE_NAME));
        assertTrue(manifest.contains("\"report.json\""), manifest);
        assertTrue(manifest.contains("\"index.html\""), manifest);
    }

    @Test
    void equivalentRowsNameTheEquivalencesTheirOutputStates(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("out");
        CliTest.Run r = CliTest.run("convert", "--to", "kql", "--profile", "kql-defender-xdr", "--out", out.toString(),
                "--report", tmp.resolve("rep").toString(), repoRoot().resolve("rules").toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode doc = JSON.readTree(tmp.resolve("rep/report.json").toFile());
        assertEquals(List.of(), validate(doc));
        assertFiguresEqualTheSummary(doc, r.out());
        int equivalent = 0;
        for (JsonNode row : doc.get("rows")) {
            if (!row.get("fidelity").asText().equals("equivalent")) continue;
            equivalent++;
            String text = Files.readString(Path.of(row.get("output").asText()));
            assertTrue(row.get("equivalences").size() > 0);
            for (JsonNode e : row.get("equivalences")) assertTrue(text.contains("// equivalence: " + e.asText()), e + "\n" + text);
        }
        assertEquals(doc.get("summary").get(0).get("equivalent").asInt(), equivalent);
        assertTrue(equivalent >= 1, "the example rules have equivalent translations on Defender XDR");
    }

    @Test
    void reportOfACorpusSubset(@TempDir Path tmp) throws IOException {
        Path shared = CliTest.shared();
        List<Path> subset;
        try (Stream<Path> s = Files.walk(shared.resolve("corpus/detection-rules/rules"))) {
            subset = s.filter(p -> p.toString().endsWith(".toml")).sorted().limit(120).toList();
        }
        List<Path> sigma;
        try (Stream<Path> s = Files.walk(shared.resolve("corpus/sigmahq"))) {
            sigma = s.filter(p -> p.toString().endsWith(".yml") && p.toString().contains("process_creation")).sorted().limit(40).toList();
        }
        Path in = tmp.resolve("in");
        for (Path p : subset) Files.copy(p, Files.createDirectories(in.resolve("elastic")).resolve(p.getFileName()));
        for (Path p : sigma) Files.copy(p, Files.createDirectories(in.resolve("sigma")).resolve(p.getFileName()));
        Path rep = tmp.resolve("report");
        CliTest.Run r = CliTest.run("convert", "--to", "sigma,kql,spl", "--profile", "kql=kql-defender-xdr", "--out",
                tmp.resolve("out").toString(), "--report", rep.toString(), in.toString());
        assertTrue(r.exit() <= 1, r.err());
        JsonNode doc = JSON.readTree(rep.resolve("report.json").toFile());
        assertEquals(List.of(), validate(doc));
        assertEquals(160, doc.get("rules").asInt());
        assertFiguresEqualTheSummary(doc, r.out());
        assertHtmlShowsTheRows(rep.resolve("index.html"), doc);
    }

    @Test
    void theSchemaRejectsAMalformedReport(@TempDir Path tmp) throws IOException {
        Path rule = tmp.resolve("whoami.toml");
        Files.writeString(rule, CliTest.GOOD);
        CliTest.Run r = CliTest.run("convert", "--to", "eql", "--out", tmp.resolve("out").toString(), "--report",
                tmp.resolve("rep").toString(), rule.toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode doc = JSON.readTree(tmp.resolve("rep/report.json").toFile());
        assertEquals(List.of(), validate(doc));
        ObjectNode row = (ObjectNode) doc.get("rows").get(0);
        row.put("fidelity", "approximately");
        assertFalse(validate(doc).isEmpty());
        row.put("fidelity", "refused"); // a refusal without reasons, with an output
        assertFalse(validate(doc).isEmpty());
    }

    @Test
    void aReportBesideOneTranslationOnStdoutLeavesStdoutAlone(@TempDir Path tmp) throws IOException {
        Path rule = Files.writeString(tmp.resolve("whoami.toml"), CliTest.GOOD);
        CliTest.Run plain = CliTest.run("convert", "--to", "eql", rule.toString());
        CliTest.Run reported = CliTest.run("convert", "--to", "eql", "--report", tmp.resolve("rep").toString(), rule.toString());
        assertEquals(0, reported.exit(), reported.err());
        assertEquals(plain.out(), reported.out());
        assertEquals("report: " + tmp.resolve("rep/index.html") + "\n", reported.err());
        JsonNode doc = JSON.readTree(tmp.resolve("rep/report.json").toFile());
        assertEquals(List.of(), validate(doc));
        assertEquals("exact", doc.get("rows").get(0).get("fidelity").asText());
        assertTrue(doc.get("rows").get(0).get("output").isNull(), "printed, not written");
    }

    @Test
    void aReportWithoutOutWritesNoOutput(@TempDir Path tmp) throws IOException {
        Path rep = tmp.resolve("report");
        CliTest.Run r = CliTest.run("convert", "--to", "kql,spl", "--report", rep.toString(), repoRoot().resolve("rules").toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode doc = JSON.readTree(rep.resolve("report.json").toFile());
        assertEquals(List.of(), validate(doc));
        assertFiguresEqualTheSummary(doc, r.out());
        for (JsonNode row : doc.get("rows")) assertTrue(row.get("output").isNull(), row.toString());
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(List.of(rep), s.toList());
        }
        try (Stream<Path> s = Files.list(rep)) {
            assertEquals(List.of("index.html", "report.json"), s.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    private static List<String> printedJobs(JsonNode doc) {
        List<String> out = new ArrayList<>();
        for (JsonNode s : doc.get("summary")) out.add(s.get("target").asText() + " / " + s.get("profile").asText());
        return out;
    }

    private static JsonNode row(JsonNode doc, String ruleSuffix, String target, String profile) {
        for (JsonNode row : doc.get("rows")) {
            if (row.get("rule").asText().endsWith(ruleSuffix) && row.get("target").asText().equals(target)
                    && row.get("profile").asText().equals(profile)) return row;
        }
        throw new AssertionError("no row for " + ruleSuffix + " " + target + "/" + profile);
    }

    static void assertHtmlShowsTheRows(Path html, JsonNode doc) throws IOException {
        Document page = Jsoup.parse(html.toFile(), "UTF-8");
        Elements trs = page.select("table#rows > tbody > tr");
        JsonNode rows = doc.get("rows");
        assertEquals(rows.size(), trs.size(), "table rows vs report.json rows");
        for (int i = 0; i < rows.size(); i++) {
            JsonNode row = rows.get(i);
            Element tr = trs.get(i);
            Elements td = tr.select("> td");
            assertEquals(7, td.size());
            assertEquals(row.get("rule").asText(), td.get(0).text());
            assertEquals(row.get("target").asText() + " / " + row.get("profile").asText(), td.get(3).text());
            assertEquals(row.get("fidelity").asText(), td.get(4).text());
            assertEquals(row.get("fidelity").asText(), tr.attr("data-fidelity"));
            assertEquals(row.get("output").isNull() ? "" : row.get("output").asText(), td.get(6).text());
            assertEquals(row.get("reasons").size(), td.get(5).select("div.reason").size());
            for (JsonNode why : row.get("reasons")) {
                assertTrue(td.get(5).text().contains(why.get("position").asText()), why.toString());
            }
        }
        // the summary table and the figures
        Elements summary = page.select("table.summary > tbody > tr");
        assertEquals(doc.get("summary").size(), summary.size());
        for (int i = 0; i < summary.size(); i++) {
            JsonNode s = doc.get("summary").get(i);
            List<String> expected = new ArrayList<>();
            expected.add(s.get("target").asText() + " / " + s.get("profile").asText());
            for (String f : Report.FIDELITIES) expected.add(s.get(f).asText());
            assertEquals(expected, summary.get(i).select("> td").eachText());
        }
        assertEquals(1, page.select("section#fidelity > svg").size());
        assertEquals(doc.get("refusal_reasons").isEmpty() ? 0 : 1, page.select("section#reasons > svg").size());
        assertEquals(doc.get("tactics").isEmpty() ? 0 : 1, page.select("section#tactics > svg").size());
        assertEquals(Math.min(15, doc.get("refusal_reasons").size()), page.select("section#reasons rect").size());
        assertEquals(doc.get("summary").size(), page.select("#fidelity svg > text.label").eachText().size());
        assertEquals(new ArrayList<>(printedJobs(doc)), page.select("#fidelity svg > text.label").eachText());
        // self-contained: nothing is fetched
        assertTrue(page.select("link, iframe, img, object, embed, audio, video, source").isEmpty());
        assertTrue(page.select("script[src]").isEmpty());
        for (Element e : page.getAllElements()) {
            for (org.jsoup.nodes.Attribute a : e.attributes()) {
                boolean urlish = a.getKey().equals("href") || a.getKey().equals("src") || a.getKey().endsWith(":href")
                        || a.getKey().equals("action") || a.getKey().equals("srcset");
                assertFalse(urlish && !a.getValue().startsWith("#"), e.tagName() + " " + a);
            }
        }
        for (Element style : page.select("style")) {
            assertFalse(style.data().contains("url("), "CSS loads a resource");
            assertFalse(style.data().contains("@import"), "CSS imports a resource");
        }
        for (Element script : page.select("script")) {
            for (String fetch : List.of("fetch(", "XMLHttpRequest", "import(", "http://", "https://")) {
                assertFalse(script.data().contains(fetch), "script uses " + fetch);
            }
        }
    }

    /** The page in a real headless browser, with a filter from the address: the rows shown are the refused ones. */
    static void browse(Path html, JsonNode doc) throws IOException {
        String browser = null;
        for (String name : List.of("chromium-headless-shell", "chromium", "chromium-browser", "google-chrome")) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                if (browser == null && Files.isExecutable(Path.of(dir, name))) browser = Path.of(dir, name).toString();
            }
        }
        // CI installs one (.ci/run): there a missing browser fails, as a missing corpus does
        if (browser == null && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI=true but no headless Chromium on PATH (Debian: apt-get install chromium-headless-shell)");
        }
        Assumptions.assumeTrue(browser != null, "no headless Chromium on PATH (Debian: apt-get install chromium-headless-shell)");
        Path profileDir = Files.createTempDirectory("ruleport-chromium");
        ProcessBuilder pb = new ProcessBuilder(browser, "--headless", "--no-sandbox", "--disable-gpu",
                "--user-data-dir=" + profileDir, "--virtual-time-budget=5000", "--dump-dom",
                html.toUri() + "#fidelity=refused").redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        String dom = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "browser timed out");
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        Document page = Jsoup.parse(dom);
        assertEquals("true", page.body().attr("data-ready"), "the page script did not run to its end:\n" + dom.substring(0, Math.min(2000, dom.length())));
        int refused = 0;
        for (JsonNode row : doc.get("rows")) if (row.get("fidelity").asText().equals("refused")) refused++;
        Elements visible = page.select("table#rows > tbody > tr:not([hidden])");
        assertEquals(refused, visible.size());
        for (Element tr : visible) assertEquals("refused", tr.attr("data-fidelity"));
        assertEquals(refused + " of " + doc.get("rows").size() + " rows", page.getElementById("shown").text());
    }
}
