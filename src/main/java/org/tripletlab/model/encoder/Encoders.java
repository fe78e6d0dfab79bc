package org.tripletlab.model.encoder;

import java.util.List;
import org.tripletlab.component.Component;
import org.tripletlab.component.ConfigView;
import org.tripletlab.component.KeyDefaults;
import org.tripletlab.component.Registry;

/**
 * The registry of encoders: the one list of every embedding network a config can select with
 * {@code encoder.architecture}, and the factory that builds one. Each architecture class declares its
 * own name, description, keys, checks and body (its {@code COMPONENT}); the schema, the bench command,
 * the memory estimate, checkpoints, the CLI's help and completion and the tests all read this list, so
 * a new encoder is one class plus one entry here (and its test).
 *
 * <p>Every architecture is body → global average pool → Linear to d → L2 normalisation (see
 * {@link EncoderBlock}); global pooling makes the head independent of the input size, so one spec works
 * for 1 or 3 channels and any side from 32 to 128.
 * <ul>
 *   <li>{@link SmallConvEncoder}: 4 conv stages with max-pooling (the default);</li>
 *   <li>{@link ResNetEncoder}: ResNet-18 layout of residual basic blocks;</li>
 *   <li>{@link InceptionSmallEncoder}: FaceNet's NN4-small reduced for CPU;</li>
 *   <li>{@link DlibResNetEncoder}: dlib's face-recognition ResNet, optionally with its pretrained weights
 *       ({@code encoder.weights}); its head has no bias and it needs inputs of at least 103 px.</li>
 * </ul>
 *
 * <p>The components build an {@link EncoderBody} rather than the network: the component is chosen and
 * configured by a config (its own keys), the network's shape is the {@link EncoderSpec}. A caller with a
 * run's config uses {@link #create(EncoderSpec, ConfigView)}; a caller with a spec alone (bench, FLOPs,
 * loading a checkpoint, which replaces every parameter anyway) uses {@link #create(EncoderSpec)}, which
 * gives the architecture its own keys at their defaults.
 *
 * <p>This package sits below {@code config} (whose schema reads the registry) and imports only
 * {@code component}, {@code util} and DJL; the rest of {@code model} (checkpoints, embedding, benchmarks)
 * builds on it.
 */
public final class Encoders {
    /** Every encoder, in the order of the schema's allowed values and of the bench command's rows. */
    public static final Registry<EncoderBody> REGISTRY = new Registry<>("encoder.architecture", "encoder network",
            SmallConvEncoder.COMPONENT,
            List.of(SmallConvEncoder.COMPONENT, ResNetEncoder.COMPONENT, InceptionSmallEncoder.COMPONENT, DlibResNetEncoder.COMPONENT));

    /** Names accepted by {@link #create(EncoderSpec)}, in registry order. */
    public static final List<String> ARCHITECTURES = REGISTRY.names();

    private Encoders() {}

    /**
     * Builds an uninitialised encoder for {@code spec}, the architecture's own keys (if any) at their
     * defaults.
     *
     * @throws IllegalArgumentException for an unknown architecture name (the message lists the
     *     known ones) or a width the architecture cannot scale to
     */
    public static EncoderBlock create(EncoderSpec spec) {
        Component<EncoderBody> c = component(spec);
        return new EncoderBlock(spec, c.create(KeyDefaults.of(c)).build(spec));
    }

    /**
     * Builds an uninitialised encoder for {@code spec}, the architecture's own keys read from a run's
     * resolved config (already checked when it was read, see {@link Registry#check}).
     *
     * @throws IllegalArgumentException as {@link #create(EncoderSpec)}
     */
    public static EncoderBlock create(EncoderSpec spec, ConfigView config) {
        return new EncoderBlock(spec, component(spec).create(config).build(spec));
    }

    private static Component<EncoderBody> component(EncoderSpec spec) {
        if (!ARCHITECTURES.contains(spec.architecture())) {
            throw new IllegalArgumentException(
                    "unknown architecture '" + spec.architecture() + "'; known: " + String.join(", ", ARCHITECTURES));
        }
        return REGISTRY.get(spec.architecture());
    }
}
