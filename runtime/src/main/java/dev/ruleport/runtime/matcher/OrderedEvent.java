package dev.ruleport.runtime.matcher;

import dev.ruleport.runtime.Event;
import dev.ruleport.runtime.seq.Ordinal;

/** An event with its position in EQL's default order. */
public record OrderedEvent(Event event, Ordinal ordinal) {
}
