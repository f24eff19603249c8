import { describe, expect, it } from 'vitest';
import {
  asBuilt,
  clampTyped,
  decodeInitializer,
  decodeState,
  defaultState,
  encodeInitializer,
  encodeState,
  fromExperiment,
  lossNote,
  newLayer,
  nextLayer,
  rebuildKey,
  setting,
  toExperiment,
  SETTINGS,
  uniformWithBound,
  type NumberSetting,
} from '../../src/lib/sandbox/settings';
import { ACTIVATIONS } from '../../src/lib/engine/types';
import { PRESETS } from '../../src/lib/presets';

describe('sandbox URL state', () => {
  it('round-trips a changed state exactly', () => {
    const s = defaultState();
    s.layers = [
      newLayer(5, 'tanh'),
      {
        ...newLayer(256, 'leakyRelu'),
        activationParam: 0.2,
        weightInit: { kind: 'heNormal', slope: 0.2 },
      },
      newLayer(1, 'gcu'),
    ];
    s.optimizer = 'adam';
    s.beta1 = 0.8;
    s.learningRate = 0.0123;
    s.schedule = 'cosine';
    s.scheduleEvery = 50000;
    s.target = 'custom';
    s.expression = 'sin(6*a)*cos(6*b) & more?';
    s.dataMode = 'fixed';
    s.noise = 0.1;
    s.seed = 4294967295;
    s.outputBias = false;
    s.fastMath = false;
    s.outputWeightInit = { kind: 'xavierUniform' };
    const { state, notices } = decodeState('#' + encodeState(s));
    // The broken function survives the round trip (it is the reader's work), with a notice.
    expect(notices).toEqual([expect.stringMatching(/^Your function in the link has an error/)]);
    expect(state).toEqual(s);
  });

  it('says where a link lists fewer or more per-layer entries than it has layers', () => {
    const short = decodeState('#h=4,4,4&act=relu');
    expect(short.state.layers.map((l) => l.activation)).toEqual(['relu', 'sigmoid', 'sigmoid']);
    expect(short.notices).toEqual([
      'The link gives activations for 1 of 3 layers; layers 2–3 kept their defaults.',
    ]);
    expect(decodeState('#h=4,4&wi=xu').notices).toEqual([
      'The link gives weight initializers for 1 of 2 layers; layer 2 kept its default.',
    ]);
    expect(decodeState('#h=4&act=relu,tanh').notices).toEqual([
      'The link gives 2 activations for 1 layer; the extra ones were ignored.',
    ]);
    expect(decodeState('#h=4,4&act=relu,tanh&ap=0.1,0.2').notices).toEqual([]);
    expect(decodeState('#h=0&act=relu').notices).toEqual([
      'The link gives 1 activation for 0 layers; the extra ones were ignored.',
    ]);
    // A network with no hidden layer writes an empty list, which lists nothing.
    expect(decodeState('#h=0&act=').notices).toEqual([]);
  });
  it('flags a broken function and per-layer lists without a units list', () => {
    expect(decodeState('#target=custom&expr=%00').notices).toEqual([
      expect.stringMatching(/^Your function in the link has an error/),
    ]);
    expect(decodeState('#target=custom&expr=sin(a)').notices).toEqual([]);
    // Read from a network file, the notice names the file (which is refused whole: no fix asked).
    expect(decodeState('#target=custom&expr=%00', 'file').notices).toEqual([
      expect.stringMatching(/^The function in the file has an error \(.+\)\.$/),
    ]);
    // Under a built-in target too: the function is kept, and the reader may switch to it.
    expect(decodeState('#expr=%00').notices).toEqual([
      expect.stringMatching(/^Your function in the link has an error/),
    ]);
    const { state, notices } = decodeState('#act=tanh,nope&wi=-Infinity');
    expect(state.layers.map((l) => l.activation)).toEqual([
      'tanh',
      defaultState().layers[1].activation,
    ]);
    expect(notices).toHaveLength(3);
    expect(notices.join('\n')).toContain('weight initializers for 1 of 2 layers');
    expect(notices.join('\n')).toContain('Activation “nope” of layer 2 is unknown');
    expect(notices.join('\n')).toContain('weight initializer of layer 1 (-Infinity) is not valid');
  });

  it('round-trips zero hidden layers and every preset', () => {
    const s = defaultState();
    s.layers = [];
    expect(decodeState(encodeState(s)).state.layers).toEqual([]);
    expect(decodeState(encodeState(s)).notices).toEqual([]);
    for (const p of PRESETS) {
      const st = fromExperiment(p.config());
      const back = decodeState(encodeState(st));
      expect(back.notices, p.id).toEqual([]);
      expect(back.state, p.id).toEqual(st);
      expect(toExperiment(back.state), p.id).toEqual(toExperiment(st));
    }
  });

  it('ignores unknown and malformed fields with notices, keeping the valid part', () => {
    const { state, notices } = decodeState(
      '#lr=abc&foo=1&batch=5000&h=3,x,7&act=relu,nope&opt=adam&seed=-4',
    );
    expect(state.learningRate).toBe(defaultState().learningRate);
    expect(state.batchSize).toBe(1024);
    expect(state.layers.map((l) => l.units)).toEqual([3, 7]);
    expect(state.layers.map((l) => l.activation)).toEqual(['relu', 'sigmoid']);
    expect(state.optimizer).toBe('adam');
    expect(state.seed).toBe(0);
    expect(notices.join('\n')).toMatch(/Learning rate/);
    expect(notices.join('\n')).toMatch(/Unknown setting “foo”/);
    expect(notices.join('\n')).toMatch(/outside 1–1024/);
    expect(notices.join('\n')).toMatch(/“x”/);
    expect(notices.join('\n')).toMatch(/“nope”/);
  });

  it('loads the defaults for an oversized hash, with a notice', () => {
    const { state, notices } = decodeState('#' + 'a'.repeat(100_000));
    expect(state).toEqual(defaultState());
    expect(notices[0]).toMatch(/too long/);
  });

  it('clamps layer counts and sizes', () => {
    const { state, notices } = decodeState('h=' + Array(12).fill('999').join(','));
    expect(state.layers.length).toBe(8);
    expect(state.layers.every((l) => l.units === 256)).toBe(true);
    expect(notices.length).toBeGreaterThan(0);
  });

  it('initializers encode and decode, rejecting bad ones', () => {
    for (const init of [
      { kind: 'constant', value: 0 },
      { kind: 'uniform', min: -0.1, max: 0.1 },
      { kind: 'normal', mean: 0, std: 2 },
      { kind: 'xavierNormal' },
      { kind: 'heUniform', slope: 0.01 },
      { kind: 'lecunNormal' },
    ] as const) {
      expect(decodeInitializer(encodeInitializer(init))).toEqual(init);
    }
    for (const bad of ['u:1:0', 'n:0:-1', 'u:NaN:1', 'c:1e400', 'q', 'c', 'xu:3', 'u:0:1000']) {
      expect(decodeInitializer(bad), bad).toBeNull();
    }
  });

  it('never throws on 2,000 generated hashes', () => {
    let seed = 12345;
    const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const keys = [
      ...SETTINGS.map((s) => s.url),
      'h',
      'act',
      'ap',
      'wi',
      'bi',
      'outw',
      'zz',
      '__proto__',
      'constructor',
    ];
    const pieces = [
      '0',
      '1',
      '-1',
      'NaN',
      'Infinity',
      '1e999',
      '',
      '%',
      '%E0%A4%A',
      '&&',
      '=',
      ',,,',
      'relu',
      'u:-1:1',
      '<script>',
      '9'.repeat(30),
      '0x10',
      ' 3',
      '\u0000',
    ];
    for (let n = 0; n < 2000; n++) {
      const parts: string[] = [];
      const count = Math.floor(rand() * 8);
      for (let k = 0; k < count; k++) {
        const key = keys[Math.floor(rand() * keys.length)];
        const val = Array.from(
          { length: 1 + Math.floor(rand() * 3) },
          () => pieces[Math.floor(rand() * pieces.length)],
        ).join(rand() < 0.5 ? ',' : '');
        parts.push(`${key}=${val}`);
      }
      const hash = (rand() < 0.5 ? '#' : '') + parts.join('&');
      const { state, notices } = decodeState(hash);
      expect(Array.isArray(notices)).toBe(true);
      expect(state.layers.length).toBeLessThanOrEqual(8);
      expect(Number.isFinite(state.learningRate)).toBe(true);
      // The decoded state always builds a valid configuration.
      const config = toExperiment(state);
      expect(config.network.hidden.every((l) => l.units >= 1 && l.units <= 256)).toBe(true);
    }
  });
});

