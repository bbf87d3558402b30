import fs from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Rng } from "../domain/random.js";
import { erfc, negativeBinomialGlm, poissonGlm, twoSidedP } from "./poisson-regression.js";

interface RCase {
  name: string;
  family: "poisson" | "negative-binomial";
  intercept: boolean;
  y: number[];
  columns: Record<string, number[]>;
  offset: number[] | null;
  names: string[];
  coefficients: (number | null)[];
  se: (number | null)[];
  z: (number | null)[];
  p: (number | null)[];
  deviance: number;
  nullDeviance: number;
  aic: number;
  bic: number;
  logLik: number;
  iterations: number;
  converged: boolean;
  theta?: number;
  thetaSE?: number;
}

const reference = JSON.parse(
  fs.readFileSync(new URL("../../test/fixtures/poisson-reference.json", import.meta.url), "utf8"),
) as { cases: RCase[] };

/** |a - b| <= tol * max(1, |b|): 1e-8 absolute for numbers of order 1, relative for larger ones. */
function close(a: number | null, b: number | null, tol: number): void {
  if (b === null) {
    expect(a).toBeNull();
    return;
  }
  expect(a).not.toBeNull();
  expect(Math.abs(a! - b)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b)));
}

describe("poissonGlm and negativeBinomialGlm against R (scripts/r-reference/poisson.R)", () => {
  for (const c of reference.cases) {
    it(`${c.name}: ${c.family} coefficients, SEs, z, p, deviance, AIC match R to 1e-8`, () => {
      const names = Object.keys(c.columns);
      const cols = names.map((k) => c.columns[k]!);
      const opts = { names, intercept: c.intercept, ...(c.offset ? { offset: c.offset } : {}) };
      const fit = c.family === "poisson" ? poissonGlm(c.y, cols, opts) : negativeBinomialGlm(c.y, cols, opts);
      expect(fit.coefficients.map((k) => k.name)).toEqual(c.names);
      // Separation too: the diverging estimate stops where the deviance criterion does, the same step as R.
      const tol = 1e-8;
      fit.coefficients.forEach((k, j) => {
        close(k.estimate, c.coefficients[j]!, tol);
        close(k.se, c.se[j]!, tol);
        close(k.z, c.z[j]!, tol);
        close(k.p, c.p[j]!, tol);
      });
      close(fit.deviance, c.deviance, 1e-8);
      close(fit.nullDeviance, c.nullDeviance, 1e-8);
      close(fit.aic, c.aic, 1e-8);
      close(fit.bic, c.bic, 1e-8);
      close(fit.logLik, c.logLik, 1e-8);
      expect(fit.converged).toBe(c.converged);
      if (c.family === "poisson") expect(fit.iterations).toBe(c.iterations);
      else {
        close(fit.theta, c.theta!, 1e-8);
        close(fit.thetaSE, c.thetaSE!, 1e-8);
      }
    });
  }

  it("collinear: the dependent column is aliased (R's NA) and reported", () => {
    const c = reference.cases.find((k) => k.name === "collinear")!;
    const fit = poissonGlm(c.y, Object.values(c.columns), { names: Object.keys(c.columns) });
    expect(fit.rank).toBe(3);
    expect(fit.coefficients[3]).toMatchObject({
      name: "x3",
      estimate: null,
      note: expect.stringMatching(/aliased/),
    });
    expect(fit.warnings.join(" ")).toMatch(/aliased.*x3/);
    expect(fit.status).toBe("ok");
  });

  it("separation: flagged with the column named, as R's large finite estimate with a huge SE", () => {
    const c = reference.cases.find((k) => k.name === "separation")!;
    const fit = poissonGlm(c.y, Object.values(c.columns), { names: Object.keys(c.columns) });
    expect(fit.status).toBe("separation");
    expect(fit.coefficients[2]!.note).toMatch(/no events where x2 > 0/);
    expect(fit.coefficients[2]!.se!).toBeGreaterThan(100);
  });
});

