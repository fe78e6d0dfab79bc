package org.tripletlab.model;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.tripletlab.config.Config;
import org.tripletlab.model.encoder.EncoderSpec;
import org.tripletlab.model.encoder.Encoders;
import org.tripletlab.model.encoder.EncoderBlock;
import org.tripletlab.model.encoder.Precision;
import org.tripletlab.run.RunDirectory;
import org.tripletlab.run.RunFiles;
import org.tripletlab.util.Hashing;

/**
 * Encoder checkpoints of a run: {@code <run>/checkpoints/<name>/encoder-NNNN.params} (DJL's parameter
 * format, NNNN = epoch) and {@code fingerprint.json} ({@link CheckpointFingerprint}: the saved parameter
 * names and shapes, the params file's size and hash, and the resolved config the run was trained with), with
 * {@code name} {@code last} or {@code best}.
 *
 * <p>Saving writes both files into a fresh temporary folder and swaps it in, so a crash or a full disk never
 * leaves half a checkpoint: on any failure the temporary folder is deleted, the previous checkpoint of that
 * name stays as it was, and the error names the checkpoint being written and the cause.
 *
 * <p>Loading checks the checkpoint before anything else reads data, and refuses it with a
 * {@link CheckpointException} naming the file at fault when it is missing, damaged (not a DJL parameter file,
 * truncated, changed since saved), or would be evaluated with another config than it was trained with: the
 * encoder built from the run folder's {@code config.yaml} now must have exactly the saved parameter names and
 * shapes, and that config must equal the recorded one except for the
 * {@linkplain CheckpointFingerprint#EVAL_ONLY eval-only keys}. A checkpoint saved before fingerprints existed
 * is loaded when its parameters fit the config's encoder and {@code config.yaml} still hashes to the run id
 * {@code provenance.json} recorded (the model's {@value #CHECK_PROPERTY} property says so, in one line).
 */
public final class Checkpoints {
    public static final String LAST = "last";
    public static final String BEST = "best";
    /** The checkpoint names training writes. */
    public static final List<String> NAMES = List.of(BEST, LAST);
    public static final String FINGERPRINT = "fingerprint.json";
    /** Model property a loaded checkpoint carries: one line saying what was checked. */
    public static final String CHECK_PROPERTY = "CheckpointCheck";
    /** Model property a loaded checkpoint carries: the SHA-256 of its params file, so results can name the exact weights. */
    public static final String SHA256_PROPERTY = "ParamsSha256";
    private static final String PREFIX = "encoder";
    /** Parameter differences listed in an error before "… and N more". */
    private static final int SHOWN_DIFFERENCES = 4;
    private static final Pattern PARAMS = Pattern.compile(PREFIX + "-(\\d+)\\.params");
    private static final byte[] DJL_MAGIC = "DJL@".getBytes(StandardCharsets.US_ASCII);

    /** Called between writing a checkpoint's files and swapping them in; tests make it fail like a full disk. */
    interface SaveHook {
        void beforeSwap(Path tmpDir) throws IOException;
    }

    static volatile SaveHook saveHook;

    private Checkpoints() {
    }

    public static Path dir(Path runDir, String name) {
        return runDir.resolve(RunFiles.CHECKPOINTS).resolve(name);
    }

