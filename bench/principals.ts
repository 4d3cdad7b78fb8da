// The keys the benchmark runs the filter's query mix as, in process: a staff key of the corpus's busiest
// unit, a manager key of its organisation (who sees every unit-only lesson there: the most sets to
// join) and an admin key, so the cost of visibility shows per role beside the budgets.
import type { Principal } from "../src/domain/access.js";

export type BenchPrincipal = { label: string; principal: Principal };

export function benchPrincipals(place: { organisationId: string; unitId: string }): BenchPrincipal[] {
  const key = (
    role: "staff" | "manager" | "admin",
    organisationId: string | null,
    unitId: string | null,
  ) => ({
    kind: "key" as const,
    keyId: `key_bench_${role}`,
    name: `bench ${role}`,
    role,
    organisationId,
    unitId,
    scopes: [],
  });
  return [
    { label: `a staff key (${place.unitId})`, principal: key("staff", place.organisationId, place.unitId) },
    {
      label: `a manager key (${place.organisationId})`,
      principal: key("manager", place.organisationId, null),
    },
    { label: "an admin key", principal: key("admin", null, null) },
  ];
}
