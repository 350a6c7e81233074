package dev.ruleport.spl;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ruleport.backend.Translation;
import dev.ruleport.compile.Frontend;
import dev.ruleport.testsupport.Corpus;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Issue #14's coverage targets for the Splunk profiles, counted as the coverage table counts them (exact plus
 * equivalent, over the corpus's Windows rules or endpoint rules): splunk-sysmon and splunk-windows over Windows rules,
 * splunk-cim over endpoint rules. {@link #reachedShares} holds what ruleport reaches (it only rises, like the floors).
 * The issue asks 30 % (splunk-sysmon) and 15 % (splunk-windows), both reached, and 25 % for splunk-cim, not reached
 * yet: the closing note says what blocks it, rather than a disabled test here.
 */
class SplCoverageTargetsTest {

    /** Exact plus equivalent translations among the corpus rules of a group, and the group's size. */
    static int[] share(String profile, Predicate<Frontend.Outcome> group) {
        List<Translation> ts = SplCorpus.translations(profile, false);
        List<Frontend.Outcome> rules = Corpus.outcomes();
        int good = 0, all = 0;
        for (int i = 0; i < rules.size(); i++) {
            if (!group.test(rules.get(i))) continue;
            all++;
            Translation.Status s = ts.get(i).status();
            if (s == Translation.Status.EXACT || s == Translation.Status.EQUIVALENT) good++;
        }
        return new int[] {good, all};
    }

    static final Predicate<Frontend.Outcome> WINDOWS = o -> "windows".equals(Corpus.os(o));
    static final Predicate<Frontend.Outcome> ENDPOINT = Corpus::endpoint;

    private static void atLeast(String profile, Predicate<Frontend.Outcome> group, String groupName, double percent) {
        int[] s = share(profile, group);
        double got = 100.0 * s[0] / s[1];
        System.out.printf("[spl targets] %s: %d of %d %s rules exact or equivalent (%.1f%%), asserted >= %.1f%%%n",
                profile, s[0], s[1], groupName, got, percent);
        assertTrue(got >= percent, profile + ": " + s[0] + " of " + s[1] + " " + groupName + " rules (" + got + "%) < " + percent + "%");
    }

    @Test
    void reachedShares() {
        atLeast("splunk-sysmon", WINDOWS, "Windows", 30.0);
        atLeast("splunk-windows", WINDOWS, "Windows", 15.0);
        atLeast("splunk-cim", ENDPOINT, "endpoint", 25.0); // issue 14's target, reached with the Windows argument split (SplArgv)
    }
}
