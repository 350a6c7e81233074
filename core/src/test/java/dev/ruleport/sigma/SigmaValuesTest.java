package dev.ruleport.sigma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ruleport.backend.Translation;
import dev.ruleport.compile.Frontend;
import dev.ruleport.diag.Diagnostic;
import dev.ruleport.interpret.Interpreter;
import dev.ruleport.interpret.InterpreterOptions;
import dev.ruleport.ir.Query;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Escaping of values for YAML and Sigma (the hostile-values rule, golden), the regex translation both ways, the
 * refusals with their positions, lossy output, and the reader on Sigma as people write it.
 */
class SigmaValuesTest {
    /** Values a YAML 1.1 reader or a Sigma reader would misread if written carelessly. */
    static final List<String> HOSTILE = List.of("on", "no", "yes", "~", "null", "0x10", "2024-01-01", "1e3", "-", "- x",
            "#x", "a: b", "'q'", "\"dq\"", "%Servers%", "a|b", "{x}", "[y]", "\\", "\\\\srv\\", "tab\there",
            "line\nbreak", "\u202Eevil", "😀", "&anchor", "*alias", "!tag", "@at", "`tick`", " lead", "trail ", "", "a\\*");

    static String hostileQuery() {
        StringBuilder q = new StringBuilder("any where ");
        for (int i = 0; i < HOSTILE.size(); i++) {
            if (i > 0) q.append(" or ");
            q.append("process.args == ").append(dev.ruleport.print.EqlPrinter.string(HOSTILE.get(i)));
        }
        q.append(" or process.name : (\"a*b?\", \"on*\", \"*\\\\*\") or process.title == \"x*?\\\\\"");
        return q.toString();
    }

    @Test void hostileValuesAreQuotedAndEscaped() throws IOException {
        Frontend.Outcome o = SigmaTestSupport.compile("hostile_values.toml", SigmaTestSupport.ruleToml(hostileQuery()));
        Translation t = SigmaTestSupport.translate(o, "ecs", false);
        assertEquals(Translation.Status.EXACT, t.status(), t.diagnostics().toString());
        SigmaGoldenTest.golden("hostile.ecs.yml", t.text());
        String text = t.text();
        assertTrue(text.contains("          - 'on'\n"));
        assertTrue(text.contains("          - '~'\n"));
        assertTrue(text.contains("          - 'null'\n"));
        assertTrue(text.contains("          - '0x10'\n"));
        assertTrue(text.contains("          - '2024-01-01'\n"));
        assertTrue(text.contains("          - '''q'''\n"));
        assertTrue(text.contains("          - '\\\\'\n"), "a literal backslash before the end is doubled");
        assertTrue(text.contains("          - '\\\\\\\\srv\\\\'\n"), "a run of backslashes is doubled");
        assertTrue(text.contains("      - process.title|cased: 'x\\*\\?\\\\'\n"), text);
        // every value reads back as itself: the YAML loader sees strings, the Sigma reader the literal text
        Map<?, ?> doc = (Map<?, ?>) SigmaYaml.loadAll(text).get(0);
        Map<?, ?> detection = (Map<?, ?>) doc.get("detection");
        String all = detection.toString();
        assertTrue(all.contains("process.args|cased"), all);
        Query back = new SigmaReader(new dev.ruleport.lower.ProfileReverse(SigmaTestSupport.profile("ecs"))).read(text).get(0).query();
        Interpreter original = Interpreter.compile(o.query(), InterpreterOptions.defaults());
        Interpreter read = Interpreter.compile(back, InterpreterOptions.defaults());
        List<String> values = new java.util.ArrayList<>(HOSTILE);
        values.addAll(List.of("ON", "x", "trail", "0X10", "a\\x", "\\\\", "lead", "*"));
        for (String v : values) {
            String json = "{\"process\":{\"args\":" + com.fasterxml.jackson.databind.node.TextNode.valueOf(v) + "}}";
            assertEquals(verdict(original, json), verdict(read, json), v);
        }
        for (String v : List.of("axbq", "AXBQ", "axb", "ONE", "a\\b", "x*?\\", "x*?", "xy?\\")) {
            String json = "{\"process\":{\"name\":" + com.fasterxml.jackson.databind.node.TextNode.valueOf(v) + ",\"title\":"
                    + com.fasterxml.jackson.databind.node.TextNode.valueOf(v) + "}}";
            assertEquals(verdict(original, json), verdict(read, json), v);
        }
    }

