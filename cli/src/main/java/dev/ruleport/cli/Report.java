package dev.ruleport.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ruleport.Ruleport;
import dev.ruleport.backend.Translation;
import dev.ruleport.compile.Frontend;
import dev.ruleport.diag.Diagnostic;
import dev.ruleport.loader.Rule;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The migration report of one {@code convert --report DIR} run: {@code report.json} (the data, one row per rule
 * and target/profile, with the summary figures the CLI prints) and {@code index.html} (the same, readable: charts of
 * fidelity per target and profile, the most frequent refusal reasons and ATT&CK tactic coverage before and after,
 * and a filterable, sortable table). The page is self-contained: inline CSS, SVG and script, nothing loaded.
 *
 * <p>The figures follow {@link Summary}'s rules: a rule that does not load counts as failed on every target, one
 * in a language ruleport does not compile (or a Sigma file without a rule) as refused; refusal reasons count the
 * error diagnostics of refused translations by code.
 */
final class Report {
    static final String FORMAT = "ruleport-report/1";
    static final List<String> FIDELITIES = List.of("exact", "equivalent", "lossy", "refused", "failed");
    /** ATT&CK enterprise tactics in kill-chain order; ids not listed sort after them. */
    private static final List<String> TACTIC_ORDER = List.of("TA0043", "TA0042", "TA0001", "TA0002", "TA0003", "TA0004",
            "TA0005", "TA0006", "TA0007", "TA0008", "TA0009", "TA0011", "TA0010", "TA0040");
    private static final Pattern MEASURED = Pattern.compile("(?m)^\\W*measured: (.+?)(?:\\s*```)?\\s*$");

    record Reason(String severity, String code, String file, int line, int column, String message) {
        String position() { return line > 0 ? file + ":" + line + ":" + column : file; }
    }

    record Tactic(String id, String name) {}

    record Row(String rule, String ruleId, String name, String severity, List<Tactic> tactics, Ruleport.Job job,
               String fidelity, List<String> equivalences, String measured, List<Reason> reasons, String output,
               boolean countsReasons) {}

    private final List<Ruleport.Job> jobs;
    private final List<String> command;
    private final List<Row> rows = new ArrayList<>();
    private int rules;

    Report(List<Ruleport.Job> jobs, List<String> command) {
        this.jobs = List.copyOf(jobs);
        this.command = List.copyOf(command);
    }

    List<Row> rows() { return rows; }

    /** One rule's rows (one per job); {@code outputs} holds the file each job's output was written to. */
    void add(Ruleport.Result r, Map<Ruleport.Job, Path> outputs) {
        rules++;
        Frontend.Outcome o = r.frontend();
        Rule rule = o.rule();
        String file = r.file().toString();
        String ruleId = rule == null ? null : rule.ruleId();
        String name = rule == null ? null : rule.name();
        String severity = rule == null ? null : rule.severity();
        List<Tactic> tactics = tactics(rule);
        for (Ruleport.Job job : jobs) {
            if (o.status() != Frontend.Status.OK) {
                String fidelity = o.status() == Frontend.Status.FAILED ? "failed" : "refused";
                rows.add(new Row(file, ruleId, name, severity, tactics, job, fidelity, List.of(), null,
                        reasons(o.diagnostics()), null, false));
                continue;
            }
            Translation t = r.translations().get(job);
            String fidelity = t.status().label();
            String measured = null;
            if (t.status() == Translation.Status.LOSSY) {
                Matcher m = MEASURED.matcher(t.text());
                if (m.find()) measured = m.group(1).strip();
            }
            Path out = outputs.get(job);
            rows.add(new Row(file, ruleId, name, severity, tactics, job, fidelity, t.equivalences(), measured,
                    reasons(t.diagnostics()), out == null ? null : out.toString(), t.status() == Translation.Status.REFUSED));
        }
    }

    private static List<Reason> reasons(List<Diagnostic> diagnostics) {
        List<Reason> out = new ArrayList<>();
        for (Diagnostic d : diagnostics) {
            out.add(new Reason(d.severity().name().toLowerCase(java.util.Locale.ROOT), d.code(), d.file(), d.line(),
                    d.column(), d.message()));
        }
        return out;
    }

