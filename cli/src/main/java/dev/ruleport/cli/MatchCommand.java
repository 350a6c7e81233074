package dev.ruleport.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.ruleport.compile.CompiledRule;
import dev.ruleport.compile.Frontend;
import dev.ruleport.diag.Diagnostic;
import dev.ruleport.loader.Rule;
import dev.ruleport.match.MatchRules;
import dev.ruleport.match.StreamMatcher;
import dev.ruleport.runtime.Event;
import dev.ruleport.runtime.matcher.RunOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "match", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run rules over events and print one NDJSON alert per match:",
                "{\"rule_id\", \"name\", \"severity\", \"events\": [...]} (a missing-event slot is null).",
                "",
                "Rules are compiled in memory into the classes `convert --to java` writes; a rule that cannot be",
                "compiled runs in the interpreter (said once on stderr). Compiled rules are cached (--cache).",
                "Events are read as a stream: NDJSON (one event per line) or a JSON array, either of them",
                "gzip-compressed. Single-event alerts come in input order as events are read.",
                "",
                "Sequences see events in timestamp order: an event may come up to --max-out-of-order behind",
                "an event read before it. The events sequences use are held back that long (in event time),",
                "so a sequence's alert comes once a newer event is read, or at the end. An event further",
                "behind is still matched by single-event rules, but sequence rules skip it, and it is counted.",
                "",
                "A line that is not a JSON object is reported as file:line:col and skipped; the other events",
                "are matched (only the first 100 such lines are shown).",
                "",
                "Exit codes: 0 every event matched by every rule; 1 some rule could not be loaded or compiled;",
                "2 usage error; 3 some lines were skipped (not events) or some events were too late for sequences."})
final class MatchCommand implements Callable<Integer> {
    /** Exit code when some input was skipped. */
    static final int SKIPPED = 3;
    /** Bad lines shown on stderr before only counting them. */
    static final int SHOWN_BAD_RECORDS = 100;

    @Option(names = "--rules", required = true, paramLabel = "PATH", description = "rule files (Elastic .toml, Sigma .yml/.yaml) or folders")
    List<Path> rules;

    @Option(names = "--events", required = true, paramLabel = "FILE",
            description = "NDJSON or JSON-array events (ECS), optionally .gz; - for standard input")
    List<String> events;

    @Option(names = "--tiebreaker-field", paramLabel = "F", description = "orders events with equal timestamps")
    String tiebreakerField;

    @Mixin SigmaInput sigmaInput;

    @Option(names = "--max-out-of-order", paramLabel = "DURATION", defaultValue = "1m",
            description = "how far behind a later event an event may arrive and still be seen by sequence rules "
                    + "(e.g. 0, 500ms, 30s, 5m, 1h; default ${DEFAULT-VALUE})")
    String maxOutOfOrder;

    @Option(names = "--threads", paramLabel = "N", description = "threads parsing and matching (default: the number of cores)")
    Integer threads;

    @Option(names = "--interpret", description = "run every rule in the interpreter (slower; to compare)")
    boolean interpret;

    @Option(names = "--cache", paramLabel = "DIR",
            description = "where compiled rules are kept for the next run (default: $XDG_CACHE_HOME/ruleport or ~/.cache/ruleport)")
    Path cache;

    @Option(names = "--no-cache", description = "compile the rules without reading or writing the cache")
    boolean noCache;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    private static final Pattern DURATION = Pattern.compile("(\\d{1,12})(ms|s|m|h)?");

    @Override public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Long window = millis(maxOutOfOrder);
        if (window == null) return usage(err, "--max-out-of-order takes a duration such as 0, 500ms, 30s, 5m or 1h, not: " + maxOutOfOrder);
        if (threads != null && (threads < 1 || threads > 256)) return usage(err, "--threads must be between 1 and 256, not: " + threads);
        for (Path p : rules) {
            if (!Files.exists(p)) return usage(err, "no such rule file or folder: " + p);
        }
        List<StreamMatcher.Source> sources = new ArrayList<>();
        for (String e : events) {
            if (e.equals("-")) {
                sources.add(new StreamMatcher.Source("<stdin>", () -> nonClosing(System.in)));
                continue;
            }
            Path p = Path.of(e);
            if (!Files.exists(p)) return usage(err, "no such events file: " + e);
            if (Files.isDirectory(p)) return usage(err, "--events takes a file, not a folder: " + e);
            if (!Files.isReadable(p)) return usage(err, "cannot read events file: " + e);
            sources.add(new StreamMatcher.Source(e, () -> Files.newInputStream(p)));
        }
        Frontend.Options frontend = sigmaInput.options("match", rules, err);
        if (frontend == null) return Main.USAGE;
        List<Path> files = Frontend.ruleFiles(rules);
        if (files.isEmpty()) return usage(err, "no rules found in " + rules.stream().map(Path::toString).reduce((a, b) -> a + ", " + b).orElse(""));

