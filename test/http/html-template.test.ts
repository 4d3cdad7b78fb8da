import { describe, expect, it } from "vitest";
import { html, SafeHtml, trustedHtml } from "../../src/http/render/html.js";

describe("html template", () => {
  it("escapes every interpolated string, number and attribute value", () => {
    const label = `<script>alert("x")</script> & 'q'`;
    const out = html`<p title="${label}">${label} ${3}</p>`.value;
    expect(out).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39; 3</p>',
    );
  });

  it("keeps nested templates and trusted markup, renders arrays item by item and skips empty values", () => {
    const items = ["a<b", "c"].map((x) => html`<li>${x}</li>`);
    const out = html`<ul>${items}</ul>${null}${undefined}${false}${trustedHtml("<mark>m</mark>")}`;
    expect(out).toBeInstanceOf(SafeHtml);
    expect(String(out)).toBe("<ul><li>a&lt;b</li><li>c</li></ul><mark>m</mark>");
  });
});
