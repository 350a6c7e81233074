package dev.ruleport.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ruleport.diag.CompileException;
import dev.ruleport.diag.Diagnostic;
import dev.ruleport.diag.SourceText;
import dev.ruleport.interpret.EventReader;
import dev.ruleport.interpret.FieldTypes;
import dev.ruleport.interpret.Interpreter;
import dev.ruleport.interpret.InterpreterOptions;
import dev.ruleport.interpret.Timestamps;
import dev.ruleport.ir.Query;
import dev.ruleport.parse.QueryParser;
import dev.ruleport.runtime.Event;
import dev.ruleport.runtime.FieldAccessor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "query", mixinStandardHelpOptions = true,
        description = {"Run an EQL query over JSON events with the reference interpreter.",
                "Prints one line per match: a JSON array holding, for each event of the match, the value of --ids "
                        + "(or the whole event); a missing-event slot is null."})
final class QueryCommand implements Callable<Integer> {
    @Option(names = "--events", required = true, paramLabel = "FILE",
            description = "events as a JSON array or NDJSON; repeat for several indices")
    List<Path> events;

    @Option(names = "--mapping", paramLabel = "FILE",
            description = "Elasticsearch mapping of the matching --events file (paired in order)")
    List<Path> mappings = new ArrayList<>();

    @Option(names = "--timestamp-field", defaultValue = "@timestamp", description = "default: ${DEFAULT-VALUE}")
    String timestampField;

    @Option(names = "--timestamp-format", defaultValue = "auto",
            description = "auto, iso8601, epoch_millis or filetime (default: ${DEFAULT-VALUE})")
    String timestampFormat;

    @Option(names = "--tiebreaker-field", description = "orders events with equal timestamps")
    String tiebreakerField;

    @Option(names = "--category-field", defaultValue = "event.category", description = "default: ${DEFAULT-VALUE}")
    String categoryField;

    @Option(names = "--ids", paramLabel = "FIELD", description = "print this field of each event instead of the event")
    String idsField;

    @Option(names = "--size", defaultValue = "0", description = "at most N results (0: no limit)")
    int size;

    @Option(names = "--max-samples-per-key", defaultValue = "1", description = "for sample queries (default: ${DEFAULT-VALUE})")
    int maxSamplesPerKey;

    @Option(names = "--batch", description = "read NDJSON {\"id\", \"query\"} lines from stdin; print one NDJSON result per line")
    boolean batch;

    @Parameters(arity = "0..1", paramLabel = "QUERY", description = "the EQL query")
    String query;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;


    /**
     * Sequences order events by the timestamp and leave out events without a readable one (as Elasticsearch does):
     * such events are said once on stderr, counted, with the first of each kind, so they are not lost silently.
     */
    private void warnAboutTimestamps(java.io.PrintWriter err, List<Event> all, Timestamps.Format format) {
        FieldAccessor ts = FieldAccessor.of(timestampField);
        int missing = 0;
        int unreadable = 0;
        String example = null;
        for (Event e : all) {
            List<Object> v = ts.values(e);
            if (v.isEmpty() || v.get(0) == null) {
                missing++;
            } else if (Timestamps.toMillis(v.get(0), format) == null) {
                unreadable++;
                if (example == null) example = String.valueOf(v.get(0));
            }
        }
        if (missing + unreadable == 0) return;
        err.println("ruleport query: warning: " + (missing + unreadable) + " of " + all.size() + " events have no readable "
                + timestampField + " (" + missing + " without one, " + unreadable + " unreadable"
                + (example == null ? "" : ", e.g. \"" + example + "\"") + "): sequences leave them out");
    }

