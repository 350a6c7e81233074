package dev.ruleport.runtime;

import static dev.ruleport.runtime.Functions.add;
import static dev.ruleport.runtime.Functions.between;
import static dev.ruleport.runtime.Functions.cidrMatch;
import static dev.ruleport.runtime.Functions.concat;
import static dev.ruleport.runtime.Functions.divide;
import static dev.ruleport.runtime.Functions.endsWith;
import static dev.ruleport.runtime.Functions.indexOf;
import static dev.ruleport.runtime.Functions.length;
import static dev.ruleport.runtime.Functions.modulo;
import static dev.ruleport.runtime.Functions.multiply;
import static dev.ruleport.runtime.Functions.number;
import static dev.ruleport.runtime.Functions.startsWith;
import static dev.ruleport.runtime.Functions.string;
import static dev.ruleport.runtime.Functions.stringContains;
import static dev.ruleport.runtime.Functions.substring;
import static dev.ruleport.runtime.Functions.subtract;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Expected values are the examples of the Elasticsearch EQL function reference, plus the
 * endgameinc-eql {@code test_string_functions.toml} fold tests where Elasticsearch agrees (cases
 * where it does not are asserted with the Elasticsearch result and marked "ES differs").
 */
class FunctionsTest {

    private static void num(Number expected, Number actual) {
        assertTrue(Numbers.equal(expected, actual), () -> "expected " + expected + " but was " + actual);
    }

    @Test
    void addDocs() {
        num(9, add(4, 5));
        num(4.5, add(4, 0.5));
        num(0.75, add(0.5, 0.25));
        num(2, add(4, -2));
        num(-4, add(-2, -2));
        assertEquals(9, add(4, 5));          // integral stays integral
        assertEquals(4.5, add(4, 0.5));
        assertNull(add(null, 4));
        assertNull(add(4, null));
    }

    @Test
    void subtractDocs() {
        num(8, subtract(10, 2));
        num(10, subtract(10.5, 0.5));
        num(0.8, subtract(1, 0.2));
        num(-6, subtract(-2, 4));
        num(2, subtract(-2, -4));
        num(9.5, subtract(10L, 0.5));
        assertNull(subtract(null, 2));
        assertNull(subtract(2, null));
    }

    @Test
    void multiplyDocs() {
        num(4, multiply(2, 2));
        num(1, multiply(0.5, 2));
        num(0.5, multiply(0.25, 2));
        num(-4, multiply(-2, 2));
        num(4, multiply(-2, -2));
        assertNull(multiply(null, 2));
        assertNull(multiply(2, null));
    }

    @Test
    void divideDocs() {
        assertEquals(2, divide(4, 2));
        assertEquals(1, divide(4, 3));            // integer division
        num(4 / 3.0, divide(4, 3.0));
        num(8, divide(4, 0.5));
        num(0.125, divide(0.5, 4));
        num(2.0, divide(0.5, 0.25));
        num(-2, divide(4, -2));
        num(2, divide(-4, -2));
        assertNull(divide(null, 4));
        assertNull(divide(4, null));
        // additionalMathWithFields1: serial_event_id / 2 == 41 matches 82 and 83
        assertEquals(41L, divide(82L, 2));
        assertEquals(41L, divide(83L, 2));
        assertThrows(ArithmeticException.class, () -> divide(1, 0));
    }

    @Test
    void moduloDocs() {
        num(4, modulo(10, 6));
        num(0, modulo(10, 5));
        num(0, modulo(10, 0.5));
        num(4, modulo(10, -6));
        num(-4, modulo(-10, -6));
        num(6, modulo(106, 10));
        assertNull(modulo(null, 5));
        assertNull(modulo(7, null));
    }

    @Test
    void arithmeticCoercesNumericStringsOnly() {
        num(6, add("4", 2));
        assertThrows(IllegalArgumentException.class, () -> add("four", 2));
        assertThrows(IllegalArgumentException.class, () -> add(true, 2));
    }

    @Test
    void betweenDocs() {
        String path = "C:\\Windows\\System32\\cmd.exe";
        assertEquals("cmd", between(path, "System32\\", ".exe"));
        assertEquals("", between(path, "system32\\", ".exe"));
        assertEquals("", between(path, "workspace\\", ".exe"));
        assertEquals("cmd", between(path, "system32\\", ".exe", false, true));
        assertEquals("Windows", between(path, "\\", "\\", false, false));
        assertEquals("Windows\\System32", between(path, "\\", "\\", true, false));
        assertEquals("", between("", "System32\\", ".exe"));
        assertEquals("", between("", "", ""));
        assertNull(between(null, "System32\\", ".exe"));
    }