    private static List<Tactic> tactics(Rule rule) {
        Map<String, Tactic> out = new LinkedHashMap<>();
        if (rule == null || rule.threats() == null) return List.of();
        for (Rule.Threat t : rule.threats()) {
            if (t.tactic() == null || t.tactic().id() == null) continue;
            out.putIfAbsent(t.tactic().id(), new Tactic(t.tactic().id(), t.tactic().name() == null ? t.tactic().id() : t.tactic().name()));
        }
        return List.copyOf(out.values());
    }

    // ------------------------------------------------------------------ figures

    /** Per job, the count of each fidelity (in {@link #FIDELITIES} order). */
    Map<Ruleport.Job, int[]> counts() {
        Map<Ruleport.Job, int[]> out = new LinkedHashMap<>();
        for (Ruleport.Job j : jobs) out.put(j, new int[FIDELITIES.size()]);
        for (Row r : rows) out.get(r.job())[FIDELITIES.indexOf(r.fidelity())]++;
        return out;
    }

    /** Refusal reason codes by count, most frequent first (ties by code), as the CLI summary counts them. */
    List<Map.Entry<String, Integer>> refusalReasons() {
        Map<String, Integer> counts = new TreeMap<>();
        for (Row r : rows) {
            if (!r.countsReasons()) continue;
            for (Reason x : r.reasons()) if (x.severity().equals("error")) counts.merge(x.code(), 1, Integer::sum);
        }
        List<Map.Entry<String, Integer>> out = new ArrayList<>(counts.entrySet());
        out.sort(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        return out;
    }

    /** Tactic → [rules before (all input rules), then per job the rules exact or equivalent there]. */
    Map<Tactic, int[]> tacticCoverage() {
        Map<String, Tactic> byId = new TreeMap<>(Comparator.comparingInt((String id) -> {
            int i = TACTIC_ORDER.indexOf(id);
            return i < 0 ? TACTIC_ORDER.size() : i;
        }).thenComparing(Comparator.naturalOrder()));
        Map<String, int[]> counts = new LinkedHashMap<>();
        String lastRule = null;
        for (Row r : rows) {
            boolean first = !r.rule().equals(lastRule);
            lastRule = r.rule();
            boolean covered = r.fidelity().equals("exact") || r.fidelity().equals("equivalent");
            for (Tactic t : r.tactics()) {
                byId.putIfAbsent(t.id(), t);
                int[] c = counts.computeIfAbsent(t.id(), k -> new int[1 + jobs.size()]);
                if (first) c[0]++;
                if (covered) c[1 + jobs.indexOf(r.job())]++;
            }
        }
        Map<Tactic, int[]> out = new LinkedHashMap<>();
        byId.forEach((id, t) -> out.put(t, counts.get(id)));
        return out;
    }

    int rules() { return rules; }

    // ------------------------------------------------------------------ JSON

    String json() throws IOException {
        ObjectNode doc = Jackson.indented().createObjectNode();
        doc.put("format", FORMAT);
        String v = Main.class.getPackage().getImplementationVersion();
        doc.put("ruleport", v == null ? "dev" : v);
        ArrayNode cmd = doc.putArray("command");
        command.forEach(cmd::add);
        doc.put("rules", rules);
        ArrayNode summary = doc.putArray("summary");
        counts().forEach((job, c) -> {
            ObjectNode s = summary.addObject();
            s.put("target", job.target());
            s.put("profile", job.profile());
            for (int i = 0; i < FIDELITIES.size(); i++) s.put(FIDELITIES.get(i), c[i]);
        });
        ArrayNode reasons = doc.putArray("refusal_reasons");
        for (Map.Entry<String, Integer> e : refusalReasons()) reasons.addObject().put("code", e.getKey()).put("count", e.getValue());
        ArrayNode tactics = doc.putArray("tactics");
        tacticCoverage().forEach((t, c) -> {
            ObjectNode o = tactics.addObject();
            o.put("id", t.id());
            o.put("name", t.name());
            o.put("before", c[0]);
            ArrayNode after = o.putArray("after");
            for (int i = 0; i < jobs.size(); i++) {
                after.addObject().put("target", jobs.get(i).target()).put("profile", jobs.get(i).profile()).put("rules", c[1 + i]);
            }
        });
        ArrayNode rs = doc.putArray("rows");
        for (Row r : rows) {
            ObjectNode o = rs.addObject();
            o.put("rule", r.rule());
            o.put("rule_id", r.ruleId());
            o.put("name", r.name());
            o.put("severity", r.severity());
            ArrayNode ts = o.putArray("tactics");
            r.tactics().forEach(t -> ts.add(t.name()));
            o.put("target", r.job().target());
            o.put("profile", r.job().profile());
            o.put("fidelity", r.fidelity());
            ArrayNode eq = o.putArray("equivalences");
            r.equivalences().forEach(eq::add);
            o.put("measured", r.measured());
            ArrayNode why = o.putArray("reasons");
            for (Reason x : r.reasons()) {
                ObjectNode w = why.addObject();
                w.put("severity", x.severity());
                w.put("code", x.code());
                w.put("position", x.position());
                w.put("file", x.file());
                w.put("line", x.line());
                w.put("column", x.column());
                w.put("message", x.message());
            }
            o.put("output", r.output());
        }
        return Jackson.indented().writeValueAsString(doc) + "\n";
    }

    // ------------------------------------------------------------------ HTML

    private static final Map<String, String> COLOURS = Map.of("exact", "#2e7d32", "equivalent", "#1565c0",
            "lossy", "#ef6c00", "refused", "#c62828", "failed", "#616161");

    String html() {
        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>ruleport migration report</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
        h.append("<h1>ruleport migration report</h1>\n<p class=\"meta\">").append(rules).append(" rule files, ")
                .append(jobs.size()).append(" target/profile pair").append(jobs.size() == 1 ? "" : "s").append(" &middot; <code>")
                .append(esc(String.join(" ", command))).append("</code></p>\n");
        h.append("<p class=\"legend\">");
        for (String f : FIDELITIES) {
            h.append("<span><i style=\"background:").append(COLOURS.get(f)).append("\"></i>").append(f).append("</span> ");
        }
        h.append("</p>\n");

        h.append("<section id=\"fidelity\"><h2>Fidelity per target and profile</h2>\n").append(fidelityChart()).append(summaryTable())
                .append("</section>\n");
        h.append("<section id=\"reasons\"><h2>Top refusal reasons</h2>\n").append(reasonsChart()).append("</section>\n");
        h.append("<section id=\"tactics\"><h2>ATT&amp;CK tactic coverage</h2>\n<p class=\"note\">Before: every input rule "
                + "with the tactic. After: the rules whose translation is exact or equivalent on that target and profile.</p>\n")
                .append(tacticChart()).append("</section>\n");
        h.append("<section id=\"rules\"><h2>Rules</h2>\n").append(filters()).append(rowsTable()).append("</section>\n");
        h.append("<script>\n").append(SCRIPT).append("</script>\n</body>\n</html>\n");
        return h.toString();
    }

    private String fidelityChart() {
        int labelW = 260, barW = 520, rowH = 24, total = Math.max(1, rules);
        StringBuilder s = new StringBuilder();
        int height = jobs.size() * rowH + 8;
        s.append("<svg class=\"chart\" role=\"img\" aria-label=\"fidelity per target and profile\" width=\"").append(labelW + barW + 60)
                .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(labelW + barW + 60).append(' ').append(height)
                .append("\">\n");
        int y = 4;
        for (Map.Entry<Ruleport.Job, int[]> e : counts().entrySet()) {
            s.append("<text class=\"label\" x=\"").append(labelW - 8).append("\" y=\"").append(y + 16).append("\" text-anchor=\"end\">")
                    .append(esc(e.getKey().toString())).append("</text>\n");
            double x = labelW;
            int[] c = e.getValue();
            for (int i = 0; i < c.length; i++) {
                if (c[i] == 0) continue;
                double w = (double) barW * c[i] / total;
                s.append("<rect x=\"").append(fmt(x)).append("\" y=\"").append(y).append("\" width=\"").append(fmt(w))
                        .append("\" height=\"").append(rowH - 6).append("\" fill=\"").append(COLOURS.get(FIDELITIES.get(i)))
                        .append("\"><title>").append(esc(e.getKey() + ": " + c[i] + " " + FIDELITIES.get(i))).append("</title></rect>\n");
                if (w >= 22) {
                    s.append("<text class=\"in\" x=\"").append(fmt(x + w / 2)).append("\" y=\"").append(y + 13)
                            .append("\" text-anchor=\"middle\">").append(c[i]).append("</text>\n");
                }
                x += w;
            }
            y += rowH;
        }
        return s.append("</svg>\n").toString();
    }

    private String summaryTable() {
        StringBuilder s = new StringBuilder("<table class=\"summary\"><thead><tr><th>target / profile (").append(rules)
                .append(" rules)</th>");
        for (String f : FIDELITIES) s.append("<th>").append(f).append("</th>");
        s.append("</tr></thead><tbody>\n");
        counts().forEach((job, c) -> {
            s.append("<tr><td>").append(esc(job.toString())).append("</td>");
            for (int n : c) s.append("<td class=\"num\">").append(n).append("</td>");
            s.append("</tr>\n");
        });
        return s.append("</tbody></table>\n").toString();
    }

    private String reasonsChart() {
        List<Map.Entry<String, Integer>> top = refusalReasons();
        if (top.isEmpty()) return "<p class=\"note\">No translation was refused.</p>\n";
        if (top.size() > 15) top = top.subList(0, 15);
        int max = top.get(0).getValue(), labelW = 200, barW = 420, rowH = 22;
        int height = top.size() * rowH + 8;
        StringBuilder s = new StringBuilder("<svg class=\"chart\" role=\"img\" aria-label=\"top refusal reasons\" width=\"")
                .append(labelW + barW + 60).append("\" height=\"").append(height).append("\" viewBox=\"0 0 ")
                .append(labelW + barW + 60).append(' ').append(height).append("\">\n");
        int y = 4;
        for (Map.Entry<String, Integer> e : top) {
            double w = Math.max(1, (double) barW * e.getValue() / max);
            s.append("<text x=\"").append(labelW - 8).append("\" y=\"").append(y + 14).append("\" text-anchor=\"end\">")
                    .append(esc(e.getKey())).append("</text>\n<rect x=\"").append(labelW).append("\" y=\"").append(y)
                    .append("\" width=\"").append(fmt(w)).append("\" height=\"").append(rowH - 6).append("\" fill=\"")
                    .append(COLOURS.get("refused")).append("\"><title>").append(esc(e.getKey() + ": " + e.getValue()))
                    .append("</title></rect>\n<text x=\"").append(fmt(labelW + w + 6)).append("\" y=\"").append(y + 14).append("\">")
                    .append(e.getValue()).append("</text>\n");
            y += rowH;
        }
        return s.append("</svg>\n").toString();
    }

    /** A heat map: a row per tactic, the input rules, then a column per job shaded by the share kept. */
    private String tacticChart() {
        Map<Tactic, int[]> cov = tacticCoverage();
        if (cov.isEmpty()) return "<p class=\"note\">No rule names an ATT&amp;CK tactic.</p>\n";
        int labelW = 200, cellW = 64, cellH = 22, headH = 120;
        int width = labelW + cellW * (1 + jobs.size()) + 130; // room for the last rotated heading
        int height = headH + cov.size() * cellH + 6;
        StringBuilder s = new StringBuilder("<svg class=\"chart\" role=\"img\" aria-label=\"ATT&amp;CK tactic coverage\" width=\"")
                .append(width).append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width).append(' ')
                .append(height).append("\">\n");
        List<String> heads = new ArrayList<>();
        heads.add("input rules (before)");
        for (Ruleport.Job j : jobs) heads.add(j.toString());
        for (int i = 0; i < heads.size(); i++) {
            int x = labelW + i * cellW + cellW / 2;
            s.append("<text x=\"").append(x).append("\" y=\"").append(headH - 6).append("\" transform=\"rotate(-40 ").append(x)
                    .append(' ').append(headH - 6).append(")\">").append(esc(heads.get(i))).append("</text>\n");
        }
        int y = headH;
        for (Map.Entry<Tactic, int[]> e : cov.entrySet()) {
            int[] c = e.getValue();
            s.append("<text x=\"").append(labelW - 8).append("\" y=\"").append(y + 15).append("\" text-anchor=\"end\">")
                    .append(esc(e.getKey().name())).append("</text>\n");
            for (int i = 0; i < c.length; i++) {
                double share = c[0] == 0 ? 0 : (double) c[i] / c[0];
                String fill = i == 0 ? "#cfd8dc" : "rgba(46,125,50," + fmt(0.12 + 0.88 * share) + ")";
                int x = labelW + i * cellW;
                s.append("<rect x=\"").append(x + 1).append("\" y=\"").append(y + 1).append("\" width=\"").append(cellW - 2)
                        .append("\" height=\"").append(cellH - 2).append("\" fill=\"").append(fill).append("\"><title>")
                        .append(esc(e.getKey().name() + ", " + heads.get(i) + ": " + c[i] + (i == 0 ? "" : " of " + c[0])))
                        .append("</title></rect>\n<text class=\"").append(i > 0 && share > 0.55 ? "in" : "cell").append("\" x=\"")
                        .append(x + cellW / 2).append("\" y=\"").append(y + 15).append("\" text-anchor=\"middle\">").append(c[i])
                        .append("</text>\n");
            }
            y += cellH;
        }
        return s.append("</svg>\n").toString();
    }

