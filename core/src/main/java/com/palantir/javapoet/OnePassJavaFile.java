package com.palantir.javapoet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import javax.lang.model.element.Modifier;

/**
 * A Java file whose text is JavaPoet's ({@link JavaFile#toString()}) written in one pass instead of two.
 *
 * <p>{@code JavaFile.toString()} emits the whole class twice: once into nothing, only to collect the types it can
 * import, then for real. Which types those are depends only on the class names the file refers to, not on the text, so
 * this class finds them by walking the type's members and code blocks (no formatting, no line splitting) with the rules
 * of JavaPoet's {@code CodeWriter.lookupName} for a top-level class, then emits once through JavaPoet's own writer with
 * those imports. Lives in JavaPoet's package because that writer and the emitting methods are package-private.
 *
 * <p>What the walk does not model falls back to {@code JavaFile.toString()}: kinds other than a plain class, nested or
 * anonymous types, type variables, annotated type names, sealed classes, names that JavaFile qualifies always, file
 * comments with arguments, and two importable classes of one simple name (JavaPoet keeps the first it meets, so the
 * order of the walk would matter). Not thread-safe for one instance; instances are cheap.
 */
public final class OnePassJavaFile {
    private final String packageName;
    private final TypeSpec typeSpec;
    private final String fileComment;
    private final String indent;
    private final boolean skipJavaLangImports;

    private OnePassJavaFile(String packageName, TypeSpec typeSpec, String fileComment, String indent,
            boolean skipJavaLangImports) {
        this.packageName = Objects.requireNonNull(packageName, "packageName");
        this.typeSpec = Objects.requireNonNull(typeSpec, "typeSpec");
        this.fileComment = Objects.requireNonNull(fileComment, "fileComment");
        this.indent = Objects.requireNonNull(indent, "indent");
        this.skipJavaLangImports = skipJavaLangImports;
    }

    /**
     * The file of {@code typeSpec} in {@code packageName}, as {@code JavaFile.builder(packageName, typeSpec)
     * .skipJavaLangImports(skipJavaLangImports).addFileComment(fileComment).indent(indent)} would build it
     * ({@code fileComment} is a JavaPoet format without arguments; empty for none).
     */
    public static OnePassJavaFile of(String packageName, TypeSpec typeSpec, String fileComment, String indent,
            boolean skipJavaLangImports) {
        return new OnePassJavaFile(packageName, typeSpec, fileComment, indent, skipJavaLangImports);
    }

    public String packageName() { return packageName; }

    public TypeSpec typeSpec() { return typeSpec; }

    /** The same file as JavaPoet's {@link JavaFile}. */
    public JavaFile javaFile() {
        JavaFile.Builder b = JavaFile.builder(packageName, typeSpec).skipJavaLangImports(skipJavaLangImports).indent(indent);
        if (!fileComment.isEmpty()) b.addFileComment(fileComment);
        return b.build();
    }

    /** The text of {@link #javaFile()}: exactly {@code javaFile().toString()}. */
    @Override
    public String toString() {
        String text = onePass();
        return text != null ? text : javaFile().toString();
    }

