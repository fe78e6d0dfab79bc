package org.tripletlab.util;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A CSV file that grows by rows and is rewritten atomically on {@link #flush()}, so the file on
 * disk is always a complete table (never a torn last line), even if the process is killed.
 * Numbers are written with {@link Locale#ROOT} so decimal points never become commas.
 */
public final class CsvTable {
    private final Path file;
    private final int columns;
    private final StringBuilder text = new StringBuilder();
    private final String headerLine;
    private int rows;

    public CsvTable(Path file, List<String> header) {
        this.file = file;
        this.columns = header.size();
        this.headerLine = String.join(",", header);
        text.append(headerLine).append('\n');
    }

    /** Rows added so far (the header not counted). */
    public int rows() {
        return rows;
    }

    /**
     * Continues the table its file holds: keeps the header and the first {@code keep} rows of the file (rows
     * a later, interrupted part of the run wrote beyond them are dropped) and rewrites the file so.
     *
     * @throws IllegalStateException when the file is missing, has another header or fewer rows
     */
    public void resumeFromFile(int keep) {
        String content;
        try {
            content = java.nio.file.Files.readString(file, java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot resume " + file + ": " + e.getMessage(), e);
        }
        // Row ends are newlines outside quotes (a quoted cell may hold one).
        List<Integer> ends = new java.util.ArrayList<>();
        boolean quoted = false;
        for (int i = 0; i < content.length(); i++) {
            char ch = content.charAt(i);
            if (ch == '"') {
                quoted = !quoted;
            } else if (ch == '\n' && !quoted) {
                ends.add(i);
            }
        }
        if (ends.isEmpty() || !content.substring(0, ends.get(0)).equals(headerLine)) {
            throw new IllegalStateException("cannot resume " + file + ": its header is not " + headerLine);
        }
        if (ends.size() - 1 < keep) {
            throw new IllegalStateException("cannot resume " + file + ": it has " + (ends.size() - 1) + " rows, the resume state expects " + keep);
        }
        text.setLength(0);
        text.append(content, 0, ends.get(keep) + 1);
        rows = keep;
        flush();
    }

    /** Appends a row; doubles and floats are formatted with up to 6 significant decimals, NaN as empty. */
    public void add(Object... cells) {
        if (cells.length != columns) {
            throw new IllegalArgumentException(file.getFileName() + ": row has " + cells.length + " cells, header has " + columns);
        }
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                text.append(',');
            }
            text.append(format(cells[i]));
        }
        text.append('\n');
        rows++;
    }

    static String format(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (!Double.isFinite(d)) {
                return "";
            }
            return String.format(Locale.ROOT, "%.6g", d).replaceAll("(\\.\\d*?)0+(e|$)", "$1$2").replace(".e", "e").replaceAll("\\.$", "");
        }
        String s = v.toString();
        if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }

    public void flush() {
        AtomicFiles.write(file, text.toString());
    }

    public Path file() {
        return file;
    }
}
