package com.palantir.javapoet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ruleport.compile.CompiledRule;
import dev.ruleport.compile.Frontend;
import dev.ruleport.javagen.JavaGenOptions;
import dev.ruleport.javagen.MatcherGenerator;
import dev.ruleport.testsupport.Corpus;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Modifier;
import org.junit.jupiter.api.Test;

/** {@link OnePassJavaFile} writes exactly JavaPoet's text, in one pass wherever its import walk applies. */
class OnePassJavaFileTest {
    private static final String PKG = "dev.ruleport.generated";

    /** Every corpus rule's class and the example rules' classes: the same text as JavaFile, and all in one pass. */
    @Test
    void corpusAndExampleClassesAreJavaPoetsTextInOnePass() throws IOException {
        List<CompiledRule> rules = new ArrayList<>(Corpus.rules());
        for (Path f : Frontend.ruleFiles(List.of(Path.of("../rules")))) {
            Frontend.Outcome o = Frontend.compile(f);
            if (o.status() == Frontend.Status.OK) rules.add(new CompiledRule(o.rule(), o.query()));
        }
        assertTrue(rules.size() > 800, "rules: " + rules.size());
        for (String pkg : List.of(PKG, "")) {
            int classes = 0;
            for (MatcherGenerator.Result r : new MatcherGenerator(JavaGenOptions.defaults().withPackage(pkg)).generateAll(rules)) {
                if (r.matcher().isEmpty()) continue;
                OnePassJavaFile file = r.matcher().get().file();
                String expected = file.javaFile().toString();
                assertNotNull(file.onePass(), r.rule().rule().name());
                assertEquals(expected, file.toString(), r.rule().rule().name());
                classes++;
            }
            assertTrue(classes > 800, "classes: " + classes);
        }
    }

    private static void same(OnePassJavaFile file, boolean onePass) {
        assertEquals(file.javaFile().toString(), file.toString());
        if (onePass) assertNotNull(file.onePass(), file.toString()); else assertNull(file.onePass(), file.toString());
    }

    private static final ClassName LIST = ClassName.get("java.util", "List");
    private static final ClassName ENTRY = ClassName.get("java.util", "Map", "Entry");
    private static final ClassName AWT_LIST = ClassName.get("java.awt", "List");
    private static final ClassName PEER = ClassName.get(PKG, "Peer");
    private static final ClassName OTHER_PEER = ClassName.get("org.example", "Peer");
    private static final ClassName OTHER_HELPER = ClassName.get("org.example", "Helper");

