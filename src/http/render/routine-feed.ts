// A routine's feed: one entry per new relevant lesson. Atom is written by the `feed` package (well kept,
// Node 20, its XML escaping and CDATA handled by xml-js); it writes JSON Feed 1.0 only, so JSON Feed 1.1
// is built here to its zod schema (the spec's required members; the tests parse it back with it).
import { Feed } from "feed";
import { z } from "zod";
import type { Feed as RoutineFeed } from "../../domain/routines/index.js";
import { AGENDA_WORDS } from "./agenda-words.js";
import { escapeHtml, html } from "./html.js";

export const JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1";

/** JSON Feed 1.1 as this service writes it (https://www.jsonfeed.org/version/1.1/). */
export const JsonFeedSchema = z.object({
  version: z.literal(JSON_FEED_VERSION),
  title: z.string().min(1),
  home_page_url: z.url().optional(),
  feed_url: z.url().optional(),
  description: z.string().optional(),
  language: z.string().optional(),
  authors: z.array(z.object({ name: z.string() })).optional(),
  items: z.array(
    z
      .object({
        id: z.string().min(1),
        url: z.url().optional(),
        title: z.string().optional(),
        content_html: z.string().optional(),
        content_text: z.string().optional(),
        summary: z.string().optional(),
        date_published: z.iso.datetime().optional(),
        date_modified: z.iso.datetime().optional(),
        authors: z.array(z.object({ name: z.string() })).optional(),
        tags: z.array(z.string()).optional(),
        language: z.string().optional(),
      })
      .refine((item) => item.content_html !== undefined || item.content_text !== undefined, {
        message: "An item has content_html or content_text.",
      }),
  ),
});
export type JsonFeed = z.infer<typeof JsonFeedSchema>;

type Entry = RoutineFeed["entries"][number];

const title = (feed: RoutineFeed) =>
  feed.routine.ownerUnitName ? `${feed.routine.name} — ${feed.routine.ownerUnitName}` : feed.routine.name;
const description = (feed: RoutineFeed) =>
  AGENDA_WORDS[feed.routine.language ?? "en"].feed(feed.routine.forum ?? feed.routine.name);
const links = (feed: RoutineFeed, origin: string) => {
  const base = `${origin}/v1/routines/${encodeURIComponent(feed.routine.id)}`;
  return { routine: base, agenda: `${base}/agenda`, atom: `${base}/feed.atom`, json: `${base}/feed.json` };
};
const lessonUrl = (origin: string, id: string) => `${origin}/v1/lessons/${encodeURIComponent(id)}`;
const publishedOf = (entry: Entry) => entry.lesson.publishedAt ?? entry.lesson.createdAt;

/** The entry's content: summary, why it worked and where it comes from (escaped: client text). */
function contentHtml(entry: Entry): string {
  const { lesson } = entry;
  return html`<p>${lesson.summary}</p><p><strong>Why:</strong> ${lesson.why}</p><p>${entry.unitName ?? lesson.unitId}</p>`
    .value;
}

export function atomFeed(feed: RoutineFeed, origin: string): string {
  const link = links(feed, origin);
  const atom = new Feed({
    id: link.atom,
    title: title(feed),
    description: description(feed),
    link: link.agenda,
    feedLinks: { atom: link.atom, json: link.json },
    updated: new Date(feed.updatedAt),
    generator: "samskab",
    ...(feed.routine.language ? { language: feed.routine.language } : {}),
    author: { name: feed.routine.ownerUnitName ?? feed.routine.name },
  });
  for (const entry of feed.entries) {
    const url = lessonUrl(origin, entry.lesson.id);
    atom.addItem({
      // Atom's title and summary are typed html here: the text is escaped as html
      title: escapeHtml(entry.lesson.title),
      id: url,
      link: url,
      date: new Date(entry.lesson.updatedAt),
      published: new Date(publishedOf(entry)),
      description: escapeHtml(entry.lesson.summary),
      content: contentHtml(entry),
      author: [{ name: entry.unitName ?? entry.lesson.unitId }],
      category: entry.lesson.mechanisms.map((slug) => ({ name: slug, term: slug })),
    });
  }
  return atom.atom1();
}

export function jsonFeed(feed: RoutineFeed, origin: string): string {
  const link = links(feed, origin);
  const document: JsonFeed = {
    version: JSON_FEED_VERSION,
    title: title(feed),
    home_page_url: link.agenda,
    feed_url: link.json,
    description: description(feed),
    ...(feed.routine.language ? { language: feed.routine.language } : {}),
    authors: [{ name: feed.routine.ownerUnitName ?? feed.routine.name }],
    items: feed.entries.map((entry) => ({
      id: lessonUrl(origin, entry.lesson.id),
      url: lessonUrl(origin, entry.lesson.id),
      title: entry.lesson.title,
      summary: entry.lesson.summary,
      content_html: contentHtml(entry),
      date_published: new Date(publishedOf(entry)).toISOString(),
      date_modified: new Date(entry.lesson.updatedAt).toISOString(),
      authors: [{ name: entry.unitName ?? entry.lesson.unitId }],
      tags: entry.lesson.mechanisms,
      language: entry.lesson.language,
    })),
  };
  return JSON.stringify(document);
}
