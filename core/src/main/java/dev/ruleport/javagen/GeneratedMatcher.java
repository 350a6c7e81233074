package dev.ruleport.javagen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.OnePassJavaFile;
import dev.ruleport.loader.Rule;

/** The matcher class generated for one rule. */
public record GeneratedMatcher(Rule rule, ClassName className, OnePassJavaFile file) {
    /** The class as JavaPoet's file. */
    public JavaFile javaFile() { return file.javaFile(); }

    /** The Java source text: {@code javaFile().toString()}, written in one pass. */
    public String source() { return file.toString(); }

    /** The file's path relative to a source root: {@code dev/ruleport/generated/Name.java}. */
    public String fileName() {
        return ClassNames.sourcePath(className.packageName(), className.simpleName());
    }

    /** The fully qualified class name. */
    public String qualifiedName() { return className.canonicalName(); }
}
