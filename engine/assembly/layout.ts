// The memory map: the only code that computes addresses. Everything lives in linear memory
// from STATE = align64(__heap_base) but the layer table, which is static data; there is no
// allocator and nothing managed.
//
// | region        | dtype   | shape                                   | notes                                   |
// |---------------|---------|-----------------------------------------|-----------------------------------------|
// | LAYER_TABLE   | i32/f32 | 10 layers × 16 fields                   | static data; sizes, activation, init, offsets |
// | STATE         | mixed   | HEADER + PARAMS + M1 + M2               | persistent; snapshot() copies exactly it |
// |  HEADER       | mixed   | 128 bytes                               | fields H_* below                         |
// |  PARAMS       | f32     | per layer l = 1…L: W_l [rows_l × so_l], | W input-major, rows_l = pad4(n_{l−1}),   |
// |               |         |   bias_l [so_l]                         | so_l = pad4(n_l); padding stays zero     |
// |  M1, M2       | f32     | same shape as PARAMS                    | momentum velocity / Adam m and v         |
// | BACKUP        | bytes   | same size as STATE                      | rollback point for divergence            |
// | GRADS         | f32     | same shape as PARAMS                    | mean gradient of the last step           |
// | ACT_l, DER_l  | f32     | CAPACITY × so_l for l = 0…L             | ACT_0 holds inputs (a, b, 0, 0);         |
// |               |         |                                         | DER_l: pre-activations, then f'(z)       |
// | DELTA_A, _B   | f32     | CAPACITY × max so_l                     | dL/dz, ping-pong between layers          |
// | TARGETS       | f32     | CAPACITY                                | targets of the current batch             |
// | WT            | f32     | max_l so_l × rows_l                     | one layer's W transposed (Δ·Wᵀ, batches) |
// | ZEROS         | f32     | max so_l, max rows_l                    | always zero (a bias of nothing)          |
// | GRID_TARGET   | f32     | S × S                                   | a target given on a grid                 |
// | TRAIN_SET     | f32     | N × 4 (a, b, t, 0)                      | fixed mode                               |
// | TEST_SET      | f32     | M × 4 (a, b, t, 0)                      | fixed mode, or the 64×64 grid when fresh |
// | SCRATCH       | f32     | grows on demand                         | explicit examples; evaluate() results    |
// Every region starts on a 64-byte boundary (so 16-byte alignment holds everywhere).

export const MAX_LAYERS = 10; // input + 8 hidden + output
export const CAPACITY = 1024; // examples per batch or per evaluation chunk
export const FRESH_TEST_RESOLUTION = 64;
export const MAX_GRID = 256; // largest grid resolution the wrapper asks for

// Layer table fields (i32 slots; PARAM and init values are f32 bit patterns).
export const F_UNITS = 0;
export const F_STRIDE = 1; // pad4(units)
export const F_ACT = 2;
export const F_PARAM = 3; // f32: leaky slope / ELU alpha
export const F_HAS_BIAS = 4;
export const F_W_OFF = 5; // byte offset of W_l inside PARAMS
export const F_B_OFF = 6; // byte offset of bias_l inside PARAMS
export const F_ACT_PTR = 7;
export const F_DER_PTR = 8;
export const F_W_INIT = 9;
export const F_W_INIT_A = 10; // f32
export const F_W_INIT_B = 11; // f32
export const F_B_INIT = 12;
export const F_B_INIT_A = 13; // f32
export const F_B_INIT_B = 14; // f32
export const F_ROWS = 15; // pad4(units of the previous layer)

// Header fields (byte offsets inside STATE).
export const H_MAGIC = 0; // u32 'NNL1'
export const H_STATE_BYTES = 4; // u32
export const H_EXAMPLES = 8; // f64 examples seen since reset (the schedule's clock)
export const H_OPT_STEPS = 16; // f64 optimizer steps since its reset (Adam's k)
export const H_RNG = 24; // 4 × u32 example generator
export const H_HAS_NORMS = 40; // u32
export const H_HAS_LAST_RATE = 44; // u32: 1 once a step has run since the rate last changed
export const H_LAST_RATE = 48; // f64 the learning rate of the last step
export const H_NORMS = 64; // 16 × f32 per-layer gradient norms (layers 1…L at [l − 1])
export const HEADER_BYTES = 128;
export const MAGIC: u32 = 0x314c4e4e;

// @ts-ignore: decorator
@inline export function align64(n: usize): usize { return (n + 63) & ~(<usize>63); }
// @ts-ignore: decorator
@inline export function pad4(n: i32): i32 { return (n + 3) & ~3; }

/**
 * The layer table is static data, so its address is a constant in the code: a field() read (a
 * training step makes dozens) is one load, where a table at the heap base, known only once the
 * module is laid out, first cost a read of the global holding its address (2–3% of a batch-1 step).
 */
export const LAYER_TABLE: usize = memory.data(MAX_LAYERS * 64, 64);
/** Linear memory from here on is laid out by plan(), STATE first. */
export const STATE: usize = align64(__heap_base);

// @ts-ignore: decorator
@inline export function field(l: i32, f: i32): i32 { return load<i32>(LAYER_TABLE + (<usize>(l * 16 + f) << 2)); }
// @ts-ignore: decorator
@inline export function fieldF(l: i32, f: i32): f32 { return load<f32>(LAYER_TABLE + (<usize>(l * 16 + f) << 2)); }
// @ts-ignore: decorator
@inline export function setField(l: i32, f: i32, v: i32): void { store<i32>(LAYER_TABLE + (<usize>(l * 16 + f) << 2), v); }
// @ts-ignore: decorator
@inline export function setFieldF(l: i32, f: i32, v: f32): void { store<f32>(LAYER_TABLE + (<usize>(l * 16 + f) << 2), v); }

