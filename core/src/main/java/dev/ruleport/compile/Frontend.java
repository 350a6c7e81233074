package dev.ruleport.compile;

import dev.ruleport.diag.Diagnostic;
import dev.ruleport.diag.Severity;
import dev.ruleport.ir.Query;
import dev.ruleport.loader.Rule;
import dev.ruleport.loader.RuleLoader;
import dev.ruleport.parse.QueryParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Rule file to checked IR: load the TOML, parse the EQL, run the post-parse checks. */
public final class Frontend {
    private Frontend() {}

    public enum Status { OK, FAILED, UNSUPPORTED_LANGUAGE }

    /** The front end's verdict on one rule file. {@code query} is set only when {@code status} is OK. */
    public record Outcome(Path path, Status status, Rule rule, Query query, List<Diagnostic> diagnostics) {}

    public static Outcome compile(Path path) {
        RuleLoader.Result loaded = RuleLoader.load(path);
        return compile(path, loaded);
    }

    public static Outcome compileText(String fileName, String tomlText) {
        return compile(Path.of(fileName), RuleLoader.parse(fileName, tomlText));
    }

    private static Outcome compile(Path path, RuleLoader.Result loaded) {
        if (!loaded.ok()) return new Outcome(path, Status.FAILED, loaded.rule(), null, loaded.diagnostics());
        Rule rule = loaded.rule();
        List<Diagnostic> diags = new ArrayList<>(loaded.diagnostics());
        if (!rule.isEql()) {
            diags.add(Diagnostic.at(Severity.NOTE, rule.querySource(), null, "LANGUAGE",
                    "language " + rule.language() + " is not supported yet; only eql rules are compiled"));
            return new Outcome(path, Status.UNSUPPORTED_LANGUAGE, rule, null, diags);
        }
        QueryParser.Result<Query> parsed = QueryParser.parseQuery(rule.querySource());
        diags.addAll(parsed.diagnostics());
        if (!parsed.ok()) return new Outcome(path, Status.FAILED, rule, null, diags);
        return new Outcome(path, Status.OK, rule, parsed.value(), diags);
    }

    /** Every {@code .toml} file under the given files and folders, sorted, folders walked recursively. */
    public static List<Path> ruleFiles(List<Path> roots) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path root : roots) {
            if (Files.isDirectory(root)) {
                try (Stream<Path> s = Files.walk(root)) {
                    s.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".toml"))
                            .sorted().forEach(out::add);
                }
            } else {
                out.add(root);
            }
        }
        return out;
    }
}
