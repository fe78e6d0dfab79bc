package org.tripletlab.data.protocol;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tripletlab.data.DataException;
import org.tripletlab.data.DecodedImageCache;
import org.tripletlab.data.FaceDataset;
import org.tripletlab.data.FolderDigest;
import org.tripletlab.data.ImageDecoder;
import org.tripletlab.data.TextLines;
import org.tripletlab.util.Hashing;

/**
 * A face-verification benchmark: the distinct images it uses, each listed once, and the pairs of
 * them to compare, each labelled same/different person and assigned to a cross-validation fold.
 *
 * <p>An evaluator embeds {@link #images()} once (see {@link #loadImages}) and then scores every pair
 * by its two image indices, so an image used by several pairs is decoded and embedded once.
 *
 * @param name the benchmark, e.g. {@code lfw-view2}, {@code cfp-fp}
 * @param source the data source whose crop policy fits its images ({@code lfw}, {@code cfp})
 * @param folder the dataset folder image paths are relative to (e.g. {@code <dataRoot>/lfw})
 * @param images distinct images in first-use order
 * @param pairs the pairs in file order
 * @param foldCount folds are numbered {@code 0 .. foldCount-1} (View 1 files are a single fold 0)
 */
public record PairProtocol(String name, String source, Path folder, List<Image> images, List<Pair> pairs, int foldCount) {

    /**
     * One image of the benchmark.
     *
     * @param path relative to the dataset folder, '/'-separated, e.g. {@code images_deepfunneled/Zico/Zico_0001.jpg}
     * @param identity namespaced person name, e.g. {@code lfw:Zico}, {@code cfp:50 Cent}
     */
    public record Image(String path, String identity) {
    }

    /**
     * One comparison: images {@code first} and {@code second} (indices into {@link #images()}),
     * whether they show the same person, and the 0-based fold.
     */
    public record Pair(int first, int second, boolean same, int fold) {
    }

    /** Pair counts of one fold. */
    public record FoldCounts(int fold, int same, int different) {
    }

    public PairProtocol {
        images = List.copyOf(images);
        pairs = List.copyOf(pairs);
        for (Pair p : pairs) {
            if (p.first < 0 || p.first >= images.size() || p.second < 0 || p.second >= images.size()) {
                throw new IllegalArgumentException(name + ": pair " + p + " refers to an image outside 0.." + (images.size() - 1));
            }
            if (p.fold < 0 || p.fold >= foldCount) {
                throw new IllegalArgumentException(name + ": pair " + p + " has a fold outside 0.." + (foldCount - 1));
            }
        }
    }

    /** The pairs of fold {@code fold} (0-based), in file order. */
    public List<Pair> fold(int fold) {
        return pairs.stream().filter(p -> p.fold == fold).toList();
    }

    /** Same and different pair counts of every fold, in fold order. */
    public List<FoldCounts> foldCounts() {
        int[] same = new int[foldCount];
        int[] diff = new int[foldCount];
        for (Pair p : pairs) {
            if (p.same) {
                same[p.fold]++;
            } else {
                diff[p.fold]++;
            }
        }
        List<FoldCounts> out = new ArrayList<>();
        for (int f = 0; f < foldCount; f++) {
            out.add(new FoldCounts(f, same[f], diff[f]));
        }
        return out;
    }

    /** Absolute path of image {@code i}. */
    public Path file(int i) {
        return folder.resolve(images.get(i).path());
    }

    /**
     * Decodes every distinct image once with crop box {@code crop} ({@code [x, y, w, h]}, null = whole image;
     * a run's {@code data.<source>.crop}). Image {@code i} of the dataset is {@code images().get(i)}; labels
     * index the distinct identities in first-use order.
     */
    public FaceDataset loadImages(int imageSize, int channels, List<Integer> crop) {
        return loadImages(imageSize, channels, crop, DecodedImageCache.disabled());
    }

    /**
     * As {@link #loadImages(int, int, List)}, the decoded pixels read from {@code cache} when it holds them
     * for these files and settings (and written to it when not): the same bytes either way.
     */
    public FaceDataset loadImages(int imageSize, int channels, List<Integer> crop, DecodedImageCache cache) {
        Map<String, Integer> ids = new LinkedHashMap<>();
        int n = images.size();
        int[] labels = new int[n];
        List<String> names = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            labels[i] = ids.computeIfAbsent(images.get(i).identity(), k -> ids.size());
            names.add(source + ":" + images.get(i).path());
        }
        List<Path> files = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            files.add(file(i));
        }
        byte[] pixels = cache.load(files, new ImageDecoder(imageSize, channels, crop)).pixels();
        StringBuilder manifest = new StringBuilder("pair-protocol v1 ").append(name).append('\n');
        manifest.append("dataset=").append(FolderDigest.of(folder)).append('\n');
        for (Image im : images) {
            manifest.append(im.path()).append('\n');
        }
        manifest.append(String.format(Locale.ROOT, "crop=%s size=%d channels=%d%n", crop, imageSize, channels));
        return new FaceDataset(imageSize, channels, pixels, labels, new ArrayList<>(ids.keySet()), names,
                Hashing.sha256(manifest.toString()), name + " (" + n + " distinct images, " + pairs.size() + " pairs) from "
                        + folder.toAbsolutePath().normalize());
    }

    /** Collects distinct images and pairs while a parser reads; checks each image exists once, on first use. */
    static final class Builder {
        private final String name;
        private final String source;
        private final Path folder;
        private final Map<String, Integer> index = new LinkedHashMap<>();
        private final List<Image> images = new ArrayList<>();
        private final List<Pair> pairs = new ArrayList<>();

        Builder(String name, String source, Path folder) {
            this.name = name;
            this.source = source;
            this.folder = folder;
        }

        /** Index of the image at {@code path}; a missing file is an error naming the pair line and the path. */
        int image(String path, String identity, TextLines in, TextLines.Line line) {
            Integer i = index.get(path);
            if (i != null) {
                return i;
            }
            Path f = folder.resolve(path);
            if (!Files.isRegularFile(f)) {
                throw in.error(line, "image " + path + " does not exist (" + f.toAbsolutePath().normalize() + ")");
            }
            int k = images.size();
            index.put(path, k);
            images.add(new Image(path, identity));
            return k;
        }

        void pair(int first, int second, boolean same, int fold) {
            pairs.add(new Pair(first, second, same, fold));
        }

        PairProtocol build(int folds) {
            return new PairProtocol(name, source, folder, images, pairs, folds);
        }
    }
}