    /**
     * Saves {@code model} (its block: for a softmax run the encoder alone) as checkpoint {@code name} of
     * {@code runDir}, with the fingerprint of what is saved and of the run folder's config.yaml.
     *
     * @throws UncheckedIOException naming the checkpoint file being written and the cause (e.g. "No space
     *     left on device"); the temporary folder is gone and the previous checkpoint {@code name} intact
     */
    public static void save(Model model, Path runDir, String name, int epoch) {
        Path parent = runDir.resolve(RunFiles.CHECKPOINTS);
        Path dir = dir(runDir, name);
        String paramsName = paramsFileName(epoch);
        Path tmp = null;
        Path previous = null;
        try {
            Files.createDirectories(parent);
            model.setProperty("Epoch", String.valueOf(epoch));
            tmp = Files.createTempDirectory(parent, "." + name + "-");
            model.save(tmp, PREFIX);
            CheckpointFingerprint.of(model.getBlock(), name, epoch, tmp.resolve(paramsName), runDir).write(tmp.resolve(FINGERPRINT));
            SaveHook hook = saveHook;
            if (hook != null) {
                hook.beforeSwap(tmp);
            }
            // Set the old checkpoint aside instead of deleting it first: until the new one is in place, one of the two exists.
            if (Files.exists(dir)) {
                previous = parent.resolve("." + name + "-previous-" + Long.toHexString(System.nanoTime()));
                Files.move(dir, previous);
            }
            Files.move(tmp, dir);
            tmp = null;
        } catch (IOException | RuntimeException e) {
            String cleanup = undoSave(tmp, previous, dir, e);
            IOException cause = e instanceof IOException io ? io : new IOException(rootMessage(e), e);
            throw new UncheckedIOException("cannot save checkpoint " + dir.resolve(paramsName) + " (epoch " + epoch + "): "
                    + rootMessage(e) + cleanup, cause);
        } catch (Error e) {
            undoSave(tmp, previous, dir, e);
            throw e;
        }
        if (previous != null) {
            try {
                deleteTree(previous);
            } catch (IOException e) {
                // The new checkpoint is in place; a leftover hidden folder (git-ignored) is not worth failing the run for.
            }
        }
    }

    /**
     * Loads a checkpoint into a new model around a freshly built encoder of the given spec, after checking
     * it (see the class comment). The model's {@value #CHECK_PROPERTY} property says what was checked, its
     * {@value #SHA256_PROPERTY} property the params file's SHA-256.
     *
     * @throws CheckpointException naming the folder or file, what is wrong and the fix, when the checkpoint is
     *     missing, damaged, or from another config than the run folder's config.yaml
     */
    public static Model load(Path runDir, String name, EncoderSpec spec) {
        Path dir = dir(runDir, name);
        if (!Files.isDirectory(dir)) {
            throw new CheckpointException(missing(runDir, name));
        }
        Path fingerprintFile = dir.resolve(FINGERPRINT);
        CheckpointFingerprint fp = Files.isRegularFile(fingerprintFile) ? CheckpointFingerprint.read(fingerprintFile) : null;
        Path params = paramsFile(dir, fp);
        checkParamsFile(params, fp, fingerprintFile);
        Map<String, long[]> expected = CheckpointFingerprint.expectedParameters(spec);
        String note = fp != null ? checkFingerprint(runDir, params, fp, fingerprintFile, expected)
                : checkLegacyConfig(runDir, params);
        Model model = Model.newInstance(PREFIX);
        try {
            model.setBlock(Encoders.create(spec));
            model.load(dir, PREFIX, Map.of("epoch", String.valueOf(epochOf(params))));
            List<String> differences = CheckpointFingerprint.parameterDifferences(CheckpointFingerprint.parametersOf(model.getBlock()),
                    expected);
            if (!differences.isEmpty()) {
                throw new CheckpointException(params + " does not fit the encoder " + runDir.resolve(RunFiles.CONFIG)
                        + " describes:\n  " + String.join("\n  ", differences.subList(0, Math.min(differences.size(), SHOWN_DIFFERENCES)))
                        + (differences.size() > SHOWN_DIFFERENCES ? "\n  … and " + (differences.size() - SHOWN_DIFFERENCES) + " more" : "")
                        + "\nNothing was evaluated. Evaluate the run that produced this checkpoint, or restore its config.yaml.");
            }
            model.setProperty(CHECK_PROPERTY, note);
            model.setProperty(SHA256_PROPERTY, fp != null ? fp.paramsSha256() : CheckpointFingerprint.sha256(params));
            return model;
        } catch (CheckpointException e) {
            model.close();
            throw e;
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw new CheckpointException(params + ": " + loadProblem(params, e) + "; nothing was evaluated. "
                    + "Train the run again (or restore the checkpoint folder) to get a usable checkpoint.", e);
        }
    }

    /**
     * Checks a checkpoint as {@link #load} does, without keeping it: callers that decode data first use it so a
     * bad checkpoint is reported before any image is read.
     *
     * @return the one-line note of what was checked
     */
    public static String verify(Path runDir, String name, EncoderSpec spec) {
        try (Model model = load(runDir, name, spec)) {
            return String.valueOf(model.getProperty(CHECK_PROPERTY));
        }
    }

