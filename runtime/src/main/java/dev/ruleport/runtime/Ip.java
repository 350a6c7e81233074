package dev.ruleport.runtime;

import java.util.Arrays;

/**
 * An IP address (v4 or v6) as Elasticsearch's {@code ip} field holds it: 16 bytes, with IPv4
 * stored as the IPv4-mapped IPv6 address {@code ::ffff:a.b.c.d}. So {@code "10.0.0.1"} and
 * {@code "::ffff:10.0.0.1"} are the same value, and addresses order by their 16 bytes (all IPv4
 * addresses sort between {@code ::ffff:0:0} and {@code ::ffff:ffff:ffff}).
 *
 * <p>Parsing is purely textual: no DNS, no {@code InetAddress.getByName}. Accepted: dotted-quad
 * IPv4 (four decimal parts 0..255, no leading zeros, which some parsers read as octal), and IPv6
 * with {@code ::} compression and an optional trailing dotted quad. Rejected: zone ids
 * ({@code %eth0}), brackets, prefixes (see {@link Cidr}).
 */
public final class Ip implements Comparable<Ip> {
    private final byte[] bytes;

    private Ip(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Parses an address literal. @throws IllegalArgumentException when it is not one */
    public static Ip parse(String text) {
        Ip ip = tryParse(text);
        if (ip == null) {
            throw new IllegalArgumentException("'" + text + "' is not an IP string literal");
        }
        return ip;
    }

    /** Parses an address literal, or returns null. */
    public static Ip tryParse(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        byte[] b = new byte[16];
        if (text.indexOf(':') < 0) {
            if (!parseV4(text, b, 12)) {
                return null;
            }
            b[10] = (byte) 0xff;
            b[11] = (byte) 0xff;
            return new Ip(b);
        }
        return parseV6(text, b) ? new Ip(b) : null;
    }

    private static boolean parseV4(String s, byte[] out, int offset) {
        int part = 0;
        int i = 0;
        int n = s.length();
        while (part < 4) {
            int start = i;
            int value = 0;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9' && i - start < 3) {
                value = value * 10 + (s.charAt(i) - '0');
                i++;
            }
            int len = i - start;
            if (len == 0 || value > 255 || (len > 1 && s.charAt(start) == '0')) {
                return false;
            }
            out[offset + part] = (byte) value;
            part++;
            if (part < 4) {
                if (i >= n || s.charAt(i) != '.') {
                    return false;
                }
                i++;
            }
        }
        return i == n;
    }

    private static boolean parseV6(String s, byte[] out) {
        int doubleColon = s.indexOf("::");
        if (doubleColon >= 0 && s.indexOf("::", doubleColon + 1) >= 0) {
            return false;
        }
        String head = doubleColon >= 0 ? s.substring(0, doubleColon) : s;
        String tail = doubleColon >= 0 ? s.substring(doubleColon + 2) : "";
        int[] headGroups = new int[8];
        int[] tailGroups = new int[8];
        int headCount = groups(head, headGroups, out, doubleColon < 0);
        if (headCount < 0) {
            return false;
        }
        int tailCount = 0;
        if (doubleColon >= 0) {
            tailCount = groups(tail, tailGroups, out, true);
            if (tailCount < 0 || headCount + tailCount > 7) {
                return false;
            }
        } else if (headCount != 8) {
            return false;
        }
        // an embedded IPv4 part is written into out[12..15] by groups(); it counts as two groups
        boolean v4Tail = (doubleColon >= 0 ? tail : head).indexOf('.') >= 0;
        int[] all = new int[8];
        System.arraycopy(headGroups, 0, all, 0, headCount);
        System.arraycopy(tailGroups, 0, all, 8 - tailCount, tailCount);
        int groupLimit = v4Tail ? 6 : 8;
        for (int g = 0; g < groupLimit; g++) {
            out[2 * g] = (byte) (all[g] >> 8);
            out[2 * g + 1] = (byte) all[g];
        }
        return true;
    }

    /**
     * Parses colon-separated hex groups into {@code groups}; a final dotted quad (allowed only when
     * {@code last}) goes to out[12..15] and counts as two groups. Returns the group count or -1.
     */
    private static int groups(String s, int[] groups, byte[] out, boolean last) {
        if (s.isEmpty()) {
            return 0;
        }
        String[] parts = s.split(":", -1);
        int count = 0;
        for (int p = 0; p < parts.length; p++) {
            String part = parts[p];
            if (part.indexOf('.') >= 0) {
                if (!last || p != parts.length - 1 || count > 6 || !parseV4(part, out, 12)) {
                    return -1;
                }
                groups[count++] = ((out[12] & 0xff) << 8) | (out[13] & 0xff);
                groups[count++] = ((out[14] & 0xff) << 8) | (out[15] & 0xff);
                continue;
            }
            if (part.isEmpty() || part.length() > 4 || count >= 8) {
                return -1;
            }
            int v = 0;
            for (int i = 0; i < part.length(); i++) {
                int d = Character.digit(part.charAt(i), 16);
                if (d < 0 || part.charAt(i) > 'f') {
                    return -1;
                }
                v = v * 16 + d;
            }
            groups[count++] = v;
        }
        return count;
    }

    static Ip ofBytes(byte[] sixteen) {
        return new Ip(sixteen.clone());
    }

    /** The 16-byte form (a copy). */
    public byte[] toBytes() {
        return bytes.clone();
    }

    byte byteAt(int i) {
        return bytes[i];
    }

    /** True for {@code ::ffff:a.b.c.d}, i.e. an IPv4 address. */
    public boolean isIpv4() {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
    }

    /** Orders by the 16 bytes, unsigned (Elasticsearch's ip field order). */
    public static int compare(Ip a, Ip b) {
        return a.compareTo(b);
    }

    @Override
    public int compareTo(Ip o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ip ip && Arrays.equals(bytes, ip.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** Dotted quad for IPv4, else RFC 5952 form (lower case, longest zero run as {@code ::}). */
    @Override
    public String toString() {
        if (isIpv4()) {
            return (bytes[12] & 0xff) + "." + (bytes[13] & 0xff) + "." + (bytes[14] & 0xff) + "." + (bytes[15] & 0xff);
        }
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }
}
