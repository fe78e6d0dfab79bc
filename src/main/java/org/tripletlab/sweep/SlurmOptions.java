package org.tripletlab.sweep;

/**
 * What a sweep's Slurm array asks for.
 *
 * @param partition {@code --partition}, or null for the cluster's default
 * @param cpusPerTask {@code --cpus-per-task}: each run's {@code train.threads}
 * @param maxParallel tasks running at once ({@code --array=…%K}), or 0 for no limit of ours
 * @param time {@code --time} of each task (Slurm's forms: {@code MM}, {@code HH:MM:SS}, {@code D-HH}, …), or null for the
 *     partition's default
 * @param scriptOnly write the scripts and submit nothing
 */
public record SlurmOptions(String partition, int cpusPerTask, int maxParallel, String time, boolean scriptOnly) {
    public SlurmOptions {
        if (cpusPerTask < 1) {
            throw new IllegalArgumentException("--cpus-per-task must be at least 1, got " + cpusPerTask);
        }
        if (maxParallel < 0) {
            throw new IllegalArgumentException("--max-parallel must be at least 1 (or left out for no limit), got " + maxParallel);
        }
        if (partition != null && !partition.matches("[A-Za-z0-9_.,-]+")) {
            throw new IllegalArgumentException("--partition '" + partition + "' is not a partition name (letters, digits, . _ - and "
                    + "commas); list the cluster's with sinfo -s");
        }
        if (time != null && !time.matches("\\d+(-\\d+)?(:\\d+){0,2}")) {
            throw new IllegalArgumentException("--time '" + time + "' is not a Slurm time: MM, MM:SS, HH:MM:SS, D-HH, D-HH:MM or "
                    + "D-HH:MM:SS, e.g. --time 2:00:00");
        }
    }
}
