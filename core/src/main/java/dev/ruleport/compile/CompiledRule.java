package dev.ruleport.compile;

import dev.ruleport.ir.Query;
import dev.ruleport.loader.Rule;

/** A rule whose query parsed and passed the front end's checks: what every backend starts from. */
public record CompiledRule(Rule rule, Query query) {}
