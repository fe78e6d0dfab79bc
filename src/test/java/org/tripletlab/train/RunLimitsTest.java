package org.tripletlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tripletlab.cli.Main;
import org.tripletlab.config.Config;
import org.tripletlab.component.ConfigException;
import org.tripletlab.config.ExperimentConfig;
import org.tripletlab.data.DataException;

/**
 * A batch larger than the training set, or a training that cannot fit in memory, is refused before anything
 * is written, with the numbers and the fix (issue 11: {@code sampler.images=500} was OOM-killed after 153 s
 * without a message).
 */
class RunLimitsTest {
    private static final long MIB = 1L << 20;

    /** 60 identities × 12 images; val_fraction 0.25 leaves 45 training identities with 540 images, as in the issue. */
    private static final String SMALL = "name: lim\ndata: {source: synthetic, image_size: 32, split: {val_fraction: 0.25}, "
            + "synthetic: {identities: 60, images_per_identity: 12}}\nsampler: {identities: 24, images: 4}\n"
            + "encoder: {width: 8, embedding: 16}\ntrain: {steps: 2, steps_per_epoch: 2, checkpoints: false, threads: 1}\n";

    private static ExperimentConfig config(String... overrides) {
        return ExperimentConfig.from(Config.parse(SMALL, "lim.yaml", List.of(overrides)));
    }

    private static RunLimits.Checked check(ExperimentConfig cfg, RunLimits.Available available) {
        RunData data = RunData.prepare(cfg, null);
        return RunLimits.check(cfg, data.dataset(), data.sampler(), data.split().trainIdentities().length, available);
    }

    @Test
    void theIssuesBatchOf12000ImagesOnA540ImageTrainingSetIsRefusedBeforeAnythingIsWritten(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        DataException e = assertThrows(DataException.class, () -> TrainingRun.run(config("sampler.images=500"),
                new TrainingRun.Options(out, null, false, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))));
        String m = e.getMessage();
        assertTrue(m.contains("sampler.identities × sampler.images = 24 × 500 = 12,000 images is larger than the training set"), m);
        assertTrue(m.contains("the 45 usable training identities hold 540 images"), m);
        assertTrue(m.contains("with P = 24, K ≤ 22") && m.contains("P × K ≤ 540"), m);
        assertFalse(Files.exists(out), "nothing written");

