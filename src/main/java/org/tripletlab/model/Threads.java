package org.tripletlab.model;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/** PyTorch's intra-op thread count for this process. */
public final class Threads {
    private Threads() {
    }

    /**
     * Sets the intra-op threads (0 = all cores; one thread halves training speed on 2 cores) and a
     * single inter-op thread; returns the count PyTorch reports. The properties cover an engine not
     * yet started, {@code setNumThreads} one that is.
     */
    public static int configure(int requested) {
        int threads = requested > 0 ? requested : Runtime.getRuntime().availableProcessors();
        System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        Engine.getInstance();
        JniUtils.setNumThreads(threads);
        return JniUtils.getNumThreads();
    }
}
