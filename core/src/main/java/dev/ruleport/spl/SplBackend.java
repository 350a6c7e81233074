package dev.ruleport.spl;

import dev.ruleport.backend.Backend;
import dev.ruleport.backend.CompiledRule;
import dev.ruleport.backend.Refusals;
import dev.ruleport.backend.TranslateOptions;
import dev.ruleport.backend.Translation;
import dev.ruleport.loader.Rule;
import dev.ruleport.mapping.MappingProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The Splunk backend: one SPL search per rule ({@code format=query}, the default, file {@code <rule>.spl}), or
 * one {@code savedsearches.conf} stanza ({@code format=savedsearches}, file {@code <rule>.conf}). The query
 * starts with the rule's metadata as {@code ```comments```}; under lossy output every approximation is listed
 * there as a {@code LOSSY} comment line. Refusals carry the code {@code SPL}.
 */
public final class SplBackend implements Backend {
    public static final String CODE = "SPL";

    @Override public String target() { return "spl"; }

    @Override public String defaultProfile() { return "splunk-ecs"; }

    @Override
    public Translation translate(CompiledRule compiled, TranslateOptions options) {
        Rule rule = compiled.rule();
        MappingProfile profile = options.profile() != null ? options.profile() : MappingProfile.load(defaultProfile());
        String format = options.setting("format", "query");
        Refusals refusals = new Refusals(rule, CODE, options.lossy());
        if (!format.equals("query") && !format.equals("savedsearches")) {
            refusals.fatal(null, "unknown SPL format '" + format + "': use format=query or format=savedsearches");
            return refusals.finish(target(), profile.name(), null, null);
        }
        if (!"spl".equals(profile.target()) && !"any".equals(profile.target())) {
            refusals.fatal(null, "profile " + profile.name() + " is for target " + profile.target() + ", not spl");
            return refusals.finish(target(), profile.name(), null, null);
        }
        SplWriter writer = new SplWriter(rule, profile, refusals);
        List<String> body = writer.write(compiled.query());
        if (body == null || refusals.refused()) return refusals.finish(target(), profile.name(), null, null);

        List<String> lines = new ArrayList<>(metadata(rule, profile, writer));
        for (String loss : refusals.losses()) lines.add("``` LOSSY " + SplStrings.commentText(loss) + " ```");
        lines.addAll(body);
        String spl = String.join("\n", lines) + "\n";
        String base = fileBase(rule);
        if (format.equals("savedsearches")) {
            return refusals.finish(target(), profile.name(), SavedSearches.stanza(rule, lines), base + ".conf");
        }
        return refusals.finish(target(), profile.name(), spl, base + ".spl");
    }

    static List<String> metadata(Rule rule, MappingProfile profile, SplWriter writer) {
        List<String> out = new ArrayList<>();
        out.add(comment("ruleport: " + rule.name()));
        for (String c : dev.ruleport.backend.Credit.lines(rule)) out.add(comment(c));
        List<String> ids = new ArrayList<>();
        if (rule.ruleId() != null) ids.add("rule_id " + rule.ruleId());
        if (rule.severity() != null) ids.add("severity " + rule.severity());
        if (rule.riskScore() != null) ids.add("risk_score " + rule.riskScore());
        if (!ids.isEmpty()) out.add(comment(String.join(", ", ids)));
        out.add(comment("profile " + profile.name() + ", log source " + String.join(" + ", writer.logsources())));
        List<String> mitre = new ArrayList<>();
        for (Rule.Threat t : rule.threats() == null ? List.<Rule.Threat>of() : rule.threats()) {
            if (t.tactic() != null) mitre.add(t.tactic().id() + " " + t.tactic().name());
            for (Rule.Technique tech : t.techniques() == null ? List.<Rule.Technique>of() : t.techniques()) {
                mitre.add(tech.id() + " " + tech.name());
                if (tech.subtechniques() != null) for (Rule.Reference s : tech.subtechniques()) mitre.add(s.id() + " " + s.name());
            }
        }
        if (!mitre.isEmpty()) out.add(comment("mitre: " + String.join("; ", mitre)));
        return out;
    }

    static String comment(String text) {
        return "``` " + SplStrings.commentText(text) + " ```";
    }

    static String fileBase(Rule rule) {
        return rule.file() == null ? "rule" : dev.ruleport.backend.Backends.baseName(rule.file());
    }
}
