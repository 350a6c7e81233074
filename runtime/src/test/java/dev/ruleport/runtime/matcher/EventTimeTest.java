package dev.ruleport.runtime.matcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The quick reading of the usual UTC timestamp gives what {@code OffsetDateTime.parse} gives, and leaves the rest to it. */
class EventTimeTest {
    private static long parsed(String s) { return OffsetDateTime.parse(s).toInstant().toEpochMilli(); }

    @Test
    void usualTimestampsReadAsJavaTimeReadsThem() {
        Random random = new Random(3);
        for (int i = 0; i < 20_000; i++) {
            long seconds = random.nextLong(-62_135_596_800L, 253_402_300_799L); // years 0001 to 9999
            Instant t = Instant.ofEpochSecond(seconds, random.nextInt(1_000_000_000));
            String digits = String.valueOf(t.getNano() + 1_000_000_000L).substring(1);
            String base = DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS)).replace("Z", "");
            int fraction = random.nextInt(10);
            String s = base + (fraction == 0 ? "" : "." + digits.substring(0, fraction)) + "Z";
            assertEquals(parsed(s), EventTime.utcMillis(s), s);
            assertEquals(parsed(s), EventTime.iso(s), s);
        }
        assertEquals(parsed("2024-02-29T23:59:59.999999999Z"), EventTime.utcMillis("2024-02-29T23:59:59.999999999Z"));
        assertEquals(0L, EventTime.utcMillis("1970-01-01T00:00:00Z"));
        assertEquals(-1L, EventTime.utcMillis("1969-12-31T23:59:59.999Z"));
        assertEquals(1_775_030_400_003L, EventTime.utcMillis("2026-04-01T08:00:00.003Z"));
    }

    @Test
    void anythingElseIsLeftToTheGeneralParsers() {
        for (String s : new String[] {"2023-02-29T00:00:00Z", "2024-13-01T00:00:00Z", "2024-01-01T24:00:00Z",
                "2024-01-01T00:60:00Z", "2024-01-01T00:00:60Z", "2024-01-01T00:00:00.Z", "2024-01-01T00:00:00.1234567890Z",
                "2024-01-01t00:00:00Z", "2024-01-01T00:00:00z", "2024-01-01T00:00Z", "2024-01-01T00:00:00+01:00",
                "2024-01-01T00:00:00", "+2024-01-01T00:00:00Z", "2024-01-01T00:00:0xZ", "2024-01-01 00:00:00Z"}) {
            assertEquals(Long.MIN_VALUE, EventTime.utcMillis(s), s);
        }
        // which the general parsers still read
        assertEquals(parsed("2024-01-01T00:00+01:00"), EventTime.iso("2024-01-01T00:00+01:00"));
        assertEquals(parsed("2024-01-01T00:00:00Z"), EventTime.iso("2024-01-01T00:00Z"));
        assertEquals(null, EventTime.iso("2023-02-29T00:00:00Z"));
    }
}
