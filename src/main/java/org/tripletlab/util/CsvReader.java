package org.tripletlab.util;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads CSV text as written by {@link CsvTable}: header and rows of cells. */
public final class CsvReader {
    private CsvReader() {
    }

    /** RFC 4180 CSV: quoted cells may hold commas, doubled quotes and newlines. */
    public static List<List<String>> parse(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        cell.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
                any = true;
            } else if (c == ',') {
                row.add(cell.toString());
                cell.setLength(0);
                any = true;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                if (any || cell.length() > 0) {
                    row.add(cell.toString());
                    rows.add(row);
                }
                row = new ArrayList<>();
                cell.setLength(0);
                any = false;
            } else {
                cell.append(c);
                any = true;
            }
        }
        if (any || cell.length() > 0) {
            row.add(cell.toString());
            rows.add(row);
        }
        return rows;
    }

    /**
     * A run file that may legitimately be absent (e.g. {@code events.csv} of an older run): its rows,
     * header first, or null when the file does not exist. A file that exists but is empty, truncated or
     * cannot be read is a {@link BadFileException} naming it ({@link FileReads#csv}): a damaged run file
     * never silently reads as "no rows".
     */
    public static List<List<String>> readIfPresent(Path file) {
        if (!Files.exists(file)) {
            return null;
        }
        return FileReads.csv(file, FileReads.RUN_FILE_FIX);
    }
}
