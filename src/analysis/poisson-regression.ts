/**
 * Count regression for risk terrain modeling: a Poisson GLM with log link fitted by iteratively reweighted
 * least squares exactly as R's `glm.fit` does it (start mu = y + 0.1, convergence when |dev - dev_old| /
 * (|dev| + 0.1) < 1e-8, at most 25 iterations, standard errors from the last iteration's weighted normal
 * equations), so its numbers can be checked against `glm(y ~ ..., family = poisson)` to 1e-8; and the
 * negative binomial variant of `MASS::glm.nb` (theta by maximum likelihood alternating with the GLM fit),
 * because RTMDx (Caplan & Kennedy 2011) chooses between the two by overdispersion.
 *
 * Columns are plain arrays or Float64Arrays, one per covariate (cells x factors in RTM: n up to ~1e6,
 * p small), so each iteration is one O(n p^2) pass to form X'WX plus a p x p Cholesky solve.
 */
import { AppError } from "../domain/errors.js";
import { logGamma } from "../domain/random.js";

const DBL_EPS = 2.220446049250313e-16;

export interface GlmOptions {
  /** Column names, default x1, x2, ... (the intercept is "(Intercept)", as in R). */
  readonly names?: readonly string[];
  /** Known log-exposure added to the linear predictor (R's `offset(log(exposure))`). */
  readonly offset?: ArrayLike<number>;
  /** Default true. */
  readonly intercept?: boolean;
  /** Default 25 (R's glm.control maxit). */
  readonly maxIterations?: number;
  /** Default 1e-8 (R's glm.control epsilon). */
  readonly epsilon?: number;
  /**
   * A column is aliased (dropped, R's NA coefficient) when the part of it not explained by the earlier
   * columns has squared weighted norm below this fraction of its own. R's QR uses 1e-11 on the norm; a
   * Cholesky of X'WX squares the condition number, so 1e-9 on the squared norm is as tight as is safe.
   */
  readonly aliasTolerance?: number;
}

export interface GlmCoefficient {
  readonly name: string;
  /** null when aliased or when the outcome is all zero. */
  readonly estimate: number | null;
  readonly se: number | null;
  readonly z: number | null;
  /** Two-sided Wald p-value, 2 * pnorm(-|z|), as `summary.glm` with dispersion 1. */
  readonly p: number | null;
  /** Why the estimate is missing or not to be trusted. */
  readonly note?: string;
}

/**
 * "all-zero": no events, nothing estimable. "separation": some estimate runs off to +/- infinity (R still
 * reports a large finite value with a huge SE; so do we, flagged). "not-converged": iteration limit hit.
 */
export type GlmStatus = "ok" | "separation" | "not-converged" | "all-zero";

export interface GlmFit {
  readonly family: "poisson" | "negative-binomial";
  readonly status: GlmStatus;
  readonly converged: boolean;
  /** IRLS iterations of the (last) GLM fit; for glm.nb the theta/GLM alternations are `outerIterations`. */
  readonly iterations: number;
  readonly outerIterations: number;
  readonly n: number;
  readonly rank: number;
  readonly dfResidual: number;
  readonly dfNull: number;
  readonly coefficients: readonly GlmCoefficient[];
  readonly deviance: number;
  readonly nullDeviance: number;
  readonly logLik: number;
  /** R's AIC and BIC (NB counts theta as a parameter, as MASS does); null for an all-zero outcome. */
  readonly aic: number | null;
  readonly bic: number | null;
  /** Share of the null deviance explained, 1 - D / D0 (null when D0 = 0). */
  readonly pseudoR2: number | null;
  /** NB dispersion (variance mu + mu^2 / theta) and its SE; null for Poisson. */
  readonly theta: number | null;
  readonly thetaSE: number | null;
  readonly linearPredictor: Float64Array;
  readonly fitted: Float64Array;
  readonly warnings: readonly string[];
}

interface Family {
  /** IRLS weight mu.eta^2 / V(mu) for the log link (mu.eta = mu). */
  weight(mu: number): number;
  devResid(y: number, mu: number): number;
}

