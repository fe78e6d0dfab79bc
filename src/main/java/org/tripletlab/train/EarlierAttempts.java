package org.tripletlab.train;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.tripletlab.config.ExperimentConfig;
import org.tripletlab.eval.RunEvaluator;
import org.tripletlab.run.Provenance;
import org.tripletlab.run.RunDirectory;
import org.tripletlab.run.RunFiles;

/**
 * What earlier attempts of a config leave to do, asked before anything is trained or fitted: nothing (a
 * complete attempt on the same data), only the evaluation (an attempt trained on the same data whose
 * evaluation is missing), or a new attempt beside attempts made on other data. Trained and fitted runs
 * ask the same question ({@link TrainingRun#run} and {@code experiment.BaselineRun#run}), so {@code tripletlab
 * train} answers it the same way for both.
 */
public final class EarlierAttempts {

    /**
     * The answer: {@code finished} is the outcome when nothing is left to train (else null); {@code options}
     * are the options to train with, forced to a new attempt folder when earlier attempts used other data.
     */
    public record Verdict(TrainingRun.Outcome finished, TrainingRun.Options options) {
    }

    private EarlierAttempts() {
    }

    /** Looks at the complete, then the trained attempts of {@code cfg} (none with {@code --rerun}). */
    public static Verdict check(ExperimentConfig cfg, TrainingRun.Options opt) {
        PrintStream console = opt.console();
        String id = RunDirectory.runId(cfg.raw());
        List<Path> doneFolders = opt.rerun() ? List.of() : RunDirectory.completeAttempts(opt.outRoot(), cfg.raw(), cfg.name());
        if (!doneFolders.isEmpty()) {
            Path done = TrainingRun.completeOnSameData(doneFolders, cfg, opt.dataRoot(), console);
            if (done != null) {
                console.println("Run " + id + " of this exact config is already complete in " + done
                        + "; nothing to do (use --rerun to train it again into a new folder).");
                return new Verdict(new TrainingRun.Outcome(done, id, true, List.of(), Double.NaN, 0, 0), opt);
            }
        }
        List<Path> trainedFolders = opt.rerun() ? List.of() : RunDirectory.trainedAttempts(opt.outRoot(), cfg.raw(), cfg.name());
        if (!trainedFolders.isEmpty()) {
            Path trained = TrainingRun.completeOnSameData(trainedFolders, cfg, opt.dataRoot(), console);
            if (trained != null) {
                evaluateAgain(trained, id, cfg, opt);
                return new Verdict(new TrainingRun.Outcome(trained, id, false, List.of(), Double.NaN, 0, 0), opt);
            }
        }
        if (!doneFolders.isEmpty() || !trainedFolders.isEmpty()) {
            // Same config, other data: a new attempt folder beside the earlier one(s), which stay as they are.
            console.println("Training a new attempt on the current data (the folder(s) above are kept as they are).");
            return new Verdict(null, new TrainingRun.Options(opt.outRoot(), opt.dataRoot(), true, console, opt.restart()));
        }
        return new Verdict(null, opt);
    }

    /** Finishes a trained attempt whose evaluation failed or was cut short, without training it again. */
    private static void evaluateAgain(Path trained, String id, ExperimentConfig cfg, TrainingRun.Options opt) {
        opt.console().println("Run " + id + " in " + trained + " finished training but not its benchmark evaluation; "
                + "evaluating it again (no retraining).");
        RunDirectory run = RunDirectory.at(trained);
        Provenance prov = Provenance.read(run.file(RunFiles.PROVENANCE)).put("status", "trained");
        RunEvaluator.evaluateAndComplete(run, prov.writeOnShutdown(run.file(RunFiles.PROVENANCE)), cfg, opt.dataRoot(),
                opt.console());
    }
}
