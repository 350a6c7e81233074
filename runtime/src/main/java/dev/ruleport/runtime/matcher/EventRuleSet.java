package dev.ruleport.runtime.matcher;

import dev.ruleport.runtime.Event;
import dev.ruleport.runtime.EventFields;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Many single-event rules compiled together: one call decides every rule for one event. A generated
 * rule set reads each field of the event at most once for all its rules ({@link EventFields}) and
 * skips the rules of event categories the event does not have. Its verdict for each rule is exactly
 * that rule's {@link EventMatcher#matches}. Stateless: {@link #match} may be called from any number of
 * threads, each with its own {@link EventFields}.
 */
public interface EventRuleSet {
    /** The rules, in the order whose indexes {@link #match} reports. */
    List<RuleInfo> rules();

    /** Reports the index (in {@link #rules()}) of every rule {@code event} matches, each once, in ascending order. */
    void match(EventFields event, IntConsumer matched);

    /** As {@link #match(EventFields, IntConsumer)} with a fresh field cache. */
    default void match(Event event, IntConsumer matched) {
        match(new EventFields(event), matched);
    }

    /** The rules {@code event} matches, in rule order. */
    default List<RuleInfo> matching(Event event) {
        List<RuleInfo> all = rules();
        List<RuleInfo> out = new ArrayList<>();
        match(event, i -> out.add(all.get(i)));
        return out;
    }
}
