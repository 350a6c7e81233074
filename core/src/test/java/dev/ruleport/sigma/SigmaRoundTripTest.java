package dev.ruleport.sigma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ruleport.backend.Translation;
import dev.ruleport.compile.Frontend;
import dev.ruleport.fixtures.FixtureCase;
import dev.ruleport.fixtures.FixtureFile;
import dev.ruleport.fixtures.FixtureRunner;
import dev.ruleport.ir.EventQuery;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * EQL → Sigma → {@link SigmaReader} → IR gives the verdicts of the original query on targeted constructs (case,
 * wildcards and literal stars, backslashes, null checks, regex, CIDR, functions, numbers, multi-valued fields, nested
 * negation, the basename transform, sequences with runs and per-term keys), each a rule with hand-written positive
 * events (must match) and negative ones (must not), run through {@link SigmaFixtureRoundTrip} like the corpus and
 * the example rules of {@link SigmaFixtureRoundTripTest}. A positive event of a single-event query must match;
 * for sequences each "event" is a JSON array of events with one verdict for the list.
 */
class SigmaRoundTripTest {
    /** One rule with its events; for sequences each "event" is a JSON array of events, one verdict for the list. */
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<Map<String, Object>>> EVENTS = new TypeReference<>() {};

    record Fixture(String name, String profile, String toml, List<String> positives, List<String> negatives) {
        @Override public String toString() { return name + " [" + profile + "]"; }
    }

    static Fixture q(String name, String profile, String query, List<String> pos, List<String> neg) {
        return new Fixture(name, profile, SigmaTestSupport.ruleToml(query), pos, neg);
    }

    static final String WIN_PROC = "\"host\":{\"os\":{\"type\":\"windows\"}},\"event\":{\"category\":\"process\",\"type\":\"start\"}";

