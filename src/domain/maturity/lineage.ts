// The mainstreaming lineage of a scope's initiatives: which pilots grew into projects (buildsOn) and which
// initiatives sit inside programs (programId), with the neighbours outside the scope at either end.
import type { Db } from "../../db/database.js";
import { buildsOnLinks, initiativesById, programMembers } from "../../db/maturity.js";
import { stageRank } from "./rung.js";
import type { InitiativeSummary, LineageEdge, LineageNode, MaturityReport } from "./types.js";

/** Lineage chains listed at most: a reader cannot take in more, and the graph holds every edge anyway. */
export const MAX_LINEAGE_CHAINS = 200;

type Lineage = MaturityReport["lineage"];

const byStageThenId = (a: InitiativeSummary, b: InitiativeSummary) =>
  stageRank(a.stage) - stageRank(b.stage) || a.id.localeCompare(b.id);

function edgesOf(db: Db, inScope: readonly InitiativeSummary[]): LineageEdge[] {
  const ids = inScope.map((i) => i.id);
  const edges: LineageEdge[] = buildsOnLinks(db, { initiativeIds: ids }).map((r) => ({
    from: r.buildsOnId,
    to: r.initiativeId,
    kind: "grew_into",
  }));
  const programIds = inScope.filter((i) => i.stage === "program").map((i) => i.id);
  const memberships = new Map<string, string>();
  for (const m of programMembers(db, { programIds })) if (m.programId) memberships.set(m.id, m.programId);
  for (const i of inScope) if (i.programId) memberships.set(i.id, i.programId);
  for (const [from, to] of memberships) edges.push({ from, to, kind: "part_of" });
  return edges.sort(
    (a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to) || a.kind.localeCompare(b.kind),
  );
}

/** The lineage graph around the scope's initiatives: its nodes, edges and chains. */
export function lineageOf(db: Db, inScope: readonly InitiativeSummary[]): Lineage {
  const edges = edgesOf(db, inScope);
  const known = new Set(inScope.map((i) => i.id));
  const outside = [...new Set(edges.flatMap((e) => [e.from, e.to]))].filter((id) => !known.has(id));
  const neighbours = initiativesById(db, { ids: outside })
    .map(({ createdAt: _, ...summary }) => summary)
    .sort(byStageThenId);
  const nodes: LineageNode[] = [
    ...inScope.map((i) => ({ ...i, inScope: true })),
    ...neighbours.map((n) => ({ ...n, inScope: false })),
  ];
  return { nodes, edges, chains: chainsOf(edges) };
}

/** Every path from an initiative nothing leads into to one that leads nowhere further (cycle-safe). */
export function chainsOf(edges: readonly LineageEdge[]): string[][] {
  const next = new Map<string, string[]>();
  const hasIncoming = new Set<string>();
  for (const e of edges) {
    next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
    hasIncoming.add(e.to);
  }
  const chains: string[][] = [];
  const walk = (path: string[]) => {
    if (chains.length >= MAX_LINEAGE_CHAINS) return;
    const onward = (next.get(path.at(-1)!) ?? []).filter((id) => !path.includes(id));
    if (onward.length === 0) chains.push(path);
    for (const id of onward) walk([...path, id]);
  };
  for (const root of [...next.keys()].filter((id) => !hasIncoming.has(id))) walk([root]);
  return chains;
}