    private String filters() {
        StringBuilder s = new StringBuilder("<div class=\"filters\"><label>search <input id=\"q\" type=\"search\" "
                + "placeholder=\"rule, name, reason code, message\"></label>\n<label>fidelity <select id=\"fidelity-filter\">"
                + "<option value=\"\">all</option>");
        for (String f : FIDELITIES) s.append("<option value=\"").append(f).append("\">").append(f).append("</option>");
        s.append("</select></label>\n<label>target / profile <select id=\"job-filter\"><option value=\"\">all</option>");
        for (Ruleport.Job j : jobs) s.append("<option value=\"").append(esc(j.toString())).append("\">").append(esc(j.toString())).append("</option>");
        s.append("</select></label>\n<span id=\"shown\">").append(rows.size()).append(" of ").append(rows.size())
                .append(" rows</span></div>\n");
        return s.toString();
    }

    private String rowsTable() {
        StringBuilder s = new StringBuilder("<table id=\"rows\"><thead><tr>");
        for (String c : List.of("rule", "name", "tactics", "target / profile", "fidelity", "details", "output")) {
            s.append("<th data-sort=\"").append(c.equals("target / profile") ? "job" : c).append("\">").append(esc(c)).append("</th>");
        }
        s.append("</tr></thead>\n<tbody>\n");
        for (Row r : rows) {
            s.append("<tr data-fidelity=\"").append(r.fidelity()).append("\" data-job=\"").append(esc(r.job().toString()))
                    .append("\"><td class=\"rule\">").append(esc(r.rule())).append("</td><td>").append(esc(nz(r.name())))
                    .append("</td><td>");
            s.append(esc(String.join(", ", r.tactics().stream().map(Tactic::name).toList())));
            s.append("</td><td>").append(esc(r.job().toString())).append("</td><td><span class=\"f f-").append(r.fidelity())
                    .append("\">").append(r.fidelity()).append("</span></td><td>");
            for (String e : r.equivalences()) s.append("<div class=\"eq\">equivalence: ").append(esc(e)).append("</div>");
            if (r.measured() != null) s.append("<div class=\"measured\">measured: ").append(esc(r.measured())).append("</div>");
            for (Reason x : r.reasons()) {
                s.append("<div class=\"reason ").append(x.severity()).append("\"><code>[").append(esc(x.code())).append("]</code> <span class=\"pos\">")
                        .append(esc(x.position())).append("</span> ").append(esc(x.message())).append("</div>");
            }
            s.append("</td><td class=\"out\">").append(esc(nz(r.output()))).append("</td></tr>\n");
        }
        return s.append("</tbody></table>\n").toString();
    }

