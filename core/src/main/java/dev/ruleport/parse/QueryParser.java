package dev.ruleport.parse;

import dev.ruleport.diag.Diagnostic;
import dev.ruleport.diag.Severity;
import dev.ruleport.diag.SourceText;
import dev.ruleport.diag.Span;
import dev.ruleport.ir.Expr;
import dev.ruleport.ir.Query;
import dev.ruleport.parse.gen.EqlLexer;
import dev.ruleport.parse.gen.EqlParser;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.ParseCancellationException;

/**
 * The EQL front end: text in, IR or positioned diagnostics out. The parse tree never leaves this
 * package. Stateless and thread-safe.
 *
 * <p>Parsing runs in ANTLR's fast SLL mode first and falls back to full LL only when SLL fails, so
 * that the rare query needing full context costs a second pass and nothing else does.
 */
public final class QueryParser {
    /** Larger queries than this are refused before parsing; the corpus's largest is about 47 KB. */
    public static final int MAX_QUERY_LENGTH = 1 << 20;

    /**
     * How deeply an expression may nest: each parenthesised group, {@code not}, sign, comparison,
     * arithmetic operator, {@code in}/{@code :}/{@code like}/{@code regex} predicate, function call and
     * {@code and}/{@code or} group is one level below the one containing it. The corpus's deepest rule
     * nests 14 levels (see {@code CorpusTest}); Elasticsearch has no such limit but fails with "EQL
     * statement is too large" when its parser overflows the stack. Refusing at parse time, with the
     * position where the limit is passed, means that {@code check}, the interpreter and every backend
     * agree on such a rule, and none of them recurses deeper than this over an expression.
     */
    public static final int MAX_NESTING = 100;

    /** The message for an expression past {@link #MAX_NESTING}, from the parser or the AST builder. */
    static String tooDeep() {
        return "expression nests too deeply: more than " + MAX_NESTING
                + " levels of parentheses, operators and function calls";
    }

    public record Result<T>(T value, List<Diagnostic> diagnostics) {
        public boolean ok() { return value != null && diagnostics.stream().noneMatch(Diagnostic::isError); }
    }

    private QueryParser() {}

    /** Parses a whole EQL statement (query and pipes). */
    public static Result<Query> parseQuery(SourceText source) {
        return parse(source, true, new int[1]);
    }

    /** How deeply the statement's expressions nest, in the levels {@link #MAX_NESTING} counts (0 when it does not parse). */
    static int nesting(SourceText source) {
        int[] deepest = new int[1];
        parse(source, true, deepest);
        return deepest[0];
    }

    /** Parses a lone expression (as the string-function conformance tests use). */
    public static Result<Expr> parseExpression(SourceText source) {
        return parse(source, false, new int[1]);
    }

