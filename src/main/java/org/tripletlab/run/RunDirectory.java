package org.tripletlab.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.tripletlab.config.Config;
import org.tripletlab.component.ConfigException;
import org.tripletlab.config.Schema;
import org.tripletlab.util.AtomicFiles;
import org.tripletlab.util.Hashing;

/**
 * The folder of one run: {@code <out>/<experiment>/<run-id>/}.
 *
 * <h2>Run id</h2>
 * The first 12 hex digits of the SHA-256 of the resolved config (which contains the seed) with the
 * {@linkplain #EXECUTION_ONLY execution-only keys} set to their defaults ({@code train.checkpoint_every},
 * how often a resume state is saved, changes nothing a run computes either): {@code train.threads}
 * changes how fast a run goes (and, through the order of floating-point sums, its last digits), not
 * what it is, so the same config run with 1 or 8 threads — or by a sweep with any {@code --workers}
 * — has one id. A config that leaves those keys at their defaults (e.g. the quickstart) hashes
 * exactly as its {@code config.yaml}; the thread count a run used is in its {@code config.yaml} and
 * {@code provenance.json}.
 *
 * <h2>Recognising a completed run</h2>
 * {@link #completeAttempt} looks for a folder with a {@link #COMPLETE_MARKER}: first
 * {@code <run-id>}, {@code <run-id>-2}, {@code -3}, … (every attempt folder that exists, in attempt
 * order, whether or not the earlier ones are still there), then any other completed folder of the
 * experiment whose {@code config.yaml} has this run id — folders named by the older id formula, which
 * hashed {@code train.threads} too, are recognised by their content.
 *
 * <p>A run never overwrites another's files: if a completed run exists it is reported and skipped
 * (unless a rerun is asked for); otherwise the first free name of {@code <run-id>}, {@code <run-id>-2},
 * … is claimed with an atomic create, so two processes starting the same config never share a
 * folder, and an unfinished earlier attempt is kept as it is.
 */
public final class RunDirectory {
    /**
     * File whose presence marks a run that finished and wrote all its results, its end-of-training benchmark
     * evaluations ({@code eval.benchmarks}) included.
     */
    public static final String COMPLETE_MARKER = RunFiles.COMPLETE;

    /**
     * File whose presence marks a run whose training finished (checkpoints and tables written); without
     * {@link #COMPLETE_MARKER} beside it, its benchmark evaluation has not (yet) succeeded, and a rerun only
     * evaluates. Runs from before this marker have {@code COMPLETE} alone: trained and evaluated.
     */
    public static final String TRAINED_MARKER = RunFiles.TRAINED;

    /**
     * Config keys that only say how a run executes, not what it computes: left out of the run id
     * (set to their schema defaults before hashing).
     */
    public static final List<String> EXECUTION_ONLY = List.of("train.threads", "train.checkpoint_every");

    private static final Map<Path, CachedId> FOLDER_IDS = new ConcurrentHashMap<>();

    private record CachedId(long modified, long size, String id) {
    }

    private final Path dir;
    private final String runId;
    private final boolean alreadyComplete;

    private RunDirectory(Path dir, String runId, boolean alreadyComplete) {
        this.dir = dir;
        this.runId = runId;
        this.alreadyComplete = alreadyComplete;
    }

    /** The run id of {@code config}: its hash with {@link #EXECUTION_ONLY} keys at their defaults. */
    public static String runId(Config config) {
        return Hashing.sha256(identity(config).toYaml()).substring(0, 12);
    }

    /** {@code config} with every execution-only key set to its schema default. */
    static Config identity(Config config) {
        List<String> defaults = new ArrayList<>();
        for (String key : EXECUTION_ONLY) {
            Object d = Schema.get(key).defaultValue();
            if (!java.util.Objects.equals(config.get(key), d)) {
                defaults.add(key + "=" + (d == null ? "null" : d));
            }
        }
        return defaults.isEmpty() ? config : config.with(defaults);
    }

    /** Whether a completed run of this config exists under {@code outRoot}. */
    public static boolean isComplete(Path outRoot, Config config, String experimentName) {
        return completeAttempt(outRoot, config, experimentName) != null;
    }

