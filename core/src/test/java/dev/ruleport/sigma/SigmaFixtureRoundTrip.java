package dev.ruleport.sigma;

import dev.ruleport.backend.Translation;
import dev.ruleport.compile.Frontend;
import dev.ruleport.fixtures.FixtureCase;
import dev.ruleport.fixtures.FixtureFile;
import dev.ruleport.fixtures.FixtureRunner;
import dev.ruleport.ir.EventQuery;
import dev.ruleport.ir.Query;
import dev.ruleport.mapping.MappingProfile;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * EQL → Sigma → {@link SigmaReader} → IR on fixture cases: the original query and the read-back query run on the
 * same events through {@link FixtureRunner}, and must report the same matches (the same lists of event indexes)
 * for every case. One instance tallies one profile.
 *
 * <p>Exact translations must read back and agree. A translation the reader cannot read is a failure for an event
 * query and an exclusion for a sequence (recorded with the reader's reason, compared with
 * {@code sigma/roundtrip-excluded.txt}). A rule that does not translate exactly is translated under lossy: when
 * the reader reads it, its cases are run and counted, but lossy translations need not agree.
 *
 * <p>Under a profile with value transforms the events are projected onto the data model of the log sources the
 * Sigma text uses ({@link SigmaDataModel}); the number of cases that needed it is counted.
 */
final class SigmaFixtureRoundTrip {
    final String profileName;
    private final MappingProfile profile;
    private final SigmaReader reader;

    int rules;
    int exact;
    int roundTripped;
    int cases;
    int agreeing;
    int adapted;
    /** Adapted cases on which the original no longer gives the fixture's expected verdict (coverage lost). */
    int adaptedOffExpectation;
    /** Cases on which the original query matches something (the rest agree on "no match"). */
    int matching;
    int sequences;
    int sequenceCases;
    final List<String> offExpectation = new ArrayList<>();
    int lossy;
    int lossyRead;
    int lossyCases;
    int lossyAgreeing;
    final List<String> disagreements = new ArrayList<>();
    final List<String> lossyDisagreeing = new ArrayList<>();
    final List<String> failures = new ArrayList<>();
    final List<String> excluded = new ArrayList<>();

    /** False for probe cases, which carry no expectation (only the two verdicts are compared). */
    private final boolean expectations;

    SigmaFixtureRoundTrip(String profileName) { this(profileName, true); }

    SigmaFixtureRoundTrip(String profileName, boolean expectations) {
        this.expectations = expectations;
        this.profileName = profileName;
        this.profile = SigmaTestSupport.profile(profileName);
        this.reader = new SigmaReader(new dev.ruleport.lower.ProfileReverse(profile));
    }

    /** One rule with its cases; {@code name} identifies the rule in messages and in the exclusion list. */
    void check(String name, Frontend.Outcome o, List<FixtureCase> ruleCases) {
        rules++;
        Translation t = SigmaTestSupport.translateFull(o, profileName, false);
        // an equivalent translation (the same logic over the log source's record of the activity) round-trips too
        if (t.status() == Translation.Status.EXACT || t.status() == Translation.Status.EQUIVALENT) {
            exact++;
            Query back;
            try {
                List<SigmaReader.ReadRule> read = reader.read(t.text());
                if (read.size() != 1) throw new SigmaReader.SigmaReadException(read.size() + " rules read back, not one");
                back = read.get(0).query();
                if (back.getClass() != o.query().getClass()) {
                    throw new SigmaReader.SigmaReadException("read back as a " + back.getClass().getSimpleName());
                }
            } catch (SigmaReader.SigmaReadException e) {
                if (o.query() instanceof EventQuery) failures.add(name + ": the exact translation does not read back: " + e.getMessage());
                else excluded.add(profileName + "\t" + name + "\t" + e.getMessage());
                return;
            }
            roundTripped++;
            if (!(o.query() instanceof EventQuery)) {
                sequences++;
                sequenceCases += ruleCases.size();
            }
            run(name, o, back, t.text(), ruleCases, false);
            return;
        }
        Translation l = SigmaTestSupport.translateFull(o, profileName, true);
        if (l.status() != Translation.Status.LOSSY || l.text() == null) return;
        lossy++;
        Query back;
        try {
            List<SigmaReader.ReadRule> read = reader.read(l.text());
            if (read.size() != 1) return;
            back = read.get(0).query();
        } catch (SigmaReader.SigmaReadException e) {
            return;
        }
        lossyRead++;
        run(name, o, back, l.text(), ruleCases, true);
    }

