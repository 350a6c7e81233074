package dev.ruleport.testsupport;

import dev.ruleport.parse.gen.EqlLexer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.Token;

/** Token-level mutations of EQL queries (dropped, duplicated, swapped, truncated, replaced tokens), for the fuzz tests. */
public final class QueryMutations {
    private static final String[] NOISE = {"(", ")", "[", "]", "![", "\"", "'", "`", "?", "~", ":", "==", "=", "!=", "<", ">=",
            "and", "or", "not", "in", "in~", "like~", "regex", "sequence", "sample", "by", "with", "maxspan=",
            "runs=", "until", "where", "any", "|", "head", "1", "-1", "1.5e3", "\\u{", "\\", "/*", "*/", "//", "\n",
            "\"\"\"", "null", "true", ",", ".", "@", "#", "\u202e", "\t"};

    private QueryMutations() {}

    /** {@code query} with one to three random token-level changes. */
    public static String mutate(String query, Random random) {
        List<String> tokens = new ArrayList<>();
        EqlLexer lexer = new EqlLexer(CharStreams.fromString(query));
        lexer.removeErrorListeners();
        for (Token t = lexer.nextToken(); t.getType() != Token.EOF; t = lexer.nextToken()) tokens.add(t.getText());
        int rounds = 1 + random.nextInt(3);
        for (int r = 0; r < rounds && !tokens.isEmpty(); r++) {
            int i = random.nextInt(tokens.size());
            switch (random.nextInt(7)) {
                case 0 -> tokens.remove(i);
                case 1 -> tokens.add(i, tokens.get(i));
                case 2 -> {
                    int j = random.nextInt(tokens.size());
                    String t = tokens.get(i);
                    tokens.set(i, tokens.get(j));
                    tokens.set(j, t);
                }
                case 3 -> tokens.subList(i, tokens.size()).clear();
                case 4 -> tokens.set(i, NOISE[random.nextInt(NOISE.length)]);
                case 5 -> tokens.add(i, NOISE[random.nextInt(NOISE.length)]);
                default -> {
                    String t = tokens.get(i);
                    if (!t.isEmpty()) {
                        int c = random.nextInt(t.length());
                        char ch = (char) (random.nextBoolean() ? 32 + random.nextInt(95) : random.nextInt(0x3000));
                        tokens.set(i, t.substring(0, c) + ch + t.substring(Math.min(t.length(), c + 1)));
                    }
                }
            }
        }
        return String.join("", tokens);
    }
}