    /**
     * A wildcard on a field the profile holds as the last segment of a path ({@code process.name} as {@code Image})
     * is a regex on the whole path whose wildcards stay inside the last segment: read back, it agrees with the rule on
     * paths where a Sigma wildcard would cross the separator.
     */
    @Test void wildcardOnTheLastSegmentOfAPath() throws IOException {
        for (String[] c : List.of(new String[] {"sigma-linux", "linux", "/"}, new String[] {"sigma-windows", "windows", "\\"})) {
            String sep = c[2];
            Frontend.Outcome o = SigmaTestSupport.compile("basename_wildcard.toml", SigmaTestSupport.ruleToml(
                    "process where host.os.type == \"" + c[1] + "\" and event.type == \"start\" and "
                            + "process.name : (\"php*\", \"py?hon*.exe\", \"x" + sep + sep + "y*\")"));
            Translation t = SigmaTestSupport.translate(o, c[0], false);
            assertEquals(Translation.Status.EXACT, t.status(), t.diagnostics().toString());
            assertTrue(t.text().contains("Image|re"), t.text());
            Query back = new SigmaReader(new dev.ruleport.lower.ProfileReverse(SigmaTestSupport.profile(c[0]))).read(t.text()).get(0).query();
            Interpreter original = Interpreter.compile(o.query(), InterpreterOptions.defaults());
            Interpreter read = Interpreter.compile(back, InterpreterOptions.defaults());
            String s = sep.equals("/") ? "/" : "\\";
            int matching = 0;
            for (String path : List.of("php", "PHP8", s + "usr" + s + "bin" + s + "php8", s + "php" + s + "bin" + s + "x",
                    s + "php" + s, "xphp", s + "a" + s + "pYthon3.EXE", s + "a" + s + "py" + s + "hon.exe", "pyxhon.exe\n",
                    s + "a" + s + "pyth" + s + "on.exe", "php\n" + s + "x", "x" + s + "y")) {
                String name = path.substring(path.lastIndexOf(sep.equals("/") ? '/' : '\\') + 1);
                Map<String, Object> event = Map.of("host", Map.of("os", Map.of("type", c[1])),
                        "event", Map.of("category", "process", "type", "start"),
                        "process", Map.of("executable", path, "name", name));
                boolean want = original.matches(dev.ruleport.runtime.Event.of(event));
                assertEquals(want, read.matches(dev.ruleport.runtime.Event.of(event)), c[0] + ": " + path);
                if (want) matching++;
            }
            assertEquals(4, matching, c[0]);
        }
    }

    private static boolean verdict(Interpreter i, String json) throws IOException {
        Map<String, Object> event = new com.fasterxml.jackson.databind.ObjectMapper().readValue(json,
                new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() {});
        return i.matches(dev.ruleport.runtime.Event.of(event));
    }

