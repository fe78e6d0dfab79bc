package org.tripletlab.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;

/** A {@link Canvas} over a {@link Graphics2D}, anti-aliased, for PNG output. */
public final class AwtCanvas implements Canvas {
    /** Measures text when no image is at hand (an SVG canvas asks the same fonts as a PNG uses). */
    private static final Graphics2D MEASURE = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();

    private final Graphics2D g;
    private Shape savedClip;

    public AwtCanvas(Graphics2D g) {
        this.g = g;
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    }

    static Font font(float size, boolean bold) {
        return new Font(Font.SANS_SERIF, bold ? Font.BOLD : Font.PLAIN, 11).deriveFont(size);
    }

    /** Text width with the same font a PNG would use. */
    static double measure(String s, float size, boolean bold) {
        synchronized (MEASURE) {
            return MEASURE.getFontMetrics(font(size, bold)).stringWidth(s);
        }
    }

    /** Ascent of the plain font at this size (text placement around a baseline). */
    static int ascent(float size) {
        synchronized (MEASURE) {
            return MEASURE.getFontMetrics(font(size, false)).getAscent();
        }
    }

    /** Line height of the plain font at this size (legend rows). */
    static int lineHeight(float size) {
        synchronized (MEASURE) {
            return MEASURE.getFontMetrics(font(size, false)).getHeight();
        }
    }

    private void stroke(Color color, float width, float[] dash) {
        g.setColor(color);
        g.setStroke(dash == null
                ? new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND)
                : new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, dash, 0f));
    }

    @Override
    public void line(double x1, double y1, double x2, double y2, Color color, float width, float[] dash) {
        stroke(color, width, dash);
        g.draw(new Line2D.Double(x1, y1, x2, y2));
    }

    @Override
    public void polyline(double[] xs, double[] ys, Color color, float width, float[] dash) {
        Path2D.Double path = new Path2D.Double();
        path.moveTo(xs[0], ys[0]);
        for (int i = 1; i < xs.length; i++) {
            path.lineTo(xs[i], ys[i]);
        }
        stroke(color, width, dash);
        g.draw(path);
    }

    @Override
    public void rect(double x, double y, double w, double h, Color fill, Color stroke) {
        Rectangle2D.Double r = new Rectangle2D.Double(x, y, w, h);
        if (fill != null) {
            g.setColor(fill);
            g.fill(r);
        }
        if (stroke != null) {
            stroke(stroke, 1f, null);
            g.draw(r);
        }
    }

    @Override
    public void circle(double cx, double cy, double r, Color fill, Color stroke) {
        Ellipse2D.Double e = new Ellipse2D.Double(cx - r, cy - r, 2 * r, 2 * r);
        if (fill != null) {
            g.setColor(fill);
            g.fill(e);
        }
        if (stroke != null) {
            stroke(stroke, 1.2f, null);
            g.draw(e);
        }
    }

    @Override
    public void text(String s, double x, double y, float size, boolean bold, Color color, Anchor anchor, double degrees) {
        Font f = font(size, bold);
        g.setFont(f);
        g.setColor(color);
        double w = g.getFontMetrics(f).stringWidth(s);
        double dx = anchor == Anchor.START ? 0 : anchor == Anchor.MIDDLE ? -w / 2 : -w;
        if (degrees == 0) {
            g.drawString(s, (float) (x + dx), (float) y);
            return;
        }
        Graphics2D r = (Graphics2D) g.create();
        r.translate(x, y);
        r.rotate(-Math.toRadians(degrees));
        r.drawString(s, (float) dx, 0f);
        r.dispose();
    }

    @Override
    public double textWidth(String s, float size, boolean bold) {
        return g.getFontMetrics(font(size, bold)).stringWidth(s);
    }

    @Override
    public void clip(double x, double y, double w, double h) {
        savedClip = g.getClip();
        g.clip(new Rectangle2D.Double(x, y, w, h));
    }

    @Override
    public void unclip() {
        g.setClip(savedClip);
    }
}