    /** A class touching most of what the walk models: every kind of type name in every place JavaPoet emits one. */
    @Test
    void oddShapesInOnePass() {
        TypeSpec type = TypeSpec.classBuilder("Odd")
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .superclass(ClassName.get("java.util", "AbstractList"))
                .addSuperinterface(ParameterizedTypeName.get(ClassName.get(Comparable.class), ClassName.get(PKG, "Odd")))
                .addSuperinterface(ClassName.get(java.io.Serializable.class))
                .addJavadoc("Uses {@link $T}, {@link $T} and {@link $T}; $$ and $S.\n", OTHER_HELPER, PEER,
                        ClassName.get("javax.annotation", "Generated"), "quoted")
                .addAnnotation(AnnotationSpec.builder(SuppressWarnings.class).addMember("value", "$S", "unchecked").build())
                .addAnnotation(AnnotationSpec.builder(ClassName.get("org.example", "Marker"))
                        .addMember("type", "$T.class", ClassName.get("org.example.deep", "Value"))
                        .addMember("list", "{$T.class, $T.class}", String.class, ENTRY).build())
                .addField(FieldSpec.builder(ParameterizedTypeName.get(LIST, WildcardTypeName.subtypeOf(Number.class)), "NUMBERS",
                        Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                        .initializer("$T.of($L)", LIST, CodeBlock.of("$T.valueOf($L)", Integer.class, 1)).build())
                .addField(FieldSpec.builder(ParameterizedTypeName.get(ClassName.get(java.util.function.Consumer.class),
                        WildcardTypeName.supertypeOf(ParameterizedTypeName.get(LIST, WildcardTypeName.subtypeOf(Object.class)))),
                        "SINK", Modifier.STATIC).addJavadoc("See $T.\n", ClassName.get("org.javadoc.only", "Thing")).build())
                .addField(ArrayTypeName.of(ArrayTypeName.of(TypeName.INT)), "grid", Modifier.PRIVATE)
                .addField(PEER, "peer")
                .addField(OTHER_HELPER, "helper")
                .addField(ClassName.get("", "NoPackage"), "noPackage")
                .addStaticBlock(CodeBlock.of("$T.out.println($S);\n", System.class, "a \"quote\"\nnewline"))
                .addInitializerBlock(CodeBlock.builder().addStatement("$T x = new $T<>()", ENTRY,
                        ClassName.get("java.util", "HashMap")).build())
                .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC)
                        .addParameter(ParameterSpec.builder(ClassName.get("java.time", "Instant"), "at").build())
                        .addException(ClassName.get(IOException.class)).addStatement("super()").build())
                .addMethod(MethodSpec.methodBuilder("get").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                        .returns(Object.class).addParameter(TypeName.INT, "i").addStatement("return $N", "helper").build())
                .addMethod(MethodSpec.methodBuilder("size").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                        .returns(TypeName.INT).addStatement("return 0").build())
                .addMethod(MethodSpec.methodBuilder("all").addModifiers(Modifier.STATIC).varargs()
                        .returns(TypeName.VOID).addParameter(ArrayTypeName.of(ClassName.get("java.net", "URI")), "uris")
                        .addJavadoc("@param uris the $T list\n", ClassName.get("java.net", "URI"))
                        .beginControlFlow("for ($T u : uris)", ClassName.get("java.net", "URI"))
                        .addStatement("$T.requireNonNull(u, $S)", java.util.Objects.class, "$T literally")
                        .endControlFlow().build())
                .addMethod(MethodSpec.methodBuilder("longLine").returns(String.class).addStatement("return $S$W+ $S$W+ $S$W+ $S",
                        "x".repeat(40), "y".repeat(40), "z".repeat(40), "w".repeat(40)).build())
                .build();
        same(OnePassJavaFile.of(PKG, type, "Generated by ruleport. Do not edit.", "    ", true), true);
        same(OnePassJavaFile.of(PKG, type, "", "  ", false), true);
        same(OnePassJavaFile.of("org.example", type, "Two\nlines, $$ sign", "\t", true), true);
        same(OnePassJavaFile.of("", type, "", "    ", true), true);
    }

    /** Names the walk must resolve as JavaPoet does: the class's own name, its package's classes, java.lang. */
    @Test
    void nameClashes() {
        // a class named List: java.util.List then cannot be imported; a same-package class named like an importable one
        TypeSpec list = TypeSpec.classBuilder("List")
                .addField(LIST, "utilList")
                .addField(ClassName.get(PKG, "List"), "self")
                .addField(ClassName.get(PKG, "List", "Inner"), "inner")
                .addField(ClassName.get("org.example", "List", "Inner"), "otherInner")
                .addField(PEER, "peer")
                .addField(OTHER_PEER, "otherPeer")
                .addField(String.class, "realString")
                .build();
        same(OnePassJavaFile.of(PKG, list, "", "    ", true), true);
        same(OnePassJavaFile.of(PKG, list, "", "    ", false), true);
        // org.example.String and java.lang.String: ambiguous, written by JavaFile
        same(OnePassJavaFile.of(PKG, list.toBuilder().addField(ClassName.get("org.example", "String"), "fakeString").build(),
                "", "    ", true), false);
        // java.lang.String shadowed by a same-package String
        TypeSpec shadow = TypeSpec.classBuilder("Shadow")
                .addField(String.class, "s")
                .addField(ClassName.get(PKG, "String"), "mine")
                .addField(ClassName.get(PKG, "Peer"), "peerInJavadocOnly")
                .addJavadoc("{@link $T}\n", OTHER_PEER)
                .build();
        same(OnePassJavaFile.of(PKG, shadow, "", "    ", true), true);
    }

    /** What the walk does not model is written by JavaFile itself: the same text, not in one pass. */
    @Test
    void unmodelledShapesFallBack() {
        // two importable classes of one simple name: JavaPoet imports the first it meets
        same(OnePassJavaFile.of(PKG, TypeSpec.classBuilder("Ambiguous").addField(AWT_LIST, "a").addField(LIST, "b").build(),
                "", "    ", true), false);
        same(OnePassJavaFile.of(PKG, TypeSpec.classBuilder("Ambiguous").addField(LIST, "b").addField(AWT_LIST, "a").build(),
                "", "    ", true), false);
        same(OnePassJavaFile.of(PKG, TypeSpec.interfaceBuilder("I").addMethod(MethodSpec.methodBuilder("m")
                .addModifiers(Modifier.PUBLIC, Modifier.ABSTRACT).returns(LIST).build()).build(), "", "    ", true), false);
        same(OnePassJavaFile.of(PKG, TypeSpec.classBuilder("Nested").addType(TypeSpec.classBuilder("List").build())
                .addField(LIST, "l").build(), "", "    ", true), false);
        same(OnePassJavaFile.of(PKG, TypeSpec.classBuilder("Generic").addTypeVariable(TypeVariableName.get("T"))
                .addField(TypeVariableName.get("T"), "t").build(), "", "    ", true), false);
        same(OnePassJavaFile.of(PKG, TypeSpec.classBuilder("Anonymous").addField(FieldSpec.builder(Runnable.class, "r")
                .initializer("$L", TypeSpec.anonymousClassBuilder("").addSuperinterface(Runnable.class)
                        .addMethod(MethodSpec.methodBuilder("run").addModifiers(Modifier.PUBLIC)
                                .addStatement("$T.gc()", System.class).build()).build()).build()).build(),
                "", "    ", true), false);
        same(OnePassJavaFile.of(PKG, TypeSpec.classBuilder("Annotated").addField(LIST.annotated(
                AnnotationSpec.builder(ClassName.get("org.example", "Nullable")).build()), "l").build(), "", "    ", true), false);
        same(OnePassJavaFile.of(PKG, TypeSpec.classBuilder("Qualified").alwaysQualify("List").addField(LIST, "l").build(),
                "", "    ", true), false);
    }

    @Test
    void javaFileHasTheSameSettings() {
        TypeSpec t = TypeSpec.classBuilder("C").addField(Map.class, "m").build();
        JavaFile expected = JavaFile.builder(PKG, t).skipJavaLangImports(true).addFileComment("c").indent("\t").build();
        assertEquals(expected.toString(), OnePassJavaFile.of(PKG, t, "c", "\t", true).javaFile().toString());
        assertEquals(expected.toString(), OnePassJavaFile.of(PKG, t, "c", "\t", true).toString());
    }
}
