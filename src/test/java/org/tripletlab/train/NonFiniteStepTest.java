package org.tripletlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tripletlab.config.Config;
import org.tripletlab.config.ExperimentConfig;
import org.tripletlab.loss.Loss;
import org.tripletlab.util.Scalars;
import org.tripletlab.run.RunDirectory;

/**
 * {@code train.nonfinite} in a real (small) training run: step 2 gets a NaN loss, step 4 a finite
 * loss whose gradient is NaN (J + 0·√(0·J): forward adds 0, backward multiplies 1/(2√0) = ∞ by 0).
 */
class NonFiniteStepTest {
    private static final Set<Integer> NAN_LOSS = Set.of(2);
    private static final Set<Integer> NAN_GRADIENT = Set.of(4);

    /** Counts the loss's calls (one per step, as no batch of SMALL is empty) and poisons the chosen ones. */
    private static UnaryOperator<Loss> poison() {
        int[] calls = {0};
        return real -> (out, labels, rng, sm) -> {
            Loss.Step s = real.compute(out, labels, rng, sm);
            int step = ++calls[0];
            NDArray loss = s.loss();
            if (NAN_LOSS.contains(step)) {
                loss = loss.mul(Scalars.of(loss, Float.NaN));
            } else if (NAN_GRADIENT.contains(step)) {
                NDArray zero = loss.mul(Scalars.of(loss, 0f));
                loss = loss.add(zero.sqrt().mul(Scalars.of(loss, 0f)));
            }
            return new Loss.Step(loss, s.value(), s.count(), s.activeShare(), s.meanAp(), s.meanAn(), s.fallbacks(), s.skipped());
        };
    }

    private static TrainingRun.Outcome train(Path out, String mode) {
        ExperimentConfig cfg = ExperimentConfig.from(Config.parse(TrainingEndToEndTest.SMALL, "e2e.yaml",
                List.of("train.steps=6", "train.steps_per_epoch=3", "train.checkpoints=false", "train.nonfinite=" + mode)));
        PrintStream console = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return TrainingRun.run(cfg, new TrainingRun.Options(out, null, false, console), poison());
    }

    @Test
    void stopEndsTheRunNamingTheStepAndKeepsItsFolder(@TempDir Path out) throws Exception {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> train(out, "stop"));
        assertTrue(e.getMessage().contains("non-finite loss at step 2 (epoch 1)"), e.getMessage());
        Path dir;
        try (var dirs = Files.list(out.resolve("e2e"))) {
            dir = dirs.findFirst().orElseThrow();
        }
        assertFalse(Files.exists(dir.resolve(RunDirectory.COMPLETE_MARKER)));
        String prov = Files.readString(dir.resolve("provenance.json"));
        assertTrue(prov.contains("\"status\": \"failed: ") && prov.contains("non-finite loss at step 2 (epoch 1)"), prov);
        List<String> events = Files.readAllLines(dir.resolve("events.csv"));
        assertEquals(2, events.size(), "header and the one non-finite step: " + events);
        assertTrue(events.get(1).startsWith("2,1,non-finite,"), events.get(1));
        assertEquals(1 + 1, Files.readAllLines(dir.resolve("steps.csv")).size(), "only step 1 was completed");
    }

    @Test
    void skipLeavesOutExactlyTheNonFiniteStepsAndTrainsOn(@TempDir Path out) throws Exception {
        TrainingRun.Outcome o = train(out, "skip");
        Path dir = o.runDir();
        assertTrue(Files.exists(dir.resolve(RunDirectory.COMPLETE_MARKER)));
        List<String> events = Files.readAllLines(dir.resolve("events.csv")).stream()
                .filter(l -> l.contains(",non-finite,")).collect(Collectors.toList());
        // Only the poisoned steps: had the skipped step's NaN gradient stayed, step 3's and 5's would be NaN as well.
        assertEquals(2, events.size(), String.valueOf(events));
        assertTrue(events.get(0).startsWith("2,1,non-finite,") && events.get(0).contains("non-finite loss"), events.get(0));
        assertTrue(events.get(1).startsWith("4,2,non-finite,") && events.get(1).contains("non-finite gradient"), events.get(1));
        String prov = Files.readString(dir.resolve("provenance.json"));
        assertTrue(prov.contains("\"nonfinite_skipped_steps\": 2") && prov.contains("\"status\": \"complete\""), prov);
        // The parameters never saw a NaN: the validation embeddings after training are finite.
        assertTrue(Double.isFinite(o.last().negatives().mean()) && Double.isFinite(o.last().positives().mean())
                && o.last().negatives().mean() > 0, "validation d(A,N) " + o.last().negatives().mean());
        assertTrue(Files.readString(dir.resolve("config.yaml")).contains("nonfinite: skip"));
    }
}
