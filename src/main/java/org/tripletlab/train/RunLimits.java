package org.tripletlab.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.tripletlab.loss.LossKind;
import org.tripletlab.loss.Losses;
import org.tripletlab.component.ConfigException;
import org.tripletlab.config.ExperimentConfig;
import org.tripletlab.data.DataException;
import org.tripletlab.data.FaceDataset;
import org.tripletlab.data.PkSampler;
import org.tripletlab.model.encoder.EncoderBlock;
import org.tripletlab.model.encoder.EncoderSpec;
import org.tripletlab.model.encoder.Encoders;
import org.tripletlab.model.ModelStats;
import org.tripletlab.run.Provenance;

/**
 * What a training asks of its data and its machine, checked once the data is loaded and before the model is
 * built or anything is written: a batch that cannot be drawn from the training set, or a training that cannot
 * fit in memory, is refused with the numbers and the fix, instead of being killed by the kernel minutes later
 * without a message (issue 11: {@code sampler.images=500}, a 12,000-image batch, ran out of memory after 153 s).
 *
 * <h2>Batch against the training set</h2>
 * A batch is P·K images (P = {@code sampler.identities}, K = {@code sampler.images}) drawn from the
 * <em>usable</em> training identities — those the {@link PkSampler} draws from (at least 2 images; with
 * {@code sampler.small_identities: exclude} at least K). P larger than the usable identities is refused by the
 * sampler. A batch larger than the usable training images is refused here: it cannot hold P·K distinct images,
 * so most of it would be copies (an identity with fewer than K images is sampled with replacement, its images
 * repeating), and its memory grows with (P·K)² for nothing.
 *
 * <h2>Memory estimate (bytes)</h2>
 * With B = P·K, A the float values one image's forward pass creates ({@link ModelStats#activationValuesPerImage}),
 * I = H·W·C the values of one image, W the trainable parameters (+ batch-norm buffers):
 * <ul>
 *   <li><b>activations</b> = {@value #ACTIVATION_FACTOR}·B·A·4 (native): the forward outputs, which stay alive until
 *       the step's sub-manager closes after the optimizer step, so autograd has them for the backward pass (1×), and
 *       the gradients flowing back through the same shapes, which the allocator (jemalloc with decay off under
 *       {@code bin/tripletlab}) keeps once touched (≈1×); the transient copies on the way (channels-last layout
 *       conversions, {@code AlignedConv2d}'s padded channels, batch-norm statistics) fit within that second copy in
 *       the measurements (README, "Memory": the estimate is 0.95–1.25× the measured peak RSS for batches of 8 to 3,000). At least the
 *       {@code eval.batch}·A·4 of a validation forward (no gradients), whichever is larger;</li>
 *   <li><b>input</b> = 2·B·I·4 (native): the batch tensor and its channels-last copy;</li>
 *   <li><b>pairwise</b> = t·B²·4 (native): the B×B squared-distance matrix and what the loss builds from it,
 *       forward and backward — t declared by the loss ({@link LossKind#pairwiseTensors}): 8 for the triplet loss (D, Gram matrix, diagonal
 *       broadcasts, clamp, gathered terms, and their gradients), 20 for the contrastive
 *       loss (adds two B×B masks, √, hinge, square and masked products, and their gradients),
 *       4 for softmax (distances for the record only, no gradient);</li>
 *   <li><b>parameters</b> = W·4·(2 + s) (native): weights, gradients and s optimizer states per weight (Adam 2: first
 *       and second moments; SGD with momentum 1, without 0; Adagrad 1);</li>
 *   <li><b>runtime</b> = {@value #RUNTIME_MB} MiB: the JVM and libtorch themselves (code, metaspace, thread stacks,
 *       allocator arenas): the peak RSS of a training of a tiny model (batch 8 of 16×16 images) is 242 MiB, rounded
 *       up for more threads and glibc's malloc;</li>
 *   <li><b>heap</b> (Java): the decoded dataset (one byte per pixel: {@link FaceDataset} holds bytes, not floats),
 *       plus per step the batch's floats B·I·4 and the detached B×B distance copy and the miner's or the
 *       contrastive loss's B×B arrays, u·B²·4 with u ({@link LossKind#heapArrays}) = 2 (triplet), 5 (contrastive), 1 (softmax); ×2 for the
 *       garbage a generational heap holds between collections.</li>
 * </ul>
 * The peak is max(runtime + dataset, the process's resident set at the check) + activations + input + pairwise +
 * parameters + per-step heap: the check runs after the data is loaded, and decoding thousands of JPEGs grows a heap
 * the JVM keeps (measured on the outside-data protocol: 748 MiB resident before training, 300 + 46 by the formula).
 * The native part lives outside the Java heap, so the whole estimate (native + heap) is compared with the memory
 * the machine can give this process — its resident set now plus {@code MemAvailable} of {@code /proc/meminfo},
 * less when a cgroup limit ({@code memory.max}, or v1 {@code memory.limit_in_bytes}) leaves less — and the heap
 * part with {@link Runtime#maxMemory()} ({@code -Xmx}). It is an estimate, calibrated to within a small factor of
 * the measured peak RSS (README). The trainings of {@code sweep --workers N} start together and each sees the same
 * free memory, so each is checked against 1/N of it ({@link Available#SHARED_BY}). A run that is refused can be forced through by raising what it was compared
 * with (another machine, a larger {@code -Xmx}), never by a switch that hides the number.
 */
