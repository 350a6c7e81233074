package dev.ruleport.match;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Cutting streams into records: each record's text and position, whatever the chunk and buffer boundaries. */
class RecordReaderTest {

    /** "line:column text" per record, or "line:column! error". */
    private static List<String> records(byte[] input, int chunk, int maxRecord) throws IOException {
        List<String> out = new ArrayList<>();
        try (RecordReader r = RecordReader.open(new ByteArrayInputStream(input), chunk, maxRecord)) {
            RecordReader.Chunk c;
            long previousSeq = -1;
            while ((c = r.next()) != null) {
                assertEquals(previousSeq + 1, c.seq());
                previousSeq = c.seq();
                for (int i = 0; i < c.count(); i++) {
                    String where = c.line()[i] + ":" + c.column()[i];
                    if (c.error()[i] != null) out.add(where + "! " + c.error()[i]);
                    else out.add((where + " " + new String(c.data(), c.start()[i], c.end()[i] - c.start()[i], StandardCharsets.UTF_8)).strip());
                }
            }
        }
        return out;
    }

    private static List<String> records(String input, int chunk) throws IOException {
        return records(input.getBytes(StandardCharsets.UTF_8), chunk, 1 << 20);
    }

    @ParameterizedTest(name = "chunk {0}")
    @ValueSource(ints = {1, 7, 64, 1 << 20})
    void ndjsonIsCutAtLineEnds(int chunk) throws IOException {
        String in = "\uFEFF{\"a\":1}\r\n\n// note\n{\"b\":\"x\\ny\"}\n  {\"c\":[1,2]}";
        assertEquals(List.of("1:1 {\"a\":1}", "2:1", "3:1 // note", "4:1 {\"b\":\"x\\ny\"}", "5:1   {\"c\":[1,2]}"), records(in, chunk));
    }

    @ParameterizedTest(name = "chunk {0}")
    @ValueSource(ints = {1, 5, 64, 1 << 20})
    void arraysAreCutBetweenElements(int chunk) throws IOException {
        String in = " [\n  {\"s\": \"],[\\\"{\", \"n\": [1, [2]]},\n  // a comment, ]\n  {\"t\": /* ] , */ 1}, 7 ,\n"
                + "  {\"é\": \"ü\"}, {}\n]\n";
        assertEquals(List.of("2:3 {\"s\": \"],[\\\"{\", \"n\": [1, [2]]}", "4:3 {\"t\": /* ] , */ 1}", "4:23 7",
                "5:3 {\"é\": \"ü\"}", "5:15 {}"), records(in, chunk));
    }

    @Test
    void arrayProblemsAreRecords() throws IOException {
        assertEquals(List.of(), records("[ ]", 64));
        assertEquals(List.of("1:2 {}", "1:6! missing value before ]"), records("[{}, ]", 64));
        assertEquals(List.of("1:2 {}", "1:5! content after the end of the JSON array"), records("[{}]{}\n{}", 64));
        assertEquals(List.of("1:2 {\"a\": [1", "2:1! unexpected end of input: the JSON array is not closed"), records("[{\"a\": [1\n", 64));
        assertEquals(List.of("1:2 {\"a\":1}", "1:9! unexpected end of input: the JSON array is not closed"), records("[{\"a\":1}", 64));
    }

    @Test
    void overLongRecordsAreReportedAndSkipped() throws IOException {
        String longLine = "{\"a\":\"" + "x".repeat(300) + "\"}";
        assertEquals(List.of("1:1 {}", "2:1! line longer than 100 bytes, skipped", "3:1 {\"b\":1}"),
                records(("{}\n" + longLine + "\n{\"b\":1}\n").getBytes(StandardCharsets.UTF_8), 16, 100));
        assertEquals(List.of("1:2 {}", "1:6! array element longer than 100 bytes; the rest of the file is skipped"),
                records(("[{}, " + longLine + ", {}]").getBytes(StandardCharsets.UTF_8), 16, 100));
    }

    @Test
    void gzipIsInflatedAndTheFormatSeenThrough() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write("[{\"a\":1},\n{\"a\":2}]".getBytes(StandardCharsets.UTF_8));
        }
        assertEquals(List.of("1:2 {\"a\":1}", "2:1 {\"a\":2}"), records(bytes.toByteArray(), 64, 1 << 20));
        try (RecordReader r = RecordReader.open(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertTrue(r.isArray());
            r.next();
            assertEquals(18, r.bytesRead());
        }
        try (RecordReader r = RecordReader.open(new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8)))) {
            assertFalse(r.isArray());
        }
    }
}
