package dev.ruleport.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ruleport.Ruleport;
import dev.ruleport.compile.Frontend;
import dev.ruleport.diag.Diagnostic;
import dev.ruleport.lower.Finding;
import dev.ruleport.lower.LossMode;
import dev.ruleport.lower.Reason;
import dev.ruleport.testsupport.Corpus;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The backend test kit's corpus contract, for every registered backend and every built-in profile it takes: a new
 * backend is covered by registering it. Over the whole corpus:
 * <ul>
 *   <li>every refusal names its construct with a shared reason code and a {@code file:line:col} position;</li>
 *   <li>every output carries a file name with the target's extension;</li>
 *   <li>every lossy output writes each of its losses into the text;</li>
 *   <li>the exact plus equivalent count is at least its floor ({@code coverage-floors.properties}), which only rises.</li>
 * </ul>
 * The table it prints (exact / equivalent / lossy with {@code --lossy} / lossy with {@code --lossy=any} / refused)
 * is the coverage figure quoted in notes. Round trips through each target's reader live with the backend's tests.
 */
class BackendContractTest {
    private static final Set<String> CODES = Arrays.stream(Reason.values()).map(Reason::code).collect(Collectors.toSet());
    private static final Map<String, String> TABLE = new TreeMap<>();

    static Stream<Arguments> jobs() {
        List<Arguments> out = new ArrayList<>();
        for (Backend b : Backends.all()) {
            for (String p : Ruleport.builtInsFor(b)) out.add(Arguments.of(b.target(), p));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} / {1}")
    @MethodSource("jobs")
    void corpusContract(String target, String profile) throws IOException {
        Backend backend = Backends.byName(target).orElseThrow();
        List<Frontend.Outcome> rules = Corpus.outcomes();
        List<Translation> exact = Corpus.translations(backend, profile, LossMode.EXACT);
        boolean approximates = backend instanceof RenderingBackend;
        List<Translation> broader = approximates ? Corpus.translations(backend, profile, LossMode.BROADER) : exact;
        List<Translation> any = approximates ? Corpus.translations(backend, profile, LossMode.ANY) : exact;
        int[] counts = new int[5];
        int[][] groups = new int[4][2]; // windows, linux, macos, endpoint: {exact or equivalent, rules}
        Map<String, Integer> reasons = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            String name = rules.get(i).path().getFileName().toString();
            Translation t = exact.get(i);
            String os = Corpus.os(rules.get(i));
            boolean good = t.status() == Translation.Status.EXACT || t.status() == Translation.Status.EQUIVALENT;
            int g = "windows".equals(os) ? 0 : "linux".equals(os) ? 1 : "macos".equals(os) ? 2 : -1;
            if (g >= 0) {
                groups[g][1]++;
                if (good) groups[g][0]++;
            }
            if (Corpus.endpoint(rules.get(i))) {
                groups[3][1]++;
                if (good) groups[3][0]++;
            }
            switch (t.status()) {
                case EXACT -> counts[0]++;
                case EQUIVALENT -> counts[1]++;
                case LOSSY -> problems.add(name + ": lossy without --lossy");
                case REFUSED -> {
                    counts[4]++;
                    List<Diagnostic> errors = t.diagnostics().stream().filter(Diagnostic::isError).toList();
                    if (errors.isEmpty()) problems.add(name + ": refused without an error");
                    else reasons.merge(errors.get(0).code(), 1, Integer::sum);
                    for (Diagnostic d : errors) {
                        if (!CODES.contains(d.code())) problems.add(name + ": unknown reason code " + d.code() + ": " + d.message());
                        if (!d.message().startsWith(target + "/" + profile + " [" + d.code() + "] ")) {
                            problems.add(name + ": message does not start with its job and code: " + d.message());
                        }
                        if (d.line() <= 0) problems.add(name + ": refusal without a position: " + d.headline());
                    }
                }
            }
            if (t.ok() && !t.fileName().endsWith("." + backend.extension())
                    && !(target.equals("spl") && t.fileName().endsWith(".conf"))) {
                problems.add(name + ": output " + t.fileName() + " lacks ." + backend.extension());
            }
            if (broader.get(i).status() == Translation.Status.LOSSY) counts[2]++;
            if (any.get(i).status() == Translation.Status.LOSSY) counts[3]++;
            for (Translation l : List.of(broader.get(i), any.get(i))) {
                if (l.status() != Translation.Status.LOSSY) continue;
                if (!target.equals("sigma") && CONSTANT.matcher(l.text()).find()) {
                    problems.add(name + ": a constant in a lossy output:\n" + l.text());
                }
                for (Finding f : l.losses()) {
                    if (f.direction() == null) problems.add(name + ": a fatal finding written as a loss: " + f);
                    if (!l.text().contains("[" + f.reason().code() + "] ")) {
                        problems.add(name + ": loss not written into the output: " + f.text());
                    }
                }
            }
        }
        int[] measured = approximates && !profile.contains("ecs") ? measureBroader(backend, profile, rules, broader, problems) : new int[2];
        MEASURED.put(target + " / " + profile, measured);
        TABLE.put(target + " / " + profile, String.format("%-40s %6d %10d %7d %11d %8d  %s %s %s %s  %s", target + " / " + profile,
                counts[0], counts[1], counts[2], counts[3], counts[4], share(groups[0]), share(groups[1]), share(groups[2]),
                share(groups[3]), top(reasons)));
        assertEquals(List.of(), problems.stream().limit(20).toList(), problems.size() + " problems");
        int floor = floor(target + "/" + profile);
        assertTrue(counts[0] + counts[1] >= floor, target + "/" + profile + ": exact + equivalent " + (counts[0] + counts[1])
                + " fell under its floor " + floor);
    }

