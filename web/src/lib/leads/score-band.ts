// The ICP score's bands, for the leads list, the lead page's score and its meter.

/** Lowest score of the mid and high bands. */
export const ICP_BAND_FLOOR = { mid: 50, high: 75 } as const;

export type ScoreBand = "high" | "mid" | "low";

export function scoreBand(score: number): ScoreBand {
  if (score >= ICP_BAND_FLOOR.high) return "high";
  if (score >= ICP_BAND_FLOOR.mid) return "mid";
  return "low";
}
