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
 *       (Sysmon's Initiated {@code true}/{@code false} for ECS network.direction {@code egress}/{@code ingress});
 *       with {@code values_open: true} the field may also take other ECS values: the listed ones are written only as
 *       their listed texts and no other value is written as a listed text, so every other text the target stores
 *       stands for some ECS value that is not listed (Sysmon's IntegrityLevel {@code High} for Elastic Defend's
 *       {@code high}, and {@code AppContainer} for a level Defend's four names do not cover);</li>
 *   <li>{@code numbers}: an unsigned decimal number may also be written in these {@link java.util.Formatter} forms,
 *       with one {@code %08x} (the number, below 2^32) or two (its high and low 32 bits), or one {@code %x} (the number
 *       in hexadecimal without leading zeros: Windows Security events write process ids as {@code 0x1f4}); the ECS value
 *       of such a text is the number ({@code DWORD (0x00000001)} is ECS {@code "1"}); any other text is its own ECS
 *       value;</li>
 *   <li>{@code missing}: the target writes this text where the source lacks the field (CIM calculated fields write
 *       {@code unknown}): the text reads as a missing field.</li>
 * </ul>
 *
 * @param values  ECS value to target value; empty when the field's values are written as they are
 * @param numbers forms of a number; empty when none
 * @param missing the text standing for a missing field; null when none
 * @param open    whether the field may take ECS values beyond the listed ones ({@code values_open})
 */
public record ValueRendering(Map<String, String> values, List<String> numbers, String missing, boolean open) {
    private static final Pattern DECIMAL = Pattern.compile("0|[1-9][0-9]*");
    private static final BigInteger TWO_32 = BigInteger.ONE.shiftLeft(32);

    public ValueRendering {
        values = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
        numbers = List.copyOf(numbers);
        for (String f : numbers) {
            int n = conversions(f);
            int bare = bareConversions(f);
            if (!(bare == 0 && (n == 1 || n == 2) || bare == 1 && n == 0)) {
                throw new IllegalArgumentException("a number form needs one or two %08x, or one %x, not: " + f);
            }
        }
        if (open && values.isEmpty()) throw new IllegalArgumentException("values_open needs the listed values (values_as)");
        if (open && !numbers.isEmpty()) throw new IllegalArgumentException("values_open does not go with numbers_as");
        if (open && missing != null && values.containsValue(missing)) {
            throw new IllegalArgumentException("the missing text " + missing + " is also a listed text");
        }
    }

    /** A closed rendering (or none of {@code values_as}). */
    public ValueRendering(Map<String, String> values, List<String> numbers, String missing) {
        this(values, numbers, missing, false);
    }

    /**
     * The text the target writes for the ECS value {@code ecs} of a field with listed values: its listed text; for an
     * open rendering, an unlisted value is written as some text that is none of the listed ones (the value itself,
     * unless it is a listed text ignoring case, then marked so that it is not); null when the field cannot hold it
     * (a closed rendering and a value not listed).
     */
    public String targetText(String ecs) {
        String listed = values.get(canonical(ecs));
        if (listed != null || !open) return listed;
        String t = ecs;
        while (listedIgnoringCase(values.values(), t)) t = "~" + t;
        return t;
    }

    /**
     * The text the target stores for the ECS value {@code ecs}, one the field can hold ({@link #canHold}): its listed
     * text ({@code values_as}; for an open rendering an unlisted value is no listed text), else a number in the first
     * number form ({@code numbers_as}), else the value itself. What a round trip's rows hold under the ECS name.
     */
    public String storedText(String ecs) {
        if (!values.isEmpty()) return targetText(ecs);
        List<String> forms = numberForms(ecs);
        return forms.isEmpty() ? ecs : forms.get(0);
    }

    /** Whether the field can hold the ECS value {@code ecs}: a listed value (any, when open), no number form, not the missing text. */
    public boolean canHold(String ecs) {
        if (!values.isEmpty() && targetText(ecs) == null) return false;
        if (isNumberForm(ecs)) return false;
        return !ecs.equals(missing);
    }

    /**
     * The ECS value as the field can hold it: for an open rendering the unlisted values differ from the listed ones
     * even ignoring case (the source names its values in one case: Elastic Defend's integrity levels are lower case),
     * so a value that is a listed one but for case is that listed value; any other value is itself.
     */
    public String canonical(String ecs) {
        if (!open || values.containsKey(ecs)) return ecs;
        for (String k : values.keySet()) if (k.equalsIgnoreCase(ecs)) return k;
        return ecs;
    }

    /** Whether {@code text} is one of {@code texts} ignoring case. */
    private static boolean listedIgnoringCase(java.util.Collection<String> texts, String text) {
        for (String x : texts) if (x.equalsIgnoreCase(text)) return true;
        return false;
    }

    private static int conversions(String form) {
        return form.split("%08x", -1).length - 1;
    }

    /** The {@code %x} conversions of a form (hexadecimal without leading zeros). */
    private static int bareConversions(String form) {
        return form.replace("%08x", "").split("%x", -1).length - 1;
    }

    /** Whether the rendering only names a text for a missing field ({@code missing_as}): present values are as they are. */
    public boolean missingOnly() {
        return missing != null && values.isEmpty() && numbers.isEmpty();
    }

    /** The forms the target may write the decimal {@code value} in besides itself; empty when it is no such number. */
    public List<String> numberForms(String value) {
        List<String> out = new ArrayList<>();
        if (!DECIMAL.matcher(value).matches()) return out;
        BigInteger n = new BigInteger(value);
        for (String f : numbers) {
            if (bareConversions(f) == 1) {
                if (n.bitLength() <= 64) out.add(String.format(Locale.ROOT, f, n));
            } else if (conversions(f) == 1) {
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
        boolean bare = bareConversions(form) == 1;
        String[] parts = form.split(bare ? "%x" : "%08x", -1);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) re.append(bare ? "(0|[1-9a-f][0-9a-f]{0,15})" : "([0-9a-f]{8})");
            re.append(Pattern.quote(parts[i]));
        }
        return Pattern.compile(re.toString());
    }

    /**
     * The ECS value a text the target stores stands for, the reverse of the rendering: the listed ECS value written so
     * ({@code values_as}), the decimal number a number form writes ({@code DWORD (0x00000001)} is {@code "1"}), else
     * the text itself. Null when no ECS value is written so: the field's values are listed (closed) and none is this
     * text, or the text is the one that stands for a missing field. For an open rendering a text that is no listed
     * one stands for an unlisted ECS value: one is made up that is no listed value ignoring case (the text itself,
     * marked when it is a listed value ignoring case), which every test the lowering translates decides alike.
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
            if (!open) return null;
            String t = text;
            while (listedIgnoringCase(values.keySet(), t)) t = "~" + t;
            return t;
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
