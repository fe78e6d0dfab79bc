package org.tripletlab.data.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.tripletlab.data.DataException;

/** Folder-listing helpers shared by the source listers. */
final class Listing {
    private Listing() {
    }

    static List<Path> dirs(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> Files.isDirectory(p) && !hidden(p)).sorted().toList();
        } catch (IOException e) {
            throw new DataException(dir + ": cannot list folders (" + e.getMessage() + ")", e);
        }
    }

    static List<Path> images(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Listing::isImage).sorted().toList();
        } catch (IOException e) {
            throw new DataException(dir + ": cannot list images (" + e.getMessage() + ")", e);
        }
    }

    /** Hidden files and folders (name starting with '.': {@code .ipynb_checkpoints}, {@code ._x.jpg}) are never data. */
    static boolean hidden(Path p) {
        return p.getFileName().toString().startsWith(".");
    }

    static boolean isImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(p) && !hidden(p) && (n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".png"));
    }

    static String rel(Path folder, Path file) {
        return folder.relativize(file).toString().replace('\\', '/');
    }

    static void requireDir(Path dir, String what) {
        requireDir(dir, what, "check that the dataset is unpacked there as README's data section describes");
    }

    /** A {@link DataException} "{@code <dir>}: folder not found (expected what); fix" unless {@code dir} is a folder. */
    static void requireDir(Path dir, String what, String fix) {
        if (!Files.isDirectory(dir)) {
            throw new DataException(dir.toAbsolutePath().normalize() + ": folder not found (expected " + what + "); " + fix);
        }
    }
}
