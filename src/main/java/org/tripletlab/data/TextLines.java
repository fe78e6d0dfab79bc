package org.tripletlab.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tripletlab.util.FileReads;

/**
 * The non-blank lines of a protocol text file, each with its 1-based line number, so that every
 * parser can report {@code file:line} in its errors. Lines are read as UTF-8; a trailing carriage
 * return (CRLF files) and surrounding blanks are removed; blank lines are dropped.
 */
public final class TextLines {
    /** One non-blank line: its 1-based number in the file, its trimmed text and its blank-separated fields. */
    public record Line(int number, String text, String[] fields) {
    }

    private final Path file;
    private final List<Line> lines;
    private int next;

    private TextLines(Path file, List<Line> lines) {
        this.file = file;
        this.lines = lines;
    }

    /** Reads {@code file}; a missing file is a {@link DataException} naming it and {@code what} it should hold. */
    public static TextLines read(Path file, String what) {
        if (!Files.exists(file)) {
            throw new DataException(file + ": file not found (expected " + what + ")");
        }
        List<String> raw = FileReads.lines(file, "restore the benchmark's protocol file (" + what + ") from its original download");
        List<Line> out = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            String t = raw.get(i).strip();
            if (!t.isEmpty()) {
                out.add(new Line(i + 1, t, t.split("\\s+")));
            }
        }
        return new TextLines(file, out);
    }

    public Path file() {
        return file;
    }

    public List<Line> all() {
        return lines;
    }

    public boolean hasNext() {
        return next < lines.size();
    }

    /** The next non-blank line; running out is an error that says what was still expected. */
    public Line next(String expected) {
        if (next >= lines.size()) {
            throw new DataException(file + ": ends early (after " + lines.size() + " non-blank lines); expected " + expected);
        }
        return lines.get(next++);
    }

    /** Fails when lines remain after the content a header announced. */
    public void expectEnd(String announced) {
        if (next < lines.size()) {
            Line l = lines.get(next);
            throw error(l, "unexpected extra line after " + announced);
        }
    }

    /** An error naming the file, the line number, the line's text and the problem. */
    public DataException error(Line line, String problem) {
        return new DataException(file + ":" + line.number() + ": " + problem + " (line: '" + line.text() + "')");
    }

    /** Field {@code k} of {@code line} as an integer ≥ {@code min}. */
    public int intField(Line line, int k, int min, String meaning) {
        String s = line.fields()[k];
        int v;
        try {
            v = Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw error(line, meaning + " '" + s + "' is not an integer");
        }
        if (v < min) {
            throw error(line, meaning + " " + v + " is below " + min);
        }
        return v;
    }

    /** Checks that {@code line} has one of the allowed field counts. */
    public void expectFields(Line line, String format, int... counts) {
        for (int c : counts) {
            if (line.fields().length == c) {
                return;
            }
        }
        throw error(line, "expected " + format + ", found " + line.fields().length + " fields");
    }
}
