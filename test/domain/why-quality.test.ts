import { describe, expect, it } from "vitest";
import { recipeSignals, whyWarnings } from "../../src/domain/why-quality.js";

describe("recipeSignals", () => {
  it("spots numbered steps on separate lines and inline", () => {
    expect(recipeSignals("1. Call the citizen\n2. Agree a time\n3. Visit")).toContain("numbered_steps");
    expect(recipeSignals("We did it like this: 1) call the citizen 2) agree a time")).toContain(
      "numbered_steps",
    );
    expect(recipeSignals("Trin 1 ring til borgeren\nTrin 2 aftal et tidspunkt")).toContain("numbered_steps");
  });

  it("spots bullet lists", () => {
    expect(recipeSignals("- invite the relatives\n- book the room\n- serve coffee")).toContain("bullet_list");
  });

  it("spots first… then… sequences in English, Danish and Norwegian", () => {
    expect(recipeSignals("First we called every family, then we held a meeting.")).toContain(
      "first_then_sequence",
    );
    expect(recipeSignals("Først ringede vi til familierne, derefter holdt vi et møde.")).toContain(
      "first_then_sequence",
    );
    expect(recipeSignals("Først ringte vi familiene, deretter hadde vi et møte.")).toContain(
      "first_then_sequence",
    );
  });

  it("spots imperative instructions", () => {
    expect(recipeSignals("Make sure the coffee is ready. Invite the relatives early.")).toContain(
      "imperative_instructions",
    );
    expect(recipeSignals("Sørg for at kaffen er klar. Husk at invitere de pårørende.")).toContain(
      "imperative_instructions",
    );
  });

  it("leaves an explanation of why it worked alone, in every language", () => {
    expect(
      recipeSignals(
        "When the citizen decided the order of the visit, staff were seen as guests, not inspectors, and she began to tell us what worried her.",
      ),
    ).toEqual([]);
    expect(
      recipeSignals(
        "Da borgeren selv bestemte rækkefølgen, blev vi gæster i hjemmet i stedet for kontrollanter. Det gav tillid.",
      ),
    ).toEqual([]);
    expect(recipeSignals("Hun slapp oss inn på kjøkkenet fordi hun selv fikk bestemme når vi kom.")).toEqual(
      [],
    );
  });
});

describe("whyWarnings", () => {
  it("returns one warning pointing at /why with the signals found", () => {
    const [warning, ...rest] = whyWarnings("1. Call\n2. Visit");
    expect(rest).toEqual([]);
    expect(warning).toMatchObject({
      code: "why_reads_like_recipe",
      pointer: "/why",
      signals: ["numbered_steps"],
    });
  });
});