    /** The text written in one pass, or null when the file has something the import walk does not model. */
    String onePass() {
        CodeBlock comment = fileComment.isEmpty() ? CodeBlock.builder().build() : CodeBlock.of(fileComment);
        if (!comment.args().isEmpty()) return null;
        Imports imports = new Imports(packageName, typeSpec.name());
        if (!imports.type(typeSpec)) return null;
        StringBuilder out = new StringBuilder(4096);
        try {
            CodeWriter w = new CodeWriter(out, indent, imports.suggested(), Collections.emptySet(), Collections.emptySet());
            // as JavaFile.emit
            w.pushPackage(packageName);
            if (!comment.isEmpty()) w.emitComment(comment);
            if (!packageName.isEmpty()) {
                w.emit("package $L;\n", packageName);
                w.emit("\n");
            }
            int imported = 0;
            for (ClassName className : new TreeSet<>(w.importedTypes().values())) {
                if (skipJavaLangImports && className.packageName().equals("java.lang")) continue;
                w.emit("import $L;\n", className.withoutAnnotations());
                imported++;
            }
            if (imported > 0) w.emit("\n");
            typeSpec.emit(w, null, Collections.emptySet());
            w.popPackage();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /**
     * The imports JavaPoet's first pass would suggest for a top-level class: every class name looked up (in code and
     * Javadoc alike) that is neither the class itself, nor named like it, nor in its package, minus the simple names
     * of classes of its package that the file refers to.
     */
    private static final class Imports {
        private final String packageName;
        private final String topName;
        private final String topCanonical;
        private final Map<String, ClassName> importable = new HashMap<>();
        private final Set<String> referenced = new HashSet<>();

        Imports(String packageName, String topName) {
            this.packageName = packageName;
            this.topName = topName;
            this.topCanonical = packageName.isEmpty() ? topName : packageName + "." + topName;
        }

        Map<String, ClassName> suggested() {
            Map<String, ClassName> result = new LinkedHashMap<>(importable);
            result.keySet().removeAll(referenced);
            return result;
        }

        /** False when the type has something this walk does not model. */
        boolean type(TypeSpec t) {
            if (t.kind() != TypeSpec.Kind.CLASS || t.name() == null || t.anonymousTypeArguments() != null) return false;
            if (!t.typeSpecs().isEmpty() || !t.typeVariables().isEmpty() || !t.alwaysQualifiedNames().isEmpty()
                    || !t.enumConstants().isEmpty()) return false;
            for (Modifier m : t.modifiers()) if (m.name().equals("SEALED") || m.name().equals("NON_SEALED")) return false;
            if (!javadoc(t.javadoc()) || !annotations(t.annotations())) return false;
            if (!t.superclass().equals(ClassName.OBJECT) && !typeName(t.superclass())) return false;
            for (TypeName i : t.superinterfaces()) if (!typeName(i)) return false;
            for (FieldSpec f : t.fieldSpecs()) {
                if (!javadoc(f.javadoc()) || !annotations(f.annotations()) || !typeName(f.type()) || !code(f.initializer())) {
                    return false;
                }
            }
            if (!code(t.staticBlock()) || !code(t.initializerBlock())) return false;
            for (MethodSpec m : t.methodSpecs()) if (!method(m)) return false;
            return true;
        }

        private boolean method(MethodSpec m) {
            if (!m.typeVariables().isEmpty()) return false;
            if (!javadoc(m.javadoc()) || !annotations(m.annotations())) return false;
            if (!m.isConstructor() && !typeName(m.returnType())) return false;
            for (ParameterSpec p : m.parameters()) {
                if (!javadoc(p.javadoc()) || !annotations(p.annotations()) || !typeName(p.type())) return false;
            }
            for (TypeName e : m.exceptions()) if (!typeName(e)) return false;
            return code(m.defaultValue()) && code(m.code());
        }

        private boolean annotations(List<AnnotationSpec> annotations) {
            for (AnnotationSpec a : annotations) if (!annotation(a)) return false;
            return true;
        }

        private boolean annotation(AnnotationSpec a) {
            if (!typeName(a.type())) return false;
            for (List<CodeBlock> values : a.members().values()) for (CodeBlock v : values) if (!code(v)) return false;
            return true;
        }

        /** Javadoc: JavaPoet 0.22 looks names up there as in code (it imports a class named only in Javadoc). */
        private boolean javadoc(CodeBlock block) {
            return code(block);
        }

        private boolean code(CodeBlock block) {
            if (block == null) return true;
            List<String> parts = block.formatParts();
            List<Object> args = block.args();
            int a = 0;
            for (String part : parts) {
                if (part.length() != 2 || part.charAt(0) != '$') continue;
                switch (part.charAt(1)) {
                    case 'L' -> {
                        Object o = args.get(a++);
                        if (o instanceof TypeSpec) return false;
                        if (o instanceof AnnotationSpec s && !annotation(s)) return false;
                        if (o instanceof CodeBlock c && !code(c)) return false;
                    }
                    case 'N', 'S' -> a++;
                    case 'T' -> {
                        if (!typeName((TypeName) args.get(a++))) return false;
                    }
                    default -> { }
                }
            }
            return true;
        }

        private boolean typeName(TypeName t) {
            if (t == null) return true;
            if (t.isAnnotated()) return false;
            if (t instanceof ClassName c) return className(c);
            if (t instanceof ParameterizedTypeName p) {
                if (p.enclosingType() != null || !className(p.rawType())) return false;
                for (TypeName arg : p.typeArguments()) if (!typeName(arg)) return false;
                return true;
            }
            if (t instanceof WildcardTypeName w) {
                if (w.lowerBounds().size() == 1) return typeName(w.lowerBounds().get(0));
                TypeName upper = w.upperBounds().get(0);
                return upper.equals(ClassName.OBJECT) || typeName(upper);
            }
            if (t instanceof ArrayTypeName a) return typeName(a.componentType());
            return t.getClass() == TypeName.class;   // a primitive or void; type variables are not modelled
        }

        /** CodeWriter.lookupName, with only the top-level type on its stack, no imports and no type variables. */
        private boolean className(ClassName c) {
            for (ClassName x = c; x != null; x = x.enclosingClassName()) if (x.isAnnotated()) return false;
            boolean nameResolved = false;
            for (ClassName x = c; x != null; x = x.enclosingClassName()) {
                nameResolved = x.simpleName().equals(topName);
                if (nameResolved && x.canonicalName().equals(topCanonical)) return true;
            }
            if (nameResolved) return true;
            ClassName top = c.topLevelClassName();
            if (Objects.equals(packageName, c.packageName())) {
                referenced.add(top.simpleName());
                return true;
            }
            if (c.packageName().isEmpty()) return true;
            ClassName before = importable.putIfAbsent(top.simpleName(), top);
            return before == null || before.canonicalName().equals(top.canonicalName());
        }
    }
}
