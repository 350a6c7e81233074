/**
 * Running rules over event streams: {@link dev.ruleport.match.MatchRules} compiles rules in memory
 * into the generated matcher classes and rule set (the interpreter only for a rule that cannot be
 * compiled); {@link dev.ruleport.match.StreamMatcher} streams NDJSON or JSON-array events (gzip too)
 * through them on several threads, with bounded memory and output independent of the thread count.
 */
package dev.ruleport.match;
