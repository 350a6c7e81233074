package dev.ruleport.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Cases hand-picked from endgameinc-eql {@code test_folding.toml} (the runtime module cannot read
 * TOML). The first column is the toml expression; entries from {@code case_insensitive} sections
 * are Python-only (Elasticsearch compares strings case-sensitively) and appear here with the
 * Elasticsearch answer, marked "ES".
 */
class FoldingConformanceTest {

    static Stream<Arguments> folds() {
        return Stream.of(
                // [arithmetic]
                Arguments.of("7 + -3", Numbers.add(7, -3), 4),
                Arguments.of("7 - -3", Numbers.subtract(7, -3), 10),
                Arguments.of("7 * 3.0", Numbers.multiply(7, 3.0), 21.0),
                Arguments.of("-7 * 3.0", Numbers.multiply(-7, 3.0), -21.0),
                Arguments.of("7 / 3", Numbers.divide(7, 3), 2),
                Arguments.of("7 / 3.0", Numbers.divide(7, 3.0), 2.3333333333333335),
                Arguments.of("7.0 / 3.0", Numbers.divide(7.0, 3.0), 2.3333333333333335),
                Arguments.of("7 % 3", Numbers.modulo(7, 3), 1),
                // [integer_comparison] [float_comparison] [int_float_comparison] [float_int_comparison]
                Arguments.of("3 <= 4", Values.lessOrEqual(3, 4), true),
                Arguments.of("3 != 4", Values.notEqual(3, 4), true),
                Arguments.of("3 == 4", Values.equal(3, 4), false),
                Arguments.of("3 >= 4", Values.greaterOrEqual(3, 4), false),
                Arguments.of("3.0 < 4.0", Values.lessThan(3.0, 4.0), true),
                Arguments.of("-3.0 != 4.0", Values.notEqual(-3.0, 4.0), true),
                Arguments.of("-3 <= 4.0", Values.lessOrEqual(-3, 4.0), true),
                Arguments.of("3 == 4.0", Values.equal(3, 4.0), false),
                Arguments.of("3 > 4.0", Values.greaterThan(3, 4.0), false),
                Arguments.of("3.0 <= 4", Values.lessOrEqual(3.0, 4), true),
                Arguments.of("3.0 == 4", Values.equal(3.0, 4), false),
                Arguments.of("-3.0 > 4", Values.greaterThan(-3.0, 4), false),
                // [string_case_match_comparison]
                Arguments.of("\"Foo\" == \"Foo\"", Values.equal("Foo", "Foo"), true),
                Arguments.of("\"Foo\" == \"Bar\"", Values.equal("Foo", "Bar"), false),
                Arguments.of("\"Foo\" <= \"Bar\"", Values.lessOrEqual("Foo", "Bar"), false),
                Arguments.of("\"Foo\" > \"Bar\"", Values.greaterThan("Foo", "Bar"), true),
                // [string_case_sensitive_match_comparison] (agrees with ES)
                Arguments.of("\"Foo\" == \"foo\"", Values.equal("Foo", "foo"), false),
                Arguments.of("\"Foo\" != \"foo\"", Values.notEqual("Foo", "foo"), true),
                Arguments.of("\"Foo\" < \"foo\"", Values.lessThan("Foo", "foo"), true),
                Arguments.of("\"Foo\" <= \"foo\"", Values.lessOrEqual("Foo", "foo"), true),
                Arguments.of("\"Foo\" > \"foo\"", Values.greaterThan("Foo", "foo"), false),
                Arguments.of("\"foo\" < \"Foo\"", Values.lessThan("foo", "Foo"), false),
                Arguments.of("\"foo\" >= \"Foo\"", Values.greaterOrEqual("foo", "Foo"), true),
                Arguments.of("\"foo\" > \"Foo\"", Values.greaterThan("foo", "Foo"), true),
                // [string_case_insensitive_match_comparison]: Python-only; ES answers
                Arguments.of("ES: \"Foo\" != \"foo\"", Values.notEqual("Foo", "foo"), true),
                Arguments.of("ES: \"Foo\" >= \"foo\"", Values.greaterOrEqual("Foo", "foo"), false),
                // [arithmetic_comparison]
                Arguments.of("(1 * 2 + 3 * 4 + 10 / 2) == 19",
                        Values.equal(Numbers.add(Numbers.add(Numbers.multiply(1, 2), Numbers.multiply(3, 4)), Numbers.divide(10, 2)), 19),
                        true),
                // [in_set] [in_set_case_sensitive]
                Arguments.of("345 in (123, 345)", Values.in(345, List.of(123, 345)), true),
                Arguments.of("'foo' not in ('foo', 'bar', 'baz')", Tri.not(Values.in("foo", List.of("foo", "bar", "baz"))), false),
                Arguments.of("'foo' in ('bar', 'baz')", Values.in("foo", List.of("bar", "baz")), false),
                Arguments.of("'Foo' in ('Foo', 'Bar', 'Baz')", Values.in("Foo", List.of("Foo", "Bar", "Baz")), true),
                Arguments.of("'foo' in ('Foo', 'Bar', 'Baz')", Values.in("foo", List.of("Foo", "Bar", "Baz")), false),
                // [wildcard] [wildcard_case_insensitive] [wildcard_case_sensitive]
                Arguments.of("wildcard(\"Foo\", \"*Foo\")", WildcardPattern.compile("*Foo", false).matches("Foo"), true),
                Arguments.of("wildcard(\"Foo\", \"*\")", WildcardPattern.compile("*", false).matches("Foo"), true),
                Arguments.of("wildcard(\"Foo\", \"*Bar*\")", WildcardPattern.compile("*Bar*", false).matches("Foo"), false),
                Arguments.of("wildcard(\"FOO\", \"f*o*o*\") as :", WildcardPattern.compile("f*o*o*", true).matches("FOO"), true),
                Arguments.of("wildcard(\"Foo\", \"F*o*o*\") as like", WildcardPattern.compile("F*o*o*", false).matches("Foo"), true),
                // [match] as regex
                Arguments.of("match(\"foo\", \"[a-z]{3}\")", EqlRegex.compile("[a-z]{3}", false).matches("foo"), true),
                Arguments.of("match(\"999\", \"[a-z]{3}\", \"[0-9]{5}\")",
                        EqlRegex.compile("[a-z]{3}|[0-9]{5}", false).matches("999"), false),
                Arguments.of("match(\"999\", ..., \"[9][9][9]\")", EqlRegex.compile("[a-z]{3}|[0-9]{5}|[9][9][9]", false).matches("999"), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("folds")
    void fold(String expression, Object actual, Object expected) {
        if (expected instanceof Number e && actual instanceof Number a) {
            assertTrue(Numbers.equal(e, a), () -> expression + ": expected " + e + " but was " + a);
            assertEquals(e instanceof Double, a instanceof Double, expression + ": integral vs floating result");
        } else {
            assertEquals(expected, actual, expression);
        }
    }

    static Stream<Arguments> nullComparisons() {
        // [null_comparison] loops over bool, int, string and float values
        return Stream.of(Arguments.of(true), Arguments.of(1), Arguments.of("string"), Arguments.of(1.5));
    }

    @ParameterizedTest
    @MethodSource("nullComparisons")
    void nullComparisons(Object value) {
        // "$value == null" is false and "$value != null": presence tests, never unknown
        assertEquals(false, Values.isNull(value));
        assertEquals(true, Values.isNotNull(value));
        // "null < $value" and the other orderings are null
        assertEquals(null, Values.lessThan(null, value));
        assertEquals(null, Values.lessOrEqual(value, null));
        assertEquals(null, Values.greaterThan(null, value));
        assertEquals(null, Values.greaterOrEqual(value, null));
        // "null == null" is true, "null != null" false
        assertEquals(true, Values.isNull(null));
        assertEquals(false, Values.isNotNull(null));
    }
}
