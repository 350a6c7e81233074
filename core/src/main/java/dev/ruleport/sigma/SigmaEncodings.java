package dev.ruleport.sigma;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The value-rewriting modifiers of the Sigma specification: {@code windash} and the encodings ({@code utf16le},
 * {@code wide}, {@code utf16be}, {@code utf16}, {@code base64}, {@code base64offset}), applied in the order the
 * rule writes them.
 */
final class SigmaEncodings {
    private SigmaEncodings() {}

    /** The characters {@code windash} makes interchangeable: hyphen-minus, slash, en dash, em dash, horizontal bar. */
    static final String DASHES = "-/\u2013\u2014\u2015";

    /** Every value {@code windash} stands for: each dash character of the literal parts replaced by each of the five, independently. */
    static List<SigmaString> windash(SigmaString s) {
        List<List<SigmaString.Part>> variants = new ArrayList<>();
        variants.add(new ArrayList<>());
        for (SigmaString.Part p : s.parts()) {
            if (p.isWildcard()) {
                for (List<SigmaString.Part> v : variants) v.add(p);
                continue;
            }
            String text = p.text();
            List<StringBuilder> texts = new ArrayList<>();
            texts.add(new StringBuilder());
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (DASHES.indexOf(c) < 0) {
                    for (StringBuilder t : texts) t.append(c);
                    continue;
                }
                List<StringBuilder> next = new ArrayList<>();
                for (StringBuilder t : texts) {
                    for (int d = 0; d < DASHES.length(); d++) next.add(new StringBuilder(t).append(DASHES.charAt(d)));
                }
                texts = next;
            }
            List<List<SigmaString.Part>> next = new ArrayList<>();
            for (List<SigmaString.Part> v : variants) {
                for (StringBuilder t : texts) {
                    List<SigmaString.Part> copy = new ArrayList<>(v);
                    copy.add(SigmaString.Part.literal(t.toString()));
                    next.add(copy);
                }
            }
            variants = next;
        }
        List<SigmaString> out = new ArrayList<>();
        for (List<SigmaString.Part> v : variants) out.add(SigmaString.of(v));
        return out;
    }

    /** How many dash characters {@code windash} would vary in the value. */
    static int dashCount(SigmaString s) {
        int n = 0;
        for (SigmaString.Part p : s.parts()) {
            if (p.isWildcard()) continue;
            for (int i = 0; i < p.text().length(); i++) if (DASHES.indexOf(p.text().charAt(i)) >= 0) n++;
        }
        return n;
    }

    /** The bytes of a text under one of the encoding modifiers; UTF-8 for {@code null}. */
    static byte[] bytes(String text, String encoding) {
        return switch (encoding == null ? "utf8" : encoding) {
            case "utf16le", "wide" -> text.getBytes(StandardCharsets.UTF_16LE);
            case "utf16be" -> text.getBytes(StandardCharsets.UTF_16BE);
            case "utf16" -> { // byte order mark FF FE, then little-endian, as the specification's example shows
                byte[] le = text.getBytes(StandardCharsets.UTF_16LE);
                byte[] out = new byte[le.length + 2];
                out[0] = (byte) 0xFF;
                out[1] = (byte) 0xFE;
                System.arraycopy(le, 0, out, 2, le.length);
                yield out;
            }
            default -> text.getBytes(StandardCharsets.UTF_8);
        };
    }

    static String base64(byte[] bytes) { return Base64.getEncoder().encodeToString(bytes); }

    /**
     * The three texts that the value's base64 contains wherever the value sits in a longer encoded string: after
     * 0, 1 or 2 bytes of a 3-byte group. Characters that also encode neighbouring bytes are cut off: with the
     * value 1 (2) bytes into a group, the first 2 (3) characters involve the bytes before it; a last group
     * holding 1 (2) of the value's bytes leaves 1 (2) characters that involve the bytes after it, plus padding.
     */
    static List<String> base64offset(byte[] value) {
        List<String> out = new ArrayList<>();
        int[] cutStart = {0, 2, 3};
        for (int shift = 0; shift < 3; shift++) {
            byte[] shifted = new byte[value.length + shift];
            System.arraycopy(value, 0, shifted, shift, value.length);
            String encoded = base64(shifted);
            int tail = (value.length + shift) % 3;
            int cutEnd = tail == 0 ? 0 : tail == 1 ? 3 : 2;
            int end = encoded.length() - cutEnd;
            String text = end > cutStart[shift] ? encoded.substring(cutStart[shift], end) : "";
            if (!text.isEmpty() && !out.contains(text)) out.add(text);
        }
        return out;
    }
}