    /**
     * The folder of a completed run of this config (same {@link #runId}), or null: the first
     * completed of {@code <run-id>}, {@code <run-id>-2}, {@code -3}, … that exist (a run that finished
     * on its second attempt is recognised even when the unfinished first attempt was deleted), else
     * any completed folder of the experiment whose {@code config.yaml} has this run id (a folder named
     * by the older id formula, e.g. with another thread count).
     */
    public static Path completeAttempt(Path outRoot, Config config, String experimentName) {
        List<Path> all = completeAttempts(outRoot, config, experimentName);
        return all.isEmpty() ? null : all.get(0);
    }

    /** Every completed folder of this config, in the order {@link #completeAttempt} tries them. */
    public static List<Path> completeAttempts(Path outRoot, Config config, String experimentName) {
        return attemptsWhere(outRoot, config, experimentName, RunDirectory::isCompleteFolder);
    }

    /**
     * Every folder of this config that finished training ({@link #TRAINED_MARKER}) but not its evaluation
     * (no {@link #COMPLETE_MARKER}), in attempt order: a rerun evaluates it instead of training again.
     */
    public static List<Path> trainedAttempts(Path outRoot, Config config, String experimentName) {
        return attemptsWhere(outRoot, config, experimentName,
                dir -> Files.isRegularFile(dir.resolve(TRAINED_MARKER)) && !isCompleteFolder(dir));
    }

    /**
     * Every folder of this config that has not finished training (neither {@link #TRAINED_MARKER} nor
     * {@link #COMPLETE_MARKER}: killed, failed, or still running elsewhere), in attempt order.
     */
    public static List<Path> unfinishedAttempts(Path outRoot, Config config, String experimentName) {
        return attemptsWhere(outRoot, config, experimentName,
                dir -> !Files.isRegularFile(dir.resolve(TRAINED_MARKER)) && !isCompleteFolder(dir));
    }

    private static List<Path> attemptsWhere(Path outRoot, Config config, String experimentName,
            java.util.function.Predicate<Path> wanted) {
        String id = runId(config);
        Path base = outRoot.resolve(experimentName);
        List<Path> done = new ArrayList<>();
        if (!Files.isDirectory(base)) {
            return done;
        }
        List<Path> others = new ArrayList<>();
        for (Path dir : attempts(base, id, others)) {
            if (wanted.test(dir)) {
                done.add(dir);
            }
        }
        for (Path dir : others) {
            if (wanted.test(dir) && id.equals(idOfFolder(dir))) {
                done.add(dir);
            }
        }
        return done;
    }

    /**
     * The {@code data.manifest_sha256} a run folder's {@code provenance.json} recorded (the hash of the file
     * list and sizes it trained on), or null when the folder has no {@code provenance.json} or it records no
     * manifest (synthetic data, runs from before manifests).
     *
     * @throws org.tripletlab.util.BadFileException naming the file when it exists but cannot be read as JSON
     *     (truncated, empty, not UTF-8): whether the run saw the data read now cannot be decided then, and
     *     guessing either way would skip a run or train one twice
     */
    public static String recordedManifest(Path dir) {
        Path file = dir.resolve(RunFiles.PROVENANCE);
        if (!Files.exists(file)) {
            return null;
        }
        Map<?, ?> prov = org.tripletlab.util.FileReads.jsonObject(file, org.tripletlab.util.FileReads.RUN_FILE_FIX);
        return prov.get("data") instanceof Map<?, ?> data && data.get("manifest_sha256") instanceof String hash ? hash : null;
    }

