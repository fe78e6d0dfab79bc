package org.tripletlab.data;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Decoding images on all cores. Its own class so that the dataset loaders ({@link DataSources}, the named
 * sources of {@code data.source}, the benchmark protocols of {@code data.protocol}) share it without
 * depending on one another.
 */
public final class Parallel {
    private Parallel() {
    }

    /** Runs {@code body(i)} for i in [0, n) on all cores; each index writes only its own slice, so the result is deterministic. */
    public static void forIndices(int n, java.util.function.IntConsumer body) {
        int threads = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), n));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            int chunk = (n + threads - 1) / threads;
            for (int t = 0; t < threads; t++) {
                int from = t * chunk;
                int to = Math.min(n, from + chunk);
                futures.add(pool.submit(() -> {
                    for (int i = from; i < to; i++) {
                        body.accept(i);
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new DataException("loading images failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataException("interrupted while loading images", e);
        } finally {
            pool.shutdownNow();
        }
    }
}
