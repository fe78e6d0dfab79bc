package org.tripletlab.train;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.tripletlab.data.PkSampler;
import org.tripletlab.run.RunFiles;
import org.tripletlab.util.Json;

/**
 * Everything a killed training needs to continue as if it had never stopped, as of the end of one step:
 * {@code <run>/checkpoints/resume/}, written by {@link #save} into a fresh folder that is then swapped in,
 * so a kill at any moment leaves either the previous state or the new one, never half of one.
 *
 * <ul>
 *   <li>{@code state.json}: the step and epoch reached, the training generator's and the sampler's state (its
 *       waiting identities included), the current epoch's running sums, the best validation accuracy, the collapse
 *       watch, the skipped non-finite steps, the optimiser's update counts, the rows each table held
 *       ({@link RunRecorder.Marks}) and the provenance warnings so far. Doubles are written as
 *       {@link Double#toHexString hexadecimal} literals, which read back to the same bits (−∞ and NaN included).</li>
 *   <li>{@code arrays.bin}: every model parameter (trainable or not: BatchNorm's running statistics too) and
 *       every optimiser state array, by name ({@link TrainingArrays}), bit for bit.</li>
 *   <li>{@code validations.bin}: the validations so far, for the run's outcome.</li>
 * </ul>
 * Written whether or not {@code train.checkpoints} is set, and deleted once the run is trained.
 */
