package org.tripletlab.sweep;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tripletlab.run.SweepIndexFile;
import org.tripletlab.util.AtomicFiles;

/**
 * Writes {@code <out>/<sweep-name>/sweep-index.csv} while a sweep runs: one row per grid point, in grid order,
 * rewritten atomically whenever a run starts or ends, so it is always a complete table. Its columns, reading
 * it back and finding a complete row's folder are {@link SweepIndexFile}'s (in {@code run}), so that what
 * reads an index need not import {@code sweep}. A baseline run's axis cells are empty apart from its
 * {@code seed}, and its rows follow the grid's. A sweep with {@code extra} entries has a column for every key an axis or an
 * entry names, and a grid or extra point's cell is its resolved value of that key (the base's where the point does not
 * set it). The index describes the state of the grid, not its history:
 * a run that was already complete from an earlier invocation is {@code complete} just like one trained now.
 * A row left {@code running} means the sweep was interrupted; the next invocation sets it back to
 * {@code pending} before training it. Beside the index, {@code sweep.yaml} is a copy of the sweep file.
 */
public final class SweepIndex {
    private final Path file;
    private final Path outRoot;
    private final List<String> axes;
    private final boolean baselineColumn;
    private final Map<Integer, SweepIndexFile.Row> rows = new LinkedHashMap<>();

    SweepIndex(Path file, Path outRoot, List<String> axes, List<Sweep.Point> points) {
        this.file = file;
        this.outRoot = outRoot;
        this.axes = List.copyOf(axes);
        // Only sweeps with baselines get the column, so the index of a plain grid keeps its layout.
        this.baselineColumn = points.stream().anyMatch(Sweep.Point::isBaseline);
        for (Sweep.Point p : points) {
            update(p, SweepIndexFile.Status.PENDING, null, null);
        }
    }

    synchronized void update(Sweep.Point p, SweepIndexFile.Status status, Path runDir, String error) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String c : axes) {
            if (p.axisValues().containsKey(c)) {
                values.put(c, Sweep.yamlValue(p.axisValues().get(c)));
            } else if (!p.isBaseline()) {
                // a key only an extra entry names, or an axis an extra point leaves at the base's value: what the point trains with
                values.put(c, Sweep.yamlValue(p.config().get(c)));
            }
        }
        String dir = runDir == null ? "" : relative(outRoot, runDir);
        rows.put(p.index(), new SweepIndexFile.Row(p.index(), p.isBaseline() ? p.baseline().written() : "", values, p.experiment(), p.runId(), status.label(), dir, error == null ? "" : error));
    }

    /** A run folder relative to the results root, with '/' separators (absolute when it lies outside). */
    static String relative(Path outRoot, Path runDir) {
        Path root = outRoot.toAbsolutePath().normalize();
        Path d = runDir.toAbsolutePath().normalize();
        Path rel = d.startsWith(root) ? root.relativize(d) : d;
        return rel.toString().replace('\\', '/');
    }

    public synchronized void write() {
        StringBuilder sb = new StringBuilder();
        List<String> header = new ArrayList<>(List.of("point"));
        if (baselineColumn) {
            header.add(SweepIndexFile.BASELINE_COLUMN);
        }
        header.addAll(axes);
        header.addAll(List.of("experiment", "run_id", "status", "run_dir", "error"));
        sb.append(String.join(",", header.stream().map(SweepIndex::cell).toList())).append('\n');
        for (SweepIndexFile.Row r : rows.values()) {
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

    public synchronized List<SweepIndexFile.Row> rows() {
        return List.copyOf(rows.values());
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
