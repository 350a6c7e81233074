package dev.ruleport.kql;

import dev.ruleport.UsageException;
import dev.ruleport.backend.RenderingBackend;
import dev.ruleport.backend.TranslateOptions;
import dev.ruleport.backend.Translation;
import dev.ruleport.lower.LoweredRule;
import dev.ruleport.lower.ProfileReverse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The KQL (Kusto: Microsoft Sentinel, Defender XDR, Azure Data Explorer) backend: one {@code .kql} text per
 * rule, or a refusal naming each construct it cannot express; with setting {@code format} ({@link KqlFormat}) the
 * same query packaged for deployment: a Sentinel analytic rule ({@code sentinel}), one ARM template for all the
 * rules ({@code sentinel-arm}, see {@link #bundleFile}) or a Defender XDR custom detection ({@code defender}, for
 * profiles of Defender XDR's device tables only). Immutable and thread-safe.
 */
public final class KqlBackend extends RenderingBackend {
    public static final String TARGET = "kql";

    @Override public String target() { return TARGET; }

    @Override public String defaultProfile() { return "kql-ecs"; }

    @Override public String extension() { return "kql"; }

    @Override public Map<String, String> settings() {
        return Map.of("format", "query (default): one query per rule; sentinel: a Sentinel analytic rule (YAML) per rule;"
                + " sentinel-arm: one ARM template for all rules; defender: a Defender XDR custom detection (JSON) per rule");
    }

    @Override public void check(Map<String, String> settings, ProfileReverse profile) {
        String name = settings.get("format");
        if (name == null) return;
        KqlFormat format = KqlFormat.named(name).orElseThrow(() -> new UsageException(
                "unknown KQL format '" + name + "'; formats: " + KqlFormat.names()));
        if (format == KqlFormat.DEFENDER && !defenderTables(profile)) {
            throw new UsageException("--format defender writes Defender XDR custom detections, which query the device tables:"
                    + " use --profile kql-defender-xdr (profile " + profile.profileName() + " queries " + tables(profile) + ")");
        }
    }

    /** Whether every log source of the profile is one of Defender XDR advanced hunting's device tables. */
    static boolean defenderTables(ProfileReverse profile) {
        List<String> tables = tables(profile);
        return !tables.isEmpty() && tables.stream().allMatch(t -> t.startsWith("Device"));
    }

    private static List<String> tables(ProfileReverse profile) {
        return profile.attributeValues("table");
    }

    @Override public Optional<String> bundleFile(Map<String, String> settings) {
        return KqlFormat.SENTINEL_ARM.label().equals(settings.get("format")) ? Optional.of(KqlFormat.ARM_TEMPLATE_FILE) : Optional.empty();
    }

    @Override public String bundle(List<Translation> parts, Map<String, String> settings) {
        List<String> resources = new ArrayList<>();
        for (Translation t : parts) if (t.ok()) resources.add(t.text());
        return Deployables.armTemplate(resources);
    }

    @Override public Translation render(LoweredRule rule, TranslateOptions options) {
        Translation query = KqlWriter.translate(rule, options.measured());
        KqlFormat format = KqlFormat.named(options.setting("format", "query")).orElse(null);
        if (format == null) {
            dev.ruleport.backend.Refusals r = dev.ruleport.backend.Refusals.of(rule, TARGET);
            r.fatal(null, dev.ruleport.lower.Reason.SETTING, "unknown KQL format '" + options.setting("format", "")
                    + "'; formats: " + KqlFormat.names());
            return r.finish(null, null);
        }
        return Deployables.packaged(rule, query, format);
    }
}
