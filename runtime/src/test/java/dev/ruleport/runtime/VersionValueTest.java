package dev.ruleport.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class VersionValueTest {

    @Test
    void numericPartsCompareNumerically() {
        assertTrue(VersionValue.compare("1.11.3", "1.5.0") > 0);   // sequenceWithVersionCheck
        assertTrue(VersionValue.compare("2.1.0", "2.4.1") < 0);
        assertTrue(VersionValue.compare("2.4.1", "2.11.2") < 0);
        assertTrue(VersionValue.compare("10.0.0", "9.9.9") > 0);
        assertEquals(0, VersionValue.compare("1.2.3", "1.2.3"));
    }

    @Test
    void preReleasesSortBeforeTheRelease() {
        assertTrue(VersionValue.compare("1.0.0-alpha", "1.0.0") < 0);
        assertTrue(VersionValue.compare("1.0.0-rc.1", "1.0.0") < 0);
        assertTrue(VersionValue.compare("1.0.0", "1.0.1-alpha") < 0);
    }

    @Test
    void semverPrecedenceExample() {
        List<String> expected = List.of("1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
                "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0");
        List<String> shuffled = new ArrayList<>(expected);
        Collections.shuffle(shuffled, new Random(3));
        shuffled.sort(VersionValue::compare);
        assertEquals(expected, shuffled);
    }

    @Test
    void partCountsAndBuildSuffix() {
        assertTrue(VersionValue.compare("1.2", "1.2.0") < 0);
        assertTrue(VersionValue.compare("1.2.3.4", "1.2.4") < 0);
        assertTrue(VersionValue.compare("1.0.0", "1.0.0+build.1") < 0);
        assertTrue(VersionValue.compare("1.0.0+b1", "1.0.0+b2") < 0);
        assertTrue(VersionValue.compare("1.0.0-alpha+b1", "1.0.0") < 0);
        assertFalse(VersionValue.of("1.0").equals(VersionValue.of("1.0.0")));
    }

    @Test
    void invalidVersionsSortLastAlphabetically() {
        assertFalse(VersionValue.of("not a version").isValid());
        assertFalse(VersionValue.of("1..2").isValid());
        assertFalse(VersionValue.of("-1").isValid());
        assertTrue(VersionValue.of("1.2.3-").isValid()); // ".3-" is a dotted part of the lenient pattern
        assertFalse(VersionValue.of("v1.2").isValid());
        assertTrue(VersionValue.of("1.2.alpha").isValid()); // the lenient pattern Elasticsearch uses
        assertTrue(VersionValue.compare("999.0.0", "abc") < 0);
        assertTrue(VersionValue.compare("abc", "abd") < 0);
        assertTrue(VersionValue.compare("v1.2", "1.2") > 0);
    }

    @Test
    void orderIsTotalAndConsistent() {
        String[] samples = {"1", "1.0", "1.0.0", "1.0.0-a", "1.0.0-1", "1.0.0-a.1", "1.0.0+x", "0.9", "01.0", "x", "", "2"};
        for (String a : samples) {
            for (String b : samples) {
                int ab = VersionValue.compare(a, b);
                assertEquals(-ab, VersionValue.compare(b, a), a + " vs " + b);
                assertEquals(a.equals(b), ab == 0, a + " vs " + b);
                for (String c : samples) {
                    if (ab < 0 && VersionValue.compare(b, c) < 0) {
                        assertTrue(VersionValue.compare(a, c) < 0, a + " < " + b + " < " + c);
                    }
                }
            }
        }
    }
}
