package org.tripletlab.sweep;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tripletlab.util.AtomicFiles;

/**
 * {@code <out>/<sweep-name>/sweep-index.csv}: one row per grid point, in grid order, rewritten
 * atomically whenever a run starts or ends, so it is always a complete table.
 *
 * <p>Columns: {@code point} (1-based grid position), one column per axis key (its value at this
 * point, YAML flow style), {@code experiment}, {@code run_id} (the point's {@link org.tripletlab.run.RunDirectory#runId};
 * a run completed earlier may sit in a folder named by an older id or attempt — {@code run_dir} says where), {@code status} ({@code pending},
 * {@code running}, {@code complete}, {@code failed}), {@code run_dir} (the completed run's folder
 * relative to the results root, with '/' separators; empty until complete) and {@code error}.
 * A sweep with {@code baselines} has one more column after {@code point}, {@code baseline}: the
 * experiment file of a baseline run as the sweep file names it, empty for a grid point (whose
 * rows it then precede); a baseline run's axis cells are empty apart from its {@code seed}.
 * The index describes the state of the grid, not its history: a run that was already complete from an
 * earlier invocation is {@code complete} just like one trained now. A row left {@code running} means the
 * sweep was interrupted; the next invocation sets it back to {@code pending} before training it.
 * Beside the index, {@code sweep.yaml} is a copy of the sweep file.
 */
public final class SweepIndex {
    public static final String FILE = "sweep-index.csv";

    public enum Status {
        PENDING, RUNNING, COMPLETE, FAILED;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Header of the optional column naming a baseline run's experiment file. */
    public static final String BASELINE_COLUMN = "baseline";

    /** What to do about an index that cannot be read: the sweep command writes it anew from its run folders. */
    static final String DAMAGED_FIX = "rerun the same 'tripletlab sweep' command: it writes the index again from the run folders "
            + "(completed runs are not trained again)";

    /**
     * One row, as read back.
     *
     * @param baseline the experiment file of a baseline run as the sweep file names it; empty for a grid point
     */
    public record Row(int point, String baseline, Map<String, String> axisValues, String experiment, String runId, String status,
            String runDir, String error) {
        public boolean isBaseline() {
            return !baseline.isEmpty();
        }
    }

    private final Path file;
    private final Path outRoot;
    private final List<String> axes;
    private final boolean baselineColumn;
    private final Map<Integer, Row> rows = new LinkedHashMap<>();

    SweepIndex(Path file, Path outRoot, List<String> axes, List<Sweep.Point> points) {
        this.file = file;
        this.outRoot = outRoot;
        this.axes = List.copyOf(axes);
        // Only sweeps with baselines get the column, so the index of a plain grid keeps its layout.
        this.baselineColumn = points.stream().anyMatch(Sweep.Point::isBaseline);
        for (Sweep.Point p : points) {
            update(p, Status.PENDING, null, null);
        }
    }

    synchronized void update(Sweep.Point p, Status status, Path runDir, String error) {
        Map<String, String> values = new LinkedHashMap<>();
        p.axisValues().forEach((k, v) -> values.put(k, Sweep.yamlValue(v)));
        String dir = runDir == null ? "" : relative(runDir);
        rows.put(p.index(), new Row(p.index(), p.isBaseline() ? p.baseline().written() : "", values, p.experiment(), p.runId(), status.label(), dir, error == null ? "" : error));
    }

    private String relative(Path runDir) {
        Path root = outRoot.toAbsolutePath().normalize();
        Path d = runDir.toAbsolutePath().normalize();
        Path rel = d.startsWith(root) ? root.relativize(d) : d;
        return rel.toString().replace('\\', '/');
    }

    public synchronized void write() {
        StringBuilder sb = new StringBuilder();
        List<String> header = new ArrayList<>(List.of("point"));
        if (baselineColumn) {
            header.add(BASELINE_COLUMN);
        }
        header.addAll(axes);
        header.addAll(List.of("experiment", "run_id", "status", "run_dir", "error"));
        sb.append(String.join(",", header.stream().map(SweepIndex::cell).toList())).append('\n');
        for (Row r : rows.values()) {
            List<String> cells = new ArrayList<>();
            cells.add(String.valueOf(r.point()));
            if (baselineColumn) {
                cells.add(r.baseline());
            }
            for (String a : axes) {
                cells.add(r.axisValues().get(a));
            }
            cells.addAll(List.of(r.experiment(), r.runId(), r.status(), r.runDir(), r.error()));
            sb.append(String.join(",", cells.stream().map(SweepIndex::cell).toList())).append('\n');
        }
        AtomicFiles.write(file, sb.toString());
    }

    public Path file() {
        return file;
    }

    public synchronized List<Row> rows() {
        return List.copyOf(rows.values());
    }

    /** Reads an index written by {@link #write()}. */
    public static List<Row> read(Path file) {
        List<List<String>> table = org.tripletlab.util.FileReads.csv(file, DAMAGED_FIX);
        List<String> header = table.get(0);
        int n = header.size();
        if (n < 6 || !header.get(0).equals("point") || !header.subList(n - 5, n).equals(List.of("experiment", "run_id", "status", "run_dir", "error"))) {
            throw new org.tripletlab.util.BadFileException(file, "not a sweep index (header " + header + ")", DAMAGED_FIX);
        }
        // An axis key is a config key, never the bare section name "baseline", so the column is recognised by its header.
        int firstAxis = header.get(1).equals(BASELINE_COLUMN) ? 2 : 1;
        List<Row> out = new ArrayList<>();
        for (List<String> r : table.subList(1, table.size())) {
            if (!r.get(0).matches("\\d+")) {
                throw new org.tripletlab.util.BadFileException(file, "row " + (out.size() + 2) + " has point '" + r.get(0)
                        + "', not a number", DAMAGED_FIX);
            }
            Map<String, String> values = new LinkedHashMap<>();
            for (int i = firstAxis; i < n - 5; i++) {
                values.put(header.get(i), r.get(i));
            }
            out.add(new Row(Integer.parseInt(r.get(0)), firstAxis == 2 ? r.get(1) : "", values, r.get(n - 5), r.get(n - 4), r.get(n - 3), r.get(n - 2), r.get(n - 1)));
        }
        return out;
    }

    /**
     * The folder of a row the index records as complete. A row whose folder is gone or has no
     * {@code COMPLETE} marker is a {@link org.tripletlab.util.BadFileException}: a report never leaves
     * out a run its index says is complete without saying so.
     *
     * @param outRoot the results root the index's run_dir column is relative to
     */
    public static Path completeRun(Path index, Path outRoot, Row r) {
        Path run = outRoot.resolve(r.runDir());
        if (!Files.isRegularFile(run.resolve(org.tripletlab.run.RunDirectory.COMPLETE_MARKER))) {
            throw new org.tripletlab.util.BadFileException(index, "point " + r.point() + " (run " + r.runId() + ") is recorded as complete, but "
                    + run + (Files.isDirectory(run) ? " has no COMPLETE file" : " does not exist"), DAMAGED_FIX);
        }
        return run;
    }

    static String cell(String s) {
        if (s == null) {
            return "";
        }
        if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }
}
