package dev.ruleport.runtime.matcher;

import dev.ruleport.runtime.Event;
import dev.ruleport.runtime.EventFields;
import dev.ruleport.runtime.seq.Pipes;
import dev.ruleport.runtime.seq.SequenceMatch;
import dev.ruleport.runtime.seq.SequenceMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Many generated sequence rules over one batch of events. Each rule's result is exactly its own
 * {@link SequenceRuleMatcher#run}; what the set saves is the work the rules have in common: the events
 * are put in EQL order once (not once per rule), and each event is then offered to every rule while
 * it is at hand, its fields read once for all of them ({@link EventFields}), instead of every rule
 * walking the whole batch on its own. Immutable; {@link #run} may be called from several threads.
 */
public final class SequenceSet {
    private final List<SequenceRuleMatcher> rules;
    private final RunOptions options;

    public SequenceSet(List<? extends SequenceRuleMatcher> rules, RunOptions options) {
        this.rules = List.copyOf(rules);
        this.options = Objects.requireNonNull(options, "options");
    }

    public List<SequenceRuleMatcher> rules() {
        return rules;
    }

    /** For each rule (in order), its matches over {@code events}, pipes and size limit applied. */
    public List<List<List<Event>>> run(List<Event> events) {
        List<List<List<Event>>> results = new ArrayList<>(rules.size());
        List<SequenceMatcher<OrderedEvent>> live = new ArrayList<>(rules.size());
        for (SequenceRuleMatcher rule : rules) {
            List<List<Event>> mine = new ArrayList<>();
            results.add(mine);
            live.add(new SequenceMatcher<>(rule.spec(), m -> mine.add(Runs.unwrap(m.events()))));
        }
        // one cache, moved from event to event: the matchers read it only for the event being offered
        // (they keep the events of partial sequences, never re-read them)
        EventFields fields = null;
        for (OrderedEvent p : Runs.timed(events, options)) {
            fields = fields == null ? new EventFields(p.event()) : fields.reset(p.event());
            OrderedEvent shared = p.withFields(fields);
            for (int i = 0, n = live.size(); i < n; i++) {
                live.get(i).accept(shared);
            }
        }
        for (int i = 0; i < rules.size(); i++) {
            live.get(i).finish();
            results.set(i, Pipes.apply(results.get(i), rules.get(i).pipes(), Runs.size(options)));
        }
        return results;
    }
}
