package org.tripletlab.model.encoder;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tripletlab.util.BadFileException;
import org.tripletlab.util.FileReads;

/**
 * The tensors of a TensorFlow.js weights manifest ({@code *-weights_manifest.json}) and the binary
 * files it names, dequantised to float32.
 *
 * <p>The manifest is a JSON array of groups {@code {"paths": [file, …], "weights": [entry, …]}}; a
 * group's files, concatenated in order, hold its entries' data back to back in manifest order, little-endian,
 * with no padding. An entry is {@code {"name", "shape", "dtype", "quantization"?}}; its data is
 * {@code Π shape} elements of
 * <ul>
 *   <li>{@code dtype: float32} without {@code quantization}: IEEE float32 (4 bytes each);</li>
 *   <li>{@code quantization: {dtype: uint8 | uint16, scale, min}}: unsigned integers q (1 or 2 bytes) standing
 *       for the values {@code v = q · scale + min} (TF.js's affine quantisation: q = round((v − min) / scale));</li>
 *   <li>{@code quantization: {dtype: float16}}: IEEE half floats.</li>
 * </ul>
 * Anything else (int32 or string tensors, other quantisations) is refused naming the entry. The files are
 * resolved against the manifest's folder; their total size must be exactly what the entries take.
 *
 * @param manifest the manifest file read
 * @param files the weight files it names, in order
 * @param tensors every tensor by name, in manifest order
 */
public record TfjsWeights(Path manifest, List<Path> files, Map<String, Tensor> tensors) {

    /** What to do about a bad manifest or weights file. */
    static final String FIX = "fetch the weights again (delete the folder and run scripts/fetch-pretrained.sh)";

    /**
     * One tensor, dequantised.
     *
     * @param name the manifest's name, e.g. {@code conv32_1/conv1/conv/filters}
     * @param shape its shape as TF.js stores it (row-major; conv kernels are H×W×in×out)
     * @param values {@code Π shape} values, row-major
     */
    public record Tensor(String name, int[] shape, float[] values) {
        public long size() {
            return values.length;
        }

        /** The shape as text, e.g. {@code [3, 3, 32, 64]}. */
        public String shapeText() {
            return Arrays.toString(shape);
        }
    }

    public TfjsWeights {
        files = List.copyOf(files);
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    }