const poissonFamily: Family = {
  weight: (mu) => mu,
  devResid: (y, mu) => 2 * ((y > 0 ? y * Math.log(y / mu) : 0) - (y - mu)),
};

function nbFamily(theta: number): Family {
  return {
    weight: (mu) => mu / (1 + mu / theta),
    devResid: (y, mu) =>
      2 * ((y > 0 ? y * Math.log(y / mu) : 0) - (y + theta) * Math.log((y + theta) / (mu + theta))),
  };
}

/** erfc by its positive-term series (x < 3) or Lentz's continued fraction: ~1e-15 relative, no tables. */
export function erfc(x: number): number {
  if (x < 0) return 2 - erfc(-x);
  if (x < 3) {
    let term = x;
    let sum = x;
    for (let k = 0; term > sum * 1e-17; k++) {
      term *= (2 * x * x) / (2 * k + 3);
      sum += term;
    }
    return 1 - (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x) * sum;
  }
  // f = x + (1/2)/(x + 1/(x + (3/2)/(x + ...))), erfc = exp(-x^2) / (sqrt(pi) f)
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let k = 1; k < 500; k++) {
    const a = k / 2;
    d = x + a * d;
    d = Math.abs(d) < tiny ? 1 / tiny : 1 / d;
    c = x + a / c;
    if (Math.abs(c) < tiny) c = tiny;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / (Math.sqrt(Math.PI) * f);
}

/** Two-sided normal p-value, 2 * pnorm(-|z|). */
export const twoSidedP = (z: number): number => erfc(Math.abs(z) / Math.SQRT2);

/** Digamma by recurrence to x >= 10 and the Bernoulli asymptotic series (|error| < 1e-15). */
export function digamma(x: number): number {
  let r = 0;
  for (; x < 10; x++) r -= 1 / x;
  const x2 = 1 / (x * x);
  const s =
    x2 * (1 / 12 - x2 * (1 / 120 - x2 * (1 / 252 - x2 * (1 / 240 - x2 * (1 / 132 - x2 * (691 / 32760))))));
  return r + Math.log(x) - 0.5 / x - s;
}

/** Trigamma, likewise. */
export function trigamma(x: number): number {
  let r = 0;
  for (; x < 10; x++) r += 1 / (x * x);
  const x2 = 1 / (x * x);
  const s = x2 * (1 / 6 - x2 * (1 / 30 - x2 * (1 / 42 - x2 * (1 / 30 - x2 * (5 / 66 - x2 * (691 / 2730))))));
  return r + 1 / x + x2 / 2 + s / x;
}

interface Irls {
  beta: Float64Array;
  kept: boolean[];
  /** Diagonal of (X'WX)^-1 from the last iteration's weights (NaN where aliased). */
  varDiag: Float64Array;
  eta: Float64Array;
  mu: Float64Array;
  dev: number;
  iter: number;
  conv: boolean;
}

