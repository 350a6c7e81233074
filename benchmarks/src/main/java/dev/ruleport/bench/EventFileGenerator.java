package dev.ruleport.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ruleport.compile.CompiledRule;
import dev.ruleport.compile.Frontend;
import dev.ruleport.fixtures.FixtureCase;
import dev.ruleport.fixtures.WitnessGenerator;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Writes a seeded ECS NDJSON file of a given size for the {@code match} throughput benchmark: process,
 * file, network and registry events of Windows hosts with realistic values (Elastic Defend's shape,
 * about 1 KB each), timestamps increasing by a few milliseconds, and every {@code --plant-every}
 * events the witnesses of one corpus rule (events the fixtures generator derives to match it), so that
 * rules fire. The same seed gives the same file.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.ruleport.bench.EventFileGenerator --out events.ndjson --size 1GB \
 *     [--seed 1] [--plant DIR] [--plant-every 2000]
 * java -cp benchmarks/target/benchmarks.jar dev.ruleport.bench.EventFileGenerator --out keys.ndjson --sequence-keys 1000000
 * </pre>
 *
 * The second form writes the sequence benchmark's input: for each of N distinct {@code process.entity_id}
 * a process start and, 10 s to 6 min later, a network event of the same process, interleaved over time;
 * with a 5-minute maxspan, the pairs within 5 minutes are the matches (their number is printed).
 */
public final class EventFileGenerator {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final long START = Instant.parse("2026-04-01T08:00:00Z").toEpochMilli();

    private static final String[] USERS = {"alice", "bob", "carol", "dave", "erin", "frank", "SYSTEM", "LOCAL SERVICE", "svc_backup", "admin"};
    private static final String[][] PROGRAMS = {
        {"C:\\Windows\\System32\\svchost.exe", "-k netsvcs -p -s Schedule"},
        {"C:\\Windows\\explorer.exe", ""},
        {"C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe", "--type=renderer --lang=en-US --renderer-client-id=7"},
        {"C:\\Windows\\System32\\cmd.exe", "/c dir C:\\Users\\Public"},
        {"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe", "-NoProfile -ExecutionPolicy Bypass -File C:\\scripts\\inventory.ps1"},
        {"C:\\Windows\\System32\\rundll32.exe", "C:\\Windows\\System32\\shell32.dll,Control_RunDLL"},
        {"C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE", "/n \"C:\\Users\\Public\\Documents\\report.docx\""},
        {"C:\\Windows\\System32\\conhost.exe", "0xffffffff -ForceV1"},
        {"C:\\Windows\\System32\\taskhostw.exe", ""},
        {"C:\\Windows\\System32\\msiexec.exe", "/V"},
        {"C:\\Program Files\\7-Zip\\7z.exe", "x archive.zip -oC:\\Temp"},
        {"C:\\Windows\\System32\\reg.exe", "query HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Run"},
        {"C:\\Windows\\System32\\net.exe", "user"},
        {"C:\\Windows\\System32\\wbem\\WmiPrvSE.exe", "-secured -Embedding"},
        {"C:\\Windows\\System32\\notepad.exe", "C:\\Users\\Public\\notes.txt"},
    };
    private static final String[] EXTENSIONS = {"txt", "docx", "xlsx", "pdf", "dll", "exe", "tmp", "log", "ps1", "zip", "json"};
    private static final String[] FOLDERS = {"C:\\Users\\%s\\AppData\\Local\\Temp", "C:\\Users\\%s\\Documents", "C:\\Users\\%s\\Downloads",
        "C:\\ProgramData\\Microsoft\\Windows\\WER", "C:\\Windows\\Temp", "C:\\Windows\\System32\\config"};
    private static final String[] REGISTRY = {"HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run\\%s",
        "HKU\\S-1-5-21-1004\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\RecentDocs\\%s",
        "HKLM\\SYSTEM\\CurrentControlSet\\Services\\%s\\Start", "HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows Defender\\%s"};

    private final Random random;
    private final int hosts;
    private long timestamp = START;