    /**
     * The checkpoints {@code runDir} holds, e.g. {@code "best (epoch 3), last (epoch 3)"}, or the empty string
     * when it has none. Only {@link #NAMES} are listed.
     */
    public static String available(Path runDir) {
        List<String> out = new ArrayList<>();
        for (String name : NAMES) {
            Path dir = dir(runDir, name);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            Path params;
            try {
                params = paramsFile(dir, null);
            } catch (CheckpointException e) {
                out.add(name + " (no .params file)");
                continue;
            }
            out.add(name + " (epoch " + epochOf(params) + ")");
        }
        return String.join(", ", out);
    }

    /** The message for a checkpoint {@code name} that {@code runDir} does not have: what it has instead, or how to get one. */
    public static String missing(Path runDir, String name) {
        String have = available(runDir);
        String names = "checkpoint names are " + BEST + " and " + LAST + " (--checkpoint " + BEST + "|" + LAST + ")";
        if (!have.isEmpty()) {
            return dir(runDir, name) + ": no such checkpoint; this run has " + have + "; " + names + ".";
        }
        return dir(runDir, name) + ": this run has no checkpoint; train the run with train.checkpoints: true, which writes them "
                + "at every validation (" + names.replace(" (--checkpoint " + BEST + "|" + LAST + ")", "") + "; they are git-ignored, "
                + "so a results/ run from git has only the best checkpoints committed on purpose).";
    }

