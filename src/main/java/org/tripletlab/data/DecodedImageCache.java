package org.tripletlab.data;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
import org.tripletlab.util.AtomicFiles;
import org.tripletlab.util.Hashing;

/**
 * Decoded images kept on disk between evaluations, so that evaluating another checkpoint on the same
 * benchmark reads LFW View 2's 7,701 decoded faces (31.5 MB at 64² grey) instead of decoding 7,701 JPEGs.
 *
 * <h2>What an entry is keyed by</h2>
 * One file per list of images and decoder settings: its name is the SHA-256 of a key text holding the
 * decoder's {@link ImageDecoder#settings()} (its {@link ImageDecoder#VERSION}, the Java runtime whose
 * JPEG/PNG readers decode, output size, channels, crop box) and every image's absolute path, in order.
 * Inside, the entry stores that key text again, each image's file size and modification time (in ns) as
 * they were when it was decoded, the pixels, and a CRC-32C of everything before it.
 *
 * <h2>When an entry is used</h2>
 * Only when the key text is the same, every image's size and modification time are still those recorded,
 * and the checksum, the length and the header agree. Otherwise the images are decoded (in parallel, as
 * without a cache) and the entry is written again, with one line saying why: no entry, <em>stale</em> (an
 * image changed since: a file rewritten in place gets a new modification time), or <em>damaged</em>
 * (truncated, altered, or written by another format). A file's content is not hashed: an image replaced
 * by another of the same size with its modification time set back would go unnoticed — touch it, or
 * delete the cache folder.
 *
 * <h2>Where, and how to turn it off</h2>
 * {@code $TRIPLETLAB_CACHE_DIR/decoded-images/}, by default {@code $XDG_CACHE_HOME/tripletlab/} or
 * {@code ~/.cache/tripletlab/}: outside the repository, never committed. {@code TRIPLETLAB_DECODE_CACHE=off}
 * (or {@code tripletlab eval --no-decode-cache}) decodes every time and neither reads nor writes it.
 * Entries are written atomically (a temporary file renamed over the entry), so a crash or a concurrent
 * evaluation never leaves a half-written entry; a cache folder that cannot be written costs a warning,
 * not the evaluation. Deleting the folder is always safe.
 */
public final class DecodedImageCache {
    /** The cache root's environment variable; the decoded images go into its {@link #SUBDIR}. */
    public static final String DIR_ENV = "TRIPLETLAB_CACHE_DIR";
    /** {@code off} disables the cache, {@code on} (or unset) enables it. */
    public static final String SWITCH_ENV = "TRIPLETLAB_DECODE_CACHE";
    static final String SUBDIR = "decoded-images";

    private static final int MAGIC = 0x544C4443; // "TLDC"
    private static final int FORMAT = 1;
    private static final String KEY_HEAD = "tripletlab decoded images v" + FORMAT;

    /** How a {@link #load} was served. */
    public enum Outcome {
        /** no cache: decoded */
        DISABLED,
        /** read from the cache */
        HIT,
        /** no entry yet: decoded, entry written */
        MISS,
        /** an image changed since the entry was written: decoded, entry rewritten */
        STALE,
        /** the entry was damaged: decoded, entry rewritten */
        DAMAGED
    }

    /** Decoded pixels (n images of {@link ImageDecoder#imageBytes()}, back to back) and how they were obtained. */
    public record Load(byte[] pixels, Outcome outcome) {
    }

    private final Path dir;
    private final Consumer<String> log;

    private DecodedImageCache(Path dir, Consumer<String> log) {
        this.dir = dir;
        this.log = log;
    }

    /** No cache: every load decodes. */
    public static DecodedImageCache disabled() {
        return new DecodedImageCache(null, s -> { });
    }

    /** A cache whose entries live in {@code dir} (created on the first write); messages go to {@code log}. */
    public static DecodedImageCache in(Path dir, Consumer<String> log) {
        return new DecodedImageCache(dir.toAbsolutePath().normalize(), log);
    }

    /** The cache this process's environment asks for ({@link #DIR_ENV}, {@link #SWITCH_ENV}, XDG_CACHE_HOME, HOME). */
    public static DecodedImageCache fromEnvironment(Consumer<String> log) {
        return fromEnvironment(System.getenv(), System.getProperty("user.home"), log);
    }