        // The command line: a data error, exit code 2, the message on stderr.
        Path file = Files.writeString(tmp.resolve("lim.yaml"), SMALL);
        PrintStream err = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int code;
        try {
            System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
            code = Main.execute("train", file.toString(), "--set", "sampler.images=500", "--out", out.toString());
        } finally {
            System.setErr(err);
        }
        assertEquals(2, code);
        assertTrue(buf.toString(StandardCharsets.UTF_8).contains("is larger than the training set"), buf.toString(StandardCharsets.UTF_8));
        assertFalse(Files.exists(out), "nothing written");
    }

    @Test
    void moreIdentitiesPerBatchThanTheTrainingSplitHasIsRefusedBeforeAnythingIsWritten(@TempDir Path tmp) {
        Path out = tmp.resolve("out");
        DataException e = assertThrows(DataException.class, () -> TrainingRun.run(config("sampler.identities=50", "sampler.images=2"),
                new TrainingRun.Options(out, null, false, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))));
        assertTrue(e.getMessage().contains("the training split leaves 45 usable identities")
                && e.getMessage().contains("a batch needs P=50 (sampler.identities)") && e.getMessage().contains("P ≤ 45"), e.getMessage());
        assertFalse(Files.exists(out), "nothing written");
    }

    @Test
    void aBatchThatCannotFitInTheMachinesMemoryIsRefusedWithTheEstimate() {
        // 540 images fit the training set, but not an 800 MiB machine (about 1,150 MiB).
        ExperimentConfig cfg = config("sampler.identities=45", "sampler.images=12", "encoder.width=32");
        ConfigException e = assertThrows(ConfigException.class,
                () -> check(cfg, new RunLimits.Available(800 * MIB, 8192 * MIB, 0, "a test machine")));
        String m = e.getMessage();
        assertTrue(m.startsWith("this training needs about "), m);
        assertTrue(m.contains("but the machine can give it 800 MiB (a test machine)"), m);
        for (String part : List.of("activations ", "input ", "B×B distances ", "parameters+optimizer ", "JVM+libtorch 300 MiB",
                "Java heap: dataset ", "per-step arrays ")) {
            assertTrue(m.contains(part), part + " in " + m);
        }
        assertTrue(m.contains("sampler.identities × sampler.images = 45 × 12 = 540; at most about "), m);
        assertTrue(m.contains("data.image_size (32), encoder.width (32) or eval.batch (128)"), m);

        ConfigException heap = assertThrows(ConfigException.class,
                () -> check(cfg, new RunLimits.Available(1L << 40, 2 * MIB, 0, "a test machine")));
        assertTrue(heap.getMessage().contains("of Java heap") && heap.getMessage().contains("but the JVM may use 2 MiB (-Xmx)"),
                heap.getMessage());
    }

    @Test
    void theMachinesFreeMemoryIsSharedAmongASweepsWorkersAndCappedByACgroup() {
        RunLimits.Available alone = RunLimits.Available.of(200 * MIB, 8000 * MIB, -1, 1, 4096 * MIB);
        assertEquals(8200 * MIB, alone.machineBytes());
        assertEquals("MemAvailable 8,000 MiB + this process's resident 200 MiB", alone.source());
        RunLimits.Available shared = RunLimits.Available.of(200 * MIB, 8000 * MIB, -1, 2, 4096 * MIB);
        assertEquals(4200 * MIB, shared.machineBytes());
        assertEquals("MemAvailable 8,000 MiB / 2 sweep workers + this process's resident 200 MiB", shared.source());
        RunLimits.Available capped = RunLimits.Available.of(200 * MIB, 8000 * MIB, 1000 * MIB, 1, 4096 * MIB);
        assertEquals(1200 * MIB, capped.machineBytes());
        assertTrue(capped.source().startsWith("cgroup limit: 1,000 MiB left"), capped.source());
        assertEquals(Long.MAX_VALUE, RunLimits.Available.of(-1, -1, -1, 1, 4096 * MIB).machineBytes(), "no /proc: heap check only");
    }

    @Test
    void aConfigThatFitsIsAcceptedAndItsEstimateRecorded(@TempDir Path tmp) throws Exception {
        RunLimits.Checked ok = check(config(), new RunLimits.Available(2048 * MIB, 1024 * MIB, 0, "a test machine"));
        assertTrue(ok.estimate().total() < 2048 * MIB);
        assertTrue(ok.line().startsWith("Memory: estimated peak ") && ok.line().contains("available 2,048 MiB (a test machine)"),
                ok.line());
        // The estimate grows with the batch: the largest batch that fits a machine is below the one that does not.
        ExperimentConfig big = config("sampler.identities=45", "sampler.images=12");
        RunData data = RunData.prepare(big, null);
        RunLimits.Model model = RunLimits.Model.of(big, 45);
        long at540 = RunLimits.estimate(big, data.dataset(), model, 540, 0).total();
        int fits = RunLimits.largestBatch(big, data.dataset(), model, 540, 0, at540 - 1, RunLimits.Estimate::total);
        assertTrue(fits > 0 && fits < 540, "largest batch " + fits);
        // A process that already holds more than JVM + libtorch + dataset (a heap grown by decoding) is counted as it is.
        RunLimits.Estimate grown = RunLimits.estimate(big, data.dataset(), model, 540, 4096 * MIB);
        assertEquals(at540 - RunLimits.estimate(big, data.dataset(), model, 540, 0).base() + 4096 * MIB, grown.total());
        assertTrue(grown.parts().contains("the 4,096 MiB this process holds now"), grown.parts());

        ByteArrayOutputStream console = new ByteArrayOutputStream();
        TrainingRun.Outcome o = TrainingRun.run(config(), new TrainingRun.Options(tmp, null, false,
                new PrintStream(console, true, StandardCharsets.UTF_8)));
        assertTrue(console.toString().contains("Memory: estimated peak "), console.toString());
        String prov = Files.readString(o.runDir().resolve("provenance.json"));
        assertTrue(prov.contains("\"memory_estimate_mib\"") && prov.contains("\"activations\"") && prov.contains("\"available_machine\""),
                prov);
    }
}
