package org.tripletlab.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Face images with identity labels, decoded once into one compact byte array.
 *
 * <p>Every image is stored as {@code size × size × channels} unsigned bytes in HWC order (rows, then
 * columns, then channels), back to back. Bytes rather than boxed or float images keep LFW's
 * 13k images at 64×64 RGB under 170 MB and let every epoch read pixels without decoding a JPEG
 * again; HWC is the layout the batch builder writes into its channels-last input.
 */
public final class FaceDataset {
    private final int imageSize;
    private final int channels;
    private final byte[] pixels;
    private final int[] labels;
    private final List<String> identities;
    private final List<String> imageNames;
    private final String manifestHash;
    private final String description;

    /**
     * @param pixels n images of {@code imageSize²·channels} bytes, HWC, back to back
     * @param labels identity index (into {@code identities}) of each image
     * @param imageNames a stable name of each image (a relative path, or a synthetic id) for messages
     * @param manifestHash hash of what was read (file list and sizes, or generator parameters)
     */
    public FaceDataset(int imageSize, int channels, byte[] pixels, int[] labels, List<String> identities,
            List<String> imageNames, String manifestHash, String description) {
        int per = imageSize * imageSize * channels;
        if (pixels.length != (long) per * labels.length || imageNames.size() != labels.length) {
            throw new IllegalArgumentException("pixels, labels and names disagree on the image count");
        }
        for (int l : labels) {
            if (l < 0 || l >= identities.size()) {
                throw new IllegalArgumentException("label " + l + " outside 0.." + (identities.size() - 1));
            }
        }
        this.imageSize = imageSize;
        this.channels = channels;
        this.pixels = pixels;
        this.labels = labels;
        this.identities = List.copyOf(identities);
        this.imageNames = List.copyOf(imageNames);
        this.manifestHash = manifestHash;
        this.description = description;
    }

    public int size() {
        return labels.length;
    }

    public int imageSize() {
        return imageSize;
    }

    public int channels() {
        return channels;
    }

    /** Bytes per image: {@code imageSize²·channels}. */
    public int imageBytes() {
        return imageSize * imageSize * channels;
    }

    public int label(int image) {
        return labels[image];
    }

    public int identityCount() {
        return identities.size();
    }

    public String identityName(int identity) {
        return identities.get(identity);
    }

    public String imageName(int image) {
        return imageNames.get(image);
    }

    /** The shared pixel store (not copied); image {@code i} starts at {@code i·imageBytes()}. */
    public byte[] pixels() {
        return pixels;
    }

    public String manifestHash() {
        return manifestHash;
    }

    /** Human-readable origin, e.g. {@code image-folder /data/lfw/images_deepfunneled}. */
    public String description() {
        return description;
    }

    /** Image indices of each identity, in image order. */
    public List<int[]> imagesByIdentity() {
        List<List<Integer>> lists = new ArrayList<>();
        for (int i = 0; i < identities.size(); i++) {
            lists.add(new ArrayList<>());
        }
        for (int i = 0; i < labels.length; i++) {
            lists.get(labels[i]).add(i);
        }
        List<int[]> out = new ArrayList<>(lists.size());
        for (List<Integer> l : lists) {
            out.add(l.stream().mapToInt(Integer::intValue).toArray());
        }
        return out;
    }
}
