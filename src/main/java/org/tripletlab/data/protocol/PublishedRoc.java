package org.tripletlab.data.protocol;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.tripletlab.data.DataException;

/**
 * ROC curves as the LFW results page publishes them, read leniently.
 *
 * <p>Format: one ROC point per line, <b>true-positive rate, then false-positive rate</b>, separated by
 * blanks (tabs, spaces; a comma is accepted too). Any line that is not exactly two finite numbers is
 * skipped: headers and comments, {@code NaN} rows, rows with a third column, blank lines. Bytes that
 * are not valid UTF-8 are read as ISO-8859-1, so an odd file yields no points rather than an error.
 * The curve's name is the file name without its extension ({@code .txt}, {@code .TPFP}).
 */
public final class PublishedRoc {
    /** One point of a curve. */
    public record Point(double fpr, double tpr) {
    }

    /**
     * A named curve, its points sorted by false-positive rate (then true-positive rate).
     *
     * @param skippedLines non-blank lines that were not two finite numbers
     */
    public record Curve(String name, List<Point> points, int skippedLines) {
        public Curve {
            points = List.copyOf(points);
        }

        /** Area under the curve by the trapezoid rule over the sorted points (0 with fewer than 2). */
        public double auc() {
            double a = 0;
            for (int i = 1; i < points.size(); i++) {
                Point p = points.get(i - 1);
                Point q = points.get(i);
                a += (q.fpr() - p.fpr()) * (p.tpr() + q.tpr()) / 2;
            }
            return a;
        }
    }

    private PublishedRoc() {
    }

    /** Reads one curve file. */
    public static Curve read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new DataException(file + ": cannot read ROC curve (" + e.getMessage() + ")", e);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            text = new String(bytes, StandardCharsets.ISO_8859_1);
        }
        return parse(curveName(file.getFileName().toString()), text);
    }

    /** Parses curve text (see the class comment). */
    public static Curve parse(String name, String text) {
        List<Point> points = new ArrayList<>();
        int skipped = 0;
        for (String raw : text.split("\\r?\\n|\\r")) {
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("[\\s,]+");
            Double tpr = f.length == 2 ? number(f[0]) : null;
            Double fpr = f.length == 2 ? number(f[1]) : null;
            if (tpr == null || fpr == null) {
                skipped++;
                continue;
            }
            points.add(new Point(fpr, tpr));
        }
        points.sort(Comparator.comparingDouble(Point::fpr).thenComparingDouble(Point::tpr));
        return new Curve(name, points, skipped);
    }

    /**
     * Reads every {@code *.txt} and {@code *.TPFP} file of {@code dir}, in name order, and returns the
     * curves that have at least one point (a file with none, e.g. a single column or binary data, is left out).
     */
    public static List<Curve> readAll(Path dir) {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(Files::isRegularFile).filter(p -> {
                String n = p.getFileName().toString();
                return n.endsWith(".txt") || n.endsWith(".TPFP");
            }).sorted().toList();
        } catch (IOException e) {
            throw new DataException(dir + ": cannot list ROC curve files (" + e.getMessage() + ")", e);
        }
        List<Curve> out = new ArrayList<>();
        for (Path f : files) {
            Curve c = read(f);
            if (!c.points().isEmpty()) {
                out.add(c);
            }
        }
        return out;
    }

    static String curveName(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }

    private static Double number(String s) {
        try {
            double v = Double.parseDouble(s);
            return Double.isFinite(v) ? v : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
