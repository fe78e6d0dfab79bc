package org.tripletlab.model;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Encoder checkpoints of a run: {@code <run>/checkpoints/<name>/encoder-NNNN.params} (DJL's
 * parameter format, NNNN = epoch), with {@code name} {@code last} or {@code best}. Saving writes a
 * fresh temporary folder and swaps it in, so a crash never leaves half a checkpoint.
 */
public final class Checkpoints {
    public static final String LAST = "last";
    public static final String BEST = "best";
    private static final String PREFIX = "encoder";

    private Checkpoints() {
    }

    public static Path dir(Path runDir, String name) {
        return runDir.resolve("checkpoints").resolve(name);
    }

    public static void save(Model model, Path runDir, String name, int epoch) {
        Path parent = runDir.resolve("checkpoints");
        Path dir = dir(runDir, name);
        try {
            Files.createDirectories(parent);
            model.setProperty("Epoch", String.valueOf(epoch));
            Path tmp = Files.createTempDirectory(parent, "." + name);
            model.save(tmp, PREFIX);
            deleteTree(dir);
            Files.move(tmp, dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save checkpoint " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Loads a checkpoint into a new model around a freshly built encoder of the given spec.
     *
     * @throws IllegalArgumentException naming the folder when the checkpoint is missing or unreadable
     */
    public static Model load(Path runDir, String name, EncoderSpec spec) {
        Path dir = dir(runDir, name);
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + ": no checkpoint here; train the run with train.checkpoints: true "
                    + "(checkpoints are written at every validation)");
        }
        Model model = Model.newInstance(PREFIX);
        try {
            model.setBlock(Encoders.create(spec));
            model.load(dir, PREFIX);
            return model;
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw new IllegalArgumentException(dir + ": cannot load the encoder checkpoint (" + e.getMessage()
                    + "); it must come from a run of the same config", e);
        }
    }

    /** An {@link Embedder} running a loaded model in inference mode. */
    public static Embedder embedder(Model model) {
        ParameterStore ps = new ParameterStore(model.getNDManager(), false);
        return new Embedder((NDList in) -> model.getBlock().forward(ps, in, false), model.getNDManager());
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
