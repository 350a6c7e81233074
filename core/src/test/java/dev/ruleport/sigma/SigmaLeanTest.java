package dev.ruleport.sigma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ruleport.backend.TranslateOptions;
import dev.ruleport.backend.Translation;
import dev.ruleport.compile.CompiledRule;
import dev.ruleport.lower.LossMode;
import dev.ruleport.mapping.MappingProfile;
import dev.ruleport.testsupport.Corpus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The default Sigma output is lean: only the fields SigmaHQ rules use, a log source the Sigma tools accept, integer
 * taxonomy fields as integers and no {@code |cased} where it changes nothing, with the fidelity stated in comments;
 * {@code sigma.metadata=full} adds the Elastic extras. Over the corpus: every exact or equivalent output passes the
 * Sigma JSON schemas and pySigma's log source constraint (pySigma itself cannot be installed here: no Python package
 * registry is reachable and Debian does not package it), and the median output is at most 3 KB.
 */
class SigmaLeanTest {
    /** What SigmaHQ rules hold (and {@code name}, {@code correlation} for correlations, {@code taxonomy} for ECS names). */
    static final Set<String> LEAN_KEYS = Set.of("title", "id", "related", "name", "taxonomy", "status", "description",
            "references", "author", "date", "modified", "tags", "logsource", "detection", "correlation", "falsepositives",
            "level", "fields");

    /** Every problem of one output under the Sigma tools' load constraints; empty when it loads. */
    static List<String> problems(String text) {
        List<String> out = new ArrayList<>(SigmaSchemas.get().validate(text));
        for (Object d : SigmaYaml.loadAll(text)) {
            Map<?, ?> doc = (Map<?, ?>) d;
            for (Object k : doc.keySet()) if (!LEAN_KEYS.contains(String.valueOf(k))) out.add("key " + k);
            if (doc.containsKey("detection")) {
                Map<?, ?> ls = (Map<?, ?>) doc.get("logsource");
                boolean named = ls != null && List.of("category", "product", "service").stream()
                        .anyMatch(k -> ls.get(k) instanceof String s && !s.isBlank());
                if (!named) out.add("log source without category, product or service: " + ls);
                casedWithoutLetters(doc.get("detection"), out);
            }
        }
        return out;
    }

