package dev.ruleport.backend;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The targets ruleport writes, by the name the CLI uses. */
public final class Backends {
    private static final Map<String, Backend> ALL = new LinkedHashMap<>();

    static {
        register(new dev.ruleport.sigma.SigmaBackend());
        register(new dev.ruleport.kql.KqlBackend());
        register(new dev.ruleport.spl.SplBackend());
        register(new dev.ruleport.javagen.JavaBackend());
        register(new EqlBackend());
    }

    private Backends() {}

    private static void register(Backend b) { ALL.put(b.target(), b); }

    public static Optional<Backend> byName(String target) { return Optional.ofNullable(ALL.get(target)); }

    public static List<String> names() { return new ArrayList<>(ALL.keySet()); }

    public static List<Backend> all() { return new ArrayList<>(ALL.values()); }

    /** The rule file's name without folders and without its extension: the stem of every output file. */
    public static String baseName(String ruleFile) {
        if (ruleFile == null) return "rule";
        String name = Path.of(ruleFile).getFileName().toString();
        for (String ext : List.of(".toml", ".yml", ".yaml")) {
            if (name.toLowerCase(java.util.Locale.ROOT).endsWith(ext) && name.length() > ext.length()) {
                return name.substring(0, name.length() - ext.length());
            }
        }
        return name;
    }
}
