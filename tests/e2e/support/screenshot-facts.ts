/**
 * What a README screenshot shows that must still be true of the product: the view's title and
 * headings, tile labels, table headers, the navigation, and the version of the model on screen.
 * `docs/screenshots/screenshots.json` keeps these facts as they were when each picture was taken
 * (VIGIL_UPDATE_SCREENSHOTS=1); the end-to-end test compares them with what the same view renders
 * now, so a renamed tile, a new heading or a new model makes the test fail until the pictures are
 * refreshed. Numbers and other live values are left out (they differ on every run).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';

export const SCREENSHOT_DIR = join(__dirname, '../../../docs/screenshots');
const FACTS_FILE = join(SCREENSHOT_DIR, 'screenshots.json');

export type ScreenFacts = Record<string, string[]>;

/** The stable labels of the page as rendered: live figures (in `.muted`, badges) are dropped. */
export async function screenFacts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const text = (el: Element): string => {
      const copy = el.cloneNode(true) as Element;
      copy.querySelectorAll('.muted, .nav-badge').forEach((e) => e.remove());
      return (copy.textContent ?? '').replace(/\s+/g, ' ').trim();
    };
    const facts: string[] = [];
    const add = (kind: string, selector: string): void => {
      for (const el of Array.from(document.querySelectorAll(selector))) {
        const t = text(el);
        if (t) facts.push(`${kind}: ${t}`);
      }
    };
    add('nav', 'nav .nav-link');
    add('title', 'main h2');
    add('heading', 'main h3:not(.detail-title)');
    add('tile', '.tile-label');
    add('column', 'main th');
    for (const dt of Array.from(document.querySelectorAll('dl.facts dt'))) {
      if (dt.textContent?.trim() === 'Version' && dt.nextElementSibling)
        facts.push(`model version: ${text(dt.nextElementSibling)}`);
    }
    return facts;
  });
}

export function readScreenFacts(): ScreenFacts {
  return existsSync(FACTS_FILE) ? (JSON.parse(readFileSync(FACTS_FILE, 'utf8')) as ScreenFacts) : {};
}

export function writeScreenFacts(name: string, facts: string[]): void {
  const all = readScreenFacts();
  all[name] = facts;
  const sorted = Object.fromEntries(Object.entries(all).sort(([a], [b]) => a.localeCompare(b)));
  writeFileSync(FACTS_FILE, `${JSON.stringify(sorted, null, 2)}\n`);
}