    @Override public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (batch == (query != null)) {
            err.println("ruleport query: give either a QUERY or --batch");
            return Main.USAGE;
        }
        if (size < 0) {
            err.println("ruleport query: --size must be 0 (no limit) or more, not " + size);
            return Main.USAGE;
        }
        if (maxSamplesPerKey < 1) {
            err.println("ruleport query: --max-samples-per-key must be 1 or more, not " + maxSamplesPerKey);
            return Main.USAGE;
        }
        for (Path p : events) {
            if (!java.nio.file.Files.exists(p)) {
                err.println("ruleport query: --events " + p + ": no such file");
                return Main.USAGE;
            }
            if (java.nio.file.Files.isDirectory(p)) {
                err.println("ruleport query: --events " + p + " is a folder, not a file of events");
                return Main.USAGE;
            }
        }
        if (!mappings.isEmpty() && mappings.size() != events.size()) {
            err.println("ruleport query: --mapping must be given once per --events file, in the same order");
            return Main.USAGE;
        }
        Timestamps.Format format;
        try {
            format = Timestamps.Format.valueOf(timestampFormat.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            err.println("ruleport query: unknown --timestamp-format " + timestampFormat + " (auto, iso8601, epoch_millis, filetime)");
            return Main.USAGE;
        }
        List<Event> all = new ArrayList<>();
        List<FieldTypes> types = new ArrayList<>();
        try {
            for (int i = 0; i < events.size(); i++) {
                FieldTypes t = mappings.isEmpty() ? FieldTypes.NONE : FieldTypes.load(mappings.get(i));
                all.addAll(t.normalizeDates(EventReader.read(events.get(i))));
                types.add(t);
            }
        } catch (IOException e) {
            err.println("ruleport query: " + e.getMessage());
            return Main.FAILED;
        }
        warnAboutTimestamps(err, all, format);
        InterpreterOptions options = InterpreterOptions.defaults()
                .withCategoryField(categoryField)
                .withTimestamp(timestampField, format)
                .withTiebreaker(tiebreakerField)
                .withFieldTypes(FieldTypes.merge(types).withDynamicFields(all))
                .withSize(size)
                .withMaxSamplesPerKey(maxSamplesPerKey);
        FieldAccessor ids = idsField == null ? null : FieldAccessor.of(idsField);
        if (!batch) {
            try {
                for (List<Event> match : run(query, "<query>", all, options)) out.println(Jackson.plain().writeValueAsString(render(match, ids)));
                return Main.OK;
            } catch (CompileException e) {
                for (Diagnostic d : e.diagnostics()) err.println(d.render());
                return Main.FAILED;
            }
        }
        int failed = 0;
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.isBlank()) continue;
            ObjectNode result = Jackson.plain().createObjectNode();
            JsonNode request;
            try {
                request = Jackson.plain().readTree(line);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                result.put("error", "invalid request line: " + e.getOriginalMessage());
                out.println(Jackson.plain().writeValueAsString(result));
                failed++;
                continue;
            }
            result.set("id", request.get("id"));
            try {
                ArrayNode matches = result.putArray("matches");
                for (List<Event> match : run(request.path("query").asText(), String.valueOf(request.get("id")), all, options)) {
                    matches.add(render(match, ids));
                }
            } catch (CompileException e) {
                result.remove("matches");
                Diagnostic d = e.diagnostics().get(0);
                result.put("error", d.line() + ":" + d.column() + ": " + d.message());
                failed++;
            }
            out.println(Jackson.plain().writeValueAsString(result));
            out.flush();
        }
        return failed == 0 ? Main.OK : Main.FAILED;
    }

    private static List<List<Event>> run(String text, String name, List<Event> events, InterpreterOptions options) {
        SourceText source = SourceText.of(name, text);
        QueryParser.Result<Query> parsed = QueryParser.parseQuery(source);
        if (!parsed.ok()) throw new CompileException(parsed.diagnostics());
        return Interpreter.compile(parsed.value(), source, options).run(events);
    }

    private static ArrayNode render(List<Event> match, FieldAccessor ids) {
        ArrayNode arr = Jackson.plain().createArrayNode();
        for (Event e : match) {
            if (e == null) arr.addNull();
            else if (ids == null) arr.add(Jackson.plain().valueToTree(e.source()));
            else arr.add(Jackson.plain().valueToTree(ids.first(e)));
        }
        return arr;
    }
}
