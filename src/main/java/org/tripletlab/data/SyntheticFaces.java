package org.tripletlab.data;

import java.util.SplittableRandom;

/**
 * Deterministic generator of synthetic, cartoon-like face images: the embedded data set for the
 * quickstart and for fast tests, so nothing has to be downloaded.
 *
 * <p><b>Per identity</b> (drawn from {@code (seed, identity)}, fixed across all images of that
 * identity): face width, height, squareness and jaw taper; skin tone; hair colour, hairline height
 * and curve, parting, volume, side length, long hair or bald; ear size and height; eye height,
 * spacing, size, aspect, tilt and iris colour; brow gap, thickness, length, slant and arch; nose
 * length and width; mouth height, width, lip thickness and resting curve; lip colour; cheekbone
 * prominence; optional moustache/beard and mole.
 *
 * <p><b>Per image</b> (drawn from {@code (seed, identity, imageIndex)}): pose (shift up to about
 * 9% of the half-frame, i.e. ~3 px at 64×64, in-plane rotation ±10°, scale ±8%, a slight yaw that
 * slides the inner features sideways), lighting (a random light direction up to ~70° off-axis
 * shading the face as an ellipsoid with bump-mapped nose, cheekbones, brow ridge and eye sockets,
 * plus varying ambient level, exposure and colour tint), expression (smile/frown, open mouth, brow
 * raise and inner-brow tilt, eye openness including blinks, gaze), clothing colour, background
 * (level, gradient, tint, low-frequency texture) and per-pixel Gaussian-like noise.
 *
 * <p><b>Why it is built this way:</b> the identity traits are deliberately small geometric and
 * colour differences, while the per-image nuisances move, rotate and re-shade the whole face, so
 * nuisance variation dominates raw pixel distances: two images of one identity under different
 * light and pose are usually further apart in pixel space than two identities under the same
 * conditions. Pixels (or an untrained encoder) therefore verify poorly, whereas a network trained
 * with the triplet loss can learn the invariances and recover identity. The background is drawn
 * only from the per-image stream so it cannot act as an identity shortcut. With
 * {@link #renderCanonical} (variation 0) the same identity always renders identically, which
 * shows that identity information is present and that it is the nuisance variation that makes the
 * problem hard.
 *
 * <p>Rendering is analytic and per pixel (no AWT), so the bytes are the same on every JVM and
 * thread. Instances are immutable and thread-safe.
 */
public final class SyntheticFaces {
    /** Smallest supported image side; below this the features are sub-pixel. */
    public static final int MIN_SIZE = 16;
    /** Largest supported image side. */
    public static final int MAX_SIZE = 512;

    // Domain separators so the trait, variation and noise streams never coincide even when
    // identity or image index values collide with each other.
    private static final long TRAIT_DOMAIN = 0x5EEDF00DCAFEBABEL;
    private static final long VARIATION_DOMAIN = 0x0DDBA11DEADBEEFL;
    private static final long NOISE_DOMAIN = 0x7A11C0DEB0A710ADL;

    private final long seed;

    public SyntheticFaces(long seed) {
        this.seed = seed;
    }

    public long seed() {
        return seed;
    }

    /**
     * Renders image {@code imageIndex} of {@code identity} with full nuisance variation.
     *
     * @return HWC bytes (row-major, rows then columns then channels), length
     *     {@code size*size*channels}; values are unsigned (read with {@code & 0xFF}); channels is 1
     *     (grey = Rec. 601 luminance of the RGB render) or 3 (RGB)
     */
    public byte[] render(int identity, int imageIndex, int size, int channels) {
        return render(identity, imageIndex, size, channels, 1.0);
    }

    /**
     * Canonical image of an identity: frontal pose, frontal light, neutral expression, plain
     * background, no noise. All images of one identity would look like this without nuisances.
     */
    public byte[] renderCanonical(int identity, int size, int channels) {
        return render(identity, 0, size, channels, 0.0);
    }