    @SuppressWarnings("unchecked")
    private static <T> Result<T> parse(SourceText source, boolean statement, int[] deepest) {
        String text = source.text();
        if (text.length() > MAX_QUERY_LENGTH) {
            return new Result<>(null, List.of(Diagnostic.at(Severity.ERROR, source, Span.of(1, 1, 0, 1), "EQL-SIZE",
                    "EQL statement is too large (" + text.length() + " characters; the limit is " + MAX_QUERY_LENGTH + ")")));
        }
        List<Diagnostic> diagnostics = new ArrayList<>();
        try {
            EqlLexer lexer = new EqlLexer(CharStreams.fromString(text));
            lexer.removeErrorListeners();
            CommonTokenStream tokens = new CommonTokenStream(lexer);
            tokens.fill();
            Diagnostic lexical = lexicalError(source, tokens.getTokens());
            if (lexical != null) return new Result<>(null, List.of(lexical));
            Token nested = tooDeeplyNested(tokens.getTokens());
            if (nested != null) {
                return new Result<>(null, List.of(Diagnostic.at(Severity.ERROR, source, AstBuilder.span(nested), "EQL-SIZE", tooDeep())));
            }

            EqlParser parser = new NestingGuard(tokens);
            parser.removeErrorListeners();
            parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
            parser.setErrorHandler(new BailErrorStrategy());
            Object tree;
            try {
                tree = statement ? parser.singleStatement() : parser.singleExpression();
            } catch (NestingGuard.TooDeep deep) {
                return new Result<>(null, List.of(Diagnostic.at(Severity.ERROR, source, AstBuilder.span(deep.token),
                        "EQL-SIZE", tooDeep())));
            } catch (ParseCancellationException sllFailed) {
                tokens.seek(0);
                parser.reset();
                parser.getInterpreter().setPredictionMode(PredictionMode.LL);
                parser.setErrorHandler(new SyntaxErrors());
                try {
                    tree = statement ? parser.singleStatement() : parser.singleExpression();
                } catch (NestingGuard.TooDeep deep) {
                    return new Result<>(null, List.of(Diagnostic.at(Severity.ERROR, source, AstBuilder.span(deep.token),
                            "EQL-SIZE", tooDeep())));
                } catch (SyntaxErrors.Stop stop) {
                    SyntaxErrors.SyntaxError e = stop.error;
                    return new Result<>(null, List.of(Diagnostic.at(Severity.ERROR, source,
                            Span.of(e.line(), e.column(), e.offset(), e.offset() + 1), "EQL-SYNTAX", e.message())));
                }
            }
            AstBuilder builder = new AstBuilder();
            T value = statement
                    ? (T) builder.statement(((EqlParser.SingleStatementContext) tree).statement())
                    : (T) builder.expression(((EqlParser.SingleExpressionContext) tree).expression());
            deepest[0] = builder.deepestNesting();
            for (AstBuilder.Problem p : builder.problems()) {
                diagnostics.add(Diagnostic.at(Severity.ERROR, source, p.span(), p.code(), p.message()));
            }
            return new Result<>(diagnostics.isEmpty() ? value : null, diagnostics);
        } catch (StackOverflowError deep) {
            return new Result<>(null, List.of(Diagnostic.at(Severity.ERROR, source, Span.of(1, 1, 0, 1), "EQL-SIZE",
                    "EQL statement is too large: nesting too deep to parse")));
        }
    }

    /**
     * The first token that by itself takes an expression past {@link #MAX_NESTING}: the opening
     * parenthesis of the 101st nested group (each {@code (}, of a group, a call or a list, opens one
     * level), or the 102nd sign in a row (at least 101 of them are unary, each one level). Such input
     * is refused before parsing because ANTLR's prediction looks ahead through it with a context as
     * deep as the nesting, which the parser's own guard ({@link NestingGuard}) does not see.
     */
    private static Token tooDeeplyNested(List<Token> tokens) {
        int open = 0;
        int signs = 0;
        for (Token t : tokens) {
            if (t.getChannel() != Token.DEFAULT_CHANNEL) continue;
            int type = t.getType();
            if (type == EqlLexer.LP && ++open > MAX_NESTING) return t;
            if (type == EqlLexer.RP && open > 0) open--;
            signs = type == EqlLexer.MINUS || type == EqlLexer.PLUS ? signs + 1 : 0;
            if (signs > MAX_NESTING + 1) return t;
        }
        return null;
    }

    /** Tokens that are errors on their own are reported before the parser sees them. */
    private static Diagnostic lexicalError(SourceText source, List<Token> tokens) {
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            String message = SyntaxErrors.special(t);
            if (message == null && t.getType() == EqlLexer.SLASH && i + 1 < tokens.size()) {
                Token n = tokens.get(i + 1);
                if (n.getType() == EqlLexer.ASTERISK && n.getStartIndex() == t.getStopIndex() + 1) {
                    message = "unterminated comment: missing closing [*/]";
                }
            }
            if (message != null) {
                return Diagnostic.at(Severity.ERROR, source, AstBuilder.span(t), "EQL-SYNTAX", message);
            }
        }
        return null;
    }
}
