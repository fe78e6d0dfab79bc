package org.tripletlab.data.source;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.tripletlab.data.DataException;
import org.tripletlab.data.protocol.LfwPairs;

/**
 * LFW deep-funneled images for training: {@code <lfw>/images_deepfunneled/<Name>/<Name>_NNNN.jpg},
 * identities {@code lfw:<Name>} in name order, optionally only the people of some
 * {@link org.tripletlab.data.protocol.LfwPeople} folds.
 */
public final class LfwSource {
    private LfwSource() {
    }

    /**
     * @param only LFW names to keep (e.g. the people of 9 folds), or null for everyone; a name without
     *     an image folder is an error
     * @param selection how {@code only} was chosen, for the manifest
     */
    public static SourceImages list(Path lfw, Set<String> only, List<Integer> crop, String selection) {
        Path images = lfw.resolve(LfwPairs.IMAGES);
        Listing.requireDir(images, "LFW's images_deepfunneled/<Name>/<Name>_NNNN.jpg");
        List<SourceImages.Entry> out = new ArrayList<>();
        Set<String> found = new TreeSet<>();
        for (Path dir : Listing.dirs(images)) {
            String name = dir.getFileName().toString();
            if (only != null && !only.contains(name)) {
                continue;
            }
            found.add(name);
            for (Path f : Listing.images(dir)) {
                out.add(new SourceImages.Entry(f, "lfw:" + name, name, "lfw:" + Listing.rel(lfw, f)));
            }
        }
        if (only != null && found.size() != only.size()) {
            List<String> missing = only.stream().filter(n -> !found.contains(n)).sorted().limit(5).toList();
            throw new DataException(images + ": no image folder for " + (only.size() - found.size())
                    + " of the selected LFW people, e.g. " + missing);
        }
        return new SourceImages("lfw", lfw, out, crop, selection);
    }
}
