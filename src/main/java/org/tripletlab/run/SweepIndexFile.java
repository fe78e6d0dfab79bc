package org.tripletlab.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tripletlab.util.BadFileException;
import org.tripletlab.util.FileReads;

/**
 * {@code <out>/<sweep-name>/sweep-index.csv} as a file: its name, its rows and statuses, reading it back,
 * and the run folder of a complete row. {@code sweep.SweepIndex} writes it while a sweep runs; the readers
 * ({@link RunFinder}, the report, the figures) read it here, so none of them imports {@code sweep}.
 *
 * <p>Columns: {@code point} (1-based grid position), one column per axis key (its value at this
 * point, YAML flow style; a sweep with {@code extra} entries also has a column per key an entry names, and every
 * point of the base experiment fills each such column with its resolved value), {@code experiment}, {@code run_id} (the point's {@link RunDirectory#runId};
 * a run completed earlier may sit in a folder named by an older id or attempt — {@code run_dir} says where),
 * {@code status} ({@link Status}), {@code run_dir} (the completed run's folder relative to the results root,
 * with '/' separators; empty until complete) and {@code error}. A sweep with {@code baselines} has one more
 * column after {@code point}, {@link #BASELINE_COLUMN}: the experiment file of a baseline run as the sweep
 * file names it, empty for a grid point.
 */
public final class SweepIndexFile {
    public static final String FILE = "sweep-index.csv";

    /** Header of the optional column naming a baseline run's experiment file. */
    public static final String BASELINE_COLUMN = "baseline";

    /** What to do about an index that cannot be read: the sweep command writes it anew from its run folders. */
    public static final String DAMAGED_FIX = "rerun the same 'tripletlab sweep' command: it writes the index again from the run folders "
            + "(completed runs are not trained again)";

    /** The {@code status} column's values. */
    public enum Status {
        PENDING, RUNNING, COMPLETE, FAILED;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

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

    private SweepIndexFile() {
    }

    /** Reads an index written by {@code sweep.SweepIndex#write}. */
    public static List<Row> read(Path file) {
        List<List<String>> table = FileReads.csv(file, DAMAGED_FIX);
        List<String> header = table.get(0);
        int n = header.size();
        if (n < 6 || !header.get(0).equals("point") || !header.subList(n - 5, n).equals(List.of("experiment", "run_id", "status", "run_dir", "error"))) {
            throw new BadFileException(file, "not a sweep index (header " + header + ")", DAMAGED_FIX);
        }
        // An axis key is a config key, never the bare section name "baseline", so the column is recognised by its header.
        int firstAxis = header.get(1).equals(BASELINE_COLUMN) ? 2 : 1;
        List<Row> out = new ArrayList<>();
        for (List<String> r : table.subList(1, table.size())) {
            if (!r.get(0).matches("\\d+")) {
                throw new BadFileException(file, "row " + (out.size() + 2) + " has point '" + r.get(0)
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
     * {@code COMPLETE} marker is a {@link BadFileException}: a report never leaves out a run its index
     * says is complete without saying so.
     *
     * @param outRoot the results root the index's run_dir column is relative to
     */
    public static Path completeRun(Path index, Path outRoot, Row r) {
        Path run = outRoot.resolve(r.runDir());
        if (!Files.isRegularFile(run.resolve(RunDirectory.COMPLETE_MARKER))) {
            throw new BadFileException(index, "point " + r.point() + " (run " + r.runId() + ") is recorded as complete, but "
                    + run + (Files.isDirectory(run) ? " has no COMPLETE file" : " does not exist"), DAMAGED_FIX);
        }
        return run;
    }
}
