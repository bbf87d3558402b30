# Reference fits for src/analysis/poisson-regression.ts, from R's glm(family = poisson) and MASS::glm.nb.
# Run from the repository root:  Rscript scripts/r-reference/poisson.R
# Writes test/fixtures/poisson-reference.json (committed, so the tests never need R): each case carries
# its data (y, the columns, the offset) and R's coefficients, standard errors, z, p, deviance, null
# deviance, AIC, iterations; NA coefficients (aliased columns) are written as null.
# Base R + MASS only (no jsonlite): numbers are printed with 17 significant digits, which round-trip a double.
suppressPackageStartupMessages(library(MASS))

num <- function(v) ifelse(is.finite(v), sprintf("%.17g", v), "null")
arr <- function(v) paste0("[", paste(num(v), collapse = ", "), "]")
named <- function(lst) paste0("{ ", paste(sprintf('"%s": %s', names(lst), vapply(lst, arr, "")), collapse = ", "), " }")

set.seed(20240611)
n <- 60
x1 <- round(rnorm(n), 3)
x2 <- rbinom(n, 1, 0.4)
expo <- round(runif(n, 0.5, 3), 2)
y <- rpois(n, exp(0.3 + 0.5 * x1 - 0.7 * x2))
y_off <- rpois(n, expo * exp(-0.2 + 0.4 * x1 + 0.6 * x2))
x3 <- x1 + 2 * x2                              # exactly collinear with x1 and x2
y_sep <- ifelse(x2 == 1, 0, rpois(n, exp(0.5 + 0.3 * x1)))  # no events where x2 = 1: separation
y_nb <- rnbinom(n, mu = exp(0.8 + 0.6 * x1 - 0.5 * x2), size = 1.5)

case <- function(name, fit, y, cols, offset = NULL, intercept = TRUE) {
  s <- summary(fit)
  co <- coef(fit)
  cm <- s$coefficients
  se <- z <- p <- rep(NA_real_, length(co))
  names(se) <- names(z) <- names(p) <- names(co)
  se[rownames(cm)] <- cm[, 2]; z[rownames(cm)] <- cm[, 3]; p[rownames(cm)] <- cm[, 4]
  extra <- if (inherits(fit, "negbin")) sprintf(', "theta": %s, "thetaSE": %s, "twoLogLik": %s',
                                                 num(fit$theta), num(fit$SE.theta), num(fit$twologlik)) else ""
  paste0(
    '    { "name": "', name, '", "family": "', if (inherits(fit, "negbin")) "negative-binomial" else "poisson",
    '", "intercept": ', tolower(intercept), ",\n",
    '      "y": ', arr(y), ",\n",
    '      "columns": ', named(cols), ",\n",
    '      "offset": ', if (is.null(offset)) "null" else arr(offset), ",\n",
    '      "names": [', paste(sprintf('"%s"', names(co)), collapse = ", "), "],\n",
    '      "coefficients": ', arr(co), ",\n",
    '      "se": ', arr(se), ",\n",
    '      "z": ', arr(z), ",\n",
    '      "p": ', arr(p), ",\n",
    '      "deviance": ', num(fit$deviance), ', "nullDeviance": ', num(fit$null.deviance),
    ', "aic": ', num(fit$aic), ', "bic": ', num(BIC(fit)), ', "logLik": ', num(as.numeric(logLik(fit))),
    ', "iterations": ', fit$iter, ', "converged": ', tolower(fit$converged), extra, " }"
  )
}

cases <- c(
  case("basic", glm(y ~ x1 + x2, family = poisson), y, list(x1 = x1, x2 = x2)),
  case("offset", glm(y_off ~ x1 + x2 + offset(log(expo)), family = poisson), y_off,
       list(x1 = x1, x2 = x2), log(expo)),
  case("collinear", glm(y ~ x1 + x2 + x3, family = poisson), y, list(x1 = x1, x2 = x2, x3 = x3)),
  case("separation", glm(y_sep ~ x1 + x2, family = poisson), y_sep, list(x1 = x1, x2 = x2)),
  case("no-intercept", glm(y ~ 0 + x1 + x2, family = poisson), y, list(x1 = x1, x2 = x2), NULL, FALSE),
  case("nb-basic", glm.nb(y_nb ~ x1 + x2), y_nb, list(x1 = x1, x2 = x2)),
  case("nb-offset", glm.nb(y_off ~ x1 + x2 + offset(log(expo))), y_off, list(x1 = x1, x2 = x2), log(expo))
)

out <- c(
  "{",
  sprintf('  "generatedBy": "scripts/r-reference/poisson.R with %s, MASS %s",', R.version.string,
          as.character(packageVersion("MASS"))),
  '  "cases": [',
  paste(cases, collapse = ",\n"),
  "  ]",
  "}"
)
dir.create("test/fixtures", showWarnings = FALSE, recursive = TRUE)
writeLines(out, "test/fixtures/poisson-reference.json")
cat("wrote test/fixtures/poisson-reference.json:", length(cases), "cases\n")