    /**
     * The cache the given environment asks for: disabled when {@link #SWITCH_ENV} is {@code off}; else in
     * {@code <root>/decoded-images} with root {@link #DIR_ENV}, else {@code $XDG_CACHE_HOME/tripletlab}, else
     * {@code <home>/.cache/tripletlab}.
     *
     * @throws DataException when {@link #SWITCH_ENV} is neither {@code on} nor {@code off}
     */
    public static DecodedImageCache fromEnvironment(Map<String, String> env, String home, Consumer<String> log) {
        String sw = env.getOrDefault(SWITCH_ENV, "").trim().toLowerCase(Locale.ROOT);
        if (sw.equals("off")) {
            return disabled();
        }
        if (!sw.isEmpty() && !sw.equals("on")) {
            throw new DataException(SWITCH_ENV + "=" + env.get(SWITCH_ENV) + ": expected on or off (off decodes benchmark images every time)");
        }
        String root = env.get(DIR_ENV);
        Path base;
        if (root != null && !root.isBlank()) {
            base = Path.of(root);
        } else if (env.get("XDG_CACHE_HOME") != null && !env.get("XDG_CACHE_HOME").isBlank()) {
            base = Path.of(env.get("XDG_CACHE_HOME"), "tripletlab");
        } else {
            base = Path.of(home, ".cache", "tripletlab");
        }
        return in(base.resolve(SUBDIR), log);
    }

    public boolean enabled() {
        return dir != null;
    }

    /** The folder of the entries, or null when disabled. */
    public Path dir() {
        return dir;
    }

    /** The entry file of these images decoded by {@code decoder} (whether or not it exists yet). */
    public Path entry(List<Path> files, ImageDecoder decoder) {
        if (dir == null) {
            throw new IllegalStateException("the decode cache is disabled");
        }
        return dir.resolve(Hashing.sha256(key(files, decoder)) + ".bin");
    }

    /**
     * The decoded pixels of {@code files}, image i at offset {@code i·decoder.imageBytes()}: read from the
     * cache when its entry is valid, else decoded on all cores (and the entry written).
     */
    public Load load(List<Path> files, ImageDecoder decoder) {
        int n = files.size();
        int per = decoder.imageBytes();
        byte[] pixels = new byte[Math.multiplyExact(n, per)];
        if (dir == null) {
            decodeAll(files, decoder, pixels);
            return new Load(pixels, Outcome.DISABLED);
        }
        String key = key(files, decoder);
        Path entry = dir.resolve(Hashing.sha256(key) + ".bin");
        long[][] stamps = stamps(files);
        Outcome outcome;
        String why = read(entry, key, stamps, files, pixels, per);
        if (why == null) {
            log.accept(String.format(Locale.ROOT, "  decoded images from the cache (%s=off to decode again): %s", SWITCH_ENV, entry));
            return new Load(pixels, Outcome.HIT);
        } else if (why.equals(ABSENT)) {
            outcome = Outcome.MISS;
        } else {
            outcome = why.startsWith(STALE) ? Outcome.STALE : Outcome.DAMAGED;
            log.accept("  decode cache: " + entry + " " + why + "; decoding the images again and rewriting it");
        }
        decodeAll(files, decoder, pixels);
        write(entry, key, stamps, pixels);
        return new Load(pixels, outcome);
    }

    private static final String ABSENT = "absent";
    private static final String STALE = "is stale";

    private static void decodeAll(List<Path> files, ImageDecoder decoder, byte[] pixels) {
        int per = decoder.imageBytes();
        Parallel.forIndices(files.size(), i -> decoder.decode(files.get(i), pixels, i * per));
    }

    static String key(List<Path> files, ImageDecoder decoder) {
        StringBuilder sb = new StringBuilder(KEY_HEAD).append('\n').append(decoder.settings()).append('\n');
        for (Path f : files) {
            sb.append(f.toAbsolutePath().normalize()).append('\n');
        }
        return sb.toString();
    }

