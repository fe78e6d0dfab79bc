package org.tripletlab.util;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads the text files tripletlab consumes (run records, sweep indexes, tables, name lists) so that
 * every way a file can be bad ends in one {@link BadFileException} saying which file, what is wrong
 * (with the line where one applies) and what to do — never a parser's stack trace that names no file.
 *
 * <p>Every method takes {@code fix}, the advice for a file that exists but is bad (e.g.
 * {@link #RUN_FILE_FIX}); a missing file gets {@code fix} as well, since what to do is the same
 * (restore it, or point at the right one).
 */
public final class FileReads {
    /** What to do about a damaged file inside a run folder. */
    public static final String RUN_FILE_FIX = "the run folder is damaged: restore the file from a copy, "
            + "or move the run folder out of the results folder and train the run again";

    /** SnakeYAML's 3 MB default refuses large benchmark records (per-fold arrays); tripletlab wrote them itself. */
    private static final int CODE_POINT_LIMIT = 256 * 1024 * 1024;

    private FileReads() {
    }

    /** The file's bytes; a missing, folder or unreadable file is a {@link BadFileException}. */
    public static byte[] bytes(Path file, String fix) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new BadFileException(file, "no such file", fix, e);
        } catch (AccessDeniedException e) {
            throw new BadFileException(file, "cannot be read (permission denied)", "make it readable (chmod u+r) or run as its owner", e);
        } catch (IOException e) {
            if (Files.isDirectory(file)) {
                throw new BadFileException(file, "is a folder, not a file", fix, e);
            }
            throw new BadFileException(file, "cannot be read (" + describe(e) + ")", "check that the disk and the file are readable", e);
        }
    }

    /**
     * The file as UTF-8 text. A byte that is not UTF-8 (an 'é' saved as Latin-1) names the byte, its
     * line and column; other problems as {@link #bytes}.
     */
    public static String text(Path file, String fix) {
        return utf8(file, bytes(file, fix), null);
    }

    /** {@link #text}, refusing a file that is empty or only white space. */
    public static String nonEmptyText(Path file, String fix) {
        String text = text(file, fix);
        if (text.isBlank()) {
            throw new BadFileException(file, "is empty", fix);
        }
        return text;
    }

    /** The lines of a UTF-8 text file (no line terminators). */
    public static List<String> lines(Path file, String fix) {
        return text(file, fix).lines().toList();
    }

    /**
     * Decodes UTF-8 strictly; a bad byte is a {@link BadFileException} naming it and its place.
     *
     * @param what what the file is ("config file"), for the message; null: just the file
     */
    public static String utf8(Path file, byte[] bytes, String what) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult r = decoder.decode(in, out, true);
        if (r.isError()) {
            int offset = in.position();
            int line = 1;
            int column = 1;
            for (int i = 0; i < offset; i++) {
                if (bytes[i] == '\n') {
                    line++;
                    column = 1;
                } else if ((bytes[i] & 0xC0) != 0x80) {
                    column++;
                }
            }
            String name = file.getFileName().toString();
            int dot = name.lastIndexOf('.');
            throw new BadFileException(file, String.format(Locale.ROOT, (what == null ? "" : "the " + what + " ") + "is not UTF-8: byte 0x%02X at line %d, column %d "
                    + "(byte offset %d) is not valid UTF-8, probably a character such as 'é' saved in Latin-1 or Windows-1252",
                    bytes[offset] & 0xFF, line, column, offset),
                    "save the file as UTF-8 (e.g. iconv -f latin1 -t utf-8 " + name + " > fixed" + (dot > 0 ? name.substring(dot) : "") + ") "
                    + "or write the character in plain ASCII");
        }
        decoder.flush(out);
        out.flip();
        return out.toString();
    }

    /**
     * A YAML (or JSON, which YAML reads) document of a non-empty file: a syntax error names its line and
     * column; an empty file is an error.
     *
     * @param format "YAML" or "JSON", for messages
     */
    public static Object document(Path file, String format, String fix) {
        String text = nonEmptyText(file, fix);
        try {
            LoaderOptions lo = new LoaderOptions();
            lo.setCodePointLimit(CODE_POINT_LIMIT);
            lo.setAllowDuplicateKeys(false);
            return new Yaml(new SafeConstructor(lo)).load(text);
        } catch (YAMLException e) {
            String where = "";
            String problem = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            if (e instanceof MarkedYAMLException m) {
                problem = (m.getContext() == null ? "" : m.getContext() + ", ") + m.getProblem();
                if (m.getProblemMark() != null) {
                    where = " at line " + (m.getProblemMark().getLine() + 1) + ", column " + (m.getProblemMark().getColumn() + 1);
                }
            }
            boolean ended = problem.contains("<stream end>") || problem.contains("end of stream") || problem.contains("end of the stream");
            throw new BadFileException(file, "not valid " + format + where + " (" + problem.strip() + ")"
                    + (ended ? ": the file ends too early, it is truncated" : ""), fix, e);
        }
    }

    /** A JSON file holding one object (a run's provenance.json, an eval/*.json record). */
    public static Map<?, ?> jsonObject(Path file, String fix) {
        Object o = document(file, "JSON", fix);
        if (!(o instanceof Map<?, ?> m)) {
            throw new BadFileException(file, "is not a JSON object (it holds " + kind(o) + ")", fix);
        }
        return m;
    }

    /** A YAML file holding one mapping of keys. */
    public static Map<?, ?> yamlMapping(Path file, String fix) {
        Object o = document(file, "YAML", fix);
        if (!(o instanceof Map<?, ?> m)) {
            throw new BadFileException(file, "is not a YAML mapping of keys (it holds " + kind(o) + ")", fix);
        }
        return m;
    }

    /**
     * A CSV table as {@link CsvReader#parse} reads it, header first, checked: not empty, no quoted cell
     * left open at the end (a truncated file), and every row as wide as the header.
     */
    public static List<List<String>> csv(Path file, String fix) {
        String text = nonEmptyText(file, fix);
        int open = openQuoteLine(text);
        if (open > 0) {
            throw new BadFileException(file, "a quoted cell opened at line " + open + " is never closed: the file is truncated or damaged", fix);
        }
        List<List<String>> rows = CsvReader.parse(text);
        int width = rows.get(0).size();
        for (int i = 1; i < rows.size(); i++) {
            if (rows.get(i).size() != width) {
                throw new BadFileException(file, "row " + (i + 1) + " has " + rows.get(i).size() + " cells but the header has " + width
                        + (i == rows.size() - 1 ? ": the last row is cut short, the file is truncated" : ": the file is damaged"), fix);
            }
        }
        return rows;
    }

    /** The line (1-based) where a quoted cell opens that never closes, or 0 when every quote closes. */
    private static int openQuoteLine(String text) {
        boolean quoted = false;
        int line = 1;
        int openedAt = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                if (quoted && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    i++;
                } else {
                    quoted = !quoted;
                    openedAt = line;
                }
            } else if (c == '\n') {
                line++;
            }
        }
        return quoted ? openedAt : 0;
    }

    private static String kind(Object o) {
        if (o == null) {
            return "nothing";
        }
        if (o instanceof List<?>) {
            return "a list";
        }
        return "a single value '" + String.valueOf(o).lines().findFirst().orElse("") + "'";
    }

    /** An I/O error in words: its class and the system's message, without the path the caller already names. */
    static String describe(IOException e) {
        String reason = e instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason() : e.getMessage();
        return e.getClass().getSimpleName() + (reason == null ? "" : ": " + reason);
    }
}
