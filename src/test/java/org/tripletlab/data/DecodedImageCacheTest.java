package org.tripletlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cache gives exactly the bytes decoding gives, and notices when an entry no longer fits. */
class DecodedImageCacheTest {
    @TempDir
    Path dir;

    private final List<Path> files = new ArrayList<>();
    private final List<String> messages = new ArrayList<>();
    private DecodedImageCache cache;

    private static BufferedImage face(int seed) {
        BufferedImage img = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 40; x++) {
                img.setRGB(x, y, ((x * 7 + seed * 31) % 256) << 16 | ((y * 11 + seed) % 256) << 8 | ((x * y + seed * 5) % 256));
            }
        }
        return img;
    }

    @BeforeEach
    void images() throws Exception {
        for (int i = 0; i < 5; i++) {
            Path f = dir.resolve("img-" + i + ".png");
            ImageIO.write(face(i), "png", f.toFile());
            files.add(f);
        }
        cache = DecodedImageCache.in(dir.resolve("cache"), messages::add);
    }

    /** The oracle: what decoding each file gives, without any cache. */
    private static byte[] decoded(List<Path> files, ImageDecoder d) {
        byte[] out = new byte[files.size() * d.imageBytes()];
        for (int i = 0; i < files.size(); i++) {
            d.decode(files.get(i), out, i * d.imageBytes());
        }
        return out;
    }

    @Test
    void aHitGivesTheDecodedBytes() {
        ImageDecoder d = new ImageDecoder(12, 3, List.of(2, 1, 30, 25));
        DecodedImageCache.Load first = cache.load(files, d);
        assertEquals(DecodedImageCache.Outcome.MISS, first.outcome());
        assertTrue(Files.isRegularFile(cache.entry(files, d)));
        DecodedImageCache.Load second = cache.load(files, d);
        assertEquals(DecodedImageCache.Outcome.HIT, second.outcome());
        byte[] expected = decoded(files, d);
        assertArrayEquals(expected, first.pixels());
        assertArrayEquals(expected, second.pixels());
        assertTrue(messages.get(messages.size() - 1).contains("from the cache"), messages.toString());
    }

    @Test
    void anotherCropSizeChannelsOrImageListIsAnotherEntry() {
        ImageDecoder base = new ImageDecoder(12, 1, null);
        cache.load(files, base);
        for (ImageDecoder d : List.of(new ImageDecoder(12, 1, List.of(0, 0, 20, 20)), new ImageDecoder(10, 1, null),
                new ImageDecoder(12, 3, null))) {
            assertNotEquals(cache.entry(files, base), cache.entry(files, d));
            DecodedImageCache.Load l = cache.load(files, d);
            assertEquals(DecodedImageCache.Outcome.MISS, l.outcome(), d.settings());
            assertArrayEquals(decoded(files, d), l.pixels(), d.settings());
        }
        List<Path> reordered = new ArrayList<>(files);
        java.util.Collections.swap(reordered, 0, 1);
        DecodedImageCache.Load l = cache.load(reordered, base);
        assertEquals(DecodedImageCache.Outcome.MISS, l.outcome());
        assertArrayEquals(decoded(reordered, base), l.pixels());
    }

    @Test
    void aDamagedEntryIsDecodedAgainAndRewritten() throws Exception {
        ImageDecoder d = new ImageDecoder(8, 1, null);
        cache.load(files, d);
        Path entry = cache.entry(files, d);
        byte[] good = Files.readAllBytes(entry);
        byte[] expected = decoded(files, d);

        byte[] flipped = good.clone();
        flipped[good.length - 8 - 3] ^= 0x10; // one pixel bit, before the checksum
        Files.write(entry, flipped);
        DecodedImageCache.Load l = cache.load(files, d);
        assertEquals(DecodedImageCache.Outcome.DAMAGED, l.outcome());
        assertArrayEquals(expected, l.pixels());
        assertTrue(messages.stream().anyMatch(m -> m.contains("checksum mismatch") && m.contains(entry.toString())), messages.toString());
        assertArrayEquals(good, Files.readAllBytes(entry), "rewritten whole");
        assertEquals(DecodedImageCache.Outcome.HIT, cache.load(files, d).outcome());

        for (byte[] damaged : List.of(java.util.Arrays.copyOf(good, good.length / 2), java.util.Arrays.copyOf(good, good.length + 1),
                new byte[] {1, 2, 3}, new byte[0])) {
            Files.write(entry, damaged);
            l = cache.load(files, d);
            assertEquals(DecodedImageCache.Outcome.DAMAGED, l.outcome(), "length " + damaged.length);
            assertArrayEquals(expected, l.pixels());
        }
        assertTrue(messages.stream().anyMatch(m -> m.contains("truncated")), messages.toString());
    }

    @Test
    void aChangedImageMakesTheEntryStale() throws Exception {
        ImageDecoder d = new ImageDecoder(8, 3, null);
        cache.load(files, d);
        FileTime before = Files.getLastModifiedTime(files.get(3));
        ImageIO.write(face(42), "png", files.get(3).toFile());
        Files.setLastModifiedTime(files.get(3), FileTime.fromMillis(before.toMillis() + 2000)); // a later write, whatever the clock's grain
        DecodedImageCache.Load l = cache.load(files, d);
        assertEquals(DecodedImageCache.Outcome.STALE, l.outcome());
        assertArrayEquals(decoded(files, d), l.pixels());
        assertTrue(messages.stream().anyMatch(m -> m.contains("1 of 5 images changed") && m.contains("img-3.png")), messages.toString());
        assertEquals(DecodedImageCache.Outcome.HIT, cache.load(files, d).outcome());
    }

    @Test
    void aCacheFolderThatCannotBeWrittenCostsAWarningNotTheImages() throws Exception {
        Path notADir = dir.resolve("file");
        Files.writeString(notADir, "x");
        DecodedImageCache c = DecodedImageCache.in(notADir.resolve("cache"), messages::add);
        ImageDecoder d = new ImageDecoder(8, 1, null);
        DecodedImageCache.Load l = c.load(files, d);
        assertArrayEquals(decoded(files, d), l.pixels());
        assertTrue(messages.stream().anyMatch(m -> m.contains("were not cached")), messages.toString());
    }

    @Test
    void disabledDecodesAndWritesNothing() {
        ImageDecoder d = new ImageDecoder(8, 1, null);
        DecodedImageCache.Load l = DecodedImageCache.disabled().load(files, d);
        assertEquals(DecodedImageCache.Outcome.DISABLED, l.outcome());
        assertArrayEquals(decoded(files, d), l.pixels());
        assertFalse(Files.exists(dir.resolve("cache")));
    }

    @Test
    void theEnvironmentChoosesTheFolderOrTurnsItOff() {
        String home = dir.resolve("home").toString();
        assertEquals(Path.of("/c/x", "decoded-images"),
                DecodedImageCache.fromEnvironment(Map.of("TRIPLETLAB_CACHE_DIR", "/c/x", "XDG_CACHE_HOME", "/xdg"), home, s -> { }).dir());
        assertEquals(Path.of("/xdg", "tripletlab", "decoded-images"),
                DecodedImageCache.fromEnvironment(Map.of("XDG_CACHE_HOME", "/xdg"), home, s -> { }).dir());
        assertEquals(Path.of(home, ".cache", "tripletlab", "decoded-images"),
                DecodedImageCache.fromEnvironment(Map.of("TRIPLETLAB_DECODE_CACHE", "on"), home, s -> { }).dir());
        assertFalse(DecodedImageCache.fromEnvironment(Map.of("TRIPLETLAB_DECODE_CACHE", "OFF", "TRIPLETLAB_CACHE_DIR", "/c"), home, s -> { })
                .enabled());
        DataException e = assertThrows(DataException.class,
                () -> DecodedImageCache.fromEnvironment(Map.of("TRIPLETLAB_DECODE_CACHE", "no"), home, s -> { }));
        assertTrue(e.getMessage().contains("TRIPLETLAB_DECODE_CACHE=no") && e.getMessage().contains("on or off"), e.getMessage());
    }
}
