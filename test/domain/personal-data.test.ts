import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  cprYear,
  findPersonalData,
  isCpr,
  isFodselsnummer,
  redactPersonalData,
} from "../../src/domain/personal-data.js";

const pad = (n: number, width: number) => String(n).padStart(width, "0");
const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** A CPR number for a real date: the serial's first digit chosen to give that century. */
const validCpr = fc
  .record({
    year: fc.integer({ min: 1858, max: 2036 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.nat(),
    serial: fc.nat(999),
  })
  .map(({ year, month, day, serial }) => {
    const d = (day % daysIn(year, month)) + 1;
    const yy = year % 100;
    const century = year < 1900 ? 5 : year < 2000 ? (yy >= 37 ? 4 : 0) : 4;
    expect(cprYear(yy, century)).toBe(year);
    return `${pad(d, 2)}${pad(month, 2)}${pad(yy, 2)}${century}${pad(serial, 3)}`;
  });

const FNR_W1 = [3, 7, 6, 1, 8, 9, 4, 5, 2];
const FNR_W2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
const check = (values: number[], weights: number[]) => {
  const c = 11 - (weights.reduce((a, w, i) => a + w * values[i]!, 0) % 11);
  return c === 11 ? 0 : c;
};

/** A fødselsnummer (or D-number) with both check digits right; null when the individual number gives a 10. */
function fodselsnummer(
  day: number,
  month: number,
  yy: number,
  individual: number,
  dNumber: boolean,
): string | null {
  const base = `${pad(dNumber ? day + 40 : day, 2)}${pad(month, 2)}${pad(yy, 2)}${pad(individual, 3)}`;
  const values = [...base].map(Number);
  const k1 = check(values, FNR_W1);
  if (k1 === 10) return null;
  const k2 = check([...values, k1], FNR_W2);
  if (k2 === 10) return null;
  return `${base}${k1}${k2}`;
}

const validFnr = fc
  .record({
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.nat(),
    yy: fc.nat(99),
    individual: fc.nat(999),
    dNumber: fc.boolean(),
  })
  .map(({ month, day, yy, individual, dNumber }) =>
    fodselsnummer((day % daysIn(2001, month)) + 1, month, yy, individual, dNumber),
  )
  .filter((n): n is string => n !== null);

const kinds = (text: string) => findPersonalData(text).map((f) => f.kind);

describe("personal data", () => {
  it("catches every CPR number with a real date, with or without the hyphen, inside a sentence", () => {
    fc.assert(
      fc.property(validCpr, fc.boolean(), (cpr, hyphen) => {
        const written = hyphen ? `${cpr.slice(0, 6)}-${cpr.slice(6)}` : cpr;
        expect(isCpr(written)).toBe(true);
        const text = `Borgeren (cpr ${written}) ville selv bestemme.`;
        const [finding] = findPersonalData(text);
        expect(finding?.kind).toBe("cpr");
        expect(text.slice(finding!.start, finding!.end)).toBe(written);
      }),
    );
  });

  it("does not take an impossible date for a CPR number", () => {
    for (const n of ["320190-1234", "001190-1234", "011390-1234", "290223-1234" /* 2023 was no leap year */])
      expect(isCpr(n), n).toBe(false);
    // 29 February in a leap year of the century the serial digit gives
    expect(isCpr("290200-4123")).toBe(true); // 2000
    expect(isCpr("290200-0123")).toBe(false); // 1900 was no leap year
  });

  it("catches every fødselsnummer and D-number with both check digits right, and none with a wrong one", () => {
    fc.assert(
      fc.property(
        validFnr,
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 9, max: 10 }),
        (fnr, delta, position) => {
          expect(isFodselsnummer(fnr)).toBe(true);
          expect(kinds(`Fødselsnummer ${fnr} ble registrert.`)).toEqual(["fodselsnummer"]);
          const digits = [...fnr];
          digits[position] = String((Number(digits[position]) + delta) % 10);
          const wrong = digits.join("");
          expect(isFodselsnummer(wrong)).toBe(false);
          expect(kinds(`Saken ${wrong} ble registrert.`)).not.toContain("fodselsnummer");
        },
      ),
    );
  });

  it.each([
    ["ida.hansen@fjordby.dk", "email"],
    ["kontakt+samskab@nordvik.kommune.no", "email"],
    ["søren.østergaard@kommune.dk", "email"],
    ["87654321", "phone"],
    ["23 45 67 89", "phone"],
    ["2345 6789", "phone"],
    ["412 34 567", "phone"],
    ["+45 23 45 67 89", "phone"],
    ["+4741234567", "phone"],
    ["0047 412 34 567", "phone"],
    ["23.45.67.89", "phone"],
  ])("catches %s as %s", (value, kind) => {
    const text = `Ring eller skriv: ${value}, helst om formiddagen.`;
    const found = findPersonalData(text);
    expect(found.map((f) => f.kind)).toEqual([kind]);
    expect(text.slice(found[0]!.start, found[0]!.end)).toBe(value);
  });

  it.each([
    "Mødet var den 01.02.2024 kl. 8-16.",
    "Budgettet var kr. 1.250.000 i 2023 og 2.500.000 året efter.",
    "10-12 borgere kom, og 250 svarede på spørgeskemaet.",
    "Journalnr. 2024-0117-35 blev lukket i uge 12.",
    "Sagsnummer 20240117 og 2023/0456.",
    "Vi ringte 15 gange mellem 2019 og 2021; 3,5 % sagde nej.",
    "Budsjettet økte fra 12 500 000 til 13 750 000 kroner.",
    "Prosjektet hadde id 12345678901 i arkivet.",
    "Version 1.2.3 og 4.5.6.7 kom i 2024.",
    "Tidsrummet 0800-1600 og 1.-3. klasse.",
    "Varenummer ABC23456789 og koden x23456789y.",
  ])("lets ordinary numbers pass: %s", (text) => {
    expect(findPersonalData(text)).toEqual([]);
  });

  it("does not take 11-digit numbers with wrong check digits, nor their first ten digits, for a CPR", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{11}$/), (n) => {
        fc.pre(!isFodselsnummer(n));
        expect(findPersonalData(`Arkivnummer ${n} er lukket.`)).toEqual([]);
      }),
    );
  });

  it("redacts with a marker per kind", () => {
    const text = "Skriv til ida@fjordby.dk eller ring 23 45 67 89 om 010190-1234.";
    expect(redactPersonalData(text)).toBe("Skriv til [e-mail] eller ring [phone] om [CPR].");
  });
});
