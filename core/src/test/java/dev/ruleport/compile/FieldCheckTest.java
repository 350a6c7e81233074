package dev.ruleport.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ruleport.diag.Diagnostic;
import dev.ruleport.diag.Severity;
import dev.ruleport.mapping.Logsource;
import dev.ruleport.mapping.MappingProfile;
import dev.ruleport.testsupport.Shared;
import dev.ruleport.testsupport.SigmaHqCorpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Field names that are neither ECS nor known integration fields: warned, with the nearest known name. */
class FieldCheckTest {
    private static List<Diagnostic> check(String query) {
        String toml = "[rule]\nrule_id = \"r\"\nname = \"n\"\ntype = \"eql\"\nlanguage = \"eql\"\nquery = '''\n" + query + "\n'''\n";
        Frontend.Outcome o = Frontend.compileText("r.toml", toml);
        assertEquals(Frontend.Status.OK, o.status(), o.diagnostics().toString());
        return FieldCheck.check(o.rule(), o.query());
    }

    @Test
    void aTypoIsWarnedWithTheNameMeant() {
        List<Diagnostic> d = check("process where process.nam : \"x\" and process.name : \"y\" and process.nam : \"z\"");
        assertEquals(1, d.size(), d.toString());
        assertEquals(Severity.WARNING, d.get(0).severity());
        assertEquals(FieldCheck.CODE, d.get(0).code());
        assertEquals("r.toml:7:15: warning: [unknown-field] field process.nam is neither ECS nor a known integration field; "
                + "did you mean process.name?", d.get(0).headline());
        assertEquals("process.parent.executable", FieldCheck.suggestion("process.parent.exectuable"));
        assertEquals("registry.path", FieldCheck.suggestion("regsitry.path"));
        assertNull(FieldCheck.suggestion("process.frobnication_level"), "nothing close: no suggestion");
    }

    @Test
    void everyPlaceAFieldCanStandIsChecked() {
        List<Diagnostic> d = check("sequence by user.nme with maxspan=1m [process where process.pid > 0] by process.entty_id "
                + "[file where length(file.pth) > 0] by process.entity_id until [process where event.typ == \"end\"] by process.entity_id");
        List<String> names = d.stream().map(x -> x.message().split(" ")[2]).toList();
        assertEquals(List.of("user.nme", "process.entty_id", "file.pth", "event.typ"), names);
    }

    @Test
    void knownNames() {
        for (String name : List.of("process.name", "@timestamp", "process.parent", "process.command_line.caseless",
                "process.name.text", "process.Ext.token.integrity_level_name", "file.Ext.header_bytes", "labels.team",
                "dns.answers.data", "winlog.event_data.LogonType", "aws.cloudtrail.user_identity.arn", "endgame.event_subtype_full",
                "file.code_signature.signed")) {
            assertTrue(FieldCheck.known(name), name);
        }
        for (String name : List.of("process.nam", "proces.name", "regsitry.path", "event.categroy", "file.Extension")) {
            assertFalse(FieldCheck.known(name), name);
        }
    }

    @Test
    void everyEcsNameABuiltInProfileMapsIsKnown() {
        List<String> unknown = new ArrayList<>();
        for (String profile : MappingProfile.builtInNames()) {
            for (Logsource l : MappingProfile.load(profile).logsources()) {
                for (String field : l.explicitMappings().keySet()) {
                    if (!FieldCheck.known(field)) unknown.add(profile + ": " + field);
                }
            }
        }
        assertEquals(List.of(), unknown.stream().distinct().toList());
    }

    @Test
    void theCorpusRulesUseNoUnknownField() throws IOException {
        Path corpus = Shared.require("corpus/detection-rules");
        List<Path> files;
        try (Stream<Path> s = Files.walk(corpus)) {
            files = s.filter(p -> p.toString().endsWith(".toml")).sorted().toList();
        }
        TreeSet<String> warned = new TreeSet<>();
        int checked = 0;
        for (Path f : files) {
            Frontend.Outcome o = Frontend.compile(f);
            if (o.status() != Frontend.Status.OK) continue;
            checked++;
            for (Diagnostic d : FieldCheck.check(o.rule(), o.query())) warned.add(d.headline());
        }
        assertEquals(819, checked);
        assertEquals(new TreeSet<>(), warned);
    }

    @Test
    void theSigmaHqRulesReadIntoNoUnknownField() {
        // the corpus as SigmaHqCorpus reads it once per JVM (as `check` does), not read a second time here
        List<SigmaHqCorpus.Entry> read = SigmaHqCorpus.read();
        TreeSet<String> warned = new TreeSet<>();
        for (SigmaHqCorpus.Entry e : read) {
            for (Diagnostic d : FieldCheck.check(e.outcome().rule(), e.outcome().query())) warned.add(d.headline());
        }
        // every rule that is not on the refused list was checked
        assertEquals(SigmaHqCorpus.entries().size() - SigmaHqCorpus.refusedList().size(), read.size());
        assertEquals(new TreeSet<>(), warned);
    }
}
