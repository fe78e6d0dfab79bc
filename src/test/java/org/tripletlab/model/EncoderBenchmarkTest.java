package org.tripletlab.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tripletlab.model.encoder.EncoderSpec;
import org.tripletlab.model.encoder.Precision;

/**
 * The bench's per-phase step times and its profiler trace (issue 14's tools for finding where a training step's
 * time goes). Not a timed test: it checks what was recorded, never how fast.
 */
class EncoderBenchmarkTest {
    /** small-conv at width 16 on 32×32: 4 convolutions, 4 batch norms, 3 max pools per forward. */
    private static final EncoderSpec SPEC = new EncoderSpec("small-conv", 16, 16, 1, 32);

    @Test
    void phasesAreEachStepsOwnPartsAndGoIntoTheJson() {
        EncoderBenchmark.Result r = EncoderBenchmark.run(SPEC, 8, 2, 1, 3, EncoderBenchmark.Options.BEST);
        EncoderBenchmark.TrainPhases p = r.phases();
        double[] phases = {p.batch(), p.forward(), p.backward(), p.optimizer(), p.free()};
        // every phase's median is at most the slowest step, which is at most 3 × the mean step (3 steps)
        double meanStepMs = 1000 * r.batch() / r.trainImgPerSec();
        for (double ms : phases) {
            assertTrue(ms >= 0 && ms <= 3 * meanStepMs, ms + " ms against a mean step of " + meanStepMs + " ms");
        }
        // the forward and backward passes do the work: each takes longer than building the batch from 8 tiny images
        assertTrue(p.forward() > p.batch() && p.backward() > p.batch(), p.toString());
        String json = r.toJson();
        for (String name : new String[] {"batch", "forward", "backward", "optimizer", "free"}) {
            assertTrue(json.matches(".*\"train_phase_ms\":\\{.*\"" + name + "\":[0-9.]+.*"), name + " missing: " + json);
        }
    }

    @Test
    void profileTraceHoldsEveryConvolutionOfTheProfiledStepsInBf16(@TempDir Path dir) throws Exception {
        Path trace = dir.resolve("trace.json");
        int steps = 2;
        EncoderBenchmark.profileTraining(SPEC, 8, 2, 1, steps,
                EncoderBenchmark.Options.BEST.withPrecision(Precision.BF16), trace);
        String text = Files.readString(trace);
        // the warm-up step is not in the trace: exactly 4 forward and 4 backward convolutions per profiled step
        assertEquals(4 * steps, count(text, "\"name\": \"aten::mkldnn_convolution\""), "forward convolutions");
        assertEquals(4 * steps, count(text, "\"name\": \"aten::convolution_backward\""), "backward convolutions");
        assertEquals(4 * steps, count(text, "\"name\": \"aten::native_batch_norm_backward\""), "batch norm backward");
    }

    private static int count(String text, String what) {
        Matcher m = Pattern.compile(Pattern.quote(what)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
