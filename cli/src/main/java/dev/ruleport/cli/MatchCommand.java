package dev.ruleport.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ruleport.compile.Frontend;
import dev.ruleport.diag.CompileException;
import dev.ruleport.diag.Diagnostic;
import dev.ruleport.interpret.EventReader;
import dev.ruleport.interpret.Interpreter;
import dev.ruleport.interpret.InterpreterOptions;
import dev.ruleport.runtime.Event;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "match", mixinStandardHelpOptions = true,
        description = {"Run rules over events and print one NDJSON alert per match:",
                "{\"rule_id\", \"name\", \"severity\", \"events\": [...]} (a missing-event slot is null)."})
final class MatchCommand implements Callable<Integer> {
    @Option(names = "--rules", required = true, paramLabel = "PATH", description = "rule files (Elastic .toml, Sigma .yml/.yaml) or folders")
    List<Path> rules;

    @Option(names = "--events", required = true, paramLabel = "FILE", description = "JSON array or NDJSON events (ECS)")
    List<Path> events;

    @Option(names = "--tiebreaker-field", description = "orders events with equal timestamps")
    String tiebreakerField;

    @Mixin SigmaInput sigmaInput;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        for (Path p : rules) {
            if (!Files.exists(p)) {
                err.println("ruleport match: no such file or folder: " + p);
                return Main.USAGE;
            }
        }
        Frontend.Options frontend = sigmaInput.options("match", rules, err);
        if (frontend == null) return Main.USAGE;
        List<Event> all = new ArrayList<>();
        try {
            for (Path e : events) all.addAll(EventReader.read(e));
        } catch (IOException e) {
            err.println("ruleport match: " + e.getMessage());
            return Main.FAILED;
        }
        boolean failed = false;
        int alerts = 0;
        for (Path file : Frontend.ruleFiles(rules)) {
            Frontend.Outcome o = Frontend.compile(file, frontend);
            if (o.status() != Frontend.Status.OK) {
                for (Diagnostic d : o.diagnostics()) err.println(d.render());
                failed |= o.status() == Frontend.Status.FAILED;
                continue;
            }
            Interpreter interpreter;
            try {
                InterpreterOptions options = InterpreterOptions.defaults().withCategoryField(o.rule().categoryField())
                        .withTiebreaker(tiebreakerField);
                interpreter = Interpreter.compile(o.query(), o.rule().querySource(), options);
            } catch (CompileException e) {
                for (Diagnostic d : e.diagnostics()) err.println(d.render());
                failed = true;
                continue;
            }
            for (List<Event> match : interpreter.run(all)) {
                ObjectNode alert = JSON.createObjectNode();
                alert.put("rule_id", o.rule().ruleId());
                alert.put("name", o.rule().name());
                alert.put("severity", o.rule().severity());
                ArrayNode evs = alert.putArray("events");
                for (Event e : match) {
                    if (e == null) evs.addNull();
                    else evs.add(JSON.valueToTree(e.source()));
                }
                out.println(JSON.writeValueAsString(alert));
                alerts++;
            }
        }
        err.println("ruleport match: " + alerts + " alert" + (alerts == 1 ? "" : "s"));
        out.flush();
        return failed ? Main.FAILED : Main.OK;
    }
}
