import { describe, expect, it } from "vitest";
import { COLOR_PALETTE } from "../../src/datasets/palette.ts";
import { COLOR_NAMES, nameColor, parseColorWord } from "../../src/mllm/pixels/color-names.ts";

describe("nameColor", () => {
  it("names every generator colour by its own name", () => {
    for (const name of COLOR_NAMES) expect(nameColor(COLOR_PALETTE[name])).toBe(name);
  });

  it.each([
    [{ red: 255, green: 0, blue: 0 }, "red"],
    [{ red: 139, green: 0, blue: 0 }, "red"],
    [{ red: 255, green: 165, blue: 0 }, "orange"],
    [{ red: 255, green: 255, blue: 0 }, "yellow"],
    [{ red: 0, green: 128, blue: 0 }, "green"],
    [{ red: 144, green: 238, blue: 144 }, "green"],
    [{ red: 0, green: 0, blue: 255 }, "blue"],
    [{ red: 135, green: 206, blue: 235 }, "blue"],
    [{ red: 128, green: 0, blue: 128 }, "purple"],
    [{ red: 255, green: 192, blue: 203 }, "pink"],
    [{ red: 255, green: 20, blue: 147 }, "pink"],
    [{ red: 139, green: 69, blue: 19 }, "brown"],
    [{ red: 160, green: 82, blue: 45 }, "brown"],
    [{ red: 0, green: 0, blue: 0 }, "black"],
    [{ red: 40, green: 40, blue: 45 }, "black"],
    [{ red: 250, green: 250, blue: 245 }, "white"],
    [{ red: 169, green: 169, blue: 169 }, "gray"],
    [{ red: 90, green: 90, blue: 90 }, "gray"],
  ] as const)("names the CSS-like colour %o %s", (color, name) => {
    expect(nameColor(color)).toBe(name);
  });

  it("reads colour words and their synonyms, and nothing else", () => {
    expect(parseColorWord("Red")).toBe("red");
    expect(parseColorWord("grey")).toBe("gray");
    expect(parseColorWord("circle")).toBeUndefined();
  });
});