    @Test void sigmaStringEscaping() {
        assertEquals("C:\\Windows\\x.exe", SigmaString.literal("C:\\Windows\\x.exe").text());
        assertEquals("a\\*b\\?c", SigmaString.literal("a*b?c").text());
        assertEquals("\\\\\\\\server\\share", SigmaString.literal("\\\\server\\share").text());
        assertEquals("C:\\\\", SigmaString.literal("C:\\").text());
        assertEquals("C:\\\\*", SigmaString.eqlWildcard("C:\\*").text());
        assertEquals("\\\\\\*", SigmaString.literal("\\*").text());
        for (String s : List.of("C:\\Windows", "a*b", "\\\\x\\", "\\", "x\\?", "?*\\\\*")) {
            assertEquals(SigmaString.literal(s), SigmaString.parse(SigmaString.literal(s).text()), s);
            assertEquals(SigmaString.eqlWildcard(s), SigmaString.parse(SigmaString.eqlWildcard(s).text()), s);
        }
        assertEquals("C:\\Windows\\x.exe", SigmaString.parse("C:\\\\Windows\\\\x.exe").literalText());
        assertEquals(SigmaString.Shape.ENDSWITH, SigmaString.eqlWildcard("*\\cmd.exe").shape());
        assertEquals(SigmaString.Shape.GENERAL, SigmaString.eqlWildcard("*cmd?.exe").shape());
    }

    @Test void regexBothWays() throws Exception {
        SigmaRegex.Sigma s = SigmaRegex.toSigma("[a-z0-9]\\.exe", true);
        assertEquals("^[a-z0-9]\\.[eE][xX][eE]$", s.regex());
        assertEquals("re", s.modifiers());
        assertEquals("re|i|s", SigmaRegex.toSigma("ab.c", true).modifiers());
        assertEquals("^(cmd|pwsh)$", SigmaRegex.toSigma("cmd|pwsh", false).regex());
        assertEquals("^[0-9]{2,}x$", SigmaRegex.toSigma("\\d{2,}x", false).regex());
        assertEquals("^a[ \t\n\r]b$", SigmaRegex.toSigma("a\\sb", false).regex());
        SigmaRegex.Untranslatable e = assertThrows(SigmaRegex.Untranslatable.class, () -> SigmaRegex.toSigma("~(abc)", false));
        assertTrue(e.getMessage().contains("lookaround"), e.getMessage());
        assertEquals(".*ab[^\n]c.*", SigmaRegexReader.read("ab.c", false, false, false).lucene());
        assertEquals("ab.c(\n)?", SigmaRegexReader.read("^ab.c$", false, true, false).lucene());
        assertEquals("[0-9]+\\\"x(\n)?", SigmaRegexReader.read("^\\d+\"x$", false, true, false).lucene());
        assertThrows(SigmaRegexReader.Unreadable.class, () -> SigmaRegexReader.read("a(?=b)", false, false, false));
        assertThrows(SigmaRegexReader.Unreadable.class, () -> SigmaRegexReader.read("a\\bb", false, false, false));
    }

    /**
     * A group with {@code \b} repeated a fixed number of times reads as that many groups in a row, each \b decided by
     * its neighbours; the reading agrees with Java's search (PCRE's meaning here) on every string of a small alphabet.
     */
    @Test void wordBoundaryInAGroupRepeatedAFixedNumberOfTimes() throws Exception {
        String pcre = "://(?:(?:2[0-4]|1\\d)?\\d(?:\\.|\\b)){3}";
        dev.ruleport.runtime.EqlRegex lucene = dev.ruleport.runtime.EqlRegex.compile(
                SigmaRegexReader.read(pcre, false, false, false).lucene(), false);
        java.util.regex.Pattern search = java.util.regex.Pattern.compile(pcre);
        String[] pieces = {"1", "2", "9", ".", "x", " ", "19", "24"};
        int checked = 0;
        int matched = 0;
        int[] idx = new int[6];
        for (int n = 0; n < 2 * Math.pow(pieces.length, idx.length); n++) {
            StringBuilder sb = new StringBuilder(n % 2 == 0 ? "://" : "a:/");
            int k = n / 2;
            for (int i = 0; i < idx.length; i++) { sb.append(pieces[k % pieces.length]); k /= pieces.length; }
            String text = sb.toString();
            boolean want = search.matcher(text).find();
            assertEquals(want, lucene.matches(text), text);
            checked++;
            if (want) matched++;
        }
        assertTrue(matched > 200 && checked - matched > 10_000, matched + " of " + checked);
        assertThrows(SigmaRegexReader.Unreadable.class, () -> SigmaRegexReader.read("(?:a\\b){1,3}", false, false, false));
    }

