package org.tripletlab.model.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * ResNet basic block: y = ReLU(F(x) + S(x)) where F = conv3×3–BN–ReLU–conv3×3–BN and S is the
 * identity or, when the block changes resolution or width, a strided 1×1 conv + BN projection.
 * Both branches read the same input (what {@code model.ModelStats} assumes when walking the tree).
 *
 * <p>{@link #padded} is dlib's join ({@code add_prev}) for branches whose outputs differ in height or width:
 * F(x) is zero-padded at the bottom and right to S(x)'s size before the sum, as if F(x) were 0 outside its
 * own extent ({@link DlibResNetEncoder}: a strided 3×3 "valid" conv gives ⌊(n − 1)/2⌋ rows where the 2×2
 * average pool of the shortcut gives ⌊n/2⌋).
 */
public final class ResidualBlock extends AbstractBlock {

    private static final byte VERSION = 1;

    private final Block main;
    private final Block shortcut;
    private final boolean padMain;

    ResidualBlock(Block main, Block shortcut) {
        this(main, shortcut, false);
    }

    private ResidualBlock(Block main, Block shortcut, boolean padMain) {
        super(VERSION);
        this.main = addChildBlock("main", main);
        this.shortcut = addChildBlock("shortcut", shortcut);
        this.padMain = padMain;
    }

    /** y = ReLU(pad(F(x)) + S(x)), F(x) zero-padded at the bottom and right to S(x)'s height and width. */
    static ResidualBlock padded(Block main, Block shortcut) {
        return new ResidualBlock(main, shortcut, true);
    }

    public Block main() {
        return main;
    }

    public Block shortcut() {
        return shortcut;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray f = main.forward(parameterStore, inputs, training, params).singletonOrThrow();
        NDArray s = shortcut.forward(parameterStore, inputs, training, params).singletonOrThrow();
        if (padMain) {
            f = padTo(f, s.getShape());
        }
        return new NDList(Activation.relu(f.add(s)));
    }

    /** f (N×C×h×w) with zero rows below and zero columns to the right up to {@code to}'s H×W. */
    private static NDArray padTo(NDArray f, Shape to) {
        Shape fs = f.getShape();
        long rows = to.get(2) - fs.get(2);
        long cols = to.get(3) - fs.get(3);
        if (rows < 0 || cols < 0) {
            throw new IllegalStateException("residual branch " + fs + " is larger than its shortcut " + to);
        }
        NDArray out = f;
        if (rows > 0) {
            out = out.concat(f.getManager().zeros(new Shape(fs.get(0), fs.get(1), rows, fs.get(3)), f.getDataType()), 2);
        }
        if (cols > 0) {
            out = out.concat(f.getManager().zeros(new Shape(fs.get(0), fs.get(1), to.get(2), cols), f.getDataType()), 3);
        }
        return out;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return padMain ? shortcut.getOutputShapes(inputShapes) : main.getOutputShapes(inputShapes);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        main.initialize(manager, dataType, inputShapes);
        shortcut.initialize(manager, dataType, inputShapes);
    }
}
