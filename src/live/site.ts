/**
 * The `npm run live` site: one offline page (`out/live/index.html`) with every
 * live calculator, a section per chapter, made for a projector: large type,
 * high contrast, native keyboard-operable controls, and the values of every
 * calculator kept in the URL hash, so a lecturer can bookmark a scenario.
 * plotly.js and the ibd-lab browser bundle sit beside the page as files; the
 * page makes no network request.
 *
 * Node only (writes files). Internal: used by scripts/live-site.mjs.
 */
import { existsSync, mkdirSync, readFileSync, realpathSync } from "node:fs";
import { join } from "node:path";
import { InputError } from "../core/errors";
import { writeFileAtomic } from "../core/files";
import { escapeHtml } from "../plot/table";
import { CALCULATOR_NAMES, calculator } from "./calculators/index";
import { browserBundlePath, liveHtml } from "./show";
import { LIVE_CSS } from "./style";
import type { CalculatorName } from "./types";

/** Marks an index.html as written by writeLiveSite, so a second run may replace it and nothing else. */
const GENERATOR = '<meta name="generator" content="ibd-lab npm run live">';

const SITE_CSS = `
:root{font-size:22px}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:#111;background:#fff;line-height:1.4}
header{background:#0b3d62;color:#fff;padding:0.8rem 1.5rem}
header h1{margin:0;font-size:1.6rem}
header p{margin:0.2rem 0 0;font-size:0.9rem}
nav{position:sticky;top:0;z-index:10;background:#e9f1f8;border-bottom:2px solid #0b3d62;padding:0.4rem 1.5rem;display:flex;flex-wrap:wrap;gap:0.3rem 1.2rem}
nav a{color:#0b3d62;font-weight:700;text-decoration:none}
nav a:focus-visible,nav a:hover{text-decoration:underline}
main{max-width:1400px;margin:0 auto;padding:0.5rem 1.5rem 3rem}
section h2{font-size:1.35rem;margin:1.5rem 0 0.3rem;border-bottom:2px solid #ccc}
.ibd-live{font-size:22px}
.ibd-live-plot{height:480px}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;color:#000;padding:0.4rem;z-index:20}
footer{font-size:0.8rem;color:#333;padding:1rem 1.5rem;border-top:1px solid #ccc}
`;

/** The page: sections by chapter, each calculator mounted with its values kept in the URL hash. */
export function liveSiteHtml(): string {
  const chapters = new Map<string, CalculatorName[]>();
  for (const name of CALCULATOR_NAMES) {
    const ch = calculator(name).chapter;
    chapters.set(ch, [...(chapters.get(ch) ?? []), name]);
  }
  const ordered = [...chapters.entries()].sort(([a], [b]) => a.localeCompare(b));
  const anchor = (ch: string) => `ch-${ch.replace(/[^A-Za-z0-9]+/g, "-").toLowerCase()}`;
  const nav = ordered.map(([ch]) => `<a href="#${anchor(ch)}" data-section-link>${escapeHtml(ch)}</a>`).join("");
  const sections = ordered
    .map(
      ([ch, names]) =>
        `<section id="${anchor(ch)}" aria-label="${escapeHtml(ch)}"><h2>${escapeHtml(ch)}</h2>` +
        names.map((n) => liveHtml(n, { hash: true, includeScripts: false, fontSize: 18 })).join("") +
        "</section>",
    )
    .join("");
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">${GENERATOR}` +
    `<title>ibd-lab: live calculations</title><style>${SITE_CSS}${LIVE_CSS}</style>` +
    `<script src="plotly.min.js"></script><script src="ibd-lab.js"></script></head><body>` +
    `<a class="skip" href="#main" data-section-link>Skip to the calculators</a>` +
    `<header><h1>ibd-lab: live calculations</h1><p>Every number on this page is computed in your browser by the ibd-lab library itself; nothing is sent anywhere. ` +
    `Change a value and the figure follows; the address bar keeps the scenario, so a bookmark brings it back. Research and teaching only: not for patient care.</p></header>` +
    `<nav aria-label="Chapters">${nav}</nav><main id="main">${sections}</main>` +
    `<script>document.querySelectorAll("[data-section-link]").forEach(function(a){a.addEventListener("click",function(e){` +
    `e.preventDefault();var t=document.getElementById(a.getAttribute("href").slice(1));if(t){t.scrollIntoView();t.setAttribute("tabindex","-1");t.focus();}});});</script>` +
    `<footer>Built by <code>npm run live</code> from the ibd-lab sources; the same functions as the notebooks and the command line.</footer>` +
    `</body></html>`
  );
}

/**
 * Writes the site into `dir` (created if missing): index.html, ibd-lab.js and plotly.min.js.
 * Each file is written to a temporary file beside it and renamed. Files of that name that this
 * function did not write before (an index.html without its generator tag, say) are never replaced.
 * @returns the real path of index.html
 * @throws InputError when `dir` is not a string, or holds an index.html, ibd-lab.js or plotly.min.js of someone else's
 */
export function writeLiveSite(dir: string): string {
  if (typeof dir !== "string" || dir.trim() === "") {
    throw new InputError({ field: "dir", value: dir, expected: "the path of a folder for the site" });
  }
  const ours: Record<string, (text: string) => boolean> = {
    "index.html": (t) => t.includes(GENERATOR),
    "ibd-lab.js": (t) => t.includes("window.IbdLab=IbdLab"),
    "plotly.min.js": (t) => t.includes("plotly.js"),
  };
  for (const [name, isOurs] of Object.entries(ours)) {
    const path = join(dir, name);
    if (existsSync(path) && !isOurs(readFileSync(path, "utf8"))) {
      throw new InputError({
        field: "dir",
        value: dir,
        expected: `a folder without a ${name} of its own (${path} was not written by npm run live and is left as it is)`,
      });
    }
  }
  mkdirSync(dir, { recursive: true });
  writeFileAtomic(join(dir, "plotly.min.js"), readFileSync(require.resolve("plotly.js-dist-min/plotly.min.js")));
  writeFileAtomic(join(dir, "ibd-lab.js"), readFileSync(browserBundlePath()));
  const index = join(dir, "index.html");
  writeFileAtomic(index, liveSiteHtml());
  return realpathSync(index);
}
