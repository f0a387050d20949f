// The core's storage order of a weight matrix W⁽ˡ⁾ (docs/ARCHITECTURE.md, "Notation and
// storage"): row-major [j][k] — row j holds the n_{l−1} weights into neuron j of layer l — in
// the wasm views, the stepper's copies (∂C₀/∂W⁽ˡ⁾ too) and the Digits worker's arrays alike.
// The one place in www/ that writes that index.

/** Where w⁽ˡ⁾ⱼₖ sits in a flat W⁽ˡ⁾ whose layer below has `nPrev` neurons. */
export const weightIndex = (nPrev, j, k) => j * nPrev + k;

/** Row j of a flat W⁽ˡ⁾ (a Float32Array): a view into it, not a copy. */
export const weightRow = (W, nPrev, j) => W.subarray(j * nPrev, (j + 1) * nPrev);
