package org.tripletlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tripletlab.component.Component;
import org.tripletlab.component.ConfigException;
import org.tripletlab.component.Setting;
import org.tripletlab.config.Config;
import org.tripletlab.config.ExperimentConfig;
import org.tripletlab.config.Schema;
import org.tripletlab.model.ModelStats;
import org.tripletlab.model.encoder.DlibResNetEncoder;
import org.tripletlab.model.encoder.EncoderBlock;
import org.tripletlab.model.encoder.EncoderBody;
import org.tripletlab.model.encoder.EncoderSpec;
import org.tripletlab.model.encoder.Encoders;
import org.tripletlab.model.encoder.InceptionSmallEncoder;
import picocli.CommandLine;

/**
 * One noun, one place, for encoders: every encoder in {@link Encoders#REGISTRY} is what the schema allows for
 * {@code encoder.architecture} and what the bench command's help and completion offer; every key an encoder
 * declares is a schema key; each encoder builds from a config under its name and maps images to unit
 * embeddings of the configured size.
 */
class EncoderRegistrySyncTest {
    /** The keys every encoder shares: they make the {@link EncoderSpec}, so they are the schema's, not an encoder's. */
    private static final List<String> SHARED_KEYS = List.of("encoder.embedding", "encoder.width");

    @Test
    void schemaAllowsExactlyTheRegisteredEncoders() {
        Setting architecture = Schema.get("encoder.architecture");
        assertEquals(Encoders.ARCHITECTURES, architecture.choices());
        assertEquals("small-conv", architecture.defaultValue());
        assertEquals(Encoders.REGISTRY.byDefault().name(), architecture.defaultValue());
        for (Component.Key k : Encoders.REGISTRY.keys()) {
            assertEquals(k.setting(), Schema.get(k.path()), k.path() + " is in the schema as the encoder declares it");
            assertEquals(k.omittedAtDefault(), Schema.omittedAtDefault(k.path()), k.path());
        }
        Set<String> declared = new HashSet<>(Encoders.REGISTRY.keys().stream().map(Component.Key::path).toList());
        declared.add("encoder.architecture");
        declared.addAll(SHARED_KEYS);
        declared.add("encoder.init"); // the weights a training starts from, for any encoder (train.InitialWeights)
        List<String> encoderKeys = new ArrayList<>();
        for (String key : Schema.settings().keySet()) {
            if (key.startsWith("encoder.")) {
                assertTrue(declared.contains(key), key + " is declared by no encoder");
                encoderKeys.add(key);
            }
        }
        // The order every config.yaml has had since the first runs (run ids hash it).
        assertEquals(List.of("encoder.architecture", "encoder.embedding", "encoder.width"), encoderKeys.subList(0, 3));
    }

    @Test
    void benchHelpAndCompletionOfferEveryEncoder() {
        String help = new CommandLine(new BenchCommand()).getUsageMessage(CommandLine.Help.Ansi.OFF);
        List<String> candidates = new ArrayList<>();
        new BenchCommand.EncoderNames().forEach(candidates::add);
        assertEquals(Encoders.ARCHITECTURES, candidates);
        for (String a : Encoders.ARCHITECTURES) {
            assertTrue(help.contains(a), a + " missing from bench --help:\n" + help);
        }
    }

    /** 32 px, or the smallest side dlib-resnet's stride-2 "valid" convolutions allow. */
    private static int side(String encoder) {
        return encoder.equals(DlibResNetEncoder.NAME) ? DlibResNetEncoder.MIN_IMAGE_SIZE : 32;
    }

    @Test
    void everyEncoderBuildsFromAConfigAndEmbedsOnTheUnitSphere() {
        for (Component<EncoderBody> c : Encoders.REGISTRY.all()) {
            assertTrue(!c.description().isBlank(), c.name());
            ExperimentConfig cfg = ExperimentConfig.from(Config.parse("", "sync", List.of("encoder.architecture=" + c.name(),
                    "encoder.embedding=16", "encoder.width=8", "data.image_size=" + side(c.name()), "data.channels=3")));
            EncoderSpec spec = new EncoderSpec(cfg.encoder().architecture(), cfg.encoder().embedding(), cfg.encoder().width(),
                    cfg.data().channels(), cfg.data().imageSize());
            try (NDManager m = NDManager.newBaseManager()) {
                EncoderBlock block = Encoders.create(spec, cfg.raw());
                Shape in = spec.inputShape(2);
                block.initialize(m, DataType.FLOAT32, in);
                NDArray x = m.randomNormal(in);
                NDArray embeddings = block.forward(new ParameterStore(m, false), new NDList(x), false).get(0);
                assertEquals(new Shape(2, 16), embeddings.getShape(), c.name());
                for (float n : embeddings.norm(new int[] {1}).toFloatArray()) {
                    assertEquals(1.0, n, 1e-5, c.name());
                }
                // The bench command and provenance.json count the same network, built from the spec alone.
                ModelStats stats = ModelStats.of(spec);
                assertEquals(ModelStats.of(block, spec.inputShape(1)), stats, c.name());
                assertTrue(stats.parameters() > 0 && stats.flopsPerImage() > 0, c.name());
            }
        }
    }

    @Test
    void anEncodersCheckRunsWhenTheConfigIsRead() {
        ConfigException e = assertThrows(ConfigException.class, () -> ExperimentConfig.from(Config.parse("", "sync",
                List.of("encoder.architecture=" + InceptionSmallEncoder.NAME, "encoder.width=30"))));
        assertTrue(e.getMessage().contains("key 'encoder.width': inception-small needs width divisible by 4, got 30"), e.getMessage());
        // Other encoders take any width.
        ExperimentConfig.from(Config.parse("", "sync", List.of("encoder.width=30")));
    }

    @Test
    void unknownArchitecturesNameTheRegisteredOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Encoders.create(new EncoderSpec("vgg", 8, 8, 1, 32)));
        assertEquals("unknown architecture 'vgg'; known: " + String.join(", ", Encoders.ARCHITECTURES), e.getMessage());
    }
}