/** R's glm.fit loop for a log link. `cols` includes the intercept column when there is one. */
function irls(
  y: ArrayLike<number>,
  cols: readonly ArrayLike<number>[],
  offset: ArrayLike<number> | null,
  fam: Family,
  etaStart: Float64Array | null,
  maxit: number,
  epsilon: number,
  aliasTol: number,
): Irls {
  const n = y.length;
  const p = cols.length;
  const off = (i: number) => (offset ? offset[i]! : 0);
  const eta = new Float64Array(n);
  const mu = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    eta[i] = etaStart ? etaStart[i]! : p === 0 ? off(i) : Math.log(y[i]! + 0.1);
    mu[i] = Math.max(Math.exp(eta[i]!), DBL_EPS);
  }
  const devOf = () => {
    let d = 0;
    for (let i = 0; i < n; i++) d += fam.devResid(y[i]!, mu[i]!);
    return d;
  };
  let devold = devOf();
  const beta = new Float64Array(p);
  const kept: boolean[] = Array.from({ length: p }, () => true);
  const varDiag = new Float64Array(p).fill(Number.NaN);
  if (p === 0) return { beta, kept, varDiag, eta, mu, dev: devold, iter: 0, conv: true };
  let coefold: Float64Array | null = null;
  const w = new Float64Array(n);
  const z = new Float64Array(n);
  const A = new Float64Array(p * p);
  const b = new Float64Array(p);
  const setEta = (coef: Float64Array) => {
    eta.fill(0);
    for (let j = 0; j < p; j++) {
      const c = coef[j]!;
      if (!kept[j] || c === 0) continue;
      const x = cols[j]!;
      for (let i = 0; i < n; i++) eta[i] = eta[i]! + c * x[i]!;
    }
    for (let i = 0; i < n; i++) {
      eta[i] = eta[i]! + off(i);
      mu[i] = Math.max(Math.exp(eta[i]!), DBL_EPS);
    }
  };
  let iter = 0;
  let conv = false;
  let dev = devold;
  for (iter = 1; iter <= maxit; iter++) {
    for (let i = 0; i < n; i++) {
      w[i] = fam.weight(mu[i]!);
      z[i] = eta[i]! - off(i) + (y[i]! - mu[i]!) / mu[i]!;
    }
    for (let j = 0; j < p; j++) {
      const xj = cols[j]!;
      let s = 0;
      for (let i = 0; i < n; i++) s += w[i]! * xj[i]! * z[i]!;
      b[j] = s;
      for (let k = 0; k <= j; k++) {
        const xk = cols[k]!;
        let t = 0;
        for (let i = 0; i < n; i++) t += w[i]! * xj[i]! * xk[i]!;
        A[j * p + k] = t;
      }
    }
    const L = cholesky(A, p, kept, aliasTol);
    solveInto(L, p, kept, b, beta);
    inverseDiag(L, p, kept, varDiag);
    setEta(beta);
    dev = devOf();
    if (!Number.isFinite(dev)) {
      if (!coefold)
        throw new AppError("invalid-argument", "no valid set of coefficients: the first step overflowed");
      for (let ii = 1; !Number.isFinite(dev); ii++) {
        if (ii > maxit) throw new AppError("invalid-argument", "inner loop: cannot correct step size");
        for (let j = 0; j < p; j++) beta[j] = (beta[j]! + coefold[j]!) / 2;
        setEta(beta);
        dev = devOf();
      }
    }
    if (Math.abs(dev - devold) / (Math.abs(dev) + 0.1) < epsilon) {
      conv = true;
      break;
    }
    devold = dev;
    coefold = Float64Array.from(beta);
  }
  return { beta, kept, varDiag, eta, mu, dev, iter: Math.min(iter, maxit), conv };
}

/** Lower Cholesky factor of the symmetric A (lower triangle filled), dropping near-dependent columns. */
function cholesky(A: Float64Array, p: number, kept: boolean[], tol: number): Float64Array {
  const L = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    let d = A[j * p + j]!;
    for (let k = 0; k < j; k++) d -= L[j * p + k]! ** 2;
    kept[j] = d > tol * A[j * p + j]! && d > 0;
    if (!kept[j]) continue;
    const ljj = Math.sqrt(d);
    L[j * p + j] = ljj;
    for (let i = j + 1; i < p; i++) {
      let s = A[i * p + j]!;
      for (let k = 0; k < j; k++) s -= L[i * p + k]! * L[j * p + k]!;
      L[i * p + j] = s / ljj;
    }
  }
  return L;
}

function solveInto(L: Float64Array, p: number, kept: boolean[], b: Float64Array, out: Float64Array): void {
  const v = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    if (!kept[i]) continue;
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= L[i * p + k]! * v[k]!;
    v[i] = s / L[i * p + i]!;
  }
  for (let i = p - 1; i >= 0; i--) {
    if (!kept[i]) {
      out[i] = 0;
      continue;
    }
    let s = v[i]!;
    for (let k = i + 1; k < p; k++) s -= L[k * p + i]! * out[k]!;
    out[i] = s / L[i * p + i]!;
  }
}

