package dev.ruleport.javagen;

import com.palantir.javapoet.JavaFile;
import dev.ruleport.runtime.Event;
import dev.ruleport.runtime.matcher.Eval;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles generated matcher sources with {@code javax.tools} in memory, many files in one task, and
 * loads the classes (for tests, benchmarks and tools that run matchers without writing files). The
 * class path is the runtime module's location, so generated code cannot reach anything else.
 */
public final class InMemoryCompiler {
    /** What javac said, and a loader for the classes when it succeeded. */
    public record Compilation(boolean success, List<Diagnostic<? extends JavaFileObject>> diagnostics, ClassLoader loader) {
        public List<String> errors() { return messages(Diagnostic.Kind.ERROR); }

        public List<String> warnings() {
            List<String> out = messages(Diagnostic.Kind.WARNING);
            out.addAll(messages(Diagnostic.Kind.MANDATORY_WARNING));
            return out;
        }

        private List<String> messages(Diagnostic.Kind kind) {
            List<String> out = new ArrayList<>();
            for (Diagnostic<? extends JavaFileObject> d : diagnostics) {
                if (d.getKind() == kind) {
                    String file = d.getSource() == null ? "?" : d.getSource().getName();
                    out.add(file + ":" + d.getLineNumber() + ": " + d.getMessage(null));
                }
            }
            return out;
        }

        /** The class files javac wrote, by binary name (to keep or load elsewhere). */
        public Map<String, byte[]> classFiles() {
            Map<String, byte[]> out = new HashMap<>();
            if (loader instanceof MemoryClassLoader m) m.classes.forEach((name, c) -> out.put(name, c.bytes.toByteArray()));
            return out;
        }

        /** A loaded class by its fully qualified name. */
        public Class<?> load(String name) {
            try {
                return loader.loadClass(name);
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("not compiled: " + name, e);
            }
        }
    }

    private InMemoryCompiler() {}

    /** Compiles JavaPoet files (one javac task). */
    public static Compilation compileFiles(List<JavaFile> files) {
        Map<String, String> sources = new HashMap<>();
        for (JavaFile f : files) {
            String pkg = f.packageName();
            sources.put((pkg.isEmpty() ? "" : pkg + ".") + f.typeSpec().name(), f.toString());
        }
        return compile(sources);
    }

    /** Compiles sources keyed by fully qualified class name (one javac task), {@code --release 17}. */
    public static Compilation compile(Map<String, String> sources) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) throw new IllegalStateException("no system Java compiler (running on a JRE?)");
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        StandardJavaFileManager standard = javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8);
        MemoryFileManager fm = new MemoryFileManager(standard);
        List<JavaFileObject> units = new ArrayList<>();
        for (Map.Entry<String, String> e : sources.entrySet()) units.add(new Source(e.getKey(), e.getValue()));
        List<String> options = List.of("--release", "17", "-proc:none", "-Xlint:all", "-implicit:none",
                "-classpath", classPath());
        Boolean ok = javac.getTask(null, fm, diagnostics, options, null, units).call();
        ClassLoader loader = new MemoryClassLoader(fm.classes, InMemoryCompiler.class.getClassLoader());
        return new Compilation(Boolean.TRUE.equals(ok), diagnostics.getDiagnostics(), loader);
    }

    /** Where the runtime module's classes are (a folder or a jar). */
    public static String classPath() {
        Set<String> entries = new LinkedHashSet<>();
        for (Class<?> c : List.of(Event.class, Eval.class)) {
            try {
                entries.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
            } catch (URISyntaxException | RuntimeException e) {
                throw new IllegalStateException("cannot locate the runtime classes", e);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private static final class Source extends SimpleJavaFileObject {
        private final String text;

        Source(String className, String text) {
            super(URI.create("string:///" + className.replace('.', '/') + Kind.SOURCE.extension), Kind.SOURCE);
            this.text = text;
        }

        @Override public CharSequence getCharContent(boolean ignoreEncodingErrors) { return text; }
    }

    private static final class ClassBytes extends SimpleJavaFileObject {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        ClassBytes(String className) {
            super(URI.create("mem:///" + className.replace('.', '/') + Kind.CLASS.extension), Kind.CLASS);
        }

        @Override public OutputStream openOutputStream() { return bytes; }
    }

    private static final class MemoryFileManager extends ForwardingJavaFileManager<JavaFileManager> {
        final Map<String, ClassBytes> classes = new HashMap<>();

        MemoryFileManager(JavaFileManager delegate) { super(delegate); }

        @Override
        public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind, FileObject sibling)
                throws IOException {
            if (kind != JavaFileObject.Kind.CLASS) return super.getJavaFileForOutput(location, className, kind, sibling);
            ClassBytes out = new ClassBytes(className);
            classes.put(className, out);
            return out;
        }
    }

    private static final class MemoryClassLoader extends ClassLoader {
        private final Map<String, ClassBytes> classes;

        MemoryClassLoader(Map<String, ClassBytes> classes, ClassLoader parent) {
            super(parent);
            this.classes = classes;
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            ClassBytes c = classes.get(name);
            if (c == null) throw new ClassNotFoundException(name);
            byte[] b = c.bytes.toByteArray();
            return defineClass(name, b, 0, b.length);
        }
    }
}
