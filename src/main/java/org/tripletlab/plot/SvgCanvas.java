package org.tripletlab.plot;

import java.awt.Color;
import java.nio.file.Path;
import java.util.Locale;
import org.tripletlab.util.AtomicFiles;

/**
 * A {@link Canvas} that writes SVG 1.1 elements: {@code line}, {@code polyline}, {@code rect},
 * {@code circle} and {@code text}, clipping through one {@code clipPath} per clip rectangle. Text is
 * measured with the same AWT fonts as the PNG output so layouts agree; the SVG names a generic
 * sans-serif family, so a viewer's font may differ by a few pixels.
 */
public final class SvgCanvas implements Canvas {
    private final int width;
    private final int height;
    private final StringBuilder body = new StringBuilder();
    private int clips;
    private boolean clipped;

    public SvgCanvas(int width, int height, Color background) {
        this.width = width;
        this.height = height;
        rect(0, 0, width, height, background, null);
    }

    private static String num(double v) {
        String s = String.format(Locale.ROOT, "%.2f", v);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    private static String colour(Color c) {
        return String.format(Locale.ROOT, "#%02x%02x%02x", c.getRed(), c.getGreen(), c.getBlue());
    }

    /** {@code fill}/{@code stroke} attributes of a colour, with its alpha as an opacity when translucent. */
    private static String paint(String attr, Color c) {
        if (c == null) {
            return " " + attr + "=\"none\"";
        }
        String s = " " + attr + "=\"" + colour(c) + "\"";
        return c.getAlpha() == 255 ? s : s + " " + attr + "-opacity=\"" + num(c.getAlpha() / 255.0) + "\"";
    }

    /** Escapes the characters XML reserves in text and attribute values. */
    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                default -> {
                    // characters XML 1.0 forbids outright (other control characters) are dropped
                    if (ch >= 0x20 || ch == '\t' || ch == '\n' || ch == '\r') {
                        b.append(ch);
                    }
                }
            }
        }
        return b.toString();
    }

    private String strokeAttrs(Color color, float width, float[] dash) {
        StringBuilder b = new StringBuilder(paint("stroke", color)).append(" stroke-width=\"").append(num(width)).append('"');
        if (dash != null) {
            b.append(" stroke-dasharray=\"");
            for (int i = 0; i < dash.length; i++) {
                b.append(i == 0 ? "" : " ").append(num(dash[i]));
            }
            b.append('"');
        } else {
            b.append(" stroke-linecap=\"round\" stroke-linejoin=\"round\"");
        }
        return b.toString();
    }

    @Override
    public void line(double x1, double y1, double x2, double y2, Color color, float width, float[] dash) {
        body.append("<line x1=\"").append(num(x1)).append("\" y1=\"").append(num(y1)).append("\" x2=\"").append(num(x2))
                .append("\" y2=\"").append(num(y2)).append('"').append(strokeAttrs(color, width, dash)).append("/>\n");
    }

    @Override
    public void polyline(double[] xs, double[] ys, Color color, float width, float[] dash) {
        body.append("<polyline points=\"");
        for (int i = 0; i < xs.length; i++) {
            body.append(i == 0 ? "" : " ").append(num(xs[i])).append(',').append(num(ys[i]));
        }
        body.append("\" fill=\"none\"").append(strokeAttrs(color, width, dash)).append("/>\n");
    }

    @Override
    public void rect(double x, double y, double w, double h, Color fill, Color stroke) {
        body.append("<rect x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" width=\"").append(num(w))
                .append("\" height=\"").append(num(h)).append('"').append(paint("fill", fill));
        body.append(stroke == null ? "" : strokeAttrs(stroke, 1f, null)).append("/>\n");
    }

    @Override
    public void circle(double cx, double cy, double r, Color fill, Color stroke) {
        body.append("<circle cx=\"").append(num(cx)).append("\" cy=\"").append(num(cy)).append("\" r=\"").append(num(r))
                .append('"').append(paint("fill", fill));
        body.append(stroke == null ? "" : strokeAttrs(stroke, 1.2f, null)).append("/>\n");
    }

    @Override
    public void text(String s, double x, double y, float size, boolean bold, Color color, Anchor anchor, double degrees) {
        String a = switch (anchor) {
            case START -> "start";
            case MIDDLE -> "middle";
            case END -> "end";
        };
        body.append("<text x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" font-family=\"sans-serif\" font-size=\"")
                .append(num(size)).append('"').append(bold ? " font-weight=\"bold\"" : "").append(" text-anchor=\"").append(a)
                .append('"').append(paint("fill", color));
        if (degrees != 0) {
            // SVG rotates clockwise for positive angles (y points down)
            body.append(" transform=\"rotate(").append(num(-degrees)).append(' ').append(num(x)).append(' ').append(num(y)).append(")\"");
        }
        body.append('>').append(escape(s)).append("</text>\n");
    }

    @Override
    public double textWidth(String s, float size, boolean bold) {
        return AwtCanvas.measure(s, size, bold);
    }

    @Override
    public void clip(double x, double y, double w, double h) {
        unclip();
        String id = "clip" + clips++;
        body.append("<clipPath id=\"").append(id).append("\"><rect x=\"").append(num(x)).append("\" y=\"").append(num(y))
                .append("\" width=\"").append(num(w)).append("\" height=\"").append(num(h)).append("\"/></clipPath>\n")
                .append("<g clip-path=\"url(#").append(id).append(")\">\n");
        clipped = true;
    }

    @Override
    public void unclip() {
        if (clipped) {
            body.append("</g>\n");
            clipped = false;
        }
    }

    /** The complete document. */
    public String document() {
        unclip();
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"" + width + "\" height=\"" + height
                + "\" viewBox=\"0 0 " + width + " " + height + "\">\n" + body + "</svg>\n";
    }

    /** Writes the document atomically. */
    public void write(Path file) {
        AtomicFiles.write(file, document());
    }
}
