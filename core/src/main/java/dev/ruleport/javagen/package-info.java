/**
 * The {@code java} target: one matcher class per rule, generated with JavaPoet
 * ({@link dev.ruleport.javagen.MatcherGenerator}, {@link dev.ruleport.javagen.JavaBackend}), depending
 * only on the runtime module. The generated code means exactly what the interpreter means (checked by
 * differential tests over the corpus and the conformance suites) and is specialised: fields resolved
 * once, literals folded, wildcards turned into prefix/suffix/contains tests, long lists into hash
 * lookups, regexes compiled once, cheap clauses first. {@link dev.ruleport.javagen.InMemoryCompiler}
 * compiles and loads generated classes without writing files.
 */
package dev.ruleport.javagen;
