package org.tripletlab.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.tripletlab.config.ExperimentConfig;
import org.tripletlab.data.source.TrainingSources;
import org.tripletlab.util.Hashing;

/**
 * Builds a {@link FaceDataset} from a config's {@code data} section.
 *
 * <ul>
 *   <li>{@code synthetic}: {@link SyntheticFaces}, identities × images per identity, rendered once.</li>
 *   <li>{@code image-folder}: {@code <root>/<identity>/<image>.{jpg,jpeg,png}}, identities in name
 *       order, images in name order. Identities with fewer than {@code data.min_images} images are
 *       left out before decoding (they can never form an anchor–positive pair) and counted.</li>
 *   <li>{@code lfw}, {@code cfp}, {@code celeba}, {@code olivetti}, {@code combined}: the named datasets
 *       under the data root, see {@link TrainingSources}.</li>
 * </ul>
 */
public final class DataSources {
    /**
     * What was loaded and what was left out, for the log and provenance.
     *
     * @param identitiesExcluded identities left out for having fewer than {@code data.min_images} images
     * @param imagesExcluded images of every identity left out (for either reason)
     * @param identitiesExcludedByName identities left out because a {@code data.exclude_names} list holds their
     *     name, exactly or through an alias ({@code data.cfp.aliases})
     * @param excludedByExactName those left out by their own name, as namespaced identities ({@code cfp:Aaron Eckhart})
     * @param excludedByAlias those left out through an alias: identity → the listed name it stands for
     *     ({@code cfp:Joe Biden} → {@code Joseph_Biden})
     * @param hiddenEntriesSkipped hidden files and folders (name starting with '.', such as
     *     {@code .ipynb_checkpoints/} or {@code .DS_Store}) skipped by the image-folder source
     */
    public record Loaded(FaceDataset dataset, int identitiesSeen, int identitiesExcluded, int imagesExcluded,
            int identitiesExcludedByName, List<String> excludedByExactName, java.util.Map<String, String> excludedByAlias,
            int hiddenEntriesSkipped) {
        public Loaded(FaceDataset dataset, int identitiesSeen, int identitiesExcluded, int imagesExcluded,
                int identitiesExcludedByName, List<String> excludedByExactName, java.util.Map<String, String> excludedByAlias) {
            this(dataset, identitiesSeen, identitiesExcluded, imagesExcluded, identitiesExcludedByName, excludedByExactName,
                    excludedByAlias, 0);
        }

        public Loaded(FaceDataset dataset, int identitiesSeen, int identitiesExcluded, int imagesExcluded) {
            this(dataset, identitiesSeen, identitiesExcluded, imagesExcluded, 0, List.of(), java.util.Map.of());
        }
    }

    /** A hidden file or folder: its name starts with '.' ({@code .git}, {@code .ipynb_checkpoints}, {@code ._x.jpg}). */
    public static boolean isHidden(Path p) {
        Path name = p.getFileName();
        return name != null && name.toString().startsWith(".");
    }

    private DataSources() {
    }

    /**
     * @param dataRoot the run's data root ({@code --data-root}, {@code $TRIPLETLAB_DATA_ROOT}); a
     *     relative {@code data.root} is resolved against it; may be null
     */
    public static Loaded load(ExperimentConfig.Data cfg, Path dataRoot) {
        return switch (cfg.source()) {
            case "synthetic" -> synthetic(cfg);
            case "image-folder" -> imageFolder(cfg, resolveRoot(cfg, dataRoot));
            case "lfw", "cfp", "celeba", "olivetti", "combined" -> named(cfg, dataRoot);
            default -> throw new DataException("data.source '" + cfg.source() + "' is not supported");
        };
    }

    /** Lists, selects and decodes the named datasets of {@code cfg.sources()} ({@link TrainingSources}). */
    static Loaded named(ExperimentConfig.Data cfg, Path dataRoot) {
        TrainingSources.Selection sel = TrainingSources.selection(cfg, dataRoot);
        FaceDataset ds = TrainingSources.decode(sel, cfg.imageSize(), cfg.channels());
        return new Loaded(ds, sel.identitiesSeen(), sel.identitiesBelowMin(), sel.imagesExcluded(),
                sel.identitiesExcludedByName(), sel.excludedByExactName(), sel.excludedByAlias());
    }