    @Test
    void betweenFoldTests() {
        String s = "welcome to the planet";
        assertNull(between(s, "welcome", null));                    // toml: null
        assertNull(between(null, "welcome", "planet"));             // toml: null
        assertEquals("", between(s, "welcome", "x", false, false)); // ES differs: Python null
        assertEquals("", between(s, "welcome", "x", true, false));  // ES differs: Python null
        assertEquals(s, between(s, "", "x", true, false));           // ES differs: Python null
        assertEquals(s, between(s, "", "", true, false));            // toml: whole string
        assertEquals(s, between(s, "", "", false, false));           // ES differs: Python ""
        assertEquals(s, between(s, "", "planet", false, false));     // ES differs: Python "welcome to the "
        assertEquals(" to the ", between(s, "welcome", "planet"));
        assertEquals("", between("a.b", "b", ".", true, false));     // last right before left: empty
        assertEquals(" to the ", between(s, "welcome", "planet", null, false)); // null greedy = false
    }

    @Test
    void cidrMatchDocs() {
        assertEquals(true, cidrMatch("192.168.152.12", "192.168.0.0/16"));
        assertEquals(true, cidrMatch("192.168.152.12", "192.168.0.0/16", "10.0.0.0/8"));
        assertEquals(false, cidrMatch("192.168.152.12", "10.0.0.0/8"));
        assertEquals(false, cidrMatch("192.168.152.12", "10.0.0.0/8", "10.128.0.0/9"));
        assertNull(cidrMatch(null, "10.0.0.0/8"));
        assertNull(cidrMatch("192.168.152.12", (Object) null));
        assertEquals(true, cidrMatch("fe80::1", "FE80::/10"));
        assertEquals(true, cidrMatch(Ip.parse("::1"), "::1/128"));
        assertThrows(IllegalArgumentException.class, () -> cidrMatch("1.2.3.4", "1.2.3.4/99"));
    }

    @Test
    void concatDocs() {
        assertEquals("process is regsvr32.exe", concat("process is ", "regsvr32.exe"));
        assertEquals("regsvr32.exe 42", concat("regsvr32.exe", " ", 42));
        assertEquals("regsvr32.exe 42.5", concat("regsvr32.exe", " ", 42.5));
        assertEquals("regsvr32.exe true", concat("regsvr32.exe", " ", true));
        assertEquals("regsvr32.exe", concat("regsvr32.exe"));
        assertEquals("regsvr32.exe 4", concat("regsvr32.exe", " ", 4L));
        assertNull(concat(null, "regsvr32.exe"));
        assertNull(concat("regsvr32.exe", null));
        assertNull(concat((Object) null));
        // toml
        assertEquals("a", concat("a"));
        assertEquals("a||1||b", concat("a", "||", 1, "||", "b"));
        assertNull(concat("a", "||", null, "||", "b"));
        assertEquals("a||1||true||b", concat("a", "||", 1, "||", true, "||", "b"));
        assertThrows(IllegalArgumentException.class, () -> concat());
        assertThrows(IllegalArgumentException.class, () -> concat(List.of("a")));
    }

    @Test
    void endsWithDocs() {
        assertEquals(true, endsWith("regsvr32.exe", ".exe"));
        assertEquals(false, endsWith("regsvr32.exe", ".EXE"));
        assertEquals(false, endsWith("regsvr32.exe", ".dll"));
        assertEquals(true, endsWith("", ""));
        assertEquals(true, endsWith("regsvr32.exe", ".EXE", true));
        assertEquals(false, endsWith("ntdll.dll", "regsvr32.exe"));
        assertNull(endsWith("regsvr32.exe", null));
        assertNull(endsWith("", null));
        assertNull(endsWith(null, ".exe"));
        assertNull(endsWith(null, null));
        // toml
        assertEquals(true, endsWith("FooBarBaz", "Baz"));
        assertEquals(false, endsWith("FooBarBaz", "Foo"));
        assertEquals(true, endsWith("FooBarBaz", "baz", true));   // endswith_insensitive
        assertEquals(false, endsWith("FooBarBaz", "baz", false)); // endswith_sensitive
    }

