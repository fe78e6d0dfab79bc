package org.tripletlab.tools;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.tripletlab.config.Config;
import org.tripletlab.config.ExperimentConfig;
import org.tripletlab.model.Checkpoints;
import org.tripletlab.model.encoder.EncoderSpec;

/**
 * One-off (issue 11, checked checkpoints): writes {@code fingerprint.json} beside every committed checkpoint
 * under a results folder that has none. Not part of the product: run once by hand,
 * <pre>java -cp target/classes:target/test-classes:target/lib/* org.tripletlab.tools.BackfillCheckpointFingerprints results</pre>
 *
 * <p>A checkpoint is backfilled only when (1) its params load into the encoder its run's config.yaml
 * describes with exactly the expected parameter names and shapes, (2) config.yaml still hashes to the run id
 * provenance.json recorded ({@link Checkpoints#load}'s checks of a checkpoint without fingerprint), and
 * (3) git has config.yaml unchanged since the commit that added the params file: {@code git log} lists the
 * same single commit for both. The recorded config is then config.yaml as it is, with a
 * {@code "backfilled"} note saying how it was verified.
 */
public final class BackfillCheckpointFingerprints {
    private BackfillCheckpointFingerprints() {
    }

    public static void main(String[] args) throws Exception {
        Path results = Path.of(args.length > 0 ? args[0] : "results");
        List<Path> params;
        try (Stream<Path> s = Files.walk(results)) {
            params = s.filter(p -> p.getFileName().toString().matches("encoder-\\d+\\.params")).sorted().toList();
        }
        for (Path p : params) {
            Path ckpt = p.getParent();
            Path runDir = ckpt.getParent().getParent();
            String name = ckpt.getFileName().toString();
            if (Files.exists(ckpt.resolve(Checkpoints.FINGERPRINT))) {
                System.out.println(ckpt + ": has a fingerprint");
                continue;
            }
            String paramsCommits = git("log", "--format=%H", "--", p.toString());
            String configCommits = git("log", "--format=%H", "--", runDir.resolve("config.yaml").toString());
            String dirty = git("status", "--porcelain", "--", runDir.resolve("config.yaml").toString());
            if (paramsCommits.isBlank() || !paramsCommits.equals(configCommits) || !dirty.isBlank()) {
                System.out.println(ckpt + ": SKIPPED — config.yaml and the params file do not share their one git history "
                        + "(params: " + paramsCommits.strip() + "; config: " + configCommits.strip() + "; uncommitted: " + dirty.strip() + ")");
                continue;
            }
            ExperimentConfig cfg = ExperimentConfig.from(Config.load(runDir.resolve("config.yaml"), List.of()));
            EncoderSpec spec = new EncoderSpec(cfg.encoder().architecture(), cfg.encoder().embedding(), cfg.encoder().width(),
                    cfg.data().channels(), cfg.data().imageSize());
            String commit = paramsCommits.strip().lines().findFirst().orElseThrow();
            Path written = Checkpoints.backfillFingerprint(runDir, name, spec, "added after training (issue 11): the checkpoint "
                    + "predates fingerprints; config.yaml is unchanged in git since commit " + commit.substring(0, 7)
                    + " added it with this params file, hashes to the run id provenance.json recorded, and the params "
                    + "load into its encoder with the expected names and shapes");
            System.out.println(written + ": written");
        }
    }

    private static String git(String... args) throws IOException, InterruptedException {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "git";
        System.arraycopy(args, 0, cmd, 1, args.length);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.getInputStream().transferTo(out);
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out.toString(StandardCharsets.UTF_8));
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
