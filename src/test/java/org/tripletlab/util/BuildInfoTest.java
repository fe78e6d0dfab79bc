package org.tripletlab.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The build commit baked into the jar: passed by the launcher's build, "unknown" otherwise, never a placeholder. */
class BuildInfoTest {

    @Test
    void aPropertyIsItsValueAndAPlaceholderOrNothingIsUnknown() {
        Properties p = new Properties();
        p.setProperty("commit", "0123456789abcdef0123456789abcdef01234567-dirty");
        p.setProperty("raw", "${tripletlab.commit}");
        p.setProperty("blank", "  ");
        assertEquals("0123456789abcdef0123456789abcdef01234567-dirty", BuildInfo.property(p, "commit"));
        assertEquals("unknown", BuildInfo.property(p, "raw"));
        assertEquals("unknown", BuildInfo.property(p, "blank"));
        assertEquals("unknown", BuildInfo.property(p, "missing"));
    }

    @Test
    void theBuildFilteredTheCommitIntoTheResource() {
        // this test's build ran without -Dtripletlab.commit unless scripts/lib/maven.sh ran it: either way a value
        String c = BuildInfo.buildCommit();
        assertTrue(c.equals("unknown") || c.matches("[0-9a-f]{40}(-dirty)?"), c);
        assertEquals(false, BuildInfo.version().startsWith("${"), "the version is filtered too");
    }

    @Test
    void theLauncherBuildPassesTheCheckoutsCommit(@TempDir Path tmp) throws Exception {
        // quiet_mvn with a stand-in 'mvn' that prints its arguments: the commit argument is HEAD (with -dirty or not)
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path mvn = bin.resolve("mvn");
        Files.writeString(mvn, "#!/usr/bin/env bash\necho \"$@\" > \"" + tmp.resolve("args") + "\"\n", StandardCharsets.UTF_8);
        assertTrue(mvn.toFile().setExecutable(true));
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "source scripts/lib/maven.sh && quiet_mvn test building none package -DskipTests");
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        pb.redirectErrorStream(true);
        Process q = pb.start();
        q.getInputStream().readAllBytes();
        assertEquals(0, q.waitFor());
        String args = Files.readString(tmp.resolve("args")).strip();
        Process git = new ProcessBuilder("git", "rev-parse", "HEAD").start();
        String head = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        String expected = git.waitFor() == 0 && !head.isEmpty() ? head + "(-dirty)?" : "unknown"; // outside git: unknown
        assertTrue(args.matches(".*-Dtripletlab\\.commit=" + expected + " .*package -DskipTests"), args);
    }
}
