package dev.ruleport.interpret;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.ruleport.runtime.Event;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads events from a JSON array or from NDJSON (auto-detected by the first non-blank character: {@code [} opens
 * an array), tolerating {@code //} and {@code /* *&#47;} comments (in NDJSON, within a line). NDJSON is read a line
 * at a time, one event per line, so an error names the line it is on. Numbers keep their JSON type (int, long or
 * double; big numbers as BigInteger/BigDecimal). Part of {@code ruleport-core} (the interpreter's input), not of
 * the runtime that generated matchers need.
 */
public final class EventReader {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .build();

    private EventReader() {}

    public static List<Event> read(Path file) throws IOException {
        return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
    }

    /** Parses events; errors name the source and the line and column of the problem. */
    public static List<Event> parse(String name, String text) throws IOException {
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        return body.stripLeading().startsWith("[") ? parseArray(name, body) : parseLines(name, body);
    }

    /** NDJSON: each line blank, a comment, or one JSON object. */
    private static List<Event> parseLines(String name, String text) throws IOException {
        List<Event> out = new ArrayList<>();
        int lineNo = 0;
        for (String line : (Iterable<String>) text.lines()::iterator) {
            lineNo++;
            if (line.isBlank()) continue;
            try (JsonParser p = JSON.getFactory().createParser(line)) {
                if (p.nextToken() == null) continue; // only a comment
                Object v = JSON.readValue(p, Object.class);
                if (p.nextToken() != null) {
                    throw new IOException(name + ":" + lineNo + ":" + p.currentLocation().getColumnNr()
                            + ": more than one JSON value on the line (NDJSON holds one event per line)");
                }
                out.add(event(name + ":" + lineNo, v));
            } catch (JsonProcessingException e) {
                var loc = e.getLocation();
                throw new IOException(name + ":" + lineNo + (loc == null ? "" : ":" + loc.getColumnNr()) + ": invalid JSON: "
                        + e.getOriginalMessage(), e);
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<Event> parseArray(String name, String text) throws IOException {
        List<Event> out = new ArrayList<>();
        try (JsonParser p = JSON.getFactory().createParser(text)) {
            MappingIterator<Object> it = JSON.readerFor(Object.class).readValues(p);
            while (it.hasNextValue()) {
                Object v = it.nextValue();
                if (v instanceof List<?> list) {
                    for (Object o : list) out.add(event(name, o));
                } else {
                    out.add(event(name, v));
                }
            }
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            String where = loc == null ? name : name + ":" + loc.getLineNr() + ":" + loc.getColumnNr();
            throw new IOException(where + ": invalid JSON: " + e.getOriginalMessage(), e);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Event event(String name, Object o) throws IOException {
        if (!(o instanceof Map<?, ?> m)) throw new IOException(name + ": an event must be a JSON object, found " + o);
        return Event.of(normalize((Map<String, Object>) m));
    }

    /** Jackson gives BigInteger for every integer with USE_BIG_INTEGER_FOR_INTS; narrow them back. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> normalize(Map<String, Object> m) {
        for (Map.Entry<String, Object> e : m.entrySet()) e.setValue(narrow(e.getValue()));
        return m;
    }

    @SuppressWarnings("unchecked")
    private static Object narrow(Object v) {
        if (v instanceof java.math.BigInteger b) {
            if (b.bitLength() < 32) return b.intValue();
            if (b.bitLength() < 64) return b.longValue();
            return b;
        }
        if (v instanceof Map<?, ?> m) return normalize((Map<String, Object>) m);
        if (v instanceof List<?> l) {
            List<Object> list = (List<Object>) l;
            for (int i = 0; i < list.size(); i++) list.set(i, narrow(list.get(i)));
            return list;
        }
        return v;
    }
}