    private static String nz(String s) { return s == null ? "" : s; }

    private static String fmt(double d) {
        return String.format(java.util.Locale.ROOT, "%.1f", d);
    }

    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static final String CSS = """
            body { font: 14px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 24px; color: #212121; }
            h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 8px; }
            .meta, .note { color: #616161; } code { font: 12px ui-monospace, monospace; }
            .legend span { margin-right: 14px; } .legend i { display: inline-block; width: 12px; height: 12px; margin-right: 4px; vertical-align: -1px; }
            svg.chart { display: block; max-width: 100%; height: auto; } svg text { font-size: 12px; fill: #212121; }
            svg text.in { fill: #fff; font-weight: 600; } svg text.cell { fill: #212121; }
            table { border-collapse: collapse; margin-top: 8px; } th, td { border: 1px solid #e0e0e0; padding: 4px 8px; vertical-align: top; text-align: left; }
            th { background: #f5f5f5; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
            #rows th { cursor: pointer; user-select: none; } #rows th.asc::after { content: " \\25B2"; } #rows th.desc::after { content: " \\25BC"; }
            #rows { width: 100%; } #rows td.rule, #rows td.out { font: 12px ui-monospace, monospace; overflow-wrap: anywhere; min-width: 160px; max-width: 300px; }
            .filters { display: flex; gap: 16px; align-items: center; flex-wrap: wrap; } .filters input { width: 280px; }
            .f { padding: 1px 6px; border-radius: 3px; color: #fff; } .f-exact { background: #2e7d32; } .f-equivalent { background: #1565c0; }
            .f-lossy { background: #ef6c00; } .f-refused { background: #c62828; } .f-failed { background: #616161; }
            .reason { font-size: 12px; } .reason.error code { color: #c62828; } .reason.warning code { color: #ef6c00; }
            .pos { font: 12px ui-monospace, monospace; color: #455a64; } .eq, .measured { font-size: 12px; color: #1565c0; }
            tr[hidden] { display: none; }
            """;

