package org.tripletlab.data.source;

import java.util.List;
import org.tripletlab.component.Component;
import org.tripletlab.component.ConfigView;
import org.tripletlab.component.Setting;

/**
 * The data section of a resolved config, typed: the selected source, built with its own settings, and
 * the keys every source shares (preprocessing, augmentation and the identity-disjoint split). The keys
 * of each source are declared by its class ({@link DataSources#REGISTRY}); the shared ones here.
 *
 * @param source the {@code data.source} name, e.g. {@code synthetic}, {@code lfw}
 * @param loader the selected source, built from the config
 */
public record DataSettings(String source, int imageSize, int channels, boolean flip, int shift, double valFraction,
        int valImages, int minImages, DataSource loader) {

    public static final Setting IMAGE_SIZE = SourceKeys.integer("data.image_size", 64, 16, 256, "side of the square network input in pixels");
    public static final Setting CHANNELS = SourceKeys.integer("data.channels", 1, 1, 3, "1 (grey) or 3 (RGB)");
    public static final Setting FLIP = SourceKeys.bool("data.augment.flip", true, "random horizontal flip during training");
    public static final Setting SHIFT = SourceKeys.integer("data.augment.shift", 2, 0, 32,
            "random translation of up to this many pixels during training");
    public static final Setting VAL_FRACTION = SourceKeys.number("data.split.val_fraction", 0.2, 0.01, 0.9,
            "share of identities held out for validation (identity-disjoint)");
    public static final Setting VAL_IMAGES = SourceKeys.integer("data.val_images", 400, 20, 100000,
            "size of the fixed validation image set used for distances and accuracy");
    public static final Setting MIN_IMAGES = SourceKeys.integer("data.min_images", 2, 2, 1000,
            "identities with fewer images are excluded (counted in the log)");

    /** The shared keys of the network input, in config.yaml order. */
    static final List<Component.Key> IMAGE_KEYS = keys(IMAGE_SIZE, CHANNELS);
    /** The shared keys of augmentation, split and selection, in config.yaml order. */
    static final List<Component.Key> TRAINING_KEYS = keys(FLIP, SHIFT, VAL_FRACTION, VAL_IMAGES, MIN_IMAGES);

    /** The sources that load named datasets keep them here; an empty list for the others. */
    public NamedSources sources() {
        return loader instanceof NamedSources n ? n : NamedSources.NONE;
    }

    /**
     * Checks the data section (the pixel keys first, then every source's keys, see {@link DataSources#check})
     * and builds the selected source.
     */
    public static DataSettings from(ConfigView c) {
        checkPixels(c);
        DataSources.check(c);
        String source = c.getString(DataSources.REGISTRY.selector());
        return new DataSettings(source, c.getInt(IMAGE_SIZE.path()), c.getInt(CHANNELS.path()), c.getBoolean(FLIP.path()),
                c.getInt(SHIFT.path()), c.getDouble(VAL_FRACTION.path()), c.getInt(VAL_IMAGES.path()), c.getInt(MIN_IMAGES.path()),
                DataSources.REGISTRY.get(source).create(c));
    }

    /**
     * The rules on how images become network input, which the config check runs before any other:
     * {@code data.crop} is a crop box and {@code data.channels} is 1 or 3.
     */
    public static void checkPixels(ConfigView c) {
        SourceKeys.checkedCrop(c, ImageFolderSource.CROP.path());
        int channels = c.getInt(CHANNELS.path());
        if (channels != 1 && channels != 3) {
            throw c.error(CHANNELS.path(), channels + " is not allowed; expected 1 (grey) or 3 (RGB)");
        }
    }

    private static List<Component.Key> keys(Setting... settings) {
        return java.util.Arrays.stream(settings).map(s -> new Component.Key(s, false)).toList();
    }
}
