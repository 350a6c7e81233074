package dev.ruleport.match;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ruleport.runtime.Event;
import dev.ruleport.runtime.FieldAccessor;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading only the fields rules read gives every one of those fields the values reading the whole event gives. */
class EventParserTest {
    private static final List<String> READ = List.of("process.name", "process.parent.name", "process.args", "file.path",
            "dll.code_signature.subject_name", "@timestamp", "event.category", "process.pe");
    /** Paths the rules read (as above), spelled other ways, and paths they do not. */
    private static final List<String> LOOKED_UP = List.of("process.name", "process.parent.name", "process.args",
            "process.args[0]", "process.args[2]", "file.path", "dll.code_signature.subject_name", "@timestamp",
            "event.category", "process.pe", "process.pe.original_file_name");

    private static final List<String> RECORDS = List.of(
            "{\"process\":{\"name\":\"CMD.EXE\",\"pid\":4,\"parent\":{\"name\":\"explorer.exe\",\"pid\":1}},\"host\":{\"name\":\"h\"}}",
            "{\"process.name\":\"cmd.exe\",\"process.parent.name\":\"x\",\"process.parent.pid\":7,\"user.name\":\"u\"}",
            "{\"process\":{\"parent.name\":\"x\",\"parent\":{\"name\":\"y\"}},\"process.parent\":{\"name\":\"z\"}}",
            "{\"process\":{\"args\":[\"a\",\"B\",{\"x\":1},null],\"pe\":{\"original_file_name\":\"O.EXE\",\"company\":\"c\"}}}",
            "{\"dll\":[{\"code_signature\":{\"subject_name\":\"M\",\"trusted\":true}},{\"path\":\"p\"},"
                    + "{\"code_signature.subject_name\":\"N\"}],\"file\":[{\"path\":\"a\"},{\"name\":\"b\",\"path\":[\"c\",\"d\"]}]}",
            "{\"event\":{\"category\":[\"process\"],\"type\":\"start\"},\"@timestamp\":\"2026-01-01T00:00:00Z\","
                    + "\"other\":{\"deep\":[[{\"a\":[1,2,{\"b\":null}]}]],\"n\":1.5e3,\"big\":123456789012345678901234567890}}",
            "{\"process\":null,\"file\":{\"path\":null},\"process.name.text\":\"t\",\"process.name\":\"n\",\"process\":{\"name\":\"dup\"}}",
            "// a comment\n{\"process\" /* here */ : {\"name\":\"c.exe\"}, \"x\": \"\\u00e9\\\"q\"}");

    private static final FieldTree TREE = FieldTree.of(READ);

    private static Event parse(String record, FieldTree read) throws EventParser.BadRecord {
        byte[] bytes = record.getBytes(StandardCharsets.UTF_8);
        return EventParser.event(bytes, 0, bytes.length, read);
    }

    @Test
    void everyFieldReadHasTheSameValuesAsInTheWholeEvent() throws EventParser.BadRecord {
        for (String record : RECORDS) {
            Event whole = parse(record, null);
            Event part = parse(record, TREE);
            for (String path : LOOKED_UP) {
                FieldAccessor a = FieldAccessor.of(path);
                assertEquals(a.values(whole), a.values(part), path + " in " + record);
            }
        }
    }

    @Test
    void fieldsNoRuleReadsAreLeftOut() throws EventParser.BadRecord {
        Event part = parse(RECORDS.get(0), TREE);
        assertEquals(Map.of("process", Map.of("name", "CMD.EXE", "parent", Map.of("name", "explorer.exe"))), part.source());
        assertFalse(part.hasDottedKeys());
        assertTrue(parse(RECORDS.get(1), TREE).hasDottedKeys());
        // arrays keep their length (an index reads the same element), their objects only the fields read
        assertEquals(4, ((List<?>) ((Map<?, ?>) parse(RECORDS.get(3), TREE).source().get("process")).get("args")).size());
        assertEquals(List.of(Map.of("code_signature", Map.of("subject_name", "M")), Map.of(),
                Map.of("code_signature.subject_name", "N")), parse(RECORDS.get(4), TREE).source().get("dll"));
    }

    @Test
    void aRecordReadInPartIsBadWhereAndWhyTheWholeIs() {
        List<byte[]> bad = List.of(
                "{\"x\": \"\\q\"}".getBytes(StandardCharsets.UTF_8),
                "{\"x\": [1, 2}".getBytes(StandardCharsets.UTF_8),
                "{\"x\": {\"y\": tru}}".getBytes(StandardCharsets.UTF_8),
                "{\"x\": 01}".getBytes(StandardCharsets.UTF_8),
                "{\"x\": 1} {}".getBytes(StandardCharsets.UTF_8),
                "{\"x\": \"a\u0001b\"}".getBytes(StandardCharsets.UTF_8),
                new byte[] {'{', '"', 'x', '"', ':', '"', (byte) 0xC3, '"', '}'},             // a cut UTF-8 sequence
                new byte[] {'{', '"', 'x', '"', ':', '"', (byte) 0xFF, 'a', '"', '}'},        // not UTF-8
                new byte[] {'{', '"', 'x', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'}); // a surrogate
        for (byte[] record : bad) {
            String text = new String(record, StandardCharsets.ISO_8859_1);
            EventParser.BadRecord whole = assertThrows(EventParser.BadRecord.class, () -> EventParser.event(record, 0, record.length), text);
            EventParser.BadRecord part = assertThrows(EventParser.BadRecord.class, () -> EventParser.event(record, 0, record.length, TREE), text);
            assertEquals(whole.getMessage() + " " + whole.line + ":" + whole.column, part.getMessage() + " " + part.line + ":" + part.column, text);
        }
        // a long number no rule reads: rejected or read alike
        byte[] longNumber = ("{\"x\": " + "9".repeat(2000) + "}").getBytes(StandardCharsets.UTF_8);
        String whole = outcome(longNumber, null);
        assertEquals(whole, outcome(longNumber, TREE));
    }

    private static String outcome(byte[] record, FieldTree read) {
        try {
            return String.valueOf(EventParser.event(record, 0, record.length, read) != null);
        } catch (EventParser.BadRecord e) {
            return e.getMessage();
        }
    }
}
