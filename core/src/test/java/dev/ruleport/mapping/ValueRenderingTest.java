package dev.ruleport.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A rendering read backwards: the ECS value a text the target stores stands for. */
class ValueRenderingTest {
    private static final ValueRendering SYSMON_NUMBERS =
            new ValueRendering(Map.of(), List.of("DWORD (0x%08x)", "QWORD (0x%08x-0x%08x)"), null);
    private static final ValueRendering INITIATED = new ValueRendering(Map.of("egress", "true", "ingress", "false"), List.of(), null);

    @Test
    void numberFormsReadAsTheirDecimalNumber() {
        assertEquals("1", SYSMON_NUMBERS.ecsValue("DWORD (0x00000001)", false));
        assertEquals("4294967295", SYSMON_NUMBERS.ecsValue("dword (0xFFFFFFFF)", false));
        assertEquals("4294967297", SYSMON_NUMBERS.ecsValue("QWORD (0x00000001-0x00000001)", false));
        for (String n : List.of("0", "1", "4294967296", "18446744073709551615")) {
            for (String form : SYSMON_NUMBERS.numberForms(n)) assertEquals(n, SYSMON_NUMBERS.ecsValue(form, false), form);
        }
    }

    @Test
    void otherTextIsItsOwnValue() {
        assertEquals("C:\\a.exe", SYSMON_NUMBERS.ecsValue("C:\\a.exe", false));
        assertEquals("DWORD (0x1)", SYSMON_NUMBERS.ecsValue("DWORD (0x1)", false));
    }

    @Test
    void listedValuesReadAsTheirEcsValueAndNothingElseDoes() {
        assertEquals("egress", INITIATED.ecsValue("true", false));
        assertEquals("ingress", INITIATED.ecsValue("FALSE", false));
        assertNull(INITIATED.ecsValue("FALSE", true));
        assertNull(INITIATED.ecsValue("egress", false));
        assertNull(new ValueRendering(Map.of(), List.of(), "unknown").ecsValue("unknown", false));
    }

    @Test
    void hexadecimalProcessIdsWithoutLeadingZeros() {
        ValueRendering hex = new ValueRendering(Map.of(), List.of("0x%x"), null);
        assertEquals(List.of("0x4"), hex.numberForms("4"));
        assertEquals(List.of("0x1f4"), hex.numberForms("500"));
        assertEquals(List.of("0x0"), hex.numberForms("0"));
        assertEquals("500", hex.ecsValue("0x1F4", false));
        assertEquals(true, hex.isNumberForm("0x1f4"));
        // Windows writes no leading zeros: 0x01f4 is no form of a number, it is its own text
        assertEquals(false, hex.isNumberForm("0x01f4"));
        assertEquals("0x01f4", hex.ecsValue("0x01f4", false));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new ValueRendering(Map.of(), List.of("0x%x-%08x"), null));
    }
}
