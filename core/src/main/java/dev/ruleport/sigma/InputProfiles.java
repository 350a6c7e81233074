package dev.ruleport.sigma;

import dev.ruleport.lower.ProfileReverse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which profile a Sigma rule's names are read through. By default the built-in Sigma profile that has the rule's
 * log source ({@code product: windows} → {@code sigma-windows}, {@code product: aws} → {@code sigma-cloud}, ...);
 * a rule that declares another {@code taxonomy} (such as {@code ecs}) is read through the profile of that name;
 * {@code --input-profile} overrides both. Under an identity profile (ECS names kept) the log source still means
 * what the built-in profile that knows it says. A log source no profile knows is refused with the reason listed
 * in {@code unread-logsources.tsv} when there is one (typically: Elastic has no integration for the product, so
 * there are no ECS fields to read its events as). Immutable; {@link #builtIn()} is shared.
 */
final class InputProfiles {
    /**
     * How one rule is read: field names through {@code names}, the log source through {@code sources} (null: no
     * profile says what it means); or {@code refusal}, a sentence saying why no profile reads it.
     */
    record Choice(ProfileReverse names, ProfileReverse sources, String refusal) {
        static Choice refused(String why) { return new Choice(null, null, why); }
    }

    private final ProfileReverse fixed;
    private final List<ProfileReverse> sigmaProfiles;
    private final Map<String, String> unread;

    private InputProfiles(ProfileReverse fixed, List<ProfileReverse> sigmaProfiles, Map<String, String> unread) {
        this.fixed = fixed;
        this.sigmaProfiles = sigmaProfiles;
        this.unread = unread;
    }

    private static final class Holder {
        static final InputProfiles BUILT_IN = load(null);
    }

    /** Every built-in Sigma profile, chosen per rule. */
    static InputProfiles builtIn() { return Holder.BUILT_IN; }

    /** One profile for every rule (the user's {@code --input-profile}); log sources an identity profile cannot say come from the built-ins. */
    static InputProfiles fixed(ProfileReverse profile) {
        InputProfiles b = builtIn();
        return new InputProfiles(profile, b.sigmaProfiles, b.unread);
    }

    private static InputProfiles load(ProfileReverse fixed) {
        return new InputProfiles(fixed, List.copyOf(ProfileReverse.builtInsOf("sigma")), readUnread());
    }

    /** The profile for a rule, or why none reads it. */
    Choice choose(Map<String, String> logsource, String taxonomy) {
        ProfileReverse names = fixed;
        if (names == null && taxonomy != null && !taxonomy.equalsIgnoreCase("sigma")) {
            Optional<ProfileReverse> named = ProfileReverse.builtIn(taxonomy);
            if (named.isEmpty()) {
                return Choice.refused("taxonomy " + taxonomy + " names no built-in profile; pass --input-profile with a profile "
                        + "for its field names");
            }
            names = named.get();
        }
        ProfileReverse byLogsource = null;
        for (ProfileReverse p : sigmaProfiles) {
            if (!p.logsources(logsource).isEmpty()) { byLogsource = p; break; }
        }
        if (names == null) {
            if (byLogsource == null) return Choice.refused(refusal(logsource));
            return new Choice(byLogsource, byLogsource, null);
        }
        if (!names.identity() || !names.logsources(logsource).isEmpty()) return new Choice(names, names, null);
        return new Choice(names, byLogsource, null); // sources null: the log source adds no restriction (the reader notes it)
    }

    private String refusal(Map<String, String> logsource) {
        String why = null;
        for (String key : List.of("product", "category", "service")) {
            String v = logsource.get(key);
            if (v != null && why == null) why = unread.get(key + ":" + v.toLowerCase(Locale.ROOT));
        }
        List<String> known = new ArrayList<>();
        for (ProfileReverse p : sigmaProfiles) known.add(p.profileName());
        return "no input profile reads log source " + describe(logsource) + (why != null ? ": " + why
                : " (built-in Sigma profiles: " + String.join(", ", known) + "; pass --input-profile with one that has it)");
    }

    static String describe(Map<String, String> logsource) {
        List<String> parts = new ArrayList<>();
        logsource.forEach((k, v) -> { if (!k.equals("definition")) parts.add(k + ": " + v); });
        return "{" + String.join(", ", parts) + "}";
    }

    private static Map<String, String> readUnread() {
        String resource = "dev/ruleport/sigma/unread-logsources.tsv";
        Map<String, String> out = new LinkedHashMap<>();
        try (InputStream in = InputProfiles.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) return Map.of();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] f = line.split("\t", 2);
                if (f.length == 2) out.put(f[0].strip().toLowerCase(Locale.ROOT), f[1].strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.copyOf(out);
    }
}
