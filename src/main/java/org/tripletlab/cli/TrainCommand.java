package org.tripletlab.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.tripletlab.config.Config;
import org.tripletlab.component.ConfigException;
import org.tripletlab.config.ExperimentConfig;
import org.tripletlab.experiment.ExperimentRun;
import org.tripletlab.train.TrainingRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tripletlab train <config.yaml> [--set key=value]... [--data-root DIR] [--out DIR] [--rerun] [--restart]}: an
 * unfinished run of the same config on the same data is resumed from its last resume state unless {@code --restart}.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train an encoder as an experiment config describes; results go to <out>/<name>/<run-id>/.")
final class TrainCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CONFIG", description = "experiment YAML, e.g. experiments/quickstart.yaml")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", completionCandidates = ConfigKeyCandidates.class, description = "override a config key, e.g. --set miner.strategy=hardest (repeatable)")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--data-root", paramLabel = "DIR", description = "data root (default: $TRIPLETLAB_DATA_ROOT); a relative data.root is resolved against it")
    Path dataRoot;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "results", description = "results folder (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--rerun", description = "train again even if this exact config already completed (into a new folder)")
    boolean rerun;

    @Option(names = "--restart", description = "do not resume an unfinished (killed) run of this config from its last resume state; "
            + "train a new attempt from step 0 (the unfinished folder is kept)")
    boolean restart;

    @Override
    public Integer call() {
        org.tripletlab.run.Provenance.exitWithParent();
        ExperimentConfig cfg = ExperimentConfig.from(Config.load(config, overrides));
        ExperimentRun.run(cfg, new TrainingRun.Options(resultsFolder(out), dataRootOrEnv(dataRoot), rerun, System.out, restart));
        return 0;
    }

    /**
     * The {@code --out} folder, checked before anything is trained: an existing file or a folder that cannot be
     * written is a {@link ConfigException} naming the option; a missing folder is fine (it is created).
     */
    static Path resultsFolder(Path out) {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new ConfigException("--out " + out + ": is a file, not a folder; pass a results folder (it is created when missing), e.g. --out results");
        }
        if (Files.isDirectory(out) && !Files.isWritable(out)) {
            throw new ConfigException("--out " + out + ": the folder is not writable; pass a folder you can write, or make it writable (chmod u+w)");
        }
        return out;
    }

    /** The given data root, else $TRIPLETLAB_DATA_ROOT, else null. */
    static Path dataRootOrEnv(Path given) {
        String env = System.getenv("TRIPLETLAB_DATA_ROOT");
        return given != null ? given : env != null && !env.isBlank() ? Path.of(env) : null;
    }
}
