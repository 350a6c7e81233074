package dev.ruleport.spl;

import dev.ruleport.backend.Backends;
import dev.ruleport.backend.OutputHeader;
import dev.ruleport.backend.Refusals;
import dev.ruleport.backend.RenderingBackend;
import dev.ruleport.backend.TranslateOptions;
import dev.ruleport.backend.Translation;
import dev.ruleport.lower.LoweredRule;
import dev.ruleport.lower.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Splunk backend: one SPL search per rule ({@code format=query}, the default, file {@code <rule>.spl}), or
 * one {@code savedsearches.conf} stanza ({@code format=savedsearches}, file {@code <rule>.conf}; a run joins them into one
 * {@code savedsearches.conf}, {@link #bundleFile}). The query
 * starts with the rule's metadata as {@code ```comments```}; under lossy output every approximation is listed
 * there as a {@code LOSSY} comment line.
 */
public final class SplBackend extends RenderingBackend {
    public static final String TARGET = "spl";

    @Override public String target() { return TARGET; }

    @Override public String defaultProfile() { return "splunk-ecs"; }

    /** Its own profiles, and the identity profile (ECS names kept), which tests the language translation alone. */
    @Override public boolean accepts(dev.ruleport.lower.ProfileReverse profile) {
        return TARGET.equals(profile.target()) || "any".equals(profile.target());
    }

    @Override public String extension() { return "spl"; }

    @Override public Map<String, String> settings() {
        return Map.of("format", "query (default): one search per rule; savedsearches: a savedsearches.conf stanza per rule");
    }

    @Override public void check(Map<String, String> settings, dev.ruleport.lower.ProfileReverse profile) {
        String format = settings.get("format");
        if (format != null && !format.equals("query") && !format.equals("savedsearches")) {
            throw new dev.ruleport.UsageException("unknown SPL format '" + format + "'; formats: query, savedsearches");
        }
    }

    /** With {@code format=savedsearches}, a run's stanzas go into one {@code savedsearches.conf}. */
    @Override public java.util.Optional<String> bundleFile(Map<String, String> settings) {
        return "savedsearches".equals(settings.get("format")) ? java.util.Optional.of(SavedSearches.FILE) : java.util.Optional.empty();
    }

    @Override public String bundle(List<Translation> parts, Map<String, String> settings) {
        List<String> stanzas = new ArrayList<>();
        for (Translation t : parts) if (t.ok()) stanzas.add(t.text());
        return SavedSearches.file(stanzas);
    }

    @Override
    public Translation render(LoweredRule lowered, TranslateOptions options) {
        Refusals refusals = Refusals.of(lowered, TARGET);
        String format = options.setting("format", "query");
        if (!format.equals("query") && !format.equals("savedsearches")) {
            refusals.fatal(null, Reason.SETTING, "unknown SPL format '" + format + "': use format=query or format=savedsearches");
            return refusals.finish(null, null);
        }
        SplWriter writer = new SplWriter(lowered, refusals);
        List<String> body = writer.write();
        if (body == null || refusals.refused()) return refusals.finish(null, null);
        List<String> equivalences = new ArrayList<>(lowered.equivalences());
        for (String e : writer.equivalences) if (!equivalences.contains(e)) equivalences.add(e);

        List<String> lines = new ArrayList<>();
        for (String line : OutputHeader.lines(lowered.rule(), lowered.profile().name(), lowered.logsourceIds(),
                lowered.fieldLines(), refusals, equivalences, options.measured())) {
            lines.add(comment(line));
        }
        lines.addAll(body);
        String base = Backends.baseName(lowered.rule().file());
        if (format.equals("savedsearches")) {
            return refusals.finish(SavedSearches.stanza(lowered.rule(), lines), base + ".conf", equivalences);
        }
        return refusals.finish(String.join("\n", lines) + "\n", base + ".spl", equivalences);
    }

    static String comment(String text) {
        return "``` " + SplStrings.commentText(text) + " ```";
    }
}
