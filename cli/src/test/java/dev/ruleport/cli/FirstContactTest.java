package dev.ruleport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a new user meets first: the README's first command, exit codes, stale outputs, file modes, usage errors. */
class FirstContactTest {

    /** A copy of the repository's example rules in a fresh folder, as a clone has them. */
    static Path cloneRules(Path tmp) throws IOException {
        Path from = ReportTest.repoRoot().resolve("rules");
        Path to = tmp.resolve("rules");
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path q = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(q);
                else Files.copy(p, q);
            }
        }
        return to;
    }

    /** The README's first command: the {@code ./ruleport ...} part of the first shell block of "Two commands". */
    static List<String> readmeFirstCommand() throws IOException {
        String readme = Files.readString(ReportTest.repoRoot().resolve("README.md"), StandardCharsets.UTF_8);
        int section = readme.indexOf("## Two commands\n");
        assertTrue(section >= 0, "README has no 'Two commands' section");
        int start = readme.indexOf("```sh\n", section) + "```sh\n".length();
        String line = readme.substring(start, readme.indexOf('\n', start));
        assertTrue(line.startsWith("mvn -q -DskipTests package && ./ruleport "), line);
        return List.of(line.substring(line.indexOf("./ruleport ") + "./ruleport ".length()).trim().split("\\s+"));
    }

    /** Relative paths of a README command resolved in {@code dir} (the command runs there as in a clone). */
    static String[] inFolder(List<String> args, Path dir) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            boolean pathValue = i > 0 && List.of("--out", "--report", "--events", "--rules").contains(args.get(i - 1));
            out.add(!a.startsWith("-") && (pathValue || Files.exists(dir.resolve(a))) ? dir.resolve(a).toString() : a);
        }
        return out.toArray(String[]::new);
    }

    @Test
    void theReadmesFirstCommandExitsZeroAndShowsTheTable(@TempDir Path tmp) throws IOException {
        cloneRules(tmp);
        List<String> command = readmeFirstCommand();
        assertEquals(List.of("convert", "--to", "all", "--out", "out", "rules/"), command);
        CliTest.Run r = CliTest.run(inFolder(command, tmp));
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.out().lines().toList();
        // the 28 example rules of rules/ (its Sigma filter document, sigma_mf_*, filters rules and is none itself)
        assertTrue(lines.get(0).matches("target / profile \\(29 rules\\) +exact equivalent +lossy +refused +failed"), lines.get(0));
        for (String target : List.of("sigma / ecs", "kql / kql-ecs", "spl / splunk-ecs", "java / ecs", "eql / ecs")) {
            assertTrue(lines.stream().anyMatch(l -> l.matches(target.replace("/", "\\/") + " +\\d+ +\\d+ +\\d+ +\\d+ +0")), target + "\n" + r.out());
        }
        // the example rules include deliberate refusals: they are in the table and on stderr, and not a failure
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("refusal reasons: ")), r.out());
        assertTrue(r.err().contains("[missing-event]"), r.err());
        assertTrue(Files.isRegularFile(tmp.resolve("out/kql/credential_access_lsass_snapshot_clone.kql")));

        // strict mode, for CI: the same refusals fail the run
        List<String> strict = new ArrayList<>(command);
        strict.add(1, "--strict");
        CliTest.Run s = CliTest.run(inFolder(strict, tmp));
        assertEquals(1, s.exit());
        assertEquals(r.out(), s.out());
    }

    @Test
    void strictModeIsQuietWhenNothingIsRefused(@TempDir Path tmp) throws IOException {
        Files.writeString(tmp.resolve("good.toml"), CliTest.GOOD);
        assertEquals(0, CliTest.run("convert", "--strict", "--to", "eql,kql", "--out", tmp.resolve("out").toString(),
                tmp.resolve("good.toml").toString()).exit());
        // a rule that does not load fails a run with or without --strict
        Files.writeString(tmp.resolve("bad.toml"), CliTest.BAD);
        assertEquals(1, CliTest.run("convert", "--to", "eql", "--out", tmp.resolve("out2").toString(), tmp.toString()).exit());
    }

    @Test
    void outputsOfAnEarlierRunThatThisRunDidNotWriteAreRemoved(@TempDir Path tmp) throws IOException {
        Path rules = cloneRules(tmp);
        Path out = tmp.resolve("out");
        CliTest.Run lossy = CliTest.run("convert", "--to", "kql", "--lossy", "--out", out.toString(), rules.toString());
        assertEquals(0, lossy.exit(), lossy.err());
        List<String> before = kqlFiles(out);
        assertEquals(27, before.size(), before.toString()); // the example rules with a KQL output (exact or lossy) on kql-ecs
        Path mine = Files.writeString(out.resolve("notes.kql"), "// my own file\n");
        Path edited = out.resolve("defense_evasion_world_writable_home_file.kql");
        assertTrue(Files.readString(edited).contains("LOSSY"));
        Files.writeString(edited, Files.readString(edited) + "// reviewed by hand\n");

        CliTest.Run exact = CliTest.run("convert", "--to", "kql", "--out", out.toString(), rules.toString());
        assertEquals(0, exact.exit(), exact.err());
        List<String> after = kqlFiles(out);
        // the 16 exact outputs (generated-examples/kql/kql-ecs), the hand-edited lossy file (kept and named), and the user's own file
        assertEquals(18, after.size(), after.toString());
        assertTrue(Files.exists(mine), "a file ruleport did not write is never removed");
        assertTrue(Files.exists(edited), "a file changed since ruleport wrote it is kept");
        assertTrue(exact.err().contains("ruleport convert: kept " + edited + ": an earlier run wrote it, but it has been changed since"),
                exact.err());
        Path stale = out.resolve("discovery_latest_cloudtrail_iam_listing.kql");
        assertFalse(Files.exists(stale));
        assertTrue(exact.err().contains("ruleport convert: removed " + stale + ": an earlier run wrote it, this run did not"),
                exact.err());
        long removed = exact.err().lines().filter(l -> l.startsWith("ruleport convert: removed ")).count();
        assertEquals(10, removed, exact.err()); // the 27 lossy-run outputs less the 16 exact and the edited one
        for (String f : after) {
            if (f.equals("notes.kql") || f.equals(edited.getFileName().toString())) continue;
            assertFalse(Files.readString(out.resolve(f)).contains("LOSSY"), f);
        }
        String manifest = Files.readString(out.resolve(OutputManifest.FILE_NAME));
        assertFalse(manifest.contains("notes.kql"), manifest);
        assertFalse(manifest.contains(edited.getFileName().toString()), "the kept file is no longer this run's");

        // a third run has nothing stale
        CliTest.Run again = CliTest.run("convert", "--to", "kql", "--out", out.toString(), rules.toString());
        assertFalse(again.err().contains("removed "), again.err());
        assertEquals(after, kqlFiles(out));
    }

    private static List<String> kqlFiles(Path out) throws IOException {
        try (Stream<Path> s = Files.list(out)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".kql")).sorted().toList();
        }
    }

    @Test
    void outputsGetTheModeOfANewFile(@TempDir Path tmp) throws IOException {
        Files.writeString(tmp.resolve("good.toml"), CliTest.GOOD);
        // what this process's umask gives a new file
        Path probe = Files.createFile(tmp.resolve("probe"));
        Set<PosixFilePermission> expected = Files.getPosixFilePermissions(probe);
        assertTrue(expected.contains(PosixFilePermission.OTHERS_READ) || expected.contains(PosixFilePermission.GROUP_READ),
                "the test expects a umask that lets others read new files, got " + PosixFilePermissions.toString(expected));
        Path out = tmp.resolve("out");
        assertEquals(0, CliTest.run("convert", "--to", "eql,kql", "--out", out.toString(), "--report", tmp.resolve("rep").toString(),
                tmp.resolve("good.toml").toString()).exit());
        for (Path f : List.of(out.resolve("eql/good.eql"), out.resolve("kql/good.kql"), out.resolve(OutputManifest.FILE_NAME),
                tmp.resolve("rep/index.html"), tmp.resolve("rep/report.json"))) {
            assertEquals(PosixFilePermissions.toString(expected), PosixFilePermissions.toString(Files.getPosixFilePermissions(f)), f.toString());
        }
    }

    @Test
    void fixturesNeverOverwritesAFileThatDiffersFromWhatItLastGenerated(@TempDir Path tmp) throws IOException {
        Path rule = Files.writeString(tmp.resolve("whoami.toml"), CliTest.GOOD);
        Path fixtures = tmp.resolve("whoami.fixtures.ndjson");
        CliTest.Run first = CliTest.run("fixtures", rule.toString());
        assertEquals(0, first.exit(), first.out() + first.err());
        assertTrue(first.out().startsWith("wrote  " + fixtures), first.out());
        String generated = Files.readString(fixtures);
        assertTrue(generated.contains("\"generated\":true"), generated);

        // unchanged since generated: a rerun may replace it
        CliTest.Run second = CliTest.run("fixtures", rule.toString());
        assertTrue(second.out().startsWith("wrote  " + fixtures), second.out());
        assertEquals(generated, Files.readString(fixtures));

        // a person edits a case and leaves "generated": true in place: kept
        String edited = generated.replace("\"expect\":\"no-match\"", "\"expect\":\"match\"");
        assertFalse(edited.equals(generated));
        Files.writeString(fixtures, edited);
        CliTest.Run third = CliTest.run("fixtures", rule.toString());
        assertEquals(0, third.exit());
        assertTrue(third.out().startsWith("kept   " + fixtures + " (edited since ruleport generated it; --force replaces it)"), third.out());
        assertEquals(edited, Files.readString(fixtures));

        // a file without the generator's line (hand-written) is kept too
        Files.writeString(fixtures, "{\"case\": \"mine\", \"expect\": \"match\", \"events\": [{\"process\": {\"name\": \"whoami.exe\"}}], \"generated\": true}\n");
        assertTrue(CliTest.run("fixtures", rule.toString()).out().startsWith("kept   " + fixtures + " (not generated by ruleport fixtures"));

        // --force replaces it
        CliTest.Run forced = CliTest.run("fixtures", "--force", rule.toString());
        assertTrue(forced.out().startsWith("wrote  " + fixtures), forced.out());
        assertEquals(generated, Files.readString(fixtures));
    }

    @Test
    void checkWarnsOnAFieldNameThatIsNeitherEcsNorAnIntegrationsWithTheNameMeant(@TempDir Path tmp) throws IOException {
        Path rule = Files.writeString(tmp.resolve("typo.toml"), CliTest.GOOD.replace("process.name : \"whoami.exe\"",
                "process.nam : \"x\" and winlog.event_data.LogonType == \"10\" and process.Ext.token.integrity_level_name == \"high\""));
        CliTest.Run r = CliTest.run("check", rule.toString());
        assertEquals(0, r.exit(), "a warning does not fail check");
        assertEquals(rule + ":8:15: warning: [unknown-field] field process.nam is neither ECS nor a known integration field; "
                + "did you mean process.name?", r.out().lines().findFirst().orElseThrow());
        assertEquals(1, r.out().lines().filter(l -> l.contains("[unknown-field]")).count(), r.out());
        assertTrue(r.out().endsWith("checked 1 rules: 1 ok, 0 failed, 0 unsupported-language; 1 with warnings\n"), r.out());
        CliTest.Run strict = CliTest.run("check", "--strict", rule.toString());
        assertEquals(1, strict.exit(), "--strict fails on warnings");
        Path good = Files.writeString(tmp.resolve("good.toml"), CliTest.GOOD);
        assertEquals(0, CliTest.run("check", "--strict", good.toString()).exit());
    }

    @Test
    void queryNamesTheMalformedNdjsonLine(@TempDir Path tmp) throws IOException {
        Path events = Files.writeString(tmp.resolve("e.ndjson"), "{\"a\": 1}\n{\"a\":\n{\"b\": 2}\n");
        CliTest.Run r = CliTest.run("query", "--events", events.toString(), "any where true");
        assertEquals(1, r.exit());
        assertTrue(r.err().startsWith("ruleport query: " + events + ":2:"), r.err());
    }

    /** A usage error: exit 2, nothing on stdout, one line on stderr that says what to fix. */
    static void assertUsage(String expected, String... args) {
        CliTest.Run r = CliTest.run(args);
        assertEquals(2, r.exit(), String.join(" ", args) + "\n" + r.out() + r.err());
        assertEquals("", r.out(), String.join(" ", args));
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains(expected), "expected '" + expected + "' in: " + r.err());
        assertFalse(r.err().contains("internal error") || r.err().contains("Exception"), r.err());
    }

    @Test
    void usageErrorsExitTwoWithOneClearLine(@TempDir Path tmp) throws IOException {
        Path rule = Files.writeString(tmp.resolve("good.toml"), CliTest.GOOD);
        Path afile = Files.writeString(tmp.resolve("afile.txt"), "x");
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Path noRules = Files.createDirectories(tmp.resolve("no-rules"));
        Files.writeString(noRules.resolve("README.md"), "# not a rule\n");
        String r = rule.toString();

        assertUsage("ruleport convert: profile splunk-sysmon is for target spl, not kql; profiles for kql: kql-ecs",
                "convert", "--to", "kql", "--profile", "splunk-sysmon", r);
        assertUsage("ruleport convert: --out " + afile + " is a file, not a folder", "convert", "--to", "kql", "--out", afile.toString(), r);
        assertUsage("ruleport convert: --out " + afile.resolve("sub") + ": " + afile + " is a file, not a folder",
                "convert", "--to", "kql", "--out", afile.resolve("sub").toString(), r);
        assertUsage("ruleport convert: --report " + afile + " is a file, not a folder",
                "convert", "--to", "kql", "--out", tmp.resolve("o").toString(), "--report", afile.toString(), r);
        assertUsage("ruleport convert: no rules found in " + empty, "convert", "--to", "kql", "--out", tmp.resolve("o").toString(), empty.toString());
        assertUsage("ruleport convert: no rules found in " + noRules, "convert", "--to", "kql", "--out", tmp.resolve("o").toString(), noRules.toString());
        assertUsage("ruleport convert: unknown format 'yaml'; formats: query, savedsearches, sentinel, sentinel-arm, defender",
                "convert", "--to", "spl", "--format", "yaml", "--out", tmp.resolve("o").toString(), r);
        assertUsage("ruleport convert: unknown format 'yaml'", "convert", "--to", "spl", "--set", "format=yaml", r);
        assertUsage("ruleport convert: unknown setting 'foo' for kql", "convert", "--to", "kql", "--set", "foo=bar", r);
        assertUsage("ruleport convert: unknown KQL format 'savedsearches'; formats: query, sentinel, sentinel-arm, defender",
                "convert", "--to", "kql", "--format", "savedsearches", r);
        assertUsage("ruleport convert: --profile sigma=sigma-windows: sigma is not a target of this run (--to kql)",
                "convert", "--to", "kql", "--profile", "sigma=sigma-windows", "--out", tmp.resolve("o").toString(), r);
        assertUsage("ruleport query: --size must be 0 (no limit) or more, not -1",
                "query", "--size", "-1", "--events", afile.toString(), "any where true");
        assertUsage("ruleport query: --events " + tmp.resolve("nosuch.ndjson") + ": no such file",
                "query", "--events", tmp.resolve("nosuch.ndjson").toString(), "any where true");
        assertUsage("ruleport query: --events " + empty + " is a folder", "query", "--events", empty.toString(), "any where true");
        assertUsage("ruleport check: no rules found in " + empty, "check", empty.toString());
        assertUsage("ruleport test: no rules found in " + empty, "test", empty.toString());
        assertUsage("ruleport fixtures: no rules found in " + empty, "fixtures", empty.toString());
        assertFalse(Files.exists(tmp.resolve("o")), "a usage error writes nothing");
    }
}
