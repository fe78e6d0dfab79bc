package org.tripletlab.train;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.tripletlab.component.ConfigException;
import org.tripletlab.config.Config;
import org.tripletlab.config.ExperimentConfig;
import org.tripletlab.model.CheckpointFingerprint;
import org.tripletlab.model.Checkpoints;
import org.tripletlab.model.encoder.DlibResNetEncoder;
import org.tripletlab.model.encoder.EncoderBlock;
import org.tripletlab.model.encoder.EncoderSpec;
import org.tripletlab.model.encoder.Encoders;
import org.tripletlab.model.encoder.TfjsWeights;
import org.tripletlab.run.RunFiles;
import org.tripletlab.util.BadFileException;

/**
 * {@code encoder.init}: the weights a training starts from instead of the random initialisation — fine-tuning.
 *
 * <p>The key names one of
 * <ul>
 *   <li>a TF.js weights manifest ({@code *.json}, e.g. {@code models/dlib-resnet/face_recognition_model-weights_manifest.json}),
 *       for the encoder that reads TF.js weights ({@code dlib-resnet}, whose loader maps and dequantises them);</li>
 *   <li>a tripletlab run folder (its {@code best} checkpoint, the one its evaluation reports), or one of its checkpoint
 *       folders {@code <run>/checkpoints/best} or {@code /last}; any architecture.</li>
 * </ul>
 * The file is read and checked when training starts, before any image is decoded: every parameter θ_i of the encoder
 * the config describes must get a value of its shape from the file, and no value may be left over; anything else is
 * an error naming {@code encoder.init}, the file and the first differences. Once the parameters are initialised as
 * usual, each is overwritten: θ_i ← θ_i^init for all i (batch-norm running statistics included, for encoders that
 * have them; dlib-resnet's per-channel affine layers have none and act the same in training and inference). A resumed
 * run restores its own weights instead.
 *
 * <p>The run id hashes the resolved config, so it includes the path, not the contents; {@code provenance.json}
 * records the contents under {@code encoder.init}: the path, the kind, and the SHA-256 of every file read (the
 * manifest and its weight files, or the checkpoint's params file, with the source run's id and the checkpoint's
 * name).
 */
final class InitialWeights {
    /** The key. */
    static final String KEY = "encoder.init";

    private final Map<String, Object> record;
    private final Map<String, float[]> values;
    private final Map<String, long[]> shapes;

    private InitialWeights(Map<String, Object> record, Map<String, float[]> values, Map<String, long[]> shapes) {
        this.record = record;
        this.values = values;
        this.shapes = shapes;
    }

    /**
     * The initial weights {@code cfg} names, read and checked against its encoder, or null when {@code encoder.init}
     * is unset.
     *
     * @throws IllegalArgumentException when the file is missing, of an unknown kind, unreadable, or does not fit the
     *     config's encoder (the message names {@code encoder.init}, the file and what to do)
     */
    static InitialWeights of(ExperimentConfig cfg) {
        Object init = cfg.raw().get(KEY);
        if (init == null) {
            return null;
        }
        Path file = Path.of(String.valueOf(init));
        EncoderSpec spec = new EncoderSpec(cfg.encoder().architecture(), cfg.encoder().embedding(), cfg.encoder().width(),
                cfg.data().channels(), cfg.data().imageSize());
        if (!Files.exists(file)) {
            throw new IllegalArgumentException(KEY + ": " + file + " does not exist (relative paths are read from "
                    + Path.of("").toAbsolutePath() + "); " + KINDS + (file.toString().contains("models/")
                    ? "; fetch the pretrained weights with scripts/fetch-pretrained.sh" : ""));
        }
        InitialWeights w;
        try {
            w = Files.isDirectory(file) ? fromCheckpoint(file, spec) : fromTfjs(file, spec, cfg.raw());
        } catch (IllegalArgumentException e) {
            throw e.getMessage() != null && e.getMessage().startsWith(KEY + ": ") ? e
                    : new IllegalArgumentException(KEY + ": " + file + ": " + e.getMessage(), e);
        } catch (BadFileException | ConfigException e) {
            throw new IllegalArgumentException(KEY + ": " + file + ": " + e.getMessage(), e);
        }
        List<String> differences = CheckpointFingerprint.parameterDifferences(w.shapes, CheckpointFingerprint.expectedParameters(spec));
        if (!differences.isEmpty()) {
            throw new IllegalArgumentException(KEY + ": " + file + " does not fit the encoder this config describes ("
                    + spec.architecture() + ", width " + spec.width() + ", embedding " + spec.embeddingDim() + ", " + spec.channels()
                    + " channels):\n  " + String.join("\n  ", differences.subList(0, Math.min(4, differences.size())))
                    + (differences.size() > 4 ? "\n  … and " + (differences.size() - 4) + " more" : "")
                    + "\nSet encoder.architecture, encoder.width, encoder.embedding and data.channels to those of the weights.");
        }
        return w;
    }

    private static final String KINDS = "encoder.init takes a TF.js weights manifest (*.json, for dlib-resnet) or a tripletlab "
            + "run folder (its best checkpoint) or <run>/checkpoints/best|last";

