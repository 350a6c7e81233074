package dev.ruleport.parse;

import dev.ruleport.parse.gen.EqlLexer;
import dev.ruleport.parse.gen.EqlParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.FailedPredicateException;
import org.antlr.v4.runtime.InputMismatchException;
import org.antlr.v4.runtime.NoViableAltException;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.Vocabulary;
import org.antlr.v4.runtime.misc.IntervalSet;
import org.antlr.v4.runtime.misc.ParseCancellationException;

/**
 * Error handling for the EQL parser: the first syntax error is recorded with a readable message and
 * parsing stops. ANTLR's default recovery (inserting or deleting tokens to carry on) is switched
 * off: it produced cascades of follow-on errors and could make a malformed query look valid.
 */
final class SyntaxErrors extends DefaultErrorStrategy {

    /** The first syntax error: position relative to the query text and the message. */
    record SyntaxError(int line, int column, int offset, String message) {}

    static final class Stop extends ParseCancellationException {
        final SyntaxError error;

        Stop(SyntaxError error) {
            super(error.message());
            this.error = error;
        }
    }

    @Override
    public void recover(Parser recognizer, RecognitionException e) {
        throw stop(recognizer, e.getOffendingToken(), describe(recognizer, e));
    }

    @Override
    public Token recoverInline(Parser recognizer) {
        Token t = recognizer.getCurrentToken();
        throw stop(recognizer, t, unexpected(recognizer, t));
    }

    @Override
    public void sync(Parser recognizer) {
        // no resynchronisation: the first error ends the parse
    }

    @Override
    public void reportError(Parser recognizer, RecognitionException e) {
        throw stop(recognizer, e.getOffendingToken(), describe(recognizer, e));
    }

    private static Stop stop(Parser recognizer, Token t, String message) {
        if (t == null) t = recognizer.getCurrentToken();
        if (t.getType() == Token.EOF) {
            // point just past the last real token rather than at whatever follows the query
            org.antlr.v4.runtime.TokenStream ts = recognizer.getInputStream();
            for (int i = t.getTokenIndex() - 1; i >= 0; i--) {
                Token prev = ts.get(i);
                if (prev.getChannel() == Token.DEFAULT_CHANNEL && prev.getText().indexOf('\n') < 0) {
                    int len = prev.getStopIndex() - prev.getStartIndex() + 1;
                    return new Stop(new SyntaxError(prev.getLine(), prev.getCharPositionInLine() + 1 + len,
                            prev.getStopIndex() + 1, message));
                }
            }
        }
        return new Stop(new SyntaxError(t.getLine(), t.getCharPositionInLine() + 1, Math.max(0, t.getStartIndex()),
                message));
    }

    private String describe(Parser recognizer, RecognitionException e) {
        if (e instanceof FailedPredicateException) return "syntax error: " + e.getMessage();
        Token t = e.getOffendingToken() != null ? e.getOffendingToken() : recognizer.getCurrentToken();
        if (e instanceof NoViableAltException nv && nv.getStartToken() != null
                && nv.getStartToken().getTokenIndex() < t.getTokenIndex()) {
            // the alternatives failed after some tokens: point at the token where it went wrong
            return unexpected(recognizer, t);
        }
        if (e instanceof InputMismatchException || e instanceof NoViableAltException) return unexpected(recognizer, t);
        return unexpected(recognizer, t);
    }

    /** "unexpected X, expected Y" with the expected set named in words, not token ids. */
    private String unexpected(Parser recognizer, Token t) {
        String special = special(t);
        if (special != null) return special;
        if (t.getType() == Token.EOF) {
            String closer = unclosed(recognizer);
            if (closer != null) return "unexpected end of query, missing '" + closer + "'";
        }
        String found = t.getType() == Token.EOF ? "end of query" : "'" + shorten(t.getText()) + "'";
        IntervalSet expected;
        try {
            expected = recognizer.getExpectedTokens();
        } catch (RuntimeException ex) {
            expected = new IntervalSet();
        }
        String exp = expectedText(expected, recognizer.getVocabulary());
        return exp.isEmpty() ? "unexpected " + found : "unexpected " + found + ", expected " + exp;
    }

    /** The closing bracket for the innermost bracket still open at the end of the query, if any. */
    private static String unclosed(Parser recognizer) {
        org.antlr.v4.runtime.TokenStream ts = recognizer.getInputStream();
        java.util.ArrayDeque<String> open = new java.util.ArrayDeque<>();
        for (int i = 0; i < ts.size(); i++) {
            switch (ts.get(i).getType()) {
                case EqlLexer.LP -> open.push(")");
                case EqlLexer.LB, EqlLexer.MISSING_EVENT_OPEN -> open.push("]");
                case EqlLexer.RP, EqlLexer.RB -> { if (!open.isEmpty()) open.pop(); }
                default -> { }
            }
        }
        return open.peek();
    }

    /** Tokens that are errors by themselves, whatever the parser expected. */
    static String special(Token t) {
        return switch (t.getType()) {
            case EqlLexer.UNTERMINATED_STRING -> "unterminated string: missing closing quote [\"]";
            case EqlLexer.UNRECOGNIZED -> {
                String c = t.getText();
                if (c.equals("'")) yield "unterminated string: missing closing quote [']";
                if (c.equals("`")) yield "unterminated quoted field name: missing closing backtick";
                yield "unexpected character '" + printable(c) + "'";
            }
            default -> null;
        };
    }

    static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        s.codePoints().forEach(cp -> {
            if (cp < 0x20 || cp == 0x7f) sb.append(String.format(Locale.ROOT, "\\u{%x}", cp));
            else sb.appendCodePoint(cp);
        });
        return sb.toString();
    }

    private static String shorten(String text) {
        String p = printable(text);
        return p.length() > 40 ? p.substring(0, 37) + "..." : p;
    }

    private static String expectedText(IntervalSet set, Vocabulary vocabulary) {
        List<String> names = new ArrayList<>();
        boolean expression = false;
        for (int type : set.toList()) {
            switch (type) {
                case EqlParser.STRING, EqlParser.INTEGER_VALUE, EqlParser.DECIMAL_VALUE, EqlParser.IDENTIFIER,
                     EqlParser.QUOTED_IDENTIFIER, EqlParser.TILDE_IDENTIFIER, EqlParser.NULL, EqlParser.TRUE,
                     EqlParser.FALSE, EqlParser.OPTIONAL, EqlParser.SINGLE_QUOTED_STRING,
                     EqlParser.RAW_QUOTED_STRING -> expression = true;
                case Token.EOF -> names.add("end of query");
                default -> {
                    String lit = vocabulary.getLiteralName(type);
                    if (lit != null) names.add(lit);
                }
            }
        }
        if (expression) {
            // collapse the many value tokens into one word, as a reader thinks of them
            boolean onlyValues = names.isEmpty();
            names.add(0, onlyValues ? "a value or field" : "a value, field or one of");
            if (!onlyValues) {
                return names.get(0) + " " + String.join(", ", names.subList(1, names.size()));
            }
        }
        if (names.size() > 12) {
            return String.join(", ", names.subList(0, 12)) + ", ...";
        }
        if (names.size() == 1) return names.get(0);
        return names.isEmpty() ? "" : "one of " + String.join(", ", names);
    }
}
