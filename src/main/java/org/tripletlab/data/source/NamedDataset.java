package org.tripletlab.data.source;

import java.nio.file.Path;
import java.util.List;

/**
 * A dataset with its own folder under the data root ({@code data.<name>.root}) and crop box
 * ({@code data.<name>.crop}), whose identities carry its name as namespace ({@code lfw:Name},
 * {@code celeba:17}): {@code lfw}, {@code cfp}, {@code celeba}, {@code celeba-test}, {@code olivetti}. Its images are listed
 * before anything is decoded, so several datasets can be combined ({@code data.combine}) and people
 * left out by name ({@code data.exclude_names}) first; {@link TrainingSources} does both.
 *
 * <p>A dataset's component declares {@link NamedSources#EXCLUDE_NAMES} among its keys, which makes it one of
 * {@link DataSources#datasets()} (what {@code data.combine} accepts), and builds a one-dataset
 * {@link NamedSources}. Its image names start with its name ({@code lfw:images_deepfunneled/…}).
 */
public interface NamedDataset {
    /** The source name, also the namespace of its identities and image names. */
    String name();

    /** The dataset folder as configured: relative to the data root, or absolute. */
    String root();

    /** The crop box {@code [x, y, w, h]} its images are decoded with, or null for the whole image. */
    List<Integer> crop();

    /** The images of the dataset folder {@code folder} this configuration selects, in a stable order. */
    SourceImages list(Path folder);

    /**
     * The alias table ({@code variant name<TAB>canonical name}) that name exclusion honours for this
     * dataset's people, relative to the data root or absolute, or null for none.
     */
    default String aliases() {
        return null;
    }

    /**
     * The identity numbering this dataset shares with other datasets, or null when its identities are its own.
     * {@code celeba} and {@code celeba-test} both answer {@value CelebaListing#NUMBERING}: their identities are
     * CelebA's numbers, one person one number, so the same number in both would be one person counted as two
     * identities. {@link TrainingSources#list} refuses to load two datasets of one numbering that share a number.
     */
    default String identityNumbering() {
        return null;
    }
}
