package org.tripletlab.train;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/** Starts a test's child JVM the way the test JVM runs: same class path, engine settings and offline mode. */
public final class ChildJvm {
    private ChildJvm() {
    }

    /** {@code java -Xmx1g <options> -Dai.djl.offline=true <engine settings> -cp <test class path> main args}. */
    public static List<String> command(List<String> jvmOptions, Class<?> main, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx1g");
        cmd.addAll(jvmOptions);
        cmd.add("-Dai.djl.offline=true");
        for (String key : System.getProperties().stringPropertyNames()) {
            // engine settings of the test JVM (cache and native library locations), if any
            if ((key.startsWith("ai.djl.") || key.startsWith("PYTORCH") || key.startsWith("DJL_")) && !key.equals("ai.djl.offline")) {
                cmd.add("-D" + key + "=" + System.getProperty(key));
            }
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Reads the child's output into {@code log} up to and including the first line starting with {@code prefix}. */
    public static void readUntil(BufferedReader out, String prefix, StringBuilder log) throws IOException {
        String line;
        while ((line = out.readLine()) != null) {
            log.append(line).append('\n');
            if (line.startsWith(prefix)) {
                return;
            }
        }
    }

    public static BufferedReader output(Process p) {
        return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    }
}
