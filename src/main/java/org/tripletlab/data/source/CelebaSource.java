package org.tripletlab.data.source;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.tripletlab.data.protocol.TextLines;

/**
 * CelebA aligned images for training: {@code <celeba>/images/NNNNNN.jpg} with
 * {@code identity_CelebA.txt} lines {@code NNNNNN.jpg <identity number>}. Identities are
 * {@code celeba:<number>} (anonymous: no names to exclude). Every listed image must exist; a
 * malformed line or a missing image is an error naming the line.
 */
public final class CelebaSource {
    private CelebaSource() {
    }

    public static SourceImages list(Path celeba, List<Integer> crop) {
        Path images = celeba.resolve("images");
        Listing.requireDir(images, "CelebA's images/NNNNNN.jpg");
        TextLines in = TextLines.read(celeba.resolve("identity_CelebA.txt"), "CelebA identities 'NNNNNN.jpg <identity>'");
        List<SourceImages.Entry> out = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (TextLines.Line line : in.all()) {
            in.expectFields(line, "'NNNNNN.jpg <identity>'", 2);
            String file = line.fields()[0];
            int id = in.intField(line, 1, 0, "identity");
            if (file.contains("/") || file.contains("\\") || !seen.add(file)) {
                throw in.error(line, "image name '" + file + "' is a path or listed twice");
            }
            Path f = images.resolve(file);
            if (!Files.isRegularFile(f)) {
                throw in.error(line, "image images/" + file + " does not exist (" + f.toAbsolutePath().normalize() + ")");
            }
            out.add(new SourceImages.Entry(f, "celeba:" + id, null, "celeba:images/" + file));
        }
        // identity order by number, images by file name within an identity
        List<SourceImages.Entry> sorted = new ArrayList<>(out);
        sorted.sort(Comparator.comparingInt((SourceImages.Entry e) -> Integer.parseInt(e.identity().substring(7)))
                .thenComparing(SourceImages.Entry::imageName));
        return new SourceImages("celeba", celeba, sorted, crop, "all");
    }
}
