package dev.ruleport.compile;

import dev.ruleport.diag.Diagnostic;
import dev.ruleport.diag.Severity;
import dev.ruleport.diag.SourceText;
import dev.ruleport.ir.Query;
import dev.ruleport.loader.Rule;
import dev.ruleport.loader.RuleLoader;
import dev.ruleport.mapping.MappingProfile;
import dev.ruleport.parse.QueryParser;
import dev.ruleport.sigma.SigmaLibrary;
import dev.ruleport.sigma.SigmaReader;
import dev.ruleport.sigma.SigmaRules;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Rule file to checked IR. A {@code .toml} file is an Elastic rule: load the TOML, parse the EQL, run the
 * post-parse checks. A {@code .yml}/{@code .yaml} file is Sigma: the {@link SigmaReader} reads it through a
 * Sigma profile into the same {@link Rule} and IR {@link Query}, so every backend and the interpreter take it
 * unchanged. One file is one rule (a Sigma file may hold a correlation with the rules it names).
 */
public final class Frontend {
    private Frontend() {}

    public enum Status { OK, FAILED, UNSUPPORTED_LANGUAGE }

    /** The front end's verdict on one rule file. {@code query} is set only when {@code status} is OK. */
    public record Outcome(Path path, Status status, Rule rule, Query query, List<Diagnostic> diagnostics) {}

    /**
     * How Sigma files are read: the reader (its input profile) and the other Sigma files given with them (for
     * filters and correlations that name rules in other files). Immutable.
     */
    public record Options(SigmaReader sigmaReader, SigmaLibrary library) {
        private static final Options DEFAULTS = new Options(null, SigmaLibrary.EMPTY);

        /** Each Sigma rule through the built-in profile of its product; no other files. */
        public static Options defaults() { return DEFAULTS; }

        /**
         * For a run over these files and folders: their Sigma files form the library, and {@code inputProfile}
         * (a built-in name or a YAML path; null for the default by product) reads the names.
         *
         * @throws dev.ruleport.mapping.MappingProfileException when the profile cannot be loaded
         */
        public static Options forInputs(List<Path> roots, String inputProfile) throws IOException {
            return forInputs(roots, null, inputProfile);
        }

        /** The same, with {@link #ruleFiles} of {@code roots} already listed by the caller (null: listed here). */
        public static Options forInputs(List<Path> roots, List<Path> ruleFiles, String inputProfile) throws IOException {
            SigmaReader reader = inputProfile == null ? null : new SigmaReader(new dev.ruleport.lower.ProfileReverse(MappingProfile.load(inputProfile)));
            List<Path> yaml = new ArrayList<>();
            for (Path p : ruleFiles != null ? ruleFiles : ruleFiles(roots)) if (isSigma(p)) yaml.add(p);
            for (Path root : roots) if (Files.isDirectory(root)) yaml.addAll(filterFiles(root));
            return new Options(reader, SigmaLibrary.of(yaml));
        }

        SigmaReader reader() { return sigmaReader != null ? sigmaReader : SigmaReader.byProduct(); }

        SigmaLibrary libraryOrEmpty() { return library != null ? library : SigmaLibrary.EMPTY; }
    }

    public static Outcome compile(Path path) { return compile(path, Options.defaults()); }

    public static Outcome compile(Path path, Options options) {
        if (Files.exists(path) && !Files.isRegularFile(path)) {
            // a FIFO, device or socket would block the read or never end: only regular files are rules
            return failed(path, Diagnostic.error(path.toString(), 0, 0, "IO", "cannot read file: not a regular file"
                    + (Files.isDirectory(path) ? " (a folder)" : " (a pipe, device or socket)"), null));
        }
        if (isSigma(path)) {
            String name = path.toString();
            try {
                byte[] bytes = Files.readAllBytes(path);
                String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes)).toString();
                return compileSigma(path, SourceText.of(name, text), options);
            } catch (CharacterCodingException e) {
                return failed(path, Diagnostic.error(name, 0, 0, SigmaReader.CODE, "file is not valid UTF-8", null));
            } catch (IOException e) {
                return failed(path, Diagnostic.error(name, 0, 0, "IO", "cannot read file: " + e.getMessage(), null));
            }
        }
        RuleLoader.Result loaded = RuleLoader.load(path);
        return compile(path, loaded);
    }

    public static Outcome compileText(String fileName, String text) {
        if (isSigma(Path.of(fileName))) return compileSigma(Path.of(fileName), SourceText.of(fileName, text), Options.defaults());
        return compile(Path.of(fileName), RuleLoader.parse(fileName, text));
    }

    private static Outcome failed(Path path, Diagnostic d) { return new Outcome(path, Status.FAILED, null, null, List.of(d)); }

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

    private static Outcome compileSigma(Path path, SourceText source, Options options) {
        SigmaReader.Result read = options.reader().read(source, options.libraryOrEmpty());
        List<Diagnostic> diags = new ArrayList<>(read.diagnostics());
        if (!read.ok()) return new Outcome(path, Status.FAILED, null, null, diags);
        if (read.rules().isEmpty()) {
            diags.add(Diagnostic.at(Severity.NOTE, source, null, SigmaReader.CODE,
                    "no Sigma rule in this file (a filter applies to the rules it names, read from their own files)"));
            return new Outcome(path, Status.UNSUPPORTED_LANGUAGE, null, null, diags);
        }
        if (read.rules().size() > 1) {
            SigmaReader.ReadRule second = read.rules().get(1);
            diags.add(Diagnostic.at(Severity.ERROR, source, second.span(), SigmaReader.CODE, "this file holds "
                    + read.rules().size() + " rules; ruleport reads one rule per file (a correlation with the rules it names "
                    + "counts as one): put '" + second.title() + "' in a file of its own"));
            return new Outcome(path, Status.FAILED, null, null, diags);
        }
        SigmaReader.ReadRule r = read.rules().get(0);
        return new Outcome(path, Status.OK, SigmaRules.toRule(source, r), r.query(), diags);
    }

    /** A Sigma file, by its name: {@code .yml} or {@code .yaml}. */
    public static boolean isSigma(Path p) {
        String n = p.getFileName() == null ? "" : p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".yml") || n.endsWith(".yaml");
    }

    /**
     * Every rule file under the given files and folders, sorted, folders walked recursively: {@code .toml}
     * (Elastic) and {@code .yml}/{@code .yaml} (Sigma); Sigma files that hold only filters are not rules of
     * their own and are left out (they apply to the rules they name).
     */
    public static List<Path> ruleFiles(List<Path> roots) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path root : roots) {
            if (Files.isDirectory(root)) {
                try (Stream<Path> s = Files.walk(root)) {
                    s.filter(p -> Files.isRegularFile(p) && (p.getFileName().toString().endsWith(".toml") || isSigma(p)))
                            .filter(p -> !isSigma(p) || !onlyFilters(p))
                            .sorted().forEach(out::add);
                }
            } else {
                out.add(root);
            }
        }
        return out;
    }

    private static List<Path> filterFiles(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> Files.isRegularFile(p) && isSigma(p) && onlyFilters(p)).sorted().toList();
        }
    }

    private static boolean onlyFilters(Path p) {
        try {
            return SigmaLibrary.onlyFilters(p, Files.readString(p, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return false; // unreadable: listed, and reported when read
        }
    }
}