    @Test
    void indexOfDocs() {
        String domain = "subdomain.example.com";
        assertEquals(3, indexOf(domain, "d"));
        assertNull(indexOf(domain, "D"));
        assertEquals(9, indexOf(domain, "."));
        assertEquals(9, indexOf(domain, ".", 9));
        assertEquals(17, indexOf(domain, ".", 10));
        assertEquals(9, indexOf(domain, ".", -6));
        assertEquals(3, indexOf(domain, "D", null, true));
        assertEquals(0, indexOf("", ""));
        assertEquals(0, indexOf(domain, ""));
        assertEquals(9, indexOf(domain, "", 9));
        assertEquals(10, indexOf(domain, "", 10));
        assertEquals(0, indexOf(domain, "", -6));
        assertNull(indexOf(domain, "z"));
        assertNull(indexOf(domain, "z", 9));
        assertNull(indexOf(domain, ".", 30));
        assertNull(indexOf(null, ".", 9));
        assertNull(indexOf(domain, null, 9));
        // the docs say indexOf(url.domain, ".", null) is null; the implementation (and Python) use 0
        assertEquals(9, indexOf(domain, ".", null));
        // an empty substring beyond the end: Java's indexOf (the implementation) clamps to the length
        assertEquals(domain.length(), indexOf(domain, "", 30));
    }

    @Test
    void indexOfFoldTests() {
        assertNull(indexOf(null, "L"));
        assertNull(indexOf("foobarbaz", "L"));
        assertNull(indexOf("foobarbaz", null));
        assertNull(indexOf(null, null));
        assertEquals(1, indexOf("foobarbaz", "o"));
        assertEquals(1, indexOf("foobarbaz", "o", null));
        assertEquals(1, indexOf("foobarbaz", "o", 0));
        assertEquals(2, indexOf("foobarbaz", "o", 2));
        assertEquals(5, indexOf("foobarbaz", "r"));
        assertEquals(5, indexOf("foobarbaz", "r", 2));
        assertEquals(2, indexOf("foobarbaz", "o", 2.7)); // a fractional position truncates
    }

    @Test
    void lengthDocs() {
        assertEquals(12, length("explorer.exe"));
        assertEquals(18, length("start explorer.exe"));
        assertEquals(0, length(""));
        assertNull(length(null));
        assertEquals(3, length("foo"));
        assertEquals(2, length("😀")); // UTF-16 units, as Java/Elasticsearch count
    }

    @Test
    void numberDocs() {
        num(1337, number("1337"));
        num(42.5, number("42.5"));
        num(3735928559L, number("deadbeef", 16));
        num(3735928559L, number("0xdeadbeef"));
        num(3735928559L, number("0xdeadbeef", 16));
        num(1337, number("+1337"));
        num(-1337, number("-1337"));
        num(1337, number("  1337  "));
        assertNull(number(null));
        assertNull(number(null, 16));
        num(3735928559L, number("0xdeadbeef", null));
        num(1337, number("1337", null));
        assertThrows(IllegalArgumentException.class, () -> number(""));
        assertThrows(IllegalArgumentException.class, () -> number("12abc"));
        assertThrows(IllegalArgumentException.class, () -> number("0x10", 10));
        assertThrows(IllegalArgumentException.class, () -> number("1e5"));
        assertThrows(IllegalArgumentException.class, () -> number("10", 1));
    }

    @Test
    void numberFoldTests() {
        num(314, number("314"));
        num(3.14, number("3.14"));
        num(-3.14, number("-3.14", 10));
        num(-314, number("-314", 10));
        num(314, number("+314", 10));
        num(4919, number("0x1337"));
        num(4919, number("0x1337", 16));
        num(52403, number("52403"));
        num(21763, number("052403", 8));
        num(12890, number("52403", 7));
        assertEquals(314L, number("314"));
        assertEquals(3.14, number("3.14"));
    }

