package dev.ruleport.match;

import dev.ruleport.javagen.InMemoryCompiler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Compiles generated matcher sources to class bytes. javac runs in a child JVM limited to the C1
 * compiler: in the long-lived {@code match} process the JIT's C2 compiler would spend about twice
 * javac's own time optimising javac, which runs once (measured: 16 CPU-s against 6 for the 317
 * Windows corpus rules). Without a {@code javac} beside the running JVM, it runs in process.
 */
final class Javac {
    /** The classes by binary name, or which classes javac rejected (class name to first error). */
    record Output(Map<String, byte[]> classes, Map<String, String> rejected, String firstError) {
        boolean ok() { return firstError == null; }
    }

    private static final Pattern ERROR = Pattern.compile("^(.+?\\.java):(\\d+): error: (.*)$", Pattern.MULTILINE);

    private Javac() {}

    /** Compiles {@code sources} (fully qualified class name to text) in one javac run. */
    static Output compile(Map<String, String> sources) {
        Path javac = Path.of(System.getProperty("java.home"), "bin", "javac");
        if (!Files.isExecutable(javac)) return inProcess(sources);
        Path work = null;
        try {
            work = Files.createTempDirectory("ruleport-javac");
            Path src = work.resolve("src");
            Path out = Files.createDirectories(work.resolve("classes"));
            Map<String, String> classOfFile = new HashMap<>();
            List<String> args = new ArrayList<>(List.of("--release", "17", "-proc:none", "-implicit:none", "-nowarn",
                    "-encoding", "UTF-8", "-classpath", InMemoryCompiler.classPath(), "-d", out.toString()));
            for (Map.Entry<String, String> e : sources.entrySet()) {
                Path file = src.resolve(e.getKey().replace('.', '/') + ".java");
                Files.createDirectories(file.getParent());
                Files.writeString(file, e.getValue(), StandardCharsets.UTF_8);
                classOfFile.put(file.toString(), e.getKey());
                args.add(file.toString());
            }
            Path argFile = work.resolve("args");
            StringBuilder sb = new StringBuilder();
            for (String a : args) sb.append('"').append(a.replace("\\", "\\\\").replace("\"", "\\\"")).append("\"\n");
            Files.writeString(argFile, sb.toString(), StandardCharsets.UTF_8);
            Path log = work.resolve("log");
            Process p = new ProcessBuilder(javac.toString(), "-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC", "-J-Xss4m",
                    "@" + argFile).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            int exit = p.waitFor();
            String messages = Files.readString(log, StandardCharsets.UTF_8);
            if (exit != 0) {
                Map<String, String> rejected = new LinkedHashMap<>();
                Matcher m = ERROR.matcher(messages);
                String first = null;
                while (m.find()) {
                    String cls = classOfFile.get(m.group(1));
                    if (first == null) first = m.group(3);
                    if (cls != null) rejected.putIfAbsent(cls, m.group(3));
                }
                return new Output(Map.of(), rejected, first != null ? first : "javac exited with " + exit + ": " + messages.strip());
            }
            return new Output(read(out), Map.of(), null);
        } catch (IOException e) {
            return new Output(Map.of(), Map.of(), "cannot run javac: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Output(Map.of(), Map.of(), "interrupted");
        } finally {
            if (work != null) delete(work);
        }
    }

    private static Output inProcess(Map<String, String> sources) {
        InMemoryCompiler.Compilation c = InMemoryCompiler.compile(sources);
        if (c.success()) return new Output(c.classFiles(), Map.of(), null);
        Map<String, String> rejected = new LinkedHashMap<>();
        for (javax.tools.Diagnostic<? extends javax.tools.JavaFileObject> d : c.diagnostics()) {
            if (d.getKind() != javax.tools.Diagnostic.Kind.ERROR || d.getSource() == null) continue;
            String path = d.getSource().toUri().getPath();
            rejected.putIfAbsent(path.substring(1, path.length() - ".java".length()).replace('/', '.'), d.getMessage(null));
        }
        return new Output(Map.of(), rejected, c.errors().isEmpty() ? "javac failed" : c.errors().get(0));
    }

    /** Every class file under {@code dir} by binary name. */
    static Map<String, byte[]> read(Path dir) throws IOException {
        Map<String, byte[]> out = new HashMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                String rel = dir.relativize(f).toString();
                out.put(rel.substring(0, rel.length() - ".class".length()).replace(f.getFileSystem().getSeparator(), "."),
                        Files.readAllBytes(f));
            }
        }
        return out;
    }

    static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) Files.deleteIfExists(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Defines classes from their bytes, on demand. */
    static final class BytesLoader extends ClassLoader {
        private final Map<String, byte[]> classes;

        BytesLoader(Map<String, byte[]> classes, ClassLoader parent) {
            super(parent);
            this.classes = classes;
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] b = classes.get(name);
            if (b == null) throw new ClassNotFoundException(name);
            return defineClass(name, b, 0, b.length);
        }
    }
}