/** diag((L L')^-1) = column sums of squares of L^-1. */
function inverseDiag(L: Float64Array, p: number, kept: boolean[], out: Float64Array): void {
  out.fill(Number.NaN);
  const col = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    if (!kept[j]) continue;
    col.fill(0);
    let ss = 0;
    for (let i = j; i < p; i++) {
      if (!kept[i]) continue;
      let s = i === j ? 1 : 0;
      for (let k = j; k < i; k++) s -= L[i * p + k]! * col[k]!;
      col[i] = s / L[i * p + i]!;
      ss += col[i]! ** 2;
    }
    out[j] = ss;
  }
}

interface Prepared {
  y: ArrayLike<number>;
  cols: ArrayLike<number>[];
  names: string[];
  offset: ArrayLike<number> | null;
  intercept: boolean;
  maxit: number;
  epsilon: number;
  aliasTol: number;
}

function prepare(y: ArrayLike<number>, columns: readonly ArrayLike<number>[], o: GlmOptions): Prepared {
  const n = y.length;
  for (let i = 0; i < n; i++) {
    const v = y[i]!;
    if (!(v >= 0) || !Number.isInteger(v))
      throw new AppError("invalid-argument", `outcome ${i} must be a count (integer >= 0), got ${v}`);
  }
  const names = columns.map((_, j) => o.names?.[j] ?? `x${j + 1}`);
  columns.forEach((c, j) => {
    if (c.length !== n)
      throw new AppError("invalid-argument", `column ${names[j]} has ${c.length} values for ${n} outcomes`);
    for (let i = 0; i < n; i++)
      if (!Number.isFinite(c[i]!))
        throw new AppError("invalid-argument", `column ${names[j]} value ${i} is not finite`);
  });
  const offset = o.offset ?? null;
  if (offset && offset.length !== n)
    throw new AppError("invalid-argument", `offset has ${offset.length} values for ${n} outcomes`);
  const intercept = o.intercept ?? true;
  const cols: ArrayLike<number>[] = [...columns];
  if (intercept) {
    cols.unshift(new Float64Array(n).fill(1));
    names.unshift("(Intercept)");
  }
  return {
    y,
    cols,
    names,
    offset,
    intercept,
    maxit: o.maxIterations ?? 25,
    epsilon: o.epsilon ?? 1e-8,
    aliasTol: o.aliasTolerance ?? 1e-9,
  };
}

/**
 * Divergent estimates that R reports as large finite numbers: for a non-negative column (indicator or
 * count, RTM's case) with no events where it is positive, its coefficient's MLE is -infinity; with no
 * events where it is 0 (and an intercept), the intercept's is. Mixed-sign columns are not checked.
 */
function separationNotes(P: Prepared): Map<number, string> {
  const notes = new Map<number, string>();
  const { y, cols } = P;
  for (let j = P.intercept ? 1 : 0; j < cols.length; j++) {
    const x = cols[j]!;
    let neg = false;
    let yPos = 0;
    let yZero = 0;
    let nZero = 0;
    for (let i = 0; i < y.length; i++) {
      if (x[i]! < 0) neg = true;
      else if (x[i]! > 0) yPos += y[i]!;
      else {
        yZero += y[i]!;
        nZero++;
      }
    }
    if (neg) continue;
    if (yPos === 0)
      notes.set(j, `no events where ${P.names[j]} > 0: the estimate diverges to -infinity (separation)`);
    else if (P.intercept && nZero > 0 && yZero === 0)
      notes.set(0, `no events where ${P.names[j]} = 0: the intercept diverges to -infinity (separation)`);
  }
  return notes;
}

