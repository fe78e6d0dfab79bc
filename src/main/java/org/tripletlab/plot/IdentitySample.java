package org.tripletlab.plot;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Chooses which images a projection plot shows: the {@code identities} people with the most images
 * (ties broken by name, so the choice never depends on file order), and for each at most
 * {@code perIdentity} of their images, a seeded random subset when there are more.
 *
 * @param identities the chosen people, most images first
 * @param images for each chosen person (same order), indices into the input list, ascending
 */
public record IdentitySample(List<String> identities, List<int[]> images) {
    public IdentitySample {
        identities = List.copyOf(identities);
        images = List.copyOf(images);
    }

    /**
     * @param identityOfImage the identity of every available image, by image index
     * @param identities how many people to choose (at least 2, so there is something to separate)
     * @param perIdentity the most images shown per person (at least 2)
     * @param seed picks the subset of a person's images when they have more than {@code perIdentity}
     */
    public static IdentitySample choose(List<String> identityOfImage, int identities, int perIdentity, long seed) {
        if (identities < 2) {
            throw new IllegalArgumentException("--projection-identities must be at least 2, got " + identities);
        }
        if (perIdentity < 2) {
            throw new IllegalArgumentException("--projection-images must be at least 2, got " + perIdentity);
        }
        // TreeMap: identities in name order, each with its images in index order
        Map<String, List<Integer>> byIdentity = new TreeMap<>();
        for (int i = 0; i < identityOfImage.size(); i++) {
            byIdentity.computeIfAbsent(identityOfImage.get(i), k -> new ArrayList<>()).add(i);
        }
        List<Map.Entry<String, List<Integer>>> ranked = new ArrayList<>(byIdentity.entrySet());
        // stable sort: equal counts keep name order
        ranked.sort(Comparator.comparingInt((Map.Entry<String, List<Integer>> e) -> e.getValue().size()).reversed());
        List<Map.Entry<String, List<Integer>>> chosen = ranked.stream().filter(e -> e.getValue().size() >= 2).limit(identities).toList();
        if (chosen.size() < 2) {
            throw new IllegalArgumentException("only " + chosen.size() + " identities with 2 or more images; a projection needs at least 2");
        }
        Map<String, int[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<Integer>> e : chosen) {
            // one generator per person, seeded by the seed and the name, so a person's subset does not depend on who else was chosen
            SplittableRandom rng = new SplittableRandom(seed ^ (long) e.getKey().hashCode() * 0x9E3779B97F4A7C15L);
            out.put(e.getKey(), sample(e.getValue(), perIdentity, rng));
        }
        return new IdentitySample(new ArrayList<>(out.keySet()), new ArrayList<>(out.values()));
    }

    /** A uniformly random {@code k}-subset (partial Fisher–Yates), returned in ascending order; all when there are no more than k. */
    static int[] sample(List<Integer> items, int k, SplittableRandom rng) {
        int[] a = items.stream().mapToInt(Integer::intValue).toArray();
        if (a.length > k) {
            for (int i = 0; i < k; i++) {
                int j = i + rng.nextInt(a.length - i);
                int t = a[i];
                a[i] = a[j];
                a[j] = t;
            }
            a = java.util.Arrays.copyOf(a, k);
        }
        java.util.Arrays.sort(a);
        return a;
    }

    /** Images over all chosen people, person by person. */
    public int size() {
        return images.stream().mapToInt(a -> a.length).sum();
    }
}