    /** Per file {size, modification time in ns}; {-1, -1} for a file that cannot be read (never matches an entry). */
    private static long[][] stamps(List<Path> files) {
        long[][] s = new long[files.size()][];
        Parallel.forIndices(files.size(), i -> {
            try {
                BasicFileAttributes a = Files.readAttributes(files.get(i), BasicFileAttributes.class);
                s[i] = new long[] {a.size(), a.lastModifiedTime().to(TimeUnit.NANOSECONDS)};
            } catch (IOException e) {
                s[i] = new long[] {-1, -1}; // the decoder reports the file itself
            }
        });
        return s;
    }

    /**
     * Fills {@code pixels} from the entry; returns null when it is valid, else why not ({@link #ABSENT}, a
     * {@link #STALE} message, or what is damaged).
     */
    private static String read(Path entry, String key, long[][] stamps, List<Path> files, byte[] pixels, int per) {
        CRC32C crc = new CRC32C();
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(entry), 1 << 16);
                CheckedInputStream checked = new CheckedInputStream(raw, crc)) {
            DataInputStream in = new DataInputStream(checked);
            if (in.readInt() != MAGIC || in.readInt() != FORMAT) {
                return "is damaged (not a format-" + FORMAT + " entry)";
            }
            int keyLength = in.readInt();
            byte[] expectedKey = key.getBytes(StandardCharsets.UTF_8);
            if (keyLength != expectedKey.length) {
                return "is damaged (its key is not these images' and settings')";
            }
            byte[] storedKey = in.readNBytes(keyLength);
            if (!java.util.Arrays.equals(storedKey, expectedKey)) {
                return "is damaged (its key is not these images' and settings')";
            }
            if (in.readInt() != files.size() || in.readInt() != per) {
                return "is damaged (wrong image count or size)";
            }
            int changed = 0;
            int first = -1;
            for (int i = 0; i < files.size(); i++) {
                long size = in.readLong();
                long mtime = in.readLong();
                if (size != stamps[i][0] || mtime != stamps[i][1]) {
                    changed++;
                    first = first < 0 ? i : first;
                }
            }
            if (changed > 0) {
                return String.format(Locale.ROOT, "%s: %d of %d images changed since it was written (first: %s)", STALE, changed,
                        files.size(), files.get(first));
            }
            if (in.readNBytes(pixels, 0, pixels.length) != pixels.length) {
                return "is damaged (truncated)";
            }
            long computed = crc.getValue();
            long stored = new DataInputStream(raw).readLong();
            if (raw.read() != -1) {
                return "is damaged (longer than its content)";
            }
            if (stored != computed) {
                return "is damaged (checksum mismatch)";
            }
            return null;
        } catch (NoSuchFileException e) {
            return ABSENT;
        } catch (EOFException e) {
            return "is damaged (truncated)";
        } catch (IOException e) {
            return "cannot be read (" + e.getMessage() + ")";
        }
    }

    private void write(Path entry, String key, long[][] stamps, byte[] pixels) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(pixels.length + k.length + 16 * stamps.length + 64);
        CRC32C crc = new CRC32C();
        try (DataOutputStream out = new DataOutputStream(new CheckedOutputStream(bytes, crc))) {
            out.writeInt(MAGIC);
            out.writeInt(FORMAT);
            out.writeInt(k.length);
            out.write(k);
            out.writeInt(stamps.length);
            out.writeInt(stamps.length == 0 ? 0 : pixels.length / stamps.length);
            for (long[] s : stamps) {
                out.writeLong(s[0]);
                out.writeLong(s[1]);
            }
            out.write(pixels);
            out.flush();
            new DataOutputStream(bytes).writeLong(crc.getValue()); // the checksum of everything before it, not of itself
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the decode cache entry in memory", e);
        }
        try {
            AtomicFiles.write(entry, bytes.toByteArray());
            log.accept(String.format(Locale.ROOT, "  decoded images cached (%.1f MB; %s=off to disable): %s", bytes.size() / 1e6,
                    SWITCH_ENV, entry));
        } catch (UncheckedIOException e) {
            log.accept("  warning: the decoded images were not cached (" + e.getMessage() + "); the evaluation goes on. Set "
                    + DIR_ENV + " to a writable folder, or " + SWITCH_ENV + "=off.");
        }
    }
}
