import { describe, expect, it } from "vitest";
import { formPairs } from "@/lib/http/form-pairs";

const viaUrlSearchParams = (text: string) => [...new URLSearchParams(text)];

describe("formPairs", () => {
  it("splits plain pairs and keeps empty values, repeated keys and request order", () => {
    expect(formPairs("session=1700000000000&id=abc&kff1005=-121.4567&kff1005=2&k5=&flag")).toEqual([
      ["session", "1700000000000"],
      ["id", "abc"],
      ["kff1005", "-121.4567"],
      ["kff1005", "2"],
      ["k5", ""],
      ["flag", ""],
    ]);
  });

  it("decodes percent escapes and plus signs like URLSearchParams (invalid escapes stay as they are)", () => {
    const text = "eml=me%40example.com&userUnitff1001=%C2%B0C&notice=a+b&bad=%zz%4&half=%C3";
    expect(formPairs(text)).toEqual(viaUrlSearchParams(text));
    expect(formPairs(text)[1]).toEqual(["userUnitff1001", "°C"]);
  });

  it("drops one leading question mark and empty sequences, and splits at the first equals sign only", () => {
    for (const text of ["?a=1", "??a=1", "&&a=1&&", "a==b=c", "=x", "=", "", "?", "&?b=2", "a=?"]) {
      expect(formPairs(text), text).toEqual(viaUrlSearchParams(text));
    }
  });

  it("reads lone surrogates as U+FFFD, as URLSearchParams does", () => {
    for (const text of ["a=\uD800", "\uDC00=1&b=2", "a=%ED%A0%80"]) expect(formPairs(text), text).toEqual(viaUrlSearchParams(text));
  });

  it("gives the same pairs as URLSearchParams for random text", () => {
    const alphabet = ["a", "K", "0", "=", "&", "?", "%", "%2", "%41", "%C3%A9", "%E2%82", "+", " ", "é", "°", "\uD83D\uDE97", "\uD800", "#", ";"];
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let n = 0; n < 5_000; n++) {
      const text = Array.from({ length: Math.floor(random() * 14) }, () => alphabet[Math.floor(random() * alphabet.length)]).join("");
      expect(formPairs(text), JSON.stringify(text)).toEqual(viaUrlSearchParams(text));
    }
  });
});
