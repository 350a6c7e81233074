package dev.ruleport.match;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Cuts an event stream into chunks of whole records without parsing them, so that parsing can run on
 * many threads: NDJSON is cut at line ends; a JSON array ({@code [} as the first character) at the
 * commas between its elements, found by a scan that only follows strings, comments and bracket depth.
 * A gzip stream (by its magic bytes) is inflated on the way. Memory is a buffer of about one chunk
 * plus the longest record, which is capped at {@link #MAX_RECORD} bytes.
 */
final class RecordReader implements Closeable {
    /** About this many bytes of records per chunk. */
    static final int CHUNK = 1 << 20;
    /** A longer record is reported and skipped (in an array, the rest of the file is). */
    static final int MAX_RECORD = 64 << 20;

    private final int chunkSize;
    private final int maxRecord;

    /**
     * Records {@code [start[i], end[i])} of {@code data} starting at {@code line[i]}:{@code column[i]};
     * {@code error[i]} is set for a record the reader already knows is bad (its bytes are not to be parsed).
     */
    record Chunk(long seq, byte[] data, int count, int[] start, int[] end, long[] line, int[] column, String[] error) {}

    private final InputStream in;
    private final boolean array;
    private byte[] buf;
    private int limit;
    private int pos;          // the next byte to cut
    private boolean eof;
    private long seq;
    private long bytesRead;

    // where pos is
    private long line = 1;
    private int column = 1;

    // the array scanner's state, kept across refills
    private static final int BEFORE = 0;
    private static final int EXPECT_ELEMENT = 1;
    private static final int IN_ELEMENT = 2;
    private static final int DONE = 3;
    private int state = EXPECT_ELEMENT;
    private boolean trailingContentReported;
    private boolean skipping;        // an over-long line is being dropped

    private RecordReader(InputStream in, boolean array, int chunkSize, int maxRecord) {
        this.in = in;
        this.array = array;
        this.chunkSize = chunkSize;
        this.maxRecord = maxRecord;
        this.buf = new byte[Math.max(64, 2 * chunkSize)];
    }

    /** A reader over {@code raw}: gzip is inflated, the format is told by the first character (after a UTF-8 BOM). */
    static RecordReader open(InputStream raw) throws IOException {
        return open(raw, CHUNK, MAX_RECORD);
    }

    /** As {@link #open(InputStream)} with other limits (tests use small ones). */
    static RecordReader open(InputStream raw, int chunkSize, int maxRecord) throws IOException {
        BufferedInputStream b = new BufferedInputStream(raw, 1 << 16);
        b.mark(2);
        int m1 = b.read();
        int m2 = b.read();
        b.reset();
        InputStream in = m1 == 0x1f && m2 == 0x8b ? new BufferedInputStream(new GZIPInputStream(b, 1 << 16), 1 << 16) : b;
        RecordReader r = new RecordReader(in, false, chunkSize, maxRecord);
        r.fill();
        // skip a byte-order mark, then see whether the first character opens an array
        if (r.limit - r.pos >= 3 && (r.buf[0] & 0xff) == 0xEF && (r.buf[1] & 0xff) == 0xBB && (r.buf[2] & 0xff) == 0xBF) r.pos = 3;
        int i = r.pos;
        while (true) {
            while (i < r.limit && isSpace(r.buf[i])) i++;
            if (i < r.limit || r.eof) break;
            r.fill();
        }
        if (i < r.limit && r.buf[i] == '[') {
            RecordReader a = new RecordReader(in, true, chunkSize, maxRecord);
            a.buf = r.buf;
            a.limit = r.limit;
            a.bytesRead = r.bytesRead;
            a.eof = r.eof;
            a.state = BEFORE;
            a.pos = a.scanPos = r.pos;
            return a;
        }
        return r;
    }

    boolean isArray() { return array; }

    /** The next chunk, or null at the end of the stream. */
    Chunk next() throws IOException {
        if (skipping) {
            skipLine();
            skipping = false;
        }
        Builder b = new Builder(pos);
        if (array) nextArrayRecords(b);
        else nextLines(b);
        if (b.count == 0) return null;
        byte[] data = Arrays.copyOfRange(buf, b.base, b.dataEnd);
        return new Chunk(seq++, data, b.count, b.start, b.end, b.line, b.column, b.error);
    }

    // ---- NDJSON -------------------------------------------------------------------------------

    private void nextLines(Builder b) throws IOException {
        int scan = pos;
        while (true) {
            int nl = indexOf((byte) '\n', scan, limit);
            if (nl >= 0) {
                int end = nl > pos && buf[nl - 1] == '\r' ? nl - 1 : nl;
                b.add(pos, end, line, 1, null);
                pos = nl + 1;
                line++;
                scan = pos;
                if (pos - b.base >= chunkSize) return;
                continue;
            }
            if (eof) {
                if (pos < limit) {
                    b.add(pos, limit, line, 1, null);
                    pos = limit;
                }
                return;
            }
            if (limit - pos > maxRecord) {
                b.add(pos, pos, line, 1, "line longer than " + describe(maxRecord) + ", skipped");
                skipping = true; // after this chunk is copied out
                return;
            }
            scan = limit;
            int shift = compact(b.base);
            b.shift(shift);
            scan -= shift;
            fill();
        }
    }

    /** Drops the rest of an over-long line. */
    private void skipLine() throws IOException {
        while (true) {
            int nl = indexOf((byte) '\n', pos, limit);
            if (nl >= 0) {
                pos = nl + 1;
                line++;
                return;
            }
            pos = limit;
            if (eof) return;
            compact(pos);
            fill();
        }
    }

    // ---- JSON array ---------------------------------------------------------------------------

    private int depth;
    private boolean inString;
    private boolean escaped;
    private int comment;               // 0 none, 1 line comment, 2 block comment
    private int elementStart;
    private long elementLine;
    private int elementColumn;
    private int scanPos;               // how far the scan has gone (>= pos)

    private void nextArrayRecords(Builder b) throws IOException {
        if (scanPos < pos) scanPos = pos;
        while (true) {
            // one byte of look-ahead (for comments) unless the input has ended
            while (scanPos < limit - 1 || eof && scanPos < limit) {
                if (state == DONE) {
                    if (!isSpace(buf[scanPos]) && !trailingContentReported) {
                        trailingContentReported = true;
                        b.add(scanPos, scanPos, line, column, "content after the end of the JSON array");
                    }
                    advance();
                    pos = scanPos;
                } else if (step(b) && pos - b.base >= chunkSize) {
                    return;
                }
            }
            if (eof) {
                if (state == IN_ELEMENT) b.add(elementStart, limit, elementLine, elementColumn, null);
                if (state != DONE) b.add(limit, limit, line, column, "unexpected end of input: the JSON array is not closed");
                state = DONE;
                pos = scanPos = limit;
                return;
            }
            if (state == IN_ELEMENT && limit - elementStart > maxRecord) {
                b.add(elementStart, elementStart, elementLine, elementColumn,
                        "array element longer than " + describe(maxRecord) + "; the rest of the file is skipped");
                state = DONE;
                trailingContentReported = true;
                pos = scanPos = limit;
                return;
            }
            int shift = compact(Math.min(b.base, state == IN_ELEMENT ? elementStart : scanPos));
            b.shift(shift);
            elementStart -= shift;
            scanPos -= shift;
            fill();
        }
    }

    /** Scans one byte of the array; true when a record was completed. */
    private boolean step(Builder b) {
        byte c = buf[scanPos];
        if (state == IN_ELEMENT) {
            if (comment == 1) {
                if (c == '\n') comment = 0;
            } else if (comment == 2) {
                if (c == '/' && star) comment = 0;
                star = c == '*';
            } else if (inString) {
                if (escaped) escaped = false;
                else if (c == '\\') escaped = true;
                else if (c == '"') inString = false;
            } else if (c == '"') {
                inString = true;
            } else if (c == '/' && (peek() == '/' || peek() == '*')) {
                comment = peek() == '/' ? 1 : 2;
                star = false;
                advance();
            } else if (c == '{' || c == '[') {
                depth++;
            } else if ((c == '}' || c == ']') && depth > 0) {
                depth--;
            } else if ((c == ',' || c == ']') && depth == 0) {
                b.add(elementStart, scanPos, elementLine, elementColumn, null);
                state = c == ',' ? EXPECT_ELEMENT : DONE;
                advance();
                pos = scanPos;
                return true;
            }
            advance();
            return false;
        }
        boolean record = false;
        if (comment == 1) {
            if (c == '\n') comment = 0; // a comment between elements ends with its line
            advance();
        } else if (isSpace(c)) {
            advance();
        } else if (c == '/' && peek() == '/') {
            comment = 1;
            advance();
        } else if (state == BEFORE) {
            advance(); // the opening [
            state = EXPECT_ELEMENT;
            empty = true;
        } else if (c == ']') {
            if (!empty) {
                b.add(scanPos, scanPos, line, column, "missing value before ]");
                record = true;
            }
            advance();
            state = DONE;
        } else {
            empty = false;
            state = IN_ELEMENT;
            depth = 0;
            inString = false;
            escaped = false;
            comment = 0;
            elementStart = scanPos;
            elementLine = line;
            elementColumn = column;
            return false;
        }
        pos = scanPos;
        return record;
    }

    private byte peek() {
        return scanPos + 1 < limit ? buf[scanPos + 1] : 0;
    }

    private boolean empty;             // no element yet: ] closes an empty array
    private boolean star;              // the previous byte of a block comment was *

    private void advance() {
        if (buf[scanPos] == '\n') {
            line++;
            column = 1;
        } else if ((buf[scanPos] & 0xC0) != 0x80) {
            column++; // continuation bytes of a UTF-8 character do not count
        }
        scanPos++;
    }

    // ---- buffer -------------------------------------------------------------------------------

    /** Moves {@code [from, limit)} to the front of the buffer (growing it when full); returns the shift. */
    private int compact(int from) {
        if (from > 0) {
            System.arraycopy(buf, from, buf, 0, limit - from);
            limit -= from;
            pos -= from;
        }
        if (limit == buf.length) buf = Arrays.copyOf(buf, Math.min(Integer.MAX_VALUE - 16, 2 * buf.length));
        return from;
    }

    private void fill() throws IOException {
        if (limit == buf.length) compact(0);
        int n = in.read(buf, limit, buf.length - limit);
        if (n < 0) eof = true;
        else {
            limit += n;
            bytesRead += n;
        }
    }

    /** Bytes read so far (after inflating gzip). */
    long bytesRead() { return bytesRead; }

    private int indexOf(byte b, int from, int to) {
        for (int i = from; i < to; i++) if (buf[i] == b) return i;
        return -1;
    }

    private static String describe(int bytes) {
        return bytes >= 1 << 20 ? (bytes >> 20) + " MiB" : bytes + " bytes";
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** Records of one chunk, offsets relative to {@code base} once copied out. */
    private static final class Builder {
        int base;
        int dataEnd;
        int count;
        int[] start = new int[256];
        int[] end = new int[256];
        long[] line = new long[256];
        int[] column = new int[256];
        String[] error = new String[256];

        Builder(int base) {
            this.base = base;
            this.dataEnd = base;
        }

        void add(int from, int to, long atLine, int atColumn, String problem) {
            if (count == start.length) {
                int n = 2 * count;
                start = Arrays.copyOf(start, n);
                end = Arrays.copyOf(end, n);
                line = Arrays.copyOf(line, n);
                column = Arrays.copyOf(column, n);
                error = Arrays.copyOf(error, n);
            }
            start[count] = from - base;
            end[count] = to - base;
            line[count] = atLine;
            column[count] = atColumn;
            error[count] = problem;
            count++;
            dataEnd = Math.max(dataEnd, to);
        }

        /** The buffer moved left by {@code by} bytes. */
        void shift(int by) {
            base -= by;
            dataEnd -= by;
        }
    }
}
