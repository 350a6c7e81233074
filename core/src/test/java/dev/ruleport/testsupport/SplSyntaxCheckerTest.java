package dev.ruleport.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ruleport.testsupport.SplSyntaxChecker.Finding;
import dev.ruleport.testsupport.SplSyntaxChecker.Severity;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Pins what {@link SplSyntaxChecker} says about valid SPL and about each class of error. */
class SplSyntaxCheckerTest {

    private SplSyntaxChecker spl;

    @BeforeEach
    void load() {
        spl = SplSyntaxChecker.shared(); // skips (fails on CI) without ../shared
    }

    private void assertClean(String query) {
        List<Finding> f = spl.check(query);
        assertTrue(f.isEmpty(), () -> "expected no findings:\n" + SplSyntaxChecker.describe(query, f));
    }

    /** Exactly one finding; checks its severity, offset and that its message contains {@code text}. */
    private Finding assertOnly(String query, Severity severity, int offset, String text) {
        List<Finding> f = spl.check(query);
        assertEquals(1, f.size(), () -> "expected one finding:\n" + SplSyntaxChecker.describe(query, f));
        Finding only = f.get(0);
        assertEquals(severity, only.severity(), () -> SplSyntaxChecker.describe(query, f));
        assertEquals(offset, only.offset(), () -> SplSyntaxChecker.describe(query, f));
        assertTrue(only.message().contains(text), () -> "message lacks '" + text + "':\n" + SplSyntaxChecker.describe(query, f));
        return only;
    }

    // --- valid queries ---------------------------------------------------------------------------

    static final List<String> VALID = List.of(
        // the seed rule, Windows Security log
        "index=wineventlog EventCode=4688 New_Process_Name=\"*\\\\lsass.exe\" | table _time host New_Process_Name",
        "index=main sourcetype=sysmon | where match(CommandLine, \"(?i)^a.c$\") | table _time host CommandLine",
        // sequences (kql-spl-notes §3)
        "index=win EventCode=4688 (New_Process_Name=\"*\\\\winword.exe\" OR New_Process_Name=\"*\\\\powershell.exe\")\n"
            + "| eval step=if(like(New_Process_Name, \"%\\\\winword.exe\"), \"A\", \"B\")\n"
            + "| transaction host startswith=eval(step=\"A\") endswith=eval(step=\"B\") maxspan=1m | where eventcount>=2",
        "index=win EventCode=4688 | eval step=case(match(Image, \"(?i)winword\\\\.exe$\"), \"A\", true(), \"B\"),"
            + " a_time=if(step=\"A\", _time, null()) | sort 0 _time\n"
            + "| streamstats time_window=1m max(a_time) as last_a by host | where step=\"B\" AND isnotnull(last_a)",
        "| multisearch [search index=a EventCode=1 | eval event_type=\"a\"] [search index=b EventCode=3 | eval event_type=\"b\"]"
            + " | bin _time span=15m | stats dc(event_type) as event_type_count by _time host | search event_type_count >= 2",
        // data model acceleration, with ES macros as stages
        "| tstats summariesonly=true allow_old_summaries=true count min(_time) as firstTime max(_time) as lastTime"
            + " from datamodel=Endpoint.Processes where Processes.process_name=\"cmd.exe\""
            + " Processes.parent_process_name IN (\"winword.exe\", \"excel.exe\")"
            + " by Processes.dest Processes.user Processes.process"
            + " | `drop_dm_object_name(Processes)` | `security_content_ctime(firstTime)`",
        // inline comments, including one that holds a pipe and quotes
        "```Detects access to lsass``` index=sysmon EventCode=10 TargetImage=\"*\\\\lsass.exe\""
            + " ```exclude \"system\" | noise``` NOT SourceImage=\"C:\\\\Windows\\\\System32\\\\*\" | stats count by SourceImage, host",
        // subsearches with and without a leading pipe, join, lookup, options after by
        "index=main [| inputlookup bad_ips.csv | fields src_ip] | stats count by src_ip",
        "index=main [inputlookup bad_ips.csv | rename ip as src_ip | fields src_ip]"
            + " | timechart span=1h count by src_ip limit=10 useother=f",
        "index=main | join type=left max=0 host [search index=assets | fields host owner] | table host owner",
        "index=main | rex field=_raw \"user=(?<user>\\w+)\" | lookup users.csv user OUTPUT dept"
            + " | fillnull value=\"unknown\" dept | dedup user | sort - _time | head 10",
        // eval with 'quoted field names', foreach template, strings holding parentheses and pipes
        "index=main | foreach *_count [eval '<<FIELD>>'=if(isnull('<<FIELD>>'), 0, '<<FIELD>>')] | eval total='a (b'+1",
        "index=main | eval a=\")\", b=\"x | y\", c=\"say \\\"hi\\\"\" | where b!=\"(\"",
        // aliases: bucket = bin, transam = transaction, excerpt = abstract
        "index=main | bucket _time span=5m | transam host maxspan=5m | excerpt maxlines=3",
        // stats with eval inside: key=value inside parentheses is not an option
        "index=main | stats count(eval(status=\"failed\")) as failures, values(user) as users by src | where failures > 5",
        "index=main CommandLine=\"*\\\\\" | stats count");

