package dev.ruleport.match;

import com.palantir.javapoet.JavaFile;
import dev.ruleport.compile.CompiledRule;
import dev.ruleport.runtime.Event;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Compiled rule classes kept on disk between runs, so that only the first {@code match} over a set of
 * rules pays for generating and compiling them. An entry is keyed by a SHA-256 of everything its
 * classes are made from: the rule files' names and text in order, and the bytes of the code that
 * generates and runs them (ruleport's own jar or classes, JavaPoet). Entries are single files written
 * atomically; an unreadable one is a miss. Nothing is ever evicted: delete the folder to clear it.
 */
final class ClassCache {
    private static final int MAGIC = 0x52504d31; // "RPM1"

    /** What a compilation produced: the classes, each rule's class (null: interpreted, with the reason), the rule set. */
    record Entry(Map<String, byte[]> classes, List<String> ruleClasses, List<String> reasons, String ruleSet) {}

    private ClassCache() {}

    static String key(List<CompiledRule> rules) {
        MessageDigest sha = sha256();
        update(sha, "ruleport match classes v1");
        Set<Path> code = new LinkedHashSet<>();
        for (Class<?> c : List.of(ClassCache.class, Event.class, JavaFile.class)) code.add(location(c));
        for (Path p : code) hashCode(sha, p);
        for (CompiledRule r : rules) {
            update(sha, r.rule().file());
            update(sha, r.rule().querySource().fileText());
            // a Sigma rule's query also depends on the input profile it was read with
            update(sha, dev.ruleport.print.EqlPrinter.print(r.query()));
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    static Entry read(Path dir, String key) {
        Path file = dir.resolve(key + ".classes");
        if (!Files.isRegularFile(file)) return null;
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            if (in.readInt() != MAGIC) return null;
            String ruleSet = in.readUTF();
            int rules = in.readInt();
            List<String> ruleClasses = new ArrayList<>();
            List<String> reasons = new ArrayList<>();
            for (int i = 0; i < rules; i++) {
                String cls = in.readUTF();
                String reason = in.readUTF();
                ruleClasses.add(cls.isEmpty() ? null : cls);
                reasons.add(cls.isEmpty() ? reason : null);
            }
            int count = in.readInt();
            Map<String, byte[]> classes = new HashMap<>();
            for (int i = 0; i < count; i++) {
                String name = in.readUTF();
                byte[] bytes = new byte[in.readInt()];
                in.readFully(bytes);
                classes.put(name, bytes);
            }
            return new Entry(classes, ruleClasses, reasons, ruleSet.isEmpty() ? null : ruleSet);
        } catch (IOException | RuntimeException e) {
            return null; // a damaged entry is compiled again and replaced
        }
    }

    /** Writes an entry; a cache that cannot be written is no error (the next run compiles again). */
    static void write(Path dir, String key, Entry entry) {
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, key, ".tmp");
            try {
                try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
                    out.writeInt(MAGIC);
                    out.writeUTF(entry.ruleSet() == null ? "" : entry.ruleSet());
                    out.writeInt(entry.ruleClasses().size());
                    for (int i = 0; i < entry.ruleClasses().size(); i++) {
                        String cls = entry.ruleClasses().get(i);
                        out.writeUTF(cls == null ? "" : cls);
                        out.writeUTF(cls == null ? truncate(entry.reasons().get(i)) : "");
                    }
                    out.writeInt(entry.classes().size());
                    for (Map.Entry<String, byte[]> c : entry.classes().entrySet()) {
                        out.writeUTF(c.getKey());
                        out.writeInt(c.getValue().length);
                        out.write(c.getValue());
                    }
                }
                try {
                    Files.move(tmp, dir.resolve(key + ".classes"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, dir.resolve(key + ".classes"), StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException | RuntimeException e) {
            // not cached
        }
    }

    /** writeUTF takes at most 65535 bytes. */
    private static String truncate(String s) {
        return s.length() > 8000 ? s.substring(0, 8000) : s;
    }

    private static Path location(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            throw new IllegalStateException("cannot locate the code of " + c, e);
        }
    }

    /** A jar's bytes, or a class folder's files (names and bytes, in name order). */
    private static void hashCode(MessageDigest sha, Path p) {
        try {
            if (Files.isRegularFile(p)) {
                hashFile(sha, p);
                return;
            }
            try (Stream<Path> files = Files.walk(p)) {
                for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                    update(sha, p.relativize(f).toString());
                    hashFile(sha, f);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + p, e);
        }
    }

    private static void hashFile(MessageDigest sha, Path f) throws IOException {
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(f)) {
            for (int n; (n = in.read(buf)) > 0; ) sha.update(buf, 0, n);
        }
    }

    private static void update(MessageDigest sha, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        sha.update(new byte[] {(byte) (b.length >>> 24), (byte) (b.length >>> 16), (byte) (b.length >>> 8), (byte) b.length});
        sha.update(b);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
