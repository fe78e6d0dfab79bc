package org.tripletlab.model.encoder;

import ai.djl.nn.Block;

/**
 * What an encoder component builds: the body g of the network for a spec — everything before the L2
 * normalisation, ending in the Linear layer to d. {@link Encoders#create} wraps it in an
 * {@link EncoderBlock}.
 *
 * <p>Why a builder of the body rather than the body itself: a component is built from a config view
 * ({@code component.Component}'s factory), which is where an encoder's <em>own</em> keys come from (e.g. the
 * weights file of a pretrained encoder); the shape every encoder shares — embedding size, width, input
 * channels and side — is the {@link EncoderSpec}, which the bench command, the FLOPs count and checkpoint
 * loading hold without any config. So the component's factory reads its own keys and returns an
 * {@code EncoderBody}; the spec is applied when the network is built.
 */
@FunctionalInterface
public interface EncoderBody {
    /**
     * An uninitialised body for {@code spec}.
     *
     * @throws IllegalArgumentException for a spec this architecture cannot build (e.g. a width it cannot
     *     scale to)
     */
    Block build(EncoderSpec spec);
}
