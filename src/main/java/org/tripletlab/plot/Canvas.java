package org.tripletlab.plot;

import java.awt.Color;

/**
 * The few drawing primitives the charts use, so one drawing routine can produce both a raster
 * image ({@link AwtCanvas}) and a vector file ({@link SvgCanvas}). Coordinates are pixels with y
 * pointing down; text is placed by its baseline.
 */
public interface Canvas {
    /** Horizontal placement of text relative to its anchor point. */
    enum Anchor { START, MIDDLE, END }

    /** A straight segment; {@code dash} null for a solid line, else on/off lengths in pixels. */
    void line(double x1, double y1, double x2, double y2, Color color, float width, float[] dash);

    /** A connected line through the points (at least two); {@code dash} as in {@link #line}. */
    void polyline(double[] xs, double[] ys, Color color, float width, float[] dash);

    /** An axis-aligned rectangle, filled and/or outlined (either colour may be null for none). */
    void rect(double x, double y, double w, double h, Color fill, Color stroke);

    /** A circle, filled and/or outlined (either colour may be null for none). */
    void circle(double cx, double cy, double r, Color fill, Color stroke);

    /** Text at baseline y; rotated by {@code degrees} (counter-clockwise positive, e.g. 90 for a y-axis label) about the anchor. */
    void text(String s, double x, double y, float size, boolean bold, Color color, Anchor anchor, double degrees);

    /** Width in pixels of {@code s} at this size, for layout (legend boxes, margins). */
    double textWidth(String s, float size, boolean bold);

    /** Restricts later drawing to a rectangle until {@link #unclip}. */
    void clip(double x, double y, double w, double h);

    void unclip();
}