    EventFileGenerator(long seed, int hosts) {
        this.random = new Random(seed);
        this.hosts = hosts;
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) opts.put(args[i], args[i + 1]);
        Path out = Path.of(opts.getOrDefault("--out", "events.ndjson"));
        long seed = Long.parseLong(opts.getOrDefault("--seed", "1"));
        if (opts.containsKey("--sequence-keys")) {
            long matches = writeSequencePairs(out, Integer.parseInt(opts.get("--sequence-keys")), seed);
            System.out.printf("%s: %d keys, %d pairs within 5 minutes, %.1f MB%n", out, Integer.parseInt(opts.get("--sequence-keys")),
                    matches, Files.size(out) / 1e6);
            return;
        }
        long size = bytes(opts.getOrDefault("--size", "100MB"));
        Path plant = Path.of(opts.getOrDefault("--plant", Corpus.shared().resolve("corpus/detection-rules/rules/windows").toString()));
        int every = Integer.parseInt(opts.getOrDefault("--plant-every", "2000"));
        long[] counts = new EventFileGenerator(seed, 400).write(out, size, witnesses(plant), every);
        System.out.printf("%s: %d events (%d planted), %.1f MB%n", out, counts[0], counts[1], Files.size(out) / 1e6);
    }

    static long bytes(String size) {
        String s = size.trim().toUpperCase(Locale.ROOT);
        long unit = s.endsWith("GB") ? 1_000_000_000L : s.endsWith("MB") ? 1_000_000L : s.endsWith("KB") ? 1_000L : 1L;
        return (long) (Double.parseDouble(s.replaceAll("[A-Z]+$", "")) * unit);
    }

    /** The matching cases of each rule: groups of events (one for a single-event rule, the stages of a sequence). */
    static List<List<Map<String, Object>>> witnesses(Path rules) throws IOException {
        List<List<Map<String, Object>>> out = new ArrayList<>();
        WitnessGenerator generator = new WitnessGenerator();
        for (Path f : Frontend.ruleFiles(List.of(rules))) {
            Frontend.Outcome o = Frontend.compile(f);
            if (o.status() != Frontend.Status.OK) continue;
            CompiledRule r = new CompiledRule(o.rule(), o.query());
            for (FixtureCase c : generator.generate(r.rule(), r.query()).cases()) {
                if (c.expect() == FixtureCase.Expect.MATCH) {
                    out.add(c.events());
                    break;
                }
            }
        }
        return out;
    }

    /** Writes events up to {@code size} bytes; returns {events, planted events}. */
    long[] write(Path file, long size, List<List<Map<String, Object>>> witnesses, int every) throws IOException {
        long events = 0;
        long planted = 0;
        int next = 0;
        long[] written = {0};
        try (OutputStream os = new java.io.FilterOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
                @Override public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                    written[0] += len;
                }

                @Override public void write(int b) throws IOException {
                    out.write(b);
                    written[0]++;
                }
            };
             JsonGenerator json = new JsonFactory().setCodec(JSON).createGenerator(os)) {
            json.setRootValueSeparator(null);
            while (written[0] + json.getOutputBuffered() < size) {
                List<Map<String, Object>> group;
                if (!witnesses.isEmpty() && events % every == every - 1) {
                    group = witnesses.get(next++ % witnesses.size());
                    planted += group.size();
                } else {
                    group = List.of(event());
                }
                for (Map<String, Object> e : group) {
                    Map<String, Object> copy = new LinkedHashMap<>(e);
                    timestamp += 1 + random.nextInt(8);
                    copy.put("@timestamp", Instant.ofEpochMilli(timestamp).toString());
                    json.writeObject(copy);
                    json.writeRaw('\n');
                    events++;
                }
            }
        }
        return new long[] {events, planted};
    }

    /** One background event: a process start, file change, network connection or registry change. */
    Map<String, Object> event() {
        String host = "WIN-" + String.format(Locale.ROOT, "%05d", random.nextInt(hosts));
        String user = USERS[random.nextInt(USERS.length)];
        String[] program = PROGRAMS[random.nextInt(PROGRAMS.length)];
        String[] parent = PROGRAMS[random.nextInt(PROGRAMS.length)];
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("@timestamp", "");
        e.put("agent", map("id", uuid(host.hashCode()), "type", "endpoint", "version", "8.15.1"));
        e.put("data_stream", map("dataset", "endpoint.events.process", "namespace", "default", "type", "logs"));
        e.put("ecs", map("version", "8.11.0"));
        e.put("host", map("name", host, "hostname", host, "id", uuid(host.hashCode() * 31L),
                "os", map("type", "windows", "name", "Windows", "family", "windows", "platform", "windows",
                        "version", "10.0", "kernel", "22H2 (10.0.19045.4170)"),
                "ip", List.of("10." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256))));
        e.put("user", map("name", user, "domain", "CORP", "id", "S-1-5-21-1004-" + (1000 + random.nextInt(50))));
        String entity = uuid(random.nextLong());
        e.put("process", map("name", baseName(program[0]), "executable", program[0], "pid", 1000 + random.nextInt(30000),
                "entity_id", entity, "command_line", "\"" + program[0] + "\" " + program[1], "args", args(program),
                "args_count", args(program).size(), "working_directory", "C:\\Windows\\system32\\",
                "code_signature", map("trusted", true, "subject_name", "Microsoft Windows", "exists", true, "status", "trusted"),
                "parent", map("name", baseName(parent[0]), "executable", parent[0], "pid", 500 + random.nextInt(9000),
                        "entity_id", uuid(random.nextLong()), "args", args(parent)),
                "hash", map("sha256", hex(64))));
        int kind = random.nextInt(10);
        if (kind < 4) {
            e.put("event", event("process", random.nextInt(4) == 0 ? "end" : "start", random.nextInt(4) == 0 ? "end" : "start"));
        } else if (kind < 7) {
            String name = "file" + random.nextInt(100000) + "." + EXTENSIONS[random.nextInt(EXTENSIONS.length)];
            String path = String.format(FOLDERS[random.nextInt(FOLDERS.length)], user) + "\\" + name;
            String[] action = {"creation", "modification", "deletion", "rename"};
            String type = action[random.nextInt(action.length)];
            e.put("event", event("file", type.equals("modification") ? "change" : type, type));
            e.put("file", map("name", name, "path", path, "extension", name.substring(name.lastIndexOf('.') + 1),
                    "size", random.nextInt(5_000_000)));
        } else if (kind < 9) {
            e.put("event", event("network", random.nextBoolean() ? "start" : "end", "connection_attempted"));
            e.put("source", map("ip", "10.1." + random.nextInt(256) + "." + random.nextInt(256), "port", 49152 + random.nextInt(16000)));
            e.put("destination", map("ip", random.nextInt(3) + 52 + "." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256),
                    "port", new int[] {443, 80, 53, 445, 3389, 8080}[random.nextInt(6)]));
            e.put("network", map("direction", random.nextBoolean() ? "egress" : "ingress", "transport", "tcp", "type", "ipv4"));
        } else {
            String key = String.format(REGISTRY[random.nextInt(REGISTRY.length)], "Value" + random.nextInt(500));
            e.put("event", event("registry", "change", "modification"));
            e.put("registry", map("path", key, "key", key.substring(key.indexOf('\\') + 1, key.lastIndexOf('\\')),
                    "value", key.substring(key.lastIndexOf('\\') + 1), "hive", key.substring(0, key.indexOf('\\')),
                    "data", map("strings", List.of("C:\\Program Files\\App\\app" + random.nextInt(40) + ".exe"), "type", "REG_SZ")));
        }
        e.put("message", "Endpoint event");
        return e;
    }

    private Map<String, Object> event(String category, String type, String action) {
        return map("category", List.of(category), "type", List.of(type), "action", action, "kind", "event",
                "module", "endpoint", "dataset", "endpoint.events." + category, "id", hex(24), "outcome", "success");
    }

    private static List<String> args(String[] program) {
        List<String> out = new ArrayList<>();
        out.add(program[0]);
        if (!program[1].isEmpty()) out.addAll(List.of(program[1].split(" ")));
        return out;
    }

    private static String baseName(String path) {
        return path.substring(path.lastIndexOf('\\') + 1);
    }

    private String uuid(long seed) {
        Random r = new Random(seed);
        return new java.util.UUID(r.nextLong(), r.nextLong()).toString();
    }

    private String hex(int digits) {
        StringBuilder sb = new StringBuilder(digits);
        for (int i = 0; i < digits; i++) sb.append(Character.forDigit(random.nextInt(16), 16));
        return sb.toString();
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    /**
     * The sequence benchmark's input: {@code keys} processes, each started once and making one network
     * connection 10 s to 6 min later, start times spread so that about 1,000 processes start a minute.
     * Returns how many connections come within 5 minutes of their process's start.
     */
    static long writeSequencePairs(Path file, int keys, long seed) throws IOException {
        Random random = new Random(seed);
        long matches = 0;
        // events in time order: a queue of pending connections by time
        java.util.PriorityQueue<long[]> pending = new java.util.PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]));
        EventFileGenerator gen = new EventFileGenerator(seed, 400);
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
             JsonGenerator json = new JsonFactory().setCodec(JSON).createGenerator(os)) {
            json.setRootValueSeparator(null);
            long t = START;
            for (int k = 0; k < keys || !pending.isEmpty(); ) {
                if (k < keys && (pending.isEmpty() || pending.peek()[0] > t)) {
                    long delay = 10_000 + (long) (random.nextDouble() * 350_000);
                    if (delay <= 300_000) matches++;
                    writePair(json, gen, "start", k, t);
                    pending.add(new long[] {t + delay, k});
                    k++;
                    t += random.nextInt(120); // about 1,000 starts a minute
                } else {
                    long[] p = pending.poll();
                    writePair(json, gen, "connect", (int) p[1], p[0]);
                }
            }
        }
        return matches;
    }

    private static void writePair(JsonGenerator json, EventFileGenerator gen, String what, int key, long time) throws IOException {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("@timestamp", Instant.ofEpochMilli(time).toString());
        boolean start = what.equals("start");
        e.put("event", map("category", List.of(start ? "process" : "network"), "type", List.of(start ? "start" : "connection")));
        e.put("host", map("id", "h" + (key % 400), "os", map("type", "windows")));
        e.put("process", map("entity_id", "proc-" + key, "name", "app" + (key % 50) + ".exe", "pid", 1000 + key % 30000));
        if (!start) e.put("destination", map("ip", "52.1." + (key % 256) + "." + (key / 256 % 256), "port", 443));
        json.writeObject(e);
        json.writeRaw('\n');
    }
}
