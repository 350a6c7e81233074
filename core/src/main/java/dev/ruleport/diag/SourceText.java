package dev.ruleport.diag;

import java.util.ArrayList;
import java.util.List;

/**
 * A piece of text whose positions diagnostics point into, and where it sits in its file.
 * An EQL query inside a TOML rule starts at some line and column of the rule file; positions
 * inside the query are shifted by that origin so messages point into the file itself.
 */
public record SourceText(String fileName, String text, int firstLine, int firstColumn, String fileText) {

    /** A standalone text (a query given on the command line, a test string). */
    public static SourceText of(String fileName, String text) {
        return new SourceText(fileName, text, 1, 1, text);
    }

    /** Line (1-based, in the file) of an offset into {@link #text()}. */
    public int lineOf(int offset) {
        int line = firstLine;
        for (int i = 0; i < Math.min(offset, text.length()); i++) {
            if (text.charAt(i) == '\n') line++;
        }
        return line;
    }

    /** Column (1-based, in the file) of an offset into {@link #text()}. */
    public int columnOf(int offset) {
        int o = Math.min(offset, text.length());
        int lineStart = text.lastIndexOf('\n', o - 1) + 1;
        int col = o - lineStart + 1;
        return lineStart == 0 ? col + firstColumn - 1 : col;
    }

    /** Shifts a position given relative to {@link #text()} (1-based line/column) into the file. */
    public int fileLine(int queryLine) { return queryLine + firstLine - 1; }

    public int fileColumn(int queryLine, int queryColumn) {
        return queryLine == 1 ? queryColumn + firstColumn - 1 : queryColumn;
    }

    /** The whole line {@code fileLine} of the file, without its line break, or "" when out of range. */
    public String fileLineText(int fileLine) {
        List<String> lines = new ArrayList<>(List.of(fileText.split("\n", -1)));
        if (fileLine < 1 || fileLine > lines.size()) return "";
        String l = lines.get(fileLine - 1);
        return l.endsWith("\r") ? l.substring(0, l.length() - 1) : l;
    }
}
