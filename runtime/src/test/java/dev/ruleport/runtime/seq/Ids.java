package dev.ruleport.runtime.seq;

import java.util.ArrayList;
import java.util.List;

/** Flattens matches to the conformance files' id lists ({@code -1} for a missing-event placeholder). */
final class Ids {

    private Ids() {
    }

    static List<Integer> ofMatches(List<SequenceMatch<Ev>> matches) {
        List<Integer> out = new ArrayList<>();
        for (SequenceMatch<Ev> m : matches) {
            for (Ev e : m.events()) {
                out.add(e == null ? -1 : e.id());
            }
        }
        return out;
    }

    static List<Integer> ofSamples(List<Sample<Ev>> samples) {
        List<Integer> out = new ArrayList<>();
        for (Sample<Ev> s : samples) {
            for (Ev e : s.events()) {
                out.add(e.id());
            }
        }
        return out;
    }

    static List<Object> keysOfMatches(List<SequenceMatch<Ev>> matches) {
        List<Object> out = new ArrayList<>();
        for (SequenceMatch<Ev> m : matches) {
            out.addAll(m.key());
        }
        return out;
    }

    static List<Object> keysOfSamples(List<Sample<Ev>> samples) {
        List<Object> out = new ArrayList<>();
        for (Sample<Ev> s : samples) {
            out.addAll(s.key());
        }
        return out;
    }
}
