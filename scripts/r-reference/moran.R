# Reference values for src/analysis/moran.ts from R's spdep (moran.test, localmoran), an implementation
# independent of PySAL esda, plus a base-R matrix computation as a cross-check of I itself.
# Run from the repository root:
#   Rscript scripts/r-reference/moran.R && npx biome format --write test/fixtures/r-moran-reference.json
# Needs ../shared/reference-data (stl_hom.txt, stl.gal, desmith.txt, desmith.gal) and spdep
# (Debian: apt-get install -y r-cran-spdep). Writes test/fixtures/r-moran-reference.json (committed, so the
# tests never need R). Numbers are printed with 17 significant digits, which round-trip a double.
suppressPackageStartupMessages(library(spdep))

num <- function(v) if (is.finite(v)) sprintf("%.17g", v) else "null"
vec <- function(v) paste0("[", paste(vapply(v, num, ""), collapse = ", "), "]")
ref <- file.path("..", "shared", "reference-data")

# GAL ids are 1..n in the order of the data rows (stl.gal's ids are row numbers, not FIPSNO), which is how
# PySAL pairs them too: read.gal keeps the file's order, so row k of the data is region k.
case <- function(name, y, nb, style) {
  lw <- nb2listw(nb, style = style, zero.policy = TRUE)
  rn <- moran.test(y, lw, randomisation = FALSE, alternative = "two.sided", zero.policy = TRUE)
  rr <- moran.test(y, lw, randomisation = TRUE, alternative = "two.sided", zero.policy = TRUE)
  W <- listw2mat(lw)
  z <- y - mean(y)
  I_matrix <- length(y) / sum(W) * sum(z * (W %*% z)) / sum(z^2)
  stopifnot(abs(I_matrix - rn$estimate[[1]]) < 1e-14)
  li <- localmoran(y, lw, zero.policy = TRUE)
  sprintf(paste0(
    '    "%s": {\n      "style": "%s", "n": %d, "I": %s, "EI": %s,\n',
    '      "VI_norm": %s, "z_norm": %s, "p_norm_two_sided": %s,\n',
    '      "VI_rand": %s, "z_rand": %s, "p_rand_two_sided": %s,\n',
    '      "localmoran_Ii": %s\n    }'),
    name, style, length(y), num(rn$estimate[[1]]), num(rn$estimate[[2]]),
    num(rn$estimate[[3]]), num(rn$statistic[[1]]), num(rn$p.value),
    num(rr$estimate[[3]]), num(rr$statistic[[1]]), num(rr$p.value),
    vec(li[, "Ii"]))
}

stl <- read.csv(file.path(ref, "stl_hom.txt"), skip = 1)
stl_nb <- read.gal(file.path(ref, "stl.gal"))
des <- read.csv(file.path(ref, "desmith.txt"), skip = 1)
des_nb <- read.gal(file.path(ref, "desmith.gal"))
lat <- cell2nb(3, 3, type = "rook") # esda's lat2W(3, 3): rook contiguity on a 3 x 3 lattice
cases <- c(
  case("stl_HR8893_W", stl$HR8893, stl_nb, "W"),
  case("stl_HR8893_B", stl$HR8893, stl_nb, "B"),
  case("desmith_z_W", des$z, des_nb, "W"),
  case("desmith_z_B", des$z, des_nb, "B"),
  case("lattice3x3_1to9_B", as.numeric(1:9), lat, "B"),
  case("lattice3x3_1to9_W", as.numeric(1:9), lat, "W")
)
# upper tail of the standard normal, for the tail function the p-values use
zs <- c(-8, -3.5, -1.96, -0.5, 0, 0.1, 0.5, 1, 1.5, 1.96, 2.5, 2.9, 3, 3.1, 3.5, 4, 5, 6, 8, 10, 20)
tail_json <- paste(sprintf('    { "z": %s, "upper": %s }', vapply(zs, num, ""),
  vapply(zs, function(z) num(pnorm(z, lower.tail = FALSE)), "")), collapse = ",\n")

out <- paste0(
  "{\n",
  '  "source": "R ', R.version$major, ".", R.version$minor, ", spdep ", as.character(packageVersion("spdep")),
  ' (moran.test two-sided, localmoran); scripts/r-reference/moran.R",\n',
  '  "moran": {\n', paste(cases, collapse = ",\n"), "\n  },\n",
  '  "normalUpperTail": [\n', tail_json, "\n  ]\n}\n")
writeLines(out, file.path("test", "fixtures", "r-moran-reference.json"))
cat("wrote test/fixtures/r-moran-reference.json\n")
