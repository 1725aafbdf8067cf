/**
 * The two scripts a page needs before it can draw: plotly.js (from the npm package
 * `plotly.js-dist-min`, about 5 MB) and the ibd-lab browser bundle (`dist/browser/ibd-lab.js`,
 * about 0.5 MB, global `IbdLab`), and how a notebook gets them without keeping them.
 *
 * In a notebook each script is sent to the page once per kernel session, as an output of its
 * own that is replaced at once by an empty marker (Jupyter's `update_display_data`, tslab's
 * `newDisplay()`): the page has run the script, and the saved notebook holds a few bytes instead
 * of megabytes. A notebook reopened later has no plotly.js on its page, so each figure's script
 * asks the Jupyter server for it, at `<base>/nbextensions/ibd-lab/<file>`, where `npm run kernel`
 * links both files (scripts/kernel.mjs); where that fails, the figure says why in its place.
 *
 * The notebook runner (scripts/run_notebooks.py) sets `IBD_LAB_INLINE_ASSETS=1`, which keeps the
 * scripts in the outputs: the notebooks, pages and slides it writes to `out/` open drawn anywhere,
 * offline, without a Jupyter server.
 *
 * Hand-written: no maintained package loads a script once per page from a Jupyter server's
 * nbextensions folder; the loader is a dozen lines of browser JavaScript.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { EnvironmentError } from "../core/errors";

/** The assets a page may need: plotly.js and the ibd-lab browser bundle. */
export type AssetName = "plotly" | "ibd-lab-bundle";

/** Each asset's file name in the nbextensions folder and the global it defines. */
export const ASSETS: Readonly<Record<AssetName, { file: string; global: string }>> = {
  plotly: { file: "plotly.min.js", global: "Plotly" },
  "ibd-lab-bundle": { file: "ibd-lab.js", global: "IbdLab" },
};

/** Where the browser bundle may be: beside the compiled package (dist/plot -> dist/browser) or, from src, in dist/. */
function bundleCandidates(): string[] {
  return [join(__dirname, "..", "browser", "ibd-lab.js"), join(__dirname, "..", "..", "dist", "browser", "ibd-lab.js")];
}

/**
 * The file of an asset on this machine.
 * @throws EnvironmentError when the browser bundle has not been built (`npm run build`).
 */
export function assetPath(asset: AssetName): string {
  if (asset === "plotly") return require.resolve("plotly.js-dist-min/plotly.min.js");
  const path = bundleCandidates().find((p) => existsSync(p));
  if (!path) {
    throw new EnvironmentError(
      `the ibd-lab browser bundle is missing (looked in ${bundleCandidates().join(" and ")}): run "npm run build" in the ibd-lab folder`,
    );
  }
  return path;
}

const sources = new Map<AssetName, { source: string; version: string }>();

function load(asset: AssetName): { source: string; version: string } {
  let s = sources.get(asset);
  if (s === undefined) {
    const raw = readFileSync(assetPath(asset), "utf8");
    // A literal "</script>" inside the bundle would end the inline tag early.
    s = { source: raw.replace(/<\/script/gi, "<\\/script"), version: createHash("sha1").update(raw).digest("hex").slice(0, 12) };
    sources.set(asset, s);
  }
  return s;
}

/** The asset's source, ready to inline in a `<script>` (read once per process). */
export function assetSource(asset: AssetName): string {
  return load(asset).source;
}

/** A short hash of the asset's content: the cache key of the file the Jupyter server serves. */
export function assetVersion(asset: AssetName): string {
  return load(asset).version;
}

/** `<script>` holding the asset; once per page, before the figures or calculators that use it. */
export function assetScriptTag(asset: AssetName): string {
  return `<script type="text/javascript">${assetSource(asset)}</script>`;
}

/**
 * Browser JavaScript defining `window.ibdLabAsset(file, global, version)`: a promise of the
 * global (`Plotly`, `IbdLab`), at once when the page has it, else loaded once per page from
 * the Jupyter server the page came from (`<base>/nbextensions/ibd-lab/<file>?v=<version>`).
 * It rejects with a sentence saying why when the page is not Jupyter's or the file is not there.
 */
export const ASSET_LOADER_JS =
  "window.ibdLabAsset=window.ibdLabAsset||function(f,g,v){" +
  "var w=window,p=w.ibdLabAssetP||(w.ibdLabAssetP={});" +
  "if(w[g])return Promise.resolve(w[g]);if(p[f])return p[f];" +
  'var b=document.body&&document.body.getAttribute("data-base-url"),c=document.getElementById("jupyter-config-data");' +
  "if(!b&&c){try{b=JSON.parse(c.textContent).baseUrl}catch(e){}}" +
  'if(!b)return Promise.reject(new Error(f+" is not on this page, and the page is not served by Jupyter"));' +
  'var u=b.replace(/\\/?$/,"/")+"nbextensions/ibd-lab/"+f+"?v="+v;' +
  'p[f]=new Promise(function(ok,no){var s=document.createElement("script");s.src=u;' +
  's.onload=function(){w[g]?ok(w[g]):no(new Error(u+" loaded but defined no "+g))};' +
  's.onerror=function(){delete p[f];no(new Error(f+" could not be loaded from "+u))};document.head.appendChild(s)});' +
  "return p[f]};";

/** What a figure or calculator says when a script is missing and could not be loaded. */
export const ASSET_MISSING_ADVICE =
  "Scripts are sent to the page once per kernel session and not kept in the saved notebook: " +
  "run the cell again (after Kernel > Restart, or resetShow()), or install ibd-lab's Jupyter files once with " +
  "npm run kernel, so that reopened notebooks draw without running.";

/** Whether notebooks keep the scripts in their outputs (the runner's `IBD_LAB_INLINE_ASSETS=1`). */
export function inlineAssets(): boolean {
  return process.env.IBD_LAB_INLINE_ASSETS === "1";
}

/** The marker that replaces a sent script in the notebook (hidden; names the asset for tests and readers). */
export function assetMarker(asset: AssetName): string {
  return `<div class="ibd-asset" data-ibd-asset="${asset}" style="display:none"></div>`;
}
