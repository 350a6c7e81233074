package dev.ruleport.javagen;

import com.palantir.javapoet.CodeBlock;
import java.util.ArrayList;
import java.util.List;

/**
 * Java source for string values from a rule (names, field paths, patterns, literals): every such value
 * reaches the generated code through {@link #of}, and means exactly itself there.
 *
 * <p>JavaPoet's {@code $S} is right for almost every value, and is kept for those, so generated code
 * reads as before. Two kinds it gets wrong are written here instead:
 * <ul>
 *   <li>U+2028 and U+2029 (line and paragraph separators): JavaPoet breaks the line there, inside the
 *       literal, which no longer compiles. They are written as {@code char} constants concatenated with
 *       the rest, {@code ("a" + (char) 0x2028 + "b")}: still a constant expression (so also a
 *       {@code case} label), and no Unicode escape, which javac would translate before it reads the
 *       source.</li>
 *   <li>Values longer than a class file can hold as one constant (65,535 bytes of modified UTF-8, and
 *       javac takes at most 65,534 characters; a rule's query, a long regex): they are joined at class
 *       initialisation from literals that fit, {@code String.join("", "...", "...")}, which javac does
 *       not fold back into one constant.</li>
 * </ul>
 */
final class JavaStrings {
    /** The most bytes of modified UTF-8 one class-file constant holds. */
    static final int MAX_CONSTANT_BYTES = 65_535;
    /** javac refuses a constant string of 65,535 characters or more ("constant string too long"). */
    static final int MAX_CONSTANT_CHARS = 65_534;
    /** The size of the pieces a longer string is joined from, well inside both limits. */
    private static final int CHUNK_BYTES = 60_000;

    private static final char LINE_SEPARATOR = 0x2028;
    private static final char PARAGRAPH_SEPARATOR = 0x2029;

    private JavaStrings() {}

    /** An expression whose value is {@code value} as a string ({@code null} for null). */
    static CodeBlock of(Object value) {
        if (value == null) return CodeBlock.of("null");
        String s = value.toString();
        boolean constant = isConstant(s);
        if (constant && s.indexOf(LINE_SEPARATOR) < 0 && s.indexOf(PARAGRAPH_SEPARATOR) < 0) return CodeBlock.of("$S", s);
        if (constant) return CodeBlock.of("$L", literal(s));
        List<CodeBlock> parts = new ArrayList<>();
        for (String chunk : chunks(s)) parts.add(CodeBlock.of("$L", literal(chunk)));
        return CodeBlock.of("$T.join(\"\", $L)", String.class, CodeBlock.join(parts, ",\n"));
    }

    /** True when {@code s} fits one class-file constant, so that it can be a {@code case} label. */
    static boolean isConstant(String s) {
        return s.length() <= MAX_CONSTANT_CHARS && modifiedUtf8Length(s, 0, s.length()) <= MAX_CONSTANT_BYTES;
    }

    private static long modifiedUtf8Length(String s, int from, int to) {
        long n = 0;
        for (int i = from; i < to; i++) n += bytes(s.charAt(i));
        return n;
    }

    private static int bytes(char c) {
        return c >= 0x0001 && c <= 0x007F ? 1 : c <= 0x07FF ? 2 : 3;
    }

    /** Pieces of at most {@link #CHUNK_BYTES} bytes each, never splitting a surrogate pair. */
    private static List<String> chunks(String s) {
        List<String> out = new ArrayList<>();
        int start = 0;
        int size = 0;
        for (int i = 0; i < s.length(); i++) {
            int b = bytes(s.charAt(i));
            if (size + b > CHUNK_BYTES) {
                int end = Character.isLowSurrogate(s.charAt(i)) && i > start ? i - 1 : i;
                out.add(s.substring(start, end));
                start = end;
                size = (int) modifiedUtf8Length(s, start, i);
            }
            size += b;
        }
        out.add(s.substring(start));
        return out;
    }

    /**
     * A Java constant expression for {@code s}: a double-quoted literal with the escapes JavaPoet uses,
     * the separators (and any unpaired surrogate) concatenated as {@code char} constants.
     */
    static String literal(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        boolean concatenated = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\b' -> sb.append("\\b");
                case '\t' -> sb.append("\\t");
                case '\n' -> sb.append("\\n");
                case '\f' -> sb.append("\\f");
                case '\r' -> sb.append("\\r");
                default -> {
                    boolean loneSurrogate = Character.isHighSurrogate(c)
                            ? i + 1 == s.length() || !Character.isLowSurrogate(s.charAt(i + 1))
                            : Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)));
                    if (c == LINE_SEPARATOR || c == PARAGRAPH_SEPARATOR || loneSurrogate) {
                        sb.append(String.format("\" + (char) 0x%x + \"", (int) c));
                        concatenated = true;
                    } else if (Character.isISOControl(c)) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
        return concatenated ? "(" + sb + ")" : sb.toString();
    }
}
