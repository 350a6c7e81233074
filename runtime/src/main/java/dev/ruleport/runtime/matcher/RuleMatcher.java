package dev.ruleport.runtime.matcher;

import dev.ruleport.runtime.seq.Pipe;
import java.util.List;

/** What every generated matcher offers: the rule's metadata and the query's pipes. */
public interface RuleMatcher {
    RuleInfo info();

    /** The query's {@code head}/{@code tail} pipes, applied by the batch {@code run} methods. */
    List<Pipe> pipes();
}
