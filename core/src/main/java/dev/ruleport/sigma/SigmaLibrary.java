package dev.ruleport.sigma;

import dev.ruleport.diag.SourceText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * The other Sigma files given together with a rule: filters (which apply to the rules they name, wherever those
 * are) and rules a correlation names by id or name from another file. Built once from the input files; a file
 * is parsed only when its text can hold what is looked for (a top-level {@code filter:} key, or the reference).
 * Files that are not valid YAML are skipped here; they are reported when read as rules. Immutable.
 */
public final class SigmaLibrary {
    public static final SigmaLibrary EMPTY = new SigmaLibrary(Map.of(), List.of());

    private static final Pattern FILTER_KEY = Pattern.compile("(?m)^filter\\s*:");

    private final Map<Path, String> texts;
    private final List<SigmaReader.Doc> filters;

    private SigmaLibrary(Map<Path, String> texts, List<SigmaReader.Doc> filters) {
        this.texts = texts;
        this.filters = List.copyOf(filters);
    }

    /** The library of these YAML files (other files are ignored); unreadable files are left out. */
    public static SigmaLibrary of(List<Path> files) {
        Map<Path, String> texts = new LinkedHashMap<>();
        List<SigmaReader.Doc> filters = new ArrayList<>();
        for (Path f : files) {
            if (!isYaml(f)) continue;
            String text;
            try {
                text = Files.readString(f, StandardCharsets.UTF_8);
            } catch (IOException | RuntimeException e) {
                continue;
            }
            texts.put(f, text);
            if (FILTER_KEY.matcher(text).find()) {
                for (SigmaReader.Doc d : docs(f, text)) if (d.has("filter") && !d.has("detection")) filters.add(d);
            }
        }
        return new SigmaLibrary(Map.copyOf(texts), filters);
    }

    static boolean isYaml(Path p) {
        String n = p.getFileName() == null ? "" : p.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return n.endsWith(".yml") || n.endsWith(".yaml");
    }

    /** True when every document of the file is a Sigma filter (such a file holds no rule of its own). */
    public static boolean onlyFilters(Path file, String text) {
        if (!FILTER_KEY.matcher(text).find()) return false;
        List<SigmaReader.Doc> docs = docs(file, text);
        return !docs.isEmpty() && docs.stream().allMatch(d -> d.has("filter") && !d.has("detection") && !d.has("correlation"));
    }

    List<SigmaReader.Doc> filters() { return filters; }

    /** The rule or correlation with this id or name in one of the files, or null. */
    SigmaReader.Doc find(String ref) {
        for (Map.Entry<Path, String> e : texts.entrySet()) {
            if (!e.getValue().contains(ref)) continue;
            for (SigmaReader.Doc d : docs(e.getKey(), e.getValue())) {
                if (ref.equals(d.str("id")) || ref.equals(d.str("name"))) return d;
            }
        }
        return null;
    }

    private static List<SigmaReader.Doc> docs(Path file, String text) {
        List<SigmaReader.Doc> out = new ArrayList<>();
        try {
            SourceText source = SourceText.of(file.toString(), text);
            for (Node n : YamlTree.composeAll(text)) {
                if (n instanceof MappingNode m) out.add(new SigmaReader.Doc(source, m));
            }
        } catch (YamlTree.Malformed e) {
            return List.of();
        }
        return out;
    }
}
