// Personal data that must not enter a knowledge base meant to spread: Danish CPR numbers, Norwegian
// fødselsnummer and D-numbers, e-mail addresses and Danish/Norwegian phone numbers. `findPersonalData`
// says where they are (character ranges); `redactPersonalData` replaces them with a marker. Ordinary
// numbers must pass: dates, amounts, years, counts and ranges, case numbers, and 11-digit numbers whose
// check digits are wrong.

export const PERSONAL_DATA_KINDS = ["cpr", "fodselsnummer", "email", "phone"] as const;
export type PersonalDataKind = (typeof PERSONAL_DATA_KINDS)[number];

export type PersonalDataFinding = { kind: PersonalDataKind; start: number; end: number };

/** What a redacted value becomes. */
export const REDACTION_MARKERS: Record<PersonalDataKind, string> = {
  cpr: "[CPR]",
  fodselsnummer: "[fødselsnummer]",
  email: "[e-mail]",
  phone: "[phone]",
};

const digits = (s: string) => s.replace(/\D/g, "");

function isDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * A Danish CPR number's birth year from its two-digit year and the first digit of its serial
 * number (the century rule of the CPR office).
 */
export function cprYear(yy: number, centuryDigit: number): number {
  if (centuryDigit <= 3) return 1900 + yy;
  if (centuryDigit === 4 || centuryDigit === 9) return yy <= 36 ? 2000 + yy : 1900 + yy;
  return yy <= 57 ? 2000 + yy : 1800 + yy;
}

/** DDMMYYSSSS with a real date (the modulus-11 check is not used since 2007). */
export function isCpr(number: string): boolean {
  const d = digits(number);
  if (d.length !== 10) return false;
  const day = Number(d.slice(0, 2));
  const month = Number(d.slice(2, 4));
  const year = cprYear(Number(d.slice(4, 6)), Number(d[6]));
  return isDate(year, month, day);
}

const FNR_WEIGHTS_1 = [3, 7, 6, 1, 8, 9, 4, 5, 2];
const FNR_WEIGHTS_2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

function checkDigit(values: readonly number[], weights: readonly number[]): number | undefined {
  const sum = weights.reduce((acc, w, i) => acc + w * values[i]!, 0);
  const check = 11 - (sum % 11);
  if (check === 11) return 0;
  return check === 10 ? undefined : check;
}

/** A Norwegian fødselsnummer or D-number (day + 40): 11 digits, a possible day and month, both check digits right. */
export function isFodselsnummer(number: string): boolean {
  const d = digits(number);
  if (d.length !== 11) return false;
  const values = [...d].map(Number);
  let day = Number(d.slice(0, 2));
  if (day > 40) day -= 40; // D-number
  const month = Number(d.slice(2, 4));
  // the year is not checked against the individual number: a possible day in a leap year is enough
  if (!isDate(2000, month, day)) return false;
  const k1 = checkDigit(values, FNR_WEIGHTS_1);
  if (k1 === undefined || k1 !== values[9]) return false;
  const k2 = checkDigit(values, FNR_WEIGHTS_2);
  return k2 !== undefined && k2 === values[10];
}

/** An 8-digit number that reads as a date, YYYYMMDD from 1900 to 2099: not a phone number. */
function isCompactDate(d: string): boolean {
  const year = Number(d.slice(0, 4));
  return year >= 1900 && year <= 2099 && isDate(year, Number(d.slice(4, 6)), Number(d.slice(6, 8)));
}

// no letter or digit (nor a digit group joined by . , / -) right before or after a match: a number
// inside a word or a longer number ("ABC12345678", "2024-0117-35") is something else
const BEFORE = String.raw`(?<![\p{L}\d]|\d[.,/-]|[+])`;
const AFTER = String.raw`(?![\p{L}\d]|[.,/-]\d)`;

const CPR = new RegExp(`${BEFORE}\\d{6}-?\\d{4}${AFTER}`, "gu");
const FNR = new RegExp(`${BEFORE}\\d{6}[ -]?\\d{5}${AFTER}`, "gu");
// a Danish or Norwegian number: 8 digits, optionally after +45/+47/0045/0047, as 8, 2-2-2-2, 4-4 or 3-2-3
const PHONE = new RegExp(
  `${BEFORE}(?:(?:\\+|00)(?:45|47)[ -]?)?(?:\\d{8}|\\d{2}([ .-])\\d{2}\\1\\d{2}\\1\\d{2}|\\d{4}[ -]\\d{4}|\\d{3} \\d{2} \\d{3})${AFTER}`,
  "gu",
);
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;

function* matches(pattern: RegExp, text: string): Generator<RegExpExecArray> {
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) yield m;
}

/** Every piece of personal data in `text`, in order, none overlapping (the first found wins). */
export function findPersonalData(text: string): PersonalDataFinding[] {
  const found: PersonalDataFinding[] = [];
  const add = (kind: PersonalDataKind, start: number, end: number) => {
    if (!found.some((f) => start < f.end && f.start < end)) found.push({ kind, start, end });
  };
  for (const m of matches(EMAIL, text)) add("email", m.index, m.index + m[0].length);
  for (const m of matches(FNR, text))
    if (isFodselsnummer(m[0])) add("fodselsnummer", m.index, m.index + m[0].length);
  for (const m of matches(CPR, text)) if (isCpr(m[0])) add("cpr", m.index, m.index + m[0].length);
  for (const m of matches(PHONE, text)) {
    const local = digits(m[0]).slice(-8);
    const international = /^(?:\+|00)/.test(m[0]);
    // a Danish or Norwegian subscriber number starts with 2–9; 8 bare digits that read as a date are not one
    if (!/^[2-9]/.test(local)) continue;
    if (!international && /^\d{8}$/.test(m[0]) && isCompactDate(local)) continue;
    add("phone", m.index, m.index + m[0].length);
  }
  return found.sort((a, b) => a.start - b.start);
}

/** `text` with every finding replaced by its marker ([CPR], [fødselsnummer], [e-mail], [phone]). */
export function redactPersonalData(text: string, findings = findPersonalData(text)): string {
  let out = "";
  let cursor = 0;
  for (const f of findings) {
    out += text.slice(cursor, f.start) + REDACTION_MARKERS[f.kind];
    cursor = f.end;
  }
  return out + text.slice(cursor);
}

/**
 * Warnings for the fields where a redaction marker stands (the redact policy stored a marker in place
 * of personal data): the author should know their text was changed.
 */
export function redactionWarnings(
  fields: Readonly<Record<string, string | null | undefined>>,
): { code: string; pointer: string; message: string }[] {
  const markers = Object.values(REDACTION_MARKERS);
  return Object.entries(fields).flatMap(([pointer, value]) => {
    const found = markers.filter((marker) => value?.includes(marker));
    return found.length > 0
      ? [
          {
            code: "personal_data_redacted",
            pointer,
            message: `Personal data was replaced by ${found.join(", ")} before the text was stored.`,
          },
        ]
      : [];
  });
}