        boolean failed = false;
        List<CompiledRule> compiled = new ArrayList<>();
        for (Path file : files) {
            Frontend.Outcome o = Frontend.compile(file, frontend);
            if (o.status() != Frontend.Status.OK) {
                for (Diagnostic d : o.diagnostics()) err.println(d.render());
                failed |= o.status() == Frontend.Status.FAILED;
                continue;
            }
            compiled.add(new CompiledRule(o.rule(), o.query()));
        }
        RunOptions runOptions = RunOptions.defaults().withTiebreaker(tiebreakerField);
        MatchRules matchRules = interpret ? MatchRules.interpreted(compiled, runOptions)
                : MatchRules.compile(compiled, runOptions, noCache ? null : cache != null ? cache : defaultCache());
        for (Diagnostic d : matchRules.failures()) err.println(d.render());
        failed |= !matchRules.failures().isEmpty();
        if (!interpret) {
            for (MatchRules.Fallback f : matchRules.fallbacks()) {
                err.println("ruleport match: " + f.rule().rule().file() + " runs in the interpreter (not compiled: " + f.reason() + ")");
            }
        }

        StreamMatcher.Options options = StreamMatcher.Options.defaults().withMaxOutOfOrderMillis(window);
        if (threads != null) options = options.withThreads(threads);
        long start = System.nanoTime();
        AlertWriter writer = new AlertWriter(out, err, matchRules.rules());
        StreamMatcher.Summary summary;
        try {
            summary = new StreamMatcher(matchRules, options).run(sources, writer);
            writer.close();
        } catch (IOException | UncheckedIOException e) {
            writer.close();
            err.println("ruleport match: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return Main.FAILED;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        report(err, summary, seconds);
        if (failed) return Main.FAILED;
        return summary.badRecords() > 0 || summary.lateEvents() > 0 ? SKIPPED : Main.OK;
    }

    private void report(PrintWriter err, StreamMatcher.Summary s, double seconds) {
        if (s.badRecords() > SHOWN_BAD_RECORDS) {
            err.println("ruleport match: " + (s.badRecords() - SHOWN_BAD_RECORDS) + " more bad lines not shown");
        }
        if (s.lateEvents() > 0) {
            err.println("ruleport match: " + s.lateEvents() + " event" + plural(s.lateEvents()) + " came more than "
                    + maxOutOfOrder + " out of timestamp order; sequence rules skipped them (see --max-out-of-order)");
        }
        if (s.untimedEvents() > 0) {
            err.println("ruleport match: note: " + s.untimedEvents() + " event" + plural(s.untimedEvents())
                    + " without a readable @timestamp; sequence rules cannot use them");
        }
        err.println(String.format(Locale.ROOT, "ruleport match: %d alert%s; %d event%s (%.1f MB) in %.1f s%s", s.alerts(),
                plural(s.alerts()), s.events(), plural(s.events()), s.bytes() / 1e6, seconds,
                s.badRecords() == 0 ? "" : "; " + s.badRecords() + " bad line" + plural(s.badRecords()) + " skipped"));
    }

    private static String plural(long n) { return n == 1 ? "" : "s"; }

    /** $XDG_CACHE_HOME/ruleport, else ~/.cache/ruleport. */
    static Path defaultCache() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("ruleport");
    }

    private static int usage(PrintWriter err, String message) {
        err.println("ruleport match: " + message);
        return Main.USAGE;
    }

    /** A duration in milliseconds, or null when it is not one. */
    static Long millis(String text) {
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) return null;
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> n;
            case "s" -> n * 1000;
            case "m" -> n * 60_000;
            default -> n * 3_600_000;
        };
    }

    private static InputStream nonClosing(InputStream in) {
        return new java.io.FilterInputStream(in) {
            @Override public void close() {}
        };
    }

    /** Writes alerts as NDJSON to stdout and bad lines to stderr (the first {@link #SHOWN_BAD_RECORDS}). */
    private static final class AlertWriter implements StreamMatcher.Listener {
        private final PrintWriter err;
        private final List<CompiledRule> rules;
        private final JsonGenerator json;
        private long bad;

        AlertWriter(PrintWriter out, PrintWriter err, List<CompiledRule> rules) throws IOException {
            this.err = err;
            this.rules = rules;
            this.json = Jackson.plain().getFactory().createGenerator(out).disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            json.setCodec(Jackson.plain());
            json.setRootValueSeparator(null); // alerts end with a newline, not a space
        }

        @Override public void alert(int rule, List<Event> events) {
            Rule r = rules.get(rule).rule();
            try {
                json.writeStartObject();
                json.writeStringField("rule_id", r.ruleId());
                json.writeStringField("name", r.name());
                json.writeStringField("severity", r.severity());
                json.writeArrayFieldStart("events");
                for (Event e : events) {
                    if (e == null) json.writeNull();
                    else json.writeObject(e.source());
                }
                json.writeEndArray();
                json.writeEndObject();
                json.writeRaw('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override public void badRecord(String source, long line, int column, String message) {
            if (++bad > SHOWN_BAD_RECORDS) return;
            err.println(source + ":" + line + (column > 0 ? ":" + column : "") + ": " + message);
        }

        void close() throws IOException {
            json.flush();
        }
    }
}
