package dev.ruleport.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.ruleport.compile.CompiledRule;
import dev.ruleport.compile.Frontend;
import dev.ruleport.ir.SequenceQuery;
import dev.ruleport.match.MatchRules;
import dev.ruleport.match.StreamMatcher;
import dev.ruleport.runtime.Event;
import dev.ruleport.runtime.matcher.RunOptions;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Throughput of {@code match} in one JVM over an events file (see {@link EventFileGenerator}): the
 * Jackson parse-only floor (one thread, tokens only), the match pipeline with no rules (reading,
 * cutting and parsing into events on every thread), then 20 Windows corpus rules and all of them.
 * Each line gives MB/s and events/s of the pass over the file, the rules compiled beforehand (their
 * compile time is printed apart). Timings are of one pass each, after one warm-up pass of the same kind
 * over the first 50 MB.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.ruleport.bench.MatchThroughput events.ndjson [threads]
 * </pre>
 */
public final class MatchThroughput {
    private MatchThroughput() {}

    public static void main(String[] args) throws IOException {
        Path events = Path.of(args[0]);
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : Runtime.getRuntime().availableProcessors();
        long size = Files.size(events);
        System.out.printf(Locale.ROOT, "%s: %.1f MB, %d threads%n", events, size / 1e6, threads);

        long t0 = System.nanoTime();
        long cpu0 = cpu();
        long tokens = jacksonTokens(events, Long.MAX_VALUE);
        report("Jackson parse only (1 thread, tokens)", size, -1, System.nanoTime() - t0, cpu() - cpu0, tokens + " tokens");

        List<CompiledRule> windows = windowsRules();
        List<CompiledRule> twenty = new ArrayList<>(windows.subList(0, 20));
        Map<String, List<CompiledRule>> sets = new LinkedHashMap<>();
        sets.put("match pipeline, no rules", List.of());
        sets.put("match, 20 Windows rules (" + sequences(twenty) + " sequences)", twenty);
        sets.put("match, all " + windows.size() + " Windows rules (" + sequences(windows) + " sequences)", windows);
        Path cache = Files.createTempDirectory("ruleport-bench-cache");
        String only = System.getProperty("only", "");
        for (Map.Entry<String, List<CompiledRule>> set : sets.entrySet()) {
            if (!set.getKey().contains(only)) continue;
            long c0 = System.nanoTime();
            MatchRules rules = MatchRules.compile(set.getValue(), RunOptions.defaults(), cache);
            long compile = System.nanoTime() - c0;
            StreamMatcher matcher = new StreamMatcher(rules, StreamMatcher.Options.defaults().withThreads(threads));
            run(matcher, prefix(events, 50_000_000L)); // warm-up
            long s0 = System.nanoTime();
            long cpu1 = cpu();
            StreamMatcher.Summary summary = run(matcher, events);
            report(set.getKey(), summary.bytes(), summary.events(), System.nanoTime() - s0, cpu() - cpu1,
                    summary.alerts() + " alerts, compiled in " + compile / 1_000_000 + " ms");
        }
    }

    private static StreamMatcher.Summary run(StreamMatcher matcher, StreamMatcher.StreamOpener input) throws IOException {
        return matcher.run(List.of(new StreamMatcher.Source("events", input)), new StreamMatcher.Listener() {
            @Override public void alert(int rule, List<Event> events) {}

            @Override public void badRecord(String source, long line, int column, String message) {
                throw new IllegalStateException(source + ":" + line + ": " + message);
            }
        });
    }

    private static StreamMatcher.Summary run(StreamMatcher matcher, Path file) throws IOException {
        return run(matcher, () -> Files.newInputStream(file));
    }

    /** The first {@code bytes} of the file, cut at a line end. */
    private static StreamMatcher.StreamOpener prefix(Path file, long bytes) {
        return () -> {
            InputStream in = new BufferedInputStream(Files.newInputStream(file));
            return new InputStream() {
                long left = bytes;

                @Override public int read() throws IOException {
                    if (left <= 0) return -1;
                    int b = in.read();
                    left = b == '\n' && left < 1_000_000 ? 0 : left - 1;
                    return b;
                }

                @Override public void close() throws IOException {
                    in.close();
                }
            };
        };
    }

    /** Reads every token with Jackson's streaming parser: the floor any JSON reader of this file pays on one core. */
    static long jacksonTokens(Path file, long limit) throws IOException {
        long n = 0;
        try (JsonParser p = new JsonFactory().createParser(Files.newInputStream(file))) {
            JsonToken t;
            while ((t = p.nextToken()) != null && n < limit) {
                if (t == JsonToken.VALUE_STRING) p.getText();
                n++;
            }
        }
        return n;
    }

    static List<CompiledRule> windowsRules() throws IOException {
        List<CompiledRule> out = new ArrayList<>();
        for (Path f : Frontend.ruleFiles(List.of(Corpus.shared().resolve("corpus/detection-rules/rules/windows")))) {
            Frontend.Outcome o = Frontend.compile(f);
            if (o.status() == Frontend.Status.OK) out.add(new CompiledRule(o.rule(), o.query()));
        }
        return out;
    }

    private static long sequences(List<CompiledRule> rules) {
        return rules.stream().filter(r -> r.query() instanceof SequenceQuery).count();
    }

    /** CPU time of the whole process, all threads (the machine may be shared: wall time alone says little). */
    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static void report(String what, long bytes, long events, long nanos, long cpuNanos, String note) {
        double s = nanos / 1e9;
        double c = cpuNanos / 1e9;
        System.out.printf(Locale.ROOT, "%-50s %7.1f MB/s %10s events/s  (%.1f s wall, %.1f CPU-s = %.1f MB per CPU-s; %s)%n",
                what, bytes / 1e6 / s, events < 0 ? "-" : String.format(Locale.ROOT, "%,d", (long) (events / s)), s, c,
                bytes / 1e6 / c, note);
    }
}
