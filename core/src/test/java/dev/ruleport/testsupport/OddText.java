package dev.ruleport.testsupport;

import dev.ruleport.compile.Frontend;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Texts for comparing a hand-written character loop with the regex it replaced: the corpus rules' names, ids,
 * descriptions and queries, and random strings over characters that regexes and {@code String} methods treat
 * specially (line terminators of every kind, control characters, Unicode spaces, combining marks, precomposed and
 * decomposed accents, supplementary letters and marks, lone surrogates, case oddities).
 */
public final class OddText {
    private OddText() {}

    private static final String[] PIECES = {
        "a", "Z", "q", "0", "9", "_", "-", " ", "  ", "\t", "\n", "\r", "\r\n", "\n\r", "\u2028", "\u2029", "\u0085",
        "\u0000", "\u0001", "\u001f", "\u007f", "\u0080", "\u009f", "\u000b", "\f", "\u001c", "\u00a0", "\u2003",
        "\u2007", "\u3000", "\u1680", "\u200b", "\ufeff", "é", "e\u0301", "\u0301", "\u20dd", "\u0903", "Å", "\u212b",
        "ß", "ǅ", "İ", "ı", "ﬁ", "Ⅻ", "١", "ℌ", "\ud835\udd38", "\ud834\udd65", "\ud800", "\udc00", "`", "'", "\"",
        "\\", "$", "*", "/", "//", "*/", "{", "}", "ABC", "abc", "DLL32", "x86_64", "Ω", "日本",
    };

    /** {@code count} random strings of 0 to 16 pieces, the same for a seed. */
    public static List<String> random(long seed, int count) {
        Random r = new Random(seed);
        List<String> out = new ArrayList<>(count + 2);
        out.add("");
        for (int i = 0; i < count; i++) {
            StringBuilder sb = new StringBuilder();
            int n = r.nextInt(17);
            for (int k = 0; k < n; k++) sb.append(PIECES[r.nextInt(PIECES.length)]);
            out.add(sb.toString());
        }
        for (String p : PIECES) out.add(p);
        return out;
    }

    /** The corpus rules' names, rule ids, descriptions and queries. */
    public static List<String> corpus() {
        List<String> out = new ArrayList<>();
        for (Frontend.Outcome o : Corpus.outcomes()) {
            if (o.rule().name() != null) out.add(o.rule().name());
            if (o.rule().ruleId() != null) out.add(o.rule().ruleId());
            if (o.rule().description() != null) out.add(o.rule().description());
            if (o.rule().query() != null) out.add(o.rule().query());
        }
        return out;
    }

    /** Both. */
    public static List<String> all() {
        List<String> out = new ArrayList<>(corpus());
        out.addAll(random(16, 20_000));
        return out;
    }
}
