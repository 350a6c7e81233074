package dev.ruleport;

import dev.ruleport.backend.Backend;
import dev.ruleport.backend.Backends;
import dev.ruleport.backend.CompiledRule;
import dev.ruleport.backend.TranslateOptions;
import dev.ruleport.backend.Translation;
import dev.ruleport.compile.Frontend;
import dev.ruleport.interpret.Interpreter;
import dev.ruleport.interpret.InterpreterOptions;
import dev.ruleport.mapping.MappingProfile;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The library entry point: immutable and thread-safe once built.
 *
 * <pre>{@code
 * Ruleport ruleport = Ruleport.builder().profile("kql", "kql-defender-xdr").build();
 * Ruleport.Result result = ruleport.compile(Path.of("rules/lsass_clone.toml"), "sigma", "kql");
 * for (Translation t : result.translations().values()) System.out.println(t.text());
 * result.diagnostics().forEach(d -> System.err.println(d.render()));
 * }</pre>
 */
public final class Ruleport {
    private final Map<String, String> profiles;
    private final boolean lossy;
    private final Map<String, String> settings;
    private final Map<String, MappingProfile> loadedProfiles = new ConcurrentHashMap<>();
    private final Frontend.Options frontend;

    private Ruleport(Builder b) {
        this.profiles = Map.copyOf(b.profiles);
        this.lossy = b.lossy;
        this.settings = Map.copyOf(b.settings);
        this.frontend = b.inputProfile == null ? Frontend.Options.defaults()
                : new Frontend.Options(new dev.ruleport.sigma.SigmaReader(MappingProfile.load(b.inputProfile)), null);
    }

    public static Builder builder() { return new Builder(); }

    /** Front end and every requested target for one rule file. */
    public record Result(Frontend.Outcome frontend, Map<String, Translation> translations) {
        public List<dev.ruleport.diag.Diagnostic> diagnostics() {
            List<dev.ruleport.diag.Diagnostic> all = new java.util.ArrayList<>(frontend.diagnostics());
            translations.values().forEach(t -> all.addAll(t.diagnostics()));
            return all;
        }

        public boolean ok() {
            return frontend.status() == Frontend.Status.OK && translations.values().stream().allMatch(Translation::ok);
        }
    }

    /** Loads and checks a rule file (Elastic {@code .toml} or Sigma {@code .yml}); no translation. */
    public Frontend.Outcome check(Path ruleFile) { return Frontend.compile(ruleFile, frontend); }

    /** Compiles a rule file (Elastic {@code .toml} or Sigma {@code .yml}) to the given targets ({@link Backends#names()}). */
    public Result compile(Path ruleFile, String... targets) {
        Frontend.Outcome o = Frontend.compile(ruleFile, frontend);
        Map<String, Translation> out = new LinkedHashMap<>();
        if (o.status() == Frontend.Status.OK) {
            CompiledRule rule = new CompiledRule(o.rule(), o.query());
            for (String t : targets) out.put(t, translate(rule, t));
        }
        return new Result(o, out);
    }

    /** Translates an already compiled rule to one target with this instance's profile and options. */
    public Translation translate(CompiledRule rule, String target) {
        Backend backend = Backends.byName(target)
                .orElseThrow(() -> new IllegalArgumentException("unknown target " + target + "; known: " + Backends.names()));
        String profileName = profiles.getOrDefault(target, backend.defaultProfile());
        return backend.translate(rule, new TranslateOptions(profile(profileName), lossy, settings));
    }

    /** The reference interpreter for a rule (category field taken from the rule). */
    public Interpreter interpreter(CompiledRule rule) {
        return Interpreter.compile(rule.query(), rule.rule().querySource(),
                InterpreterOptions.defaults().withCategoryField(rule.rule().categoryField()));
    }

    private MappingProfile profile(String nameOrPath) {
        return loadedProfiles.computeIfAbsent(nameOrPath, MappingProfile::load);
    }

    public static final class Builder {
        private final Map<String, String> profiles = new HashMap<>();
        private final Map<String, String> settings = new HashMap<>();
        private boolean lossy;
        private String inputProfile;

        /**
         * The profile Sigma rules' field names are read through (built-in name or YAML path); by default each rule's
         * through the built-in Sigma profile of its product.
         */
        public Builder inputProfile(String nameOrPath) {
            this.inputProfile = nameOrPath;
            return this;
        }

        /** The profile (built-in name or YAML path) to use for one target. */
        public Builder profile(String target, String nameOrPath) {
            profiles.put(target, nameOrPath);
            return this;
        }

        /** Allow approximations; each is written visibly into the output. */
        public Builder lossy(boolean allow) {
            this.lossy = allow;
            return this;
        }

        /** A backend setting, e.g. {@code format=savedsearches} for SPL, {@code package=...} for Java. */
        public Builder setting(String key, String value) {
            settings.put(key, value);
            return this;
        }

        public Ruleport build() { return new Ruleport(this); }
    }
}