    /** A TF.js manifest, through the architecture's own loader (dlib-resnet's, with {@code encoder.weights} set to it). */
    private static InitialWeights fromTfjs(Path manifest, EncoderSpec spec, Config config) {
        if (!manifest.getFileName().toString().endsWith(".json")) {
            throw new IllegalArgumentException(KEY + ": " + manifest + " is neither a folder nor a .json manifest; " + KINDS);
        }
        if (!spec.architecture().equals(DlibResNetEncoder.NAME)) {
            throw new IllegalArgumentException(KEY + ": " + manifest + " is a TF.js manifest, which only " + DlibResNetEncoder.NAME
                    + " reads (encoder.architecture is " + spec.architecture() + "); give a tripletlab run folder instead");
        }
        TfjsWeights read = TfjsWeights.read(manifest);
        Map<String, String> sha = new LinkedHashMap<>();
        for (Path f : Stream.concat(Stream.of(manifest), read.files().stream()).toList()) {
            sha.put(f.getFileName().toString(), sha256(f));
        }
        EncoderBlock block;
        try {
            block = Encoders.create(spec, config.with(List.of(DlibResNetEncoder.WEIGHTS.path() + "=" + manifest)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(KEY + ": " + manifest + ": " + e.getMessage(), e);
        }
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("file", manifest.toString());
        record.put("kind", "tfjs-manifest");
        record.put("sha256", sha);
        try (NDManager m = NDManager.newBaseManager()) {
            block.initialize(m, DataType.FLOAT32, spec.inputShape(1));
            return copyOf(block, record);
        }
    }

    /** A run folder's best checkpoint, or a checkpoint folder {@code <run>/checkpoints/<name>}, loaded and checked. */
    private static InitialWeights fromCheckpoint(Path dir, EncoderSpec spec) {
        Path runDir;
        String name;
        if (Files.isRegularFile(dir.resolve(RunFiles.CONFIG))) {
            runDir = dir;
            name = Checkpoints.BEST;
        } else if (Checkpoints.NAMES.contains(dir.getFileName().toString()) && dir.getParent() != null
                && dir.getParent().getFileName().toString().equals(RunFiles.CHECKPOINTS)) {
            runDir = dir.getParent().getParent();
            name = dir.getFileName().toString();
        } else {
            throw new IllegalArgumentException(KEY + ": " + dir + " is neither a run folder (no " + RunFiles.CONFIG
                    + ") nor a checkpoint folder <run>/checkpoints/best|last; " + KINDS);
        }
        ExperimentConfig source = ExperimentConfig.from(Config.ofRun(runDir));
        EncoderSpec sourceSpec = new EncoderSpec(source.encoder().architecture(), source.encoder().embedding(),
                source.encoder().width(), source.data().channels(), source.data().imageSize());
        if (!sourceSpec.architecture().equals(spec.architecture())) {
            throw new IllegalArgumentException(KEY + ": " + runDir + " trained encoder.architecture " + sourceSpec.architecture()
                    + ", this config " + spec.architecture() + "; set the same architecture (and width, embedding, channels)");
        }
        try (Model model = Checkpoints.load(runDir, name, sourceSpec)) {
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("file", dir.toString());
            record.put("kind", "checkpoint");
            record.put("run", runDir.getFileName().toString());
            record.put("checkpoint", name);
            record.put("sha256", Map.of("params", String.valueOf(model.getProperty(Checkpoints.SHA256_PROPERTY))));
            return copyOf(model.getBlock(), record);
        }
    }

    /** Every parameter's values and shape, by the name the block gives it. */
    private static InitialWeights copyOf(Block block, Map<String, Object> record) {
        Map<String, float[]> values = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            values.put(p.getKey(), p.getValue().getArray().toType(DataType.FLOAT32, false).toFloatArray());
        }
        return new InitialWeights(record, values, CheckpointFingerprint.parametersOf(block));
    }

    /**
     * θ_i ← θ_i^init for every parameter of {@code encoder}, which must be initialised (the shapes were checked
     * against the config's encoder when the weights were read).
     */
    void copyInto(Block encoder) {
        for (Pair<String, Parameter> p : encoder.getParameters()) {
            float[] v = values.get(p.getKey());
            if (v == null || v.length != p.getValue().getArray().size()) {
                // of() compared the names and shapes with the config's encoder: only a different block gets here
                throw new IllegalStateException(KEY + ": parameter " + p.getKey() + " of the encoder has no value of its size");
            }
            p.getValue().getArray().set(FloatBuffer.wrap(v));
        }
    }

    /** What provenance.json records under {@code encoder.init}: the file, its kind and the SHA-256 of what was read. */
    Map<String, Object> record() {
        return record;
    }

    /** One line for the console. */
    String describe() {
        return record.get("file") + " (" + record.get("kind") + ", " + shapes.size() + " parameter arrays"
                + (record.containsKey("run") ? ", run " + record.get("run") + " checkpoint " + record.get("checkpoint") : "")
                + ")";
    }

    private static String sha256(Path f) {
        try {
            return CheckpointFingerprint.sha256(f);
        } catch (IOException e) {
            throw new UncheckedIOException(KEY + ": cannot read " + f + ": " + e.getMessage(), e);
        }
    }
}
