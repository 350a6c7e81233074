package dev.ruleport.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.ruleport.compile.Frontend;
import dev.ruleport.diag.Diagnostic;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each malformed input gives exactly one expected message at exactly the expected file position.
 * Queries sit in a rule file whose query starts on line 7, column 1 (after {@code query = '''}).
 */
class MalformedInputTest {

    static String rule(String query) {
        return "[rule]\nrule_id = \"r\"\nname = \"n\"\ntype = \"eql\"\nlanguage = \"eql\"\nquery = '''\n" + query + "\n'''\n";
    }

    static Stream<Arguments> queries() {
        return Stream.of(
            // syntax errors, each class
            Arguments.of("process where", "7:14: unexpected end of query, expected a value, field or one of 'not', '+', '-', '('"),
            Arguments.of("process where a == 1 and", "7:25: unexpected end of query, expected a value, field or one of 'not', '+', '-', '('"),
            Arguments.of("process where and a == 1", "7:15: unexpected 'and', expected a value, field or one of 'not', '+', '-', '('"),
            Arguments.of("process where a == == 1", "7:20: unexpected '==', expected a value, field or one of '+', '-', '('"),
            Arguments.of("process where a < 1 < 2", "7:21: unexpected '<', expected end of query"),
            Arguments.of("process where a == 1)", "7:21: unexpected ')', expected end of query"),
            Arguments.of("process where a.b. == 1", "7:20: unexpected '==', expected a value, field or one of '+', '-', '('"),
            Arguments.of("process where a in ()", "7:21: unexpected ')', expected a value, field or one of '+', '-', '('"),
            Arguments.of("process where a == 1 # b", "7:22: unexpected character '#'"),
            // unbalanced brackets and truncation
            Arguments.of("process where (a == 1", "7:22: unexpected end of query, missing ')'"),
            Arguments.of("process where a in (\"x\"", "7:24: unexpected end of query, missing ')'"),
            Arguments.of("sequence by a [process where true] [process where true", "7:55: unexpected end of query, missing ']'"),
            Arguments.of("sequence by a [process where true] [process", "7:44: unexpected end of query, missing ']'"),
            Arguments.of("sequence by a", "7:14: unexpected end of query, expected one of '[', '!['"),
            // strings, comments, quoting
            Arguments.of("process where process.name == 'cmd.exe'", "7:31: Use double quotes [\"] to define string literals, not single quotes [']"),
            Arguments.of("process where process.name == ?\"cmd.exe\"", "7:31: Use triple double quotes [\"\"\"] to define unescaped string literals, not [?]"),
            Arguments.of("process where process.name == \"cmd.exe", "7:31: unterminated string: missing closing quote [\"]"),
            Arguments.of("process where a == 1 /* unterminated", "7:22: unterminated comment: missing closing [*/]"),
            Arguments.of("process where `a == 1", "7:15: unterminated quoted field name: missing closing backtick"),
            Arguments.of("process where process.name : \"a\\u{zz}\"", "7:32: Invalid unicode escape [\\u{zz}]: expected 2 to 8 hex digits"),
            Arguments.of("process where process.name : \"a\\u{1}\"", "7:32: Invalid unicode escape [\\u{1}]: expected 2 to 8 hex digits"),
            Arguments.of("process where process.name : \"a\\u{D800}\"", "7:32: Invalid unicode character code [D800]: not a Unicode scalar value"),
            Arguments.of("process where process.name : \"a\\u{110000}\"", "7:32: Invalid unicode character code [110000]: not a Unicode scalar value"),
            Arguments.of("process where process.name : \"a\\u0041\"", "7:32: Unicode escape must be written as [\\u{HEX}], e.g. [\\u{202E}]"),
            Arguments.of("process where process.name : \"a\\u{41\"", "7:32: Unterminated unicode escape: missing [}]"),
            // maxspan
            Arguments.of("sequence with maxspan=5 [process where true] [process where true]", "7:23: No time unit specified, did you mean [s] as in [5s]?"),
            Arguments.of("sequence with maxspan=5x [process where true] [process where true]", "7:24: Unrecognized time unit [x] in [5x], please specify one of [ms, s, m, h, d]"),
            Arguments.of("sequence with maxspan=1.5s [process where true] [process where true]", "7:23: Decimal time interval [1.5] not supported"),
            Arguments.of("sequence with maxspan=0s [process where true] [process where true]", "7:23: A positive maxspan value is required; found [0]"),
            // post-parse checks
            Arguments.of("sequence with maxspan=5s by host.id [process where true] [process where true]", "7:26: Please specify sequence [by] before [with] not after"),
            Arguments.of("sequence by host.id [process where true] by user.id [process where true]", "7:53: Inconsistent number of join keys specified; expected [2] but found [1]"),
            Arguments.of("sequence by a [process where true] [process where true] until [process where true] by b", "7:63: Inconsistent number of join keys specified; expected [1] but found [2]"),
            Arguments.of("sequence [process where true]", "7:1: A sequence requires a minimum of 2 queries, found [1]"),
            Arguments.of("sequence [process where true] with runs=1", "7:1: A sequence requires a minimum of 2 queries, found [1]"),
            Arguments.of("sequence [process where true] [file where true] with runs=101", "7:59: A positive [runs] value between 1 and 100 is required; found [101]"),
            Arguments.of("sequence [process where true] [file where true] with runs=0", "7:59: A positive [runs] value between 1 and 100 is required; found [0]"),
            Arguments.of("sequence [process where true] [file where true] with foo=2", "7:54: Unrecognized option [foo], expected [runs]"),
            Arguments.of("sequence [process where true] ![process where true]", "7:1: [maxspan] is required for sequences with missing events queries"),
            Arguments.of("sequence with maxspan=1s ![process where true] ![process where true]", "7:1: A sequence requires at least one positive event query; found none"),
            Arguments.of("sample [process where true] [file where true]", "7:1: A sample requires join keys; use [sample by key] or per-query [by key]"),
            Arguments.of("sample by a [process where true] by b [file where true]", "7:39: Inconsistent number of join keys specified; expected [2] but found [1]"),
            // pipes
            Arguments.of("process where a == 1 | count", "7:24: Pipe [count] is not supported"),
            Arguments.of("process where a == 1 | head -1", "7:29: Pipe [head] needs a non-negative integer, found [-1]"),
            Arguments.of("process where a == 1 | head 1, 2", "7:32: Pipe [head] takes one argument, found [2]"),
            Arguments.of("process where a == 1 | frobnicate 3", "7:24: Unrecognized pipe [frobnicate]"),
            Arguments.of("process where a == 1 | tial 3", "7:24: Unrecognized pipe [tial], did you mean [tail]?"),
            // operators and functions
            Arguments.of("process where a = 1", "7:17: Use [==] for equality, not [=]"),
            Arguments.of("process where foo(a) == 1", "7:15: Unknown function [foo]"),
            Arguments.of("process where startswithx(a, \"b\")", "7:15: Unknown function [startswithx], did you mean [startsWith]?"),
            Arguments.of("process where length~(a) == 1", "7:15: Function [length] has no case-insensitive variant [length~]"),
            Arguments.of("process where length(a, b) == 1", "7:15: Function [length] takes 1 argument, found [2]"),
            Arguments.of("process where a like 5", "7:22: [like] requires string patterns, found [5]"),
            Arguments.of("process where a regex (\"x\", 3)", "7:29: [regex] requires string patterns, found [3]"),
            Arguments.of("join [process where true] [file where true]", "7:1: Queries containing [join] are not supported"),
            Arguments.of("process where child of [process where true]", "7:15: Process relationships are not supported"),
            // maxspan past what every target can hold (issue #19 item 7)
            Arguments.of("sequence with maxspan=9223372036854775807s [process where true] [process where true]",
                    "7:23: maxspan [9223372036854775807s] is too large; the longest is [922337203685477ms] (about 29,000 years)"),
            Arguments.of("sequence with maxspan=922337203685478ms [process where true] [process where true]",
                    "7:23: maxspan [922337203685478ms] is too large; the longest is [922337203685477ms] (about 29,000 years)"),
            Arguments.of("sequence with maxspan=99999999999999999999d [process where true] [process where true]",
                    "7:23: maxspan [99999999999999999999d] is too large; the longest is [922337203685477ms] (about 29,000 years)"),
            // regular expressions Lucene rejects, or this implementation cannot run
            Arguments.of("process where a regex \"a(b|)c\"", "7:23: Invalid regex [a(b|)c]: expected ')' at position 6"),
            Arguments.of("process where a regex~ (\"ok\", \"[z-a]\")", "7:31: Invalid regex [[z-a]]: invalid range z-a at position 1"),
            Arguments.of("process where a regex \"(a{1000}){3000}\"", "7:23: Invalid regex [(a{1000}){3000}]: the pattern is too large: "
                    + "it expands to more than 2097152 automaton states (a repetition multiplies the size of what it repeats)"),
            // field names no document can hold, refused where they are written
            Arguments.of("process where `` == 1", "7:15: Invalid field [``]: empty segment in field path []"),
            Arguments.of("process where `a..b` == 1", "7:15: Invalid field [`a..b`]: empty name part in field segment 'a..b'"),
            Arguments.of("process where ?`.x` == 1", "7:15: Invalid field [?`.x`]: empty name part in field segment '.x'"),
            Arguments.of("process where a[99999999999] == 1", "7:15: Invalid field [a[99999999999]]: bad index in field path '[99999999999]'"),
            // nesting past QueryParser.MAX_NESTING (issue #19 item 9), at the first token found past the limit:
            // the AST builder counts levels (the 101st `not`; in a chain, which nests to the left, the operator
            // of the first node past the limit) ...
            Arguments.of("process where " + "not ".repeat(150) + "a == 1", "7:" + (15 + 4 * 100) + ": " + QueryParser.tooDeep()),
            Arguments.of("process where a == " + "1 + ".repeat(5_000) + "1", "7:" + (20 + 4 * 4_900 + 2) + ": " + QueryParser.tooDeep()),
            // ... before parsing, the 101st nested parenthesis and the 102nd sign in a row are refused ...
            Arguments.of("process where " + "(".repeat(120) + "a == 1" + ")".repeat(120), "7:" + (15 + 100) + ": " + QueryParser.tooDeep()),
            Arguments.of("process where " + "(".repeat(100_000) + "a", "7:" + (15 + 100) + ": " + QueryParser.tooDeep()),
            Arguments.of("process where a == " + "length(".repeat(120) + "b" + ")".repeat(120), "7:" + (20 + 7 * 100 + 6) + ": " + QueryParser.tooDeep()),
            Arguments.of("process where a == " + "- ".repeat(120) + "1", "7:" + (20 + 2 * 101) + ": " + QueryParser.tooDeep()),
            // ... and the parser stops where its rules nest 800 deep (the 795th `not`)
            Arguments.of("process where " + "not ".repeat(2_500) + "a == 1", "7:" + (15 + 4 * 794) + ": " + QueryParser.tooDeep()),
            // position on a later line of a multi-line query
            Arguments.of("process where\n  a == 1 and\n\tb == 'x'", "9:7: Use double quotes [\"] to define string literals, not single quotes [']"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("queries")
    void reportsExactMessageAndPosition(String query, String expected) {
        Frontend.Outcome o = Frontend.compileText("r.toml", rule(query));
        assertEquals(Frontend.Status.FAILED, o.status());
        assertNull(o.query());
        List<String> errors = o.diagnostics().stream().filter(Diagnostic::isError)
                .map(d -> d.line() + ":" + d.column() + ": " + d.message()).toList();
        assertEquals(List.of(expected), errors);
    }

    @Test
    void thousandsOfErrorsAreReportedAsAHundredAndACount() {
        Frontend.Outcome o = Frontend.compileText("r.toml", rule("process where " + "a == 'x' and ".repeat(5_000) + "b == 1"));
        List<Diagnostic> errors = o.diagnostics().stream().filter(Diagnostic::isError).toList();
        assertEquals(101, errors.size());
        assertEquals("r.toml:7:" + (15 + 13 * 100 + 5) + ": ... and 4900 more problems in this query, not shown; the first of them: "
                + "Use double quotes [\"] to define string literals, not single quotes [']", errors.get(100).headline());
    }

    @Test
    void queryOnTheSameLineAsItsDelimiterIsShiftedByTheKeyColumn() {
        String toml = "[rule]\nrule_id = \"r\"\nname = \"n\"\ntype = \"eql\"\nlanguage = \"eql\"\nquery = '''process where a == 'x' '''\n";
        Frontend.Outcome o = Frontend.compileText("r.toml", toml);
        Diagnostic d = o.diagnostics().get(0);
        assertEquals("r.toml:6:31: Use double quotes [\"] to define string literals, not single quotes [']", d.headline());
        assertEquals("r.toml:6:31: Use double quotes [\"] to define string literals, not single quotes [']\n"
                + "    query = '''process where a == 'x' '''\n"
                + "                                  ^", d.render());
    }

    @Test
    void caretFollowsTabs() {
        Frontend.Outcome o = Frontend.compileText("r.toml", rule("process where\n\ta == 'x'"));
        assertEquals("r.toml:8:7: Use double quotes [\"] to define string literals, not single quotes [']\n"
                + "    \ta == 'x'\n"
                + "    \t     ^", o.diagnostics().get(0).render());
    }

    static Stream<Arguments> badFiles() {
        return Stream.of(
            Arguments.of("[rule\nname = \"x\"\n", "r.toml:1:6: invalid TOML: Unexpected end of line, expected ]"),
            Arguments.of("[rule]\nname = \"x\nquery = '''a'''\n", "r.toml:2:10: invalid TOML: Unexpected end of line, expected \" or a character"),
            Arguments.of("[rule]\nname = \"n\"\nname = \"m\"\n", "r.toml:3:1: invalid TOML: name previously defined at line 2, column 1"),
            Arguments.of("[rule]\nrule_id = \"r\"\nname = \"n\"\ntype = \"eql\"\nlanguage = \"eql\"\n", "r.toml:1:1: missing required key [rule.query]"),
            Arguments.of("[rule]\nrule_id = \"r\"\nname = \"n\"\ntype = \"eql\"\nlanguage = \"eql\"\nquery = ['a']\n", "r.toml:6:1: [rule.query] must be a string"),
            Arguments.of("[rule]\nrule_id = \"r\"\nname = \"n\"\ntype = \"eql\"\nlanguage = \"eql\"\nrisk_score = \"high\"\nquery = 'any where true'\n", "r.toml:6:1: [rule.risk_score] must be an integer"),
            Arguments.of("title = \"no rule table\"\n", "r.toml:1:1: missing [rule] table"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badFiles")
    void badTomlIsAPositionedDiagnostic(String toml, String expected) {
        Frontend.Outcome o = Frontend.compileText("r.toml", toml);
        assertEquals(Frontend.Status.FAILED, o.status());
        assertFalse(o.diagnostics().isEmpty());
        assertEquals(expected, o.diagnostics().get(0).headline());
    }
}
