package org.tripletlab.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tripletlab.data.source.NameList;
import org.tripletlab.projection.LinearProjection;
import org.tripletlab.run.Provenance;

/** Reads and writes of bad or unwritable files end in a message naming the file, the problem and the fix (issue 11). */
class FileFaultsTest {
    @Test
    void aFullDiskLeavesNoTemporaryAndNamesTheTargetNotTheTemporary(@TempDir Path dir) throws Exception {
        Path target = Files.writeString(dir.resolve("steps.csv"), "step\n1\n");
        AtomicFiles.ContentWriter normal = AtomicFiles.contentWriter;
        AtomicFiles.contentWriter = (tmp, content) -> {
            // What ENOSPC does: part of the content lands, then the write fails.
            Files.write(tmp, Arrays.copyOf(content, content.length / 2));
            throw new FileSystemException(tmp.toString(), null, "No space left on device");
        };
        UncheckedIOException e;
        try {
            e = assertThrows(UncheckedIOException.class, () -> AtomicFiles.write(target, "step\n1\n2\n3\n"));
        } finally {
            AtomicFiles.contentWriter = normal;
        }
        assertEquals(target + ": cannot be written (FileSystemException: No space left on device); free space on the disk holding "
                + dir.toAbsolutePath() + " (df -h) and run the command again", e.getMessage());
        assertFalse(e.getMessage().contains(".tmp"), "names the file the user knows, not the temporary");
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(target), s.toList(), "the partial temporary is deleted");
        }
        assertEquals("step\n1\n", Files.readString(target), "the previous content is kept whole");
    }

    @Test
    void aNameListWithALatin1ByteSaysTheEncodingAndTheLine(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("exclude.txt");
        Files.write(f, new byte[] {'A', 'n', 'n', '\n', 'J', 'o', 's', (byte) 0xE9, '\n'});
        String m = assertThrows(BadFileException.class, () -> NameList.read(f)).getMessage();
        assertTrue(m.startsWith(f + ": is not UTF-8: byte 0xE9 at line 2, column 4 (byte offset 7)"), m);
        assertTrue(m.endsWith("save the file as UTF-8 (e.g. iconv -f latin1 -t utf-8 exclude.txt > fixed.txt) or write the character in plain ASCII"), m);
        assertFalse(m.contains("Input length"), m);
    }

    @Test
    void aTruncatedProjectionSaysTruncatedNotNull(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("projection.bin");
        ByteBuffer b = ByteBuffer.allocate(12 + 4 * 5);
        b.putInt(0x54504A31).putInt(4).putInt(2); // 4 inputs, 2 components: 12 floats, only 5 present
        Files.write(f, b.array());
        String m = assertThrows(BadFileException.class, () -> LinearProjection.load(f)).getMessage();
        assertTrue(m.startsWith(f + ": holds 32 bytes but its header (4 inputs, 2 components) needs 60: the file is truncated; "
                + "fit the baseline again"), m);
        assertFalse(m.contains("(null)"), m);
        Files.writeString(f, "hello");
        m = assertThrows(BadFileException.class, () -> LinearProjection.load(f)).getMessage();
        assertTrue(m.startsWith(f + ": not a tripletlab projection file"), m);
    }

    @Test
    void aTruncatedOrEmptyProvenanceIsNamed(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("provenance.json"), "{\n  \"status\": \"runn");
        String m = assertThrows(BadFileException.class, () -> Provenance.read(f)).getMessage();
        assertTrue(m.startsWith(f + ": not valid JSON at line 2"), m);
        assertTrue(m.contains("the file ends too early, it is truncated; " + FileReads.RUN_FILE_FIX), m);
        Files.writeString(f, "\n");
        m = assertThrows(BadFileException.class, () -> Provenance.read(f)).getMessage();
        assertEquals(f + ": is empty; " + FileReads.RUN_FILE_FIX, m);
        Path missing = dir.resolve("nope/provenance.json");
        m = assertThrows(BadFileException.class, () -> Provenance.read(missing)).getMessage();
        assertEquals(missing + ": no such file; " + FileReads.RUN_FILE_FIX, m);
    }
}
