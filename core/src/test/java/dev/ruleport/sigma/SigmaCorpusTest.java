package dev.ruleport.sigma;

import dev.ruleport.lower.LossMode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ruleport.compile.CompiledRule;
import dev.ruleport.backend.TranslateOptions;
import dev.ruleport.backend.Translation;
import dev.ruleport.compile.Frontend;
import dev.ruleport.diag.Diagnostic;
import dev.ruleport.testsupport.Shared;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole EQL corpus through the Sigma backend, per shipped profile, exact and lossy: prints how many rules are
 * exact, approximated and refused (grouped by reason), checks that every emitted text validates against the Sigma
 * JSON schemas and reads back with {@link SigmaReader}, and that at least 90 % translate exactly under {@code ecs}, a count that does not drop ({@link #ECS_EXACT_FLOOR}).
 */
class SigmaCorpusTest {
    private static List<Frontend.Outcome> rules;

    @BeforeAll static void load() {
        rules = dev.ruleport.testsupport.Corpus.outcomes();
    }

    /** Tally of one profile. */
    record Coverage(int total, int exact, int equivalent, int lossy, Map<String, Integer> refused, List<String> problems) {}

    static Coverage run(String profile, boolean lossy, java.util.function.Predicate<Frontend.Outcome> which) {
        SigmaBackend backend = new SigmaBackend();
        TranslateOptions opts = TranslateOptions.of(SigmaTestSupport.profile(profile)).withMode(lossy ? LossMode.ANY : LossMode.EXACT);
        SigmaReader reader = new SigmaReader(new dev.ruleport.lower.ProfileReverse(SigmaTestSupport.profile(profile)));
        int total = 0, exact = 0, equivalent = 0, approx = 0;
        Map<String, Integer> refused = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        for (Frontend.Outcome o : rules) {
            if (!which.test(o)) continue;
            total++;
            Translation t = backend.translate(new CompiledRule(o.rule(), o.query()), opts);
            if (t.status() == Translation.Status.REFUSED) {
                Diagnostic first = t.diagnostics().stream().filter(Diagnostic::isError).findFirst().orElseThrow();
                refused.merge("[" + first.code() + "] " + reason(first.message().substring(first.message().indexOf("] ") + 2)), 1, Integer::sum);
                continue;
            }
            if (t.status() == Translation.Status.EXACT) exact++;
            else if (t.status() == Translation.Status.EQUIVALENT) equivalent++;
            else approx++;
            List<String> errors = SigmaSchemas.get().validate(t.text());
            if (!errors.isEmpty()) problems.add(o.path().getFileName() + " schema: " + errors);
            try {
                reader.read(t.text());
            } catch (SigmaReader.SigmaReadException e) {
                problems.add(o.path().getFileName() + " read back: " + e.getMessage());
            }
        }
        return new Coverage(total, exact, equivalent, approx, refused, problems);
    }

    /** A refusal message with its particulars (quoted values, numbers) removed, cut at the first colon. */
    static String reason(String message) {
        String r = message.replaceAll("'[^']*'|\"[^\"]*\"", "…").replaceAll("[0-9]+", "N");
        int colon = r.indexOf(": ");
        if (colon > 0) r = r.substring(0, colon);
        r = r.replaceAll("field [A-Za-z0-9_.@`-]+", "field F").replaceAll("(on|of) [a-z]+\\.[A-Za-z0-9_.]+", "$1 F")
                .replaceAll("log source [a-z]+/[a-z_-]+", "log source L");
        return r.length() > 110 ? r.substring(0, 110) : r;
    }

    private static void print(String label, Coverage c) {
        System.out.printf("%n[sigma coverage] %s: %d rules, exact %d (%.1f %%), equivalent %d (%.1f %%), lossy %d, refused %d%n",
                label, c.total(), c.exact(), 100.0 * c.exact() / Math.max(1, c.total()), c.equivalent(),
                100.0 * c.equivalent() / Math.max(1, c.total()), c.lossy(),
                c.refused().values().stream().mapToInt(Integer::intValue).sum());
        c.refused().entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue())
                .forEach(e -> System.out.printf("    %4d  %s%n", e.getValue(), e.getKey()));
        c.problems().stream().limit(20).forEach(p -> System.out.println("    PROBLEM " + p));
    }

    private static boolean windows(Frontend.Outcome o) { return o.path().toString().contains("/windows/") || o.rule().query().contains("\"windows\""); }
    private static boolean linux(Frontend.Outcome o) { return o.path().toString().contains("/linux/") || o.rule().query().contains("\"linux\""); }
    private static boolean macos(Frontend.Outcome o) { return o.path().toString().contains("/macos/") || o.rule().query().contains("\"macos\""); }

    /**
     * The exact count under {@code ecs} may only grow. It was 774 (94.5 %) while every sequence became a
     * {@code temporal_ordered} correlation; a sequence whose stages one event can satisfy is no longer
     * exact (EQL needs distinct events, a correlation may count one event for two rules; see
     * {@link StageOverlap}), which leaves 740 (90.4 %).
     */
    static final int ECS_EXACT_FLOOR = 740;

    @Test void ecsIsAtLeastNinetyPercentExactAndDoesNotDrop() {
        Coverage exact = run("ecs", false, o -> true);
        print("ecs", exact);
        Coverage lossy = run("ecs", true, o -> true);
        print("ecs --lossy", lossy);
        assertEquals(List.of(), exact.problems());
        assertEquals(List.of(), lossy.problems());
        assertTrue(exact.total() > 500, "corpus too small: " + exact.total());
        assertTrue(exact.exact() >= ECS_EXACT_FLOOR, "ecs exact " + exact.exact() + " of " + exact.total());
        assertTrue(exact.exact() * 10 >= exact.total() * 9, "ecs exact " + exact.exact() + " of " + exact.total() + " is under 90 %");
        assertTrue(lossy.exact() + lossy.equivalent() + lossy.lossy() >= exact.exact() + exact.equivalent(),
                "lossy translates at least what exact does");
        assertEquals(exact.exact(), lossy.exact(), "lossy does not change what is exact");
    }

    @Test void sigmaProfiles() {
        for (String[] p : new String[][] {{"sigma-windows", "w"}, {"sigma-linux", "l"}, {"sigma-macos", "m"}}) {
            java.util.function.Predicate<Frontend.Outcome> which = p[1].equals("w") ? SigmaCorpusTest::windows
                    : p[1].equals("l") ? SigmaCorpusTest::linux : SigmaCorpusTest::macos;
            Coverage exact = run(p[0], false, which);
            print(p[0], exact);
            Coverage lossy = run(p[0], true, which);
            print(p[0] + " --lossy", lossy);
            assertEquals(List.of(), exact.problems(), p[0]);
            assertEquals(List.of(), lossy.problems(), p[0] + " lossy");
            assertTrue(exact.exact() > 0, p[0] + " translates some rules exactly");
        }
    }
}
