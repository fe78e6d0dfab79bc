package org.tripletlab.util;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * What build produced a result: the project version and the commit baked in at build time, and the git commit of the
 * working directory at run time.
 */
public final class BuildInfo {
    private BuildInfo() {
    }

    /** The git pathspec of everything but the results folder (scripts/lib/maven.sh uses the same for build_commit). */
    static final String RESULTS_EXCLUDED = ":(top,exclude)results";

    /** The project version from the build, or "unknown". */
    public static String version() {
        return buildProperty("version");
    }

    /**
     * The git commit the running code was built from ("-dirty" when the tree had uncommitted changes then), as
     * {@code scripts/lib/maven.sh} passed it to the build; "unknown" for a build without it (a plain {@code mvn}).
     * Unlike {@link #gitCommit}, it does not change when commits land while a long sweep runs from an older jar.
     */
    public static String buildCommit() {
        return buildProperty("commit");
    }

    private static String buildProperty(String key) {
        try (InputStream in = BuildInfo.class.getResourceAsStream("/org/tripletlab/version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return property(p, key);
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** {@code key}'s value, "unknown" when missing, empty or an unfiltered placeholder ({@code ${...}}: not a value). */
    static String property(Properties p, String key) {
        String v = p.getProperty(key, "").strip();
        return v.isEmpty() || v.startsWith("${") ? "unknown" : v;
    }

    /**
     * HEAD of the working directory's git checkout, with "-dirty" when tracked files outside {@code results/} have
     * uncommitted changes; "unknown" outside git. {@code results/} is left out because runs, sweeps and evaluations write
     * there: a sweep's second run, or an evaluation of a committed run in place, would otherwise call every later result
     * "-dirty" though the code and configs were the commit's.
     */
    public static String gitCommit() {
        return gitCommit(null);
    }

    /** As {@link #gitCommit()}, for the checkout at {@code dir} (null: the working directory). */
    static String gitCommit(java.nio.file.Path dir) {
        String head = run(dir, "git", "rev-parse", "HEAD");
        if (head == null || head.isBlank()) {
            return "unknown";
        }
        String status = run(dir, "git", "status", "--porcelain", "--untracked-files=no", "--", RESULTS_EXCLUDED);
        return head.strip() + (status != null && !status.isBlank() ? "-dirty" : "");
    }

    private static String run(java.nio.file.Path dir, String... cmd) {
        try {
            ProcessBuilder b = new ProcessBuilder(cmd).redirectErrorStream(true);
            if (dir != null) {
                b.directory(dir.toFile());
            }
            Process p = b.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return null;
            }
            return out;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