    /**
     * Filter (search text, fidelity, target/profile) and sort (click a column heading) over the rows already in the
     * page. The filters can also be set from the address: {@code index.html#fidelity=refused&job=kql%20%2F%20kql-ecs&q=lsass}.
     */
    private static final String SCRIPT = """
            (function () {
              var table = document.getElementById('rows');
              var body = table.tBodies[0];
              var rows = Array.prototype.slice.call(body.rows);
              var q = document.getElementById('q'), fid = document.getElementById('fidelity-filter'), job = document.getElementById('job-filter');
              var shown = document.getElementById('shown');
              function apply() {
                var text = q.value.toLowerCase(), f = fid.value, j = job.value, n = 0;
                rows.forEach(function (r) {
                  var ok = (!f || r.dataset.fidelity === f) && (!j || r.dataset.job === j) && (!text || r.textContent.toLowerCase().indexOf(text) >= 0);
                  r.hidden = !ok;
                  if (ok) n++;
                });
                shown.textContent = n + ' of ' + rows.length + ' rows';
              }
              var order = { exact: 0, equivalent: 1, lossy: 2, refused: 3, failed: 4 };
              Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, i) {
                th.addEventListener('click', function () {
                  var asc = !th.classList.contains('asc');
                  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (h) { h.classList.remove('asc', 'desc'); });
                  th.classList.add(asc ? 'asc' : 'desc');
                  rows.sort(function (a, b) {
                    var x = a.cells[i].textContent, y = b.cells[i].textContent;
                    if (th.dataset.sort === 'fidelity') { x = order[a.dataset.fidelity]; y = order[b.dataset.fidelity]; }
                    var c = x < y ? -1 : x > y ? 1 : 0;
                    return asc ? c : -c;
                  });
                  rows.forEach(function (r) { body.appendChild(r); });
                });
              });
              [q, fid, job].forEach(function (el) { el.addEventListener('input', apply); el.addEventListener('change', apply); });
              var hash = new URLSearchParams(location.hash.replace(/^#/, ''));
              if (hash.has('q')) q.value = hash.get('q');
              if (hash.has('fidelity')) fid.value = hash.get('fidelity');
              if (hash.has('job')) job.value = hash.get('job');
              apply();
              document.body.setAttribute('data-ready', 'true');
            })();
            """;
}
