/** Number formats of the CompStat tables: whole counts with thousands separators, baselines to one decimal. */
const INT = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const ONE = new Intl.NumberFormat("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 });

export const formatCount = (n: number): string => INT.format(n);
export const formatMean = (n: number): string => ONE.format(n);