function assemble(
  P: Prepared,
  r: Irls,
  family: GlmFit["family"],
  nullDeviance: number,
  logLik: number,
  theta: { theta: number; se: number } | null,
  outerIterations: number,
  extraWarnings: string[],
): GlmFit {
  const n = P.y.length;
  const rank = r.kept.filter(Boolean).length;
  const sep = separationNotes(P);
  const coefficients: GlmCoefficient[] = P.names.map((name, j) => {
    if (!r.kept[j])
      return {
        name,
        estimate: null,
        se: null,
        z: null,
        p: null,
        note: "aliased: collinear with earlier columns",
      };
    const est = r.beta[j]!;
    const se = Math.sqrt(r.varDiag[j]!);
    const z = est / se;
    const note = sep.get(j);
    return { name, estimate: est, se, z, p: twoSidedP(z), ...(note ? { note } : {}) };
  });
  const warnings = [...extraWarnings];
  if (!r.conv) warnings.push(`IRLS did not converge in ${P.maxit} iterations`);
  warnings.push(...sep.values());
  const aliased = coefficients.filter((c) => c.note?.startsWith("aliased")).map((c) => c.name);
  if (aliased.length > 0) warnings.push(`aliased (dropped) columns: ${aliased.join(", ")}`);
  if (family === "poisson" && r.mu.some((m) => m < 10 * DBL_EPS))
    warnings.push("fitted rates numerically 0 occurred");
  const k = rank + (theta ? 1 : 0);
  return {
    family,
    status: !r.conv ? "not-converged" : sep.size > 0 ? "separation" : "ok",
    converged: r.conv,
    iterations: r.iter,
    outerIterations,
    n,
    rank,
    dfResidual: n - rank,
    dfNull: n - (P.intercept ? 1 : 0),
    coefficients,
    deviance: r.dev,
    nullDeviance,
    logLik,
    aic: -2 * logLik + 2 * k,
    bic: -2 * logLik + Math.log(n) * k,
    pseudoR2: nullDeviance > 0 ? 1 - r.dev / nullDeviance : null,
    theta: theta?.theta ?? null,
    thetaSE: theta?.se ?? null,
    linearPredictor: r.eta,
    fitted: r.mu,
    warnings,
  };
}

function allZero(P: Prepared, family: GlmFit["family"]): GlmFit | null {
  for (let i = 0; i < P.y.length; i++) if (P.y[i]! > 0) return null;
  const n = P.y.length;
  return {
    family,
    status: "all-zero",
    converged: false,
    iterations: 0,
    outerIterations: 0,
    n,
    rank: 0,
    dfResidual: n,
    dfNull: n - (P.intercept ? 1 : 0),
    coefficients: P.names.map((name) => ({
      name,
      estimate: null,
      se: null,
      z: null,
      p: null,
      note: "no events",
    })),
    deviance: 0,
    nullDeviance: 0,
    logLik: 0,
    aic: null,
    bic: null,
    pseudoR2: null,
    theta: null,
    thetaSE: null,
    linearPredictor: new Float64Array(n).fill(Number.NEGATIVE_INFINITY),
    fitted: new Float64Array(n),
    warnings: ["every outcome is 0: the rate's estimate is 0 and no coefficient is estimable"],
  };
}

/** R's null deviance: mean(y) without offset (or the offset alone without intercept), else a refit. */
function nullDevianceOf(P: Prepared, fam: Family): number {
  const { y, offset } = P;
  const n = y.length;
  if (P.intercept && offset) {
    const ones = P.cols[0]!;
    return irls(y, [ones], offset, fam, null, P.maxit, P.epsilon, P.aliasTol).dev;
  }
  let mean = 0;
  for (let i = 0; i < n; i++) mean += y[i]!;
  mean /= n;
  let d = 0;
  for (let i = 0; i < n; i++)
    d += fam.devResid(y[i]!, P.intercept ? mean : Math.max(Math.exp(offset ? offset[i]! : 0), DBL_EPS));
  return d;
}

/** `glm(y ~ columns, family = poisson)`. Throws AppError on invalid input; degenerate data get a status. */
export function poissonGlm(
  y: ArrayLike<number>,
  columns: readonly ArrayLike<number>[],
  options: GlmOptions = {},
): GlmFit {
  const P = prepare(y, columns, options);
  const zero = allZero(P, "poisson");
  if (zero) return zero;
  const r = irls(P.y, P.cols, P.offset, poissonFamily, null, P.maxit, P.epsilon, P.aliasTol);
  let ll = 0;
  for (let i = 0; i < P.y.length; i++) {
    const yi = P.y[i]!;
    ll += (yi > 0 ? yi * Math.log(r.mu[i]!) : 0) - r.mu[i]! - logGamma(yi + 1);
  }
  return assemble(P, r, "poisson", nullDevianceOf(P, poissonFamily), ll, null, 0, []);
}