    /**
     * Renders with the nuisance amplitudes (pose, lighting, expression, background, noise) scaled
     * by {@code variation}: 0 gives {@link #renderCanonical}, 1 is the default of
     * {@link #render(int, int, int, int)}. The random draws do not depend on {@code variation}, so
     * intermediate values interpolate the same nuisances, which makes difficulty curves smooth.
     */
    public byte[] render(int identity, int imageIndex, int size, int channels, double variation) {
        if (size < MIN_SIZE || size > MAX_SIZE) {
            throw new IllegalArgumentException("size must be in [" + MIN_SIZE + ", " + MAX_SIZE + "], got " + size);
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
        }
        if (!(variation >= 0.0 && variation <= 2.0)) {
            throw new IllegalArgumentException("variation must be in [0, 2], got " + variation);
        }
        Traits t = new Traits(new SplittableRandom(mix(mix(seed ^ TRAIT_DOMAIN) + identity)));
        long vk = mix(mix(mix(seed ^ VARIATION_DOMAIN) + identity) + imageIndex);
        Variation v = new Variation(new SplittableRandom(vk), variation);
        SplittableRandom noise = new SplittableRandom(mix(vk ^ NOISE_DOMAIN));
        return new Painter(t, v, size).paint(channels, noise);
    }

    /** Stafford's "Mix13" 64-bit finaliser: decorrelates nearby seeds before SplittableRandom sees them. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static double uniform(SplittableRandom r, double lo, double hi) {
        return lo + (hi - lo) * r.nextDouble();
    }

    // ---------------------------------------------------------------------------------------------

    /** Identity traits. Coordinates are face-frame units where the frame spans [-1, 1] at scale 1, y down. */
    private static final class Traits {
        final double faceA, faceB, faceCy, jaw, square;
        final double skinR, skinG, skinB;
        final double hairR, hairG, hairB;
        final boolean bald, longHair;
        final double hairline, hairCurve, hairPart, hairVol, sideBottom, sideInset, longBottom, strandFreq;
        final double earY, earSize;
        final double eyeY, eyeDx, eyeRx, eyeRy, eyeTiltCos, eyeTiltSin, irisR, irisG, irisB;
        final double browGap, browThick, browLen, browSlant, browArch, browR, browG, browB;
        final double noseLen, noseW;
        final double mouthY, mouthW, lipThick, mouthCurve, lipR, lipG, lipB;
        final double cheek;
        final double moustache, beard;
        final double moleX, moleY, moleR;

        Traits(SplittableRandom r) {
            faceA = uniform(r, 0.50, 0.64);
            faceB = uniform(r, 0.70, 0.82);
            faceCy = 0.0;
            jaw = uniform(r, 0.0, 0.38);
            square = uniform(r, 0.0, 0.7);

            // Skin tone along a light-to-dark continuum with an independent warmth jitter, so tones
            // differ between identities without any categorical label.
            double tone = r.nextDouble();
            double warm = uniform(r, -0.04, 0.04);
            double[] light = {0.98, 0.84, 0.74};
            double[] mid = {0.80, 0.60, 0.45};
            double[] dark = {0.42, 0.27, 0.18};
            double[] a = tone < 0.5 ? light : mid;
            double[] b = tone < 0.5 ? mid : dark;
            double f = tone < 0.5 ? tone * 2 : tone * 2 - 1;
            skinR = a[0] + (b[0] - a[0]) * f + warm;
            skinG = a[1] + (b[1] - a[1]) * f;
            skinB = a[2] + (b[2] - a[2]) * f - warm;

            double[][] hairPalette = {
                {0.07, 0.06, 0.06}, {0.22, 0.14, 0.09}, {0.42, 0.27, 0.15}, {0.80, 0.64, 0.38},
                {0.60, 0.24, 0.10}, {0.66, 0.66, 0.66}, {0.12, 0.10, 0.09}, {0.32, 0.22, 0.14},
            };
            double[] hc = hairPalette[r.nextInt(hairPalette.length)];
            double hj = uniform(r, 0.85, 1.15);
            hairR = clamp01(hc[0] * hj);
            hairG = clamp01(hc[1] * hj);
            hairB = clamp01(hc[2] * hj);

            double style = r.nextDouble();
            bald = style < 0.08;
            longHair = style > 0.62;
            hairline = bald ? -1.6 : uniform(r, -0.62, -0.36);
            hairCurve = uniform(r, -0.10, 0.28);
            hairPart = uniform(r, -0.35, 0.35);
            hairVol = uniform(r, 0.06, 0.20);
            sideBottom = longHair ? uniform(r, 0.25, 0.55) : uniform(r, -0.35, -0.05);
            sideInset = uniform(r, 0.80, 0.92);
            longBottom = uniform(r, 0.55, 1.3);
            strandFreq = uniform(r, 20, 45);

            earY = uniform(r, -0.08, 0.06);
            earSize = uniform(r, 0.12, 0.18);

            eyeY = uniform(r, -0.14, 0.0);
            eyeDx = uniform(r, 0.19, 0.28);
            eyeRx = uniform(r, 0.075, 0.11);
            eyeRy = eyeRx * uniform(r, 0.42, 0.70);
            double eyeTilt = uniform(r, -0.18, 0.18);
            eyeTiltCos = Math.cos(eyeTilt);
            eyeTiltSin = Math.sin(eyeTilt);
            double[][] irisPalette = {
                {0.25, 0.15, 0.08}, {0.42, 0.26, 0.12}, {0.45, 0.40, 0.20},
                {0.28, 0.45, 0.30}, {0.28, 0.45, 0.68}, {0.45, 0.50, 0.56},
            };
            double[] ic = irisPalette[r.nextInt(irisPalette.length)];
            irisR = ic[0];
            irisG = ic[1];
            irisB = ic[2];

            browGap = uniform(r, 0.09, 0.16);
            browThick = uniform(r, 0.016, 0.042);
            browLen = eyeRx * uniform(r, 1.1, 1.6);
            browSlant = uniform(r, -0.035, 0.045);
            browArch = uniform(r, 0.0, 0.045);
            // Brows are a darker version of the hair so grey- and fair-haired faces keep visible brows.
            browR = hairR * 0.65 + 0.03;
            browG = hairG * 0.62 + 0.02;
            browB = hairB * 0.60 + 0.02;

            noseLen = uniform(r, 0.16, 0.30);
            noseW = uniform(r, 0.055, 0.105);

            mouthY = eyeY + noseLen + uniform(r, 0.12, 0.22);
            mouthW = uniform(r, 0.12, 0.22);
            lipThick = uniform(r, 0.016, 0.040);
            mouthCurve = uniform(r, -0.02, 0.03);
            double lipRed = uniform(r, 0.0, 0.12);
            lipR = skinR * 0.80 + 0.06 + lipRed;
            lipG = skinG * 0.52;
            lipB = skinB * 0.55;

            cheek = uniform(r, 0.2, 0.8);

            double fh = r.nextDouble();
            moustache = fh < 0.25 ? uniform(r, 0.6, 0.95) : 0.0;
            beard = fh < 0.13 ? uniform(r, 0.5, 0.9) : 0.0;

            boolean mole = r.nextDouble() < 0.3;
            moleX = uniform(r, -0.45, 0.45);
            moleY = uniform(r, -0.1, 0.45);
            moleR = mole ? uniform(r, 0.012, 0.022) : 0.0;
        }
    }

