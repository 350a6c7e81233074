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

    public record Result<T>(T value, List<Diagnostic> diagnostics) {
        public boolean ok() { return value != null && diagnostics.stream().noneMatch(Diagnostic::isError); }
    }

    private QueryParser() {}

    /** Parses a whole EQL statement (query and pipes). */
    public static Result<Query> parseQuery(SourceText source) {
        return parse(source, true);
    }

    /** Parses a lone expression (as the string-function conformance tests use). */
    public static Result<Expr> parseExpression(SourceText source) {
        return parse(source, false);
    }

    @SuppressWarnings("unchecked")
    private static <T> Result<T> parse(SourceText source, boolean statement) {
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

            EqlParser parser = new EqlParser(tokens);
            parser.removeErrorListeners();
            parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
            parser.setErrorHandler(new BailErrorStrategy());
            Object tree;
            try {
                tree = statement ? parser.singleStatement() : parser.singleExpression();
            } catch (ParseCancellationException sllFailed) {
                tokens.seek(0);
                parser.reset();
                parser.getInterpreter().setPredictionMode(PredictionMode.LL);
                parser.setErrorHandler(new SyntaxErrors());
                try {
                    tree = statement ? parser.singleStatement() : parser.singleExpression();
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
            for (AstBuilder.Problem p : builder.problems()) {
                diagnostics.add(Diagnostic.at(Severity.ERROR, source, p.span(), p.code(), p.message()));
            }
            return new Result<>(diagnostics.isEmpty() ? value : null, diagnostics);
        } catch (StackOverflowError deep) {
            return new Result<>(null, List.of(Diagnostic.at(Severity.ERROR, source, Span.of(1, 1, 0, 1), "EQL-SIZE",
                    "EQL statement is too large: nesting too deep to parse")));
        }
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
