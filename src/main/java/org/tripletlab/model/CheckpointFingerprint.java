package org.tripletlab.model;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.tripletlab.config.Config;
import org.tripletlab.model.encoder.EncoderBlock;
import org.tripletlab.model.encoder.EncoderSpec;
import org.tripletlab.model.encoder.Encoders;
import org.tripletlab.run.RunFiles;
import org.tripletlab.util.Hashing;
import org.tripletlab.util.Json;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * What a checkpoint is: {@code checkpoints/<name>/fingerprint.json}, written by {@link Checkpoints#save} into
 * the same temporary folder as the parameters and swapped in with them, so the two always belong together.
 *
 * <pre>
 * {
 *   "format": 1,
 *   "checkpoint": "best",                      // the folder name when saved
 *   "epoch": 3,
 *   "params_file": "encoder-0003.params",
 *   "params_bytes": 106165,                     // a shorter file is truncated
 *   "params_sha256": "…",                       // a changed file is not the one saved
 *   "architecture": {
 *     "sha256": "…",                            // of the "name shape" lines below, in order
 *     "parameters": {"01SequentialBlock_01Conv2d_weight": [8, 1, 3, 3], …}
 *   },
 *   "config": {
 *     "file": "config.yaml",
 *     "run_id": "5f228647d866",                 // provenance.json's run id when saved
 *     "sha256": "…",                            // of the yaml text below
 *     "yaml": "name: tiny\nseed: 3\n…"           // the run folder's resolved config.yaml, verbatim
 *   },
 *   "saved": "2026-12-03T02:40:00Z",
 *   "backfilled": "…"                           // only on fingerprints added later to a committed checkpoint
 * }
 * </pre>
 *
 * <p>The architecture is what was saved: the parameter names and shapes of the saved block, so for a
 * softmax run (whose checkpoint holds the encoder without its classification head) the encoder's.
 *
 * <h2>Which config keys must match</h2>
 * Every key of the resolved config must equal the recorded one, except the {@link #EVAL_ONLY} keys, which
 * only say how evaluation or execution runs, never what the encoder sees or computes: {@code train.threads}
 * (speed), {@code train.checkpoint_every} (how often a resume state is saved), {@code eval.batch} (how many images one forward pass embeds, in inference mode each image
 * independently), {@code eval.flip} (the eval command's {@code --no-flip} decides, and the eval json records
 * it), {@code eval.precision} (the arithmetic of the embedding; the weights are float32 in either precision, and a
 * bf16 eval json says so) and {@code eval.benchmarks} (which benchmarks to run). Everything else — {@code data.*} (source, image
 * size, channels, crops, augmentation), {@code encoder.*}, the seed, the loss, the optimiser, the training
 * length, {@code eval.every_epochs} (which epochs could become {@code best}) — describes the training that
 * produced the weights or the images they are applied to, so a difference means the checkpoint is evaluated
 * under a config it was not trained with, or comes from another run.
 */
public record CheckpointFingerprint(String checkpoint, int epoch, String paramsFile, long paramsBytes, String paramsSha256,
        Map<String, long[]> parameters, String architectureSha256, String configYaml, String configSha256, String runId,
        String backfilled) {

    public static final int FORMAT = 1;

    /** Keys allowed to differ between the recorded config and the run folder's config.yaml at evaluation. */
    public static final Set<String> EVAL_ONLY = Set.of("train.threads", "train.checkpoint_every", "eval.batch", "eval.flip",
            "eval.precision", "eval.benchmarks");

    /** The ordered parameter names and shapes of an (initialised or loaded) block. */
    public static Map<String, long[]> parametersOf(Block block) {
        Map<String, long[]> out = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            Parameter param = p.getValue();
            out.put(p.getKey(), param.isInitialized() ? param.getArray().getShape().getShape() : null);
        }
        return out;
    }

    /**
     * The parameter names and shapes of the encoder {@code spec} builds, as {@link Checkpoints#save} would
     * record them; built and initialised in a throw-away manager (its random weights are not used).
     */
    public static Map<String, long[]> expectedParameters(EncoderSpec spec) {
        try (NDManager manager = NDManager.newBaseManager()) {
            EncoderBlock block = Encoders.create(spec);
            block.initialize(manager, DataType.FLOAT32, spec.inputShape(1));
            return parametersOf(block);
        }
    }

    /** The SHA-256 of one "name shape" line per parameter, in order. */
    public static String architectureHash(Map<String, long[]> parameters) {
        StringBuilder sb = new StringBuilder();
        parameters.forEach((name, shape) -> sb.append(name).append(' ').append(shapeText(shape)).append('\n'));
        return Hashing.sha256(sb.toString());
    }

    /**
     * The fingerprint of a checkpoint just written: {@code block} is the saved block, {@code params} the file
     * it was saved to, {@code runDir} the run whose {@code config.yaml} (and {@code provenance.json} run id) it
     * was trained with; a run folder without config.yaml records no config.
     */
    static CheckpointFingerprint of(Block block, String checkpoint, int epoch, Path params, Path runDir) throws IOException {
        Map<String, long[]> parameters = parametersOf(block);
        Path configFile = runDir.resolve(RunFiles.CONFIG);
        String yaml = Files.isRegularFile(configFile) ? Files.readString(configFile, StandardCharsets.UTF_8) : null;
        return new CheckpointFingerprint(checkpoint, epoch, params.getFileName().toString(), Files.size(params), sha256(params),
                parameters, architectureHash(parameters), yaml, yaml == null ? null : Hashing.sha256(yaml),
                recordedRunId(runDir), null);
    }

    /** This fingerprint with a note that it was added later (see README, committed checkpoints). */
    CheckpointFingerprint backfilled(String note) {
        return new CheckpointFingerprint(checkpoint, epoch, paramsFile, paramsBytes, paramsSha256, parameters, architectureSha256,
                configYaml, configSha256, runId, note);
    }

    /** Writes the json (plainly: the caller writes it into a temporary folder that is swapped in whole). */
    void write(Path file) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("checkpoint", checkpoint);
        m.put("epoch", epoch);
        m.put("params_file", paramsFile);
        m.put("params_bytes", paramsBytes);
        m.put("params_sha256", paramsSha256);
        Map<String, Object> arch = new LinkedHashMap<>();
        arch.put("sha256", architectureSha256);
        Map<String, Object> shapes = new LinkedHashMap<>();
        parameters.forEach((name, shape) -> {
            List<Long> dims = new ArrayList<>();
            for (long d : shape == null ? new long[0] : shape) {
                dims.add(d);
            }
            shapes.put(name, dims);
        });
        arch.put("parameters", shapes);
        m.put("architecture", arch);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("file", RunFiles.CONFIG);
        config.put("run_id", runId);
        config.put("sha256", configSha256);
        config.put("yaml", configYaml);
        m.put("config", config);
        m.put("saved", Instant.now().toString());
        if (backfilled != null) {
            m.put("backfilled", backfilled);
        }
        Files.writeString(file, Json.write(m), StandardCharsets.UTF_8);
    }

    /**
     * Reads a fingerprint.json.
     *
     * @throws CheckpointException naming the file when it is not a fingerprint this version can read
     */
    public static CheckpointFingerprint read(Path file) {
        try {
            Object o = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file, StandardCharsets.UTF_8));
            if (!(o instanceof Map<?, ?> m)) {
                throw new IllegalArgumentException("not a JSON object");
            }
            Object format = m.get("format");
            if (!(format instanceof Number n) || n.intValue() != FORMAT) {
                throw new IllegalArgumentException("format " + format + ", this version reads format " + FORMAT);
            }
            Map<?, ?> arch = (Map<?, ?>) m.get("architecture");
            Map<String, long[]> parameters = new LinkedHashMap<>();
            ((Map<?, ?>) arch.get("parameters")).forEach((k, v) -> {
                List<?> dims = (List<?>) v;
                long[] shape = new long[dims.size()];
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = ((Number) dims.get(i)).longValue();
                }
                parameters.put(String.valueOf(k), shape);
            });
            Map<?, ?> config = (Map<?, ?>) m.get("config");
            return new CheckpointFingerprint((String) m.get("checkpoint"), ((Number) m.get("epoch")).intValue(),
                    (String) m.get("params_file"), ((Number) m.get("params_bytes")).longValue(), (String) m.get("params_sha256"),
                    parameters, (String) arch.get("sha256"), (String) config.get("yaml"), (String) config.get("sha256"),
                    (String) config.get("run_id"), (String) m.get("backfilled"));
        } catch (IOException e) {
            throw new CheckpointException(file + ": cannot read the checkpoint's fingerprint (" + e.getMessage() + ")", e);
        } catch (RuntimeException e) {
            throw new CheckpointException(file + ": not a readable checkpoint fingerprint (" + Checkpoints.rootMessage(e)
                    + "); it is written with the checkpoint, so the checkpoint folder was changed by hand — "
                    + "restore it or train the run again", e);
        }
    }

    /**
     * The keys whose recorded value differs from {@code now}'s, except {@link #EVAL_ONLY} keys, each as
     * {@code "key: trained with X, config.yaml now says Y"}; empty when the configs match. Both configs are
     * resolved by the current schema, so a key added since the checkpoint was saved compares at its default.
     */
    public static List<String> configDifferences(Config recorded, Config now) {
        Set<String> keys = new LinkedHashSet<>(recorded.asMap().keySet());
        keys.addAll(now.asMap().keySet());
        List<String> out = new ArrayList<>();
        for (String key : keys) {
            if (EVAL_ONLY.contains(key)) {
                continue;
            }
            Object a = recorded.asMap().get(key);
            Object b = now.asMap().get(key);
            if (!Objects.equals(a, b)) {
                out.add(key + ": trained with " + a + ", config.yaml now says " + b);
            }
        }
        return out;
    }

    /**
     * The differences between the recorded and the expected parameter names and shapes, one line each;
     * empty when they match exactly (same names, same order, same shapes).
     */
    public static List<String> parameterDifferences(Map<String, long[]> recorded, Map<String, long[]> expected) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, long[]> e : expected.entrySet()) {
            if (!recorded.containsKey(e.getKey())) {
                out.add(e.getKey() + ": missing from the checkpoint, config.yaml's encoder has shape " + shapeText(e.getValue()));
            } else if (!java.util.Arrays.equals(recorded.get(e.getKey()), e.getValue())) {
                out.add(e.getKey() + ": shape " + shapeText(recorded.get(e.getKey())) + " in the checkpoint, "
                        + shapeText(e.getValue()) + " in config.yaml's encoder");
            }
        }
        for (String name : recorded.keySet()) {
            if (!expected.containsKey(name)) {
                out.add(name + ": in the checkpoint, not in config.yaml's encoder");
            }
        }
        if (out.isEmpty() && !new ArrayList<>(recorded.keySet()).equals(new ArrayList<>(expected.keySet()))) {
            out.add("same parameters in another order (DJL loads parameters by position)");
        }
        return out;
    }

    static String shapeText(long[] shape) {
        return shape == null ? "(uninitialised)" : new Shape(shape).toString();
    }

    /** SHA-256 of a file's bytes, as lowercase hex. */
    public static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            byte[] buf = new byte[1 << 16];
            while (in.read(buf) >= 0) {
                // the digest sees every byte read
            }
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The {@code run_id} a run folder's provenance.json recorded, or null (no file, not readable, no id). */
    static String recordedRunId(Path runDir) {
        Path prov = runDir.resolve(RunFiles.PROVENANCE);
        if (!Files.isRegularFile(prov)) {
            return null;
        }
        try {
            Object o = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(prov, StandardCharsets.UTF_8));
            return o instanceof Map<?, ?> m && m.get("run_id") != null ? String.valueOf(m.get("run_id")) : null;
        } catch (IOException | RuntimeException e) {
            // provenance.json is being rewritten or damaged: the fingerprint's config is what matters
            return null;
        }
    }

    /** A readable form of a config read for comparison; wraps unreadable yaml in an error naming where it came from. */
    static Config parseRecorded(String yaml, Path fingerprintFile) {
        try {
            return Config.parse(yaml, fingerprintFile + " (recorded config)", List.of());
        } catch (RuntimeException e) {
            throw new CheckpointException(fingerprintFile + ": the config recorded with the checkpoint no longer parses ("
                    + e.getMessage() + "); evaluate it with the tripletlab version that trained it", e);
        }
    }
}