    /** The attempt folders {@code <id>}, {@code <id>-N} in {@code base}, in attempt order; every other folder goes to {@code others} (by name). */
    private static List<Path> attempts(Path base, String id, List<Path> others) {
        Pattern attempt = Pattern.compile(Pattern.quote(id) + "(?:-(\\d+))?");
        List<Path> dirs;
        try (Stream<Path> s = Files.list(base)) {
            dirs = s.filter(Files::isDirectory).sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + base + ": " + e.getMessage(), e);
        }
        List<Path> mine = new ArrayList<>();
        List<Integer> numbers = new ArrayList<>();
        for (Path d : dirs) {
            Matcher m = attempt.matcher(d.getFileName().toString());
            if (m.matches()) {
                int n = m.group(1) == null ? 1 : Integer.parseInt(m.group(1));
                int at = 0;
                while (at < numbers.size() && numbers.get(at) < n) {
                    at++;
                }
                numbers.add(at, n);
                mine.add(at, d);
            } else {
                others.add(d);
            }
        }
        return mine;
    }

    private static boolean isCompleteFolder(Path dir) {
        return Files.isRegularFile(dir.resolve(COMPLETE_MARKER));
    }

    /**
     * The run id of the config a run folder recorded ({@code config.yaml}), or null when it has none
     * or it no longer parses (then it cannot be a run of a config that does); cached by file time and size.
     */
    static String idOfFolder(Path dir) {
        Path file = dir.resolve(RunFiles.CONFIG);
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            long modified = a.lastModifiedTime().toMillis();
            Path key = file.toAbsolutePath().normalize();
            CachedId c = FOLDER_IDS.get(key);
            if (c != null && c.modified() == modified && c.size() == a.size()) {
                return c.id();
            }
            String id = runId(Config.parse(Files.readString(file, StandardCharsets.UTF_8), file.toString(), List.of()));
            FOLDER_IDS.put(key, new CachedId(modified, a.size(), id));
            return id;
        } catch (IOException | ConfigException e) {
            return null;
        }
    }

    /**
     * Chooses the folder for a run of {@code config} under {@code outRoot}.
     *
     * @param rerun when the same config already completed, start a fresh attempt beside it instead of skipping
     */
    public static RunDirectory open(Path outRoot, Config config, String experimentName, boolean rerun) {
        String id = runId(config);
        Path done = completeAttempt(outRoot, config, experimentName);
        if (done != null && !rerun) {
            return new RunDirectory(done, id, true);
        }
        Path base = outRoot.resolve(experimentName);
        try {
            Files.createDirectories(base);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + base + ": " + e.getMessage(), e);
        }
        // Claim the first free attempt name atomically: createDirectory fails if another process got there first.
        for (int attempt = 1; ; attempt++) {
            String name = attempt == 1 ? id : id + "-" + attempt;
            Path dir = base.resolve(name);
            try {
                Files.createDirectory(dir);
                return new RunDirectory(dir, name, false);
            } catch (FileAlreadyExistsException e) {
                // taken (an earlier attempt, or a concurrent start): try the next name
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create run folder " + dir + ": " + e.getMessage(), e);
            }
        }
    }

    /** An existing run folder, to finish (e.g. evaluate a trained run). */
    public static RunDirectory at(Path dir) {
        return new RunDirectory(dir, dir.getFileName().toString(), false);
    }

    public Path dir() {
        return dir;
    }

    public String runId() {
        return runId;
    }

    /** Whether this config already has a completed run here (nothing will be written). */
    public boolean alreadyComplete() {
        return alreadyComplete;
    }

    public Path file(String name) {
        return dir.resolve(name);
    }

    /**
     * Marks this folder as being trained by this process until the returned handle is closed (or the process
     * ends, however: the operating system releases the lock even after {@code kill -9}), or returns null when
     * another training holds it. What keeps a second start of the same config from resuming into a folder a
     * running training is still writing.
     */
    public java.io.Closeable lockForTraining() {
        Path file = dir.resolve(".training.lock");
        java.nio.channels.FileChannel ch = null;
        try {
            ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
            java.nio.channels.FileLock lock = ch.tryLock();
            if (lock == null) {
                ch.close();
                return null;
            }
            java.nio.channels.FileChannel held = ch;
            return () -> {
                // A trained folder is never resumed: its lock file has no more use (an unfinished one keeps it,
                // so a process waiting on it and one creating it anew can never both hold a lock).
                if (Files.isRegularFile(dir.resolve(TRAINED_MARKER)) || isCompleteFolder(dir)) {
                    Files.deleteIfExists(file);
                }
                held.close();
            };
        } catch (java.nio.channels.OverlappingFileLockException e) {
            // held by this very JVM (another training of the same folder in this process)
            closeQuietly(ch);
            return null;
        } catch (IOException e) {
            closeQuietly(ch);
            throw new UncheckedIOException("cannot lock " + file + ": " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(java.nio.channels.FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException e) {
                // nothing held
            }
        }
    }

    public void markTrained() {
        AtomicFiles.write(dir.resolve(TRAINED_MARKER), "trained\n");
    }

    public void markComplete() {
        AtomicFiles.write(dir.resolve(COMPLETE_MARKER), "complete\n");
    }
}
