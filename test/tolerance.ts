// One place for the statistical and numerical tolerances of the test suite.

/** A statistical test fails when a measurement is more than Z_MAX standard errors from its prediction. */
export const Z_MAX = 4;

/** z-score of a measurement against a prediction, with the measurement's standard error. */
export const zScore = (measured: number, predicted: number, se: number): number => (measured - predicted) / se;
