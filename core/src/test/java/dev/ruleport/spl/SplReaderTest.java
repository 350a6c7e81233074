package dev.ruleport.spl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ruleport.interpret.Interpreter;
import dev.ruleport.interpret.InterpreterOptions;
import dev.ruleport.ir.Query;
import dev.ruleport.ir.SequenceQuery;
import dev.ruleport.mapping.MappingProfile;
import dev.ruleport.print.EqlPrinter;
import dev.ruleport.runtime.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The reader gives SPL's meaning, not the writer's intent: written by hand here, not by the writer. */
class SplReaderTest {
    private final SplReader ecs = new SplReader(new dev.ruleport.lower.ProfileReverse(MappingProfile.load("splunk-ecs")));

    private static List<Boolean> verdicts(Query q, List<Map<String, Object>> events) {
        Interpreter i = Interpreter.compile(q, InterpreterOptions.defaults());
        List<Boolean> out = new ArrayList<>();
        for (Map<String, Object> m : events) out.add(i.matches(Event.of(m)));
        return out;
    }

    @Test
    void searchTermsAreCaseInsensitiveWithStarOnlyAndLiteralQuestionMark() {
        Query q = ecs.read("``` c ```\nindex=* process.name=\"a*c\" user.name=\"who?\"");
        assertEquals("any where process.name : \"a*c\" and user.name regex~ \"who\\\\?\"", EqlPrinter.print(q));
        assertEquals(List.of(true, false, false), verdicts(q, List.of(
                Map.of("process.name", "ABBC", "user.name", "WHO?"),
                Map.of("process.name", "abc", "user.name", "whom"),
                Map.of("process.name", "abc"))));
    }

    @Test
    void searchOrBindsTighterThanImplicitAnd() {
        Query q = ecs.read("index=* a=\"1\" b=\"2\" OR c=\"3\"");
        assertEquals("any where a : \"1\" and (b : \"2\" or c : \"3\")", EqlPrinter.print(q));
    }

    @Test
    void whereFunctionsReadAsTheirEqlCounterparts() {
        Query q = ecs.read("index=*\n| where like('a', \"x_%\") AND 'b'==\"Q\" AND match('c', \"z\\\\d\") AND in('d', \"p\", \"q\")"
                + " AND (isnull('e') OR NOT tonumber('e', 10)>=3) AND cidrmatch(\"10.0.0.0/8\", 'f') AND isnotnull(mvfind('g', \"(?i)^k\\\\z\"))");
        assertEquals("any where a like \"x?*\" and b == \"Q\" and c regex \".*z\\\\d.*\" and d in (\"p\", \"q\") and "
                + "(e == null or not e >= 3) and cidrMatch(f, \"10.0.0.0/8\") and g regex~ \"k\"", EqlPrinter.print(q));
    }

    @Test
    void sequencePipelineReadsAsASequence() {
        String spl = "index=* ((a=\"1\") OR (b=\"2\"))\n"
                + "| eval rp_stage=mvappend(if('b'==\"2\", \"2\", null()), if(match('a', \"(?si)^1\\\\z\"), \"1\", null()))\n"
                + "| where isnotnull(rp_stage)\n| sort 0 _time\n| mvexpand rp_stage\n| eval rp_k1='host.id'\n| where isnotnull(rp_k1)\n"
                + "| streamstats count as rp_row\n| eval rp_s1=if(rp_stage=\"1\", rp_row, null()), rp_t1=if(rp_stage=\"1\", _time, null())\n"
                + "| eval rp_r2=if(rp_stage=\"2\", rp_row, null())\n"
                + "| streamstats time_window=3s current=f last(rp_s1) as rp_p1 last(rp_t1) as rp_pt1 last(rp_r2) as rp_q2 by rp_k1\n"
                + "| eval rp_s2=if(rp_stage=\"2\" AND isnotnull(rp_p1) AND (isnull(rp_q2) OR rp_q2<rp_p1) AND _time-rp_pt1<=1.5, rp_row, null()), rp_t2=if(isnotnull(rp_s2), rp_pt1, null())\n"
                + "| where isnotnull(rp_s2)\n";
        SequenceQuery q = (SequenceQuery) ecs.read(spl);
        assertEquals(1500, q.maxspan().millis());
        assertEquals(2, q.terms().size());
        assertEquals("host.id", EqlPrinter.print(q.terms().get(1).keys().get(0)));
        assertTrue(EqlPrinter.print(q).contains("b == \"2\""), EqlPrinter.print(q));
    }

