package org.tripletlab.data.source;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.tripletlab.data.TextLines;

/**
 * The listing every CelebA folder shares ({@code celeba}, {@code celeba-test}): {@code <folder>/images/NNNNNN.jpg}
 * with {@code identity_CelebA.txt} lines {@code NNNNNN.jpg <identity number>}. Identities are
 * {@code <source>:<number>} in CelebA's own numbering (one person, one number, in every CelebA folder), images
 * {@code <source>:images/NNNNNN.jpg}. Every listed image must exist; a malformed line, a path or a repeated name
 * is an error naming the line.
 */
final class CelebaListing {
    /** What {@link NamedDataset#identityNumbering()} answers for a CelebA folder. */
    static final String NUMBERING = "CelebA identity numbers";

    private CelebaListing() {
    }

    /** The images of the CelebA folder {@code folder}, identities ordered by number, images by file name within one. */
    static SourceImages list(String source, Path folder, List<Integer> crop) {
        Path images = folder.resolve("images");
        Listing.requireDir(images, "CelebA's images/NNNNNN.jpg");
        TextLines in = TextLines.read(folder.resolve("identity_CelebA.txt"), "CelebA identities 'NNNNNN.jpg <identity>'");
        List<SourceImages.Entry> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String prefix = source + ":";
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
            out.add(new SourceImages.Entry(f, prefix + id, null, prefix + "images/" + file));
        }
        out.sort(Comparator.comparingInt((SourceImages.Entry e) -> Integer.parseInt(e.identity().substring(prefix.length())))
                .thenComparing(SourceImages.Entry::imageName));
        return new SourceImages(source, folder, out, crop, "all");
    }
}