    /** Nuisance parameters of one image; every draw is made regardless of {@code k} so that k only scales. */
    private static final class Variation {
        final double dx, dy, cos, sin, scale, yaw;
        final double lx, ly, lz, ambient, diffuse, exposure, tintR, tintG, tintB;
        final double smile, mouthOpen, browRaise, browInner, eyeOpen, gazeX, gazeY;
        final double bgLevel, bgGx, bgGy, bgR, bgG, bgB, texAmp, tf1x, tf1y, tp1, tf2x, tf2y, tp2;
        final double clothR, clothG, clothB;
        final double noiseSigma;

        Variation(SplittableRandom r, double k) {
            dx = k * uniform(r, -0.09, 0.09);
            dy = k * uniform(r, -0.09, 0.09);
            double rot = k * Math.toRadians(uniform(r, -10, 10));
            cos = Math.cos(rot);
            sin = Math.sin(rot);
            scale = 1.0 + k * uniform(r, -0.08, 0.08);
            yaw = k * uniform(r, -0.12, 0.12);

            double phi = uniform(r, 0, 2 * Math.PI);
            double theta = Math.min(1.35, k * uniform(r, 0.25, 1.2));
            lx = Math.sin(theta) * Math.cos(phi);
            ly = Math.sin(theta) * Math.sin(phi);
            lz = Math.cos(theta);
            ambient = Math.max(0.05, 0.38 + k * uniform(r, -0.28, 0.06));
            diffuse = 0.62 + k * uniform(r, -0.10, 0.35);
            exposure = Math.max(0.3, 1.0 + k * uniform(r, -0.22, 0.15));
            tintR = 1.0 + k * uniform(r, -0.06, 0.06);
            tintG = 1.0 + k * uniform(r, -0.04, 0.04);
            tintB = 1.0 + k * uniform(r, -0.06, 0.06);

            smile = k * uniform(r, -0.7, 1.0);
            double openDraw = r.nextDouble();
            double openAmount = uniform(r, 0.2, 1.0);
            mouthOpen = openDraw < 0.35 ? k * openAmount : 0.0;
            browRaise = k * uniform(r, -0.02, 0.05);
            browInner = k * uniform(r, -0.03, 0.03);
            double blinkDraw = r.nextDouble();
            double closeAmount = blinkDraw < 0.12 ? uniform(r, 0.7, 1.0) : uniform(r, 0.0, 0.4);
            eyeOpen = Math.max(0.0, 1.0 - k * closeAmount);
            gazeX = k * uniform(r, -1, 1);
            gazeY = k * uniform(r, -0.5, 0.5);

            bgLevel = 0.55 + k * uniform(r, -0.32, 0.32);
            double psi = uniform(r, 0, 2 * Math.PI);
            double grad = k * uniform(r, 0.0, 0.28);
            bgGx = grad * Math.cos(psi);
            bgGy = grad * Math.sin(psi);
            bgR = 1.0 + k * uniform(r, -0.08, 0.08);
            bgG = 1.0 + k * uniform(r, -0.08, 0.08);
            bgB = 1.0 + k * uniform(r, -0.08, 0.08);
            texAmp = k * uniform(r, 0.0, 0.06);
            tf1x = uniform(r, -10, 10);
            tf1y = uniform(r, -10, 10);
            tp1 = uniform(r, 0, 2 * Math.PI);
            tf2x = uniform(r, -6, 6);
            tf2y = uniform(r, -6, 6);
            tp2 = uniform(r, 0, 2 * Math.PI);

            double kc = Math.min(1.0, k);
            clothR = 0.35 + kc * (uniform(r, 0.1, 0.9) - 0.35);
            clothG = 0.40 + kc * (uniform(r, 0.1, 0.9) - 0.40);
            clothB = 0.50 + kc * (uniform(r, 0.1, 0.9) - 0.50);

            noiseSigma = k * uniform(r, 0.010, 0.035);
        }
    }

