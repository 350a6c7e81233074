package dev.ruleport.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class IpCidrTest {

    @ParameterizedTest
    @CsvSource({
        "192.168.152.12, 192.168.152.12",
        "0.0.0.0, 0.0.0.0",
        "::1, ::1",
        "::, ::",
        "FE80::1, fe80::1",
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        "2001:0db8:0000:0000:0000:0000:0000:0001, 2001:db8::1",
        "::ffff:10.0.0.1, 10.0.0.1",
        "::ffff:a00:1, 10.0.0.1",
        "::10.0.0.1, ::a00:1",
        "1:2:3:4:5:6:7:8, 1:2:3:4:5:6:7:8",
        "1::, 1::",
        "0:0:0:0:0:ffff:1.2.3.4, 1.2.3.4",
    })
    void parsesAndFormats(String text, String canonical) {
        assertEquals(canonical, Ip.parse(text).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.04", "1..2.3", "a.b.c.d",
        "localhost", "example.com", ":::", "1:::2", "1::2::3", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "12345::",
        "fe80::1%eth0", "[::1]", "1.2.3.4::", "::1.2.3", "g::1", "1:2:3:4:5:6:7:1.2.3.4", " 1.2.3.4"})
    void rejectsNonLiterals(String text) {
        assertNull(Ip.tryParse(text));
        assertThrows(IllegalArgumentException.class, () -> Ip.parse(text));
    }

    @Test
    void orderingIsByAddressBytes() {
        assertTrue(Ip.compare(Ip.parse("10.0.0.2"), Ip.parse("10.0.0.10")) < 0);
        assertTrue(Ip.compare(Ip.parse("9.255.255.255"), Ip.parse("10.0.0.0")) < 0);
        assertTrue(Ip.compare(Ip.parse("::1"), Ip.parse("0.0.0.0")) < 0);    // v4 lives at ::ffff:0:0/96
        assertTrue(Ip.compare(Ip.parse("255.255.255.255"), Ip.parse("fe80::")) < 0);
        assertEquals(0, Ip.compare(Ip.parse("10.0.0.1"), Ip.parse("::ffff:10.0.0.1")));
        assertEquals(Ip.parse("10.0.0.1"), Ip.parse("::ffff:10.0.0.1"));
    }

    @Test
    void ipv4Blocks() {
        List<Cidr> b16 = Cidr.parseAll("192.168.0.0/16");
        assertEquals(true, Cidr.matchAny("192.168.152.12", b16));
        assertEquals(true, Cidr.matchAny("192.168.152.12", Cidr.parseAll("10.0.0.0/8", "192.168.0.0/16")));
        assertEquals(false, Cidr.matchAny("192.168.152.12", Cidr.parseAll("10.0.0.0/8")));
        assertEquals(false, Cidr.matchAny("192.168.152.12", Cidr.parseAll("10.0.0.0/8", "10.128.0.0/9")));
        assertEquals(true, Cidr.matchAny("10.255.255.255", Cidr.parseAll("10.0.0.0/8")));
        assertEquals(false, Cidr.matchAny("11.0.0.0", Cidr.parseAll("10.0.0.0/8")));
        assertEquals(true, Cidr.matchAny("172.31.0.1", Cidr.parseAll("172.16.0.0/12")));
        assertEquals(false, Cidr.matchAny("172.32.0.1", Cidr.parseAll("172.16.0.0/12")));
        assertEquals(true, Cidr.matchAny("8.8.8.8", Cidr.parseAll("0.0.0.0/0")));
        assertEquals(false, Cidr.matchAny("::1", Cidr.parseAll("0.0.0.0/0")));     // /0 of IPv4 is all IPv4 only
        assertEquals(true, Cidr.matchAny("1.2.3.4", Cidr.parseAll("1.2.3.4")));     // a bare address
        assertEquals(true, Cidr.matchAny("10.9.9.9", Cidr.parseAll("10.1.2.3/8"))); // host bits ignored
        assertEquals(true, Cidr.matchAny("::ffff:10.1.1.1", Cidr.parseAll("10.0.0.0/8")));
        assertEquals(true, Cidr.matchAny("10.1.1.1", Cidr.parseAll("::ffff:0:0/96")));
    }

    @Test
    void ipv6Blocks() {
        assertEquals(true, Cidr.matchAny("::1", Cidr.parseAll("::1/128")));
        assertEquals(true, Cidr.matchAny("::1", Cidr.parseAll("::1")));
        assertEquals(false, Cidr.matchAny("::2", Cidr.parseAll("::1/128")));
        List<Cidr> linkLocal = Cidr.parseAll("FE80::/10");
        assertEquals(true, Cidr.matchAny("fe80::1", linkLocal));
        assertEquals(true, Cidr.matchAny("febf:ffff::1", linkLocal));
        assertEquals(false, Cidr.matchAny("fec0::1", linkLocal));
        List<Cidr> multicast = Cidr.parseAll("FF00::/8");
        assertEquals(true, Cidr.matchAny("ff02::1", multicast));
        assertEquals(false, Cidr.matchAny("fe80::1", multicast));
        assertEquals(false, Cidr.matchAny("10.0.0.1", multicast));
        assertEquals(true, Cidr.matchAny("2001:db8::ff", Cidr.parseAll("2001:db8::/32")));
        assertEquals(true, Cidr.matchAny("::", Cidr.parseAll("::/0")));
        assertEquals(true, Cidr.matchAny("1.2.3.4", Cidr.parseAll("::/0")));
    }

    @Test
    void nullAndMalformedValues() {
        assertNull(Cidr.matchAny(null, Cidr.parseAll("10.0.0.0/8")));
        assertNull(Cidr.matchAny("not-an-ip", Cidr.parseAll("10.0.0.0/8")));
        assertEquals(true, Cidr.matchAny(Ip.parse("10.0.0.1"), Cidr.parseAll("10.0.0.0/8")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/33", "::/129", "10.0.0.0/", "10.0.0.0/-1", "10.0.0/8", "/8", "10.0.0.0/8/8",
        "host.example/8", "10.0.0.0/ 8"})
    void badBlocks(String text) {
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse(text));
    }

    @Test
    void prefixLengthsLiveInSixteenByteSpace() {
        assertEquals(104, Cidr.parse("10.0.0.0/8").prefixLength());
        assertEquals(10, Cidr.parse("fe80::/10").prefixLength());
        assertEquals(Ip.parse("10.0.0.0"), Cidr.parse("10.1.2.3/8").network());
        assertEquals("10.1.2.3/8", Cidr.parse("10.1.2.3/8").toString());
        assertEquals(Cidr.parse("10.0.0.0/8"), Cidr.parse("10.1.2.3/8"));
        assertFalse(Cidr.parse("10.0.0.0/8").equals(Cidr.parse("10.0.0.0/9")));
    }
}
