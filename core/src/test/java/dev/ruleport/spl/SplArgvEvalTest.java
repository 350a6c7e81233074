package dev.ruleport.spl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ruleport.backend.Translation;
import dev.ruleport.spl.gen.SplSubsetLexer;
import dev.ruleport.spl.gen.SplSubsetParser;
import dev.ruleport.spl.gen.SplSubsetParser.*;
import dev.ruleport.verify.Argv;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.junit.jupiter.api.Test;

/**
 * The argument split as written in a translated query: the {@code | eval} text of a real translation is parsed and
 * run by a small evaluator of the eval functions it uses (SPL string literals unquoted as SPL reads them, PCRE
 * through Java's engine, {@code \1} in replacements), and must give {@link Argv#split} on every line tried. This
 * checks the query text itself, quoting included, where {@link SplArgvTest} checks the steps it is written from.
 */
class SplArgvEvalTest {

    @Test
    void theWrittenEvalSplitsAsCommandLineToArgvW() {
        Translation t = SplWriterTest.spl("splunk-windows", "process where host.os.type == \"windows\" and event.code : \"4688\""
                + " and process.args : \"bob\" and process.args_count > 1", false);
        EvalCommandContext written = writtenEval(t);
        char[] alphabet = {'a', ' ', '\t', '"', '\\', '%', 'd'};
        int n = ShortLines.each(alphabet, 5, line -> same(written, line));
        Random rnd = new Random(11);
        char[] wide = {'a', 'B', ' ', '\t', '"', '\\', '%', 'd', 'p', 'q', 's', '\n', '$', '1'};
        for (int i = 0; i < 20_000; i++) {
            StringBuilder sb = new StringBuilder();
            for (int k = rnd.nextInt(20); k > 0; k--) sb.append(wide[rnd.nextInt(wide.length)]);
            same(written, sb.toString());
        }
        assertEquals(19_608, n);
    }

    /** The Linux split as splunk-cim writes it (after a tstats: nullif), against {@link Argv#tokens}. */
    @Test
    void theWrittenLinuxEvalSplitsAtSpaces() {
        Translation t = SplWriterTest.spl("splunk-cim", "process where host.os.type == \"linux\" and event.type == \"start\""
                + " and process.args : \"-c\" and process.args_count > 1", false);
        assertEquals(Translation.Status.EQUIVALENT, t.status(), t.diagnostics().toString());
        EvalCommandContext written = writtenEval(t);
        char[] alphabet = {'a', ' ', '\t', '\n', '\0'};
        int n = ShortLines.each(alphabet, 6, line -> {
            Map<String, Object> row = new HashMap<>();
            row.put("Processes.process", line);
            for (AssignmentContext a : written.assignment()) row.put(a.NAME().getText(), value(a.evalExpr(), row));
            List<String> expected = Argv.tokens(line);
            assertEquals(expected.isEmpty() ? null : expected, list(row.get("rp_process_args")), () -> "line [" + line + "]");
            assertEquals(expected.isEmpty() ? null : expected.size(), row.get("rp_process_args_count"), () -> "line [" + line + "]");
        });
        assertTrue(n > 10_000, "lines: " + n);
    }

    /** The one {@code | eval} of a translation, parsed. */
    private static EvalCommandContext writtenEval(Translation t) {
        EvalCommandContext eval = null;
        SplSubsetParser parser = new SplSubsetParser(new CommonTokenStream(new SplSubsetLexer(CharStreams.fromString(
                SplReader.stripComments(t.text()).strip()))));
        for (CommandContext c : parser.pipeline().command()) if (c instanceof EvalCommandContext e) eval = e;
        assertNotNull(eval, t.text());
        return eval;
    }

    private static void same(EvalCommandContext eval, String line) {
        Map<String, Object> row = new HashMap<>();
        row.put("CommandLine", line);
        for (AssignmentContext a : eval.assignment()) row.put(a.NAME().getText(), value(a.evalExpr(), row));
        List<String> expected = Argv.split(line);
        assertEquals(expected.isEmpty() ? null : expected, list(row.get("rp_process_args")), () -> "line [" + line + "]");
        assertEquals(expected.isEmpty() ? null : expected.size(), row.get("rp_process_args_count"), () -> "line [" + line + "]");
    }

