package dev.ruleport.bench;

import dev.ruleport.diag.SourceText;
import dev.ruleport.parse.QueryParser;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Every corpus query through {@link QueryParser#parseQuery}: one operation = one query parsed to IR. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ParseBenchmark {
    /** The corpus has 819 EQL rules; the benchmark parses exactly this many (repeating if fewer). */
    static final int QUERIES = 819;

    SourceText[] sources;

    @Setup(Level.Trial)
    public void setup() {
        List<String> texts = Corpus.queryTexts();
        sources = new SourceText[QUERIES];
        for (int i = 0; i < QUERIES; i++) sources[i] = SourceText.of("q" + i, texts.get(i % texts.size()));
        for (SourceText s : sources) {
            if (!QueryParser.parseQuery(s).ok()) throw new IllegalStateException("does not parse: " + s.text());
        }
    }

    @Benchmark
    @OperationsPerInvocation(QUERIES)
    public int parseAll() {
        int ok = 0;
        for (SourceText s : sources) if (QueryParser.parseQuery(s).value() != null) ok++;
        return ok;
    }
}