    private void run(String name, Frontend.Outcome o, Query back, String sigma, List<FixtureCase> ruleCases, boolean isLossy) {
        FixtureRunner original = FixtureRunner.forRule(o.rule(), o.query());
        FixtureRunner roundTrip = new FixtureRunner(back, "event.category"); // the reader writes the category as a conjunct
        SigmaDataModel model = SigmaDataModel.of(profile, logsources(sigma));
        boolean ruleAgrees = true;
        for (FixtureCase c0 : ruleCases) {
            FixtureCase c = model.adapt(c0);
            FixtureRunner.Verdict a = original.run(c);
            String problem = null;
            List<List<Integer>> b;
            try {
                b = roundTrip.run(c).actual();
            } catch (RuntimeException e) {
                b = null;
                problem = "the read-back query fails: " + e;
            }
            boolean same = a.actual().equals(b);
            if (isLossy) {
                lossyCases++;
                if (same) lossyAgreeing++;
                ruleAgrees &= same;
                continue;
            }
            cases++;
            if (c != c0) {
                adapted++;
                if (expectations && !a.passed()) {
                    adaptedOffExpectation++;
                    offExpectation.add(name + " case \"" + c.name() + "\": " + FixtureFile.toLine(c));
                }
            }
            if (!a.actual().isEmpty()) matching++;
            if (same) {
                agreeing++;
            } else if (disagreements.size() < 30) {
                disagreements.add(name + " [" + profileName + "] case \"" + c.name() + "\": original " + a.actual()
                        + ", round trip " + (problem != null ? problem : b) + "\n      " + FixtureFile.toLine(c)
                        + (disagreements.size() < 5 ? "\n" + indent(sigma) : ""));
            }
        }
        if (isLossy && !ruleAgrees) lossyDisagreeing.add(name);
    }

    /** The {@code ruleport.logsource} of every document of the Sigma text. */
    private static Set<String> logsources(String sigma) {
        Set<String> out = new LinkedHashSet<>();
        for (Object d : SigmaYaml.loadAll(sigma)) {
            if (d instanceof Map<?, ?> m && m.get("ruleport") instanceof Map<?, ?> rp && rp.get("logsource") != null) {
                out.add(String.valueOf(rp.get("logsource")));
            }
        }
        return out;
    }

    private static String indent(String s) {
        StringBuilder sb = new StringBuilder();
        for (String line : s.split("\n")) {
            if (line.startsWith("  elastic:") || line.startsWith("elastic:")) break;
            sb.append("        | ").append(line).append('\n');
        }
        return sb.toString();
    }

    String summary(String what) {
        return String.format("[sigma fixture round trip] %s, %s: %d rules, %d translate exactly or equivalently, %d round-tripped (%d sequences); "
                        + "%d cases (%d of sequences; the original matches in %d), %d agreeing verdicts (%d disagreeing); %d cases projected onto the log sources' data model "
                        + "(%d of them no longer as the fixture expects); %d excluded sequences; lossy: %d rules, %d read back, "
                        + "%d cases, %d agreeing, %d rules with a disagreement",
                what, profileName, rules, exact, roundTripped, sequences, cases, sequenceCases, matching, agreeing, cases - agreeing, adapted, adaptedOffExpectation,
                excluded.size(), lossy, lossyRead, lossyCases, lossyAgreeing, lossyDisagreeing.size());
    }
}
