package org.tripletlab.notebook;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;

/**
 * Where a notebook finds the project, the shared data and a scratch folder, and what it runs with.
 *
 * <p>Notebooks run with the working directory {@code notebooks/}. The project root is the first folder
 * from there upwards that holds {@code bin/tripletlab} and {@code pom.xml} (else {@code $TRIPLETLAB_HOME},
 * which the kernelspec sets). Anything a notebook writes goes under {@code target/notebooks/}, which git
 * ignores, never under {@code results/}.
 */
public final class Notebook {
    private Notebook() {
    }

    /** The project root (the folder with bin/tripletlab and pom.xml). */
    public static Path home() {
        Path p = Path.of(System.getProperty("user.dir")).toAbsolutePath().normalize();
        for (Path d = p; d != null; d = d.getParent()) {
            if (isHome(d)) {
                return d;
            }
        }
        String env = System.getenv("TRIPLETLAB_HOME");
        if (env != null && !env.isBlank() && isHome(Path.of(env))) {
            return Path.of(env).toAbsolutePath().normalize();
        }
        throw new IllegalStateException("cannot find the tripletlab project from " + p
                + ": open the notebook from the project's notebooks/ folder, or set TRIPLETLAB_HOME");
    }

    private static boolean isHome(Path d) {
        return Files.isRegularFile(d.resolve("bin").resolve("tripletlab")) && Files.isRegularFile(d.resolve("pom.xml"));
    }

    /**
     * The shared datasets folder: {@code $TRIPLETLAB_DATA_ROOT}, else {@code ../shared/datasets} next to the
     * project, else null (notebooks then fall back to the embedded synthetic faces).
     */
    public static Path dataRoot() {
        String env = System.getenv("TRIPLETLAB_DATA_ROOT");
        if (env != null && !env.isBlank()) {
            Path p = Path.of(env).toAbsolutePath().normalize();
            if (!Files.isDirectory(p)) {
                throw new IllegalStateException("TRIPLETLAB_DATA_ROOT=" + env + " is not a folder: fix or unset it");
            }
            return p;
        }
        Path beside = home().resolveSibling("shared").resolve("datasets");
        return Files.isDirectory(beside) ? beside : null;
    }

    /** {@code target/notebooks/<name>} under the project root, created if missing. */
    public static Path scratch(String name) {
        Path dir = home().resolve("target").resolve("notebooks").resolve(name);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        return dir;
    }

    /** A CSV file (with a header line) as a tablesaw table named after the file. */
    public static Table csv(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": no such CSV file (run the command that writes it first)");
        }
        try {
            return Table.read().csv(CsvReadOptions.builder(file.toFile()).tableName(file.getFileName().toString()).build());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot read " + file + " as CSV: " + e.getMessage(), e);
        }
    }

    /**
     * What this kernel runs with, as an HTML table: the settings that decide training speed
     * (allocator, threads, offline engine) and where the project and data are.
     */
    public static String environment() {
        Table t = Table.create("kernel environment", StringColumn.create("setting"), StringColumn.create("value"));
        Runtime rt = Runtime.getRuntime();
        Path data = dataRoot();
        String[][] rows = {
            {"java", System.getProperty("java.version")},
            {"cores / OMP_NUM_THREADS", rt.availableProcessors() + " / " + orNone(System.getenv("OMP_NUM_THREADS"))},
            {"max heap", String.format(Locale.ROOT, "%.1f GiB", rt.maxMemory() / (1024.0 * 1024 * 1024))},
            {"LD_PRELOAD (allocator)", orNone(System.getenv("LD_PRELOAD"))},
            {"ai.djl.offline", orNone(System.getProperty("ai.djl.offline"))},
            {"project", home().toString()},
            // the kernelspec puts the build on the class path (RJK_CLASSPATH): which jar the project's classes came from
            {"project classes from", String.valueOf(Notebook.class.getProtectionDomain().getCodeSource().getLocation())},
            {"data root", data == null ? "(none: synthetic faces only)" : data.toString()},
        };
        for (String[] r : rows) {
            t.stringColumn("setting").append(r[0]);
            t.stringColumn("value").append(r[1]);
        }
        return HtmlTable.of(t);
    }

    private static String orNone(String s) {
        return s == null || s.isBlank() ? "(not set)" : s;
    }
}