    static Path resolveRoot(ExperimentConfig.Data cfg, Path dataRoot) {
        if (cfg.root() == null && dataRoot == null) {
            throw new DataException("data.source is image-folder but no folder is given: set data.root in the config, "
                    + "pass --data-root DIR, or set TRIPLETLAB_DATA_ROOT");
        }
        Path root;
        if (cfg.root() == null) {
            root = dataRoot;
        } else {
            Path r = Path.of(cfg.root());
            root = r.isAbsolute() || dataRoot == null ? r : dataRoot.resolve(r);
        }
        if (!Files.isDirectory(root)) {
            throw new DataException(root.toAbsolutePath().normalize() + ": image folder not found (from data.root='" + cfg.root()
                    + "' and data root " + dataRoot + "); expected <root>/<identity>/<image>.jpg");
        }
        return root;
    }

    static Loaded synthetic(ExperimentConfig.Data cfg) {
        int ids = cfg.syntheticIdentities();
        int per = cfg.syntheticImagesPerIdentity();
        int n = ids * per;
        int bytes = cfg.imageSize() * cfg.imageSize() * cfg.channels();
        byte[] pixels = new byte[Math.multiplyExact(n, bytes)];
        int[] labels = new int[n];
        List<String> names = new ArrayList<>(n);
        List<String> identities = new ArrayList<>(ids);
        SyntheticFaces faces = new SyntheticFaces(cfg.syntheticSeed());
        for (int id = 0; id < ids; id++) {
            identities.add(String.format(Locale.ROOT, "synthetic-%05d", id));
            for (int k = 0; k < per; k++) {
                labels[id * per + k] = id;
                names.add(String.format(Locale.ROOT, "synthetic-%05d/%04d", id, k));
            }
        }
        Parallel.forIndices(n, i -> {
            byte[] img = faces.render(labels[i], i % per, cfg.imageSize(), cfg.channels());
            System.arraycopy(img, 0, pixels, i * bytes, bytes);
        });
        String manifest = Hashing.sha256(String.format(Locale.ROOT, "synthetic-faces v1 seed=%d identities=%d per=%d size=%d channels=%d",
                cfg.syntheticSeed(), ids, per, cfg.imageSize(), cfg.channels()));
        FaceDataset ds = new FaceDataset(cfg.imageSize(), cfg.channels(), pixels, labels, identities, names, manifest,
                "synthetic faces (seed " + cfg.syntheticSeed() + ", " + ids + " identities × " + per + " images)");
        return new Loaded(ds, ids, 0, 0);
    }

    static Loaded imageFolder(ExperimentConfig.Data cfg, Path root) {
        List<Path> identityDirs;
        int hidden = 0;
        try (Stream<Path> s = Files.list(root)) {
            List<Path> dirs = s.filter(Files::isDirectory).sorted().toList();
            identityDirs = dirs.stream().filter(d -> !isHidden(d)).toList();
            hidden += dirs.size() - identityDirs.size();
        } catch (IOException e) {
            throw new DataException(root + ": cannot list identity folders: " + e.getMessage(), e);
        }
        if (identityDirs.isEmpty()) {
            throw new DataException(root + ": no identity folders; expected <root>/<identity>/<image>.jpg");
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
                hidden += (int) entries.stream().filter(DataSources::isHidden).count();
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
                    manifest.append(root.relativize(p)).append('\t').append(Files.size(p)).append('\n');
                } catch (IOException e) {
                    throw new DataException(p + ": cannot stat: " + e.getMessage(), e);
                }
            }
        }
        if (identities.isEmpty()) {
            throw new DataException(root + ": no identity has at least " + cfg.minImages()
                    + " images (data.min_images); the triplet loss needs several images per person");
        }
        int n = files.size();
        int bytes = cfg.imageSize() * cfg.imageSize() * cfg.channels();
        byte[] pixels = new byte[Math.multiplyExact(n, bytes)];
        ImageDecoder decoder = new ImageDecoder(cfg.imageSize(), cfg.channels(), cfg.crop());
        Parallel.forIndices(n, i -> decoder.decode(files.get(i), pixels, i * bytes));
        int[] labels = labelList.stream().mapToInt(Integer::intValue).toArray();
        List<String> names = files.stream().map(p -> root.relativize(p).toString()).toList();
        manifest.append("crop=").append(cfg.crop()).append(" size=").append(cfg.imageSize())
                .append(" channels=").append(cfg.channels()).append('\n');
        FaceDataset ds = new FaceDataset(cfg.imageSize(), cfg.channels(), pixels, labels, identities, names,
                Hashing.sha256(manifest.toString()), "image-folder " + root.toAbsolutePath().normalize());
        return new Loaded(ds, identityDirs.size(), excludedIds, excludedImages, 0, List.of(), java.util.Map.of(), hidden);
    }

    private static boolean isImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(p) && (n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".png"));
    }
}
