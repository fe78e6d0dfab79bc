#!/usr/bin/python3
"""Where the eyes sit in each source's crop (issue 16, framing), measured with OpenCV's Haar detectors.

Usage (Debian's interpreter: apt-get install --no-install-recommends python3-opencv opencv-data):
    /usr/bin/python3 scripts/measure_framing.py DATA_ROOT framing-images.tsv > framing.csv

framing-images.tsv (sheet, file relative to DATA_ROOT, crop "x,y,w,h" or "whole") comes from
org.tripletlab.tools.FramingSample: validation identities of the v2 protocol and LFW View 1 only.

Per image: the crop box is cut out of the stored image and resized to 124 x 124 (the size of LFW's
crop [63, 68, 124, 124] on the 250-px deep-funneled images, so every number is in LFW-crop pixels),
then enlarged x2 for the detectors. The largest frontal face (haarcascade_frontalface_default) is kept;
eyes (haarcascade_eye) are searched in the top 60 % of that face box; the largest detection left of the
face's centre line and the largest right of it are the two eyes (an image with no face, or without an
eye on each side, is counted as not measured). Eye centre = centre of the eye box. Measured, in
124-px crop pixels: d = distance between the eye centres, y = their mean height (the eye line), x =
their mean x. One CSV row per sheet: images, measured, and median and 10th/90th percentiles of d, y, x.

Last column, for a sheet with a fixed crop box: the box (in its stored pixels) that would put its median
eyes where the reference sheet (lfw-view1) has them. With the sheet's box (x0, y0, s) its median eyes are
at d * s/124 apart, at (x0 + x * s/124, y0 + y * s/124) in stored pixels; the box of side
s' = (d * s/124) * 124/d_ref with its corner at (x0 + x * s/124 - x_ref * s'/124, y0 + y * s/124 - y_ref * s'/124)
shows them d_ref apart at (x_ref, y_ref). Rounded to whole pixels.
"""
import csv
import os
import sys

import cv2
import numpy as np

REF = 124      # the LFW crop's side: numbers are in its pixels
UP = 2         # enlarged for the detectors (an eye is ~15 px at 124)
CASCADES = "/usr/share/opencv4/haarcascades/"
REFERENCE = "lfw-view1"  # the sheet whose framing the others should match


def eyes(grey124, face_det, eye_det):
    """(d, y, x) of one 124-px crop, or None when the face or an eye on either side is not found."""
    big = cv2.resize(grey124, (REF * UP, REF * UP), interpolation=cv2.INTER_CUBIC)
    faces = face_det.detectMultiScale(big, scaleFactor=1.05, minNeighbors=4, minSize=(60 * UP, 60 * UP))
    if len(faces) == 0:
        return None
    fx, fy, fw, fh = max(faces, key=lambda f: f[2] * f[3])
    top = big[fy:fy + int(0.6 * fh), fx:fx + fw]
    found = eye_det.detectMultiScale(top, scaleFactor=1.05, minNeighbors=3, minSize=(fw // 10, fw // 10), maxSize=(fw // 2, fw // 2))
    mid = fw / 2.0
    left = [e for e in found if e[0] + e[2] / 2.0 < mid]
    right = [e for e in found if e[0] + e[2] / 2.0 >= mid]
    if not left or not right:
        return None
    centres = []
    for side in (left, right):
        ex, ey, ew, eh = max(side, key=lambda e: e[2] * e[3])
        centres.append(((fx + ex + ew / 2.0) / UP, (fy + ey + eh / 2.0) / UP))
    (x1, y1), (x2, y2) = centres
    return float(np.hypot(x2 - x1, y2 - y1)), (y1 + y2) / 2.0, (x1 + x2) / 2.0


def main():
    root, listing = sys.argv[1], sys.argv[2]
    face_det = cv2.CascadeClassifier(CASCADES + "haarcascade_frontalface_default.xml")
    eye_det = cv2.CascadeClassifier(CASCADES + "haarcascade_eye.xml")
    if face_det.empty() or eye_det.empty():
        sys.exit("measure_framing: OpenCV's Haar cascades not found under " + CASCADES + "; apt-get install opencv-data")
    sheets = {}
    with open(listing, newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            sheets.setdefault(row["sheet"], []).append(row)
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["sheet", "crop", "images", "measured", "eye_distance_median", "eye_distance_p10", "eye_distance_p90",
                  "eye_line_median", "eye_line_p10", "eye_line_p90", "eye_centre_x_median", "box_matching_" + REFERENCE])
    medians = {}
    lines = []
    for sheet, rows in sheets.items():
        found = []
        for row in rows:
            path = os.path.join(root, row["file"])
            img = cv2.imread(path, cv2.IMREAD_GRAYSCALE)
            if img is None:
                sys.exit("measure_framing: cannot read " + path)
            if row["crop"] != "whole":
                x, y, w, h = (int(v) for v in row["crop"].split(","))
                if x + w > img.shape[1] or y + h > img.shape[0]:
                    sys.exit("measure_framing: %s: crop %s does not fit in %dx%d" % (path, row["crop"], img.shape[1], img.shape[0]))
                img = img[y:y + h, x:x + w]
            m = eyes(cv2.resize(img, (REF, REF), interpolation=cv2.INTER_AREA), face_det, eye_det)
            if m is not None:
                found.append(m)
        a = np.array(found) if found else np.full((1, 3), np.nan)
        p = lambda col, q: "%.1f" % np.percentile(a[:, col], q)
        medians[sheet] = np.median(a, axis=0)
        lines.append([sheet, rows[0]["crop"], len(rows), len(found), p(0, 50), p(0, 10), p(0, 90), p(1, 50), p(1, 10), p(1, 90), p(2, 50)])
    if REFERENCE not in medians:
        sys.exit("measure_framing: no sheet " + REFERENCE + " in " + listing + " to match")
    ref = medians[REFERENCE]
    for line in lines:
        out.writerow(line + [matching_box(line[1], medians[line[0]], ref)])


def matching_box(crop, m, ref):
    """The box putting the median eyes m = (d, y, x) of a sheet cropped with crop where ref has them, or '' for whole images."""
    if crop == "whole" or np.isnan(m).any():
        return ""
    x0, y0, side, _ = (int(v) for v in crop.split(","))
    k = side / REF                       # stored pixels per crop pixel
    d, y, x = m[0] * k, y0 + m[1] * k, x0 + m[2] * k
    s = d * REF / ref[0]
    return "%d,%d,%d,%d" % (round(x - ref[2] * s / REF), round(y - ref[1] * s / REF), round(s), round(s))


if __name__ == "__main__":
    main()