    // ---------------------------------------------------------------------------------------------

    /** Per-call renderer; holds scratch state so the generator itself stays immutable. */
    private static final class Painter {
        private final Traits t;
        private final Variation v;
        private final int size;
        private final double aa; // one pixel in face units: the width of the soft edges
        private final double invAa;
        private final double band;
        private double cr, cg, cb; // composited colour of the current pixel
        private double nx, ny; // bump-map normal perturbation of the current face pixel

        Painter(Traits t, Variation v, int size) {
            this.t = t;
            this.v = v;
            this.size = size;
            this.aa = 2.0 / (size * v.scale);
            this.invAa = 1.0 / aa;
            this.band = 2 * aa + 0.03;
        }

        byte[] paint(int channels, SplittableRandom noise) {
            int n = size;
            double[] su1 = new double[n], cu1 = new double[n], su2 = new double[n], cu2 = new double[n];
            double[] sv1 = new double[n], cv1 = new double[n], sv2 = new double[n], cv2 = new double[n];
            // The background texture is two plane waves; sin(a+b) splits into row and column
            // factors, so no trig is evaluated per pixel.
            for (int i = 0; i < n; i++) {
                double c = (i + 0.5) * 2.0 / n - 1.0;
                su1[i] = Math.sin(v.tf1x * c);
                cu1[i] = Math.cos(v.tf1x * c);
                su2[i] = Math.sin(v.tf2x * c);
                cu2[i] = Math.cos(v.tf2x * c);
                sv1[i] = Math.sin(v.tf1y * c + v.tp1);
                cv1[i] = Math.cos(v.tf1y * c + v.tp1);
                sv2[i] = Math.sin(v.tf2y * c + v.tp2);
                cv2[i] = Math.cos(v.tf2y * c + v.tp2);
            }
            byte[] out = new byte[n * n * channels];
            double invScale = 1.0 / v.scale;
            double sigma = v.noiseSigma;
            int o = 0;
            for (int py = 0; py < n; py++) {
                double pv = (py + 0.5) * 2.0 / n - 1.0;
                for (int px = 0; px < n; px++) {
                    double pu = (px + 0.5) * 2.0 / n - 1.0;
                    double tex = su1[px] * cv1[py] + cu1[px] * sv1[py]
                            + 0.6 * (su2[px] * cv2[py] + cu2[px] * sv2[py]);
                    double bg = v.bgLevel + v.bgGx * pu + v.bgGy * pv + v.texAmp * tex;
                    cr = bg * v.bgR;
                    cg = bg * v.bgG;
                    cb = bg * v.bgB;
                    double x0 = pu - v.dx;
                    double y0 = pv - v.dy;
                    double x = (v.cos * x0 + v.sin * y0) * invScale;
                    double y = (-v.sin * x0 + v.cos * y0) * invScale;
                    paintSubject(x, y);
                    double r = cr, g = cg, b = cb;
                    if (sigma > 0) {
                        r += sigma * gauss(noise);
                        g += sigma * gauss(noise);
                        b += sigma * gauss(noise);
                    }
                    r = clamp01(r);
                    g = clamp01(g);
                    b = clamp01(b);
                    if (channels == 3) {
                        out[o++] = toByte(r);
                        out[o++] = toByte(g);
                        out[o++] = toByte(b);
                    } else {
                        out[o++] = toByte(0.299 * r + 0.587 * g + 0.114 * b);
                    }
                }
            }
            return out;
        }