record ResumeState(int step, int epoch, int totalSteps, double minutes, long[] rng, PkSampler.State sampler,
        double epochLoss, double epochActive, int epochSteps, double best, int[] collapse, int nonFiniteSkipped,
        int numUpdate, Map<String, Integer> updateCounts, RunRecorder.Marks recorder, int provenanceWarnings) {
    static final String FOLDER = "resume";
    private static final String PREVIOUS = ".resume-previous";
    /** Bumped whenever the files change meaning; a state of another version is not resumed. */
    static final int FORMAT = 1;

    static Path dir(Path runDir) {
        return runDir.resolve(RunFiles.CHECKPOINTS).resolve(FOLDER);
    }

    /**
     * The folder holding a run's complete resume state, or null: {@code checkpoints/resume}, or — when a kill
     * fell between the two renames of {@link #save} — the previous state it was replacing.
     */
    static Path find(Path runDir) {
        Path dir = dir(runDir);
        if (Files.isRegularFile(dir.resolve("state.json"))) {
            return dir;
        }
        Path previous = dir.resolveSibling(PREVIOUS);
        return Files.isRegularFile(previous.resolve("state.json")) ? previous : null;
    }

    /**
     * Writes the state, the arrays and the validations into a temporary folder beside {@code checkpoints/resume},
     * then swaps it in: the old state is renamed aside, the new one renamed into place, the old one deleted.
     */
    static void save(Path runDir, ResumeState s, TrainingArrays arrays, List<ValidationResult> validations) {
        Path parent = runDir.resolve(RunFiles.CHECKPOINTS);
        Path dir = dir(runDir);
        Path previous = parent.resolve(PREVIOUS);
        try {
            Files.createDirectories(parent);
            Path tmp = Files.createTempDirectory(parent, ".resume-new");
            Files.writeString(tmp.resolve("state.json"), Json.write(s.toJson()), StandardCharsets.UTF_8);
            arrays.write(tmp.resolve("arrays.bin"));
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp.resolve("validations.bin"))))) {
                out.writeInt(validations.size());
                for (ValidationResult v : validations) {
                    writeRecord(out, v);
                }
            }
            if (Files.exists(dir)) {
                deleteTree(previous);
                Files.move(dir, previous, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            deleteTree(previous);
            // Temporary folders of saves a kill interrupted.
            try (Stream<Path> st = Files.list(parent)) {
                for (Path p : st.filter(p -> p.getFileName().toString().startsWith(".resume-new")).toList()) {
                    deleteTree(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the resume state " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Deletes a run's resume state (the run is trained: nothing left to resume). */
    static void delete(Path runDir) {
        try {
            deleteTree(dir(runDir));
            deleteTree(dir(runDir).resolveSibling(PREVIOUS));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the resume state of " + runDir + ": " + e.getMessage(), e);
        }
    }

    /** Reads {@code state.json} of a folder {@link #find} returned. */
    static ResumeState read(Path dir) {
        Path file = dir.resolve("state.json");
        try {
            Object o = new org.yaml.snakeyaml.Yaml(new org.yaml.snakeyaml.constructor.SafeConstructor(new org.yaml.snakeyaml.LoaderOptions()))
                    .load(Files.readString(file, StandardCharsets.UTF_8));
            if (!(o instanceof Map<?, ?> m)) {
                throw new IllegalStateException(file + ": not a JSON object");
            }
            return fromJson(m, file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static List<ValidationResult> readValidations(Path dir) {
        Path file = dir.resolve("validations.bin");
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            int n = in.readInt();
            List<ValidationResult> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(readRecord(in, ValidationResult.class));
            }
            return out;
        } catch (IOException | ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("step", step);
        m.put("epoch", epoch);
        m.put("total_steps", totalSteps);
        m.put("minutes", hex(minutes));
        m.put("rng", longs(rng));
        m.put("sampler_rng", longs(sampler.rng()));
        m.put("sampler_queue", ints(sampler.queue()));
        m.put("epoch_loss", hex(epochLoss));
        m.put("epoch_active", hex(epochActive));
        m.put("epoch_steps", epochSteps);
        m.put("best_val_accuracy", hex(best));
        m.put("collapse", ints(collapse));
        m.put("nonfinite_skipped", nonFiniteSkipped);
        m.put("optimizer_num_update", numUpdate);
        m.put("optimizer_update_counts", updateCounts);
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("steps_rows", recorder.stepsRows());
        rec.put("epochs_rows", recorder.epochsRows());
        rec.put("distances_rows", recorder.distancesRows());
        rec.put("events_rows", recorder.eventsRows());
        rec.put("empty_batches", recorder.emptyBatches());
        rec.put("validation_collapsed", recorder.validationCollapsed());
        m.put("recorder", rec);
        m.put("provenance_warnings", provenanceWarnings);
        return m;
    }

    private static ResumeState fromJson(Map<?, ?> m, Path file) {
        int format = num(m, "format", file).intValue();
        if (format != FORMAT) {
            throw new IllegalStateException(file + ": resume state format " + format + ", this tripletlab reads " + FORMAT);
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        ((Map<?, ?>) m.get("optimizer_update_counts")).forEach((k, v) -> counts.put(String.valueOf(k), ((Number) v).intValue()));
        Map<?, ?> rec = (Map<?, ?>) m.get("recorder");
        return new ResumeState(num(m, "step", file).intValue(), num(m, "epoch", file).intValue(),
                num(m, "total_steps", file).intValue(), unhex(m.get("minutes")), longsOf(m.get("rng")),
                new PkSampler.State(longsOf(m.get("sampler_rng")), intsOf(m.get("sampler_queue"))),
                unhex(m.get("epoch_loss")), unhex(m.get("epoch_active")), num(m, "epoch_steps", file).intValue(),
                unhex(m.get("best_val_accuracy")), intsOf(m.get("collapse")), num(m, "nonfinite_skipped", file).intValue(),
                num(m, "optimizer_num_update", file).intValue(), counts,
                new RunRecorder.Marks(num(rec, "steps_rows", file).intValue(), num(rec, "epochs_rows", file).intValue(),
                        num(rec, "distances_rows", file).intValue(), num(rec, "events_rows", file).intValue(),
                        num(rec, "empty_batches", file).intValue(), Boolean.TRUE.equals(rec.get("validation_collapsed"))),
                num(m, "provenance_warnings", file).intValue());
    }

    private static Number num(Map<?, ?> m, String key, Path file) {
        if (!(m.get(key) instanceof Number n)) {
            throw new IllegalStateException(file + ": " + key + " missing or not a number");
        }
        return n;
    }

    private static String hex(double d) {
        return Double.toHexString(d);
    }

    private static double unhex(Object o) {
        return Double.parseDouble(String.valueOf(o));
    }

    /** Longs as strings: a JSON reader may not keep all 64 bits of a number. */
    private static List<String> longs(long[] a) {
        List<String> out = new ArrayList<>();
        for (long v : a) {
            out.add(Long.toString(v));
        }
        return out;
    }

    private static long[] longsOf(Object o) {
        List<?> l = (List<?>) o;
        long[] a = new long[l.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = Long.parseLong(String.valueOf(l.get(i)));
        }
        return a;
    }

    private static List<Integer> ints(int[] a) {
        List<Integer> out = new ArrayList<>(a.length);
        for (int v : a) {
            out.add(v);
        }
        return out;
    }

    private static int[] intsOf(Object o) {
        List<?> l = (List<?>) o;
        int[] a = new int[l.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = ((Number) l.get(i)).intValue();
        }
        return a;
    }

    /** A record of numbers, number arrays and such records, component by component in declaration order. */
    private static void writeRecord(DataOutputStream out, Record r) throws IOException {
        for (RecordComponent c : r.getClass().getRecordComponents()) {
            Object v;
            try {
                v = c.getAccessor().invoke(r);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            if (v instanceof Double d) {
                out.writeLong(Double.doubleToRawLongBits(d));
            } else if (v instanceof Integer i) {
                out.writeInt(i);
            } else if (v instanceof Long l) {
                out.writeLong(l);
            } else if (v instanceof double[] a) {
                out.writeInt(a.length);
                for (double d : a) {
                    out.writeLong(Double.doubleToRawLongBits(d));
                }
            } else if (v instanceof long[] a) {
                out.writeInt(a.length);
                for (long l : a) {
                    out.writeLong(l);
                }
            } else if (v instanceof Record nested) {
                writeRecord(out, nested);
            } else {
                throw new IllegalArgumentException(r.getClass().getSimpleName() + "." + c.getName() + ": cannot write " + c.getType());
            }
        }
    }

    private static <R extends Record> R readRecord(DataInputStream in, Class<R> type) throws IOException, ReflectiveOperationException {
        RecordComponent[] cs = type.getRecordComponents();
        Object[] values = new Object[cs.length];
        Class<?>[] types = new Class<?>[cs.length];
        for (int k = 0; k < cs.length; k++) {
            Class<?> t = cs[k].getType();
            types[k] = t;
            if (t == double.class) {
                values[k] = Double.longBitsToDouble(in.readLong());
            } else if (t == int.class) {
                values[k] = in.readInt();
            } else if (t == long.class) {
                values[k] = in.readLong();
            } else if (t == double[].class) {
                double[] a = new double[in.readInt()];
                for (int i = 0; i < a.length; i++) {
                    a[i] = Double.longBitsToDouble(in.readLong());
                }
                values[k] = a;
            } else if (t == long[].class) {
                long[] a = new long[in.readInt()];
                for (int i = 0; i < a.length; i++) {
                    a[i] = in.readLong();
                }
                values[k] = a;
            } else if (t.isRecord()) {
                values[k] = readRecord(in, t.asSubclass(Record.class));
            } else {
                throw new IllegalArgumentException(type.getSimpleName() + "." + cs[k].getName() + ": cannot read " + t);
            }
        }
        Constructor<R> ctor = type.getDeclaredConstructor(types);
        ctor.setAccessible(true);
        return ctor.newInstance(values);
    }

    static void deleteTree(Path dir) throws IOException {
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