    /**
     * Writes {@code fingerprint.json} for a checkpoint saved before fingerprints existed, after the checks
     * {@link #load} makes of such a checkpoint passed (parameters fit config.yaml's encoder, config.yaml hashes
     * to the recorded run id): the recorded config is config.yaml as it is now, so only use it when the config
     * is known to be the trained one (e.g. unchanged in git since the checkpoint was committed).
     *
     * @return the fingerprint file written
     */
    public static Path backfillFingerprint(Path runDir, String name, EncoderSpec spec, String note) {
        Path dir = dir(runDir, name);
        Path file = dir.resolve(FINGERPRINT);
        if (Files.exists(file)) {
            throw new IllegalStateException(file + " exists already");
        }
        try (Model model = load(runDir, name, spec)) {
            Path params = paramsFile(dir, null);
            CheckpointFingerprint fp = CheckpointFingerprint.of(model.getBlock(), name, epochOf(params), params, runDir).backfilled(note);
            Path tmp = Files.createTempFile(dir, "." + FINGERPRINT, ".tmp");
            fp.write(tmp);
            Files.move(tmp, file);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** An {@link Embedder} running a loaded model in inference mode, in float32. */
    public static Embedder embedder(Model model) {
        return embedder(model, Precision.FP32);
    }

    /** An {@link Embedder} running a loaded model in inference mode, its convolutions in {@code precision}. */
    public static Embedder embedder(Model model, Precision precision) {
        ((EncoderBlock) model.getBlock()).setPrecision(precision);
        ParameterStore ps = new ParameterStore(model.getNDManager(), false);
        return new Embedder((NDList in) -> model.getBlock().forward(ps, in, false), model.getNDManager());
    }

    static String paramsFileName(int epoch) {
        return String.format(Locale.ROOT, "%s-%04d.params", PREFIX, epoch);
    }

    /** The checkpoint's params file: the one the fingerprint names, else the highest epoch's (as DJL picks). */
    private static Path paramsFile(Path dir, CheckpointFingerprint fp) {
        if (fp != null) {
            Path p = dir.resolve(fp.paramsFile());
            if (!Files.isRegularFile(p)) {
                throw new CheckpointException(p + ": missing, though " + dir.resolve(FINGERPRINT) + " records it; the checkpoint "
                        + "folder was changed by hand — restore it or train the run again.");
            }
            return p;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> PARAMS.matcher(p.getFileName().toString()).matches() && Files.isRegularFile(p))
                    .max(Comparator.comparingInt(Checkpoints::epochOf))
                    .orElseThrow(() -> new CheckpointException(dir + ": no " + PREFIX + "-NNNN.params file in this checkpoint folder; "
                            + "train the run again (or restore the folder)."));
        } catch (IOException e) {
            throw new CheckpointException(dir + ": cannot list the checkpoint folder (" + e.getMessage() + ")", e);
        }
    }

    private static int epochOf(Path params) {
        Matcher m = PARAMS.matcher(params.getFileName().toString());
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** Size, hash and DJL header of the params file, before DJL reads it (DJL ignores a file without its header). */
    private static void checkParamsFile(Path params, CheckpointFingerprint fp, Path fingerprintFile) {
        long size;
        byte[] head = new byte[DJL_MAGIC.length];
        int read;
        try {
            size = Files.size(params);
            try (InputStream in = Files.newInputStream(params)) {
                read = in.readNBytes(head, 0, head.length);
            }
        } catch (IOException e) {
            throw new CheckpointException(params + ": cannot read the checkpoint (" + e.getMessage() + ")", e);
        }
        if (read < head.length || !java.util.Arrays.equals(head, DJL_MAGIC)) {
            throw new CheckpointException(params + ": not a DJL parameter file (" + size + " bytes, starting with "
                    + (read == 0 ? "nothing" : "0x" + HexFormat.of().formatHex(head, 0, read)) + " instead of \"DJL@\")"
                    + (fp == null ? "" : "; " + fingerprintFile.getFileName() + " records a DJL file of " + fp.paramsBytes() + " bytes")
                    + "; nothing was evaluated. Restore the checkpoint or train the run again.");
        }
        if (fp == null) {
            return;
        }
        if (size < fp.paramsBytes()) {
            throw new CheckpointException(params + ": truncated: " + size + " bytes, expected " + fp.paramsBytes()
                    + " (recorded in " + fingerprintFile + "); nothing was evaluated. Restore the checkpoint or train the run again.");
        }
        String sha;
        try {
            sha = CheckpointFingerprint.sha256(params);
        } catch (IOException e) {
            throw new CheckpointException(params + ": cannot read the checkpoint (" + e.getMessage() + ")", e);
        }
        if (size != fp.paramsBytes() || !sha.equals(fp.paramsSha256())) {
            throw new CheckpointException(params + ": not the file saved with this checkpoint: " + size + " bytes, sha256 "
                    + sha.substring(0, 12) + "…, but " + fingerprintFile + " records " + fp.paramsBytes() + " bytes, sha256 "
                    + fp.paramsSha256().substring(0, 12) + "…; it was replaced or changed after saving. Nothing was evaluated; "
                    + "restore the checkpoint folder as saved (params and fingerprint.json together) or train the run again.");
        }
    }

    /** Recorded config vs config.yaml now, recorded vs expected parameters; returns the one-line note. */
    private static String checkFingerprint(Path runDir, Path params, CheckpointFingerprint fp, Path fingerprintFile,
            Map<String, long[]> expected) {
        Path configFile = runDir.resolve(RunFiles.CONFIG);
        List<String> configDiffs = List.of();
        if (fp.configYaml() != null) {
            Config recorded = CheckpointFingerprint.parseRecorded(fp.configYaml(), fingerprintFile);
            Config now = Config.load(configFile, List.of());
            configDiffs = CheckpointFingerprint.configDifferences(recorded, now);
        }
        List<String> archDiffs = CheckpointFingerprint.parameterDifferences(fp.parameters(), expected);
        if (!configDiffs.isEmpty() || !archDiffs.isEmpty()) {
            StringBuilder sb = new StringBuilder(params + " was trained with another config than " + configFile + " now holds "
                    + "(the training config and the parameter shapes are recorded in " + fingerprintFile + "):");
            for (String d : configDiffs) {
                sb.append("\n  ").append(d);
            }
            if (!archDiffs.isEmpty()) {
                sb.append("\n  the encoder config.yaml describes has other parameters than the checkpoint:");
                // The first few say what differs; all of them would bury the fix under one line per layer.
                for (String d : archDiffs.subList(0, Math.min(archDiffs.size(), SHOWN_DIFFERENCES))) {
                    sb.append("\n    ").append(d);
                }
                if (archDiffs.size() > SHOWN_DIFFERENCES) {
                    sb.append("\n    … and ").append(archDiffs.size() - SHOWN_DIFFERENCES).append(" more");
                }
            }
            sb.append("\nNothing was evaluated or written. Restore ").append(configFile)
                    .append(" to the config the checkpoint was trained with (the \"yaml\" in fingerprint.json")
                    .append(fp.runId() == null ? "" : ", run id " + fp.runId())
                    .append("), or evaluate the run folder that produced this checkpoint. Keys allowed to differ: ")
                    .append(String.join(", ", CheckpointFingerprint.EVAL_ONLY.stream().sorted().toList())).append('.');
            throw new CheckpointException(sb.toString());
        }
        return "checkpoint " + fp.checkpoint() + " (epoch " + fp.epoch() + "): fingerprint checked — " + expected.size()
                + " parameters as saved (architecture " + fp.architectureSha256().substring(0, 12) + "…)"
                + (fp.configYaml() == null ? "; no config was recorded with it" : ", config.yaml as trained")
                + (fp.backfilled() == null ? "" : " (fingerprint backfilled)");
    }

    /**
     * A checkpoint without fingerprint.json: its config is accepted when config.yaml still hashes to the run id
     * provenance.json recorded (by today's formula, or the older one that also hashed train.threads).
     */
    private static String checkLegacyConfig(Path runDir, Path params) {
        Path configFile = runDir.resolve(RunFiles.CONFIG);
        String recorded = CheckpointFingerprint.recordedRunId(runDir);
        if (recorded == null) {
            return "checkpoint " + params.getParent().getFileName() + ": saved before fingerprints; parameters fit config.yaml's "
                    + "encoder, config.yaml not checkable (no run id in provenance.json)";
        }
        Config now = Config.load(configFile, List.of());
        String id = RunDirectory.runId(now);
        String olderId = Hashing.sha256(now.toYaml()).substring(0, 12);
        if (!recorded.equals(id) && !recorded.equals(olderId)) {
            throw new CheckpointException(params + " has no fingerprint.json (saved before fingerprints), and " + configFile
                    + " was changed since training: it hashes to run id " + id + ", but " + runDir.resolve(RunFiles.PROVENANCE)
                    + " recorded run id " + recorded + ". Nothing was evaluated or written. Restore config.yaml to the config "
                    + "the run was trained with (e.g. git checkout -- " + configFile + "), or evaluate the run that produced "
                    + "this checkpoint.");
        }
        return "checkpoint " + params.getParent().getFileName() + ": saved before fingerprints; parameters fit config.yaml's "
                + "encoder and config.yaml still hashes to the recorded run id " + recorded;
    }

    /** What went wrong when DJL could not load a params file that has DJL's header. */
    private static String loadProblem(Path params, Throwable e) {
        long size = -1;
        try {
            size = Files.size(params);
        } catch (IOException ignored) {
            // the size is only for the message
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof EOFException) {
                return "truncated: " + size + " bytes, and the parameter data ends before the last parameter of the encoder "
                        + "config.yaml describes";
            }
        }
        return "not loadable into the encoder config.yaml describes (" + rootMessage(e) + ", " + size + " bytes)";
    }

    /** The innermost non-empty message of a cause chain, else the outermost exception's class name. */
    static String rootMessage(Throwable e) {
        String msg = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                msg = t.getMessage();
            }
        }
        return msg != null ? msg : e.getClass().getSimpleName();
    }

    /**
     * After a failed save: deletes the temporary folder (null when none was made) and puts the set-aside
     * previous checkpoint back if the new one is not in place; what fails here is attached to {@code failure}.
     *
     * @return what was done, for the error message
     */
    private static String undoSave(Path tmp, Path previous, Path dir, Throwable failure) {
        StringBuilder done = new StringBuilder();
        if (tmp != null) {
            try {
                deleteTree(tmp);
                done.append("; the temporary folder was removed");
            } catch (IOException | RuntimeException e) {
                failure.addSuppressed(e);
                done.append("; the temporary folder ").append(tmp).append(" could not be removed (").append(e.getMessage()).append(')');
            }
        }
        if (previous != null && !Files.exists(dir)) {
            try {
                Files.move(previous, dir);
            } catch (IOException | RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
        if (Files.exists(dir)) {
            done.append(tmp != null ? " and" : ";").append(" the previous ").append(dir.getFileName()).append(" checkpoint kept");
        }
        return done.toString();
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
