package org.tripletlab.data.source;

import java.nio.file.Path;
import java.util.List;

/**
 * The images one training source offers, listed but not yet decoded.
 *
 * @param source the source's name ({@code lfw}, {@code cfp}, {@code celeba}, {@code olivetti})
 * @param folder its dataset folder
 * @param entries the images in a stable order (identity, then file name)
 * @param crop the crop box to decode them with, or null
 * @param selection what part of the source was taken, for the manifest (e.g. {@code people=folds[1, 2]})
 */
public record SourceImages(String source, Path folder, List<Entry> entries, List<Integer> crop, String selection) {

    /**
     * One image.
     *
     * @param file the image file
     * @param identity namespaced identity, {@code <source>:<name or id>}
     * @param person the person's plain name for name-based exclusion, or null when the source's
     *     identities are anonymous (CelebA, Olivetti)
     * @param imageName {@code <source>:<path relative to the folder>}
     */
    public record Entry(Path file, String identity, String person, String imageName) {
    }

    public SourceImages {
        entries = List.copyOf(entries);
    }
}
