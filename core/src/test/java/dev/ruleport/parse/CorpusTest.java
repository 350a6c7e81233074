package dev.ruleport.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ruleport.compile.Frontend;
import dev.ruleport.diag.SourceText;
import dev.ruleport.ir.Query;
import dev.ruleport.print.EqlPrinter;
import dev.ruleport.testsupport.Shared;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every EQL rule of the real corpus parses, and printing its IR gives text that parses back to the same IR. */
class CorpusTest {
    static final int EXPECTED_EQL_RULES = 819;

    static List<Frontend.Outcome> corpus() throws IOException {
        Path dir = Shared.require("corpus/detection-rules");
        List<Frontend.Outcome> out = new ArrayList<>();
        for (Path f : Frontend.ruleFiles(List.of(dir))) out.add(Frontend.compile(f));
        return out;
    }

    @Test
    void everyEqlRuleParses() throws IOException {
        List<Frontend.Outcome> all = corpus();
        List<String> failures = new ArrayList<>();
        for (Frontend.Outcome o : all) {
            if (o.status() != Frontend.Status.OK) failures.add(o.path() + ": " + o.diagnostics());
        }
        assertEquals(List.of(), failures);
        assertEquals(EXPECTED_EQL_RULES, all.size());
    }

    /** The nesting limit is far above what real rules use (the limit's comment quotes this figure). */
    @Test
    void corpusNestsFarBelowTheLimit() throws IOException {
        int deepest = 0;
        for (Frontend.Outcome o : corpus()) {
            deepest = Math.max(deepest, QueryParser.nesting(o.rule().querySource()));
        }
        assertEquals(14, deepest);
        assertTrue(deepest * 5 < QueryParser.MAX_NESTING);
    }

    @Test
    void printerRoundTripHoldsForEveryCorpusQuery() throws IOException {
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (Frontend.Outcome o : corpus()) {
            Query q = o.query();
            String printed = EqlPrinter.print(q);
            QueryParser.Result<Query> again = QueryParser.parseQuery(SourceText.of("printed", printed));
            if (!again.ok()) failures.add(o.path() + ": printed text does not parse: " + again.diagnostics());
            else if (!again.value().equals(q)) failures.add(o.path() + ": IR differs after printing:\n" + printed);
            // printing is a fixed point: the canonical text prints to itself
            else if (!EqlPrinter.print(again.value()).equals(printed)) failures.add(o.path() + ": printing is not stable");
            checked++;
        }
        assertEquals(List.of(), failures);
        assertEquals(EXPECTED_EQL_RULES, checked);
    }

    @Test
    void kueryRulesAreReportedAsUnsupportedLanguage() throws IOException {
        Path dir = Shared.require("corpus/detection-rules-kuery");
        List<Path> files = Frontend.ruleFiles(List.of(dir));
        assertTrue(files.size() > 500, "kuery corpus present");
        for (Path f : files) {
            Frontend.Outcome o = Frontend.compile(f);
            assertEquals(Frontend.Status.UNSUPPORTED_LANGUAGE, o.status(), f.toString());
            assertTrue(o.diagnostics().get(0).message().startsWith("language kuery is not supported yet"), f.toString());
        }
    }
}