public final class RunLimits {
    /** Saved activations + their gradients + transient copies: see the class comment. */
    static final int ACTIVATION_FACTOR = 2;
    static final long RUNTIME_MB = 300;
    private static final double MIB = 1024.0 * 1024.0;

    private RunLimits() {
    }

    /**
     * What the machine gives this process.
     *
     * @param machineBytes resident set now + what the system can still hand out (MemAvailable, capped by a cgroup limit)
     * @param heapMaxBytes {@link Runtime#maxMemory()}
     * @param residentBytes this process's resident set now (data loaded), 0 when unknown
     * @param source where the numbers come from, for the message
     */
    public record Available(long machineBytes, long heapMaxBytes, long residentBytes, String source) {
        /**
         * System property a sweep sets for its child trainings: how many trainings share the machine's free memory
         * (its {@code --workers}), each checked against its share instead of all of it.
         */
        public static final String SHARED_BY = "tripletlab.memory.shared_by";

        /** The numbers of this machine and JVM now (MemAvailable divided among {@link #SHARED_BY} trainings, if set). */
        public static Available now() {
            int sharedBy = 1;
            try {
                sharedBy = Math.max(1, Integer.parseInt(System.getProperty(SHARED_BY, "1").trim()));
            } catch (NumberFormatException e) {
                // not set by a sweep: the whole machine
            }
            return of(kib(Path.of("/proc/self/status"), "VmRSS:"), kib(Path.of("/proc/meminfo"), "MemAvailable:"), cgroupRoom(),
                    sharedBy, Runtime.getRuntime().maxMemory());
        }

        /**
         * What a process gets from the given numbers (bytes; −1 unknown): its resident set plus its share of the
         * free memory — MemAvailable, or what a cgroup limit leaves when less — divided among {@code sharedBy}
         * trainings started together (a sweep's workers: each sees the same free memory, so each may use only
         * its part of it).
         */
        static Available of(long rss, long memAvailable, long cgroupRoom, int sharedBy, long heapMax) {
            long resident = Math.max(0, rss);
            if (memAvailable < 0 && cgroupRoom < 0) {
                // Not Linux (or no /proc): nothing to compare with; only the heap check applies.
                return new Available(Long.MAX_VALUE, heapMax, resident, "no /proc/meminfo");
            }
            boolean cgroup = cgroupRoom >= 0 && (memAvailable < 0 || cgroupRoom < memAvailable);
            long free = cgroup ? cgroupRoom : memAvailable;
            String source = (cgroup ? "cgroup limit: " + mib(free) + " left" : "MemAvailable " + mib(free))
                    + (sharedBy > 1 ? " / " + sharedBy + " sweep workers" : "") + " + this process's resident " + mib(resident);
            return new Available(resident + free / sharedBy, heapMax, resident, source);
        }