        /**
         * Signed distance to an ellipse, exact enough only where it matters: within {@code band}
         * of the edge (soft edges, lash lines). Further away the cheap bound (k0 − 1)·min(a, b)
         * has the right sign and a magnitude that already saturates the coverage.
         */
        private double ellipse(double x, double y, double a, double b) {
            double ux = x / a, uy = y / b;
            double k0 = Math.sqrt(ux * ux + uy * uy);
            double far = (k0 - 1.0) * Math.min(a, b);
            if (far > band || far < -band) {
                return far;
            }
            return sdEllipse(x, y, a, b);
        }

        private void over(double alpha, double r, double g, double b) {
            if (alpha <= 0) {
                return;
            }
            cr += (r - cr) * alpha;
            cg += (g - cg) * alpha;
            cb += (b - cb) * alpha;
        }

        private double cov(double d) {
            double c = 0.5 - d * invAa;
            return c <= 0 ? 0 : (c >= 1 ? 1 : c);
        }

        private double lambert(double nxv, double nyv, double nzv) {
            double len = Math.sqrt(nxv * nxv + nyv * nyv + nzv * nzv);
            double d = (nxv * v.lx + nyv * v.ly + nzv * v.lz) / len;
            return (v.ambient + v.diffuse * Math.max(0.0, d)) * v.exposure;
        }

        private void paintSubject(double x, double y) {
            Traits t = this.t;
            // Quick reject: above the shoulders everything lies inside this box.
            if (y < 0.75 && (Math.abs(x) > t.faceA + 0.45 || y < -t.faceB - t.hairVol - 0.1)) {
                return;
            }
            // Shirt: shoulders slope away from the neck; drawn first, the neck sits in its collar.
            double dShirt = (0.80 + 0.14 * x * x - y) * 0.8;
            if (dShirt < aa) {
                double s = lambert(x * 0.5, 0.2, 1.0);
                over(cov(dShirt), v.clothR * s * v.tintR, v.clothG * s * v.tintG, v.clothB * s * v.tintB);
            }
            // Long hair falls behind the face and neck.
            if (t.longHair) {
                double top = t.faceCy - t.faceB - t.hairVol - 0.03;
                double bot = t.longBottom;
                double hw = t.faceA + 0.07 + t.hairVol * 0.6;
                double hh = (bot - top) * 0.5;
                double d = sdRoundBox(x, y - (top + hh), hw, hh, Math.min(hw, hh) * 0.9);
                if (d < aa) {
                    double s = lambert(x / hw * 0.6, 0.0, 1.0) * 0.8;
                    double st = strand(x, y);
                    over(cov(d), t.hairR * s * st * v.tintR, t.hairG * s * st * v.tintG, t.hairB * s * st * v.tintB);
                }
            }
            // Neck, shadowed by the chin.
            double neckW = t.faceA * 0.45;
            double dNeck = Math.max(Math.max(Math.abs(x) - neckW, 0.2 - y), (y - (1.0 - 0.8 * Math.abs(x))) * 0.6);
            if (dNeck < aa) {
                double s = lambert(x / neckW * 0.5, 0.0, 1.0) * 0.78;
                over(cov(dNeck), t.skinR * s * v.tintR, t.skinG * s * v.tintG, t.skinB * s * v.tintB);
            }
            // Ears, partly hidden by the face drawn on top.
            double ey = y - t.earY;
            if (Math.abs(ey) < t.earSize + aa) {
                double ax = Math.abs(x) - (halfWidthAt(t.earY) - 0.015);
                double ew = t.earSize * 0.45;
                double d = ellipse(ax, ey, ew, t.earSize);
                if (d < aa) {
                    double s = lambert(Math.signum(x) * 0.7, ey / t.earSize * 0.4, 0.7);
                    double inner = ellipse(ax - ew * 0.15, ey, ew * 0.5, t.earSize * 0.6) < 0 ? 0.8 : 1.0;
                    double m = s * inner * 0.95;
                    over(cov(d), t.skinR * m * v.tintR, t.skinG * m * v.tintG, t.skinB * m * v.tintB);
                }
            }
            double dFace = faceDistance(x, y);
            if (dFace < aa) {
                paintFace(x, y, cov(dFace));
            }
            paintFrontHair(x, y);
        }

