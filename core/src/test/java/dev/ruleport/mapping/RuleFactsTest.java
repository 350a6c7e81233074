package dev.ruleport.mapping;

import static dev.ruleport.mapping.Ir.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RuleFactsTest {
    @Test
    void seedFacts() {
        RuleFacts f = RuleFacts.from(seed(), SEED_INDEX, null);
        assertEquals(Optional.of("process"), f.category());
        assertEquals(Set.of("windows"), f.os());
        assertEquals(Set.of("4688"), f.codes());
        assertEquals(Set.of(), f.types());
        assertEquals(Set.of(), f.actions());
        assertEquals(SEED_INDEX, f.indexPatterns());
        assertEquals("event.category", f.categoryField());
        assertTrue(f.requiredFields().containsAll(Set.of("process.executable", "process.parent.executable")));
    }

    @Test
    void listsOrListsAndColon() {
        RuleFacts f = RuleFacts.of(and(
                colon("host.os.type", "windows"),
                in("event.type", "start", "process_started"),
                or(eq("event.action", "exec"), eq("event.action", "exec_event")),
                in("event.code", 4688)));
        assertEquals(Optional.empty(), f.category());
        assertEquals(Set.of("windows"), f.os());
        assertEquals(Set.of("start", "process_started"), f.types());
        assertEquals(Set.of("exec", "exec_event"), f.actions());
        assertEquals(Set.of("4688"), f.codes());
    }

    @Test
    void notAndMixedDisjunctionsAreNoFacts() {
        RuleFacts f = RuleFacts.of(and(
                not(eq("host.os.type", "linux")),
                or(eq("event.type", "start"), eq("process.name", "x")),
                ne("event.action", "exec"),
                colon("event.code", "46*")));
        assertEquals(Set.of(), f.os());
        assertEquals(Set.of(), f.types());
        assertEquals(Set.of(), f.actions());
        assertEquals(Set.of(), f.codes());
        assertTrue(f.values().isEmpty());
    }

    @Test
    void singleConjunctCondition() {
        assertEquals(Set.of("windows"), RuleFacts.of(eq("host.os.type", "Windows")).os());
    }

    @Test
    void repeatedFactsIntersect() {
        RuleFacts f = RuleFacts.of(and(in("event.type", "start", "change"), eq("event.type", "start")));
        assertEquals(Set.of("start"), f.types());
    }

    @Test
    void categoryOverrideMakesTheKeywordAFactOnThatField() {
        RuleFacts f = RuleFacts.from(filter("info", eq("event.provider", "iam.amazonaws.com")), List.of("logs-aws*"), "event.type");
        assertEquals(Optional.empty(), f.category());
        assertEquals(Set.of("info"), f.types());
        assertEquals("event.type", f.categoryField());
    }

    @Test
    void anyWithEventCategoryConjunct() {
        RuleFacts f = RuleFacts.from(filter(null, and(eq("event.category", "library"), eq("dll.name", "a.dll"))), List.of(), null);
        assertEquals(Optional.of("library"), f.category());
    }

    @Test
    void requiredFieldsSkipNegationsAndNullTests() {
        RuleFacts f = RuleFacts.of(and(colon("dns.question.name", "*.onion"), not(eq("process.name", "x")),
                eq("user.name", null), or(eq("file.name", "a"), colon("file.name", "b"))));
        assertEquals(Set.of("dns.question.name", "file.name"), f.requiredFields());
    }
}
