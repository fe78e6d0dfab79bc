package org.tripletlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tripletlab.config.Config;
import org.tripletlab.run.Provenance;
import org.tripletlab.run.RunDirectory;

/**
 * After a failure (e.g. a checkpoint the full disk could not take), the tables and provenance written on the way
 * out may fail too: they are added to the first error as suppressed, never thrown in its place, so the error
 * names the real file and not {@code steps.csv} (issue 11).
 */
class FailedRunFlushTest {
    @Test
    void aTableThatCannotBeWrittenAfterAFailureDoesNotHideTheFailure(@TempDir Path out) throws Exception {
        RunDirectory run = RunDirectory.open(out, Config.parse("", "t.yaml", List.of()), "t", false);
        Provenance prov = new Provenance();
        RunRecorder rec = new RunRecorder(run, prov, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        // A non-empty folder where steps.csv and provenance.json go: no rename can replace it, even as root.
        for (String name : List.of("steps.csv", "provenance.json")) {
            Files.createDirectories(run.file(name).resolve("blocker"));
        }
        RuntimeException first = new java.io.UncheckedIOException(run.file("checkpoint-last") + ": cannot be written",
                new java.io.IOException("No space left on device"));
        rec.flushAfterFailure(first);
        prov.writeAfterFailure(run.file("provenance.json"), first);
        assertEquals(2, first.getSuppressed().length, List.of(first.getSuppressed()).toString());
        assertTrue(first.getSuppressed()[0].getMessage().startsWith(run.file("steps.csv") + ": cannot be written ("),
                first.getSuppressed()[0].getMessage());
        assertTrue(first.getSuppressed()[1].getMessage().startsWith(run.file("provenance.json") + ": cannot be written ("),
                first.getSuppressed()[1].getMessage());
        assertTrue(Files.isRegularFile(run.file("epochs.csv")), "the tables that can be written still are");
        assertTrue(Files.isRegularFile(run.file("events.csv")));
    }
}
