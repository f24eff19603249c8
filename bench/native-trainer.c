/*
 * The benchmark's native scale: bench/plain-trainer.mjs written again in C, line for line (the
 * same generator, initial weights, examples, fused per-example pass and batch gradients), so
 * that `npm run bench` can say how the engine compares with the same algorithm compiled ahead of
 * time by gcc -O3 -march=native. Issue 3 quotes such a build of the original's per-example
 * algorithm "for scale"; this one is measured in the same run.
 *
 * REAL is the number type: the benchmark builds it with float (the engine's and the original's
 * precision; gcc may vectorize and contract it as it likes) and tests/engine/bench-baseline.test.ts
 * builds it with double and -ffp-contract=off, to check that it trains exactly what the
 * JavaScript trainer trains.
 *
 * Usage: native-trainer BATCH LEARNING_RATE HIDDEN_INIT OUTPUT_INIT UNITS:ACTIVATION...
 * (activations tanh, leakyRelu, gcu; a sigmoid output follows). Then one command per line on
 * standard input, each answered by one line:
 *   train N          trains N examples                       -> ok
 *   window MS CHUNK  trains CHUNK at a time for MS ms          -> examples per second
 *   params           the weights and biases, layer by layer    -> {"w":[[...]],"b":[[...]]}
 */
#include <tgmath.h> /* tanh, sin, cos, exp, fabs of a float call tanhf, sinf, … */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifndef REAL
#define REAL float
#endif
typedef REAL real;

enum { TANH, LEAKY_RELU, GCU, SIGMOID };
#define MAX_LAYERS 10

static int layers; /* weight layers: hidden + output */
static int sizes[MAX_LAYERS + 1];
static int acts[MAX_LAYERS + 1];
static real *w[MAX_LAYERS + 1], *b[MAX_LAYERS + 1], *gw[MAX_LAYERS + 1], *gb[MAX_LAYERS + 1];
static real *a[MAX_LAYERS + 1], *d[MAX_LAYERS + 1], *g[MAX_LAYERS + 1];
static int batch;
static real lr;
static double loss_sum;
static long examples;
static uint32_t seed = 1;

/* The JavaScript trainer's generator: a 32-bit LCG, divided by 2^32 in double. */
static double random01(void) {
  seed = seed * 1664525u + 1013904223u;
  return seed / 4294967296.0;
}

/* f(s), with f'(s) written to *der from the same work. */
static inline real activate(int kind, real s, real *der) {
  switch (kind) {
  case TANH: {
    real y = tanh(s);
    *der = 1 - y * y;
    return y;
  }
  case LEAKY_RELU:
    *der = s > 0 ? 1 : (real)0.01;
    return s > 0 ? s : (real)0.01 * s;
  case GCU: {
    real c = cos(s);
    *der = c - s * sin(s);
    return s * c;
  }
  default: {
    real y = 1 / (1 + exp(-s));
    *der = y * (1 - y);
    return y;
  }
  }
}

static void train(long n) {
  for (long e = 0; e < n; e++) {
    real x = (real)random01();
    real y = (real)random01();
    real t = x < (real)0.1 || y < (real)0.1 || x > (real)0.9 || y > (real)0.9
                 ? (x > y ? x : y)
                 : fabs(sin(6 * x)) * fabs(sin(6 * y));
    a[0][0] = x;
    a[0][1] = y;
    for (int l = 1; l <= layers; l++) {
      int nIn = sizes[l - 1], nOut = sizes[l];
      const real *W = w[l], *B = b[l], *X = a[l - 1];
      for (int o = 0; o < nOut; o++) {
        real s = B[o];
        const real *row = W + o * nIn;
        for (int i = 0; i < nIn; i++) s += row[i] * X[i];
        a[l][o] = activate(acts[l], s, &d[l][o]);
      }
    }
    real r = a[layers][0] - t;
    loss_sum += r * r;
    g[layers][0] = 2 * r * d[layers][0] / batch;
    for (int l = layers; l >= 1; l--) {
      int nIn = sizes[l - 1], nOut = sizes[l];
      real *W = w[l], *delta = g[l], *X = a[l - 1], *below = g[l - 1];
      if (batch == 1) {
        /* Per example, in one pass over W: Δ below from the weights before their update. */
        if (l > 1) memset(below, 0, nIn * sizeof(real));
        for (int o = 0; o < nOut; o++) {
          real dv = delta[o], step = lr * dv;
          real *row = W + o * nIn;
          if (l > 1)
            for (int i = 0; i < nIn; i++) {
              real wv = row[i];
              below[i] += wv * dv;
              row[i] = wv - step * X[i];
            }
          else
            for (int i = 0; i < nIn; i++) row[i] -= step * X[i];
          b[l][o] -= step;
        }
        if (l > 1)
          for (int i = 0; i < nIn; i++) below[i] *= d[l - 1][i];
        continue;
      }
      if (l > 1)
        for (int i = 0; i < nIn; i++) {
          real s = 0;
          for (int o = 0; o < nOut; o++) s += W[o * nIn + i] * delta[o];
          below[i] = s * d[l - 1][i];
        }
      for (int o = 0; o < nOut; o++) {
        real dv = delta[o];
        real *row = gw[l] + o * nIn;
        for (int i = 0; i < nIn; i++) row[i] += dv * X[i];
        gb[l][o] += dv;
      }
    }
    examples++;
    if (batch > 1 && examples % batch == 0)
      for (int l = 1; l <= layers; l++) {
        for (int k = 0; k < sizes[l] * sizes[l - 1]; k++) {
          w[l][k] -= lr * gw[l][k];
          gw[l][k] = 0;
        }
        for (int k = 0; k < sizes[l]; k++) {
          b[l][k] -= lr * gb[l][k];
          gb[l][k] = 0;
        }
      }
  }
}

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec * 1e-6;
}

