package dev.ruleport.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ruleport.compile.Frontend;
import dev.ruleport.testsupport.OddText;
import dev.ruleport.testsupport.Shared;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** RuleLoader's quick UTF-8 path gives the strict decoder's text, and nothing where the decoder would fail. */
class Utf8DecodingTest {
    /** The strict decoding RuleLoader.load always did: the text, or null for bytes that are not UTF-8. */
    static String strict(byte[] bytes) {
        try {
            CharBuffer out = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return out.toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static void same(byte[] bytes) {
        String quick = RuleLoader.validUtf8(bytes);
        String strict = strict(bytes);
        if (quick != null) assertEquals(strict, quick);
        // the quick path declines only bad bytes or a U+FFFD in the text
        if (quick == null) assertTrue(strict == null || strict.indexOf('\uFFFD') >= 0);
    }

    @Test
    void corpusFilesAndOddBytes() throws IOException {
        List<byte[]> inputs = new ArrayList<>();
        for (Path f : Frontend.ruleFiles(List.of(Shared.require("corpus/detection-rules")))) inputs.add(Files.readAllBytes(f));
        assertTrue(inputs.size() > 700);
        for (String s : OddText.random(8, 5_000)) {
            inputs.add(s.getBytes(StandardCharsets.UTF_8));
            inputs.add(s.getBytes(StandardCharsets.UTF_16LE));
            inputs.add(s.getBytes(StandardCharsets.ISO_8859_1));
        }
        Random r = new Random(3);
        for (int i = 0; i < 20_000; i++) {
            byte[] b = new byte[r.nextInt(12)];
            r.nextBytes(b);
            inputs.add(b);
        }
        for (byte[] b : inputs) same(b);
        // bad bytes, truncated sequences, encoded surrogates, overlong forms, a BOM, a U+FFFD in the file
        assertNull(RuleLoader.validUtf8(new byte[] {'a', (byte) 0xff}));
        assertNull(RuleLoader.validUtf8(new byte[] {(byte) 0xe2, (byte) 0x82}));
        assertNull(RuleLoader.validUtf8(new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}));
        assertNull(RuleLoader.validUtf8(new byte[] {(byte) 0xc0, (byte) 0xaf}));
        assertNull(RuleLoader.validUtf8("x\uFFFDy".getBytes(StandardCharsets.UTF_8)));
        assertEquals("\uFEFFa", RuleLoader.validUtf8("\uFEFFa".getBytes(StandardCharsets.UTF_8)));
    }

    /** A file holding U+FFFD or bad bytes loads as before: the text in the one case, the error in the other. */
    @Test
    void loadStillDecodesStrictly(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path good = dir.resolve("fffd.toml");
        Files.writeString(good, "[metadata]\ncreation_date = \"2020/01/01\"\n[rule]\nname = \"a \uFFFD b\"\n");
        Path bad = dir.resolve("bad.toml");
        Files.write(bad, new byte[] {'[', 'r', 'u', 'l', 'e', ']', '\n', 'n', '=', '"', (byte) 0xff, '"', '\n'});
        RuleLoader.Result badResult = RuleLoader.load(bad);
        assertNull(badResult.rule());
        assertEquals("file is not valid UTF-8 (byte 10)", badResult.diagnostics().get(0).message());
        RuleLoader.Result goodResult = RuleLoader.load(good);
        assertTrue(goodResult.diagnostics().stream().noneMatch(d -> d.message().contains("UTF-8")), goodResult.toString());
    }
}
