package dev.ruleport.javagen;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.OnePassJavaFile;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import com.palantir.javapoet.WildcardTypeName;
import dev.ruleport.diag.Span;
import dev.ruleport.interpret.FieldType;
import dev.ruleport.interpret.FieldTypes;
import dev.ruleport.interpret.Timestamps;
import dev.ruleport.ir.And;
import dev.ruleport.ir.Arithmetic;
import dev.ruleport.ir.Call;
import dev.ruleport.ir.Category;
import dev.ruleport.ir.Compare;
import dev.ruleport.ir.EventQuery;
import dev.ruleport.ir.Expr;
import dev.ruleport.ir.FieldPath;
import dev.ruleport.ir.FieldRef;
import dev.ruleport.ir.Filter;
import dev.ruleport.ir.Function;
import dev.ruleport.ir.In;
import dev.ruleport.ir.Literal;
import dev.ruleport.ir.Match;
import dev.ruleport.ir.Negate;
import dev.ruleport.ir.Not;
import dev.ruleport.ir.Or;
import dev.ruleport.ir.Pipe;
import dev.ruleport.ir.Query;
import dev.ruleport.ir.SampleQuery;
import dev.ruleport.ir.SampleTerm;
import dev.ruleport.ir.SequenceQuery;
import dev.ruleport.ir.SequenceTerm;
import dev.ruleport.loader.Rule;
import dev.ruleport.runtime.Cidr;
import dev.ruleport.runtime.EqlRegex;
import dev.ruleport.runtime.Event;
import dev.ruleport.runtime.FieldAccessor;
import dev.ruleport.runtime.Values;
import dev.ruleport.runtime.WildcardPattern;
import dev.ruleport.runtime.matcher.Arith;
import dev.ruleport.runtime.matcher.Comparison;
import dev.ruleport.runtime.matcher.Eval;
import dev.ruleport.runtime.matcher.EventMatcher;
import dev.ruleport.runtime.matcher.Fn;
import dev.ruleport.runtime.matcher.OrderedEvent;
import dev.ruleport.runtime.matcher.RuleInfo;
import dev.ruleport.runtime.matcher.RunOptions;
import dev.ruleport.runtime.matcher.SampleRuleMatcher;
import dev.ruleport.runtime.matcher.SequenceRuleMatcher;
import dev.ruleport.runtime.matcher.TypedField;
import dev.ruleport.runtime.matcher.ValueType;
import dev.ruleport.runtime.seq.KeyExtractor;
import dev.ruleport.runtime.seq.SampleSpec;
import dev.ruleport.runtime.seq.SequenceSpec;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import javax.lang.model.element.Modifier;

/**
 * Writes the matcher class of one rule. The class mirrors the interpreter ({@code ExprCompiler},
 * {@code Interpreter}) node by node, but specialised:
 * <ul>
 *   <li>field paths become {@code static final} {@link FieldAccessor}s (or {@link TypedField}s under a
 *       mapping), resolved once;</li>
 *   <li>filters are two-valued: {@code and}/{@code or}/{@code not} become {@code &&}/{@code ||}/{@code !},
 *       with cheap operands first, {@code a != b} becomes {@code !(a == b)} and each leaf predicate a small
 *       method looping over the field's values (any-of);</li>
 *   <li>wildcard patterns become equality, {@code startsWith}, {@code endsWith} or {@code contains} on the
 *       value folded once with {@link dev.ruleport.runtime.CaseFold} where their shape allows; exact
 *       strings of a long list become one {@code HashSet} lookup; regexes are compiled once;</li>
 *   <li>what is rare (a comparison used as a value, arithmetic, functions over several fields) goes
 *       through the same candidate-list semantics as the interpreter ({@link Eval}).</li>
 * </ul>
 * Every value from the rule reaches the source through {@link JavaStrings#of} (strings) or as a number
 * or boolean constant the writer formats itself; no rule text is ever written into a comment.
 */
final class RuleClassWriter {
    /** A problem that makes the rule untranslatable (the interpreter refuses it too). */
    record Problem(Span span, String message) {}

    static final int SET_THRESHOLD = 4;
    private static final int SET_CHUNK = 500;

    private static final ClassName EVENT = ClassName.get(Event.class);
    private static final ClassName EVENT_FIELDS = ClassName.get(dev.ruleport.runtime.EventFields.class);
    private static final ClassName EVAL = ClassName.get(Eval.class);
    private static final ClassName VALUES = ClassName.get(Values.class);
    private static final ClassName CASE_FOLD = ClassName.get(dev.ruleport.runtime.CaseFold.class);
    private static final TypeName OBJECT_LIST = ParameterizedTypeName.get(ClassName.get(List.class), ClassName.get(Object.class));
    private static final TypeName STRING_LIST = ParameterizedTypeName.get(ClassName.get(List.class), ClassName.get(String.class));
    private static final TypeName STRING_SET = ParameterizedTypeName.get(ClassName.get(Set.class), ClassName.get(String.class));
    private static final TypeName KEY_TUPLES = ParameterizedTypeName.get(ClassName.get(List.class), OBJECT_LIST);
    private static final TypeName PIPE_LIST = ParameterizedTypeName.get(ClassName.get(List.class),
            ClassName.get(dev.ruleport.runtime.seq.Pipe.class));
    private static final TypeName CIDR_LIST = ParameterizedTypeName.get(ClassName.get(List.class), ClassName.get(Cidr.class));
    private static final TypeName EVENT_LIST = ParameterizedTypeName.get(ClassName.get(List.class), EVENT);
    private static final TypeName SINK = ParameterizedTypeName.get(ClassName.get(Consumer.class),
            WildcardTypeName.supertypeOf(EVENT_LIST));

    private final Rule rule;
    private final Query query;
    private final JavaGenOptions options;
    private final FieldTypes types;
    private final ClassName self;
    private final List<Problem> problems = new ArrayList<>();

    private final NameAllocator names = new NameAllocator();
    private final TypeSpec.Builder type;
    private final List<FieldSpec> constants = new ArrayList<>();
    private final List<FieldSpec> definitions = new ArrayList<>();   // after the constants they use
    private final List<MethodSpec> helpers = new ArrayList<>();
    private final Map<String, String> accessors = new HashMap<>();   // key → field name
    private final Map<String, String> literalLists = new HashMap<>();
    private final Map<Expr, String> leafMethods = new HashMap<>();
    private final Map<Expr, String> filterMethods = new HashMap<>();
    private int counter;
    /**
     * Whether each method that takes the event is written twice, once per parameter type ({@link Event}
     * and {@link dev.ruleport.runtime.EventFields}), with the same code: every read is
     * {@code FIELD.values(e)}, which the parameter's type routes through the event's field cache or not.
     * On for single-event rules (their static {@code matches(EventFields)} serves rule sets) and for
     * sequences (stage filters and join keys, for {@code SequenceSet}); off for samples.
     */
    private boolean cachedTwins;