describe("degenerate inputs", () => {
  it("all-zero outcome: explicit status, no estimates, no AIC", () => {
    const fit = poissonGlm([0, 0, 0, 0], [[1, 2, 3, 4]]);
    expect(fit.status).toBe("all-zero");
    expect(fit.coefficients.every((k) => k.estimate === null)).toBe(true);
    expect(fit.aic).toBeNull();
    expect(negativeBinomialGlm([0, 0], [[1, 0]]).status).toBe("all-zero");
  });

  it("intercept only: exp(intercept) is the mean, deviance equals the null deviance", () => {
    const y = [0, 1, 2, 5, 3, 0, 1];
    const fit = poissonGlm(y, []);
    expect(Math.exp(fit.coefficients[0]!.estimate!)).toBeCloseTo(12 / 7, 10);
    expect(fit.deviance).toBeCloseTo(fit.nullDeviance, 10);
    expect(fit.pseudoR2).toBeCloseTo(0, 10);
  });

  it("no columns and no intercept: the offset alone is the model", () => {
    const fit = poissonGlm([1, 2], [], { intercept: false, offset: [0, Math.log(2)] });
    expect(fit.rank).toBe(0);
    expect(Array.from(fit.fitted)).toEqual([1, 2]);
  });

  it("rejects non-count outcomes and mismatched columns", () => {
    expect(() => poissonGlm([1.5], [])).toThrow(/count/);
    expect(() => poissonGlm([-1], [])).toThrow(/count/);
    expect(() => poissonGlm([1, 2], [[1]])).toThrow(/1 values for 2/);
    expect(() => poissonGlm([1, 2], [[1, Number.NaN]])).toThrow(/not finite/);
  });

  it("iteration limit: not-converged status with a warning", () => {
    const c = reference.cases.find((k) => k.name === "basic")!;
    const fit = poissonGlm(c.y, Object.values(c.columns), { maxIterations: 2 });
    expect(fit.status).toBe("not-converged");
    expect(fit.warnings[0]).toMatch(/did not converge/);
  });
});

describe("properties", () => {
  it("row order does not change the fit", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), (seed) => {
        const rng = new Rng(seed);
        const n = 40;
        const x = Array.from({ length: n }, () => rng.normal());
        const y = x.map((v) => rng.poisson(Math.exp(0.5 + 0.3 * v)));
        if (y.every((v) => v === 0)) return;
        const perm = Array.from({ length: n }, (_, i) => i).sort(() => rng.uniform() - 0.5);
        const a = poissonGlm(y, [x]);
        const b = poissonGlm(
          perm.map((i) => y[i]!),
          [perm.map((i) => x[i]!)],
        );
        expect(b.coefficients[1]!.estimate!).toBeCloseTo(a.coefficients[1]!.estimate!, 8);
        expect(b.deviance).toBeCloseTo(a.deviance, 8);
      }),
      { numRuns: 30 },
    );
  });

  it("the score equations hold at the fit: X'(y - mu) = 0", () => {
    const rng = new Rng(7);
    const n = 500;
    const x = Array.from({ length: n }, () => rng.uniform());
    const d = Array.from({ length: n }, () => (rng.chance(0.3) ? 1 : 0));
    const y = x.map((v, i) => rng.poisson(Math.exp(-0.5 + v + 0.8 * d[i]!)));
    const fit = poissonGlm(y, [x, d]);
    let s0 = 0;
    let s1 = 0;
    for (let i = 0; i < n; i++) {
      s0 += y[i]! - fit.fitted[i]!;
      s1 += x[i]! * (y[i]! - fit.fitted[i]!);
    }
    expect(Math.abs(s0)).toBeLessThan(1e-6);
    expect(Math.abs(s1)).toBeLessThan(1e-6);
  });

  it("erfc and the two-sided p against known values", () => {
    expect(twoSidedP(1.959963984540054)).toBeCloseTo(0.05, 14);
    expect(erfc(0)).toBe(1);
    expect(erfc(1)).toBeCloseTo(0.15729920705028513, 15);
    expect(erfc(3.5) / 7.430983723414128e-7).toBeCloseTo(1, 13);
    expect(erfc(10) / 2.088487583762545e-45).toBeCloseTo(1, 12);
    expect(erfc(-1)).toBeCloseTo(2 - 0.15729920705028513, 15);
  });
});