        private double halfWidthAt(double y) {
            double yy = (y - t.faceCy) / t.faceB;
            double taper = y > t.faceCy ? 1.0 - t.jaw * yy * yy : 1.0;
            return t.faceA * taper * Math.sqrt(Math.max(0.0, 1.0 - Math.min(1.0, yy * yy)));
        }

        private double faceDistance(double x, double y) {
            double yy = y - t.faceCy;
            double xs = x;
            if (yy > 0) {
                // The jaw taper squeezes the lower face towards the chin.
                double q = yy / t.faceB;
                xs = x / (1.0 - t.jaw * Math.min(1.0, q * q));
            }
            double de = ellipse(xs, yy, t.faceA, t.faceB);
            if (t.square <= 0) {
                return de;
            }
            double db = sdRoundBox(xs, yy, t.faceA, t.faceB, t.faceA * 0.55);
            return de + (db - de) * t.square;
        }

        private void paintFace(double x, double y, double faceCov) {
            Traits t = this.t;
            Variation v = this.v;
            // Inner features slide sideways with yaw; the nose tip protrudes, so it slides more.
            double xs = x - v.yaw * 0.28;
            double side = xs < 0 ? -1.0 : 1.0;
            double ar = t.skinR, ag = t.skinG, ab = t.skinB;
            nx = 0;
            ny = 0;

            // Shape bumps: these only change the normal, so they show up through the lighting and
            // move with the light direction, like real facial relief.
            double noseX = xs - v.yaw * 0.12;
            bump(noseX, y - (t.eyeY + t.noseLen * 0.5), t.noseW * 0.9, t.noseLen * 0.65, 0.35);
            bump(noseX, y - (t.eyeY + t.noseLen), t.noseW * 1.15, t.noseW * 0.9, 0.30);
            bump(Math.abs(xs) - (t.eyeDx + 0.04), y - (t.eyeY + 0.16), 0.16, 0.11, 0.12 * t.cheek);
            bump(xs, y - (t.eyeY - t.browGap), t.eyeDx + t.eyeRx * 1.4, 0.06, 0.10);
            bump(Math.abs(xs) - t.eyeDx, y - t.eyeY, t.eyeRx * 1.7, t.eyeRx * 1.3, -0.10);
            bump(xs, y - (t.faceB * 0.88), t.faceA * 0.35, 0.09, 0.10);

            // Mole.
            if (t.moleR > 0) {
                double mdx = xs - t.moleX, mdy = y - t.moleY;
                double d = Math.sqrt(mdx * mdx + mdy * mdy) - t.moleR;
                double c = cov(d);
                if (c > 0) {
                    double m = 1 - 0.55 * c;
                    ar *= m;
                    ag *= m * 0.95;
                    ab *= m * 0.95;
                }
            }

            // Beard: colours the lower face, under the mouth drawn later.
            if (t.beard > 0) {
                double top = t.mouthY - 0.07 - 0.25 * (xs / t.faceA) * (xs / t.faceA);
                double c = cov(top - y) * t.beard * (0.85 + 0.15 * strand(x, y));
                ar += (t.hairR - ar) * c;
                ag += (t.hairG - ag) * c;
                ab += (t.hairB - ab) * c;
            }

            // Eyes.
            double ly = y - t.eyeY;
            if (Math.abs(ly) < t.eyeRx * 1.5) {
                double lx = xs - side * t.eyeDx;
                double ca = t.eyeTiltCos, sa = t.eyeTiltSin * side;
                double ex = ca * lx + sa * ly;
                double eyv = -sa * lx + ca * ly;
                double ry = Math.max(0.004, t.eyeRy * v.eyeOpen);
                double dWhite = ellipse(ex, eyv, t.eyeRx, ry);
                if (dWhite < aa * 2 + 0.02) {
                    double wc = cov(dWhite);
                    if (wc > 0) {
                        double wr = 0.93, wg = 0.92, wb = 0.90;
                        double ir = t.eyeRy * 0.95;
                        double gx = ex - v.gazeX * t.eyeRx * 0.35, gy = eyv - v.gazeY * t.eyeRy * 0.3;
                        double dIris = Math.sqrt(gx * gx + gy * gy) - ir;
                        double ic = cov(dIris);
                        wr += (t.irisR - wr) * ic;
                        wg += (t.irisG - wg) * ic;
                        wb += (t.irisB - wb) * ic;
                        double pc = cov(dIris + ir * 0.55);
                        wr += (0.03 - wr) * pc;
                        wg += (0.03 - wg) * pc;
                        wb += (0.03 - wb) * pc;
                        ar += (wr - ar) * wc;
                        ag += (wg - ag) * wc;
                        ab += (wb - ab) * wc;
                    }
                    // Lash line: the upper rim is thicker than the lower one.
                    double lw = eyv < 0 ? 0.016 : 0.006;
                    double lc = cov(Math.abs(dWhite) - lw * 0.5) * (eyv < 0 ? 0.9 : 0.45);
                    ar += (0.10 - ar) * lc;
                    ag += (0.07 - ag) * lc;
                    ab += (0.06 - ab) * lc;
                }
            }

            // Brows.
            double bx = (xs - side * t.eyeDx) * side; // positive towards the outer end
            if (Math.abs(bx) < t.browLen + aa) {
                double u = bx / t.browLen;
                double yb = t.eyeY - t.browGap - v.browRaise - t.browArch * (1 - u * u)
                        - t.browSlant * u + v.browInner * (1 - u) * 0.5;
                double th = t.browThick * (1.0 - 0.35 * u) * 0.5;
                double d = Math.max(Math.abs(y - yb) - th, Math.abs(bx) - t.browLen);
                double c = cov(d) * 0.92;
                ar += (t.browR - ar) * c;
                ag += (t.browG - ag) * c;
                ab += (t.browB - ab) * c;
            }

            // Nostrils.
            double nyy = y - (t.eyeY + t.noseLen + 0.025);
            if (Math.abs(nyy) < 0.04) {
                double d = ellipse(Math.abs(noseX) - t.noseW * 0.5, nyy, 0.024, 0.012);
                double c = cov(d) * 0.75;
                ar *= 1 - c;
                ag *= 1 - c;
                ab *= 1 - c;
            }

            // Mouth: lips around a centre line whose curvature follows the smile.
            double mx = xs - v.yaw * 0.05;
            double w = t.mouthW * (1.0 + 0.12 * v.smile);
            double mu = mx / w;
            if (Math.abs(mu) < 1.3 && Math.abs(y - t.mouthY) < 0.2) {
                double bend = t.mouthCurve + v.smile * 0.055;
                double c0 = t.mouthY - bend * (mu * mu - 0.3);
                double open = v.mouthOpen * 0.055 * Math.max(0.0, 1 - mu * mu);
                double fall = Math.sqrt(Math.max(0.0, 1 - mu * mu));
                double dy = y - c0;
                double lipT = t.lipThick * fall * (dy < 0 ? 0.8 : 1.1);
                double dEnd = (Math.abs(mu) - 1) * w;
                double dLips = Math.max(Math.abs(dy) - open - lipT, dEnd);
                double lc = cov(dLips);
                ar += (t.lipR - ar) * lc;
                ag += (t.lipG - ag) * lc;
                ab += (t.lipB - ab) * lc;
                double dGap = Math.max(Math.abs(dy) - open - 0.005, dEnd);
                double gc = cov(dGap);
                if (gc > 0) {
                    double gr = 0.22, gg = 0.07, gb = 0.07;
                    // Teeth show in the upper part of an open mouth.
                    if (open > 0.01 && dy < 0) {
                        double tc = cov(-dy - open * 0.35) * 0.9;
                        gr += (0.92 - gr) * tc;
                        gg += (0.90 - gg) * tc;
                        gb += (0.84 - gb) * tc;
                    }
                    ar += (gr - ar) * gc;
                    ag += (gg - ag) * gc;
                    ab += (gb - ab) * gc;
                }
                if (t.moustache > 0) {
                    double mtop = c0 - open - t.lipThick * 0.8 - 0.065;
                    double mbot = c0 - open - t.lipThick * 0.6;
                    double d = Math.max(Math.max(mtop - y, y - mbot), (Math.abs(mx) - w * 1.1));
                    double c = cov(d) * t.moustache;
                    ar += (t.hairR - ar) * c;
                    ag += (t.hairG - ag) * c;
                    ab += (t.hairB - ab) * c;
                }
            }

            // Ellipsoid normal plus bump perturbation.
            double qx = x / (t.faceA * 1.08);
            double qy = (y - t.faceCy) / (t.faceB * 1.15);
            double nz = Math.sqrt(Math.max(0.02, 1 - qx * qx - qy * qy));
            double s = lambert(qx + nx, qy + ny, nz);
            over(faceCov, ar * s * v.tintR, ag * s * v.tintG, ab * s * v.tintB);
        }