    static List<String> validQueries() {
        return VALID;
    }

    @ParameterizedTest
    @MethodSource("validQueries")
    void validQueriesHaveNoFindings(String query) {
        assertClean(query);
    }

    /** Each valid query, broken in each of the ways a writer could break it, gives an error. */
    @ParameterizedTest
    @MethodSource("validQueries")
    void brokenVariantsOfValidQueriesGiveErrors(String query) {
        List<String> broken = new ArrayList<>();
        broken.add(query + " |");                                           // trailing pipe
        int pipe = query.lastIndexOf('|');
        if (pipe >= 0) {
            broken.add(query.substring(0, pipe) + "| |" + query.substring(pipe + 1)); // empty stage
        }
        int quote = query.lastIndexOf('"');
        if (quote >= 0) {
            broken.add(query.substring(0, quote) + query.substring(quote + 1)); // dropped closing quote
        }
        Matcher cmd = Pattern.compile("\\|\\s*([a-z]{4,})").matcher(query);
        int start = -1;
        int end = -1;
        while (cmd.find()) {                                                // the last command (not in a comment)
            start = cmd.start(1);
            end = cmd.end(1);
        }
        if (start >= 0) {                                                   // swapped letters in it
            String w = query.substring(start, end);
            String typo = w.charAt(0) + "" + w.charAt(2) + w.charAt(1) + w.substring(3);
            if (spl.command(typo).isEmpty()) {
                broken.add(query.substring(0, start) + typo + query.substring(end));
            }
        }
        for (String b : broken) {
            assertFalse(spl.errors(b).isEmpty(), () -> "no error for broken variant:\n" + b);
        }
    }

    @Test
    void implicitSearchFirstStageButExplicitCommandsAfterPipes() {
        assertClean("search index=main | stats count");
        assertClean("error OR failed | top limit=5 host");
        assertClean("  | makeresults count=3 | eval x=random()");
    }

    // --- errors ----------------------------------------------------------------------------------

    @Test
    void droppedClosingQuote() {
        String q = "index=main Image=\"*\\\\cmd.exe | stats count by host";
        assertOnly(q, Severity.ERROR, q.indexOf('"'), "unterminated string");
    }

    @Test
    void trailingBackslashSwallowsTheQuoteWithAHint() {
        String q = "index=main Image=\"C:\\Windows\\\" | stats count by host";
        Finding f = assertOnly(q, Severity.ERROR, q.indexOf('"'), "unterminated string");
        assertTrue(f.message().contains("\\\" at offset " + q.indexOf("\\\"")), f.message());
        assertTrue(f.message().contains("written \\\\"), f.message());
    }

    @Test
    void droppedClosingParenthesis() {
        String q = "index=main (EventCode=1 OR EventCode=3 | stats count";
        assertOnly(q, Severity.ERROR, q.indexOf('('), "unbalanced (");
        String q2 = "index=main | eval x=lower(Image | stats count";
        assertOnly(q2, Severity.ERROR, q2.indexOf('('), "unbalanced (");
        String q3 = "index=main | where isnull(x)) | stats count";
        assertOnly(q3, Severity.ERROR, q3.indexOf("))") + 1, "unbalanced )");
    }

    @Test
    void unbalancedSubsearchBrackets() {
        String q = "index=main [search index=x | fields host | stats count";
        assertOnly(q, Severity.ERROR, q.indexOf('['), "unbalanced [");
        String q2 = "index=main host=a] | stats count";
        assertOnly(q2, Severity.ERROR, q2.indexOf(']'), "unbalanced ]");
    }

    @Test
    void misspelledCommandWithSuggestion() {
        String q = "index=main | stast count by host";
        Finding f = assertOnly(q, Severity.ERROR, q.indexOf("stast"), "unknown command 'stast'");
        assertTrue(f.message().contains("did you mean 'stats'?"), f.message());
    }

    @Test
    void errorsInsideSubsearchesAreFound() {
        String q = "index=main [search index=x | feilds host] | stats count";
        assertOnly(q, Severity.ERROR, q.indexOf("feilds"), "unknown command 'feilds'");
    }

    @Test
    void commandNameRequiredAfterPipe() {
        String q = "| index=main | stats count";
        assertOnly(q, Severity.ERROR, q.indexOf("index"), "unknown command 'index'");
        String q2 = "index=main | \"stats\" count";
        assertOnly(q2, Severity.ERROR, q2.indexOf('"'), "expected a command name");
    }

    @Test
    void emptyStage() {
        String q = "index=main | | stats count";
        assertOnly(q, Severity.ERROR, q.indexOf('|'), "empty stage");
        String q2 = "index=main | ```nothing here``` | stats count";
        assertOnly(q2, Severity.ERROR, q2.indexOf('|'), "empty stage");
    }

