package dev.ruleport.javagen;

import dev.ruleport.interpret.FieldTypes;
import java.util.Objects;
import javax.lang.model.SourceVersion;

/**
 * How matcher classes are generated: their package, the field a named event category tests (null: the
 * rule's own, {@code event.category} unless it overrides it), and the field types of a mapping
 * ({@link FieldTypes#NONE}: the JSON values as they are, every field name accepted), which change how
 * values compare exactly as they do in the interpreter.
 */
public record JavaGenOptions(String packageName, String categoryField, FieldTypes fieldTypes) {
    public static final String DEFAULT_PACKAGE = "dev.ruleport.generated";

    public JavaGenOptions {
        Objects.requireNonNull(packageName, "packageName");
        Objects.requireNonNull(fieldTypes, "fieldTypes");
        if (!packageName.isEmpty() && !SourceVersion.isName(packageName)) {
            throw new IllegalArgumentException("not a valid Java package name: " + packageName);
        }
    }

    public static JavaGenOptions defaults() {
        return new JavaGenOptions(DEFAULT_PACKAGE, null, FieldTypes.NONE);
    }

    public JavaGenOptions withPackage(String p) { return new JavaGenOptions(p, categoryField, fieldTypes); }

    public JavaGenOptions withCategoryField(String f) { return new JavaGenOptions(packageName, f, fieldTypes); }

    public JavaGenOptions withFieldTypes(FieldTypes t) { return new JavaGenOptions(packageName, categoryField, t); }
}
