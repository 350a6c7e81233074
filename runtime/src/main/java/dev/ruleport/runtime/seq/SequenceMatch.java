package dev.ruleport.runtime.seq;

import java.util.List;

/**
 * One sequence match: its join key and one event per stage, in stage order, with {@code null}
 * placeholders at missing-event ({@code ![...]}) stages.
 *
 * @param key    the join-key tuple shared by the match (empty for keyless sequences)
 * @param events one entry per stage (unmodifiable; may contain {@code null})
 */
public record SequenceMatch<E>(List<Object> key, List<E> events) {
}
