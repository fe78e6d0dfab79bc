package org.tripletlab.data.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.tripletlab.component.Component;
import org.tripletlab.component.ConfigView;
import org.tripletlab.component.Setting;
import org.tripletlab.data.DataException;
import org.tripletlab.data.FaceDataset;
import org.tripletlab.data.ImageDecoder;
import org.tripletlab.data.Parallel;
import org.tripletlab.util.Hashing;

/**
 * {@code image-folder}: {@code <root>/<identity>/<image>.{jpg,jpeg,png}}, identities in name order, images in
 * name order. Identities with fewer than {@code data.min_images} images are left out before decoding (they
 * can never form an anchor–positive pair) and counted; hidden files and folders are skipped and counted.
 *
 * @param root the folder ({@code data.root}), relative to the data root or absolute; null = the data root
 * @param crop crop box ({@code data.crop}) or null
 */
public record ImageFolderSource(String root, List<Integer> crop) implements DataSource {
    public static final Setting ROOT = SourceKeys.nullableString("data.root", "image-folder root (<root>/<identity>/<image>.jpg|png); "
            + "--data-root and $TRIPLETLAB_DATA_ROOT override it; relative paths are resolved against that data root");
    public static final Setting CROP = SourceKeys.crop("data.crop", null,
            "crop box [x, y, width, height] in source pixels, applied before the resize; null = whole image");

    public static final Component<DataSource> COMPONENT = Component.<DataSource>named("image-folder",
            "an image-folder tree <root>/<identity>/<image>.jpg|png")
            .key(ROOT).key(CROP)
            .check(ImageFolderSource::check)
            .build(c -> new ImageFolderSource(c.getString(ROOT.path()), c.getIntList(CROP.path())));

    /** data.root and data.crop are this source's: a config that loads named datasets sets theirs instead. */
    private static void check(ConfigView c) {
        List<String> names = DataSources.datasetsLoaded(c);
        if (!names.isEmpty()) {
            if (c.get(ROOT.path()) != null) {
                throw c.error(ROOT.path(), "applies to data.source image-folder; for " + names + " set data.<source>.root, e.g. data.lfw.root");
            }
            if (c.get(CROP.path()) != null) {
                throw c.error(CROP.path(), "applies to data.source image-folder; for " + names + " set data.<source>.crop, e.g. data.lfw.crop");
            }
        }
    }

    @Override
    public DataSources.Loaded load(DataSettings cfg, Path dataRoot) {
        return loadFolder(cfg, resolveRoot(dataRoot));
    }

    Path resolveRoot(Path dataRoot) {
        if (root == null && dataRoot == null) {
            throw new DataException("data.source is image-folder but no folder is given: set data.root in the config, "
                    + "pass --data-root DIR, or set TRIPLETLAB_DATA_ROOT");
        }
        Path folder;
        if (root == null) {
            folder = dataRoot;
        } else {
            Path r = Path.of(root);
            folder = r.isAbsolute() || dataRoot == null ? r : dataRoot.resolve(r);
        }
        if (!Files.isDirectory(folder)) {
            throw new DataException(folder.toAbsolutePath().normalize() + ": image folder not found (from data.root='" + root
                    + "' and data root " + dataRoot + "); expected <root>/<identity>/<image>.jpg");
        }
        return folder;
    }

    private DataSources.Loaded loadFolder(DataSettings cfg, Path folder) {
        List<Path> identityDirs;
        int hidden = 0;
        try (Stream<Path> s = Files.list(folder)) {
            List<Path> dirs = s.filter(Files::isDirectory).sorted().toList();
            identityDirs = dirs.stream().filter(d -> !isHidden(d)).toList();
            hidden += dirs.size() - identityDirs.size();
        } catch (IOException e) {
            throw new DataException(folder + ": cannot list identity folders: " + e.getMessage(), e);
        }
        if (identityDirs.isEmpty()) {
            throw new DataException(folder + ": no identity folders; expected <root>/<identity>/<image>.jpg");
        }
        List<String> identities = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        List<Integer> labelList = new ArrayList<>();
        StringBuilder manifest = new StringBuilder("image-folder v1\n");
        int excludedIds = 0;
        int excludedImages = 0;
        for (Path dir : identityDirs) {
            List<Path> images;
            try (Stream<Path> s = Files.list(dir)) {
                List<Path> entries = s.sorted().toList();
                images = entries.stream().filter(p -> !isHidden(p) && isImage(p)).toList();
                hidden += (int) entries.stream().filter(ImageFolderSource::isHidden).count();
            } catch (IOException e) {
                throw new DataException(dir + ": cannot list images: " + e.getMessage(), e);
            }
            if (images.size() < cfg.minImages()) {
                excludedIds++;
                excludedImages += images.size();
                continue;
            }
            int label = identities.size();
            identities.add(dir.getFileName().toString());
            for (Path p : images) {
                files.add(p);
                labelList.add(label);
                try {
                    manifest.append(folder.relativize(p)).append('\t').append(Files.size(p)).append('\n');
                } catch (IOException e) {
                    throw new DataException(p + ": cannot stat: " + e.getMessage(), e);
                }
            }
        }
        if (identities.isEmpty()) {
            throw new DataException(folder + ": no identity has at least " + cfg.minImages()
                    + " images (data.min_images); the triplet loss needs several images per person");
        }
        int n = files.size();
        int bytes = cfg.imageSize() * cfg.imageSize() * cfg.channels();
        byte[] pixels = new byte[Math.multiplyExact(n, bytes)];
        ImageDecoder decoder = new ImageDecoder(cfg.imageSize(), cfg.channels(), crop);
        Parallel.forIndices(n, i -> decoder.decode(files.get(i), pixels, i * bytes));
        int[] labels = labelList.stream().mapToInt(Integer::intValue).toArray();
        List<String> names = files.stream().map(p -> folder.relativize(p).toString()).toList();
        manifest.append("crop=").append(crop).append(" size=").append(cfg.imageSize())
                .append(" channels=").append(cfg.channels()).append('\n');
        FaceDataset ds = new FaceDataset(cfg.imageSize(), cfg.channels(), pixels, labels, identities, names,
                Hashing.sha256(manifest.toString()), "image-folder " + folder.toAbsolutePath().normalize());
        return new DataSources.Loaded(ds, identityDirs.size(), excludedIds, excludedImages, 0, List.of(), Map.of(), hidden);
    }

    /** A hidden file or folder: its name starts with '.' ({@code .git}, {@code .ipynb_checkpoints}, {@code ._x.jpg}). */
    private static boolean isHidden(Path p) {
        Path name = p.getFileName();
        return name != null && name.toString().startsWith(".");
    }

    private static boolean isImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(p) && (n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".png"));
    }
}
