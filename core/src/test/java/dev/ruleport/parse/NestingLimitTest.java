package dev.ruleport.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ruleport.diag.SourceText;
import dev.ruleport.ir.And;
import dev.ruleport.ir.EventQuery;
import dev.ruleport.ir.Query;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * {@link QueryParser#MAX_NESTING} is one limit for every construct: each nests exactly 100 levels
 * and parses, one more level and it is refused (by whichever guard sees it first, always with the
 * same message). Width is not limited: long chains and lists are built without recursion.
 */
class NestingLimitTest {
    /** Queries nesting {@code n} levels: the comparison is one level, so n - 1 of the construct inside it. */
    static Stream<Arguments> constructs() {
        return Stream.of(
                Arguments.of("calls", (Nesting) n -> "process where a == " + "length(".repeat(n - 1) + "b" + ")".repeat(n - 1)),
                Arguments.of("parentheses", (Nesting) n -> "process where a == " + "(".repeat(n - 1) + "b" + ")".repeat(n - 1)),
                Arguments.of("signs", (Nesting) n -> "process where a == " + "- ".repeat(n - 1) + "1"),
                Arguments.of("arithmetic chain", (Nesting) n -> "process where a == " + "1 + ".repeat(n - 1) + "1"),
                Arguments.of("in lists", (Nesting) n -> "process where " + "a in (".repeat(n) + "1" + ")".repeat(n)),
                Arguments.of("not", (Nesting) n -> "process where " + "not ".repeat(n - 1) + "a == 1"),
                // and, parenthesis, or, parenthesis: four levels a round
                Arguments.of("and/or groups", (Nesting) n -> "process where " + "a == 1 and (b == 2 or (".repeat((n - 1) / 4)
                        + "c == 3" + "))".repeat((n - 1) / 4)));
    }

    interface Nesting {
        String query(int levels);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("constructs")
    void oneHundredLevelsParseAndOneMoreIsRefused(String name, Nesting nesting) {
        int levels = QueryParser.MAX_NESTING;
        String atLimit = nesting.query(levels);
        QueryParser.Result<Query> ok = QueryParser.parseQuery(SourceText.of("q", atLimit));
        assertTrue(ok.ok(), name + ": " + ok.diagnostics());
        int measured = QueryParser.nesting(SourceText.of("q", atLimit));
        assertTrue(measured <= levels && measured > levels - 4, name + " nests " + measured);
        for (int more = levels + 1; more <= levels + 3; more++) {
            QueryParser.Result<Query> refused = QueryParser.parseQuery(SourceText.of("q", nesting.query(more)));
            if (QueryParser.nesting(SourceText.of("q", nesting.query(more))) <= levels && refused.ok()) continue;
            assertEquals(1, refused.diagnostics().size(), name);
            assertEquals(QueryParser.tooDeep(), refused.diagnostics().get(0).message(), name);
        }
        QueryParser.Result<Query> far = QueryParser.parseQuery(SourceText.of("q", nesting.query(5 * levels)));
        assertEquals(QueryParser.tooDeep(), far.diagnostics().get(0).message(), name);
    }

    @Test
    void wideExpressionsAreNotLimited() {
        String chain = "process where " + "a == 1 and ".repeat(50_000) + "b == 2";
        QueryParser.Result<Query> r = QueryParser.parseQuery(SourceText.of("q", chain));
        assertTrue(r.ok(), r.diagnostics().toString());
        assertEquals(50_001, ((And) ((EventQuery) r.value()).filter().condition()).operands().size());
        String list = "process where a in (" + "\"x\", ".repeat(100_000) + "\"y\")";
        assertTrue(QueryParser.parseQuery(SourceText.of("q", list)).ok());
    }
}