/** Number of weight layers L (hidden + output); layer 0 is the input. */
export let layerCount: i32 = 1;
export let paramBytes: usize = 0;
export let stateBytes: usize = 0;
export let PARAMS: usize = 0;
export let M1: usize = 0;
export let M2: usize = 0;
export let BACKUP: usize = 0;
export let GRADS: usize = 0;
export let DELTA_A: usize = 0;
export let DELTA_B: usize = 0;
export let TARGETS: usize = 0;
export let WT: usize = 0;
export let ZEROS: usize = 0;
export let SWEEP: usize = 0;
export let TARGET_CACHE: usize = 0;
export let GRID_TARGET: usize = 0;
export let TRAIN_SET: usize = 0;
export let TEST_SET: usize = 0;
export let SCRATCH: usize = 0;
export let scratchBytes: usize = 0;
export let maxStride: i32 = 4;

// @ts-ignore: decorator
@inline export function weightsPtr(l: i32): usize { return PARAMS + <usize>field(l, F_W_OFF); }
// @ts-ignore: decorator
@inline export function biasPtr(l: i32): usize { return PARAMS + <usize>field(l, F_B_OFF); }
// @ts-ignore: decorator
@inline export function actPtr(l: i32): usize { return <usize>field(l, F_ACT_PTR); }
// @ts-ignore: decorator
@inline export function derPtr(l: i32): usize { return <usize>field(l, F_DER_PTR); }

/** Make memory at least `end` bytes long; false when the host refuses to grow it. */
export function ensureMemory(end: usize): bool {
  const have = <usize>memory.size() << 16;
  if (end <= have) return true;
  const pages = <i32>((end - have + 0xffff) >> 16);
  return memory.grow(pages) >= 0;
}

/**
 * Compute every address from the layer table's units (layers 0…L set), the grid-target size
 * and the data-set sizes, then grow memory to fit. Zeroes STATE, GRADS and the activation buffers.
 */
export function plan(L: i32, gridSize: i32, trainSize: i32, testSize: i32): bool {
  layerCount = L;
  let off: usize = 0;
  maxStride = 4;
  setField(0, F_STRIDE, pad4(field(0, F_UNITS)));
  for (let l = 1; l <= L; l++) {
    const so = pad4(field(l, F_UNITS));
    const rows = field(l - 1, F_STRIDE);
    setField(l, F_STRIDE, so);
    setField(l, F_ROWS, rows);
    setField(l, F_W_OFF, <i32>off);
    off = align64(off + (<usize>(rows * so) << 2));
    setField(l, F_B_OFF, <i32>off);
    off = align64(off + (<usize>so << 2)); // every block starts 64-byte aligned
    if (so > maxStride) maxStride = so;
  }
  paramBytes = align64(off);
  PARAMS = STATE + HEADER_BYTES;
  M1 = PARAMS + paramBytes;
  M2 = M1 + paramBytes;
  stateBytes = HEADER_BYTES + 3 * paramBytes;
  BACKUP = align64(STATE + stateBytes);
  GRADS = align64(BACKUP + stateBytes);
  let p = align64(GRADS + paramBytes);
  for (let l = 0; l <= L; l++) {
    const bytes = align64(<usize>(CAPACITY * field(l, F_STRIDE)) << 2);
    setField(l, F_ACT_PTR, <i32>p);
    p += bytes;
    setField(l, F_DER_PTR, <i32>p);
    p += bytes;
  }
  DELTA_A = p;
  p += align64(<usize>(CAPACITY * maxStride) << 2);
  DELTA_B = p;
  p += align64(<usize>(CAPACITY * maxStride) << 2);
  TARGETS = p;
  p += align64(<usize>CAPACITY << 2);
  let wtBytes: usize = 0;
  for (let l = 1; l <= L; l++) wtBytes = max<usize>(wtBytes, <usize>(field(l, F_ROWS) * field(l, F_STRIDE)) << 2);
  WT = p;
  p += align64(wtBytes);
  ZEROS = p; // rows_l ≤ maxStride too (rows_l is the previous layer's stride)
  p += align64(<usize>maxStride << 2);
  SWEEP = p; // the row sweep's coordinates and change lists (MAX_GRID each), p, σ, next, α, β
  p += align64(<usize>(2 * MAX_GRID + 5 * maxStride) << 2);
  TARGET_CACHE = p; // the target on the last grid evaluated (network.ts gridPass)
  p += align64(<usize>(MAX_GRID * MAX_GRID) << 2);
  GRID_TARGET = p;
  p += align64(<usize>(gridSize * gridSize) << 2);
  TRAIN_SET = p;
  p += align64(<usize>trainSize << 4);
  TEST_SET = p;
  const tests = testSize > 0 ? testSize : FRESH_TEST_RESOLUTION * FRESH_TEST_RESOLUTION;
  p += align64(<usize>tests << 4);
  SCRATCH = p;
  scratchBytes = 0;
  if (!ensureMemory(SCRATCH)) return false;
  memory.fill(STATE, 0, stateBytes);
  memory.fill(GRADS, 0, SCRATCH - GRADS);
  store<u32>(STATE + H_MAGIC, MAGIC);
  store<u32>(STATE + H_STATE_BYTES, <u32>stateBytes);
  return true;
}

/** Make SCRATCH hold at least `bytes` bytes. */
export function ensureScratch(bytes: usize): bool {
  if (bytes <= scratchBytes) return true;
  if (!ensureMemory(SCRATCH + align64(bytes))) return false;
  scratchBytes = align64(bytes);
  return true;
}
