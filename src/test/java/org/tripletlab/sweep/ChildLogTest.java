package org.tripletlab.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sweep worker that failed is recorded with its own error line, or with the news that its log stayed empty (issue 11). */
class ChildLogTest {
    @Test
    void theChildsErrorLineIsWhatTheIndexRecords(@TempDir Path dir) throws Exception {
        Path log = Files.writeString(dir.resolve("001-abc.log"), "step 1/10 loss 0.2\nerror: data/x.txt: is empty; fix it\n");
        assertEquals(": data/x.txt: is empty; fix it", SweepRunner.childError(log));
        Files.writeString(log, "killed\n");
        assertEquals("", SweepRunner.childError(log));
    }

    @Test
    void aLogOnAFullDiskIsSaidToBeEmpty(@TempDir Path dir) throws Exception {
        // /dev/full fails every write with ENOSPC, as a full disk does: the child's output never lands.
        Path log = Files.createSymbolicLink(dir.resolve("002-abc.log"), Path.of("/dev/full"));
        Process p = new ProcessBuilder("sh", "-c", "echo 'error: the real problem'; exit 2").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        assertTrue(p.waitFor() != 0);
        String m = SweepRunner.childError(log);
        assertTrue(m.startsWith(" and its log " + log + " is empty (nothing could be written to it: is the disk full? df -h "), m);
    }
}
