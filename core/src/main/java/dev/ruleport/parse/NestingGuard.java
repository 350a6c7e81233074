package dev.ruleport.parse;

import dev.ruleport.parse.gen.EqlParser;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStream;

/**
 * The EQL parser with a bound on how deeply its rules recurse, so that no input can overflow the
 * stack while it is parsed (ANTLR's parser recurses once per rule invoked, and its prediction
 * follows the same stack).
 *
 * <p>The bound is derived from the language's nesting limit ({@link QueryParser#MAX_NESTING}): one
 * level of nesting costs at most {@link #RULES_PER_LEVEL} nested rules (a function call:
 * functionExpression, expression, booleanExpression, valueExpression, operatorExpression,
 * primaryExpression), plus a few for the statement around the expression. So the parser stops only on
 * input that nests more deeply than the limit allows anyway, and it reports it in the same words as
 * the AST builder, which counts the levels themselves.
 */
final class NestingGuard extends EqlParser {
    static final int RULES_PER_LEVEL = 6;
    /** With room for the rules around an expression (statement, sequence term, filter, ...) and to spare. */
    static final int MAX_RULE_DEPTH = (RULES_PER_LEVEL + 2) * QueryParser.MAX_NESTING;

    /** Thrown when the rules nest more deeply than {@link #MAX_RULE_DEPTH}; ends the parse. */
    static final class TooDeep extends RuntimeException {
        final transient Token token;

        TooDeep(Token token) {
            super(null, null, false, false);
            this.token = token;
        }
    }

    private int depth;

    NestingGuard(TokenStream input) {
        super(input);
    }

    @Override
    public void enterRule(ParserRuleContext localctx, int state, int ruleIndex) {
        enter();
        super.enterRule(localctx, state, ruleIndex);
    }

    @Override
    public void enterRecursionRule(ParserRuleContext localctx, int state, int ruleIndex, int precedence) {
        enter();
        super.enterRecursionRule(localctx, state, ruleIndex, precedence);
    }

    @Override
    public void exitRule() {
        depth--;
        super.exitRule();
    }

    @Override
    public void unrollRecursionContexts(ParserRuleContext parentctx) {
        depth--;
        super.unrollRecursionContexts(parentctx);
    }

    @Override
    public void reset() {
        depth = 0;
        super.reset();
    }

    private void enter() {
        if (++depth > MAX_RULE_DEPTH) {
            depth--;
            throw new TooDeep(getCurrentToken());
        }
    }
}
