package dev.ruleport.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An offline syntax check for the SPL that ruleport emits. There is no vendor SPL parser usable
 * offline, so this checks what can be checked from the list of commands in Splunk's
 * {@code searchbnf.conf} ({@code ../shared/schemas/splunk/spl-commands.json}):
 * <ul>
 *   <li>the pipeline is split at top-level {@code |} (outside quotes, comments, macros and
 *       {@code [subsearch]} brackets; subsearches are checked as pipelines of their own);</li>
 *   <li>unterminated {@code "…"} (with a hint when a {@code \"} swallowed the closing quote),
 *       unterminated {@code ```comment```} or {@code `macro`};</li>
 *   <li>unbalanced {@code ( ) [ ]} outside quotes;</li>
 *   <li>empty stage, trailing pipe, empty search;</li>
 *   <li>unknown command (error). The first stage of a search that does not start with {@code |}
 *       is an implicit {@code search}; every other stage must start with a command name (or an
 *       alias); a stage that starts with a {@code `macro`} is not checked;</li>
 *   <li>unknown {@code key=} option of a command whose arguments are not free (warning);
 *       options are read up to a top-level {@code where} (tstats, inputlookup, …);</li>
 *   <li>{@code by}/{@code as} with nothing after them (error); deprecated command (warning); a
 *       generating command at the start of a search without a leading {@code |} (warning: Splunk
 *       searches for it as a term);</li>
 *   <li>in {@code where}/{@code eval}/{@code fieldformat}: an empty expression, one that ends with an
 *       operator (error), unknown evaluation functions (warning), parentheses balanced with
 *       {@code 'field names'} taken as quoted.</li>
 * </ul>
 * It does not parse expressions or search terms further: a query it accepts can still be wrong.
 */
public final class SplSyntaxChecker {

    public enum Severity { ERROR, WARNING }

    /** One finding; {@code offset} is an index into the checked query string. */
    public record Finding(Severity severity, String message, int offset) {
        public boolean isError() {
            return severity == Severity.ERROR;
        }

        @Override
        public String toString() {
            return "offset " + offset + ": " + severity.name().toLowerCase(Locale.ROOT) + ": " + message;
        }
    }

    /** A command from spl-commands.json. */
    public record Command(String name, Set<String> aliases, String usage, boolean free, Set<String> options) {
    }

    /**
     * Evaluation functions of SPL (Splunk Search Reference, "Evaluation functions" quick reference,
     * SPL 9.x/10.x): comparison and conditional, conversion, cryptographic, date and time,
     * informational, JSON, mathematical, multivalue, statistical, text, trigonometric, bitwise.
     * A name missing here gives a warning only.
     */
    static final Set<String> EVAL_FUNCTIONS = Set.of(
            // comparison and conditional
            "case", "cidrmatch", "coalesce", "false", "if", "in", "like", "lookup", "match", "null", "nullif",
            "searchmatch", "true", "validate",
            // conversion
            "ipmask", "printf", "tonumber", "tostring",
            // cryptographic
            "md5", "sha1", "sha256", "sha512",
            // date and time
            "now", "relative_time", "strftime", "strptime", "time",
            // informational
            "isarray", "isbool", "isdouble", "isint", "ismv", "isnotnull", "isnull", "isnum", "isobject", "isstr",
            "typeof",
            // JSON
            "json", "json_append", "json_array", "json_array_to_mv", "json_delete", "json_entries", "json_extend",
            "json_extract", "json_extract_exact", "json_has_key_exact", "json_keys", "json_object", "json_set",
            "json_set_exact", "json_valid",
            // mathematical
            "abs", "ceiling", "ceil", "exact", "exp", "floor", "ln", "log", "pi", "pow", "round", "sigfig", "sqrt",
            "sum",
            // multivalue
            "commands", "mvappend", "mvcount", "mvdedup", "mvfilter", "mvfind", "mvindex", "mvjoin", "mvmap",
            "mvrange", "mvsort", "mvzip", "mv_to_json_array", "split",
            // statistical
            "avg", "max", "min", "random",
            // text
            "len", "lower", "ltrim", "replace", "rtrim", "spath", "substr", "trim", "upper", "urldecode",
            // trigonometry and hyperbolic
            "acos", "acosh", "asin", "asinh", "atan", "atan2", "atanh", "cos", "cosh", "hypot", "sin", "sinh",
            "tan", "tanh",
            // bitwise
            "bit_and", "bit_or", "bit_not", "bit_xor", "bit_shift_left", "bit_shift_right");

    /** Generating commands: they start a search (after a leading pipe, or first in a subsearch). */
    private static final Set<String> GENERATING = Set.of("inputlookup", "inputcsv", "makeresults", "tstats", "mstats",
            "datamodel", "from", "rest", "metadata", "metasearch", "loadjob", "savedsearch", "multisearch", "pivot",
            "dbinspect", "eventcount", "gentimes", "mcatalog", "mpreview", "search");
    /** Commands whose arguments are an eval expression. */
    private static final Set<String> EXPRESSION_COMMANDS = Set.of("where", "eval", "fieldformat");
    /** Words that are operators, not function names, before a parenthesis in an expression. */
    private static final Set<String> EXPRESSION_OPERATORS = Set.of("and", "or", "not", "xor", "in", "like");
    /** Tokens after which an expression cannot end. */
    private static final Pattern DANGLING_OPERATOR = Pattern.compile(
            "(?:==|!=|<=|>=|[=<>+\\-*/%.,!]|(?<![A-Za-z0-9_.])(?i:AND|OR|NOT|XOR|LIKE|IN))\\s*$");
    /** In a search: a boolean operator (upper case only: lower case ones are terms) with nothing after it. */
    private static final Pattern DANGLING_SEARCH_OPERATOR = Pattern.compile("(?<![A-Za-z0-9_.])(AND|OR|NOT)\\s*$");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern OPTION_KEY = Pattern.compile("(?<![A-Za-z0-9_.\\-$*])([A-Za-z_][A-Za-z0-9_.]*)=(?!=)");
    private static final Pattern FUNCTION_CALL = Pattern.compile("(?<![A-Za-z0-9_.$'])([A-Za-z_][A-Za-z0-9_]*)\\(");
    private static final Pattern WORD = Pattern.compile("[^\\s,()]+");

    // character classes of the lexical pass
    private static final byte CODE = 0;
    private static final byte STRING = 1;
    private static final byte COMMENT = 2;
    private static final byte MACRO = 3;

    private final Map<String, Command> commands;      // by name
    private final Map<String, Command> byNameOrAlias; // lower-case name or alias

    private SplSyntaxChecker(Map<String, Command> commands) {
        this.commands = Collections.unmodifiableMap(commands);
        Map<String, Command> index = new HashMap<>();
        for (Command c : commands.values()) {
            index.put(c.name().toLowerCase(Locale.ROOT), c);
        }
        for (Command c : commands.values()) {
            for (String alias : c.aliases()) {
                index.putIfAbsent(alias.toLowerCase(Locale.ROOT), c);
            }
        }
        this.byNameOrAlias = Collections.unmodifiableMap(index);
    }

    /** Reads spl-commands.json ({@code {"commands": {"<name>": {aliases, usage, free, options}}}}). */
    public static SplSyntaxChecker load(Path splCommandsJson) throws IOException {
        JsonNode root = new ObjectMapper().readTree(splCommandsJson.toFile());
        JsonNode cmds = root.get("commands");
        if (cmds == null || !cmds.isObject() || cmds.isEmpty()) {
            throw new IOException(splCommandsJson + ": no \"commands\" object");
        }
        Map<String, Command> out = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : cmds.properties()) {
            JsonNode c = e.getValue();
            out.put(e.getKey(), new Command(e.getKey(), strings(c.get("aliases")), c.path("usage").asText("public"),
                    c.path("free").asBoolean(false), strings(c.get("options"))));
        }
        return new SplSyntaxChecker(out);
    }

    private static SplSyntaxChecker shared;

    /**
     * The checker over {@code <shared>/schemas/splunk/spl-commands.json}, loaded once per JVM; skips the
     * calling test where the shared folder is missing (fails it where CI=true).
     */
    public static synchronized SplSyntaxChecker shared() {
        if (shared == null) {
            Path json = SharedFiles.requireShared("schemas/splunk/spl-commands.json");
            try {
                shared = load(json);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + json, e);
            }
        }
        return shared;
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> out = new LinkedHashSet<>();
        if (array != null) {
            for (JsonNode n : array) {
                out.add(n.asText());
            }
        }
        return Collections.unmodifiableSet(out);
    }

    /** The command with this name or alias (case-insensitive). */
    public Optional<Command> command(String nameOrAlias) {
        return Optional.ofNullable(byNameOrAlias.get(nameOrAlias.toLowerCase(Locale.ROOT)));
    }

    /** All commands by their main name. */
    public Map<String, Command> commands() {
        return commands;
    }

    /** Checks one SPL query; findings are ordered by offset. */
    public List<Finding> check(String query) {
        return new Run(query).run();
    }

    /** Only the errors of {@link #check(String)}. */
    public List<Finding> errors(String query) {
        return check(query).stream().filter(Finding::isError).toList();
    }

    /** Renders findings for an assertion message: each with line:column, the query line and a caret. */
    public static String describe(String query, List<Finding> findings) {
        StringBuilder sb = new StringBuilder();
        for (Finding f : findings) {
            int offset = Math.min(Math.max(f.offset(), 0), query.length());
            int lineStart = offset == 0 ? 0 : query.lastIndexOf('\n', offset - 1) + 1;
            int lineEnd = query.indexOf('\n', lineStart);
            if (lineEnd < 0) {
                lineEnd = query.length();
            }
            int line = 1;
            for (int i = 0; i < lineStart; i++) {
                if (query.charAt(i) == '\n') {
                    line++;
                }
            }
            int col = offset - lineStart;
            sb.append(line).append(':').append(col + 1).append(": ")
                    .append(f.severity().name().toLowerCase(Locale.ROOT)).append(": ").append(f.message()).append('\n')
                    .append("    ").append(query, lineStart, lineEnd).append('\n')
                    .append("    ").append(" ".repeat(Math.max(col, 0))).append("^\n");
        }
        if (findings.isEmpty()) {
            sb.append("(no findings)\n");
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------------------------------------

    /** One check of one query. */
    private final class Run {
        private final String q;
        private final int n;
        private final byte[] kind;
        private final int[] depth; // subsearch bracket depth of each character ([ and ] belong to the outer level)
        private final List<Finding> findings = new ArrayList<>();

        Run(String query) {
            this.q = query;
            this.n = query.length();
            this.kind = new byte[n];
            this.depth = new int[n];
        }

        List<Finding> run() {
            lex();
            brackets();
            pipeline(0, n, 0, false);
            findings.sort(Comparator.comparingInt(Finding::offset));
            return List.copyOf(findings);
        }

        private void error(int offset, String message) {
            findings.add(new Finding(Severity.ERROR, message, offset));
        }

        private void warning(int offset, String message) {
            findings.add(new Finding(Severity.WARNING, message, offset));
        }

        /** Marks strings, ```comments``` and `macros`; reports the unterminated ones. */
        private void lex() {
            int i = 0;
            while (i < n) {
                char c = q.charAt(i);
                if (c == '`' && q.startsWith("```", i)) {
                    int end = q.indexOf("```", i + 3);
                    int stop = end < 0 ? n : end + 3;
                    fill(i, stop, COMMENT);
                    if (end < 0) {
                        error(i, "unterminated comment: ``` without a closing ```");
                    }
                    i = stop;
                } else if (c == '`') {
                    int end = q.indexOf('`', i + 1);
                    int stop = end < 0 ? n : end + 1;
                    fill(i, stop, MACRO);
                    if (end < 0) {
                        error(i, "unterminated macro: ` without a closing `");
                    } else {
                        macroArguments(i, end);
                    }
                    i = stop;
                } else if (c == '"') {
                    int j = i + 1;
                    int lastEscapedQuote = -1;
                    boolean closed = false;
                    while (j < n) {
                        char d = q.charAt(j);
                        if (d == '\\' && j + 1 < n) {
                            if (q.charAt(j + 1) == '"') {
                                lastEscapedQuote = j;
                            }
                            j += 2;
                            continue;
                        }
                        if (d == '"') {
                            closed = true;
                            break;
                        }
                        j++;
                    }
                    int stop = closed ? j + 1 : n;
                    fill(i, stop, STRING);
                    if (!closed) {
                        String msg = "unterminated string: \" without a closing quote";
                        if (lastEscapedQuote >= 0) {
                            msg += "; the \\\" at offset " + lastEscapedQuote + " is an escaped quote, not the end of"
                                    + " the string (a literal backslash before the closing quote is written \\\\)";
                        }
                        error(i, msg);
                    }
                    i = stop;
                } else {
                    i++;
                }
            }
        }

        /** `name(arg, "arg")`: the parentheses of a macro call must balance and close the call. */
        private void macroArguments(int open, int close) {
            int depth = 0;
            boolean inString = false;
            for (int i = open + 1; i < close; i++) {
                char c = q.charAt(i);
                if (inString) {
                    if (c == '\\') {
                        i++;
                    } else if (c == '"') {
                        inString = false;
                    }
                } else if (c == '"') {
                    inString = true;
                } else if (c == '(') {
                    depth++;
                } else if (c == ')') {
                    if (--depth < 0) {
                        error(i, "unbalanced ) in macro call");
                        return;
                    }
                }
            }
            if (depth > 0 || inString) {
                error(open, "macro call not closed: unbalanced ( or \" before the closing `");
            }
        }

        private void fill(int from, int to, byte k) {
            for (int i = from; i < to; i++) {
                kind[i] = k;
            }
        }

        /** Computes subsearch depths; reports unmatched ] and unclosed [. */
        private void brackets() {
            Deque<Integer> open = new ArrayDeque<>();
            for (int i = 0; i < n; i++) {
                depth[i] = open.size();
                if (kind[i] != CODE) {
                    continue;
                }
                char c = q.charAt(i);
                if (c == '[') {
                    open.push(i);
                } else if (c == ']') {
                    if (open.isEmpty()) {
                        error(i, "unbalanced ]: no [ before it");
                        kind[i] = COMMENT; // ignore it from here on
                    } else {
                        open.pop();
                        depth[i] = open.size();
                    }
                }
            }
            for (int pos : open) {
                error(pos, "unbalanced [: subsearch not closed with ]");
            }
        }

        private boolean own(int i, int level) {
            return kind[i] == CODE && depth[i] == level;
        }

        /** Splits [from, to) at pipes of this level, checks each stage, recurses into subsearches. */
        private void pipeline(int from, int to, int level, boolean subsearch) {
            List<int[]> stages = new ArrayList<>();
            int start = from;
            for (int i = from; i < to; i++) {
                if (own(i, level) && q.charAt(i) == '|') {
                    stages.add(new int[] {start, i});
                    start = i + 1;
                } else if (own(i, level) && q.charAt(i) == '[') {
                    int end = i + 1;
                    while (end < to && depth[end] > level) {
                        end++;
                    }
                    pipeline(i + 1, end, level + 1, true);
                }
            }
            stages.add(new int[] {start, to});

            boolean leadingPipe = false;
            for (int k = 0; k < stages.size(); k++) {
                int s = stages.get(k)[0];
                int e = stages.get(k)[1];
                boolean last = k == stages.size() - 1;
                if (isBlank(s, e, level)) {
                    if (k == 0 && !last) {
                        leadingPipe = true; // "| tstats ..." or "[| inputlookup ...]"
                    } else if (k == 0) {
                        error(Math.max(from - 1, 0), subsearch ? "empty subsearch" : "empty search");
                    } else if (last) {
                        error(s - 1, "trailing pipe: nothing after the last |");
                    } else {
                        error(s - 1, "empty stage: nothing between | and the next |");
                    }
                    continue;
                }
                boolean implicitSearchAllowed = k == 0 && !leadingPipe;
                stage(s, e, level, implicitSearchAllowed, subsearch);
            }
        }

        private boolean isBlank(int s, int e, int level) {
            for (int i = s; i < e; i++) {
                if (kind[i] == COMMENT) {
                    continue;
                }
                if (depth[i] != level || kind[i] != CODE || !Character.isWhitespace(q.charAt(i))) {
                    return false;
                }
            }
            return true;
        }

        /**
         * The stage [s, e) as seen at this level: strings become 'S', macros 'M', comments and the
         * inside of subsearches blanks (the brackets stay), so that offsets are unchanged.
         */
        private String view(int s, int e, int level, boolean singleQuotes) {
            char[] v = new char[e - s];
            boolean inSingle = false;
            for (int i = s; i < e; i++) {
                char c = q.charAt(i);
                char out;
                if (depth[i] > level) {
                    out = ' ';
                } else if (kind[i] == STRING) {
                    out = 'S';
                } else if (kind[i] == MACRO) {
                    out = 'M';
                } else if (kind[i] == COMMENT) {
                    out = ' ';
                } else if (singleQuotes && (inSingle || c == '\'')) {
                    if (c == '\'') {
                        inSingle = !inSingle;
                    }
                    out = 'S';
                } else {
                    out = c;
                }
                v[i - s] = out;
            }
            return new String(v);
        }

        private void stage(int s, int e, int level, boolean implicitSearchAllowed, boolean subsearch) {
            String view = view(s, e, level, false);
            int p = 0;
            while (p < view.length() && Character.isWhitespace(view.charAt(p))) {
                p++;
            }
            if (view.charAt(p) == 'M' && kind[s + p] == MACRO) {
                return; // a macro: expands to anything, not checkable
            }
            Matcher m = IDENTIFIER.matcher(view).region(p, view.length());
            int nameEnd = p;
            if (m.lookingAt()) {
                nameEnd = m.end();
                for (int i = p; i < m.end(); i++) {
                    if (kind[s + i] != CODE) { // 'S'/'M' stand for strings and macros, not letters
                        nameEnd = i;
                        break;
                    }
                }
            }
            String name = nameEnd > p ? view.substring(p, nameEnd) : null;
            boolean nameIsWord = name != null && (nameEnd == view.length() || !isTermChar(view.charAt(nameEnd)));
            Command cmd = nameIsWord ? byNameOrAlias.get(name.toLowerCase(Locale.ROOT)) : null;

            if (implicitSearchAllowed) {
                // the first stage without a leading pipe: an implicit search, unless it says "search";
                // a subsearch may also start with a generating command ("[inputlookup x | ...]")
                if (cmd != null && !cmd.name().equals("search") && GENERATING.contains(cmd.name()) && !subsearch) {
                    warning(s + p, "'" + name + "' at the start of a search is a search term: a generating command"
                            + " needs a leading '|'");
                    cmd = null;
                } else if (cmd != null && !cmd.name().equals("search") && !GENERATING.contains(cmd.name())) {
                    cmd = null; // e.g. "error | stats count": a term, not a command
                }
                if (cmd == null) {
                    searchStage(s, view, p);
                    return;
                }
            } else {
                if (name == null) {
                    error(s + p, "expected a command name after |");
                    return;
                }
                cmd = byNameOrAlias.get(name.toLowerCase(Locale.ROOT)); // "| index=x": unknown command 'index'
                if (cmd == null) {
                    error(s + p, "unknown command '" + name + "'" + suggestion(name, allNames()));
                    return;
                }
            }
            if ("deprecated".equals(cmd.usage())) {
                warning(s + p, "command '" + name + "' is deprecated");
            }
            if (cmd.name().equals("search")) {
                searchStage(s, view, nameEnd);
            } else if (EXPRESSION_COMMANDS.contains(cmd.name())) {
                expressionStage(s, e, level, cmd, name, p, nameEnd);
            } else {
                parens(s, view, nameEnd);
                if (!cmd.free()) {
                    options(s, view, nameEnd, cmd, name);
                    danglingKeyword(s, view, nameEnd, name);
                }
            }
        }

        /** True where the view shows a mask letter ('S', 'M') instead of the query's own character. */
        private boolean masked(int s, String view, int i) {
            return kind[s + i] != CODE || view.charAt(i) != q.charAt(s + i);
        }

        private boolean isTermChar(char c) {
            return !Character.isWhitespace(c) && c != '(' && c != '[';
        }

        private void searchStage(int s, String view, int from) {
            parens(s, view, from);
            Matcher m = DANGLING_SEARCH_OPERATOR.matcher(view);
            if (m.region(from, view.length()).find()) {
                error(s + m.start(1), "search ends with the operator " + m.group(1) + " and nothing after it");
            }
        }

        private void expressionStage(int s, int e, int level, Command cmd, String name, int p, int from) {
            String view = view(s, e, level, true);
            if (view.substring(from).isBlank()) {
                error(s + p, "'" + name + "' needs an expression");
                return;
            }
            parens(s, view, from);
            Matcher d = DANGLING_OPERATOR.matcher(view).region(from, view.length());
            if (d.find()) {
                error(s + d.start(), "expression ends with '" + d.group().strip() + "' and nothing after it");
            }
            Matcher f = FUNCTION_CALL.matcher(view).region(from, view.length());
            while (f.find()) {
                if (masked(s, view, f.start(1))) {
                    continue;
                }
                String fn = f.group(1).toLowerCase(Locale.ROOT);
                if (!EVAL_FUNCTIONS.contains(fn) && !EXPRESSION_OPERATORS.contains(fn)) {
                    warning(s + f.start(1), "unknown evaluation function '" + f.group(1) + "'"
                            + suggestion(f.group(1), EVAL_FUNCTIONS));
                }
            }
        }

        /** Balance of ( ) in the stage view (strings, macros, comments and subsearches masked). */
        private void parens(int s, String view, int from) {
            Deque<Integer> open = new ArrayDeque<>();
            for (int i = from; i < view.length(); i++) {
                char c = view.charAt(i);
                if (c == '(') {
                    open.push(i);
                } else if (c == ')') {
                    if (open.isEmpty()) {
                        error(s + i, "unbalanced ): no ( before it");
                    } else {
                        open.pop();
                    }
                }
            }
            for (int pos : open) {
                error(s + pos, "unbalanced (: not closed in this stage");
            }
        }

        /** Top-level {@code key=} arguments of a command that takes options, up to a top-level 'where'. */
        private void options(int s, String view, int from, Command cmd, String name) {
            int[] parenDepth = parenDepths(view);
            int stop = topLevelWord(view, from, parenDepth, "where");
            Matcher m = OPTION_KEY.matcher(view).region(from, stop < 0 ? view.length() : stop);
            while (m.find()) {
                if (parenDepth[m.start()] != 0 || masked(s, view, m.start(1))) {
                    continue;
                }
                String key = m.group(1);
                if (!cmd.options().contains(key)) {
                    String known = cmd.options().isEmpty() ? "it takes no key=value options"
                            : "known: " + String.join(", ", cmd.options());
                    warning(s + m.start(1), "unknown option '" + key + "=' for command '" + name + "' ("
                            + known + ")" + suggestion(key, cmd.options()));
                }
            }
        }

        /** "stats count by" or "rename x as": a keyword that needs something after it. */
        private void danglingKeyword(int s, String view, int from, String name) {
            int[] parenDepth = parenDepths(view);
            Matcher w = WORD.matcher(view).region(from, view.length());
            int lastStart = -1;
            String last = null;
            while (w.find()) {
                if (parenDepth[w.start()] == 0) {
                    last = w.group();
                    lastStart = w.start();
                }
            }
            if (last != null && (last.equalsIgnoreCase("by") || last.equalsIgnoreCase("as"))) {
                error(s + lastStart, "'" + last + "' with nothing after it in '" + name + "'");
            }
        }

        private int[] parenDepths(String view) {
            int[] d = new int[view.length() + 1];
            int cur = 0;
            for (int i = 0; i < view.length(); i++) {
                char c = view.charAt(i);
                if (c == ')' && cur > 0) {
                    cur--;
                }
                d[i] = cur;
                if (c == '(') {
                    cur++;
                }
            }
            d[view.length()] = cur;
            return d;
        }

        private int topLevelWord(String view, int from, int[] parenDepth, String word) {
            Matcher w = WORD.matcher(view).region(from, view.length());
            while (w.find()) {
                if (parenDepth[w.start()] == 0 && w.group().equalsIgnoreCase(word)) {
                    return w.start();
                }
            }
            return -1;
        }
    }

    /** Command names, then aliases (so that a tie suggests the main name). */
    private List<String> allNames() {
        List<String> names = new ArrayList<>(new TreeSet<>(commands.keySet()));
        TreeSet<String> aliases = new TreeSet<>();
        commands.values().forEach(c -> aliases.addAll(c.aliases()));
        names.addAll(aliases);
        return names;
    }

    /** ": did you mean 'x'?" for the closest candidate (first one on a tie) within edit distance 2, else "". */
    static String suggestion(String name, java.util.Collection<String> candidates) {
        String lower = name.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        Iterable<String> ordered = candidates instanceof List ? candidates : new TreeSet<>(candidates);
        for (String c : ordered) {
            int d = editDistance(lower, c.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        if (best != null && bestDistance <= 2 && bestDistance < Math.max(2, name.length() / 2 + 1)) {
            return "; did you mean '" + best + "'?";
        }
        return "";
    }

    /** Optimal string alignment distance (edits: insert, delete, substitute, swap two neighbours). */
    static int editDistance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
