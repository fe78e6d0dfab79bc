package org.tripletlab.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.optimizer.Sgd;
import ai.djl.util.Pair;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The arrays a training's future depends on, by name: every parameter of the trained block ({@code param/<name>},
 * BatchNorm's running statistics included) and every state array of its optimiser ({@code <state>/<name>}: Adam's
 * {@code means} and {@code variances}, SGD's {@code momentumStates}, AdaGrad's {@code history}), plus the
 * optimiser's update counts.
 *
 * <p>Why by name: DJL keys optimiser state by {@link Parameter#getId()}, a random UUID per parameter instance, so a
 * new JVM's ids differ; {@link Block#getParameters()} names them in a fixed order. DJL's {@code Adam} and
 * {@code Sgd} keep their state in private maps and the update counts (which drive Adam's bias correction and the
 * learning-rate schedule) in private fields of {@link Optimizer}; they are read and set by reflection, DJL being
 * on the class path (unnamed module). The field names are those of DJL 0.36; a DJL without them fails loudly here.
 *
 * <p>Exactness: the bytes of each array are saved as they are ({@link NDArray#toByteArray()}), and restored by
 * copying into the existing array (parameters) or into a fresh {@code zerosLike} of the weight, as the optimiser
 * itself would have created it (state), so memory layout, allocator and values are those of an uninterrupted run.
 */
final class TrainingArrays {
    /** One saved array: its shape, type and raw bytes (native byte order). */
    record Saved(long[] shape, String dataType, byte[] data) {
    }

    private final Map<String, Saved> arrays;

    private TrainingArrays(Map<String, Saved> arrays) {
        this.arrays = arrays;
    }

    Map<String, Saved> arrays() {
        return arrays;
    }

    /** Copies out the parameters of {@code block} and the state of {@code optimizer}. */
    static TrainingArrays capture(Block block, Optimizer optimizer) {
        Map<String, Saved> out = new LinkedHashMap<>();
        Map<String, Map<String, Map<Device, NDArray>>> states = stateMaps(optimizer);
        for (Pair<String, Parameter> p : named(block)) {
            out.put("param/" + p.getKey(), save(p.getValue().getArray()));
            for (Map.Entry<String, Map<String, Map<Device, NDArray>>> s : states.entrySet()) {
                Map<Device, NDArray> perDevice = s.getValue().get(p.getValue().getId());
                if (perDevice != null) {
                    if (perDevice.size() != 1) {
                        throw new IllegalStateException("optimiser state on " + perDevice.size() + " devices: resume supports one");
                    }
                    out.put(s.getKey() + "/" + p.getKey(), save(perDevice.values().iterator().next()));
                }
            }
        }
        return new TrainingArrays(out);
    }

    /** Each parameter's update count, by name (absent: never updated). */
    static Map<String, Integer> updateCounts(Block block, Optimizer optimizer) {
        Map<String, Integer> byId = updateCountMap(optimizer);
        Map<String, Integer> out = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : named(block)) {
            Integer n = byId.get(p.getValue().getId());
            if (n != null) {
                out.put(p.getKey(), n);
            }
        }
        return out;
    }

    /** The optimiser's overall update number (the largest count so far, what the learning-rate tracker is given). */
    static int numUpdate(Optimizer optimizer) {
        try {
            return field(Optimizer.class, "numUpdate").getInt(optimizer);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Puts the saved parameters into {@code block}'s arrays (in place: the trainer's parameter store holds the same
     * arrays) and the saved state and update counts into {@code optimizer}, which must not have stepped yet.
     */
    void restore(Block block, Optimizer optimizer, Map<String, Integer> counts, int numUpdate) {
        Map<String, Map<String, Map<Device, NDArray>>> states = stateMaps(optimizer);
        int used = 0;
        for (Pair<String, Parameter> p : named(block)) {
            NDArray weight = p.getValue().getArray();
            Saved w = arrays.get("param/" + p.getKey());
            if (w == null) {
                throw new IllegalStateException("the resume state has no parameter " + p.getKey() + ": it is of another model");
            }
            copyInto(weight, w, p.getKey());
            used++;
            for (Map.Entry<String, Map<String, Map<Device, NDArray>>> s : states.entrySet()) {
                Saved st = arrays.get(s.getKey() + "/" + p.getKey());
                if (st != null) {
                    NDArray a = weight.zerosLike();
                    copyInto(a, st, s.getKey() + "/" + p.getKey());
                    Map<Device, NDArray> perDevice = new ConcurrentHashMap<>();
                    perDevice.put(weight.getDevice(), a);
                    s.getValue().put(p.getValue().getId(), perDevice);
                    used++;
                }
            }
        }
        if (used != arrays.size()) {
            throw new IllegalStateException("the resume state holds " + arrays.size() + " arrays, this model and optimiser use "
                    + used + ": it is of another model or optimiser");
        }
        Map<String, Integer> byId = updateCountMap(optimizer);
        byId.clear();
        for (Pair<String, Parameter> p : named(block)) {
            Integer n = counts.get(p.getKey());
            if (n != null) {
                byId.put(p.getValue().getId(), n);
            }
        }
        try {
            field(Optimizer.class, "numUpdate").setInt(optimizer, numUpdate);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Pair<String, Parameter>> named(Block block) {
        List<Pair<String, Parameter>> list = block.getParameters().stream().toList();
        if (list.stream().map(Pair::getKey).distinct().count() != list.size()) {
            throw new IllegalStateException("parameter names are not unique; the resume state keys arrays by name");
        }
        return list;
    }

    private static Saved save(NDArray a) {
        return new Saved(a.getShape().getShape(), a.getDataType().name(), a.toByteArray());
    }

    /** Copies {@code s} into {@code target} element by element (an indexed put: same storage, bits unchanged). */
    private static void copyInto(NDArray target, Saved s, String name) {
        if (!Arrays.equals(target.getShape().getShape(), s.shape()) || !target.getDataType().name().equals(s.dataType())) {
            throw new IllegalStateException(name + ": saved " + s.dataType() + " " + new Shape(s.shape()) + ", the model has "
                    + target.getDataType() + " " + target.getShape() + ": the resume state is of another model");
        }
        ByteBuffer buf = ByteBuffer.allocateDirect(s.data().length).order(ByteOrder.nativeOrder());
        buf.put(s.data()).rewind();
        try (NDArray src = target.getManager().create(buf, new Shape(s.shape()), DataType.valueOf(s.dataType()))) {
            if (s.shape().length == 0) {
                target.set(new NDIndex(), src);
            } else {
                target.set(new NDIndex(String.join(",", java.util.Collections.nCopies(s.shape().length, ":"))), src);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Map<Device, NDArray>>> stateMaps(Optimizer optimizer) {
        Map<String, Map<String, Map<Device, NDArray>>> out = new LinkedHashMap<>();
        try {
            if (optimizer instanceof Adam) {
                out.put("means", (Map<String, Map<Device, NDArray>>) field(Adam.class, "means").get(optimizer));
                out.put("variances", (Map<String, Map<Device, NDArray>>) field(Adam.class, "variances").get(optimizer));
            } else if (optimizer instanceof Sgd) {
                out.put("momentumStates", (Map<String, Map<Device, NDArray>>) field(Sgd.class, "momentumStates").get(optimizer));
            } else if (optimizer instanceof DenseAdagrad a) {
                out.put("history", a.history());
            } else {
                throw new IllegalArgumentException("cannot save the state of optimiser " + optimizer.getClass().getName());
            }
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Integer> updateCountMap(Optimizer optimizer) {
        try {
            return (Map<String, Integer>) field(Optimizer.class, "updateCounts").get(optimizer);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Field field(Class<?> owner, String name) {
        try {
            Field f = owner.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(owner.getName() + " has no field " + name + " (another DJL version?): "
                    + "the optimiser state cannot be saved for resuming", e);
        }
    }

    /** {@code arrays.bin}: count, then per array its name, type, rank, shape and bytes. */
    void write(Path file) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            out.writeInt(arrays.size());
            for (Map.Entry<String, Saved> e : arrays.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeUTF(e.getValue().dataType());
                out.writeInt(e.getValue().shape().length);
                for (long d : e.getValue().shape()) {
                    out.writeLong(d);
                }
                out.writeInt(e.getValue().data().length);
                out.write(e.getValue().data());
            }
        }
    }

    static TrainingArrays read(Path file) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            int n = in.readInt();
            Map<String, Saved> arrays = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                String name = in.readUTF();
                String type = in.readUTF();
                long[] shape = new long[in.readInt()];
                for (int d = 0; d < shape.length; d++) {
                    shape[d] = in.readLong();
                }
                byte[] data = new byte[in.readInt()];
                in.readFully(data);
                arrays.put(name, new Saved(shape, type, data));
            }
            return new TrainingArrays(arrays);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