    /** The tensor called {@code name}; a {@link BadFileException} naming the manifest when there is none. */
    public Tensor get(String name) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new BadFileException(manifest, "has no tensor '" + name + "' (it holds " + tensors.size() + " tensors)",
                    "this is not the manifest of the network being loaded; " + FIX);
        }
        return t;
    }

    /** Reads {@code manifest} and the weight files it names. */
    public static TfjsWeights read(Path manifest) {
        Object doc = FileReads.document(manifest, "JSON", FIX);
        if (!(doc instanceof List<?> groups)) {
            throw new BadFileException(manifest, "is not a TF.js weights manifest (a JSON array of weight groups)", FIX);
        }
        Path folder = manifest.toAbsolutePath().getParent();
        Map<String, Tensor> out = new LinkedHashMap<>();
        List<Path> allFiles = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            Map<?, ?> group = map(manifest, groups.get(g), "group " + g);
            List<?> paths = list(manifest, group.get("paths"), "group " + g + "'s paths");
            List<?> weights = list(manifest, group.get("weights"), "group " + g + "'s weights");
            List<Path> files = new ArrayList<>();
            for (Object p : paths) {
                files.add(folder.resolve(String.valueOf(p)));
            }
            allFiles.addAll(files);
            ByteBuffer data = ByteBuffer.wrap(concat(files)).order(ByteOrder.LITTLE_ENDIAN);
            for (Object w : weights) {
                Tensor t = decode(manifest, map(manifest, w, "a weight entry of group " + g), data, files);
                if (out.put(t.name(), t) != null) {
                    throw new BadFileException(manifest, "names tensor '" + t.name() + "' twice", FIX);
                }
            }
            if (data.hasRemaining()) {
                throw new BadFileException(files.get(files.size() - 1), data.remaining() + " bytes more than the "
                        + weights.size() + " tensors of " + manifest.getFileName() + " take (" + data.position() + ")", FIX);
            }
        }
        return new TfjsWeights(manifest, allFiles, out);
    }

    private static Tensor decode(Path manifest, Map<?, ?> entry, ByteBuffer data, List<Path> files) {
        String name = String.valueOf(entry.get("name"));
        String dtype = String.valueOf(entry.get("dtype"));
        List<?> shapeList = list(manifest, entry.get("shape"), "tensor '" + name + "''s shape");
        int[] shape = new int[shapeList.size()];
        long n = 1;
        for (int i = 0; i < shape.length; i++) {
            if (!(shapeList.get(i) instanceof Integer d) || d < 0) {
                throw new BadFileException(manifest, "tensor '" + name + "' has shape " + shapeList + ", not non-negative integers", FIX);
            }
            shape[i] = d;
            n *= d;
        }
        if (!dtype.equals("float32")) {
            throw new BadFileException(manifest, "tensor '" + name + "' has dtype " + dtype + "; only float32 tensors are read", FIX);
        }
        Object q = entry.get("quantization");
        String stored = q == null ? "float32" : String.valueOf(map(manifest, q, "tensor '" + name + "''s quantization").get("dtype"));
        int bytesEach = switch (stored) {
            case "float32" -> 4;
            case "uint16", "float16" -> 2;
            case "uint8" -> 1;
            default -> throw new BadFileException(manifest, "tensor '" + name + "' is quantised as " + stored
                    + "; only uint8, uint16 and float16 quantisation are read", FIX);
        };
        long bytes = n * bytesEach;
        if (bytes > data.remaining()) {
            throw new BadFileException(files.get(files.size() - 1), "truncated: tensor '" + name + "' " + Arrays.toString(shape)
                    + " needs " + bytes + " bytes from offset " + data.position() + ", only " + data.remaining() + " are left", FIX);
        }
        float[] v = new float[(int) n];
        switch (stored) {
            case "float32" -> {
                for (int i = 0; i < v.length; i++) {
                    v[i] = data.getFloat();
                }
            }
            case "float16" -> {
                for (int i = 0; i < v.length; i++) {
                    v[i] = halfToFloat(data.getShort());
                }
            }
            default -> {
                Map<?, ?> qm = (Map<?, ?>) q;
                double scale = number(manifest, qm.get("scale"), name, "scale");
                double min = number(manifest, qm.get("min"), name, "min");
                boolean wide = stored.equals("uint16");
                for (int i = 0; i < v.length; i++) {
                    int code = wide ? Short.toUnsignedInt(data.getShort()) : Byte.toUnsignedInt(data.get());
                    // as TF.js computes it: in double, then stored as float32
                    v[i] = (float) (code * scale + min);
                }
            }
        }
        return new Tensor(name, shape, v);
    }

    /**
     * IEEE 754 binary16 → float32: sign s, exponent e (5 bits, bias 15), fraction f (10 bits); normal
     * (−1)^s·2^(e−15)·(1 + f/1024), subnormal (e = 0) (−1)^s·2^−14·f/1024, e = 31 infinity or NaN. (Java 17 has no
     * {@code Float.float16ToFloat}.)
     */
    static float halfToFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits >>> 15) == 0 ? 1 : -1;
        int e = (bits >>> 10) & 0x1f;
        int f = bits & 0x3ff;
        if (e == 0) {
            return sign * Math.scalb((float) f, -24);
        }
        if (e == 31) {
            return f == 0 ? sign * Float.POSITIVE_INFINITY : Float.NaN;
        }
        return sign * Math.scalb(1f + f / 1024f, e - 15);
    }

    private static byte[] concat(List<Path> files) {
        List<byte[]> parts = new ArrayList<>();
        long total = 0;
        for (Path f : files) {
            byte[] b = FileReads.bytes(f, FIX);
            parts.add(b);
            total += b.length;
        }
        if (total > Integer.MAX_VALUE - 8) {
            throw new BadFileException(files.get(0), String.format(Locale.ROOT, "%,d bytes in one weight group: too large", total), FIX);
        }
        byte[] all = new byte[(int) total];
        int at = 0;
        for (byte[] b : parts) {
            System.arraycopy(b, 0, all, at, b.length);
            at += b.length;
        }
        return all;
    }

    private static Map<?, ?> map(Path manifest, Object o, String what) {
        if (!(o instanceof Map<?, ?> m)) {
            throw new BadFileException(manifest, what + " is not a JSON object", FIX);
        }
        return m;
    }

    private static List<?> list(Path manifest, Object o, String what) {
        if (!(o instanceof List<?> l)) {
            throw new BadFileException(manifest, what + " is not a JSON array", FIX);
        }
        return l;
    }

    private static double number(Path manifest, Object o, String tensor, String field) {
        if (!(o instanceof Number x) || !Double.isFinite(x.doubleValue())) {
            throw new BadFileException(manifest, "tensor '" + tensor + "' has quantization " + field + " " + o + ", not a finite number", FIX);
        }
        return x.doubleValue();
    }
}
