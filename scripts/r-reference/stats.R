# Reference p-values for src/compstat/stats.ts, from R's own binom.test and poisson.test.
# Run from the repository root:  Rscript scripts/r-reference/stats.R
# Writes test/fixtures/r-stats-reference.json (committed, so the tests never need R).
# Base R only (no jsonlite): numbers are printed with 17 significant digits, which round-trip a double.

num <- function(v) if (is.finite(v)) sprintf("%.17g", v) else "null"

# binom.test(x, n, p): small and large n, x below / at / above n * p, p near 0 and 1.
binom_cases <- list(
  c(0, 1, 0.5), c(1, 1, 0.5), c(3, 10, 0.5), c(5, 10, 0.5), c(7, 10, 0.5),
  c(0, 10, 0.1), c(10, 10, 0.9), c(2, 20, 0.1), c(4, 20, 0.1), c(1, 20, 0.3),
  c(14, 133, 0.1), c(40, 79, 0.5), c(8, 25, 0.5), c(17, 31, 0.5), c(682, 925, 0.75),
  c(0, 50, 0.001), c(1, 50, 0.001), c(3, 100, 0.01), c(99, 100, 0.99), c(95, 100, 0.99),
  c(100, 100, 0.999), c(7, 8, 0.5), c(1, 8, 1 / 9), c(30, 300, 1 / 11), c(12, 300, 1 / 11),
  c(50, 1000, 0.05), c(30, 1000, 0.05), c(80, 1000, 0.05), c(2500, 5000, 0.5), c(2440, 5000, 0.5),
  c(2600, 5000, 0.5), c(400, 5000, 0.1), c(10, 5000, 0.001), c(1, 5000, 0.001), c(4990, 5000, 0.999),
  c(1700, 5000, 1 / 3), c(20, 4000, 0.01), c(120, 3000, 0.02), c(0, 5000, 0.0005), c(333, 1000, 1 / 3)
)

# poisson.test(c(x, baselineSum), c(1, baselineYears)): a count against an N-year baseline.
poisson_cases <- list(
  c(14, 119, 9), c(447, 4037, 9), c(29, 297, 9), c(256, 2876, 9), c(329, 4061, 9), c(321, 3148, 9),
  c(552, 8212, 9), c(746, 7329, 9), c(1202, 15421, 9), c(1948, 22750, 9), c(6, 1, 1), c(39, 40, 1),
  c(0, 12, 3), c(5, 0, 5), c(91, 71, 1), c(315, 452, 1), c(1, 30, 5)
)

binom_json <- vapply(binom_cases, function(k) {
  p <- binom.test(k[1], k[2], k[3])$p.value
  sprintf('    { "x": %d, "n": %d, "p": %s, "pValue": %s }', k[1], k[2], num(k[3]), num(p))
}, "")

poisson_json <- vapply(poisson_cases, function(k) {
  r <- poisson.test(c(k[1], k[2]), c(1, k[3]))
  sprintf('    { "x": %d, "baselineSum": %d, "baselineYears": %d, "pValue": %s, "rateRatio": %s }',
          k[1], k[2], k[3], num(r$p.value), num(unname(r$estimate)))
}, "")

out <- c(
  "{",
  sprintf('  "generatedBy": "scripts/r-reference/stats.R with %s",', R.version.string),
  '  "binomTest": [',
  paste(binom_json, collapse = ",\n"),
  "  ],",
  '  "poissonTest": [',
  paste(poisson_json, collapse = ",\n"),
  "  ]",
  "}"
)
dir.create("test/fixtures", showWarnings = FALSE, recursive = TRUE)
writeLines(out, "test/fixtures/r-stats-reference.json")
cat("wrote test/fixtures/r-stats-reference.json:", length(binom_cases), "binom.test and",
    length(poisson_cases), "poisson.test cases\n")