    /** PCRE's $ also matches before a final line feed; the writer keeps EQL's whole-value match or refuses. */
    @Test void regexEndAnchorAndAFinalLineFeed() throws Exception {
        assertFalse(SigmaRegex.toSigma(".*x.*", false).newlineGuard(), "a trailing .* already takes the line feed");
        assertFalse(SigmaRegex.toSigma("-[^-]*[uz][^-]*", false).newlineGuard());
        assertFalse(SigmaRegex.toSigma("a.*|b.+", false).newlineGuard());
        assertTrue(SigmaRegex.toSigma("abc", false).newlineGuard(), "no match ends in a line feed: guard it");
        assertTrue(SigmaRegex.toSigma("a.c", false).newlineGuard(), "a . inside cannot end the match");
        assertTrue(SigmaRegex.toSigma("[^a]bc", false).newlineGuard());
        assertTrue(SigmaRegex.toSigma("a[\n-\r]{0}", false).newlineGuard());
        for (String refused : List.of("a(b|\n)?", "a[^b]", "/[a-z\\s]+\\s", "x.*|y")) {
            SigmaRegex.Untranslatable e = assertThrows(SigmaRegex.Untranslatable.class, () -> SigmaRegex.toSigma(refused, false),
                    refused);
            assertTrue(e.getMessage().contains("line feed"), e.getMessage());
        }
        Translation t = SigmaTestSupport.translate("any where process.name regex \"abc\"", "ecs");
        assertEquals(Translation.Status.EXACT, t.status(), t.diagnostics().toString());
        assertTrue(t.text().contains("process.name|endswith:"), t.text()); // the line feed, single-quoted (folded)
        Query back = new SigmaReader(new dev.ruleport.lower.ProfileReverse(SigmaTestSupport.profile("ecs"))).read(t.text()).get(0).query();
        Interpreter i = Interpreter.compile(back, InterpreterOptions.defaults());
        assertTrue(i.matches(dev.ruleport.runtime.Event.of(Map.of("process", Map.of("name", "abc")))));
        assertFalse(i.matches(dev.ruleport.runtime.Event.of(Map.of("process", Map.of("name", "abc\n")))));
        Translation multi = SigmaTestSupport.translate("any where process.args regex \"abc\"", "ecs");
        assertTrue(onlyError(multi).message().contains("multi-valued"), multi.diagnostics().toString());
    }

    static Diagnostic onlyError(Translation t) {
        List<Diagnostic> errors = t.diagnostics().stream().filter(Diagnostic::isError).toList();
        assertEquals(1, errors.size(), t.diagnostics().toString());
        return errors.get(0);
    }

    @Test void sequenceStagesThatOneEventCanSatisfyAreNotExact() {
        String overlapping = "sequence by host.id with maxspan=1m\n  [process where process.name : \"a*\"]\n  [process where process.name : \"*b\"]";
        Diagnostic d = onlyError(SigmaTestSupport.translate(overlapping, "ecs"));
        assertEquals("test_rule.toml:20:3: sigma/ecs [sequence] stages 1 and 2 can match the same event (no single-valued field tells them apart): "
                + "EQL needs a distinct event for each stage, a Sigma correlation may count one event for both rules", d.headline());
        Translation lossy = SigmaTestSupport.translate(SigmaTestSupport.compile("test_rule.toml", SigmaTestSupport.ruleToml(overlapping)),
                "ecs", true);
        assertEquals(Translation.Status.LOSSY, lossy.status());
        assertTrue(lossy.text().contains("# ruleport: LOSSY translation"), lossy.text());
        assertTrue(lossy.text().contains("can match the same event"), lossy.text());
        assertFalse(lossy.text().contains("No event can match two of its rules"), lossy.text());
        // different fixed values, or different endpoint activity categories: exact, and the output says why
        for (String disjoint : List.of(
                "sequence by host.id with maxspan=1m [process where process.name : \"a*\"] [process where process.name : \"c*\"]",
                "sequence by host.id with maxspan=1m [process where true] [network where true]",
                "sequence with maxspan=1m [process where process.name : \"a*\"] by process.entity_id "
                        + "[process where process.parent.name : \"a*\"] by process.parent.entity_id")) {
            Translation t = SigmaTestSupport.translate(disjoint, "ecs");
            assertEquals(Translation.Status.EXACT, t.status(), () -> t.diagnostics().toString());
            assertTrue(t.text().contains("No event can match two of its rules"), t.text());
        }
    }

