package org.tripletlab.util;

import java.nio.file.Path;

/**
 * Paths as result files record them, so that committed results read the same on any clone: a run folder
 * relative to the results root ({@code <experiment>/<run-id>}), anything under the data root relative to it
 * ({@code <data-root>/celeba-10k}), never the absolute path of the machine that wrote them.
 */
public final class PortablePaths {
    /** The label that stands for the data root in recorded paths. */
    public static final String DATA_ROOT = "<data-root>";

    private PortablePaths() {
    }

    /** A run folder {@code <results>/<experiment>/<run-id>} as {@code <experiment>/<run-id>} (relative to the results root). */
    public static String run(Path runDir) {
        Path d = runDir.toAbsolutePath().normalize();
        Path parent = d.getParent();
        return parent == null || parent.getFileName() == null ? String.valueOf(d.getFileName()) : parent.getFileName() + "/" + d.getFileName();
    }

    /** The data root as recorded: {@link #DATA_ROOT}, or null when there is none. */
    public static String dataRoot(Path dataRoot) {
        return dataRoot == null ? null : DATA_ROOT;
    }

    /** {@code text} with every occurrence of the data root's absolute path replaced by {@link #DATA_ROOT}. */
    public static String underDataRoot(String text, Path dataRoot) {
        if (text == null || dataRoot == null) {
            return text;
        }
        String abs = dataRoot.toAbsolutePath().normalize().toString();
        if (abs.equals("/") || abs.isEmpty()) {
            return text;
        }
        return text.replace(abs, DATA_ROOT);
    }

    /** {@code file} relative to {@code base} when it lies below it, else its file name only. */
    public static String relativeTo(Path file, Path base) {
        Path f = file.toAbsolutePath().normalize();
        Path b = base.toAbsolutePath().normalize();
        return f.startsWith(b) ? b.relativize(f).toString() : String.valueOf(f.getFileName());
    }
}