    @Test
    void startsWithDocs() {
        assertEquals(true, startsWith("regsvr32.exe", "regsvr32"));
        assertEquals(false, startsWith("regsvr32.exe", "Regsvr32"));
        assertEquals(false, startsWith("regsvr32.exe", "explorer"));
        assertEquals(true, startsWith("", ""));
        assertEquals(true, startsWith("regsvr32.exe", "Regsvr32", true));
        assertNull(startsWith("regsvr32.exe", null));
        assertNull(startsWith("", null));
        assertNull(startsWith(null, "regsvr32"));
        assertNull(startsWith(null, null));
        // toml
        assertNull(startsWith(null, "Foo"));
        assertEquals(true, startsWith("FooBarBaz", "Foo"));
        assertEquals(true, startsWith("FooBarBaz", ""));
        assertEquals(true, startsWith("FooBarBaz", "FooBar"));
        assertEquals(false, startsWith("FooBarBaz", "Bar"));
        assertEquals(false, startsWith("FooBar", "foo"));
        assertEquals(true, startsWith("FooBar", "foo", true));
        assertEquals(false, startsWith("FooBar", "Bar", true));
    }

    @Test
    void stringDocs() {
        assertEquals("42", string(42));
        assertEquals("42.5", string(42.5));
        assertEquals("regsvr32.exe", string("regsvr32.exe"));
        assertEquals("true", string(true));
        assertNull(string(null));
        // toml
        assertEquals("1", string(1));
        assertEquals("2.1828", string(2.1828));
        assertEquals("hello", string("hello"));
        assertEquals("9007199254740993", string(9007199254740993L));
        assertEquals("10.0.0.1", string(Ip.parse("::ffff:10.0.0.1")));
        assertThrows(IllegalArgumentException.class, () -> string(Map.of("a", 1)));
    }

    @Test
    void stringContainsDocs() {
        String cmd = "start regsvr32.exe";
        assertEquals(true, stringContains(cmd, "regsvr32"));
        assertEquals(false, stringContains(cmd, "Regsvr32"));
        assertEquals(true, stringContains(cmd, "start "));
        assertEquals(false, stringContains(cmd, "explorer"));
        assertEquals(true, stringContains(cmd, "Regsvr32", true)); // the docs' "false" here is a typo
        assertEquals(true, stringContains(cmd, "regsvr32.exe"));
        assertEquals(false, stringContains("", ""));
        assertEquals(false, stringContains(cmd, ""));
        assertNull(stringContains(null, "regsvr32"));
        assertNull(stringContains(cmd, null));
    }

    @Test
    void substringDocs() {
        String s = "start regsvr32.exe";
        assertEquals("regsvr32.exe", substring(s, 6));
        assertEquals("start", substring(s, 0, 5));
        assertEquals("regsvr32", substring(s, 6, 14));
        assertEquals(".exe", substring(s, -4));
        assertEquals(".ex", substring(s, -4, -1));
        assertEquals("", substring(s, 10, 5));
        assertEquals("", substring(s, 100));
    }

    @Test
    void substringFoldTests() {
        String s = "hello world";
        assertNull(substring(null, 5));
        assertEquals(s, substring(s, null, null));
        assertEquals("world", substring(s, 6, null));
        assertEquals(s, substring(s, null, 5));          // ES differs: Python "hello"
        assertEquals("hello", substring(s, 0, 5));
        assertEquals(" worl", substring(s, 5, -1));
        assertEquals("world", substring(s, -5, null));
        assertEquals("world", substring(s, -5, 100));
        assertEquals("hello", substring(s, -60, 5));
        assertEquals("worl", substring(s, -5, -1));
        assertEquals("", substring("", 2, 5));
    }

    @Test
    void regexWithSubstringConformance() {
        // regexWithSubstring: substring(command_line, 5) regex (".*?net[1]?  localgroup.*?", ...)
        EqlRegex r = EqlRegex.compile(".*?net[1]?  localgroup.*?", false);
        assertTrue(r.matches(substring("net  net1  localgroup administrators", 5)));
    }

    @Test
    void stringArgumentsRenderScalars() {
        assertEquals(true, startsWith(4242, "42"));
        assertEquals(2, length(42));
        assertThrows(IllegalArgumentException.class, () -> length(List.of("a")));
    }

    @Test
    void caseInsensitiveVariantsFoldAsciiOnly() {
        assertEquals(true, stringContains("ÉCOLE", "école".replace("é", "É"), true));
        assertEquals(false, stringContains("ÉCOLE", "école", true));
        assertEquals(2, indexOf("abCDe", "cd", null, true));
        assertEquals("Mid", between("xxLEFTMidRIGHTyy", "left", "right", false, true));
    }
}
