package dev.ruleport.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;


/**
 * Checks KQL with Microsoft's own Kusto parser and binder (npm {@code @kusto/language-service-next},
 * run by {@code core/src/test/kql-validator/validate.js} in a long-lived node process) against the
 * Sentinel or Defender XDR table schemas in {@code ../shared/schemas/kusto}.
 *
 * <p>Tests normally call {@link #shared()}: one node process per JVM, started on first use and
 * stopped by a shutdown hook. Where node, the validator's {@code node_modules} or the shared schemas
 * are missing, {@code shared()} aborts the calling test (skipped, with a message saying what to
 * run); where the environment has {@code CI=true} it fails it instead.
 *
 * <p>Every read from the process has a timeout, so a hung validator fails the test rather than
 * hanging the build. Instances are thread-safe (requests are serialised).
 */
public final class KustoValidator implements AutoCloseable {

    /** The table schema a query is bound against. */
    public enum Schema {
        /** Microsoft Sentinel / Log Analytics: SecurityEvent, Syslog, ..., Device* with TimeGenerated. */
        SENTINEL("sentinel"),
        /** Defender XDR advanced hunting: Device* tables with Timestamp and no TimeGenerated. */
        DEFENDER_XDR("defender-xdr"),
        /**
         * The ECS table {@code EcsEvents} of the {@code kql-ecs} profile (one column per ECS field), read from
         * {@code core/src/main/resources/dev/ruleport/mapping/kusto/ecs-table.json}.
         */
        ECS("ecs");

        private final String wireName;

        Schema(String wireName) {
            this.wireName = wireName;
        }

        /** The name used in validate.js requests. */
        public String wireName() {
            return wireName;
        }
    }

    /**
     * One diagnostic from Kusto.Language. {@code start}/{@code length} are offsets in the query
     * string (UTF-16 units, as Java's String indices); {@code line}/{@code column} are 1-based.
     * A diagnostic without a location has {@code start == -1} and line/column 0.
     */
    public record Diagnostic(String severity, String code, String category, String message,
                             int start, int length, int line, int column) {
        public boolean isError() {
            return "Error".equals(severity);
        }

        public boolean isWarning() {
            return "Warning".equals(severity);
        }

        @Override
        public String toString() {
            return line + ":" + column + ": " + severity + " " + code + " " + message;
        }
    }

    /** Thrown when the validator process cannot be used (did not start, died, timed out, answered nonsense). */
    public static final class ValidatorException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public ValidatorException(String message) {
            super(message);
        }

        public ValidatorException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofSeconds(30);

    /** The command that installs the validator's node_modules, relative to the repository root. */
    public static final String INSTALL_COMMAND = "npm ci --prefix core/src/test/kql-validator";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EOF = "\u0000EOF";
    private static final int STDERR_KEEP = 8192;

    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<String> stdout = new LinkedBlockingQueue<>();
    private final StringBuilder stderrTail = new StringBuilder();
    private final Thread stderrPump;
    private final Duration queryTimeout;
    private final long startupMillis;
    private long nextId = 1;
    private boolean broken;

    private KustoValidator(Process process, Duration startupTimeout, Duration queryTimeout) {
        this.process = process;
        this.queryTimeout = queryTimeout;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread out = new Thread(() -> pumpLines(process.getInputStream()), "kql-validator-stdout");
        out.setDaemon(true);
        out.start();
        stderrPump = new Thread(() -> pumpStderr(process.getErrorStream()), "kql-validator-stderr");
        stderrPump.setDaemon(true);
        stderrPump.start();
        long t0 = System.nanoTime();
        try {
            JsonNode pong = exchange(JSON.createObjectNode().put("ping", true), startupTimeout, "startup");
            if (!pong.path("pong").asBoolean(false)) {
                throw fail("validate.js answered the readiness ping with " + pong, null);
            }
        } catch (RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
        this.startupMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }

    /**
     * Starts a validator process: {@code node <validatorDir>/validate.js <schemasDir>}, and waits for
     * it to answer a readiness ping.
     *
     * @param node         the node executable ("node" to take it from the PATH)
     * @param validatorDir the folder holding validate.js and its node_modules
     * @param schemasDir   the folder holding sentinel-tables.json and defender-xdr-tables.json
     * @throws ValidatorException when the process cannot be started or does not become ready in time
     */
    public static KustoValidator start(String node, Path validatorDir, Path schemasDir,
                                       Duration startupTimeout, Duration queryTimeout) {
        Path script = validatorDir.resolve("validate.js");
        List<String> command = new ArrayList<>(List.of(node, script.toString(), schemasDir.toString()));
        // the ECS table lives in the repository (the kql-ecs profile's schema), beside the validator
        Path ecs = validatorDir.resolve("../../main/resources/dev/ruleport/mapping/kusto/ecs-table.json").normalize();
        if (Files.isRegularFile(ecs)) command.add(Schema.ECS.wireName() + "=" + ecs.toAbsolutePath());
        ProcessBuilder pb = new ProcessBuilder(command).directory(validatorDir.toFile());
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new ValidatorException("cannot run '" + node + "' (is Node.js 18+ installed and on the PATH?): "
                    + e.getMessage(), e);
        }
        return new KustoValidator(p, startupTimeout, queryTimeout);
    }