describe('sandbox links for lessons', () => {
  it('sandboxHref opens the same experiment', async () => {
    const { sandboxHref } = await import('../../src/lib/sandbox/settings');
    const preset = PRESETS.find((p) => p.id === 'dying-relu');
    if (!preset) throw new Error('no dying-relu preset');
    const href = sandboxHref(preset.config());
    expect(href).toMatch(/^\/sandbox\/#/);
    const { state, notices } = decodeState(href.slice(href.indexOf('#')));
    expect(notices).toEqual([]);
    expect(toExperiment(state)).toEqual(toExperiment(fromExperiment(preset.config())));
    expect(state.layers.map((l) => l.units)).toEqual([54, 22]);
  });
});

describe('adding a hidden layer', () => {
  it('copies the last hidden layer: neurons, activation, its parameter and initializers', () => {
    const last = {
      ...newLayer(32, 'leakyRelu'),
      activationParam: 0.2,
      weightInit: { kind: 'heNormal', slope: 0.2 } as const,
      biasInit: { kind: 'constant', value: 0.01 } as const,
    };
    const layers = [newLayer(64, 'tanh'), last];
    const added = nextLayer(layers);
    expect(added).toEqual(last);
    // A copy: editing the new layer's initializer leaves the one it was copied from alone.
    expect(added.weightInit).not.toBe(last.weightInit);
    expect(added.biasInit).not.toBe(last.biasInit);
  });

  it('after the default network (leaky ReLU), adds leaky ReLU, not sigmoid', () => {
    const added = nextLayer(defaultState().layers);
    expect(added.activation).toBe('leakyRelu');
    expect(added.units).toBe(32);
  });

  it('with no hidden layer, adds 8 sigmoid neurons', () => {
    expect(nextLayer([])).toEqual(newLayer(8, 'sigmoid'));
  });
});

describe('the settings of the network as built', () => {
  it('takes what needs a rebuild from the built state and the live settings from the edits', () => {
    const built = defaultState();
    built.seed = 7;
    const edited = defaultState();
    edited.outputActivation = 'identity';
    edited.layers = [newLayer(9, 'tanh')];
    edited.outputWeightInit = { kind: 'xavierUniform' };
    edited.target = 'circle';
    edited.seed = 8;
    // Live: they already apply to the running network.
    edited.learningRate = 0.02;
    edited.optimizer = 'adam';
    edited.fastMath = false;
    const out = asBuilt(edited, built);
    expect(rebuildKey(out)).toBe(rebuildKey(built));
    expect(out.seed).toBe(7);
    expect(out.outputActivation).toBe('sigmoid');
    expect(out.layers.map((l) => [l.units, l.activation])).toEqual([
      [64, 'leakyRelu'],
      [32, 'leakyRelu'],
    ]);
    expect(out.learningRate).toBe(0.02);
    expect(out.optimizer).toBe('adam');
    expect(out.fastMath).toBe(false);
    // Neither input is changed, and the result shares no layer with them.
    expect(edited.outputActivation).toBe('identity');
    expect(out.layers[0]).not.toBe(built.layers[0]);
    expect(out.layers[0].weightInit).not.toBe(built.layers[0].weightInit);
  });

  it('is the edits themselves when nothing waits for a rebuild', () => {
    const s = defaultState();
    s.learningRate = 0.3;
    expect(asBuilt(s, structuredClone(s))).toEqual(s);
  });
});

describe('the note beside the loss', () => {
  it('warns when cross-entropy meets an output that can leave (0, 1), and names the sigmoid', () => {
    // Cross-entropy reads the output as a probability: its logs need 0 < y < 1. The engine clamps
    // y into [1e-7, 1 − 1e-7], so an identity or ReLU output trains on a clipped loss whose
    // gradient (ŷ − t)/(ŷ(1 − ŷ)) jumps to ±10⁷ there.
    for (const out of ACTIVATIONS) {
      const note = lossNote('bce', out, `[${out}]`);
      if (out === 'sigmoid' || out === 'gaussian') expect(note, out).toBe('');
      else {
        expect(note, out).toMatch(/cross-entropy needs an output between 0 and 1/i);
        expect(note, out).toContain(`the [${out}] output`);
        expect(note, out).toMatch(/sigmoid/);
      }
    }
    // Other losses take any output.
    expect(lossNote('mse', 'identity', 'identity')).toBe('');
    expect(lossNote('huber', 'relu', 'ReLU')).toBe('');
  });
});

describe('the note when a typed number is changed', () => {
  const batch = setting('batchSize') as NumberSetting;
  const neurons: NumberSetting = { ...batch, min: 1, max: 256, label: 'Neurons' };
  it('says a whole number in range was rounded, not that it was out of range', () => {
    expect(clampTyped(neurons, 12.4).note).toBe('Whole numbers only: rounded to 12.');
    expect(clampTyped(batch, 2.5).note).toBe('Whole numbers only: rounded to 3.');
    expect(clampTyped(batch, 5).note).toBe('');
  });
  it('says a number out of range was kept within it (rounded or not)', () => {
    expect(clampTyped(batch, 2000).note).toBe('Kept within 1–1024: set to 1024.');
    expect(clampTyped(batch, 0.4).note).toBe('Kept within 1–1024: set to 1.');
    expect(clampTyped(neurons, 256.4).note).toBe('Kept within 1–256: set to 256.');
    expect(clampTyped(setting('learningRate') as NumberSetting, 20).note).toBe(
      'Kept within 0.00001–10: set to 10.',
    );
    expect(clampTyped(setting('learningRate') as NumberSetting, 0.0123).note).toBe('');
  });
  it('a link says the same', () => {
    expect(decodeState('#batch=2.5').notices).toEqual([
      '“Batch size” 2.5 is not a whole number; it was rounded to 3.',
    ]);
    expect(decodeState('#batch=2000').notices).toEqual([
      '“Batch size” 2000 is outside 1–1024; it was set to 1024.',
    ]);
  });
});

describe('a uniform initializer’s bounds', () => {
  const range = { min: -0.1, max: 0.1 };
  it('takes a bound that keeps the order, without a note', () => {
    expect(uniformWithBound(range, 'max', 0.5)).toEqual({
      init: { kind: 'uniform', min: -0.1, max: 0.5 },
      note: '',
    });
    expect(uniformWithBound(range, 'min', 0.1)).toEqual({
      init: { kind: 'uniform', min: 0.1, max: 0.1 },
      note: '',
    });
  });
  it('swaps bounds typed the wrong way round, and says so, instead of collapsing the range', () => {
    expect(uniformWithBound({ min: -0.1, max: -0.1 }, 'max', -3)).toEqual({
      init: { kind: 'uniform', min: -3, max: -0.1 },
      note: '“to” −3 was below “from” −0.1: swapped, now from −3 to −0.1.',
    });
    expect(uniformWithBound(range, 'min', 2)).toEqual({
      init: { kind: 'uniform', min: 0.1, max: 2 },
      note: '“from” 2 was above “to” 0.1: swapped, now from 0.1 to 2.',
    });
    // Either way the result is a valid range: its link decodes.
    const { init } = uniformWithBound(range, 'max', -3);
    expect(decodeInitializer(encodeInitializer(init))).toEqual(init);
  });
});
