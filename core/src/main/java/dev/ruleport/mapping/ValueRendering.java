package dev.ruleport.mapping;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How the target writes some values of a field differently from ECS, declared in a profile, so that a test of the
 * ECS value can be translated into a test of what the target stores, exactly. Three kinds, any combination:
 * <ul>
 *   <li>{@code values_as}: the field takes only the listed ECS values, each written as the given target value
 *       (Sysmon's Initiated {@code true}/{@code false} for ECS network.direction {@code egress}/{@code ingress});</li>
 *   <li>{@code numbers}: an unsigned decimal number may also be written in these {@link java.util.Formatter} forms,
 *       with one {@code %08x} (the number, below 2^32) or two (its high and low 32 bits); the ECS value of such a text
 *       is the number ({@code DWORD (0x00000001)} is ECS {@code "1"}); any other text is its own ECS value;</li>
 *   <li>{@code missing}: the target writes this text where the source lacks the field (CIM calculated fields write
 *       {@code unknown}): the text reads as a missing field.</li>
 * </ul>
 *
 * @param values  ECS value to target value; empty when the field's values are written as they are
 * @param numbers forms of a number; empty when none
 * @param missing the text standing for a missing field; null when none
 */
public record ValueRendering(Map<String, String> values, List<String> numbers, String missing) {
    private static final Pattern DECIMAL = Pattern.compile("0|[1-9][0-9]*");
    private static final BigInteger TWO_32 = BigInteger.ONE.shiftLeft(32);

    public ValueRendering {
        values = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
        numbers = List.copyOf(numbers);
        for (String f : numbers) {
            int n = conversions(f);
            if (n < 1 || n > 2) throw new IllegalArgumentException("a number form needs one or two %08x, not: " + f);
        }
    }

    private static int conversions(String form) {
        return form.split("%08x", -1).length - 1;
    }

    /** The forms the target may write the decimal {@code value} in besides itself; empty when it is no such number. */
    public List<String> numberForms(String value) {
        List<String> out = new ArrayList<>();
        if (!DECIMAL.matcher(value).matches()) return out;
        BigInteger n = new BigInteger(value);
        for (String f : numbers) {
            if (conversions(f) == 1) {
                if (n.compareTo(TWO_32) < 0) out.add(String.format(Locale.ROOT, f, n.longValue()));
            } else if (n.bitLength() <= 64) {
                out.add(String.format(Locale.ROOT, f, n.shiftRight(32).longValue(), n.mod(TWO_32).longValue()));
            }
        }
        return out;
    }

    /** Whether {@code text} is a number form (case-insensitive): its ECS value is then the number, never the text. */
    public boolean isNumberForm(String text) {
        for (String f : numbers) {
            if (formPattern(f).matcher(text).matches()) return true;
        }
        return false;
    }

    /** A number form as a case-insensitive pattern, a group for each {@code %08x}. */
    private static Pattern formPattern(String form) {
        StringBuilder re = new StringBuilder("(?i)");
        String[] parts = form.split("%08x", -1);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) re.append("([0-9a-f]{8})");
            re.append(Pattern.quote(parts[i]));
        }
        return Pattern.compile(re.toString());
    }

    /**
     * The ECS value a text the target stores stands for, the reverse of the rendering: the listed ECS value written so
     * ({@code values_as}), the decimal number a number form writes ({@code DWORD (0x00000001)} is {@code "1"}), else
     * the text itself. Null when no ECS value is written so: the field's values are listed and none is this text, or
     * the text is the one that stands for a missing field.
     *
     * @param caseSensitive whether the text is compared with the listed target values as written (a Sigma value is
     *                      compared case-insensitively unless it is {@code |cased})
     */
    public String ecsValue(String text, boolean caseSensitive) {
        if (missing != null && missing.equals(text)) return null;
        if (!values.isEmpty()) {
            for (Map.Entry<String, String> e : values.entrySet()) {
                if (caseSensitive ? e.getValue().equals(text) : e.getValue().equalsIgnoreCase(text)) return e.getKey();
            }
            return null;
        }
        for (String f : numbers) {
            java.util.regex.Matcher m = formPattern(f).matcher(text);
            if (!m.matches()) continue;
            BigInteger n = BigInteger.ZERO;
            for (int g = 1; g <= m.groupCount(); g++) n = n.shiftLeft(32).add(new BigInteger(m.group(g), 16));
            return n.toString();
        }
        return text;
    }

    /** Every character a number form can hold, lower-cased. */
    public String numberAlphabet() {
        StringBuilder sb = new StringBuilder("0123456789abcdef");
        for (String f : numbers) sb.append(f.replace("%08x", "").toLowerCase(Locale.ROOT));
        return sb.toString();
    }
}
