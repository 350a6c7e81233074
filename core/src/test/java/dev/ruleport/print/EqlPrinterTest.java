package dev.ruleport.print;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ruleport.diag.SourceText;
import dev.ruleport.ir.Query;
import dev.ruleport.parse.QueryParser;
import org.junit.jupiter.params.ParameterizedTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EqlPrinterTest {
    static Query parse(String q) {
        QueryParser.Result<Query> r = QueryParser.parseQuery(SourceText.of("t", q));
        assertTrue(r.ok(), r.diagnostics().toString());
        return r.value();
    }

    static Stream<Arguments> cases() {
        return Stream.of(
            Arguments.of("process where a == 1 and (b == 2 or c == 3)", "process where a == 1 and (b == 2 or c == 3)"),
            Arguments.of("process where (a == 1 and b == 2) or c == 3", "process where a == 1 and b == 2 or c == 3"),
            Arguments.of("process where not (a == 1 and b == 2)", "process where not (a == 1 and b == 2)"),
            Arguments.of("process where not a == 1 and b == 2", "process where not a == 1 and b == 2"),
            Arguments.of("process where a not in (\"x\", \"y\")", "process where a not in (\"x\", \"y\")"),
            Arguments.of("process where not a in (\"x\")", "process where a not in (\"x\")"),
            Arguments.of("process where a in~ (\"x\")", "process where a in~ (\"x\")"),
            Arguments.of("process where a:\"x\"", "process where a : \"x\""),
            Arguments.of("process where a like~ (\"x*\", \"?y\")", "process where a like~ (\"x*\", \"?y\")"),
            Arguments.of("process where `a.b`.c == \"q\\\"\\\\\\n\"", "process where `a.b`.c == \"q\\\"\\\\\\n\""),
            Arguments.of("\"my category\" where ?x.`not` == null", "\"my category\" where ?x.`not` == null"),
            Arguments.of("process where \"\"\"raw \\d\"\"\" == a", "process where \"raw \\\\d\" == a"),
            Arguments.of("process where 1 - (2 - 3) == -4 * (5 + 6)", "process where 1 - (2 - 3) == -4 * (5 + 6)"),
            Arguments.of("process where startsWith~(a, \"x\") and CIDRMATCH(ip, \"10.0.0.0/8\")", "process where startsWith~(a, \"x\") and cidrMatch(ip, \"10.0.0.0/8\")"),
            Arguments.of("sequence by h with maxspan = 5m [process where true] by p with runs = 2 ![file where true] by p until [any where true] by p | tail 3", "sequence by h with maxspan=5m\n  [process where true] by p with runs=2\n  ![file where true] by p\nuntil [any where true] by p | tail 3"),
            Arguments.of("sample by k [process where true] by y [file where true] by z", "sample by k\n  [process where true] by y\n  [file where true] by z"));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void printsCanonicalText(String query, String expected) {
        Query q = parse(query);
        String printed = EqlPrinter.print(q);
        assertEquals(expected, printed);
        assertEquals(q, parse(printed));
    }
}
