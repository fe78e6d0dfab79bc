package org.tripletlab.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

    /**
     * A change under results/ (what runs, sweeps and evaluations write) leaves the commit clean, for the run-time commit and
     * for the one the launcher's build bakes in; a change anywhere else makes both "-dirty". In a scratch git repository.
     */
    @Test
    void onlyChangesOutsideResultsMakeTheCommitDirty(@TempDir Path tmp) throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        Files.createDirectories(repo.resolve("results/exp"));
        Files.createDirectories(repo.resolve("src"));
        Files.writeString(repo.resolve("results/exp/eval.json"), "{}\n");
        Files.writeString(repo.resolve("src/A.java"), "class A {}\n");
        for (String[] cmd : List.of(new String[] {"git", "init", "-q"}, new String[] {"git", "add", "."},
                new String[] {"git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "x"})) {
            assertEquals(0, new ProcessBuilder(cmd).directory(repo.toFile()).inheritIO().start().waitFor(), String.join(" ", cmd));
        }
        Process rev = new ProcessBuilder("git", "rev-parse", "HEAD").directory(repo.toFile()).start();
        String head = new String(rev.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(head, BuildInfo.gitCommit(repo));
        assertEquals(head, launcherCommit(repo, tmp));
        Files.writeString(repo.resolve("results/exp/eval.json"), "{\"dir_at_far\": []}\n");
        assertEquals(head, BuildInfo.gitCommit(repo), "a changed result is not a changed build");
        assertEquals(head, launcherCommit(repo, tmp));
        Files.writeString(repo.resolve("src/A.java"), "class A { int x; }\n");
        assertEquals(head + "-dirty", BuildInfo.gitCommit(repo));
        assertEquals(head + "-dirty", launcherCommit(repo, tmp));
    }

    /** The -Dtripletlab.commit value scripts/lib/maven.sh passes to a stand-in mvn when run in {@code repo}. */
    private static String launcherCommit(Path repo, Path tmp) throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path mvn = bin.resolve("mvn");
        Files.writeString(mvn, "#!/usr/bin/env bash\necho \"$@\" > \"" + tmp.resolve("args") + "\"\n", StandardCharsets.UTF_8);
        assertTrue(mvn.toFile().setExecutable(true));
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "source \"$1\" && quiet_mvn test building none package", "bash",
                Path.of("scripts/lib/maven.sh").toAbsolutePath().toString()).directory(repo.toFile());
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        pb.redirectErrorStream(true);
        Process q = pb.start();
        q.getInputStream().readAllBytes();
        assertEquals(0, q.waitFor());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("-Dtripletlab\\.commit=(\\S+)").matcher(Files.readString(tmp.resolve("args")));
        assertTrue(m.find());
        return m.group(1);
    }
}
