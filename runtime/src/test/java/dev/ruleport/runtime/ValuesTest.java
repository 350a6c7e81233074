package dev.ruleport.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValuesTest {

    @Test
    void equalityIsCaseSensitiveAndLiteral() {
        assertEquals(true, Values.equal("cmd.exe", "cmd.exe"));
        assertEquals(false, Values.equal("CMD.EXE", "cmd.exe"));
        assertEquals(false, Values.equal("smss*", "smss.exe")); // no wildcards in ==
        assertEquals(true, Values.notEqual("Foo", "foo"));
    }

    @Test
    void nullOperandGivesUnknown() {
        assertNull(Values.equal(null, "x"));
        assertNull(Values.equal("x", null));
        assertNull(Values.equal(null, null));
        assertNull(Values.notEqual(null, 1));
        assertNull(Values.lessThan(null, 1));
        assertNull(Values.greaterOrEqual(0, null));
        assertFalse(Tri.isTrue(Values.greaterOrEqual(null, 0))); // exit_code >= 0 skips events without it
    }

    @Test
    void presenceTests() {
        assertTrue(Values.isNull(null));
        assertFalse(Values.isNull(""));
        assertTrue(Values.isNotNull(0));
        assertFalse(Values.isNotNull(null));
    }

    @Test
    void numbersCompareNumericallyAcrossTypes() {
        assertEquals(true, Values.equal(3, 3L));
        assertEquals(true, Values.equal(3, 3.0));
        assertEquals(false, Values.equal(3, 4.0));
        assertEquals(true, Values.equal(new BigDecimal("2.50"), 2.5));
        assertEquals(true, Values.equal(BigInteger.TEN.pow(20), 1e20));
        assertEquals(true, Values.lessThan(-3, 4.0));
        assertEquals(true, Values.lessThan(Long.MAX_VALUE - 1, Long.MAX_VALUE)); // no rounding through double
        assertEquals(false, Values.equal(9007199254740993L, 9007199254740992.0));
        assertEquals(true, Values.greaterThan(Double.POSITIVE_INFINITY, Long.MAX_VALUE));
        assertEquals(true, Values.equal(0.0, -0.0));
        assertEquals(false, Values.equal(Double.NaN, Double.NaN));
        assertNull(Values.lessThan(Double.NaN, 1));
    }

    @Test
    void numberVersusStringCoercesNumericStrings() {
        assertEquals(true, Values.equal(5, "5"));
        assertEquals(true, Values.equal("5.0", 5));
        assertEquals(true, Values.equal(1000, "1e3"));
        assertEquals(false, Values.equal(5, "five"));
        assertEquals(false, Values.equal(5, " 5"));
        assertEquals(true, Values.lessThan("10", 11));
        assertNull(Values.lessThan("ten", 11));
    }

    @Test
    void booleans() {
        assertEquals(true, Values.equal(true, true));
        assertEquals(false, Values.equal(true, false));
        assertEquals(true, Values.equal(true, "true"));
        assertEquals(false, Values.equal(true, "TRUE"));
        assertEquals(false, Values.equal(true, 1));
        assertEquals(true, Values.lessThan(false, true));
    }

    @Test
    void stringOrderingIsCaseSensitiveByCodePoint() {
        // processWithStringComparisonCaseSensitive1: 's' (0x73) > 'S' (0x53)
        assertEquals(true, Values.greaterThan("s", "S"));
        assertEquals(true, Values.lessThan("Foo", "foo"));
        assertEquals(false, Values.lessOrEqual("Foo", "Bar"));
        assertEquals(true, Values.greaterThan("Foo", "Bar"));
        assertEquals(true, Values.lessThan("ab", "abc"));
        // U+FFFD < U+1F600 by code point, although '\uFFFD' > '\uD83D' as UTF-16 units
        assertEquals(true, Values.lessThan("\uFFFD", "😀"));
        assertTrue("\uFFFD".compareTo("😀") > 0);
    }

    @Test
    void caseInsensitiveEqualityForInTilde() {
        assertEquals(true, Values.equalIgnoreCase("SMSS.EXE", "smss.exe"));
        assertEquals(false, Values.equalIgnoreCase("smss*", "smss.exe")); // in~ is verbatim
        assertEquals(false, Values.equalIgnoreCase("É", "é"));
        assertEquals(true, Values.equalIgnoreCase(5, "5"));
        assertNull(Values.equalIgnoreCase(null, "x"));
    }

    @Test
    void membership() {
        assertEquals(true, Values.in(345, List.of(123, 345)));
        assertEquals(false, Values.in("foo", List.of("bar", "baz")));
        assertEquals(false, Values.in("foo", List.of("Foo", "Bar")));
        assertEquals(true, Values.inIgnoreCase("foo", List.of("Foo", "Bar")));
        assertEquals(false, Values.inIgnoreCase("foo", List.of("f*")));
        assertNull(Values.in(null, List.of("x")));
        assertEquals(false, Values.in("x", Arrays.asList(null, "y")));
    }

    @Test
    void typedValues() {
        assertEquals(true, Values.equal(Ip.parse("10.0.0.1"), "::ffff:10.0.0.1"));
        assertEquals(true, Values.lessThan(Ip.parse("10.0.0.2"), Ip.parse("10.0.0.10")));
        assertNull(Values.lessThan(Ip.parse("10.0.0.2"), "not an ip"));
        assertEquals(true, Values.greaterThan(VersionValue.of("1.11.3"), "1.5.0"));
        assertEquals(true, Values.lessThan("1.5.0", VersionValue.of("1.11.3")));
        assertEquals(false, Values.equal(VersionValue.of("1.0"), "1.0.0"));
    }

    @Test
    void incomparableTypes() {
        assertNull(Values.compare(true, 1));
        assertEquals(false, Values.equal(List.of(1), 1));
    }

    @Test
    void multiValuedAny() {
        List<Object> values = List.of("a", "B", "c");
        assertTrue(Values.anyMatch(values, v -> "B".equals(v)));
        assertFalse(Values.anyMatch(List.of(), v -> true));
        assertEquals(true, Values.any(values, v -> Values.equal(v, "c")));
        assertEquals(false, Values.any(values, v -> Values.equal(v, "z")));
        assertNull(Values.any(List.of(), v -> true)); // missing field: unknown
        assertNull(Values.any(List.of("x", "y"), v -> "x".equals(v) ? null : false));
        assertEquals(true, Values.any(List.of("x", "y"), v -> "x".equals(v) ? null : true));
    }

    @Test
    void parseNumber() {
        assertEquals(42L, Values.parseNumber("42"));
        assertEquals(-1.5, Values.parseNumber("-1.5"));
        assertEquals(new BigInteger("123456789012345678901234"), Values.parseNumber("123456789012345678901234"));
        assertNull(Values.parseNumber("+1"));
        assertNull(Values.parseNumber("1."));
        assertNull(Values.parseNumber(""));
        assertNull(Values.parseNumber("0x10"));
    }

    @Test
    void threeValuedLogic() {
        // test_folding.toml [or] [and] [not]
        assertEquals(true, Tri.or(true, null));
        assertNull(Tri.or(false, null));
        assertNull(Tri.or(null, false));
        assertEquals(true, Tri.or(null, true));
        assertEquals(false, Tri.or(false, false));
        assertEquals(false, Tri.and(null, false));
        assertNull(Tri.and(null, true));
        assertEquals(false, Tri.and(true, false));
        assertEquals(true, Tri.and(true, true));
        assertNull(Tri.not(null));
        assertEquals(false, Tri.not(true));
        assertFalse(Tri.isTrue(null));
    }

    @Test
    void arithmetic() {
        assertEquals(4, Numbers.add(7, -3));
        assertEquals(10, Numbers.subtract(7, -3));
        assertEquals(21.0, Numbers.multiply(7, 3.0));
        assertEquals(2, Numbers.divide(7, 3));
        assertEquals(7 / 3.0, Numbers.divide(7, 3.0));
        assertEquals(1, Numbers.modulo(7, 3));
        assertEquals(3L, Numbers.add(1, 2L));
        assertThrows(ArithmeticException.class, () -> Numbers.add(Integer.MAX_VALUE, 1));
        assertThrows(ArithmeticException.class, () -> Numbers.multiply(Long.MAX_VALUE, 2L));
        assertThrows(ArithmeticException.class, () -> Numbers.divide(1, 0));
        assertThrows(ArithmeticException.class, () -> Numbers.modulo(1L, 0));
        assertEquals(Double.POSITIVE_INFINITY, Numbers.divide(1.0, 0));
        // "3 + 4 - 5 * 6 / 7" folds to 3 (integer division)
        assertEquals(3, Numbers.subtract(Numbers.add(3, 4), Numbers.divide(Numbers.multiply(5, 6), 7)));
    }
}
