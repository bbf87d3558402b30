# Reference values for src/analysis/displacement.ts and src/analysis/evaluation.ts, from base R.
# Run from the repository root:  Rscript scripts/r-reference/evaluation.R
# Writes test/fixtures/r-evaluation-reference.json (committed, so the tests never need R).
# Base R only (no jsonlite): numbers are printed with 17 significant digits, which round-trip a double.

# Exponents without leading zeros (1e-8, not 1e-08), as the repository's formatter (Biome) writes JSON.
num <- function(v) if (is.finite(v)) sub("e([-+])0*([1-9])", "e\\1\\2", sprintf("%.17g", v)) else "null"

# pnorm / qnorm: the normal tail behind the WDD z-score and its confidence interval.
z_cases <- c(-40, -38, -37.6, -30, -10, -8.3, -6, -5.66, -5.6, -3, -2.9799, -1.96, -1, -0.6745, -0.6744,
             -0.3, -1e-10, 0, 1e-10, 0.5, 0.6745, 1, 1.6448536269514722, 2, 3.5, 5.65, 5.7, 8, 8.3, 9, 20)
p_cases <- c(1e-300, 1e-50, 1e-20, 1e-12, 1.3e-11, 1e-8, 1e-4, 0.01, 0.025, 0.05, 0.074, 0.075, 0.076, 0.2,
             0.5, 0.8, 0.924, 0.925, 0.926, 0.95, 0.975, 0.99, 0.9999, 1 - 1e-8, 1 - 1e-12)

# Ratio of rate ratios: the conditional test of the target's after count given the target's total, with
# the control's counts as the exposures: poisson.test(c(A_after, A_before), c(C_after, C_before)).
rrr_cases <- list(
  c(207, 110, 308, 318), c(50, 30, 40, 42), c(12, 4, 15, 14), c(5, 9, 20, 18), c(1, 0, 3, 4),
  c(0, 2, 7, 5), c(400, 351, 1200, 1180), c(30, 30, 60, 60), c(2, 1, 1, 2), c(3, 3, 1, 9)
)

# Re-emergence: poisson.test(c(x1, x2), c(n1, n2)) for the counts of two windows of n1 and n2 periods.
window_cases <- list(
  c(30, 18, 3, 6), c(30, 240, 3, 12), c(9, 18, 3, 6), c(9, 120, 3, 12), c(30, 120, 3, 12),
  c(0, 12, 3, 6), c(5, 0, 2, 4)
)

z_json <- vapply(z_cases, function(z) {
  sprintf('    { "z": %s, "lower": %s, "upper": %s }', num(z), num(pnorm(z)), num(pnorm(z, lower.tail = FALSE)))
}, "")
p_json <- vapply(p_cases, function(p) sprintf('    { "p": %s, "q": %s }', num(p), num(qnorm(p))), "")
rrr_json <- vapply(rrr_cases, function(k) {
  # k = (A_before, A_after, C_before, C_after); written as target and control [before, after]
  r <- poisson.test(c(k[2], k[1]), c(k[4], k[3]))
  sprintf('    { "target": [%d, %d], "control": [%d, %d], "p": %s, "ratio": %s }',
          k[1], k[2], k[3], k[4], num(r$p.value), num(unname(r$estimate)))
}, "")
window_json <- vapply(window_cases, function(k) {
  r <- poisson.test(c(k[1], k[2]), c(k[3], k[4]))
  sprintf('    { "x1": %d, "x2": %d, "n1": %d, "n2": %d, "pValue": %s }', k[1], k[2], k[3], k[4], num(r$p.value))
}, "")

out <- c(
  "{",
  sprintf('  "generatedBy": "scripts/r-reference/evaluation.R with %s",', R.version.string),
  '  "pnorm": [', paste(z_json, collapse = ",\n"), "  ],",
  '  "qnorm": [', paste(p_json, collapse = ",\n"), "  ],",
  '  "ratioOfRateRatios": [', paste(rrr_json, collapse = ",\n"), "  ],",
  '  "windows": [', paste(window_json, collapse = ",\n"), "  ]",
  "}"
)
dir.create("test/fixtures", showWarnings = FALSE, recursive = TRUE)
writeLines(out, "test/fixtures/r-evaluation-reference.json")
