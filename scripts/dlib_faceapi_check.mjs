// Runs face-api's own FaceRecognitionNet (TF.js, CPU backend) on the fixture's two LCG images and prints the largest
// difference from the fixture that scripts/dlib_reference.py wrote: a check of the PyTorch reference (and so of the
// Java block's known answers) against the package's own implementation, not against our reading of it.
//
//   d=$(mktemp -d) && (cd $d && npm pack @vladmandic/face-api@1.7.15 && tar xzf *.tgz)
//   node scripts/dlib_faceapi_check.mjs $d/package models/dlib-resnet src/test/resources/dlib-resnet/reference.json
//
// Measured on 2026-12-03 (node 20, face-api 1.7.15's bundled tfjs, cpu backend): max |JS − fixture| = 1.5e-7 over the
// 2 × 128 outputs (largest |output| 0.42).
//
// The browser bundle is used (the Node builds need the native tfjs-node); it is told it is not in Node and given a
// minimal platform, since only tensors (no canvas, no fetch) are used.
import fs from 'fs';
import path from 'path';

const [pkg, models, fixtureFile] = process.argv.slice(2);
if (!pkg || !models || !fixtureFile) {
  console.error('usage: node scripts/dlib_faceapi_check.mjs <face-api package dir> <models dir> <fixture json>');
  process.exit(2);
}
Object.defineProperty(process, 'versions', { value: { ...process.versions, node: undefined } });
const faceapi = await import(path.resolve(pkg, 'dist/face-api.esm.js'));
const tf = faceapi.tf;
tf.setPlatform('minimal', {
  fetch: (u, i) => fetch(u, i), now: () => performance.now(), encode: (t) => new TextEncoder().encode(t),
  decode: (b, e) => new TextDecoder(e).decode(b), isTypedArray: (a) => ArrayBuffer.isView(a) && !(a instanceof DataView),
  setTimeoutCustom: (f, t) => setTimeout(f, t),
});
await tf.setBackend('cpu');
await tf.ready();

const manifest = JSON.parse(fs.readFileSync(path.join(models, 'face_recognition_model-weights_manifest.json')));
const bin = fs.readFileSync(path.join(models, 'face_recognition_model.bin'));
const weights = tf.io.decodeWeights(bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength), manifest[0].weights);
const net = faceapi.nets.faceRecognitionNet;
net.loadFromWeightMap(weights);

// the fixture's images: state <- (1664525 * state + 1013904223) mod 2^32, byte = state >> 24, H x W x RGB
function lcg(seed, n) {
  const out = new Uint8Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(1664525, s) + 1013904223) >>> 0;
    out[i] = s >>> 24;
  }
  return out;
}
const fixture = JSON.parse(fs.readFileSync(fixtureFile));
let maxDiff = 0;
let maxAbs = 0;
for (let k = 0; k < fixture.seeds.length; k++) {
  const x = tf.tensor3d(Array.from(lcg(fixture.seeds[k], fixture.size * fixture.size * 3)), [fixture.size, fixture.size, 3], 'int32');
  const out = await net.forwardInput(new faceapi.NetInput([x])).data();
  out.forEach((v, i) => {
    maxDiff = Math.max(maxDiff, Math.abs(v - fixture.raw[k][i]));
    maxAbs = Math.max(maxAbs, Math.abs(v));
  });
}
console.log(JSON.stringify({ backend: tf.getBackend(), images: fixture.seeds.length, max_abs_diff: maxDiff, max_abs_output: maxAbs }));
process.exit(maxDiff < 1e-5 ? 0 : 1);
