package dev.ruleport.match;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A strict JSON reader for the common case of an event record, straight from its bytes into {@link ObjectMap}s and
 * lists, which gives up ({@link #read} returns {@link #GIVE_UP}) on anything it does not read exactly as
 * {@link EventParser}'s Jackson path would: a byte outside ASCII (every byte of a record read is consumed by a check
 * that refuses negative bytes: in strings and keys as below 0x20, elsewhere as no token's byte), a comment, an escape it does not decode (a {@code \}u
 * escape giving a surrogate; any escape in a key), an integer of more than 18 digits, a number of more than
 * {@link #MAX_NUMBER} characters, nesting deeper than {@link #MAX_DEPTH}, and every syntax error. The caller then reads
 * the record with Jackson, so that values, errors and their positions are always Jackson's. What it reads is what
 * Jackson reads: the same keys in the same order (a repeated key keeps its first place and its last value), strings
 * with the same characters, integers as {@code Integer} when they fit, else {@code Long}, other numbers as
 * {@code Double} ({@link Double#parseDouble}, as Jackson's {@code getDoubleValue}). Keys are interned (as Jackson's
 * are), through a small cache of the keys seen. Thread-safe (an instance per call).
 */
final class QuickReader {
    /** What {@link #read} returns when the record needs Jackson. */
    static final Object GIVE_UP = new Object();

    static final int MAX_DEPTH = 200;
    static final int MAX_NUMBER = 100;
    /** Far below Jackson's limits on names (50,000) and strings (20,000,000), whose errors the reader leaves to it. */
    static final int MAX_KEY = 1_000;
    static final int MAX_STRING = 1_000_000;
    private static final int MAX_INT_DIGITS = 18;

    /** The reader cannot read the rest exactly: thrown from anywhere below {@link #read}, without a stack. */
    private static final class GiveUp extends RuntimeException {
        GiveUp() { super(null, null, false, false); }
    }

    private static final GiveUp GIVE_UP_NOW = new GiveUp();

    /** Keys seen, by a hash of their bytes: a racy cache of immutable strings (a lost write is only a miss). */
    private static final Key[] KEYS = new Key[4096];

    /** A key's bytes and its interned string. */
    private record Key(byte[] bytes, String string) {}

    private final byte[] d;
    private final int end;
    private int i;
    private int depth;
    boolean dotted;

    private QuickReader(byte[] data, int from, int to) {
        this.d = data;
        this.i = from;
        this.end = to;
    }

    /**
     * The object in {@code data[from, to)} read as {@link EventParser} reads it (keys off {@code read} left out; null:
     * all), null for a record of only whitespace, or {@link #GIVE_UP}; {@code dotted[0]} is set when a key kept has a dot.
     */
    static Object read(byte[] data, int from, int to, FieldTree read, boolean[] dotted) {
        QuickReader r = new QuickReader(data, from, to);
        try {
            r.ws();
            if (r.i == to) return null;
            if (data[r.i] != '{') return GIVE_UP;
            ObjectMap m = r.object(read);
            r.ws();
            if (r.i != to) return GIVE_UP;
            dotted[0] = r.dotted;
            return m;
        } catch (GiveUp | ArrayIndexOutOfBoundsException e) {
            return GIVE_UP;
        }
    }

    private void ws() {
        while (i < end) {
            byte b = d[i];
            if (b == ' ' || b == '\n' || b == '\r' || b == '\t') i++;
            else return;
        }
    }

    private byte peek() {
        if (i >= end) throw GIVE_UP_NOW;
        return d[i];
    }

    /** Enters an object or array at its opening byte; true (and left again) when the next byte closes it at once. */
    private boolean empty(char close) {
        if (++depth > MAX_DEPTH) throw GIVE_UP_NOW;
        i++;
        ws();
        if (peek() != close) return false;
        i++;
        depth--;
        return true;
    }

    /** After a member or element: true at ',' (whitespace after it read), false at the closing byte (left); else gives up. */
    private boolean more(char close) {
        ws();
        byte b = peek();
        i++;
        if (b == ',') {
            ws();
            return true;
        }
        if (b == close) {
            depth--;
            return false;
        }
        throw GIVE_UP_NOW;
    }

    private void expect(char c) {
        if (i >= end || d[i] != c) throw GIVE_UP_NOW;
        i++;
    }

    /** An object from its {@code {}, keys off {@code read} (when not null) skipped. */
    private ObjectMap object(FieldTree read) {
        ObjectMap m = new ObjectMap();
        if (empty('}')) return m;
        while (true) {
            expect('"');
            String key = key();
            ws();
            expect(':');
            ws();
            if (read == null) {
                if (!dotted && key.indexOf('.') >= 0) dotted = true;
                m.put(key, value(null));
            } else {
                FieldTree next = read.child(key);
                if (next == null) {
                    skip();
                } else {
                    if (!dotted && key.indexOf('.') >= 0) dotted = true;
                    m.put(key, value(next.whole() ? null : next));
                }
            }
            if (!more('}')) return m;
        }
    }

    /** A value; objects in it read in part when {@code read} is not null (arrays element by element). */
    private Object value(FieldTree read) {
        byte b = peek();
        switch (b) {
            case '{':
                return object(read);
            case '[': {
                List<Object> list = new ArrayList<>();
                if (empty(']')) return list;
                while (true) {
                    list.add(value(read));
                    if (!more(']')) return list;
                }
            }
            case '"':
                i++;
                return string();
            case 't':
                literal("true");
                return Boolean.TRUE;
            case 'f':
                literal("false");
                return Boolean.FALSE;
            case 'n':
                literal("null");
                return null;
            default:
                if (b == '-' || b >= '0' && b <= '9') return number();
                throw GIVE_UP_NOW;
        }
    }

    /** Checks a value without keeping it. */
    private void skip() {
        byte b = peek();
        switch (b) {
            case '{': {
                if (empty('}')) return;
                while (true) {
                    expect('"');
                    skipString();
                    ws();
                    expect(':');
                    ws();
                    skip();
                    if (!more('}')) return;
                }
            }
            case '[': {
                if (empty(']')) return;
                while (true) {
                    skip();
                    if (!more(']')) return;
                }
            }
            case '"':
                i++;
                skipString();
                return;
            case 't':
                literal("true");
                return;
            case 'f':
                literal("false");
                return;
            case 'n':
                literal("null");
                return;
            default:
                if (b == '-' || b >= '0' && b <= '9') {
                    numberEnd();
                    return;
                }
                throw GIVE_UP_NOW;
        }
    }

    private void literal(String word) {
        int n = word.length();
        if (i + n > end) throw GIVE_UP_NOW;
        for (int k = 0; k < n; k++) {
            if (d[i + k] != word.charAt(k)) throw GIVE_UP_NOW;
        }
        i += n;
        // "truex": Jackson reads an unquoted name on; a number or a letter right after is an error there as here
        if (i < end && !delimiter(d[i])) throw GIVE_UP_NOW;
    }

    private static boolean delimiter(byte b) {
        return b == ',' || b == '}' || b == ']' || b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }

    /** A key from after its opening quote: without escapes, interned. */
    private String key() {
        int from = i;
        int h = 0;
        while (true) {
            if (i >= end) throw GIVE_UP_NOW;
            byte b = d[i];
            if (b == '"') break;
            if (b == '\\' || b < 0x20) throw GIVE_UP_NOW;
            h = 31 * h + b;
            i++;
        }
        int n = i - from;
        if (n > MAX_KEY) throw GIVE_UP_NOW;
        i++;
        int slot = (h ^ (h >>> 12)) & (KEYS.length - 1);
        Key cached = KEYS[slot];
        if (cached != null && java.util.Arrays.equals(cached.bytes, 0, cached.bytes.length, d, from, from + n)) return cached.string;
        String key = new String(d, from, n, StandardCharsets.ISO_8859_1).intern();
        KEYS[slot] = new Key(java.util.Arrays.copyOfRange(d, from, from + n), key);
        return key;
    }

    /** A string from after its opening quote. */
    private String string() {
        int from = i;
        while (true) {
            if (i >= end) throw GIVE_UP_NOW;
            byte b = d[i];
            if (b == '"') {
                if (i - from > MAX_STRING) throw GIVE_UP_NOW;
                String s = new String(d, from, i - from, StandardCharsets.ISO_8859_1);
                i++;
                return s;
            }
            if (b == '\\') break;
            if (b < 0x20) throw GIVE_UP_NOW;
            i++;
        }
        // escapes (Windows paths have many): decoded into the thread's buffer while every character is Latin-1; the
        // decoded string is never longer than the rest of the record
        if (buffer == null) {
            buffer = BUFFERS.get();
            if (buffer.length < end - from) {
                buffer = new byte[Math.max(end - from, 2 * buffer.length)];
                BUFFERS.set(buffer);
            }
        }
        byte[] out = buffer;
        int n = i - from;
        System.arraycopy(d, from, out, 0, n);
        while (true) {
            if (i >= end) throw GIVE_UP_NOW;
            byte b = d[i++];
            if (b == '"') {
                if (i - from > MAX_STRING) throw GIVE_UP_NOW;
                return new String(out, 0, n, StandardCharsets.ISO_8859_1);
            }
            if (b < 0x20) throw GIVE_UP_NOW;
            if (b != '\\') {
                out[n++] = b;
                continue;
            }
            char c = escape();
            if (c > 0xFF) return wide(out, n, c, from);
            out[n++] = (byte) c;
        }
    }

    /** The rest of a string holding {@code c}, a character beyond Latin-1, after the {@code n} decoded in {@code out}. */
    private String wide(byte[] out, int n, char c, int from) {
        StringBuilder sb = new StringBuilder(n + 16);
        for (int k = 0; k < n; k++) sb.append((char) (out[k] & 0xFF));
        sb.append(c);
        while (true) {
            if (i >= end) throw GIVE_UP_NOW;
            byte b = d[i++];
            if (b == '"') {
                if (i - from > MAX_STRING) throw GIVE_UP_NOW;
                return sb.toString();
            }
            if (b < 0x20) throw GIVE_UP_NOW;
            sb.append(b == '\\' ? escape() : (char) b);
        }
    }

    private byte[] buffer;

    /** Each thread's buffer for decoding escapes, grown to the longest record with one. */
    private static final ThreadLocal<byte[]> BUFFERS = ThreadLocal.withInitial(() -> new byte[4096]);

    /** The character of the escape after a backslash. */
    private char escape() {
        if (i >= end) throw GIVE_UP_NOW;
        byte e = d[i++];
        switch (e) {
            case '"': return '"';
            case '\\': return '\\';
            case '/': return '/';
            case 'b': return '\b';
            case 'f': return '\f';
            case 'n': return '\n';
            case 'r': return '\r';
            case 't': return '\t';
            case 'u': {
                if (i + 4 > end) throw GIVE_UP_NOW;
                int c = 0;
                for (int k = 0; k < 4; k++) {
                    int h = hex(d[i + k]);
                    if (h < 0) throw GIVE_UP_NOW;
                    c = (c << 4) | h;
                }
                i += 4;
                if (Character.isSurrogate((char) c)) throw GIVE_UP_NOW;
                return (char) c;
            }
            default:
                throw GIVE_UP_NOW;
        }
    }

    private static int hex(byte b) {
        if (b >= '0' && b <= '9') return b - '0';
        if (b >= 'a' && b <= 'f') return b - 'a' + 10;
        if (b >= 'A' && b <= 'F') return b - 'A' + 10;
        return -1;
    }

    private void skipString() {
        int from = i;
        while (true) {
            if (i >= end) throw GIVE_UP_NOW;
            byte b = d[i++];
            if (b == '"') {
                if (i - from > MAX_STRING) throw GIVE_UP_NOW;
                return;
            }
            if (b < 0x20) throw GIVE_UP_NOW;
            if (b == '\\') escape();
        }
    }

    /** Past a number of JSON's grammar; the position after it, checked to end at a delimiter. Sets {@link #fraction}. */
    private int numberEnd() {
        int from = i;
        fraction = false;
        if (d[i] == '-') i++;
        if (i >= end) throw GIVE_UP_NOW;
        byte b = d[i];
        if (b == '0') {
            i++;
        } else if (b >= '1' && b <= '9') {
            while (i < end && d[i] >= '0' && d[i] <= '9') i++;
        } else {
            throw GIVE_UP_NOW;
        }
        if (i < end && d[i] == '.') {
            fraction = true;
            i++;
            int digits = i;
            while (i < end && d[i] >= '0' && d[i] <= '9') i++;
            if (i == digits) throw GIVE_UP_NOW;
        }
        if (i < end && (d[i] == 'e' || d[i] == 'E')) {
            fraction = true;
            i++;
            if (i < end && (d[i] == '+' || d[i] == '-')) i++;
            int digits = i;
            while (i < end && d[i] >= '0' && d[i] <= '9') i++;
            if (i == digits) throw GIVE_UP_NOW;
        }
        if (i - from > MAX_NUMBER || i < end && !delimiter(d[i])) throw GIVE_UP_NOW;
        return i;
    }

    private boolean fraction;

    private Object number() {
        int from = i;
        numberEnd();
        if (fraction) return Double.parseDouble(new String(d, from, i - from, StandardCharsets.ISO_8859_1));
        boolean negative = d[from] == '-';
        int k = negative ? from + 1 : from;
        if (i - k > MAX_INT_DIGITS) throw GIVE_UP_NOW;
        long v = 0;
        for (; k < i; k++) v = 10 * v + (d[k] - '0');
        if (negative) v = -v;
        if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) return (int) v;
        return v;
    }
}
