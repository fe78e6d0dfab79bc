package org.tripletlab.util;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes files so that a reader (or a crash) never sees a half-written result: the content goes to
 * a temporary file in the same folder, which is then renamed over the target in one step.
 *
 * <p>A write that fails (a full disk, a read-only folder) deletes its temporary file, leaves the
 * previous target as it was, and throws an {@link UncheckedIOException} whose message names the target
 * (not the temporary), the cause and what to do.
 */
public final class AtomicFiles {
    /** Writes the content to the temporary file; replaced by tests to simulate a full disk. */
    interface ContentWriter {
        void write(Path tmp, byte[] content) throws IOException;
    }

    static volatile ContentWriter contentWriter = Files::write;

    private AtomicFiles() {
    }

    public static void write(Path target, String content) {
        write(target, content.getBytes(StandardCharsets.UTF_8));
    }

    public static void write(Path target, byte[] content) {
        Path dir = target.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
            try {
                contentWriter.write(tmp, content);
                try {
                    // Temp files start private (0600); results are meant to be read by others.
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
                } catch (UnsupportedOperationException e) {
                    // Not a POSIX file system: keep its defaults.
                }
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw failed(target, e);
        }
    }

    /** "{@code <target>}: cannot be written (cause); what to do", naming the file the caller meant to write. */
    public static UncheckedIOException failed(Path target, IOException e) {
        String reason = FileReads.describe(e);
        boolean full = reason.contains("No space left") || reason.contains("Disk quota");
        String fix = full ? "free space on the disk holding " + target.toAbsolutePath().getParent() + " (df -h) and run the command again"
                : "check that " + target.toAbsolutePath().getParent() + " is a writable folder (not a file, not read-only) and run the command again";
        return new UncheckedIOException(target + ": cannot be written (" + reason + "); " + fix, e);
    }
}