    RuleClassWriter(Rule rule, Query query, String className, JavaGenOptions options) {
        this.rule = rule;
        this.query = query;
        this.options = options;
        // @timestamp, the ECS timestamp generated matchers order by, is a date as in the interpreter
        this.types = options.fieldTypes().withTimestampField("@timestamp");
        this.self = ClassName.get(options.packageName(), className);
        this.type = TypeSpec.classBuilder(className).addModifiers(Modifier.PUBLIC, Modifier.FINAL);
        for (String reserved : List.of("RULE_ID", "RULE_NAME", "SEVERITY", "RISK_SCORE", "TACTICS", "TECHNIQUES", "QUERY",
                "INFO", "PIPES", "SPEC", "FILTERS", "e", "v", "s", "f", "p", "vs", "cs", "matches", "info", "pipes")) {
            names.newName(reserved, reserved);
        }
    }

    List<Problem> problems() { return problems; }

    /** The Java file, or empty when the rule has problems. */
    Optional<OnePassJavaFile> write() {
        addMetadata();
        query.accept(new dev.ruleport.ir.QueryVisitor<Void>() {
            @Override public Void visitEvent(EventQuery q) { writeEvent(q); return null; }

            @Override public Void visitSequence(SequenceQuery q) { writeSequence(q); return null; }

            @Override public Void visitSample(SampleQuery q) { writeSample(q); return null; }
        });
        if (!problems.isEmpty()) return Optional.empty();
        type.addJavadoc("The rule {@link #RULE_NAME} ({@link #RULE_ID}) as a matcher over ECS events.\n"
                + "<p>Generated by ruleport from the rule's EQL query ({@link #QUERY}); do not edit.\n");
        List<String> credit = dev.ruleport.backend.Credit.lines(rule);
        if (!credit.isEmpty()) type.addJavadoc("<p>$L\n", javadocText(String.join("\n", credit)).replace("\n", "<br>\n"));
        for (FieldSpec f : constants) type.addField(f);
        for (FieldSpec f : definitions) type.addField(f);
        for (MethodSpec m : helpers) type.addMethod(m);
        // the text is JavaPoet's JavaFile.toString(), written in one pass (see OnePassJavaFile)
        return Optional.of(OnePassJavaFile.of(options.packageName(), type.build(), "Generated by ruleport. Do not edit.",
                "    ", true));
    }

    // ------------------------------------------------------------------ metadata

    private void addMetadata() {
        List<String> tactics = new ArrayList<>();
        List<String> techniques = new ArrayList<>();
        if (rule.threats() != null) {
            for (Rule.Threat t : rule.threats()) {
                if (t.tactic() != null && t.tactic().id() != null && !tactics.contains(t.tactic().id())) tactics.add(t.tactic().id());
                if (t.techniques() == null) continue;
                for (Rule.Technique tech : t.techniques()) {
                    if (tech.id() != null && !techniques.contains(tech.id())) techniques.add(tech.id());
                    if (tech.subtechniques() == null) continue;
                    for (Rule.Reference sub : tech.subtechniques()) {
                        if (sub.id() != null && !techniques.contains(sub.id())) techniques.add(sub.id());
                    }
                }
            }
        }
        Modifier[] pub = {Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL};
        type.addField(FieldSpec.builder(String.class, "RULE_ID", pub).initializer(JavaStrings.of(rule.ruleId())).build());
        type.addField(FieldSpec.builder(String.class, "RULE_NAME", pub).initializer(JavaStrings.of(rule.name())).build());
        type.addField(FieldSpec.builder(String.class, "SEVERITY", pub).initializer(JavaStrings.of(rule.severity())).build());
        type.addField(FieldSpec.builder(int.class, "RISK_SCORE", pub)
                .initializer("$L", rule.riskScore() == null ? -1 : rule.riskScore()).build());
        type.addField(FieldSpec.builder(STRING_LIST, "TACTICS", pub).initializer(stringList(tactics)).build());
        type.addField(FieldSpec.builder(STRING_LIST, "TECHNIQUES", pub).initializer(stringList(techniques)).build());
        type.addField(FieldSpec.builder(String.class, "QUERY", pub).initializer(JavaStrings.of(rule.query() == null ? "" : rule.query())).build());
        type.addField(FieldSpec.builder(RuleInfo.class, "INFO", pub)
                .initializer("new $T(RULE_ID, RULE_NAME, SEVERITY, RISK_SCORE, TACTICS, TECHNIQUES, QUERY)", RuleInfo.class).build());
        List<CodeBlock> pipes = new ArrayList<>();
        for (Pipe p : query.pipes()) {
            pipes.add(CodeBlock.of("$T.$L($L)", dev.ruleport.runtime.seq.Pipe.class,
                    p.kind() == Pipe.Kind.HEAD ? "head" : "tail", p.count()));
        }
        type.addField(FieldSpec.builder(PIPE_LIST, "PIPES", pub)
                .initializer("$T.of($L)", List.class, CodeBlock.join(pipes, ", ")).build());
    }

    private static CodeBlock stringList(List<String> values) {
        List<CodeBlock> items = new ArrayList<>();
        for (String v : values) items.add(JavaStrings.of(v));
        return CodeBlock.of("$T.of($L)", List.class, CodeBlock.join(items, ", "));
    }

    private void addCommonMethods() {
        type.addMethod(MethodSpec.methodBuilder("info").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .returns(RuleInfo.class).addStatement("return INFO").build());
    }

    // ------------------------------------------------------------------ query kinds

