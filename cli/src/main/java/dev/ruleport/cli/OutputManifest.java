package dev.ruleport.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import dev.ruleport.io.AtomicFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one {@code convert --out DIR} run wrote, kept in {@code DIR/.ruleport-manifest.json} as each file's path
 * (relative to {@code DIR}) and the SHA-256 of the bytes written. At the end of a run, the files an earlier run's
 * manifest lists that this run did not write are removed, so stale outputs (a lossy file from an earlier
 * {@code --lossy} run, a rule since deleted) are never left beside fresh ones. A listed file whose content has
 * changed since ruleport wrote it is kept and named; a file no manifest lists is never touched.
 */
final class OutputManifest {
    static final String FILE_NAME = ".ruleport-manifest.json";
    // the streaming parser and generator alone: ObjectMapper's set-up would cost a tenth of a second of every run;
    // the 4,000 file names are read once, not worth keeping in the parser's table of names
    private static final JsonFactory JSON = JsonFactory.builder().disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES).build();

    private final Path root;
    private final Map<String, String> written = new TreeMap<>();

    OutputManifest(Path root) {
        this.root = root;
    }

    Path root() { return root; }

    /** Writes a file under the root atomically (left alone when it already holds the text) and records it. */
    void write(Path file, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        AtomicFiles.writeIfChanged(file, bytes);
        written.put(relative(file), sha256(bytes));
    }

    /** Whether this run has written any file yet. */
    boolean wroteAny() { return !written.isEmpty(); }

    /** Whether this run wrote the file. */
    boolean wrote(Path file) { return written.containsKey(relative(file)); }

    private String relative(Path file) {
        Path rel = root.toAbsolutePath().normalize().relativize(file.toAbsolutePath().normalize());
        if (rel.startsWith("..")) throw new IllegalArgumentException(file + " is not under " + root);
        return rel.toString().replace('\\', '/');
    }

    /**
     * Removes what the earlier run's manifest lists and this run did not write (unless changed since), then writes
     * this run's manifest. {@code complete} false (the run stopped early): nothing is removed, and the new manifest
     * keeps the earlier entries too, so a later complete run still knows them. Each removal and each kept file is
     * said on {@code err}. Returns the number of files removed.
     */
    int finish(boolean complete, PrintWriter err, String command) throws IOException {
        Path manifest = root.resolve(FILE_NAME);
        Map<String, String> previous = read(manifest, err, command);
        Map<String, String> next = new TreeMap<>(written);
        int removed = 0;
        for (Map.Entry<String, String> e : previous.entrySet()) {
            String rel = e.getKey();
            if (written.containsKey(rel)) continue;
            Path file = safeResolve(rel);
            if (file == null || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) continue;
            if (!complete) {
                next.put(rel, e.getValue());
                continue;
            }
            if (!sha256(Files.readAllBytes(file)).equals(e.getValue())) {
                err.println(command + ": kept " + file + ": an earlier run wrote it, but it has been changed since");
                continue;
            }
            Files.delete(file);
            removed++;
            err.println(command + ": removed " + file + ": an earlier run wrote it, this run did not");
        }
        AtomicFiles.writeIfChanged(manifest, (json(next) + "\n").getBytes(StandardCharsets.UTF_8));
        return removed;
    }

    /** The manifest document, laid out as ObjectMapper's INDENT_OUTPUT lays it out (the same pretty printer). */
    static String json(Map<String, String> files) throws IOException {
        StringWriter text = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(text)) {
            g.setPrettyPrinter(new DefaultPrettyPrinter());
            g.writeStartObject();
            g.writeStringField("about", "files ruleport convert wrote here (path: SHA-256); the next run removes those it does not write again");
            g.writeObjectFieldStart("files");
            for (Map.Entry<String, String> e : files.entrySet()) g.writeStringField(e.getKey(), e.getValue());
            g.writeEndObject();
            g.writeEndObject();
        }
        return text.toString();
    }

    /** A manifest path inside the root, or null for one that would leave it (never followed). */
    private Path safeResolve(String rel) {
        Path base = root.toAbsolutePath().normalize();
        Path p = base.resolve(rel).normalize();
        return p.startsWith(base) && !p.equals(base) ? p : null;
    }

    private static Map<String, String> read(Path manifest, PrintWriter err, String command) {
        Map<String, String> out = new TreeMap<>();
        if (!Files.isRegularFile(manifest)) return out;
        try (JsonParser p = JSON.createParser(manifest.toFile())) {
            return files(p);
        } catch (IOException e) {
            err.println(command + ": " + manifest + " cannot be read (" + e.getMessage().lines().findFirst().orElse("")
                    + "); no earlier output is removed");
        }
        return out;
    }

    /**
     * The string entries of the document's {@code files} object, read as a tree read would: the whole first value
     * is parsed (a syntax error anywhere gives no entries), a repeated key counts with its last value, what follows
     * the first value is not read, an empty file is no entries.
     */
    static Map<String, String> files(JsonParser p) throws IOException {
        Map<String, String> last = new TreeMap<>();
        if (p.nextToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return last;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            boolean isFiles = p.currentName().equals("files");
            JsonToken value = p.nextToken();
            if (isFiles) last = new TreeMap<>();
            if (isFiles && value == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    if (p.nextToken() == JsonToken.VALUE_STRING) {
                        last.put(name, p.getText());
                    } else {
                        last.remove(name);
                        p.skipChildren();
                    }
                }
            } else {
                p.skipChildren();
            }
        }
        return last;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
