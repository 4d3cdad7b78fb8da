// HTML through one auto-escaping template: `html\`<p>${value}</p>\`` escapes every interpolated
// value unless it is itself the result of `html` (or `trustedHtml`, for markup samskab made, such as
// search highlights). Arrays are rendered item by item and joined; null, undefined and false render
// nothing. A label, title or note written by a client can therefore never reach a page unescaped,
// whichever renderer prints it.
import { escapeHtml } from "../../search/highlight.js";

export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return "";
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join("");
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] ?? "";
  for (let i = 0; i < values.length; i++) out += render(values[i]) + (strings[i + 1] ?? "");
  return new SafeHtml(out);
}

/** Markup samskab produced itself and has already escaped (highlights with <mark>). Never client text. */
export function trustedHtml(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

export { escapeHtml };