    @Test
    void equalStagesInARowReadAsOneTermWithRuns() {
        String spl = "index=* ((a=\"1\") OR (b=\"2\"))\n"
                + "| eval rp_stage=mvappend(if('b'==\"2\", \"3\", null()), if('a'==\"1\", \"2\", null()), if('a'==\"1\", \"1\", null()))\n"
                + "| where isnotnull(rp_stage)\n| sort 0 _time\n| mvexpand rp_stage\n| eval rp_k1='host.id'\n| where isnotnull(rp_k1)\n"
                + "| streamstats count as rp_row\n| eval rp_s1=if(rp_stage=\"1\", rp_row, null()), rp_t1=if(rp_stage=\"1\", _time, null())\n"
                + "| eval rp_r2=if(rp_stage=\"2\", rp_row, null())\n"
                + "| streamstats time_window=3s current=f last(rp_s1) as rp_p1 last(rp_t1) as rp_pt1 last(rp_r2) as rp_q2 by rp_k1\n"
                + "| eval rp_s2=if(rp_stage=\"2\" AND isnotnull(rp_p1) AND (isnull(rp_q2) OR rp_q2<rp_p1) AND _time-rp_pt1<=1.5, rp_row, null()), rp_t2=if(isnotnull(rp_s2), rp_pt1, null())\n"
                + "| eval rp_r3=if(rp_stage=\"3\", rp_row, null())\n"
                + "| streamstats time_window=3s current=f last(rp_s2) as rp_p2 last(rp_t2) as rp_pt2 last(rp_r3) as rp_q3 by rp_k1\n"
                + "| eval rp_s3=if(rp_stage=\"3\" AND isnotnull(rp_p2) AND (isnull(rp_q3) OR rp_q3<rp_p2) AND _time-rp_pt2<=1.5, rp_row, null()), rp_t3=if(isnotnull(rp_s3), rp_pt2, null())\n"
                + "| where isnotnull(rp_s3)\n";
        SequenceQuery q = (SequenceQuery) ecs.read(spl);
        assertEquals(2, q.terms().size());
        assertEquals(2, q.terms().get(0).runs());
        assertEquals(1, q.terms().get(1).runs());
        assertEquals(3, q.stages().size());
    }

    @Test
    void fieldsMapBackThroughTheProfile() {
        SplReader win = new SplReader(new dev.ruleport.lower.ProfileReverse(MappingProfile.load("splunk-windows")));
        Query q = win.read("index=* source=\"XmlWinEventLog:Security\" EventCode=4688 NewProcessName=\"*\\\\cmd.exe\" TargetUserName=\"x\"");
        assertEquals("any where process.executable : \"*\\\\cmd.exe\" and winlog.event_data.TargetUserName : \"x\"",
                EqlPrinter.print(q));
        SplReader cim = new SplReader(new dev.ruleport.lower.ProfileReverse(MappingProfile.load("splunk-cim")));
        Query t = cim.read("| tstats count from datamodel=Endpoint.Filesystem where Filesystem.action=\"created\" Filesystem.file_name=\"a.exe\" by _time span=1s");
        assertEquals("any where file.name : \"a.exe\"", EqlPrinter.print(t));
    }

    @Test
    void unsupportedInputIsAnErrorNotAGuess() {
        assertThrows(SplReader.SplReadException.class, () -> ecs.read("index=* | where 'a'=="));
        assertThrows(SplReader.SplReadException.class, () -> ecs.read("index=* | where match('a', \"(?=x)\")"));
        assertThrows(SplReader.SplReadException.class, () -> ecs.read("index=* | where foo('a')"));
        assertThrows(SplReader.SplReadException.class, () -> new SplReader(new dev.ruleport.lower.ProfileReverse(MappingProfile.load("splunk-windows"))).read("index=other x=\"1\""));
        SplReader.SplReadException e = assertThrows(SplReader.SplReadException.class, () -> ecs.read("``` c ```\nindex=* | where ('a'==\"1\""));
        assertEquals("SPL syntax: 2:26: missing ')' at '<EOF>'", e.getMessage());
    }

    @Test
    void pcreToLucene() {
        assertEquals(new PcreToLucene.Result("a\\.b", true), PcreToLucene.convert("(?si)^a\\.b\\z"));
        assertEquals(new PcreToLucene.Result(".*a.*", false), PcreToLucene.convert("a"));
        assertEquals(new PcreToLucene.Result("\\#\\\"\n[^\\\\\\-]", false), PcreToLucene.convert("(?s)^#\"\\x{a}[^\\\\\\-]$"));
    }

    @Test
    void aTstatsWhereReadsItsFillValueAsMissingAndItsOsClauseAsTheConjunct() {
        SplReader cim = new SplReader(new dev.ruleport.lower.ProfileReverse(MappingProfile.load("splunk-cim")));
        String head = "| tstats summariesonly=false allow_old_summaries=true fillnull_value=\"rp:null\" count from datamodel=Endpoint.Processes"
                + " where (sourcetype IN (\"XmlWinEventLog\", \"WinEventLog\", \"XmlWinEventLog:*\", \"WinEventLog:*\"))"
                + " Processes.process_name=\"cmd.exe\" by _time span=1s Processes.process_path\n";
        Query q = cim.read(head + "| where isnull(nullif('Processes.process_path', \"rp:null\"))");
        assertEquals("any where host.os.type in (\"windows\") and process.name : \"cmd.exe\" and process.executable == null",
                EqlPrinter.print(q));
        // nullif with another text is no field reference
        assertThrows(SplReader.SplReadException.class, () -> cim.read(head + "| where isnull(nullif('Processes.process_path', \"x\"))"));
    }
}