    /** {@code exact+equivalent/rules (percent)} of a group of rules. */
    private static String share(int[] g) {
        return String.format("%14s", g[0] + "/" + g[1] + String.format(" %3.0f%%", 100.0 * g[0] / Math.max(1, g[1])));
    }

    /**
     * A dropped predicate's leftover in a query line (comment lines skipped): a boolean constant joined to a condition
     * ({@code or true}, {@code not(false)}). Sigma detections hold no constants at all (checked by its schema tests).
     */
    private static final java.util.regex.Pattern CONSTANT = java.util.regex.Pattern.compile("(?m)^(?!//|```)[^\\n]*"
            + "(\\b(and|or|AND|OR) (true|false)(\\(\\))?\\b|\\bnot\\((true|false)\\)|\\((true|false)\\) (and|or)\\b)");

    private static final Map<String, int[]> MEASURED = new TreeMap<>();

    /**
     * Every broader (--lossy) translation measured on its rule's generated fixtures, projected onto the profile: none
     * may miss a positive witness. Returns {measured, near misses also matched}.
     */
    private static int[] measureBroader(Backend backend, String profile, List<Frontend.Outcome> rules,
                                        List<Translation> broader, List<String> problems) {
        int measured = 0;
        int noisy = 0;
        dev.ruleport.mapping.MappingProfile p = dev.ruleport.mapping.MappingProfile.load(profile);
        for (int i = 0; i < rules.size(); i++) {
            Translation l = broader.get(i);
            if (l.status() != Translation.Status.LOSSY) continue;
            Frontend.Outcome o = rules.get(i);
            dev.ruleport.compile.CompiledRule r = new dev.ruleport.compile.CompiledRule(o.rule(), o.query());
            if (backend.target().equals("sigma")) {
                // measured as ruleport measures: on the text with its ruleport: block, which the reader re-adds
                l = backend.translate(r, new dev.ruleport.backend.TranslateOptions(p, LossMode.BROADER,
                        Map.of(dev.ruleport.sigma.SigmaBackend.METADATA, "full")));
            }
            dev.ruleport.verify.Measurement m = dev.ruleport.verify.Measurement.of(r,
                    dev.ruleport.lower.Lowering.lower(r, p, LossMode.BROADER), l, Corpus.witnesses(i).cases());
            if (m.problem() != null) {
                problems.add(o.path().getFileName() + ": lossy output not read back: " + m.problem());
                continue;
            }
            measured++;
            if (m.nearMissesMatched() > 0) noisy++;
            if (m.missesPositives()) problems.add(o.path().getFileName() + ": broader output misses positives: " + m.describe(l));
        }
        return new int[] {measured, noisy};
    }

    private static String top(Map<String, Integer> reasons) {
        return reasons.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(6)
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }

    static int floor(String job) throws IOException {
        Properties p = new Properties();
        try (InputStream in = BackendContractTest.class.getResourceAsStream("/coverage-floors.properties")) {
            p.load(in);
        }
        String v = p.getProperty(job);
        assertTrue(v != null, "no coverage floor for " + job + " in coverage-floors.properties");
        return Integer.parseInt(v.strip());
    }

    @AfterAll
    static void printTable() {
        StringBuilder sb = new StringBuilder(String.format("%n[coverage] %d corpus rules; per OS and endpoint group:"
                + " exact+equivalent/rules%n%-40s %6s %10s %7s %11s %8s  %14s %14s %14s %14s  %s%n",
                Corpus.outcomes().size(), "target / profile", "exact", "equivalent", "lossy", "lossy(any)", "refused",
                "windows", "linux", "macos", "endpoint", "first refusal reason (top 6)"));
        TABLE.values().forEach(l -> sb.append(l).append('\n'));
        sb.append("broader (--lossy) outputs measured on generated fixtures, none missing a positive (measured / also matching a near miss):\n");
        MEASURED.forEach((job, m) -> { if (m[0] > 0) sb.append(String.format("  %-40s %5d %5d%n", job, m[0], m[1])); });
        System.out.println(sb);
    }
}
