package org.tripletlab.data.protocol;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Writes tiny protocol fixtures (text files, flat-colour images) into a test's temporary folder. */
public final class Fixtures {
    private Fixtures() {
    }

    public static Path text(Path file, String... lines) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, String.join("\n", lines) + "\n");
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A {@code side × side} image of one grey level; the format follows the file's extension. */
    public static Path image(Path file, int side, int grey) {
        BufferedImage img = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                img.setRGB(x, y, (grey << 16) | (grey << 8) | grey);
            }
        }
        try {
            Files.createDirectories(file.getParent());
            String fmt = file.toString().endsWith(".png") ? "png" : "jpg";
            if (!ImageIO.write(img, fmt, file.toFile())) {
                throw new IllegalStateException("no ImageIO writer for " + fmt);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code <lfw>/images_deepfunneled/<name>/<name>_000k.jpg} for k = 1..count. */
    public static void lfwPerson(Path lfw, String name, int count) {
        for (int k = 1; k <= count; k++) {
            image(lfw.resolve(LfwPairs.path(name, k)), 8, 40 * k % 256);
        }
    }
}