function thetaMl(
  y: ArrayLike<number>,
  mu: Float64Array,
  limit: number,
): { theta: number; se: number; warn?: string } {
  const n = y.length;
  let t0 = 0;
  for (let i = 0; i < n; i++) t0 += (y[i]! / mu[i]! - 1) ** 2;
  t0 = n / t0;
  let del = 1;
  let info = Number.NaN;
  let it = 0;
  while (++it < limit && Math.abs(del) > DBL_EPS ** 0.25) {
    t0 = Math.abs(t0);
    let score = 0;
    info = 0;
    for (let i = 0; i < n; i++) {
      const yi = y[i]!;
      const m = mu[i]!;
      score += digamma(t0 + yi) - digamma(t0) + Math.log(t0) + 1 - Math.log(t0 + m) - (yi + t0) / (m + t0);
      info += -trigamma(t0 + yi) + trigamma(t0) - 1 / t0 + 2 / (m + t0) - (yi + t0) / (m + t0) ** 2;
    }
    del = score / info;
    t0 += del;
  }
  const se = Math.sqrt(1 / info);
  if (t0 < 0) return { theta: 0, se, warn: "theta estimate truncated at zero" };
  return it === limit ? { theta: t0, se, warn: "theta iteration limit reached" } : { theta: t0, se };
}

function nbLogLik(y: ArrayLike<number>, th: number, mu: Float64Array): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) {
    const yi = y[i]!;
    const m = mu[i]!;
    s +=
      logGamma(th + yi) -
      logGamma(th) -
      logGamma(yi + 1) +
      th * Math.log(th) +
      yi * Math.log(m + (yi === 0 ? 1 : 0)) -
      (th + yi) * Math.log(th + m);
  }
  return s;
}

/** `MASS::glm.nb(y ~ columns)`: a Poisson start, then theta by ML alternating with the NB GLM fit. */
export function negativeBinomialGlm(
  y: ArrayLike<number>,
  columns: readonly ArrayLike<number>[],
  options: GlmOptions = {},
): GlmFit {
  const P = prepare(y, columns, options);
  const zero = allZero(P, "negative-binomial");
  if (zero) return zero;
  let r = irls(P.y, P.cols, P.offset, poissonFamily, null, P.maxit, P.epsilon, P.aliasTol);
  let mu = r.mu;
  let th = thetaMl(P.y, mu, P.maxit);
  let fam = nbFamily(th.theta);
  const d1 = Math.sqrt(2 * Math.max(1, P.y.length - r.kept.filter(Boolean).length));
  let del = 1;
  let lm = nbLogLik(P.y, th.theta, mu);
  let lm0 = lm + 2 * d1;
  let iter = 0;
  let fitFam = fam;
  while (++iter <= P.maxit && Math.abs(lm0 - lm) / d1 + Math.abs(del) > P.epsilon) {
    const eta = mu.map((m) => Math.log(m));
    r = irls(P.y, P.cols, P.offset, fam, eta, P.maxit, P.epsilon, P.aliasTol);
    fitFam = fam;
    const t0 = th.theta;
    th = thetaMl(P.y, mu, P.maxit); // MASS updates theta from the previous fit's mu
    fam = nbFamily(th.theta);
    mu = r.mu;
    del = t0 - th.theta;
    lm0 = lm;
    lm = nbLogLik(P.y, th.theta, mu);
  }
  const warnings = th.warn ? [th.warn] : [];
  if (iter > P.maxit) warnings.push("alternation limit reached");
  // glm.fit's null deviance uses the last fit's theta; glm.nb's refit with an offset uses the final one.
  const nullDev = nullDevianceOf(P, P.offset && P.intercept ? fam : fitFam);
  return assemble(P, r, "negative-binomial", nullDev, lm, th, Math.min(iter, P.maxit), warnings);
}
