# Reference outputs for src/analysis/getis-ord.ts, fdr.ts and mann-kendall.ts (R 4.2, spdep 1.2-7).
# Run from the project root:  Rscript scripts/r-reference/gistar.R
# Writes test/fixtures/gistar-spdep.json and test/fixtures/gistar-fdr-mk.json (results printed with 17
# significant digits so the tests can compare to 1e-9; null where spdep gives NaN, i.e. the island).
suppressPackageStartupMessages({ library(spdep); library(jsonlite) })
# jsonlite stops at 15 significant digits; wrap numbers as 17-digit strings and write them verbatim.
num17 <- function(v) structure(class = "json", paste0("[", paste(ifelse(is.na(v), "null", sprintf("%.17g", v)),
                                                      collapse = ", "), "]"))
one17 <- function(v) structure(sprintf("%.17g", v), class = "json")

# --- spdep localG on a small grid plus one far-away island -------------------------------------------
set.seed(20240611)
side_x <- 8; side_y <- 7
xy <- as.matrix(expand.grid(x = 0:(side_x - 1), y = 0:(side_y - 1)))
xy <- rbind(xy, c(30, 30))                       # the island: no neighbour within 1.5
lam <- 2 + 6 * exp(-((xy[, 1] - 2)^2 + (xy[, 2] - 4)^2) / 4)
cnt <- rpois(nrow(xy), lam)
nb <- dnearneigh(xy, 0, 1.5)
z_of <- function(nbx, style) {
  lw <- nb2listw(nbx, style = style, zero.policy = TRUE)
  g <- localG(cnt, lw, zero.policy = TRUE)
  v <- as.numeric(g); v[!is.finite(v)] <- NA; v
}
spdep_out <- list(
  spdep = as.character(packageVersion("spdep")),
  threshold = 1.5,
  x = xy[, 1], y = xy[, 2], count = cnt,
  gstar_B = num17(z_of(include.self(nb), "B")),
  gstar_W = num17(z_of(include.self(nb), "W")),
  gi_B = num17(z_of(nb, "B")),
  gi_W = num17(z_of(nb, "W"))
)
write(toJSON(spdep_out, auto_unbox = TRUE, pretty = TRUE, json_verbatim = TRUE),
      "test/fixtures/gistar-spdep.json")

# --- p.adjust(method = "BH") and Mann-Kendall via cor.test(kendall, continuity) -----------------------
p <- c(0.01, 0.001, 0.05, 0.2, 0.04, 0.03, 0.5, 0.0001, 0.04, 0.9, 1, 0.012)
mk_case <- function(x) {
  t <- cor.test(seq_along(x), x, method = "kendall", exact = FALSE, continuity = TRUE)
  list(x = x, z = one17(unname(t$statistic)), p = one17(t$p.value), tau = one17(unname(t$estimate)))
}
mk <- list(
  mk_case(c(1, 3, 2, 5, 4, 6, 8, 7, 9, 12)),                  # rising, no ties
  mk_case(c(5, 5, 4, 6, 3, 3, 3, 2, 7, 1, 0, 0)),             # falling, ties
  mk_case(c(2.1, -0.3, 1.7, 0.4, 2.2, -1.1, 0.9, 1.7, 0.4))   # no trend, ties
)
write(toJSON(list(p = p, bh = num17(p.adjust(p, method = "BH")), mannKendall = mk),
             auto_unbox = TRUE, pretty = TRUE, json_verbatim = TRUE),
      "test/fixtures/gistar-fdr-mk.json")
cat("wrote test/fixtures/gistar-spdep.json and test/fixtures/gistar-fdr-mk.json\n")
