package dev.ruleport.runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * A CIDR block such as {@code 10.0.0.0/8} or {@code fe80::/10}, in the 16-byte address space of
 * {@link Ip}: an IPv4 block {@code a.b.c.d/n} is the IPv4-mapped block {@code ::ffff:a.b.c.d/(96+n)},
 * so it contains {@code "::ffff:10.1.2.3"} as well as {@code "10.1.2.3"}, and never a native IPv6
 * address. Host bits after the prefix are ignored ({@code 10.1.2.3/8} is {@code 10.0.0.0/8}). A
 * literal without {@code /n} is a single address.
 */
public final class Cidr {
    private final Ip network;     // host bits cleared
    private final int prefix;     // 0..128 in the 16-byte space
    private final String text;

    private Cidr(Ip network, int prefix, String text) {
        this.network = network;
        this.prefix = prefix;
        this.text = text;
    }

    /** @throws IllegalArgumentException when {@code text} is not a CIDR block or address */
    public static Cidr parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("null CIDR");
        }
        int slash = text.indexOf('/');
        String addr = slash < 0 ? text : text.substring(0, slash);
        Ip ip = Ip.tryParse(addr);
        if (ip == null) {
            throw new IllegalArgumentException("'" + text + "' is not a CIDR block: bad address");
        }
        boolean v4 = addr.indexOf(':') < 0;
        int max = v4 ? 32 : 128;
        int bits = max;
        if (slash >= 0) {
            String p = text.substring(slash + 1);
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new IllegalArgumentException("'" + text + "' is not a CIDR block: bad prefix length");
            }
            bits = Integer.parseInt(p);
            if (bits > max) {
                throw new IllegalArgumentException("'" + text + "' is not a CIDR block: prefix length above " + max);
            }
        }
        int prefix = v4 ? 96 + bits : bits;
        byte[] b = ip.toBytes();
        for (int i = 0; i < 16; i++) {
            int keep = Math.max(0, Math.min(8, prefix - 8 * i));
            b[i] &= (byte) (0xff << (8 - keep));
        }
        return new Cidr(Ip.ofBytes(b), prefix, text);
    }

    /** Parses several blocks. */
    public static List<Cidr> parseAll(String... texts) {
        List<Cidr> out = new ArrayList<>(texts.length);
        for (String t : texts) {
            out.add(parse(t));
        }
        return List.copyOf(out);
    }

    public boolean contains(Ip ip) {
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (ip.byteAt(i) != network.byteAt(i)) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (ip.byteAt(full) & mask) == (network.byteAt(full) & mask);
    }

    /**
     * EQL {@code cidrMatch(value, blocks...)} over precompiled blocks: null when the value is null or
     * not an IP address (a malformed value cannot be in an {@code ip} field: Elasticsearch rejects it
     * or, with {@code ignore_malformed}, leaves the field missing), else whether any block contains it.
     */
    public static Boolean matchAny(Object value, List<Cidr> blocks) {
        Ip ip = value instanceof Ip i ? i : value instanceof String s ? Ip.tryParse(s) : null;
        if (ip == null) {
            return null;
        }
        for (Cidr c : blocks) {
            if (c.contains(ip)) {
                return Boolean.TRUE;
            }
        }
        return Boolean.FALSE;
    }

    /** The network address (host bits cleared). */
    public Ip network() {
        return network;
    }

    /** Prefix length in the 16-byte space (IPv4 blocks are 96 + n). */
    public int prefixLength() {
        return prefix;
    }

    /** The text as given to {@link #parse}. */
    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && c.prefix == prefix && c.network.equals(network);
    }

    @Override
    public int hashCode() {
        return network.hashCode() * 31 + prefix;
    }
}