    private static void casedWithoutLetters(Object node, List<String> out) {
        if (node instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String key = String.valueOf(e.getKey());
                if (key.contains("|cased") && !key.contains("|fieldref") && !anyCase(e.getValue())) out.add("|cased without letters: " + key + ": " + e.getValue());
                casedWithoutLetters(e.getValue(), out);
            }
        } else if (node instanceof List<?> l) {
            l.forEach(x -> casedWithoutLetters(x, out));
        }
    }

    private static boolean anyCase(Object v) {
        if (v instanceof List<?> l) return l.stream().anyMatch(SigmaLeanTest::anyCase);
        return v != null && ExprTranslator.hasCase(String.valueOf(v));
    }

    @Test
    void leanByDefaultFullOnRequest() {
        String query = "process where host.os.type == \"windows\" and event.type == \"start\" and process.name == \"NET.exe\""
                + " and process.pid == 4 and process.args == \"1234\"";
        Translation lean = SigmaTestSupport.translate(query, "ecs");
        assertEquals(Translation.Status.EXACT, lean.status(), lean.diagnostics().toString());
        assertTrue(lean.text().startsWith("# ruleport: exact translation of test_rule (profile ecs): the same events, with the same verdicts\n"),
                lean.text());
        assertEquals(List.of(), problems(lean.text()));
        assertFalse(lean.text().contains("elastic:") || lean.text().contains("\nruleport:"), lean.text());
        Map<?, ?> doc = (Map<?, ?>) SigmaYaml.loadAll(lean.text()).get(0);
        assertEquals(Map.of("category", "process_creation", "product", "windows", "definition", "Elastic index patterns: logs-endpoint.events.*"),
                doc.get("logsource"));
        assertEquals("ecs", doc.get("taxonomy"));
        String detection = String.valueOf(doc.get("detection"));
        assertTrue(detection.contains("process.args=1234"), "digits need no |cased: " + detection);
        assertTrue(detection.contains("process.name|cased=NET.exe"), detection);

        Translation full = SigmaTestSupport.translateFull(SigmaTestSupport.compile("test_rule.toml", SigmaTestSupport.ruleToml(query)), "ecs", false);
        Map<?, ?> fullDoc = (Map<?, ?>) SigmaYaml.loadAll(full.text()).get(0);
        assertTrue(fullDoc.containsKey("elastic") && fullDoc.containsKey("ruleport"), full.text());
        assertEquals("logs-endpoint.events.*", ((Map<?, ?>) fullDoc.get("logsource")).get("index"));
        assertEquals(doc.get("detection"), fullDoc.get("detection"), "the detection does not depend on the metadata");
    }

    @Test
    void windowsEventIdsAreIntegers() {
        Translation t = SigmaTestSupport.translate("process where host.os.type == \"windows\" and event.code : \"4688\" and"
                + " process.executable : \"C:\\\\x.exe\"", "sigma-windows");
        assertTrue(t.ok(), t.diagnostics().toString());
        Map<?, ?> selection = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) SigmaYaml.loadAll(t.text()).get(0)).get("detection")).get("selection");
        assertEquals(4688, selection.get("EventID"), t.text());
        assertEquals(List.of(), problems(t.text()));
    }

    @Test
    void theDomainIsWhatSysmonsUserStartsWithAndLengthAboveZeroIsNonEmpty() {
        Translation t = SigmaTestSupport.translate("registry where host.os.type == \"windows\" and event.type == \"change\" and"
                + " user.domain : (\"NT AUTHORITY\", \"AUTORITE NT\") and length(registry.data.strings) > 0", "sigma-windows");
        assertTrue(t.ok(), t.diagnostics().toString());
        Map<?, ?> detection = (Map<?, ?>) ((Map<?, ?>) SigmaYaml.loadAll(t.text()).get(0)).get("detection");
        // a value that ends in a backslash is written with it doubled, which Sigma reads as one
        assertEquals(Map.of("User|startswith", List.of("NT AUTHORITY\\\\", "AUTORITE NT\\\\"), "Details", "?*"),
                detection.get("selection"), t.text());
        assertEquals(List.of(), problems(t.text()));
        Translation wild = SigmaTestSupport.translate("registry where host.os.type == \"windows\" and event.type == \"change\" and"
                + " user.domain : \"NT*\"", "sigma-windows");
        assertFalse(wild.ok(), wild.text());
        assertTrue(wild.diagnostics().toString().contains("wildcard pattern 'NT*' on user.domain"), wild.diagnostics().toString());
    }

    @Test
    void aJoinKeyWrittenAsDashWhenMissingIsRequiredPresentInEachStage() {
        // EQL joins only events whose (non-optional) key is present; IpAddress "-" stands for a missing source.ip
        Translation t = SigmaTestSupport.translate("sequence by source.ip with maxspan=1m"
                + " [authentication where host.os.type == \"windows\" and event.code == \"4625\"]"
                + " [authentication where host.os.type == \"windows\" and event.code == \"4624\"]", "sigma-windows");
        assertTrue(t.ok(), t.diagnostics().toString());
        assertEquals(List.of("IpAddress is \"-\" where the logon has no network address: read as missing"), t.equivalences());
        List<Object> docs = SigmaYaml.loadAll(t.text());
        for (Object d : docs.subList(0, 2)) {
            Map<?, ?> detection = (Map<?, ?>) ((Map<?, ?>) d).get("detection");
            assertEquals(Map.of("IpAddress", "-"), detection.get("filter_ipaddress"), t.text());
        }
        // an optional key joins events that lack it: the dash then stands for the missing key, not refused but not required
        Translation optional = SigmaTestSupport.translate("sequence by ?source.ip with maxspan=1m"
                + " [authentication where host.os.type == \"windows\" and event.code == \"4625\"]"
                + " [authentication where host.os.type == \"windows\" and event.code == \"4624\"]", "sigma-windows");
        assertFalse(optional.ok(), optional.text());
    }

    @Test
    void unknownMetadataValueIsAUsageError() {
        dev.ruleport.UsageException e = org.junit.jupiter.api.Assertions.assertThrows(dev.ruleport.UsageException.class,
                () -> dev.ruleport.Ruleport.builder().target("sigma").setting("sigma.metadata", "all").build());
        assertEquals("setting sigma.metadata=all: use lean (the default) or full", e.getMessage());
    }

    /**
     * The corpus under {@code ecs} (default: lean) and {@code sigma-windows}: every exact or equivalent output loads
     * under the Sigma tools' constraints; the median lean size is at most 3 KB (printed with the full size for
     * comparison).
     */
    @Test
    void corpusOutputsLoadAndTheMedianIsAtMostThreeKilobytes() {
        SigmaBackend backend = new SigmaBackend();
        List<Translation> lean = Corpus.translations(backend, "ecs", LossMode.EXACT);
        List<CompiledRule> rules = Corpus.rules();
        TranslateOptions fullOptions = new TranslateOptions(MappingProfile.load("ecs"), LossMode.EXACT, Map.of(SigmaBackend.METADATA, "full"));
        List<Integer> leanSizes = new ArrayList<>();
        List<Integer> fullSizes = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < lean.size(); i++) {
            Translation t = lean.get(i);
            if (!t.ok()) continue;
            leanSizes.add(t.text().getBytes(StandardCharsets.UTF_8).length);
            fullSizes.add(backend.translate(rules.get(i), fullOptions).text().getBytes(StandardCharsets.UTF_8).length);
            problems(t.text()).forEach(p -> failures.add(t.fileName() + ": " + p));
        }
        int windows = 0;
        for (Translation t : Corpus.translations(backend, "sigma-windows", LossMode.EXACT)) {
            if (!t.ok()) continue;
            windows++;
            problems(t.text()).forEach(p -> failures.add("sigma-windows " + t.fileName() + ": " + p));
        }
        int median = median(leanSizes);
        System.out.printf("%n[sigma lean] %d ecs outputs: median %d bytes lean, %d bytes with sigma.metadata=full; %d sigma-windows"
                + " outputs; %d load problems%n", leanSizes.size(), median, median(fullSizes), windows, failures.size());
        failures.stream().limit(20).forEach(f -> System.out.println("    " + f));
        assertEquals(List.of(), failures);
        assertTrue(leanSizes.size() > 700, "ecs outputs: " + leanSizes.size());
        assertTrue(median <= 3072, "median lean Sigma output " + median + " bytes");
    }

    private static int median(List<Integer> sizes) {
        List<Integer> s = new ArrayList<>(sizes);
        Collections.sort(s);
        return s.isEmpty() ? 0 : s.get(s.size() / 2);
    }
}