        /** Adds the normal tilt of a smooth bump (height amp·(1−r²)²) centred at the origin of (dx, dy). */
        private void bump(double dx, double dy, double rx, double ry, double amp) {
            if (Math.abs(dx) >= rx || Math.abs(dy) >= ry) {
                return;
            }
            double ux = dx / rx, uy = dy / ry;
            double q = 1 - ux * ux - uy * uy;
            if (q <= 0) {
                return;
            }
            // Normal = (-dh/dx, -dh/dy, 1); the ellipsoid's normal uses +x/+y outward, so we add the
            // negative height gradient.
            double g = amp * 4 * q;
            nx += g * ux / rx * 0.1;
            ny += g * uy / ry * 0.1;
        }

        private void paintFrontHair(double x, double y) {
            Traits t = this.t;
            double capA = t.faceA + 0.04 + t.hairVol * 0.45;
            double capB = t.faceB + t.hairVol;
            double capCy = t.faceCy - 0.02;
            double dCap = ellipse(x, y - capCy, capA, capB);
            if (dCap >= aa) {
                return;
            }
            double xp = (x - t.hairPart) / t.faceA;
            double hl = t.hairline + t.hairCurve * xp * xp;
            double dTop = y - hl;
            double dSide = Math.max(t.faceA * t.sideInset - Math.abs(x), y - t.sideBottom);
            if (t.bald) {
                dSide = Math.max(dSide, t.earY - 0.25 - y);
            }
            double d = Math.max(dCap, Math.min(dTop, dSide));
            if (d >= aa) {
                return;
            }
            double qx = x / capA;
            double qy = (y - capCy) / capB;
            double nz = Math.sqrt(Math.max(0.05, 1 - qx * qx - qy * qy));
            double s = lambert(qx, qy, nz) * strand(x, y);
            over(cov(d), t.hairR * s * v.tintR, t.hairG * s * v.tintG, t.hairB * s * v.tintB);
        }