    /** Starts a validator with the default node ({@code -Druleport.node}, else "node") and timeouts. */
    public static KustoValidator start(Path validatorDir, Path schemasDir) {
        return start(System.getProperty("ruleport.node", "node"), validatorDir, schemasDir,
                DEFAULT_STARTUP_TIMEOUT, DEFAULT_QUERY_TIMEOUT);
    }

    /**
     * Parses and binds {@code query} against {@code schema}'s tables; returns Kusto's errors and
     * warnings (empty when the query is clean).
     */
    public List<Diagnostic> validate(String query, Schema schema) {
        return validate(query, schema, null, false);
    }

    /**
     * Like {@link #validate(String, Schema)}, with the database name the tables live in (null for
     * the default) and optionally Kusto's best-practice analyzer diagnostics (e.g. KS501).
     */
    public synchronized List<Diagnostic> validate(String query, Schema schema, String database,
                                                  boolean analyzers) {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(schema, "schema");
        ObjectNode req = JSON.createObjectNode();
        req.put("query", query).put("schema", schema.wireName());
        if (database != null) {
            req.put("database", database);
        }
        if (analyzers) {
            req.put("analyzers", true);
        }
        JsonNode answer = exchange(req, queryTimeout, "query");
        if (answer.has("error")) {
            throw new ValidatorException("validate.js could not check the query: " + answer.get("error").asText()
                    + "\nquery: " + query);
        }
        JsonNode diags = answer.get("diagnostics");
        if (diags == null || !diags.isArray()) {
            throw fail("validate.js answered without diagnostics: " + answer, null);
        }
        List<Diagnostic> out = new ArrayList<>(diags.size());
        for (JsonNode d : diags) {
            out.add(new Diagnostic(d.path("severity").asText(), d.path("code").asText(),
                    d.path("category").asText(), d.path("message").asText(),
                    d.path("start").asInt(-1), d.path("length").asInt(0),
                    d.path("line").asInt(0), d.path("column").asInt(0)));
        }
        return List.copyOf(out);
    }

    /** Only the diagnostics of severity Error. */
    public List<Diagnostic> errors(String query, Schema schema) {
        return validate(query, schema).stream().filter(Diagnostic::isError).toList();
    }

    /** Milliseconds from spawning node to the answer of the readiness ping. */
    public long startupMillis() {
        return startupMillis;
    }

    public synchronized boolean isAlive() {
        return !broken && process.isAlive();
    }

    /**
     * Renders diagnostics for an assertion message: each with its position, the query line and a caret.
     */
    public static String describe(String query, List<Diagnostic> diagnostics) {
        StringBuilder sb = new StringBuilder();
        String[] lines = query.split("\r\n|\r|\n", -1);
        for (Diagnostic d : diagnostics) {
            sb.append(d).append('\n');
            if (d.line() >= 1 && d.line() <= lines.length) {
                String text = lines[d.line() - 1];
                sb.append("    ").append(text).append('\n');
                int col = Math.min(Math.max(d.column() - 1, 0), text.length());
                sb.append("    ").append(" ".repeat(col)).append("^".repeat(Math.max(1, d.length()))).append('\n');
            }
        }
        if (diagnostics.isEmpty()) {
            sb.append("(no diagnostics)\n");
        }
        return sb.toString();
    }

