package org.tripletlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tripletlab.config.Config;
import org.tripletlab.eval.DistanceSummary;
import org.tripletlab.run.Provenance;
import org.tripletlab.run.RunDirectory;

class RunRecorderTest {
    private static ValidationResult validation(float negativeDistance) {
        DistanceSummary pos = DistanceSummary.of(new float[] {0.001f, 0.002f}, ValidationResult.BINS);
        DistanceSummary neg = DistanceSummary.of(new float[] {negativeDistance, negativeDistance}, ValidationResult.BINS);
        return new ValidationResult(0.5, 0.1, 0.5, pos, neg, new double[] {1, 1, 1, 1, 1}, 1, 2);
    }

    @Test
    void validationCollapseIsWarnedOnEnteringItNotEveryEpoch(@TempDir Path out) throws Exception {
        RunDirectory run = RunDirectory.open(out, Config.parse("", "t.yaml", List.of()), "t", false);
        RunRecorder rec = new RunRecorder(run, new Provenance(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        float collapsed = 0.001f;
        float healthy = 1.5f;
        float[] epochs = {collapsed, collapsed, collapsed, healthy, collapsed};
        for (int e = 0; e < epochs.length; e++) {
            rec.validation(e + 1, 10 * (e + 1), validation(epochs[e]), 0.1, 0.5, 0);
        }
        long warnings = Files.readAllLines(run.file("events.csv")).stream().filter(l -> l.contains(",collapse,")).count();
        assertEquals(2, warnings, "once when it collapses, once when it collapses again after recovering");
    }
}
