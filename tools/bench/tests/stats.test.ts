import { figure, median, seconds } from "../src/stats";

describe("median", () => {
  it("is the middle value of an odd count, whatever the order", () => {
    expect(median([92.4, 61.0, 70.3])).toBe(70.3);
  });

  it("is the mean of the middle two of an even count", () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it("refuses no values", () => {
    expect(() => median([])).toThrow("median of no values");
  });
});

describe("figure", () => {
  it("keeps every run in seconds to 0.1 s and their median", () => {
    expect(figure([61_049, 92_410, 70_351])).toEqual({ median: 70.4, runs: [61, 92.4, 70.4] });
    expect(seconds(9_949)).toBe(9.9);
  });
});
