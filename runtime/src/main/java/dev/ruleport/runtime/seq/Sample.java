package dev.ruleport.runtime.seq;

import java.util.List;

/**
 * One result of an EQL {@code sample}: the shared join key and one event per filter, in filter order.
 *
 * @param key    the join-key tuple
 * @param events one event per filter (unmodifiable, all distinct)
 */
public record Sample<E>(List<Object> key, List<E> events) {
}
