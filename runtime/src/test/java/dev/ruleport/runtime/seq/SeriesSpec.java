package dev.ruleport.runtime.seq;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parser and runner for Elasticsearch's {@code sequences.series-spec} format (see the file header):
 * a name line, one line of events per stage ({@code [key|]<letters><timestamp>}), {@code ;}, one line
 * per expected match, {@code ;}. Lines starting with {@code //} are comments; blank lines are ignored.
 */
final class SeriesSpec {

    /** One parsed spec. */
    record Case(String name, int line, List<List<String>> stageLines, List<String> expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** A test event: a token, the stages whose line lists it, its timestamp. */
    record Ev(String name, String key, long ts, boolean[] stages, int order) {
    }

    private SeriesSpec() {
    }

    static List<Case> parse(List<String> lines) {
        List<Case> cases = new ArrayList<>();
        int state = 0; // 0 = expecting name, 1 = events, 2 = expected
        String name = null;
        int nameLine = 0;
        List<List<String>> stages = null;
        List<String> expected = null;
        for (int i = 0; i < lines.size(); i++) {
            String raw = lines.get(i);
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("//")) {
                continue;
            }
            switch (state) {
                case 0 -> {
                    if (line.equals(";")) {
                        throw new IllegalArgumentException("line " + (i + 1) + ": ';' without a spec name");
                    }
                    name = line;
                    nameLine = i + 1;
                    stages = new ArrayList<>();
                    expected = new ArrayList<>();
                    state = 1;
                }
                case 1 -> {
                    if (line.equals(";")) {
                        state = 2;
                    } else {
                        stages.add(List.of(line.split("\\s+")));
                    }
                }
                default -> {
                    if (line.equals(";")) {
                        cases.add(new Case(name, nameLine, List.copyOf(stages), List.copyOf(expected)));
                        state = 0;
                    } else {
                        expected.add(String.join(" ", line.split("\\s+")));
                    }
                }
            }
        }
        if (state != 0) {
            throw new IllegalArgumentException("unterminated spec " + name + " at line " + nameLine);
        }
        return cases;
    }

    /** Builds the events: identical tokens on several lines are one event matching several stages. */
    static List<Ev> events(Case c) {
        int stages = c.stageLines().size();
        Map<String, Ev> byToken = new LinkedHashMap<>();
        int order = 0;
        for (int s = 0; s < stages; s++) {
            for (String token : c.stageLines().get(s)) {
                Ev ev = byToken.get(token);
                if (ev == null) {
                    String key = "";
                    String name = token;
                    int bar = token.indexOf('|');
                    if (bar >= 0) {
                        key = token.substring(0, bar);
                        name = token.substring(bar + 1);
                    }
                    int d = name.length();
                    while (d > 0 && Character.isDigit(name.charAt(d - 1))) {
                        d--;
                    }
                    if (d == name.length()) {
                        throw new IllegalArgumentException(c.name() + ": token without timestamp: " + token);
                    }
                    ev = new Ev(name, key, Long.parseLong(name.substring(d)), new boolean[stages], order++);
                    byToken.put(token, ev);
                }
                ev.stages()[s] = true;
            }
        }
        List<Ev> events = new ArrayList<>(byToken.values());
        return Ordering.sortByOrdinal(events, e -> Ordinal.of(e.ts(), null, e.order()));
    }

    /** Runs the spec as a keyless-or-keyed sequence without maxspan; returns one line per match. */
    static List<String> run(Case c) {
        int stages = c.stageLines().size();
        SequenceSpec.Builder<Ev> b = SequenceSpec.builder(e -> Ordinal.of(e.ts(), null, e.order()));
        KeyExtractor<Ev> key = e -> JoinKeys.single(e.key());
        for (int s = 0; s < stages; s++) {
            int stage = s;
            b.stage(e -> e.stages()[stage], key);
        }
        List<String> out = new ArrayList<>();
        for (SequenceMatch<Ev> m : SequenceMatcher.run(b.build(), events(c))) {
            List<String> names = new ArrayList<>();
            for (Ev e : m.events()) {
                names.add(e == null ? "-" : (e.key().isEmpty() ? "" : e.key() + "|") + e.name());
            }
            out.add(String.join(" ", names));
        }
        return out;
    }
}
