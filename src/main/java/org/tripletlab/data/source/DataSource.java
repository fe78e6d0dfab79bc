package org.tripletlab.data.source;

import java.nio.file.Path;

/**
 * Where a run's training images come from: what {@code data.source} selects. Each source class
 * declares its name, keys, checks and construction in its {@code COMPONENT}, and
 * {@link DataSources#REGISTRY} lists them; the built source holds its own settings and loads the images.
 */
public interface DataSource {
    /**
     * Finds and decodes the training images.
     *
     * @param data the data section the source was built from (image size, channels, {@code data.min_images})
     * @param dataRoot the run's data root ({@code --data-root}, {@code $TRIPLETLAB_DATA_ROOT}); relative
     *     folders are resolved against it; may be null
     */
    DataSources.Loaded load(DataSettings data, Path dataRoot);
}
