package dev.ruleport.sigma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ruleport.diag.SourceText;
import dev.ruleport.ir.SequenceQuery;
import dev.ruleport.parse.QueryParser;
import org.junit.jupiter.api.Test;

/** When can one event satisfy two sequence stages? Disjoint only when proved. */
class StageOverlapTest {
    /** Are the two stages of {@code sequence [a] [b]} proved disjoint (fields or activity categories)? */
    private static boolean disjoint(String a, String b) {
        var r = QueryParser.parseQuery(SourceText.of("q.eql", "sequence with maxspan=1m [" + a + "] [" + b + "]"));
        assertTrue(r.ok(), r.diagnostics().toString());
        SequenceQuery q = (SequenceQuery) r.value();
        var x = q.terms().get(0).filter();
        var y = q.terms().get(1).filter();
        assertEquals(StageOverlap.disjoint(x, y), StageOverlap.disjoint(y, x), "symmetric");
        return StageOverlap.disjoint(x, y) || StageOverlap.differentActivities(x, y);
    }

    @Test
    void differentValuesOfASingleValuedEcsFieldAreDisjoint() {
        assertTrue(disjoint("any where event.action == \"a\"", "any where event.action == \"b\""));
        assertTrue(disjoint("any where event.code in (\"4624\", \"4625\")", "any where event.code == \"4688\""));
        assertTrue(disjoint("any where event.code == 4624 and true", "any where event.code == 4625"));
        assertTrue(disjoint("any where process.name : \"cmd.exe\"", "any where process.name : \"powershell.exe\""));
        // case-sensitive values that differ only in case are different values
        assertTrue(disjoint("any where event.action == \"Logon\"", "any where event.action == \"logon\""));
    }

    @Test
    void valuesThatOneEventCouldHaveOverlap() {
        assertFalse(disjoint("any where event.action == \"a\"", "any where event.action in (\"b\", \"a\")"));
        // `:` ignores case, so "Logon" and "logon" can be the same value
        assertFalse(disjoint("any where event.action : \"Logon\"", "any where event.action == \"logon\""));
        assertFalse(disjoint("any where event.code == \"4624\"", "any where event.code == 4624"));
        assertFalse(disjoint("any where process.name == \"a\"", "any where process.executable == \"b\""));
        assertFalse(disjoint("any where process.name == \"a\" or true", "any where process.name == \"b\""));
    }

    @Test
    void wildcardsAreComparedByTheirFixedEnds() {
        assertTrue(disjoint("any where file.name : \"*.exe\"", "any where file.name : \"*.dll\""));
        assertTrue(disjoint("any where file.path : \"C:\\\\Windows\\\\*\"", "any where file.path : \"D:\\\\*\""));
        assertTrue(disjoint("any where file.name : \"cmd.exe\"", "any where file.name like \"*.dll\""));
        assertFalse(disjoint("any where file.name : \"*.exe\"", "any where file.name : \"cmd*\""));
        assertFalse(disjoint("any where file.name : \"cmd.exe\"", "any where file.name : \"CMD*\""));
        assertFalse(disjoint("any where file.name : \"?md.exe\"", "any where file.name : \"c*\""));
    }

    @Test
    void arraysAndFieldsOfUnknownShapeProveNothing() {
        // ECS arrays: one event can hold both values
        assertFalse(disjoint("any where event.type == \"start\"", "any where event.type == \"end\""));
        assertFalse(disjoint("any where process.args == \"-a\"", "any where process.args == \"-b\""));
        assertFalse(disjoint("any where related.user == \"a\"", "any where related.user == \"b\""));
        // integration fields are not described by ECS
        assertFalse(disjoint("any where winlog.event_id == \"1\"", "any where winlog.event_id == \"3\""));
        assertTrue(StageOverlap.singleValued("process.parent.name"));
        assertFalse(StageOverlap.singleValued("process.parent.args"));
        assertFalse(StageOverlap.singleValued("threat.technique.id"));
        assertFalse(StageOverlap.singleValued("okta.event_type"));
    }

    /** Do the stages of {@code sequence [a] by ka [b] by kb} join on fields one event never has equal? */
    private static boolean keysApart(String a, String ka, String b, String kb) {
        var r = QueryParser.parseQuery(SourceText.of("q.eql",
                "sequence with maxspan=1m [" + a + "] by " + ka + " [" + b + "] by " + kb));
        assertTrue(r.ok(), r.diagnostics().toString());
        SequenceQuery q = (SequenceQuery) r.value();
        return StageOverlap.keysApart(q.joinKeys(q.terms().get(0)), q.joinKeys(q.terms().get(1)));
    }

    @Test
    void aProcessJoinedWithItsChildIsTwoEvents() {
        assertTrue(keysApart("process where true", "process.entity_id", "process where true", "process.parent.entity_id"));
        assertTrue(keysApart("process where true", "host.id, process.parent.pid", "process where true", "host.id, process.pid"));
        assertFalse(keysApart("process where true", "process.entity_id", "process where true", "process.entity_id"));
        assertFalse(keysApart("process where true", "process.entity_id", "process where true", "process.group_leader.entity_id"));
        assertFalse(keysApart("process where true", "process.pid", "process where true", "process.parent.entity_id"));
    }

    @Test
    void endpointActivityCategoriesAreExclusiveButOthersAreNot() {
        assertTrue(disjoint("process where true", "network where true"));
        assertTrue(disjoint("file where true", "registry where true"));
        assertFalse(disjoint("process where true", "process where process.name == \"a\""));
        assertFalse(disjoint("authentication where true", "session where true"));
        assertFalse(disjoint("any where true", "network where true"));
    }
}