    private void writeEvent(EventQuery q) {
        type.addSuperinterface(EventMatcher.class);
        type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC).build());
        addCommonMethods();
        type.addMethod(MethodSpec.methodBuilder("pipes").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .returns(PIPE_LIST).addStatement("return PIPES").build());
        cachedTwins = true;
        MethodSpec matches = conditionMethod(MethodSpec.methodBuilder("matches").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .returns(boolean.class).addParameter(EVENT, "e"), () -> filterExpression(q.filter())).build();
        type.addMethod(matches);
        type.addMethod(MethodSpec.methodBuilder("matches").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .addJavadoc("As {@link #matches(Event)}, each field read at most once per event through {@code e}'s cache\n"
                        + "(for rule sets that evaluate many rules on one event).\n")
                .returns(boolean.class).addParameter(EVENT_FIELDS, "e").addCode(matches.code()).build());
    }

    private void writeSequence(SequenceQuery q) {
        type.superclass(SequenceRuleMatcher.class);
        ClassName ordered = ClassName.get(OrderedEvent.class);
        TypeName specType = ParameterizedTypeName.get(ClassName.get(SequenceSpec.class), ordered);
        CodeBlock.Builder spec = CodeBlock.builder().add("$T.<$T>builder($T::ordinal)", SequenceSpec.class, ordered, ordered);
        boolean anyPositive = false;
        boolean anyMissing = false;
        // stage filters and join keys read through the event's field cache when a SequenceSet supplies one
        cachedTwins = true;
        for (SequenceTerm t : q.terms()) {
            String filter = filterMethod(t.filter());
            CodeBlock keys = keyExtractor(q.joinKeys(t));
            spec.add("\n        .$L($L, $L, $L)", t.missing() ? "missing" : "stage", viaCache(filter), keys, t.runs());
            anyPositive |= !t.missing();
            anyMissing |= t.missing();
        }
        if (q.until() != null) {
            spec.add("\n        .until($L, $L)", viaCache(filterMethod(q.until().filter())), keyExtractor(q.joinKeys(q.until())));
        }
        if (q.maxspan() != null) {
            if (q.maxspan().millis() <= 0) problems.add(new Problem(q.maxspan().span(), "maxspan must be positive"));
            spec.add("\n        .maxSpanMillis($LL)", q.maxspan().millis());
        }
        if (!anyPositive) problems.add(new Problem(q.span(), "a sequence needs at least one positive (non-missing) stage"));
        if (anyMissing && q.maxspan() == null) problems.add(new Problem(q.span(), "a sequence with missing events ![...] requires maxspan"));
        // Elasticsearch lists sequences in the order they complete, and so does the interpreter
        spec.add("\n        .emitInCompletionOrder()");
        spec.add("\n        .build()");
        definitions.add(FieldSpec.builder(specType, "SPEC", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .initializer(spec.build()).build());
        addStatefulConstructors("SPEC");
    }

    private void writeSample(SampleQuery q) {
        type.superclass(SampleRuleMatcher.class);
        TypeName filterType = ParameterizedTypeName.get(ClassName.get(SampleSpec.Filter.class), EVENT);
        List<CodeBlock> filters = new ArrayList<>();
        for (SampleTerm t : q.terms()) {
            String filter = filterMethod(t.filter());
            filters.add(CodeBlock.of("\n        new $T<$T>($T::$N, $L)", SampleSpec.Filter.class, EVENT, self, filter,
                    keyExtractor(q.joinKeys(t))));
        }
        definitions.add(FieldSpec.builder(ParameterizedTypeName.get(ClassName.get(List.class), filterType), "FILTERS",
                        Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .initializer("$T.of($L)", List.class, CodeBlock.join(filters, ",")).build());
        addStatefulConstructors("FILTERS");
    }

    private void addStatefulConstructors(String definition) {
        type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC)
                .addJavadoc("A matcher with the default run options that collects its matches (see {@link #drain()}).\n")
                .addStatement("this($T.defaults(), null)", RunOptions.class).build());
        type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC)
                .addJavadoc("A matcher ordering events by {@code options}, sending matches to {@code sink} (null: collect them).\n")
                .addParameter(RunOptions.class, "options").addParameter(SINK, "sink")
                .addStatement("super(INFO, $N, PIPES, options, sink)", definition).build());
    }

    /** A lambda over an {@code OrderedEvent p} calling {@code method} with the event's field cache when it has one. */
    private static CodeBlock viaCache(String method) {
        return CodeBlock.of("p -> p.fields() == null ? $N(p.event()) : $N(p.fields())", method, method);
    }

    /** A method {@code boolean name(Event e)} for a term's filter (category test first). */
    private String filterMethod(Filter f) {
        Expr key = f.condition();
        String cached = filterMethods.get(new And(List.of(categoryExpr(f), key), f.span()));
        if (cached != null) return cached;
        String name = names.newName("filter" + filterMethods.size(), new Object());
        filterMethods.put(new And(List.of(categoryExpr(f), key), f.span()), name);
        MethodSpec method = conditionMethod(MethodSpec.methodBuilder(name).addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .returns(boolean.class).addParameter(EVENT, "e"), () -> filterExpression(f)).build();
        helpers.add(method);
        if (cachedTwins) {
            helpers.add(MethodSpec.methodBuilder(name).addModifiers(Modifier.PRIVATE, Modifier.STATIC).returns(boolean.class)
                    .addParameter(EVENT_FIELDS, "e").addCode(method.code()).build());
        }
        return name;
    }

    private Expr categoryExpr(Filter f) {
        if (f.category().isAny()) return new Literal(Boolean.TRUE, f.category().span());
        return f.categoryTest(options.categoryField() != null ? options.categoryField() : rule.categoryField());
    }

    /** {@code category && condition}, as the interpreter's filter. */
    private Cond filterExpression(Filter f) {
        Cond condition = cond(f.condition());
        if (f.category().isAny()) return condition;
        Cond category = cond(categoryExpr(f));
        return and(List.of(category, condition));
    }

    /** A {@link KeyExtractor} expression for the join keys (header ++ term keys). */
    private CodeBlock keyExtractor(List<Expr> keys) {
        if (keys.isEmpty()) return CodeBlock.of("$T.none()", KeyExtractor.class);
        String name = names.newName("keys" + (counter++), new Object());
        List<CodeBlock> perKey = new ArrayList<>();
        List<CodeBlock> nullable = new ArrayList<>();
        for (Expr k : keys) {
            perKey.add(values(k));
            nullable.add(CodeBlock.of("$L", k instanceof FieldRef f && f.optional()));
        }
        String nulls = names.newName(name.toUpperCase(Locale.ROOT) + "_NULLABLE", new Object());
        constants.add(FieldSpec.builder(ArrayTypeName.of(boolean.class), nulls, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .initializer("{$L}", CodeBlock.join(nullable, ", ")).build());
        boolean sequence = query instanceof SequenceQuery;
        for (TypeName param : sequence ? List.of(EVENT, EVENT_FIELDS) : List.of(EVENT)) {
            helpers.add(MethodSpec.methodBuilder(name).addModifiers(Modifier.PRIVATE, Modifier.STATIC).returns(KEY_TUPLES)
                    .addParameter(param, "e")
                    .addStatement("return $T.keyTuples($N, $L)", EVAL, nulls, CodeBlock.join(perKey, ", ")).build());
        }
        return sequence ? viaCache(name) : CodeBlock.of("$T::$N", self, name);
    }

    // ------------------------------------------------------------------ filters (two-valued)

    /** A two-valued condition: Java code of type boolean, its cost, and its value when constant. */
    record Cond(CodeBlock code, int cost, Boolean constant, boolean simple) {
        Cond(CodeBlock code, int cost, Boolean constant) { this(code, cost, constant, false); }

        static Cond of(boolean b) { return new Cond(CodeBlock.of("$L", b), 0, b, true); }
    }

    Cond cond(Expr e) {
        if (e instanceof And a) {
            List<Cond> parts = new ArrayList<>();
            for (Expr op : a.operands()) parts.add(cond(op));
            return and(parts);
        }
        if (e instanceof Or o) {
            List<Cond> parts = new ArrayList<>();
            for (Expr op : o.operands()) parts.add(cond(op));
            return or(parts);
        }
        if (e instanceof Not n) {
            Cond inner = cond(n.operand());
            if (inner.constant() != null) return Cond.of(!inner.constant());
            return new Cond(CodeBlock.of("!$L", paren(inner)), inner.cost(), null, true);
        }
        if (e instanceof Literal l) return Cond.of(Boolean.TRUE.equals(l.value()));
        if (e instanceof Compare c && c.op() == Compare.Op.NE && !isNullLiteral(c.left()) && !isNullLiteral(c.right())) {
            // `a != b` is `not (a == b)`: true where a is missing, as in the interpreter
            Cond eq = leaf(new Compare(Compare.Op.EQ, c.left(), c.right(), c.span()));
            return new Cond(CodeBlock.of("!$L", eq.code()), eq.cost(), null, true);
        }
        return leaf(e);
    }

    private static CodeBlock paren(Cond c) {
        return c.simple() ? c.code() : CodeBlock.of("($L)", c.code());
    }

    /** Conjunction, cheap operands first (and/or are commutative in two-valued logic). */
    private static Cond and(List<Cond> parts) {
        List<Cond> kept = new ArrayList<>();
        for (Cond p : parts) {
            if (Boolean.FALSE.equals(p.constant())) return Cond.of(false);
            if (p.constant() == null) kept.add(p);
        }
        return join(kept, " && ", true);
    }

    private static Cond or(List<Cond> parts) {
        List<Cond> kept = new ArrayList<>();
        for (Cond p : parts) {
            if (Boolean.TRUE.equals(p.constant())) return Cond.of(true);
            if (p.constant() == null) kept.add(p);
        }
        return join(kept, " || ", false);
    }

    private static Cond join(List<Cond> kept, String op, boolean emptyValue) {
        if (kept.isEmpty()) return Cond.of(emptyValue);
        if (kept.size() == 1) return kept.get(0);
        List<Cond> sorted = new ArrayList<>(kept);
        sorted.sort(Comparator.comparingInt(Cond::cost));
        List<CodeBlock> code = new ArrayList<>();
        int cost = 0;
        for (Cond c : sorted) {
            code.add(paren(c));
            cost += c.cost();
        }
        return new Cond(CodeBlock.join(code, op), cost, null);
    }

    /** A leaf predicate as a method {@code boolean cN(Event e)}: does it hold (TRUE) for the event? */
    private Cond leaf(Expr e) {
        String existing = leafMethods.get(e);
        FieldRef single = singleField(e);
        int[] cost = {20};
        if (existing == null) {
            existing = names.newName("when" + leafMethods.size(), new Object());
            leafMethods.put(e, existing);
            currentSingle = single;
            CodeBlock body = leafBody(e, cost);
            currentSingle = null;
            MethodSpec.Builder m = MethodSpec.methodBuilder(existing).addModifiers(Modifier.PRIVATE, Modifier.STATIC).returns(boolean.class);
            if (single != null) m.addParameter(OBJECT_LIST, "vs");
            else m.addParameter(EVENT, "e");
            helpers.add(m.addCode(body).build());
            if (single == null && cachedTwins) {
                helpers.add(MethodSpec.methodBuilder(existing).addModifiers(Modifier.PRIVATE, Modifier.STATIC).returns(boolean.class)
                        .addParameter(EVENT_FIELDS, "e").addCode(body).build());
            }
            leafCosts.put(existing, cost[0]);
        }
        CodeBlock arg = single != null ? read(field(single)) : CodeBlock.of("e");
        return new Cond(CodeBlock.of("$N($L)", existing, arg), leafCosts.getOrDefault(existing, 20), null, true);
    }

    /** The field a leaf reads when it reads nothing else (then the leaf takes the field's values, read once per event). */
    private FieldRef singleField(Expr e) {
        FieldRef f = null;
        if (e instanceof Compare c) {
            if (isNullLiteral(c.left()) || isNullLiteral(c.right())) {
                Expr other = isNullLiteral(c.left()) ? c.right() : c.left();
                if (other instanceof FieldRef r && (c.op() == Compare.Op.EQ || c.op() == Compare.Op.NE)) f = r;
            } else if (c.right() instanceof Literal && c.left() instanceof FieldRef r) {
                f = r;
            } else if (c.left() instanceof Literal && c.right() instanceof FieldRef r) {
                f = r;
            }
        } else if (e instanceof Match m && m.subject() instanceof FieldRef r) {
            f = r;
        } else if (e instanceof In in && in.subject() instanceof FieldRef r && allLiterals(in.values())) {
            f = r;
        } else if (e instanceof Call c) {
            int varying = -1;
            for (int i = 0; i < c.args().size(); i++) {
                if (c.args().get(i) instanceof Literal) continue;
                if (varying >= 0) return null;
                varying = i;
            }
            if (varying >= 0 && c.args().get(varying) instanceof FieldRef r) f = r;
        } else if (e instanceof FieldRef r) {
            f = r;
        }
        if (f == null || field(f).kind() == FieldKind.ABSENT) return null;
        return f;
    }

    /** The field a leaf method's {@code vs} parameter holds, while its body is written. */
    private FieldRef currentSingle;

    /** Fields read by the method being written, counted in a first pass; those read twice or more go through a local. */
    private Map<FieldInfo, Integer> scopeCounts;
    private Set<FieldInfo> scopeShared;

    /** The values of a field at a leaf's call site: through the method's local when it is read more than once. */
    private CodeBlock read(FieldInfo fi) {
        if (scopeCounts != null) scopeCounts.merge(fi, 1, Integer::sum);
        if (scopeShared == null || !scopeShared.contains(fi)) return CodeBlock.of("$N.values(e)", fi.name());
        String local = "v" + fi.name();
        return CodeBlock.of("($N != null ? $N : ($N = $N.values(e)))", local, local, local, fi.name());
    }

    /** A method returning {@code condition}, each field it reads more than once read at most once per event. */
    private MethodSpec.Builder conditionMethod(MethodSpec.Builder m, java.util.function.Supplier<Cond> condition) {
        scopeCounts = new LinkedHashMap<>();
        condition.get();
        Set<FieldInfo> shared = new java.util.LinkedHashSet<>();
        scopeCounts.forEach((fi, n) -> {
            if (n > 1) shared.add(fi);
        });
        scopeCounts = null;
        scopeShared = shared;
        Cond c = condition.get();
        scopeShared = null;
        for (FieldInfo fi : shared) m.addStatement("$T $N = null", OBJECT_LIST, "v" + fi.name());
        m.addStatement("return $L", c.code());
        return m;
    }

    private final Map<String, Integer> leafCosts = new HashMap<>();

    private CodeBlock leafBody(Expr e, int[] cost) {
        if (e instanceof Compare c) {
            if (isNullLiteral(c.left()) || isNullLiteral(c.right())) {
                cost[0] = 1;
                return presence(c);
            }
            if (c.right() instanceof Literal lit && !(c.left() instanceof Literal)) return compareWithLiteral(c.op(), c.left(), lit, false, cost);
            if (c.left() instanceof Literal lit && !(c.right() instanceof Literal)) return compareWithLiteral(c.op(), c.right(), lit, true, cost);
        }
        if (e instanceof Match m) return matchLeaf(m, cost);
        if (e instanceof In in && allLiterals(in.values())) return inLeaf(in, cost);
        if (e instanceof Call c) {
            CodeBlock b = callLeaf(c, cost);
            if (b != null) return b;
        }
        if (e instanceof FieldRef f) {
            cost[0] = 2;
            return CodeBlock.builder()
                    .beginControlFlow("for (Object v : $L)", iterate(f))
                    .addStatement("if ($T.TRUE.equals(v)) return true", Boolean.class)
                    .endControlFlow().addStatement("return false").build();
        }
        cost[0] = 30;
        return CodeBlock.builder().addStatement("return $T.TRUE.equals($L)", Boolean.class, tri(e)).build();
    }

    /** {@code x == null} / {@code x != null}: presence, never unknown. */
    private CodeBlock presence(Compare c) {
        if (c.op() != Compare.Op.EQ && c.op() != Compare.Op.NE) return CodeBlock.of("return false;\n");
        boolean eq = c.op() == Compare.Op.EQ;
        Expr other = isNullLiteral(c.left()) ? c.right() : c.left();
        if (isNullLiteral(other)) return CodeBlock.of("return $L;\n", eq);
        if (other instanceof FieldRef f) {
            FieldInfo fi = field(f);
            if (fi.kind == FieldKind.ABSENT) return CodeBlock.of("return $L;\n", eq);
            if (fi.kind == FieldKind.RAW && other == currentSingle) return CodeBlock.of("return $Lvs.isEmpty();\n", eq ? "" : "!");
            if (fi.kind == FieldKind.RAW) return CodeBlock.of("return $L$N.isPresent(e);\n", eq ? "!" : "", fi.name);
        }
        return CodeBlock.of("return $T.absent($L) == $L;\n", EVAL, values(other), eq);
    }

    /** {@code subject op literal} (or {@code literal op subject} when {@code literalFirst}), any-of over the subject. */
    private CodeBlock compareWithLiteral(Compare.Op op, Expr subject, Literal lit, boolean literalFirst, int[] cost) {
        Object value = coerce(lit, subject);
        if (value == null) {
            cost[0] = 0;
            return CodeBlock.of("return false;\n"); // a comparison with null is unknown
        }
        cost[0] = subject instanceof FieldRef ? 2 : 25;
        CodeBlock litCode = constant(value);
        CodeBlock test;
        if (op == Compare.Op.EQ && value instanceof String) {
            test = CodeBlock.of("v instanceof String s ? s.equals($L) : $T.TRUE.equals($T.equal($L))", litCode, Boolean.class, VALUES,
                    literalFirst ? CodeBlock.of("$L, v", litCode) : CodeBlock.of("v, $L", litCode));
        } else {
            String method = switch (op) {
                case EQ -> "equal";
                case NE -> "notEqual";
                case LT -> "lessThan";
                case LE -> "lessOrEqual";
                case GT -> "greaterThan";
                case GE -> "greaterOrEqual";
            };
            test = CodeBlock.of("$T.TRUE.equals($T.$L($L))", Boolean.class, VALUES, method,
                    literalFirst ? CodeBlock.of("$L, v", litCode) : CodeBlock.of("v, $L", litCode));
        }
        return CodeBlock.builder()
                .beginControlFlow("for (Object v : $L)", iterate(subject))
                .addStatement("if ($L) return true", test)
                .endControlFlow().addStatement("return false").build();
    }

    private CodeBlock matchLeaf(Match m, int[] cost) {
        Pattern p = pattern(m);
        cost[0] = (m.subject() instanceof FieldRef ? 1 : 20) + p.cost();
        return CodeBlock.builder()
                .beginControlFlow("for (Object v : $L)", iterate(m.subject()))
                .addStatement("if (v != null && $N(v instanceof String s ? s : $T.asText(v))) return true", p.method(), EVAL)
                .endControlFlow().addStatement("return false").build();
    }

    private CodeBlock inLeaf(In in, int[] cost) {
        List<Object> strings = new ArrayList<>();
        List<Object> others = new ArrayList<>();
        for (Expr c : in.values()) {
            Object v = coerce((Literal) c, in.subject());
            if (v instanceof String s) strings.add(in.caseInsensitive() ? dev.ruleport.runtime.CaseFold.fold(s) : s);
            else if (v != null) others.add(v);
        }
        cost[0] = (in.subject() instanceof FieldRef ? 1 : 20) + (strings.size() >= SET_THRESHOLD ? 2 : strings.size());
        CodeBlock stringTest;
        if (strings.isEmpty()) {
            stringTest = CodeBlock.of("false");
        } else if (strings.size() >= SET_THRESHOLD) {
            String set = stringSet(strings);
            stringTest = CodeBlock.of("$N.contains($L)", set, in.caseInsensitive() ? CodeBlock.of("$T.fold(s)", CASE_FOLD) : CodeBlock.of("s"));
        } else {
            List<CodeBlock> eqs = new ArrayList<>();
            for (Object v : new LinkedHashSet<>(strings)) {
                eqs.add(in.caseInsensitive() ? CodeBlock.of("$T.equalsIgnoreCase(s, $L)", CASE_FOLD, JavaStrings.of(v)) : CodeBlock.of("s.equals($L)", JavaStrings.of(v)));
            }
            stringTest = CodeBlock.join(eqs, " || ");
        }
        CodeBlock.Builder b = CodeBlock.builder().beginControlFlow("for (Object v : $L)", iterate(in.subject()));
        if (others.isEmpty()) {
            b.addStatement("if (v instanceof String s && ($L)) return true", stringTest);
            // a non-string value can still equal a string candidate ("4688" == 4688)
            if (!strings.isEmpty()) {
                String all = literalList(allCandidates(in));
                b.addStatement("if (v != null && !(v instanceof String) && $T.TRUE.equals($T.$L(v, $N))) return true", Boolean.class,
                        VALUES, in.caseInsensitive() ? "inIgnoreCase" : "in", all);
            }
        } else {
            String all = literalList(allCandidates(in));
            String rest = literalList(others);
            b.addStatement("if (v instanceof String s && ($L || $T.TRUE.equals($T.$L(s, $N)))) return true", stringTest, Boolean.class,
                    VALUES, in.caseInsensitive() ? "inIgnoreCase" : "in", rest);
            b.addStatement("if (v != null && !(v instanceof String) && $T.TRUE.equals($T.$L(v, $N))) return true", Boolean.class,
                    VALUES, in.caseInsensitive() ? "inIgnoreCase" : "in", all);
        }
        return b.endControlFlow().addStatement("return false").build();
    }

    private List<Object> allCandidates(In in) {
        List<Object> all = new ArrayList<>();
        for (Expr c : in.values()) all.add(coerce((Literal) c, in.subject()));
        return all;
    }

    /** A boolean function over one varying argument and literals, looped over that argument's candidates. */
    private CodeBlock callLeaf(Call c, int[] cost) {
        int varying = -1;
        for (int i = 0; i < c.args().size(); i++) {
            if (c.args().get(i) instanceof Literal) continue;
            if (varying >= 0) return null;
            varying = i;
        }
        if (varying < 0) return null;
        if (c.function() == Function.CIDRMATCH && varying == 0) {
            cost[0] = 8;
            String blocks = cidrBlocks(c);
            return CodeBlock.builder()
                    .beginControlFlow("for (Object v : $L)", values(c.args().get(0)))
                    .addStatement("if ($T.TRUE.equals($T.matchAny(v, $N))) return true", Boolean.class, Cidr.class, blocks)
                    .endControlFlow().addStatement("return false").build();
        }
        cost[0] = 10;
        List<CodeBlock> args = new ArrayList<>();
        for (int i = 0; i < c.args().size(); i++) {
            args.add(i == varying ? CodeBlock.of("v") : constant(((Literal) c.args().get(i)).value()));
        }
        return CodeBlock.builder()
                .addStatement("$T cs = $L", OBJECT_LIST, values(c.args().get(varying)))
                .addStatement("$T.checkCombinations($T.$L, cs.size())", EVAL, Fn.class, fn(c.function()))
                .beginControlFlow("for (Object v : cs)")
                .addStatement("if ($T.TRUE.equals($T.$L.apply($L, $L))) return true", Boolean.class, Fn.class, fn(c.function()),
                        c.caseInsensitive(), CodeBlock.join(args, ", "))
                .endControlFlow().addStatement("return false").build();
    }

    // ------------------------------------------------------------------ patterns

    /** A method {@code boolean name(String s)} testing the patterns of a match, and its cost. */
    record Pattern(String method, int cost) {}

    private final Map<Match, Pattern> patterns = new HashMap<>();

    private Pattern pattern(Match m) {
        Match key = new Match(m.kind(), new Literal(null, m.span()), m.patterns(), m.caseInsensitive(), m.span());
        Pattern cached = patterns.get(key);
        if (cached != null) return cached;
        boolean ci = m.caseInsensitive();
        List<String> exact = new ArrayList<>();
        List<CodeBlock> cheap = new ArrayList<>();
        List<CodeBlock> expensive = new ArrayList<>();
        int cost = 0;
        for (Literal p : m.patterns()) {
            String text = String.valueOf(p.value());
            if (m.kind() == Match.Kind.REGEX) {
                try {
                    EqlRegex.compile(text, ci);
                } catch (IllegalArgumentException ex) {
                    problems.add(new Problem(p.span(), "Invalid regular expression [" + text + "]: " + ex.getMessage()));
                    continue;
                }
                String name = names.newName("REGEX_" + (counter++), new Object());
                constants.add(FieldSpec.builder(EqlRegex.class, name, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                        .initializer("$T.compile($L, $L)", EqlRegex.class, JavaStrings.of(text), ci).build());
                expensive.add(CodeBlock.of("$N.matches(s)", name));
                cost += 15;
                continue;
            }
            WildcardPattern w = WildcardPattern.compile(text, ci);
            String lit = w.shape() == WildcardPattern.Shape.GENERAL ? null
                    : ci ? dev.ruleport.runtime.CaseFold.fold(w.literal()) : w.literal();
            String subject = ci ? "f" : "s";
            switch (w.shape()) {
                case EXACT -> exact.add(lit);
                case PREFIX -> {
                    cheap.add(lit.isEmpty() ? CodeBlock.of("true") : CodeBlock.of("$L.startsWith($L)", subject, JavaStrings.of(lit)));
                    cost += 2;
                }
                case SUFFIX -> {
                    cheap.add(CodeBlock.of("$L.endsWith($L)", subject, JavaStrings.of(lit)));
                    cost += 2;
                }
                case CONTAINS -> {
                    cheap.add(CodeBlock.of("$L.contains($L)", subject, JavaStrings.of(lit)));
                    cost += 4;
                }
                case GENERAL -> {
                    String name = names.newName("WILDCARD_" + (counter++), new Object());
                    constants.add(FieldSpec.builder(WildcardPattern.class, name, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                            .initializer("$T.compile($L, $L)", WildcardPattern.class, JavaStrings.of(text), ci).build());
                    expensive.add(CodeBlock.of("$N.matches(s)", name));
                    cost += 8;
                }
            }
        }
        List<CodeBlock> tests = new ArrayList<>();
        String subject = ci ? "f" : "s";
        if (exact.size() >= SET_THRESHOLD) {
            tests.add(CodeBlock.of("$N.contains($L)", stringSet(new ArrayList<>(exact)), subject));
            cost += 2;
        } else {
            for (String x : new LinkedHashSet<>(exact)) {
                tests.add(CodeBlock.of("$L.equals($L)", subject, JavaStrings.of(x)));
                cost += 1;
            }
        }
        tests.addAll(cheap);
        boolean needsFold = ci && !tests.isEmpty();
        tests.addAll(expensive);
        String name = names.newName("pattern" + patterns.size(), new Object());
        MethodSpec.Builder mb = MethodSpec.methodBuilder(name).addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .returns(boolean.class).addParameter(String.class, "s");
        if (needsFold) mb.addStatement("String f = $T.fold(s)", CASE_FOLD);
        mb.addStatement("return $L", tests.isEmpty() ? CodeBlock.of("false") : CodeBlock.join(tests, "\n        || "));
        helpers.add(mb.build());
        Pattern result = new Pattern(name, cost);
        patterns.put(key, result);
        return result;
    }

    /** A static {@code Set<String>} of the given strings (built in parts so no method grows too large). */
    private String stringSet(List<Object> values) {
        String name = names.newName("SET_" + (counter++), new Object());
        List<CodeBlock> parts = new ArrayList<>();
        for (int from = 0; from < values.size(); from += SET_CHUNK) {
            List<CodeBlock> items = new ArrayList<>();
            for (Object v : values.subList(from, Math.min(values.size(), from + SET_CHUNK))) items.add(JavaStrings.of(v));
            String part = names.newName(name.toLowerCase(Locale.ROOT) + "Part" + parts.size(), new Object());
            helpers.add(MethodSpec.methodBuilder(part).addModifiers(Modifier.PRIVATE, Modifier.STATIC).returns(STRING_SET)
                    .addStatement("return $T.stringSet($L)", EVAL, CodeBlock.join(items, ",\n        ")).build());
            parts.add(CodeBlock.of("$N()", part));
        }
        CodeBlock init = parts.size() == 1 ? parts.get(0) : CodeBlock.of("$T.union($L)", EVAL, CodeBlock.join(parts, ", "));
        constants.add(FieldSpec.builder(STRING_SET, name, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL).initializer(init).build());
        return name;
    }

    private String cidrBlocks(Call c) {
        List<CodeBlock> blocks = new ArrayList<>();
        for (int i = 1; i < c.args().size(); i++) {
            Literal l = (Literal) c.args().get(i);
            try {
                Cidr.parse(l.asString());
            } catch (IllegalArgumentException ex) {
                problems.add(new Problem(l.span(), "Invalid CIDR block [" + l.asString() + "]: " + ex.getMessage()));
                continue;
            }
            blocks.add(CodeBlock.of("$T.parse($L)", Cidr.class, JavaStrings.of(l.asString())));
        }
        String name = names.newName("CIDR_" + (counter++), new Object());
        constants.add(FieldSpec.builder(CIDR_LIST, name, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .initializer("$T.of($L)", List.class, CodeBlock.join(blocks, ", ")).build());
        return name;
    }

    // ------------------------------------------------------------------ three-valued predicates and values

    /** Java code of type {@code Boolean} (null = unknown): the interpreter's {@code tri}. */
    CodeBlock tri(Expr e) {
        if (e instanceof Compare c) {
            if (isNullLiteral(c.left()) || isNullLiteral(c.right())) {
                if (c.op() != Compare.Op.EQ && c.op() != Compare.Op.NE) return CodeBlock.of("($T) null", Boolean.class);
                Expr other = isNullLiteral(c.left()) ? c.right() : c.left();
                boolean eq = c.op() == Compare.Op.EQ;
                if (isNullLiteral(other)) return CodeBlock.of("$T.$L", Boolean.class, eq ? "TRUE" : "FALSE");
                return CodeBlock.of("$T.valueOf($T.absent($L) == $L)", Boolean.class, EVAL, values(other), eq);
            }
            return CodeBlock.of("$T.compare($T.$L, $L, $L)", EVAL, Comparison.class, c.op().name(),
                    coerced(c.left(), c.right()), coerced(c.right(), c.left()));
        }
        if (e instanceof Match m) {
            Pattern p = pattern(m);
            return CodeBlock.of("$T.match($L, $T::$N)", EVAL, values(m.subject()), self, p.method());
        }
        if (e instanceof In in) {
            CodeBlock candidates;
            if (allLiterals(in.values())) {
                candidates = CodeBlock.of("$N", literalList(allCandidates(in)));
            } else {
                List<CodeBlock> parts = new ArrayList<>();
                for (Expr c : in.values()) parts.add(coerced(c, in.subject()));
                candidates = CodeBlock.of("$T.concat($L)", EVAL, CodeBlock.join(parts, ", "));
            }
            return CodeBlock.of("$T.in($L, $L, $L)", EVAL, values(in.subject()), candidates, in.caseInsensitive());
        }
        if (e instanceof Not n) return CodeBlock.of("$T.not($L)", dev.ruleport.runtime.Tri.class, tri(n.operand()));
        if (e instanceof And || e instanceof Or) {
            boolean isAnd = e instanceof And;
            List<Expr> ops = isAnd ? ((And) e).operands() : ((Or) e).operands();
            CodeBlock acc = tri(ops.get(0));
            for (int i = 1; i < ops.size(); i++) {
                acc = CodeBlock.of("$T.$L($L, $L)", dev.ruleport.runtime.Tri.class, isAnd ? "and" : "or", acc, tri(ops.get(i)));
            }
            return acc;
        }
        return CodeBlock.of("$T.collapse($L)", EVAL, values(e));
    }

    /** Java code of type {@code List<Object>}: the candidate values of {@code e}, never empty. */
    CodeBlock values(Expr e) {
        return e.accept(new dev.ruleport.ir.ExprVisitor<CodeBlock>() {
            @Override public CodeBlock visitLiteral(Literal l) { return CodeBlock.of("$N", literalList(java.util.Collections.singletonList(l.value()))); }

            @Override public CodeBlock visitField(FieldRef f) { return candidates(f); }

            @Override public CodeBlock visitAnd(And a) { return boolValue(a); }

            @Override public CodeBlock visitOr(Or o) { return boolValue(o); }

            @Override public CodeBlock visitNot(Not n) { return boolValue(n); }

            @Override public CodeBlock visitCompare(Compare c) { return boolValue(c); }

            @Override public CodeBlock visitMatch(Match m) { return boolValue(m); }

            @Override public CodeBlock visitIn(In in) { return boolValue(in); }

            @Override public CodeBlock visitCall(Call c) {
                if (c.function() == Function.CIDRMATCH && allLiterals(c.args().subList(1, c.args().size()))
                        && c.args().subList(1, c.args().size()).stream().allMatch(a -> ((Literal) a).isString())) {
                    return CodeBlock.of("$T.cidrMatch($L, $N)", EVAL, values(c.args().get(0)), cidrBlocks(c));
                }
                List<CodeBlock> args = new ArrayList<>();
                for (Expr a : c.args()) args.add(values(a));
                return CodeBlock.of("$T.call($T.$L, $L$L)", EVAL, Fn.class, fn(c.function()), c.caseInsensitive(),
                        args.isEmpty() ? CodeBlock.of("") : CodeBlock.of(", $L", CodeBlock.join(args, ", ")));
            }

            @Override public CodeBlock visitArithmetic(Arithmetic a) {
                return CodeBlock.of("$T.arith($T.$L, $L, $L)", EVAL, Arith.class, a.op().name(), values(a.left()), values(a.right()));
            }

            @Override public CodeBlock visitNegate(Negate n) {
                return CodeBlock.of("$T.negate($L)", EVAL, values(n.operand()));
            }
        });
    }

    private CodeBlock boolValue(Expr e) {
        return CodeBlock.of("$T.single($L)", EVAL, tri(e));
    }

    /** Values of {@code e}, a string literal converted to epoch millis when {@code other} is a date field. */
    private CodeBlock coerced(Expr e, Expr other) {
        if (e instanceof Literal l && l.isString() && other instanceof FieldRef f && isDate(f)) {
            return CodeBlock.of("$N", literalList(java.util.Collections.singletonList(coerce(l, other))));
        }
        return values(e);
    }

    private boolean isDate(FieldRef f) {
        Optional<FieldTypes.Mapped> m = types.lookup(f.name());
        return m.isPresent() && m.get().type() == FieldType.DATE;
    }

    /** A literal's value as the comparison sees it (a string against a date field becomes epoch millis). */
    private Object coerce(Literal l, Expr other) {
        if (l.isString() && other instanceof FieldRef f && isDate(f)) {
            return Timestamps.dateToMillis(l.value(), types.lookup(f.name()).get().dateFormat());
        }
        return l.value();
    }

    // ------------------------------------------------------------------ fields

    enum FieldKind { ABSENT, RAW, TYPED }

    /** How a field reference reads: never present, raw JSON values, or typed under the mapping. */
    record FieldInfo(FieldKind kind, String name) {}

    private FieldInfo field(FieldRef f) {
        String name = f.name();
        Optional<FieldTypes.Mapped> mapped = types.lookup(name);
        if (types.isPresent() && mapped.isEmpty()) {
            if (!f.optional()) problems.add(new Problem(f.span(), "Unknown field [" + name + "]"));
            return new FieldInfo(FieldKind.ABSENT, null);
        }
        String resolved = types.resolvePath(name);
        List<String> segments = resolved.equals(name) ? f.path().segments() : List.of(resolved.split("\\."));
        try {
            FieldAccessor.of(segments);
        } catch (IllegalArgumentException ex) {
            problems.add(new Problem(f.span(), "Invalid field path [" + name + "]: " + ex.getMessage()));
            return new FieldInfo(FieldKind.ABSENT, null);
        }
        FieldType t = mapped.map(FieldTypes.Mapped::type).orElse(FieldType.UNKNOWN);
        Object nullValue = mapped.map(FieldTypes.Mapped::nullValue).orElse(null);
        String dateFormat = mapped.map(FieldTypes.Mapped::dateFormat).orElse(null);
        boolean raw = nullValue == null && (t == FieldType.UNKNOWN || t == FieldType.OBJECT);
        String key = segments + "|" + (raw ? "raw" : t + "|" + nullValue + "|" + (nullValue == null ? "" : nullValue.getClass()) + "|" + dateFormat);
        String existing = accessors.get(key);
        if (existing != null) return new FieldInfo(raw ? FieldKind.RAW : FieldKind.TYPED, existing);
        String fieldName = names.newName(constantName(String.join("_", segments)), new Object());
        List<CodeBlock> segs = new ArrayList<>();
        for (String s : segments) segs.add(JavaStrings.of(s));
        CodeBlock accessor = CodeBlock.of("$T.of($T.of($L))", FieldAccessor.class, List.class, CodeBlock.join(segs, ", "));
        if (raw) {
            constants.add(FieldSpec.builder(FieldAccessor.class, fieldName, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                    .initializer(accessor).build());
        } else {
            constants.add(FieldSpec.builder(TypedField.class, fieldName, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                    .initializer("$T.of($L, $T.$L, $L, $L)", TypedField.class, accessor, ValueType.class, t.name(),
                            nullValue == null ? CodeBlock.of("null") : constant(nullValue), JavaStrings.of(dateFormat))
                    .build());
        }
        accessors.put(key, fieldName);
        return new FieldInfo(raw ? FieldKind.RAW : FieldKind.TYPED, fieldName);
    }

    static String constantName(String text) {
        // the runs of ASCII letters and digits, upper-cased, joined by '_'
        StringBuilder sb = new StringBuilder(text.length());
        boolean gap = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean lower = c >= 'a' && c <= 'z';
            if (lower || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
                if (gap && sb.length() > 0) sb.append('_');
                gap = false;
                sb.append(lower ? (char) (c - ('a' - 'A')) : c);
            } else {
                gap = true;
            }
        }
        String s = sb.toString();
        if (s.isEmpty()) s = "FIELD";
        if (Character.isDigit(s.charAt(0))) s = "F_" + s;
        return s.length() > 60 ? s.substring(0, 60) : s;
    }

    /** Values to loop over in a leaf (null-safe loops: a missing field may give an empty list). */
    private CodeBlock iterate(Expr e) {
        if (e == currentSingle) return CodeBlock.of("vs");
        if (e instanceof FieldRef f) {
            FieldInfo fi = field(f);
            return switch (fi.kind) {
                case ABSENT -> CodeBlock.of("$T.NULL", EVAL);
                case RAW -> CodeBlock.of("$N.values(e)", fi.name);
                case TYPED -> CodeBlock.of("$N.values(e)", fi.name);
            };
        }
        return values(e);
    }

    /** The interpreter's candidates of a field: {@code [null]} when missing. */
    private CodeBlock candidates(FieldRef f) {
        FieldInfo fi = field(f);
        if (f == currentSingle) return fi.kind == FieldKind.RAW ? CodeBlock.of("$T.orNull(vs)", EVAL) : CodeBlock.of("vs");
        return switch (fi.kind) {
            case ABSENT -> CodeBlock.of("$T.NULL", EVAL);
            case RAW -> CodeBlock.of("$T.orNull($N.values(e))", EVAL, fi.name);
            case TYPED -> CodeBlock.of("$N.values(e)", fi.name);
        };
    }

    // ------------------------------------------------------------------ constants

    /** A static {@code List<Object>} of constant values (shared by equal lists). */
    private String literalList(List<Object> values) {
        List<CodeBlock> items = new ArrayList<>();
        StringBuilder key = new StringBuilder();
        for (Object v : values) {
            items.add(constant(v));
            key.append(v == null ? "null" : v.getClass().getSimpleName()).append(':').append(v).append('\u0000');
        }
        String existing = literalLists.get(key.toString());
        if (existing != null) return existing;
        String name = names.newName("CONSTANTS_" + (counter++), new Object());
        CodeBlock init = values.size() == 1 ? CodeBlock.of("$T.single($L)", EVAL, items.get(0))
                : CodeBlock.of("$T.asList(new Object[] {$L})", java.util.Arrays.class, CodeBlock.join(items, ", "));
        constants.add(FieldSpec.builder(OBJECT_LIST, name, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL).initializer(init).build());
        literalLists.put(key.toString(), name);
        return name;
    }

    /** A constant of the value's exact runtime class (String, Integer, Long, Double, Boolean, big numbers, null). */
    static CodeBlock constant(Object v) {
        if (v == null) return CodeBlock.of("null");
        if (v instanceof String s) return JavaStrings.of(s);
        if (v instanceof Boolean b) return CodeBlock.of("$T.$L", Boolean.class, b ? "TRUE" : "FALSE");
        if (v instanceof Integer i) return CodeBlock.of("$T.valueOf($L)", Integer.class, i == Integer.MIN_VALUE ? "Integer.MIN_VALUE" : i.toString());
        if (v instanceof Long l) return CodeBlock.of("$T.valueOf($L)", Long.class, l == Long.MIN_VALUE ? "Long.MIN_VALUE" : l + "L");
        if (v instanceof Double d) {
            String text = Double.isNaN(d) ? "Double.NaN" : d == Double.POSITIVE_INFINITY ? "Double.POSITIVE_INFINITY"
                    : d == Double.NEGATIVE_INFINITY ? "Double.NEGATIVE_INFINITY" : Double.toString(d) + "d";
            return CodeBlock.of("$T.valueOf($L)", Double.class, text);
        }
        if (v instanceof BigDecimal b) return CodeBlock.of("new $T($S)", BigDecimal.class, b.toString());
        if (v instanceof BigInteger b) return CodeBlock.of("new $T($S)", BigInteger.class, b.toString());
        if (v instanceof Float f) return CodeBlock.of("$T.valueOf($Lf)", Float.class, Float.toString(f));
        if (v instanceof Short s) return CodeBlock.of("$T.valueOf((short) $L)", Short.class, s.toString());
        throw new IllegalArgumentException("no Java constant for " + v.getClass());
    }

    private static String fn(Function f) { return f.name(); }

    /**
     * The null literal, or an optional field the mapping does not know (Elasticsearch replaces it by
     * null, so {@code ?x == ?y} holds when neither exists), as in the interpreter.
     */
    private boolean isNullLiteral(Expr e) {
        if (e instanceof Literal l) return l.isNull();
        return e instanceof FieldRef f && f.optional() && types.isPresent() && types.lookup(f.name()).isEmpty();
    }

    private static boolean allLiterals(List<Expr> es) {
        for (Expr e : es) if (!(e instanceof Literal)) return false;
        return true;
    }


    /** Rule text inside a Javadoc comment: no comment end, no tags, no HTML, and no backslash (javac reads unicode escapes in comments). */
    private static String javadocText(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("@", "&#64;")
                .replace("*/", "*&#47;").replace("\\", "&#92;").replace("\r", " ");
    }
}