    @Test void activityCategoriesProveNothingUnderAnotherCategoryField() {
        // with event_category_override the category names are values of event.type, not activity categories
        String query = "sequence by host.id with maxspan=1m [process where true] [network where true]";
        String toml = SigmaTestSupport.ruleToml(query).replace("[rule]\n", "[rule]\nevent_category_override = \"event.type\"\n");
        Translation t = SigmaTestSupport.translate(SigmaTestSupport.compile("test_rule.toml", toml), "ecs", false);
        assertEquals(Translation.Status.REFUSED, t.status());
        assertTrue(t.diagnostics().get(0).message().startsWith("sigma/ecs [sequence] stages 1 and 2 can match the same event"),
                t.diagnostics().toString());
    }

    @Test void refusalsNameTheConstructAndPosition() {
        // the query starts on line 16 of the generated TOML, column 1
        Diagnostic d = onlyError(SigmaTestSupport.translate("any where length(process.name) > 3", "ecs"));
        assertEquals("test_rule.toml:18:11: sigma/ecs [expression] comparison length(process.name) > 3: Sigma compares fields"
                + " with constants only",
                d.headline());
        d = onlyError(SigmaTestSupport.translate("any where process.name > \"m\"", "ecs"));
        assertEquals(18, d.line());
        assertEquals(11, d.column());
        assertTrue(d.message().startsWith("sigma/ecs [expression] ordering process.name > \"m\" compares strings"), d.message());
        d = onlyError(SigmaTestSupport.translate("any where x == 1 and\n  process.name : \"é*\"", "ecs"));
        assertEquals(19, d.line());
        assertEquals(3, d.column());
        assertTrue(d.message().contains("non-ASCII letter 'é'"), d.message());
        d = onlyError(SigmaTestSupport.translate("any where x regex \"a~(b)\"", "ecs"));
        assertTrue(d.message().startsWith("sigma/ecs [pattern] regex \"a~(b)\""), d.message());
        d = onlyError(SigmaTestSupport.translate("any where cidrmatch(source.ip, \"::/0\")", "ecs"));
        assertTrue(d.message().contains("covers IPv4-mapped addresses"), d.message());
        d = onlyError(SigmaTestSupport.translate("sequence by host.id [process where true] [file where true]", "ecs"));
        assertEquals("sigma/ecs [maxspan] sequence without maxspan: Sigma correlations need a timespan; the rule's look-back"
                + " is used", d.message());
        d = onlyError(SigmaTestSupport.translate(
                "sequence by host.id with maxspan=1m [process where true] [file where true] until [network where true]", "ecs"));
        assertEquals("sigma/ecs [until] until [...]: a Sigma correlation cannot cancel a pending sequence", d.message());
        assertEquals(82, d.column());
        d = onlyError(SigmaTestSupport.translate("sample by host.id [process where true] [file where true]", "ecs"));
        assertTrue(d.message().startsWith("sigma/ecs [sample] sample: "), d.message());
        d = onlyError(SigmaTestSupport.translate("process where process.args : \"-enc\" and host.os.type == \"windows\" "
                + "and event.type == \"start\"", "sigma-windows"));
        assertEquals("sigma/sigma-windows [inexact-field] process.args maps to CommandLine, which is broader (an argument"
                + " test becomes a command-line substring test)", d.message());
        assertEquals(15, d.column());
    }

