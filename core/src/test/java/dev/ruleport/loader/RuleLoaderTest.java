package dev.ruleport.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ruleport.diag.Diagnostic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Rule files of the wrong shape: one positioned diagnostic each, never an exception. */
class RuleLoaderTest {
    private static final String HEAD = "[rule]\nrule_id = \"r\"\nname = \"n\"\ntype = \"eql\"\nlanguage = \"eql\"\nquery = 'any where true'\n";

    private static List<String> errors(RuleLoader.Result r) {
        return r.diagnostics().stream().filter(Diagnostic::isError).map(Diagnostic::headline).toList();
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "HEAD[[rule.threat.technique]]\\nid = 'T1'\\n | r.toml:7:3: [rule.threat] must be an array of tables ([[rule.threat]])",
        "rule = 5\\n                                  | r.toml:1:1: [rule] must be a table",
        "metadata = 'x'\\nHEAD                        | r.toml:1:1: [metadata] must be a table",
        "transform = [1]\\nHEAD                       | r.toml:1:1: [transform] must be a table",
        "HEAD[[rule.threat]]\\ntechnique = 'T1'\\n     | r.toml:8:1: [rule.threat.technique] must be an array of tables ([[rule.threat.technique]])",
        "HEAD[[rule.threat]]\\ntactic = ['x']\\n       | r.toml:8:1: [rule.threat.tactic] must be a table",
        "HEAD[[rule.threat]]\\nframework = 1\\n        | r.toml:8:1: [rule.threat.framework] must be a string",
        "HEADthreat = [1, 2]\\n                      | r.toml:7:1: [rule.threat] must be an array of tables ([[rule.threat]])",
        "HEAD[[rule.threat]]\\n[[rule.threat.technique]]\\nid = 7\\n | r.toml:9:1: [rule.threat.technique.id] must be a string",
        "HEADinvestigation_fields = 'x'\\n          | r.toml:7:1: [rule.investigation_fields] must be a table",
        "[rule]\\nrule_id = 'r'\\nname = 'n'\\ntype = 'eql'\\nlanguage = 42\\nquery = 'x'\\n | r.toml:5:1: [rule.language] must be a string",
        "[metadata]\\n[rule.x]\\n                    | r.toml:2:1: missing required key [rule.query]",
    })
    void structureErrorsArePositioned(String toml, String expected) {
        String text = toml.replace("HEAD", HEAD).replace("\\n", "\n");
        RuleLoader.Result r = RuleLoader.parse("r.toml", text);
        assertNull(r.rule());
        assertEquals(expected, errors(r).get(0));
    }

    @Test
    void aByteOrderMarkIsIgnored(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bom.toml");
        Files.write(file, ("\uFEFF" + HEAD).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        RuleLoader.Result r = RuleLoader.load(file);
        assertTrue(r.ok(), r.diagnostics().toString());
        assertEquals("any where true", r.rule().query());
        assertEquals(6, r.rule().querySource().firstLine());
        assertEquals(10, r.rule().querySource().firstColumn());
    }

    @Test
    void invalidUtf8IsReportedWhereItIs(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("latin1.toml");
        byte[] head = HEAD.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] bytes = java.util.Arrays.copyOf(head, head.length + 16);
        byte[] tail = "note = 'caf\u00e9'\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        System.arraycopy(tail, 0, bytes, head.length, tail.length);
        Files.write(file, java.util.Arrays.copyOf(bytes, head.length + tail.length));
        RuleLoader.Result r = RuleLoader.load(file);
        assertEquals(List.of(file + ":7:12: file is not valid UTF-8 (byte " + (head.length + 11) + ")"), errors(r));
    }
}
