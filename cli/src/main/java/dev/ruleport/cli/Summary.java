package dev.ruleport.cli;

import dev.ruleport.Ruleport;
import dev.ruleport.backend.Translation;
import dev.ruleport.compile.Frontend;
import dev.ruleport.diag.Diagnostic;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The table {@code convert} ends with: per target and profile, how many rules were exact, equivalent, lossy,
 * refused, or failed before translation; then the most frequent reason codes of the refusals.
 */
final class Summary {
    private static final int EXACT = 0, EQUIVALENT = 1, LOSSY = 2, REFUSED = 3, FAILED = 4;

    private final Map<Ruleport.Job, int[]> counts = new LinkedHashMap<>();
    private final Map<String, Integer> reasons = new TreeMap<>();
    private boolean anyFailed;
    private boolean anyRefused;

    Summary(List<Ruleport.Job> jobs) {
        for (Ruleport.Job j : jobs) counts.put(j, new int[5]);
    }

    void add(Ruleport.Result r) {
        if (r.frontend().status() != Frontend.Status.OK) {
            if (r.frontend().status() == Frontend.Status.FAILED) anyFailed = true;
            else anyRefused = true;
            counts.values().forEach(c -> c[r.frontend().status() == Frontend.Status.UNSUPPORTED_LANGUAGE ? REFUSED : FAILED]++);
            return;
        }
        for (Map.Entry<Ruleport.Job, Translation> e : r.translations().entrySet()) {
            int[] c = counts.get(e.getKey());
            Translation t = e.getValue();
            switch (t.status()) {
                case EXACT -> c[EXACT]++;
                case EQUIVALENT -> c[EQUIVALENT]++;
                case LOSSY -> c[LOSSY]++;
                case REFUSED -> {
                    c[REFUSED]++;
                    anyRefused = true;
                    for (Diagnostic d : t.diagnostics()) if (d.isError()) reasons.merge(d.code(), 1, Integer::sum);
                }
            }
        }
    }

    /** Whether some rule did not load (a syntax or schema error in the rule file itself). */
    boolean anyFailed() { return anyFailed; }

    /** Whether some translation was refused (or some file is in a language ruleport does not compile). */
    boolean anyRefused() { return anyRefused; }

    void print(PrintWriter w, int rules) {
        w.printf("%-40s %7s %10s %7s %8s %7s%n", "target / profile (" + rules + " rules)", "exact", "equivalent", "lossy",
                "refused", "failed");
        for (Map.Entry<Ruleport.Job, int[]> e : counts.entrySet()) {
            int[] c = e.getValue();
            w.printf("%-40s %7d %10d %7d %8d %7d%n", e.getKey(), c[EXACT], c[EQUIVALENT], c[LOSSY], c[REFUSED], c[FAILED]);
        }
        if (!reasons.isEmpty()) {
            StringBuilder sb = new StringBuilder("refusal reasons:");
            reasons.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue())
                    .forEach(e -> sb.append(' ').append(e.getKey()).append(" ").append(e.getValue()));
            w.println(sb);
        }
    }
}