        /** Cheap strand-like streaks (triangle waves, no trig per pixel). */
        private double strand(double x, double y) {
            double p = x * t.strandFreq + y * 3.0;
            double f = p - Math.floor(p);
            return 0.9 + 0.2 * Math.abs(f - 0.5);
        }
    }

    // ---------------------------------------------------------------------------------------------

    /** Approximate signed distance to an axis-aligned ellipse (exact on the boundary, good near it). */
    static double sdEllipse(double x, double y, double a, double b) {
        double ux = x / a, uy = y / b;
        double k0 = Math.sqrt(ux * ux + uy * uy);
        double vx = ux / a, vy = uy / b;
        double k1 = Math.sqrt(vx * vx + vy * vy);
        if (k1 < 1e-12) {
            return -Math.min(a, b);
        }
        return k0 * (k0 - 1.0) / k1;
    }

    static double sdRoundBox(double x, double y, double hw, double hh, double r) {
        double qx = Math.abs(x) - (hw - r);
        double qy = Math.abs(y) - (hh - r);
        double ox = Math.max(qx, 0), oy = Math.max(qy, 0);
        return Math.sqrt(ox * ox + oy * oy) + Math.min(Math.max(qx, qy), 0) - r;
    }

    /** Approximately standard normal: Irwin–Hall sum of four 16-bit uniforms from one 64-bit draw. */
    private static double gauss(SplittableRandom r) {
        long bits = r.nextLong();
        double s = (bits & 0xFFFF) + ((bits >>> 16) & 0xFFFF) + ((bits >>> 32) & 0xFFFF) + (bits >>> 48);
        return (s / 65536.0 - 2.0) * 1.7320508075688772;
    }

    private static double clamp01(double x) {
        return x < 0 ? 0 : (x > 1 ? 1 : x);
    }

    private static byte toByte(double x) {
        return (byte) (int) (x * 255.0 + 0.5);
    }
}