    private static List<String> list(Object v) {
        if (v == null) return null;
        if (v instanceof String s) return List.of(s);
        @SuppressWarnings("unchecked") List<String> l = (List<String>) v;
        return l;
    }

    /** A value: null, a String, a List of Strings (a multivalue), an Integer or a Boolean. */
    private static Object value(EvalExprContext e, Map<String, Object> row) {
        if (e instanceof EvalStringContext s) return SplReader.unquote(s.STRING().getText());
        if (e instanceof EvalFieldContext f) return row.get(f.QFIELD().getText().substring(1, f.QFIELD().getText().length() - 1));
        if (e instanceof EvalNameContext n) return row.get(n.NAME().getText());
        if (e instanceof EvalParenContext p) return value(p.evalExpr(), row);
        if (e instanceof EvalOrContext o) return truth(value(o.evalExpr(0), row)) || truth(value(o.evalExpr(1), row));
        if (e instanceof EvalCompareContext c && c.op.getType() == SplSubsetParser.EQEQ) {
            Object l = value(c.evalExpr(0), row), r = value(c.evalExpr(1), row);
            return l != null && l.equals(r);
        }
        if (e instanceof EvalCallContext c) {
            List<EvalExprContext> args = c.evalExpr();
            switch (c.NAME().getText()) {
                case "null": return null;
                case "nullif": {
                    Object a = value(args.get(0), row);
                    return a != null && a.equals(value(args.get(1), row)) ? null : a;
                }
                case "isnull": return value(args.get(0), row) == null;
                case "if": return truth(value(args.get(0), row)) ? value(args.get(1), row) : value(args.get(2), row);
                case "match": {
                    Object s = value(args.get(0), row);
                    return s instanceof String str && Pattern.compile((String) value(args.get(1), row)).matcher(str).find();
                }
                case "replace": {
                    Object s = value(args.get(0), row);
                    if (s == null) return null;
                    return replace((String) s, (String) value(args.get(1), row), (String) value(args.get(2), row));
                }
                case "split": {
                    Object s = value(args.get(0), row);
                    if (s == null) return null;
                    List<String> parts = List.of(((String) s).split(Pattern.quote((String) value(args.get(1), row)), -1));
                    return parts.size() == 1 ? parts.get(0) : parts;
                }
                case "mvcount": {
                    Object v = value(args.get(0), row);
                    return v == null ? null : list(v).size();
                }
                case "mvmap": {
                    String name = ((EvalNameContext) args.get(0)).NAME().getText();
                    Object v = row.get(name);
                    if (v == null) return null;
                    List<String> out = new ArrayList<>();
                    for (String x : list(v)) {
                        Map<String, Object> scope = new HashMap<>(row);
                        scope.put(name, x);
                        out.add((String) value(args.get(1), scope));
                    }
                    return out;
                }
                default: throw new AssertionError("eval function not modelled: " + c.NAME().getText());
            }
        }
        throw new AssertionError("eval expression not modelled: " + e.getText());
    }

    private static boolean truth(Object v) { return Boolean.TRUE.equals(v); }

    /** PCRE replace of every match; {@code \N} in the replacement is group N (empty when unset). */
    private static String replace(String s, String regex, String replacement) {
        Matcher m = Pattern.compile(regex).matcher(s);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            StringBuilder r = new StringBuilder();
            for (int i = 0; i < replacement.length(); i++) {
                char c = replacement.charAt(i);
                if (c == '\\' && i + 1 < replacement.length() && Character.isDigit(replacement.charAt(i + 1))) {
                    String g = m.group(replacement.charAt(++i) - '0');
                    r.append(g == null ? "" : g);
                } else {
                    r.append(c);
                }
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(r.toString()));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