static void *zeros(int n) {
  void *p = calloc(n ? n : 1, sizeof(real));
  if (!p) {
    fprintf(stderr, "native-trainer: out of memory\n");
    exit(1);
  }
  return p;
}

int main(int argc, char **argv) {
  if (argc < 5 || argc - 5 > MAX_LAYERS - 1) {
    fprintf(stderr, "usage: native-trainer BATCH LR HIDDEN_INIT OUTPUT_INIT UNITS:ACTIVATION...\n");
    return 2;
  }
  batch = atoi(argv[1]);
  lr = (real)atof(argv[2]);
  double hidden_init = atof(argv[3]), output_init = atof(argv[4]);
  layers = argc - 5 + 1;
  sizes[0] = 2;
  for (int l = 1; l < layers; l++) {
    const char *arg = argv[4 + l], *colon = strchr(arg, ':');
    sizes[l] = atoi(arg);
    if (!colon || sizes[l] < 1) {
      fprintf(stderr, "native-trainer: bad layer '%s'\n", arg);
      return 2;
    }
    acts[l] = !strcmp(colon + 1, "tanh")        ? TANH
              : !strcmp(colon + 1, "leakyRelu") ? LEAKY_RELU
              : !strcmp(colon + 1, "gcu")       ? GCU
                                                : -1;
    if (acts[l] < 0) {
      fprintf(stderr, "native-trainer: unknown activation '%s'\n", colon + 1);
      return 2;
    }
  }
  sizes[layers] = 1;
  acts[layers] = SIGMOID;
  for (int l = 0; l <= layers; l++) {
    a[l] = zeros(sizes[l]);
    d[l] = zeros(sizes[l]);
    g[l] = zeros(sizes[l]);
  }
  /* The same draws in the same order as the JavaScript trainer's constructor. */
  for (int l = 1; l <= layers; l++) {
    int n = sizes[l] * sizes[l - 1], output = l == layers;
    double lim = output ? output_init : hidden_init;
    w[l] = zeros(n);
    b[l] = zeros(sizes[l]);
    gw[l] = zeros(n);
    gb[l] = zeros(sizes[l]);
    for (int k = 0; k < n; k++) w[l][k] = (real)((random01() * 2 - 1) * lim);
    for (int k = 0; k < sizes[l]; k++)
      b[l][k] = output ? 0 : (real)((random01() * 2 - 1) * hidden_init);
  }

  char line[256];
  while (fgets(line, sizeof line, stdin)) {
    long n, chunk;
    double ms;
    if (sscanf(line, "train %ld", &n) == 1) {
      train(n);
      printf("ok\n");
    } else if (sscanf(line, "window %lf %ld", &ms, &chunk) == 2) {
      long done = 0;
      double start = now_ms(), t = start;
      do {
        train(chunk);
        done += chunk;
        t = now_ms();
      } while (t - start < ms);
      printf("%.1f\n", done / (t - start) * 1000);
    } else if (!strncmp(line, "params", 6)) {
      for (int part = 0; part < 2; part++) {
        printf(part ? ",\"b\":[" : "{\"w\":[");
        for (int l = 1; l <= layers; l++) {
          real *v = part ? b[l] : w[l];
          int n = part ? sizes[l] : sizes[l] * sizes[l - 1];
          printf(l > 1 ? ",[" : "[");
          for (int k = 0; k < n; k++) printf(k ? ",%.17g" : "%.17g", (double)v[k]);
          printf("]");
        }
        printf("]");
      }
      printf(",\"lossSum\":%.17g}\n", loss_sum);
    } else {
      fprintf(stderr, "native-trainer: unknown command '%s'\n", line);
      return 2;
    }
    fflush(stdout);
  }
  return 0;
}