    @Override
    public synchronized void close() {
        broken = true;
        try {
            stdin.close(); // validate.js exits when stdin closes
        } catch (IOException ignored) {
            // already gone
        }
        try {
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------------------------------------

    private synchronized JsonNode exchange(ObjectNode request, Duration timeout, String what) {
        if (broken) {
            throw new ValidatorException("the KQL validator process is no longer usable (an earlier request failed)");
        }
        String id = Long.toString(nextId++);
        request.put("id", id);
        try {
            stdin.write(JSON.writeValueAsString(request));
            stdin.write('\n');
            stdin.flush();
        } catch (IOException e) {
            throw fail("cannot write to the validator process (" + what + ")", e);
        }
        String line;
        try {
            line = stdout.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw fail("interrupted while waiting for the validator (" + what + ")", e);
        }
        if (line == null) {
            throw fail("the validator did not answer within " + timeout.toMillis() + " ms (" + what + ")", null);
        }
        if (EOF.equals(line)) {
            throw fail("the validator process ended (" + what + ")", null);
        }
        JsonNode answer;
        try {
            answer = JSON.readTree(line);
        } catch (IOException e) {
            throw fail("the validator wrote a line that is not JSON (" + what + "): " + line, e);
        }
        if (!id.equals(answer.path("id").asText(null))) {
            throw fail("the validator answered request " + id + " with " + line, null);
        }
        return answer;
    }

    /** Marks the process unusable, kills it and builds an exception carrying its stderr. */
    private ValidatorException fail(String message, Throwable cause) {
        broken = true;
        process.destroyForcibly();
        try {
            process.waitFor(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String exit = process.isAlive() ? "" : " [exit code " + process.exitValue() + "]";
        // what the process wrote to stderr before it ended may still be in the pipe: let the pump read it to the end
        try {
            if (!process.isAlive()) stderrPump.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String err;
        synchronized (stderrTail) {
            err = stderrTail.toString().strip();
        }
        return new ValidatorException(message + exit + (err.isEmpty() ? "" : "\nvalidate.js stderr:\n" + err), cause);
    }

    private void pumpLines(InputStream in) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                stdout.add(line);
            }
        } catch (IOException ignored) {
            // process gone
        } finally {
            stdout.add(EOF);
        }
    }

    private void pumpStderr(InputStream in) {
        byte[] buf = new byte[4096];
        try {
            int n;
            while ((n = in.read(buf)) > 0) {
                synchronized (stderrTail) {
                    stderrTail.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                    if (stderrTail.length() > STDERR_KEEP) {
                        stderrTail.delete(0, stderrTail.length() - STDERR_KEEP);
                    }
                }
            }
        } catch (IOException ignored) {
            // process gone
        }
    }

    // --- one shared process per JVM for tests ---------------------------------------------------

    private static final Object SHARED_LOCK = new Object();
    private static KustoValidator sharedInstance;
    private static String unavailable;

    /**
     * The JVM-wide validator, started on first use. Skips the calling test (JUnit assumption) when
     * node, the validator's node_modules or the shared schemas are missing, or fails it where the
     * environment has {@code CI=true}. A process that died or timed out is replaced on the next call.
     *
     * <p>Locations: {@code -Druleport.root} (set by the parent pom; else the working directory or its
     * parent) holds {@code core/src/test/kql-validator}; {@code -Druleport.shared} (else
     * {@code <root>/../shared}) holds {@code schemas/kusto}; {@code -Druleport.node} names node.
     */
    public static KustoValidator shared() {
        synchronized (SHARED_LOCK) {
            if (unavailable != null) {
                SharedFiles.unavailable(unavailable);
            }
            if (sharedInstance != null && sharedInstance.isAlive()) {
                return sharedInstance;
            }
            Path validatorDir = SharedFiles.repositoryRoot().resolve("core/src/test/kql-validator");
            Path schemasDir = SharedFiles.sharedDir().resolve("schemas/kusto");
            String problem = null;
            if (!Files.isRegularFile(validatorDir.resolve("validate.js"))) {
                problem = "KQL validator script not found: " + validatorDir.resolve("validate.js");
            } else if (!Files.isRegularFile(validatorDir.resolve("node_modules/@kusto/language-service-next/package.json"))) {
                problem = "KQL validator not installed (" + validatorDir.resolve("node_modules") + " is missing): run `"
                        + INSTALL_COMMAND + "` in the repository root";
            } else if (!Files.isRegularFile(schemasDir.resolve("sentinel-tables.json"))
                    || !Files.isRegularFile(schemasDir.resolve("defender-xdr-tables.json"))) {
                problem = "Kusto table schemas not found in " + schemasDir
                        + " (the shared folder is expected beside the checkout, or set -Druleport.shared)";
            }
            if (problem == null) {
                try {
                    sharedInstance = start(validatorDir, schemasDir);
                } catch (ValidatorException e) {
                    if (e.getCause() instanceof IOException) {
                        // node itself could not be run: an environment problem, like a missing install
                        problem = e.getMessage() + "; then run `" + INSTALL_COMMAND + "`";
                    } else {
                        throw e; // node ran but the validator is broken: always a failure
                    }
                }
            }
            if (problem != null) {
                unavailable = problem;
                SharedFiles.unavailable(problem);
            }
            if (!shutdownHookAdded) {
                shutdownHookAdded = true;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    synchronized (SHARED_LOCK) {
                        if (sharedInstance != null) {
                            sharedInstance.close();
                        }
                    }
                }, "kql-validator-shutdown"));
            }
            return sharedInstance;
        }
    }

    private static boolean shutdownHookAdded;
}