    @Test void lossyOutputCarriesItsLosses() {
        Frontend.Outcome o = SigmaTestSupport.compile("lossy_rule.toml",
                SigmaTestSupport.ruleToml("process where process.name : \"a.exe\" and length(process.command_line) > 200"));
        assertEquals(Translation.Status.REFUSED, SigmaTestSupport.translate(o, "ecs", false).status());
        Translation t = SigmaTestSupport.translate(o, "ecs", true);
        assertEquals(Translation.Status.LOSSY, t.status());
        assertEquals(List.of("[expression] comparison length(process.command_line) > 200: Sigma compares fields with constants only"),
                t.losses().stream().map(dev.ruleport.lower.Finding::text).toList());
        assertTrue(t.text().startsWith("# ruleport: LOSSY translation of lossy_rule: this Sigma does not mean exactly\n"), t.text());
        assertTrue(t.text().contains("#   18:42 broader [expression] comparison length(process.command_line) > 200"), t.text());
        assertTrue(!t.text().contains("ruleport_losses"), "lean by default: the losses are comments only\n" + t.text());
        Translation full = SigmaTestSupport.translateFull(o, "ecs", true);
        assertTrue(full.text().contains("ruleport_losses:\n  - '18:42 broader [expression] comparison length(process.command_line)"
                + " > 200: Sigma compares fields with constants only'\n"), full.text());
        Map<?, ?> detection = (Map<?, ?>) ((Map<?, ?>) SigmaYaml.loadAll(t.text()).get(0)).get("detection");
        assertEquals("{selection={event.category|cased=process, process.name=a.exe}, condition=selection}", detection.toString());
    }

    @Test void readerOnHandWrittenSigma() {
        String yaml = """
                title: Whoami
                logsource:
                    product: windows
                    category: process_creation
                detection:
                    selection_img:
                        - Image|endswith: '\\whoami.exe'
                        - OriginalFileName: 'whoami.exe'
                    selection_cli:
                        CommandLine|contains|all:
                            - '/user'
                            - '/priv'
                    filter_main:
                        ParentImage|startswith: 'C:\\Program Files\\'
                    filter_null:
                        ParentImage: null
                    condition: all of selection_* and not 1 of filter_*
                """;
        Query q = new SigmaReader(new dev.ruleport.lower.ProfileReverse(SigmaTestSupport.profile("sigma-windows"))).read(yaml).get(0).query();
        String eql = dev.ruleport.print.EqlPrinter.print(q);
        assertEquals("any where host.os.type == \"windows\" and event.category == \"process\" and event.type == \"start\" and "
                + "(process.executable : \"*\\\\whoami.exe\" or process.pe.original_file_name : \"whoami.exe\") and "
                + "process.command_line : \"*/user*\" and process.command_line : \"*/priv*\" and "
                + "not (process.parent.executable : \"C:\\\\Program Files\\\\*\" or process.parent.executable == null)", eql);
        SigmaReader.SigmaReadException e = assertThrows(SigmaReader.SigmaReadException.class,
                () -> new SigmaReader(new dev.ruleport.lower.ProfileReverse(SigmaTestSupport.profile("ecs"))).read("title: k\nlogsource: {product: x}\n"
                        + "detection:\n  keywords: ['mimikatz']\n  condition: keywords\n"));
        assertTrue(e.getMessage().startsWith("keyword search: "), e.getMessage());
        e = assertThrows(SigmaReader.SigmaReadException.class,
                () -> new SigmaReader(new dev.ruleport.lower.ProfileReverse(SigmaTestSupport.profile("ecs"))).read("title: k\nlogsource: {product: x}\n"
                        + "detection:\n  sel: {a|hour: 3}\n  condition: sel\n"));
        assertEquals("modifier |hour: EQL cannot take the hour out of a date, so a date-part test has no EQL equivalent", e.getMessage());
    }
}
