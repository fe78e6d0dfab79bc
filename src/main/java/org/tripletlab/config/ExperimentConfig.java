package org.tripletlab.config;

import java.util.List;

/**
 * Typed view of a resolved {@link Config}, grouped the way the framework is: data, sampler,
 * encoder, loss, miner, optimizer, training length and evaluation. Cross-key rules that a single
 * key's range cannot express are checked here, before anything runs.
 */
public record ExperimentConfig(String name, long seed, Data data, Sampler sampler, Encoder encoder, Loss loss,
        Miner miner, Optimizer optimizer, Train train, Eval eval, Config raw) {

    /** Data source, preprocessing and the identity-disjoint split. */
    public record Data(String source, String root, int imageSize, int channels, List<Integer> crop, boolean flip,
            int shift, double valFraction, int valImages, int minImages, int syntheticIdentities,
            int syntheticImagesPerIdentity, long syntheticSeed) {
    }

    /** PK batches: P identities × K images. */
    public record Sampler(int identities, int images, boolean replaceSmall) {
        public int batchSize() {
            return identities * images;
        }
    }

    public record Encoder(String architecture, int embedding, int width) {
    }

    public record Loss(double margin, String reduction) {
    }

    /** {@code margin} is already resolved (miner.margin or, when null, loss.margin). */
    public record Miner(String strategy, double margin, String pick, String fallback) {
    }

    public record Optimizer(String name, double lr, double weightDecay, double momentum, String schedule,
            int warmupSteps, int stepSize, double stepFactor, double finalLrFraction) {
    }

    /** Exactly one of {@code epochs} / {@code steps} is non-null after resolution. */
    public record Train(Integer epochs, Integer steps, Integer stepsPerEpoch, int threads, int collapsePatience,
            boolean checkpoints) {
    }

    public record Eval(int everyEpochs, int batch) {
    }

    public static ExperimentConfig from(Config c) {
        List<Integer> crop = c.getIntList("data.crop");
        if (crop != null && (crop.size() != 4 || crop.get(2) <= 0 || crop.get(3) <= 0)) {
            throw c.error("data.crop", crop + " is not allowed; expected [x, y, width, height] with width, height > 0, or null");
        }
        int channels = c.getInt("data.channels");
        if (channels != 1 && channels != 3) {
            throw c.error("data.channels", channels + " is not allowed; expected 1 (grey) or 3 (RGB)");
        }
        String source = c.getString("data.source");
        Integer epochs = c.getIntOrNull("train.epochs");
        Integer steps = c.getIntOrNull("train.steps");
        if (epochs != null && steps != null) {
            throw c.error("train.steps", "set either train.epochs or train.steps, not both (epochs=" + epochs + ", steps=" + steps + ")");
        }
        if (epochs == null && steps == null) {
            epochs = 10;
        }
        Double minerMargin = c.getDoubleOrNull("miner.margin");
        return new ExperimentConfig(
                c.getString("name"),
                c.getLong("seed"),
                new Data(source, c.getString("data.root"), c.getInt("data.image_size"), channels, crop,
                        c.getBoolean("data.augment.flip"), c.getInt("data.augment.shift"),
                        c.getDouble("data.split.val_fraction"), c.getInt("data.val_images"),
                        c.getInt("data.min_images"), c.getInt("data.synthetic.identities"),
                        c.getInt("data.synthetic.images_per_identity"), c.getLong("data.synthetic.seed")),
                new Sampler(c.getInt("sampler.identities"), c.getInt("sampler.images"),
                        c.getString("sampler.small_identities").equals("replace")),
                new Encoder(c.getString("encoder.architecture"), c.getInt("encoder.embedding"), c.getInt("encoder.width")),
                new Loss(c.getDouble("loss.margin"), c.getString("loss.reduction")),
                new Miner(c.getString("miner.strategy"), minerMargin != null ? minerMargin : c.getDouble("loss.margin"),
                        c.getString("miner.pick"), c.getString("miner.fallback")),
                new Optimizer(c.getString("optimizer.name"), c.getDouble("optimizer.lr"), c.getDouble("optimizer.weight_decay"),
                        c.getDouble("optimizer.momentum"), c.getString("optimizer.schedule"), c.getInt("optimizer.warmup_steps"),
                        c.getInt("optimizer.step_size"), c.getDouble("optimizer.step_factor"),
                        c.getDouble("optimizer.final_lr_fraction")),
                new Train(epochs, steps, c.getIntOrNull("train.steps_per_epoch"), c.getInt("train.threads"),
                        c.getInt("train.collapse_patience"), c.getBoolean("train.checkpoints")),
                new Eval(c.getInt("eval.every_epochs"), c.getInt("eval.batch")),
                c);
    }
}
