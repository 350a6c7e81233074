package dev.ruleport.lower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ruleport.ir.Expr;
import dev.ruleport.ir.FieldRef;
import dev.ruleport.ir.Not;
import dev.ruleport.mapping.ValueRendering;
import dev.ruleport.print.EqlPrinter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Leaves on a field with open listed values ({@code values_open}): Elastic Defend's integrity_level_name as Sysmon's
 * IntegrityLevel, where Sysmon also writes levels Defend's names do not list (AppContainer, Untrusted, ...).
 */
class RenderingsTest {
    private static final ValueRendering LEVELS;
    static {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("high", "High");
        v.put("system", "System");
        LEVELS = new ValueRendering(v, List.of(), null, true);
    }

    private static String rewrite(String leaf) {
        Expr e = LoweringTest.expr(leaf);
        boolean negated = false;
        if (e instanceof Not n) { e = n.operand(); negated = true; }
        Renderings.Result r = Renderings.rewrite(e, negated, field(e), LEVELS);
        return r.refusal() != null ? "refused: " + r.refusal() : EqlPrinter.print(r.expr());
    }

    private static FieldRef field(Expr e) {
        if (e instanceof dev.ruleport.ir.Compare c) return (FieldRef) (c.left() instanceof FieldRef ? c.left() : c.right());
        if (e instanceof dev.ruleport.ir.In in) return (FieldRef) in.subject();
        if (e instanceof dev.ruleport.ir.Call call) return (FieldRef) call.args().get(0);
        return (FieldRef) ((dev.ruleport.ir.Match) e).subject();
    }

    @Test
    void notSystemHoldsOnEveryOtherTextAndOnAMissingField() {
        // != holds on a missing field in EQL, and on every level that is not System, listed or not
        assertEquals("x != null and x not in (\"System\") or x == null", rewrite("x != \"system\""));
    }

    @Test
    void equalityIsTheListedText() {
        assertEquals("x in (\"High\")", rewrite("x == \"high\""));
        assertEquals("x in (\"High\", \"System\")", rewrite("x in (\"high\", \"system\")"));
    }

    @Test
    void aCaseInsensitiveLeafFoldsTheListedValue() {
        assertEquals("x in (\"High\")", rewrite("x : \"HIGH\""));
    }

    @Test
    void negatedMembershipKeepsTheUnlistedValues() {
        assertEquals("x != null and x not in (\"High\", \"System\") or x == null", rewrite("not x in (\"high\", \"system\")"));
    }

    @Test
    void aWildcardIsRefused() {
        String r = rewrite("x : \"hi*\"");
        assertTrue(r.startsWith("refused: ") && r.contains("wildcard pattern may match some of the other values"), r);
    }

    @Test
    void anUnlistedLiteralIsRefused() {
        String r = rewrite("x == \"medium\"");
        assertTrue(r.startsWith("refused: ") && r.contains("\"medium\" is none of high, system"), r);
        // case-sensitive ==: "High" is no listed ECS value (Defend writes lower case)
        assertTrue(rewrite("x in (\"High\")").contains("\"High\" is none of high, system"));
    }

    @Test
    void aFunctionIsRefused() {
        assertTrue(rewrite("startsWith(x, \"hi\")").startsWith("refused: "));
    }

    @Test
    void unlistedValuesAreWrittenAsNoListedText() {
        assertEquals("High", LEVELS.targetText("high"));
        assertEquals("AppContainer", LEVELS.targetText("AppContainer"));
        // a listed value but for case is that value: the source names its values in one case
        assertEquals("High", LEVELS.targetText("HIGH"));
        assertEquals("~high", LEVELS.targetText("~high"));
        assertEquals("~s-1-16-0", new ValueRendering(Map.of("high", "S-1-16-0"), List.of(), null, true).targetText("s-1-16-0"));
        assertEquals("high", LEVELS.ecsValue("High", true));
        assertEquals("~high", LEVELS.ecsValue("high", true));
        assertEquals("Medium", LEVELS.ecsValue("Medium", true));
        assertNull(new ValueRendering(Map.of("high", "High"), List.of(), null).targetText("medium"));
    }

    @Test
    void aNumberOnANumericFieldAlsoMatchesItsHexadecimalForm() {
        ValueRendering hex = new ValueRendering(Map.of(), List.of("0x%x"), null);
        Expr e = LoweringTest.expr("process.parent.pid == 4");
        Renderings.Result r = Renderings.rewrite(e, false, field(e), hex);
        assertEquals("process.parent.pid == 4 or process.parent.pid : \"0x4\"", EqlPrinter.print(r.expr()));
        Expr in = LoweringTest.expr("process.parent.pid in (4, 500)");
        assertEquals("process.parent.pid in (4, 500) or process.parent.pid : (\"0x4\", \"0x1f4\")",
                EqlPrinter.print(Renderings.rewrite(in, false, field(in), hex).expr()));
        // an ordering compares numbers, which the hexadecimal text does not say: refused
        Expr gt = LoweringTest.expr("process.parent.pid > 4");
        assertTrue(Renderings.rewrite(gt, false, field(gt), hex).refusal() != null);
    }
}