    static Stream<Fixture> fixtures() {
        List<Fixture> f = new ArrayList<>();
        String seed = SigmaTestSupport.read(java.nio.file.Path.of("../../shared/seed/credential_access_lsass_clone_creation_via_psscapturesnapshot.toml"));
        String seedEvent = "{\"host\":{\"os\":{\"type\":\"windows\"}},\"event\":{\"category\":\"process\",\"code\":\"4688\"},"
                + "\"process\":{\"executable\":\"C:\\\\Windows\\\\System32\\\\lsass.exe\",\"parent\":{\"executable\":\"%s\"}}}";
        List<String> seedPos = List.of(seedEvent.formatted("C:\\\\Windows\\\\System32\\\\lsass.exe"),
                seedEvent.formatted("d:\\\\windows\\\\system32\\\\LSASS.EXE"));
        List<String> seedNeg = List.of(seedEvent.formatted("C:\\\\Windows\\\\System32\\\\svchost.exe"),
                seedEvent.formatted("CC:\\\\Windows\\\\System32\\\\lsass.exe"),
                seedEvent.formatted("C:\\\\Windows\\\\System32\\\\lsass.exe").replace("\"windows\"", "\"Windows\""),
                seedEvent.formatted("C:\\\\Windows\\\\System32\\\\lsass.exe").replace("\"4688\"", "\"4689\""),
                seedEvent.formatted("C:\\\\Windows\\\\System32\\\\lsass.exe").replace("\"process\",", "\"file\","));
        for (String profile : List.of("ecs", "sigma-windows")) {
            f.add(new Fixture("seed", profile, seed, seedPos, seedNeg));
        }
        f.add(q("colon wildcards", "ecs", "process where process.name : (\"cmd?.exe\", \"*pwsh*\")",
                List.of("{\"event\":{\"category\":\"process\"},\"process\":{\"name\":\"CMD1.exe\"}}",
                        "{\"event\":{\"category\":[\"x\",\"process\"]},\"process\":{\"name\":\"a-PWSH-b\"}}"),
                List.of("{\"event\":{\"category\":\"process\"},\"process\":{\"name\":\"cmd12.exe\"}}",
                        "{\"event\":{\"category\":\"Process\"},\"process\":{\"name\":\"cmd1.exe\"}}",
                        "{\"event\":{\"category\":\"process\"}}")));
        f.add(q("== literal star", "ecs", "any where process.args == \"/text:*\" and process.name == \"a?b\"",
                List.of("{\"process\":{\"args\":[\"x\",\"/text:*\"],\"name\":\"a?b\"}}"),
                List.of("{\"process\":{\"args\":[\"/text:abc\"],\"name\":\"a?b\"}}",
                        "{\"process\":{\"args\":[\"/TEXT:*\"],\"name\":\"a?b\"}}",
                        "{\"process\":{\"args\":[\"/text:*\"],\"name\":\"axb\"}}")));
        f.add(q("like cased", "ecs", "file where file.path like \"C:\\\\Users\\\\*\\\\AppData\\\\*\"",
                List.of("{\"event\":{\"category\":\"file\"},\"file\":{\"path\":\"C:\\\\Users\\\\bob\\\\AppData\\\\x\"}}"),
                List.of("{\"event\":{\"category\":\"file\"},\"file\":{\"path\":\"c:\\\\users\\\\bob\\\\appdata\\\\x\"}}",
                        "{\"event\":{\"category\":\"file\"},\"file\":{\"path\":\"C:\\\\Users\\\\bob\"}}")));
        f.add(q("in and in~", "ecs", "any where user.name in (\"Admin\", \"root*\") and user.domain in~ (\"CORP\", \"x*\")",
                List.of("{\"user\":{\"name\":\"Admin\",\"domain\":\"corp\"}}", "{\"user\":{\"name\":\"root*\",\"domain\":\"X*\"}}"),
                List.of("{\"user\":{\"name\":\"admin\",\"domain\":\"corp\"}}", "{\"user\":{\"name\":\"rootx\",\"domain\":\"corp\"}}",
                        "{\"user\":{\"name\":\"Admin\",\"domain\":\"xy\"}}")));
        f.add(q("not over missing fields", "ecs", "any where not process.name : \"a.exe\" and x != \"b\" and y == 1",
                List.of("{\"y\":1}", "{\"y\":1,\"x\":\"B\",\"process\":{\"name\":\"b.exe\"}}"),
                List.of("{\"y\":1,\"process\":{\"name\":\"A.EXE\"}}", "{\"y\":1,\"x\":\"b\"}", "{\"y\":2}")));
        f.add(q("null checks", "ecs", "any where process.parent.name == null and ?process.pe.original_file_name != null",
                List.of("{\"process\":{\"pe\":{\"original_file_name\":\"x\"}}}",
                        "{\"process\":{\"parent\":{\"name\":null},\"pe\":{\"original_file_name\":\"x\"}}}"),
                List.of("{\"process\":{\"parent\":{\"name\":\"p\"},\"pe\":{\"original_file_name\":\"x\"}}}", "{}")));
        f.add(q("regex", "ecs", "any where process.command_line regex~ \".*[a-z]{3}\\\\.exe.*\" and process.name regex \"cmd|pwsh\"",
                List.of("{\"process\":{\"command_line\":\"run abc.EXE now\",\"name\":\"cmd\"}}"),
                List.of("{\"process\":{\"command_line\":\"run ab.EXE now\",\"name\":\"cmd\"}}",
                        "{\"process\":{\"command_line\":\"run ABC.exe now\",\"name\":\"cmd\"}}",
                        "{\"process\":{\"command_line\":\"run abc.exe\",\"name\":\"cmd.exe\"}}",
                        "{\"process\":{\"command_line\":\"run abc.exe\",\"name\":\"CMD\"}}",
                        "{\"process\":{\"command_line\":\"run abc.exe\",\"name\":\"cmd\\n\"}}")));
        f.add(q("cidr", "ecs", "network where not cidrmatch(destination.ip, \"10.0.0.0/8\", \"fe80::/10\", \"192.168.1.7\")",
                List.of("{\"event\":{\"category\":\"network\"},\"destination\":{\"ip\":\"8.8.8.8\"}}",
                        "{\"event\":{\"category\":\"network\"}}"),
                List.of("{\"event\":{\"category\":\"network\"},\"destination\":{\"ip\":\"10.1.2.3\"}}",
                        "{\"event\":{\"category\":\"network\"},\"destination\":{\"ip\":\"fe80::1\"}}",
                        "{\"event\":{\"category\":\"network\"},\"destination\":{\"ip\":\"192.168.1.7\"}}")));
        f.add(q("string functions", "ecs",
                "any where startsWith~(process.name, \"Power\") and endsWith(file.path, \".PS1\") and stringContains(process.command_line, \"-enc\")",
                List.of("{\"process\":{\"name\":\"powershell.exe\",\"command_line\":\"x -enc y\"},\"file\":{\"path\":\"a.PS1\"}}"),
                List.of("{\"process\":{\"name\":\"xpowershell.exe\",\"command_line\":\"x -enc y\"},\"file\":{\"path\":\"a.PS1\"}}",
                        "{\"process\":{\"name\":\"powershell.exe\",\"command_line\":\"x -enc y\"},\"file\":{\"path\":\"a.ps1\"}}",
                        "{\"process\":{\"name\":\"powershell.exe\",\"command_line\":\"x -ENC y\"},\"file\":{\"path\":\"a.PS1\"}}")));
        f.add(q("numbers and booleans", "ecs",
                "any where destination.port == 445 and process.pid >= 4 and process.pid < 1000 and process.code_signature.trusted != true",
                List.of("{\"destination\":{\"port\":445},\"process\":{\"pid\":4}}",
                        "{\"destination\":{\"port\":445},\"process\":{\"pid\":999,\"code_signature\":{\"trusted\":false}}}"),
                List.of("{\"destination\":{\"port\":445},\"process\":{\"pid\":1000}}",
                        "{\"destination\":{\"port\":139},\"process\":{\"pid\":5}}",
                        "{\"destination\":{\"port\":445},\"process\":{\"pid\":5,\"code_signature\":{\"trusted\":true}}}")));
        f.add(q("multi-valued", "ecs", "any where process.args : \"-e*\" and not process.args == \"-x\"",
                List.of("{\"process\":{\"args\":[\"-enc\",\"y\"]}}"),
                List.of("{\"process\":{\"args\":[\"-enc\",\"-x\"]}}", "{\"process\":{\"args\":[\"x\"]}}")));
        f.add(q("backslashes", "ecs", "any where file.path : \"\\\\\\\\server\\\\share\\\\*\" or file.path == \"C:\\\\dir\\\\\" or file.name : \"*\\\\\"",
                List.of("{\"file\":{\"path\":\"\\\\\\\\SERVER\\\\share\\\\x\"}}", "{\"file\":{\"path\":\"C:\\\\dir\\\\\"}}",
                        "{\"file\":{\"name\":\"ab\\\\\"}}"),
                List.of("{\"file\":{\"path\":\"\\\\server\\\\share\\\\x\"}}", "{\"file\":{\"path\":\"C:\\\\dir\"}}",
                        "{\"file\":{\"name\":\"ab\"}}")));
        f.add(q("nested not and or", "ecs",
                "process where (process.name : \"a.exe\" or (process.name : \"b.exe\" and not process.args : \"-q\")) and "
                        + "not (process.parent.name : (\"x.exe\", \"y.exe\") or (process.parent.name : \"z.exe\" and user.id == \"S-1-5-18\"))",
                List.of("{\"event\":{\"category\":\"process\"},\"process\":{\"name\":\"A.exe\"}}",
                        "{\"event\":{\"category\":\"process\"},\"process\":{\"name\":\"b.exe\",\"parent\":{\"name\":\"z.exe\"}}}"),
                List.of("{\"event\":{\"category\":\"process\"},\"process\":{\"name\":\"b.exe\",\"args\":[\"-Q\"]}}",
                        "{\"event\":{\"category\":\"process\"},\"process\":{\"name\":\"a.exe\",\"parent\":{\"name\":\"Y.EXE\"}}}",
                        "{\"event\":{\"category\":\"process\"},\"user\":{\"id\":\"S-1-5-18\"},\"process\":{\"name\":\"a.exe\",\"parent\":{\"name\":\"z.exe\"}}}")));
        f.add(q("process_creation with basename", "sigma-windows",
                "process where host.os.type == \"windows\" and event.type == \"start\" and process.name : (\"cmd.exe\", \"pwsh.exe\") "
                        + "and process.parent.executable : \"C:\\\\Windows\\\\explorer.exe\" and process.command_line : \"*/c*\"",
                List.of("{" + WIN_PROC + ",\"process\":{\"name\":\"CMD.exe\",\"executable\":\"C:\\\\Windows\\\\System32\\\\CMD.exe\","
                        + "\"command_line\":\"cmd /c x\",\"parent\":{\"executable\":\"c:\\\\windows\\\\explorer.exe\"}}}"),
                List.of("{" + WIN_PROC + ",\"process\":{\"name\":\"xcmd.exe\",\"executable\":\"C:\\\\Windows\\\\xcmd.exe\","
                        + "\"command_line\":\"cmd /c x\",\"parent\":{\"executable\":\"c:\\\\windows\\\\explorer.exe\"}}}",
                        "{" + WIN_PROC.replace("start", "end") + ",\"process\":{\"name\":\"cmd.exe\",\"executable\":\"C:\\\\cmd.exe\","
                        + "\"command_line\":\"cmd /c x\",\"parent\":{\"executable\":\"c:\\\\windows\\\\explorer.exe\"}}}",
                        "{" + WIN_PROC + ",\"process\":{\"name\":\"cmd.exe\",\"executable\":\"C:\\\\cmd.exe\","
                        + "\"command_line\":\"cmd\",\"parent\":{\"executable\":\"c:\\\\windows\\\\explorer.exe\"}}}")));
        // no extension: the path has no dot after its last separator (a dot in a directory does not count), or no path
        String linFile = "{\"host\":{\"os\":{\"type\":\"linux\"}},\"event\":{\"category\":\"file\",\"type\":\"creation\"},"
                + "\"file\":{\"path\":\"%s\"%s}}";
        f.add(q("extension missing", "sigma-linux",
                "file where host.os.type == \"linux\" and event.type == \"creation\" and file.path : \"/etc/pam.d/*\" and file.extension == null",
                List.of(linFile.formatted("/etc/pam.d/sshd", ""), linFile.formatted("/etc/pam.d/x.y/z", "")),
                List.of(linFile.formatted("/etc/pam.d/sshd.so", ",\"extension\":\"so\""),
                        linFile.formatted("/etc/pam.d/x.", ",\"extension\":\"\""),
                        linFile.formatted("/etc/pam.d/.hidden", ",\"extension\":\"hidden\""))));
        f.add(q("extension present", "sigma-linux",
                "file where host.os.type == \"linux\" and event.type == \"creation\" and file.path : \"/etc/pam.d/*\" and file.extension != null",
                List.of(linFile.formatted("/etc/pam.d/sshd.so", ",\"extension\":\"so\""),
                        linFile.formatted("/etc/pam.d/x.", ",\"extension\":\"\"")),
                List.of(linFile.formatted("/etc/pam.d/sshd", ""), linFile.formatted("/etc/pam.d/x.y/z", ""))));
        String a = "{\"@timestamp\":%d,\"host\":{\"id\":\"%s\"},\"event\":{\"category\":\"process\"},\"process\":{\"name\":\"a.exe\"}}";
        String n = "{\"@timestamp\":%d,\"host\":{\"id\":\"%s\"},\"event\":{\"category\":\"network\"},\"destination\":{\"port\":443}}";
        f.add(q("sequence", "ecs", "sequence by host.id with maxspan=1m [process where process.name : \"a.exe\"] [network where destination.port == 443]",
                List.of("[" + a.formatted(1000, "h1") + "," + n.formatted(2000, "h1") + "]",
                        "[" + a.formatted(1000, "h1") + "," + a.formatted(5000, "h2") + "," + n.formatted(61000, "h1") + "]"),
                List.of("[" + n.formatted(1000, "h1") + "," + a.formatted(2000, "h1") + "]",
                        "[" + a.formatted(1000, "h1") + "," + n.formatted(2000, "h2") + "]",
                        "[" + a.formatted(1000, "h1") + "," + n.formatted(61001, "h1") + "]")));
        f.add(q("sequence runs", "ecs", "sequence by host.id with maxspan=1m [process where process.name : \"a.exe\"] with runs=3",
                List.of("[" + a.formatted(1000, "h1") + "," + a.formatted(2000, "h1") + "," + a.formatted(3000, "h1") + "]"),
                List.of("[" + a.formatted(1000, "h1") + "," + a.formatted(2000, "h1") + "," + a.formatted(3000, "h2") + "]",
                        "[" + a.formatted(1000, "h1") + "," + a.formatted(2000, "h1") + "," + a.formatted(90000, "h1") + "]")));
        f.add(q("sequence per-term keys", "ecs",
                "sequence with maxspan=1m [process where process.name : \"a.exe\"] by process.entity_id [process where process.name : \"b.exe\"] by process.parent.entity_id",
                List.of("[{\"@timestamp\":1,\"event\":{\"category\":\"process\"},\"process\":{\"name\":\"a.exe\",\"entity_id\":\"p1\"}},"
                        + "{\"@timestamp\":2,\"event\":{\"category\":\"process\"},\"process\":{\"name\":\"b.exe\",\"parent\":{\"entity_id\":\"p1\"}}}]"),
                List.of("[{\"@timestamp\":1,\"event\":{\"category\":\"process\"},\"process\":{\"name\":\"a.exe\",\"entity_id\":\"p1\"}},"
                        + "{\"@timestamp\":2,\"event\":{\"category\":\"process\"},\"process\":{\"name\":\"b.exe\",\"parent\":{\"entity_id\":\"p2\"}}}]")));
        return f.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void roundTrip(Fixture fx) throws IOException {
        Frontend.Outcome o = SigmaTestSupport.compile("round_trip.toml", fx.toml());
        Translation t = SigmaTestSupport.translateFull(o, fx.profile(), false);
        assertEquals(Translation.Status.EXACT, t.status(), t.diagnostics().toString());
        assertEquals(List.of(), SigmaSchemas.get().validate(t.text()));
        List<FixtureCase> cases = new ArrayList<>();
        for (boolean positive : new boolean[] {true, false}) {
            for (String json : positive ? fx.positives() : fx.negatives()) {
                List<Map<String, Object>> events = JSON.readValue(json.startsWith("[") ? json : "[" + json + "]", EVENTS);
                String name = (positive ? "positive " : "negative ") + cases.size();
                if (o.query() instanceof EventQuery) {
                    cases.add(positive ? FixtureCase.match(name, events) : FixtureCase.noMatch(name, events, null));
                } else { // a sequence: one verdict for the list, matched by whatever sequence it holds
                    cases.add(new FixtureCase(name, positive ? FixtureCase.Expect.MATCH : FixtureCase.Expect.NO_MATCH, events,
                            null, null, false));
                }
            }
        }
        FixtureRunner original = FixtureRunner.forRule(o.rule(), o.query());
        for (FixtureCase c : cases) {
            FixtureRunner.Verdict v = original.run(c);
            assertEquals(c.expectsMatch(), !v.actual().isEmpty(), "original on " + FixtureFile.toLine(c));
        }
        SigmaFixtureRoundTrip rt = new SigmaFixtureRoundTrip(fx.profile());
        rt.check(fx.name(), o, cases);
        assertEquals(List.of(), rt.failures);
        assertEquals(List.of(), rt.disagreements);
        assertEquals(cases.size(), rt.cases);
        assertFalse(cases.isEmpty());
    }
}
