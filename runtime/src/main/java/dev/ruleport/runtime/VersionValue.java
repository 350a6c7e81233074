package dev.ruleport.runtime;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A value of an Elasticsearch {@code version} field, ordered as that field type orders them.
 *
 * <p>The order (from the field type's documentation and its encoder; reimplemented here):
 * <ul>
 *   <li>A valid version is {@code digits(.digits)*}, then an optional pre-release {@code -xxx}
 *       and dotted parts of {@code [-0-9A-Za-z]}, then an optional build suffix {@code +xxx}. Any
 *       number of main parts is allowed ({@code 1.2}, {@code 1.2.3.4}).</li>
 *   <li>Digit groups compare numerically, by digit count first, then digit by digit, so
 *       {@code 1.11.3 > 1.5.0} and (a quirk of that encoding) {@code 1.01 > 1.9}.</li>
 *   <li>Fewer main parts sort first when the others are equal ({@code 1.2 < 1.2.0}); a pre-release
 *       sorts before the release with the same main part ({@code 1.0.0-alpha < 1.0.0}).</li>
 *   <li>Pre-release parts compare left to right: all-digit parts numerically and before
 *       alphanumeric parts, alphanumeric parts by ASCII; a shorter list of equal parts first
 *       ({@code alpha < alpha.1 < alpha.beta < beta.2 < beta.11 < rc.1}).</li>
 *   <li>The build suffix takes part in the order last, as raw text ({@code 1.0.0 < 1.0.0+b1}),
 *       so two values compare equal only when their strings are equal.</li>
 *   <li>Invalid versions (e.g. {@code "not a version"}) sort after all valid ones, among
 *       themselves by code point ("alphabetically").</li>
 * </ul>
 */
public final class VersionValue implements Comparable<VersionValue> {
    private static final Pattern VALID = Pattern.compile(
            "[0-9]+(?:\\.[0-9]+)*(?:-[-0-9A-Za-z]+)?(?:\\.[-0-9A-Za-z]+)*(?:\\+[.\\-0-9A-Za-z]+)?");

    private static final int NUMBER = 0x01;
    private static final int PRE_RELEASE = 0x02;
    private static final int RELEASE = 0x03;

    private final String text;
    private final byte[] key; // null for invalid versions

    private VersionValue(String text) {
        this.text = text;
        this.key = VALID.matcher(text).matches() ? encode(text) : null;
    }

    public static VersionValue of(String text) {
        return new VersionValue(Objects.requireNonNull(text, "text"));
    }

    /** Semantic comparison of two version strings. */
    public static int compare(String a, String b) {
        return of(a).compareTo(of(b));
    }

    public boolean isValid() {
        return key != null;
    }

    /**
     * A byte string whose unsigned lexicographic order is the version order: a digit group becomes
     * 0x01, its length (with the top bit set), its digits; other characters stay; the pre-release
     * starts with 0x02, a release is marked 0x03 (so pre-releases sort first); the build suffix follows.
     */
    private static byte[] encode(String v) {
        int plus = v.indexOf('+');
        String build = plus > 0 ? v.substring(plus) : null;
        String rest = plus > 0 ? v.substring(0, plus) : v;
        int dash = rest.indexOf('-');
        String pre = dash > 0 ? rest.substring(dash + 1) : null;
        String main = dash > 0 ? rest.substring(0, dash) : rest;
        ByteArrayOutputStream out = new ByteArrayOutputStream(v.length() + 8);
        digitGroups(main, out);
        if (pre != null) {
            out.write(PRE_RELEASE);
            out.write('-');
            String[] parts = pre.split("\\.", -1);
            for (int i = 0; i < parts.length; i++) {
                if (i > 0) {
                    out.write('.');
                }
                if (!parts[i].isEmpty() && parts[i].chars().allMatch(c -> c >= '0' && c <= '9')) {
                    digitGroups(parts[i], out);
                } else {
                    out.writeBytes(parts[i].getBytes(StandardCharsets.US_ASCII));
                }
            }
        } else {
            out.write(RELEASE);
        }
        if (build != null) {
            out.writeBytes(build.getBytes(StandardCharsets.US_ASCII));
        }
        return out.toByteArray();
    }

    private static void digitGroups(String s, ByteArrayOutputStream out) {
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                int start = i;
                while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                    i++;
                }
                int len = i - start;
                if (len > 127) {
                    throw new IllegalArgumentException("version digit group longer than 127: " + s);
                }
                out.write(NUMBER);
                out.write(0x80 | len);
                out.writeBytes(s.substring(start, i).getBytes(StandardCharsets.US_ASCII));
            } else {
                out.write(c);
                i++;
            }
        }
    }

    @Override
    public int compareTo(VersionValue o) {
        if (key != null && o.key != null) {
            return Integer.signum(Arrays.compareUnsigned(key, o.key));
        }
        if (key != null) {
            return -1;
        }
        if (o.key != null) {
            return 1;
        }
        return Integer.signum(Values.compareStrings(text, o.text));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VersionValue v && v.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