        /** Limit − usage of this process's memory cgroup (v2, then v1), or −1 when there is no limit. */
        static long cgroupRoom() {
            long[][] pairs = {
                read(Path.of("/sys/fs/cgroup/memory.max"), Path.of("/sys/fs/cgroup/memory.current")),
                read(Path.of("/sys/fs/cgroup/memory/memory.limit_in_bytes"), Path.of("/sys/fs/cgroup/memory/memory.usage_in_bytes"))};
            for (long[] p : pairs) {
                // "max", or v1's "no limit" (a page-rounded 2^63), means unlimited.
                if (p != null && p[0] > 0 && p[0] < (1L << 60)) {
                    return Math.max(0, p[0] - Math.max(0, p[1]));
                }
            }
            return -1;
        }

        private static long[] read(Path limit, Path usage) {
            try {
                String l = Files.readString(limit, StandardCharsets.US_ASCII).trim();
                if (l.equals("max")) {
                    return null;
                }
                long u = Files.isReadable(usage) ? Long.parseLong(Files.readString(usage, StandardCharsets.US_ASCII).trim()) : 0;
                return new long[] {Long.parseLong(l), u};
            } catch (IOException | NumberFormatException e) {
                return null;
            }
        }

        /** The value of a "Key:   123 kB" line of a /proc file, in bytes, or −1. */
        static long kib(Path file, String key) {
            try {
                for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
                    if (line.startsWith(key)) {
                        String[] f = line.substring(key.length()).trim().split("\\s+");
                        return Long.parseLong(f[0]) * 1024L;
                    }
                }
            } catch (IOException | RuntimeException e) {
                // no such file or format: unknown
            }
            return -1;
        }
    }

    /** The estimate of a run's peak memory, by part (bytes); see the class comment for each formula. */
    public record Estimate(int batch, long activations, long input, long pairwise, long parameters, long runtime,
            long dataset, long heapPerStep, long resident) {
        /** On the Java heap. */
        public long heapBytes() {
            return dataset + heapPerStep;
        }

        /**
         * What the process holds before training: JVM + libtorch + the decoded dataset, or its resident set at the
         * check when that is larger (decoding thousands of JPEGs grows the heap, which the JVM keeps).
         */
        public long base() {
            return Math.max(runtime + dataset, resident);
        }

        /** The estimated peak: {@link #base} + what training adds (tensors, optimizer state, per-step heap arrays). */
        public long total() {
            return base() + activations + input + pairwise + parameters + heapPerStep;
        }

        /** "2,345 MiB (activations 1,234 MiB, …)". */
        public String breakdown() {
            return mib(total()) + " (" + parts() + ")";
        }

        /** "activations 1,234 MiB, input …; Java heap: dataset …, per-step arrays …". */
        public String parts() {
            return String.format(Locale.ROOT, "activations %s, input %s, B×B distances %s, parameters+optimizer %s, "
                            + "JVM+libtorch %s; Java heap: dataset %s, per-step arrays %s",
                    mib(activations), mib(input), mib(pairwise), mib(parameters), mib(runtime), mib(dataset), mib(heapPerStep))
                    + (resident > runtime + dataset ? "; counted instead of JVM+libtorch+dataset: the " + mib(resident)
                            + " this process holds now, data loaded" : "");
        }

        /** What provenance.json records under "memory_estimate_mib". */
        public Map<String, Object> asMap(Available available) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("total", Math.round(total() / MIB));
            m.put("activations", Math.round(activations / MIB));
            m.put("input", Math.round(input / MIB));
            m.put("pairwise", Math.round(pairwise / MIB));
            m.put("parameters", Math.round(parameters / MIB));
            m.put("runtime", Math.round(runtime / MIB));
            m.put("heap_dataset", Math.round(dataset / MIB));
            m.put("heap_per_step", Math.round(heapPerStep / MIB));
            m.put("resident_at_check", Math.round(resident / MIB));
            m.put("batch", batch);
            if (available != null) {
                m.put("available_machine", available.machineBytes() == Long.MAX_VALUE ? "unknown" : Math.round(available.machineBytes() / MIB));
                m.put("available_heap", Math.round(available.heapMaxBytes() / MIB));
            }
            return m;
        }
    }

    /**
     * Checks the batch against the training set and the memory estimate against {@code available}; returns the
     * estimate to print and record.
     *
     * @throws DataException the batch is larger than the usable training images (exit 2)
     * @throws ConfigException the estimate exceeds the machine's or the heap's memory (exit 2)
     */
    static Checked check(ExperimentConfig cfg, RunData data) {
        checkBatch(cfg, data.dataset(), data.sampler());
        Model model = Model.of(cfg, data.split().trainIdentities().length);
        // Read after Model.of has loaded libtorch, so the resident set counted includes it.
        return checkMemory(cfg, data.dataset(), model, Available.now());
    }

    /** A run's estimate and what it was compared with: printed at the start and recorded in provenance.json. */
    record Checked(Estimate estimate, Available available) {
        /** The console line: estimated peak by part, and what it was compared with. */
        String line() {
            Available a = available;
            return "Memory: estimated peak " + estimate.breakdown() + "; available " + (a.machineBytes() == Long.MAX_VALUE ? "unknown"
                    : mib(a.machineBytes())) + " (" + a.source() + "), Java heap up to " + mib(a.heapMaxBytes());
        }

        /** Records the estimate as {@code memory_estimate_mib} in {@code prov}. */
        void putInto(Provenance prov) {
            prov.put("memory_estimate_mib", estimate.asMap(available));
        }
    }

    /** As {@link #check(ExperimentConfig, RunData)} against given numbers (tests pass a small machine). */
    static Checked check(ExperimentConfig cfg, FaceDataset ds, PkSampler sampler, int classes, Available available) {
        checkBatch(cfg, ds, sampler);
        return checkMemory(cfg, ds, Model.of(cfg, classes), available);
    }

    private static Checked checkMemory(ExperimentConfig cfg, FaceDataset ds, Model model, Available available) {
        int batch = cfg.sampler().batchSize();
        Estimate e = estimate(cfg, ds, model, batch, available.residentBytes());
        if (e.total() > available.machineBytes()) {
            throw new ConfigException(String.format(Locale.ROOT,
                    "this training needs about %s of memory (%s) but the machine can give it %s (%s). %s",
                    mib(e.total()), e.parts(), mib(available.machineBytes()), available.source(),
                    fixes(cfg, largestBatch(cfg, ds, model, batch, available.residentBytes(), available.machineBytes(), Estimate::total))));
        }
        if (e.heapBytes() > available.heapMaxBytes()) {
            throw new ConfigException(String.format(Locale.ROOT,
                    "this training needs about %s of Java heap (%s) but the JVM may use %s (-Xmx). "
                            + "Raise the heap (TRIPLETLAB_JAVA_OPTS=-Xmx…; bin/tripletlab's default is -Xmx8g), or: %s",
                    mib(e.heapBytes()), e.parts(), mib(available.heapMaxBytes()),
                    fixes(cfg, largestBatch(cfg, ds, model, batch, available.residentBytes(), available.heapMaxBytes(), Estimate::heapBytes))));
        }
        return new Checked(e, available);
    }

    /** Refuses a batch of more images than the usable training identities hold (see the class comment). */
    static void checkBatch(ExperimentConfig cfg, FaceDataset ds, PkSampler sampler) {
        int p = cfg.sampler().identities();
        int k = cfg.sampler().images();
        long batch = (long) p * k;
        int usable = sampler.usableImages();
        if (batch > usable) {
            int kMax = usable / p;
            throw new DataException(String.format(Locale.ROOT,
                    "%s: a batch of sampler.identities × sampler.images = %d × %d = %,d images is larger than the training set: "
                            + "the %d usable training identities hold %,d images, so most of every batch would be copies "
                            + "(identities with fewer than K images are sampled with replacement). Lower sampler.images "
                            + "(with P = %d, K ≤ %d) or sampler.identities so that P × K ≤ %,d, or train on more data%s",
                    ds.description(), p, k, batch, sampler.usableIdentities(), usable, p, Math.max(kMax, 0), usable,
                    kMax < 2 ? " (K must be at least 2: lower sampler.identities first)" : ""));
        }
    }

    /** What the estimate needs of the network: float values per image of its forward pass, and its weights (+ buffers). */
    record Model(long valuesPerImage, long weights) {
        /** Builds the encoder of {@code cfg} on a scratch manager and walks its shapes (+ the softmax head over {@code classes}). */
        static Model of(ExperimentConfig cfg, int classes) {
            EncoderSpec spec = new EncoderSpec(cfg.encoder().architecture(), cfg.encoder().embedding(), cfg.encoder().width(),
                    cfg.data().channels(), cfg.data().imageSize());
            long perImage;
            long weights;
            try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
                EncoderBlock block = Encoders.create(spec, cfg.raw());
                block.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32, spec.inputShape(1));
                perImage = ModelStats.activationValuesPerImage(block, spec.inputShape(1));
                ModelStats stats = ModelStats.of(block, spec.inputShape(1));
                weights = stats.parameters() + stats.bufferValues();
            }
            if (Losses.kind(cfg.baseline().lossKind()).classifierHead()) {
                weights += (long) (cfg.encoder().embedding() + 1) * classes;
                perImage += 2L * classes; // logits and their softmax
            }
            return new Model(perImage, weights);
        }
    }

    /** The largest batch ≤ {@code batch} whose estimate part {@code part} fits in {@code room} (0 when none does). */
    static int largestBatch(ExperimentConfig cfg, FaceDataset ds, Model model, int batch, long resident, long room,
            java.util.function.ToLongFunction<Estimate> part) {
        int lo = 0;
        int hi = batch;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (part.applyAsLong(estimate(cfg, ds, model, mid, resident)) <= room) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /**
     * The estimate of {@code cfg}'s training on {@code ds} with {@code batch} images per step, by a process whose
     * resident set is {@code resident} now (0: unknown).
     */
    static Estimate estimate(ExperimentConfig cfg, FaceDataset ds, Model model, int batch, long resident) {
        LossKind kind = Losses.kind(cfg.baseline().lossKind());
        long perImage = model.valuesPerImage();
        long weights = model.weights();
        long image = (long) ds.imageBytes();
        long b = batch;
        long activations = Math.max(ACTIVATION_FACTOR * b, cfg.eval().batch()) * perImage * 4;
        long input = 2 * b * image * 4;
        int tensors = kind.pairwiseTensors();
        long pairwise = tensors * b * b * 4;
        ExperimentConfig.Optimizer o = cfg.optimizer();
        int states = switch (o.name()) {
            case "adam" -> 2;
            case "sgd" -> o.momentum() > 0 ? 1 : 0;
            default -> 1;
        };
        long parameters = weights * 4 * (2 + states);
        long runtime = RUNTIME_MB << 20;
        long dataset = (long) ds.size() * image;
        int heapArrays = kind.heapArrays();
        long heapPerStep = 2 * (b * image * 4 + heapArrays * b * b * 4);
        return new Estimate(batch, activations, input, pairwise, parameters, runtime, dataset, heapPerStep, resident);
    }

    /** The keys that shrink a training's memory, with this config's values and the largest batch that would fit. */
    private static String fixes(ExperimentConfig cfg, int fits) {
        return String.format(Locale.ROOT, "Lower the batch (sampler.identities × sampler.images = %d × %d = %,d; %s), "
                        + "data.image_size (%d), encoder.width (%d) or eval.batch (%d), or run on a machine with more memory",
                cfg.sampler().identities(), cfg.sampler().images(), cfg.sampler().batchSize(),
                fits >= 2 ? String.format(Locale.ROOT, "at most about %,d images fit with the rest unchanged", fits)
                        : "no batch fits with the rest unchanged",
                cfg.data().imageSize(), cfg.encoder().width(), cfg.eval().batch());
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%,d MiB", Math.round(bytes / MIB));
    }
}
