package dev.ruleport.match;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import dev.ruleport.runtime.Event;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One event from the bytes of one record, straight into maps ({@link ObjectMap}, in key order) and lists (no data
 * binding): the values {@code EventReader} gives, {@code //} and {@code /* *&#47;} comments tolerated. A record of
 * ASCII bytes is read by {@link QuickReader} where it can read it exactly; any other, and any it gives up on, with
 * Jackson's streaming parser, whose values, errors and error positions are the reference. Thread-safe.
 */
final class EventParser {
    private static final JsonFactory JSON = JsonFactory.builder().enable(JsonReadFeature.ALLOW_JAVA_COMMENTS).build();

    /** Why a record is not an event, with the position in the record (1-based; 0 when unknown). */
    static final class BadRecord extends Exception {
        final int line;
        final int column;

        BadRecord(String message, int line, int column) {
            super(message, null, false, false);
            this.line = line;
            this.column = column;
        }
    }

    private EventParser() {}

    /**
     * The event in {@code data[from, to)}, or null for a record that holds no value (blank or only comments); the
     * event knows whether any of its keys has a dot.
     */
    static Event event(byte[] data, int from, int to) throws BadRecord {
        return event(data, from, to, null);
    }

    /**
     * As {@link #event(byte[], int, int)}, keeping only the keys {@code read} leads to (null: every key). The rest is
     * skipped token by token, which checks its syntax as reading does; a record with a byte outside ASCII is read
     * whole, so that the UTF-8 checks (which skipping a string need not make) are those of reading it all.
     */
    static Event event(byte[] data, int from, int to, FieldTree read) throws BadRecord {
        // the quick reader gives up on any byte outside ASCII (below 0x20 as a signed byte), so it reads only what the
        // ASCII check would let through in part
        boolean[] dotted = {false};
        Object quick = QuickReader.read(data, from, to, read, dotted);
        if (quick != QuickReader.GIVE_UP) return quick == null ? null : Event.of((ObjectMap) quick, dotted[0]);
        return jackson(data, from, to, read);
    }

    /** As {@link #event(byte[], int, int, FieldTree)}, always with Jackson (the quick reader's reference). */
    static Event jackson(byte[] data, int from, int to, FieldTree read) throws BadRecord {
        if (read != null && !ascii(data, from, to)) read = null;
        try (JsonParser p = JSON.createParser(data, from, to - from)) {
            JsonToken t = p.nextToken();
            if (t == null) return null;
            if (t != JsonToken.START_OBJECT) {
                throw new BadRecord("an event must be a JSON object, found " + describe(t), 1, p.currentTokenLocation().getColumnNr());
            }
            boolean[] dotted = {false};
            Map<String, Object> event = read == null ? object(p, dotted) : object(p, read, dotted);
            JsonToken extra = p.nextToken();
            if (extra != null) {
                JsonLocation at = p.currentTokenLocation();
                throw new BadRecord("more than one JSON value (one event per line)", at.getLineNr(), at.getColumnNr());
            }
            return Event.of(event, dotted[0]);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            return fail("invalid JSON: " + e.getOriginalMessage(), at);
        } catch (IOException e) {
            throw new BadRecord("cannot read: " + e.getMessage(), 0, 0);
        }
    }

    private static Event fail(String message, JsonLocation at) throws BadRecord {
        throw new BadRecord(message, at == null ? 0 : at.getLineNr(), at == null ? 0 : at.getColumnNr());
    }

    private static Map<String, Object> object(JsonParser p, boolean[] dotted) throws IOException {
        Map<String, Object> m = new ObjectMap();
        String key;
        while ((key = p.nextFieldName()) != null) {
            if (!dotted[0] && key.indexOf('.') >= 0) dotted[0] = true;
            m.put(key, value(p, p.nextToken(), dotted));
        }
        return m;
    }

    /** An object below a node of the tree of fields read: keys off the tree are skipped. */
    private static Map<String, Object> object(JsonParser p, FieldTree read, boolean[] dotted) throws IOException {
        Map<String, Object> m = new ObjectMap();
        String key;
        while ((key = p.nextFieldName()) != null) {
            JsonToken t = p.nextToken();
            FieldTree next = read.child(key);
            if (next == null) {
                p.skipChildren(); // nothing for a scalar
                continue;
            }
            if (!dotted[0] && key.indexOf('.') >= 0) dotted[0] = true;
            m.put(key, next.whole() ? value(p, t, dotted) : value(p, t, next, dotted));
        }
        return m;
    }

    /** A value at a node of the tree: objects are read in part, arrays element by element (positions kept). */
    private static Object value(JsonParser p, JsonToken t, FieldTree read, boolean[] dotted) throws IOException {
        if (t == JsonToken.START_OBJECT) return object(p, read, dotted);
        if (t != JsonToken.START_ARRAY) return value(p, t, dotted);
        List<Object> list = new ArrayList<>();
        JsonToken e;
        while ((e = p.nextToken()) != JsonToken.END_ARRAY) list.add(value(p, e, read, dotted));
        return list;
    }

    /** No byte of {@code data[from, to)} is outside ASCII; eight at a time. */
    private static boolean ascii(byte[] data, int from, int to) {
        int i = from;
        for (; i + 8 <= to; i += 8) {
            if (((long) LONGS.get(data, i) & 0x8080808080808080L) != 0) return false;
        }
        for (; i < to; i++) {
            if (data[i] < 0) return false;
        }
        return true;
    }

    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    private static Object value(JsonParser p, JsonToken t, boolean[] dotted) throws IOException {
        switch (t) {
            case START_OBJECT:
                return object(p, dotted);
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                JsonToken e;
                while ((e = p.nextToken()) != JsonToken.END_ARRAY) list.add(value(p, e, dotted));
                return list;
            }
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
                return switch (p.getNumberType()) {
                    case INT -> p.getIntValue();
                    case LONG -> p.getLongValue();
                    default -> p.getBigIntegerValue();
                };
            case VALUE_NUMBER_FLOAT:
                return p.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new IllegalStateException("unexpected token " + t);
        }
    }

    private static String describe(JsonToken t) {
        return switch (t) {
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> t.asString();
        };
    }
}