    @Test
    void trailingPipe() {
        String q = "index=main | stats count by host |";
        assertOnly(q, Severity.ERROR, q.length() - 1, "trailing pipe");
        String q2 = "index=main | stats count by host | ";
        assertOnly(q2, Severity.ERROR, q2.lastIndexOf('|'), "trailing pipe");
    }

    @Test
    void emptySearchAndEmptySubsearch() {
        assertOnly("", Severity.ERROR, 0, "empty search");
        String q = "index=main [] | stats count";
        assertOnly(q, Severity.ERROR, q.indexOf('['), "empty subsearch");
    }

    @Test
    void unknownOptionIsAWarning() {
        String q = "index=main | streamstats time_windw=1m count by host";
        Finding f = assertOnly(q, Severity.WARNING, q.indexOf("time_windw"), "unknown option 'time_windw='");
        assertTrue(f.message().contains("did you mean 'time_window'?"), f.message());
        // free commands take any key=
        assertClean("index=main | search foo=bar | eval foo=1 | where foo=1");
        // a where clause is not options
        assertClean("| tstats count from datamodel=Endpoint.Processes where Processes.process_name=x by Processes.dest");
    }

    @Test
    void danglingByOrAs() {
        String q = "index=main | stats count by";
        assertOnly(q, Severity.ERROR, q.indexOf("by"), "'by' with nothing after it");
        String q2 = "index=main | rename host as";
        assertOnly(q2, Severity.ERROR, q2.lastIndexOf("as"), "'as' with nothing after it");
    }

    @Test
    void expressionChecks() {
        String q = "index=main | where x=1 AND";
        assertOnly(q, Severity.ERROR, q.indexOf("AND"), "expression ends with 'AND'");
        String q2 = "index=main | eval a=1, b=";
        assertOnly(q2, Severity.ERROR, q2.length() - 1, "expression ends with '='");
        String q3 = "index=main | where";
        assertOnly(q3, Severity.ERROR, q3.indexOf("where"), "'where' needs an expression");
        String q4 = "index=main | eval x=tolower(Image)";
        Finding f = assertOnly(q4, Severity.WARNING, q4.indexOf("tolower"), "unknown evaluation function 'tolower'");
        assertTrue(f.message().contains("did you mean 'lower'?"), f.message());
        // 'field names' in single quotes may hold parentheses
        assertClean("index=main | where 'weird(name'=\"x\"");
    }

    @Test
    void danglingSearchOperator() {
        String q = "index=main EventCode=1 OR";
        assertOnly(q, Severity.ERROR, q.indexOf("OR"), "search ends with the operator OR");
    }

    @Test
    void unterminatedCommentAndMacro() {
        String q = "index=main ```no end | stats count";
        assertOnly(q, Severity.ERROR, q.indexOf('`'), "unterminated comment");
        String q2 = "index=main | `my_macro | stats count";
        assertOnly(q2, Severity.ERROR, q2.indexOf('`'), "unterminated macro");
    }

    @Test
    void macroCallParenthesesMustBalance() {
        assertClean("index=main | `filter_for(\"a)\", host)` | stats count");
        String q = "index=main | `security_content_ctime(firstTime` | stats count";
        assertOnly(q, Severity.ERROR, q.indexOf('`'), "macro call not closed");
    }

    @Test
    void generatingCommandWithoutLeadingPipeIsAWarning() {
        String q = "tstats count where index=main by host";
        assertOnly(q, Severity.WARNING, 0, "needs a leading '|'");
    }

    @Test
    void deprecatedCommandIsAWarning() {
        String deprecated = spl.commands().values().stream().filter(c -> c.usage().equals("deprecated"))
                .map(SplSyntaxChecker.Command::name).sorted().findFirst().orElseThrow();
        String q = "index=main | " + deprecated;
        List<Finding> f = spl.check(q);
        assertTrue(f.stream().anyMatch(x -> x.severity() == Severity.WARNING && x.message().contains("deprecated")),
                () -> SplSyntaxChecker.describe(q, f));
        assertTrue(f.stream().noneMatch(Finding::isError), () -> SplSyntaxChecker.describe(q, f));
    }

    @Test
    void severalFindingsComeInOffsetOrder() {
        String q = "index=main | stast count | | eval x=(1";
        List<Finding> f = spl.check(q);
        assertEquals(List.of(q.indexOf("stast"), q.indexOf("| |"), q.indexOf("(1")),
                f.stream().map(Finding::offset).toList(), () -> SplSyntaxChecker.describe(q, f));
    }

    @Test
    void commandsAndAliasesAreLoaded() {
        assertEquals("bin", spl.command("bucket").orElseThrow().name());
        assertEquals("transaction", spl.command("TRANSAM").orElseThrow().name());
        assertTrue(spl.command("streamstats").orElseThrow().options().contains("time_window"));
        assertTrue(spl.command("where").orElseThrow().free());
        assertTrue(spl.commands().size() > 150, "commands: " + spl.commands().size());
    }
}
