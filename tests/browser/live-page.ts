// The page side of the live-calculator contract, shared by the browser tests (live.test.ts, the
// site and the exported notebooks; jupyter-ui.test.ts, Jupyter Notebook's own UI): open a page with
// every network request refused, wait for calculators to mount, set inputs by name as a person would,
// read the <output name> numbers and the drawn figure, and compare them with the Node library.
import type { Browser, Page } from "playwright-core";
import type { Calculator, LiveResult, LiveValues } from "../../src/live/types";

export interface Opened {
  page: Page;
  errors: string[];
  requests: string[];
}

/** Opens `url` in a new page; requests for anything but file: and data: URLs (or what `allowed` accepts) are refused and listed. */
export async function open(browser: Browser, url: string, allowed: (u: string) => boolean = () => false): Promise<Opened> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const errors: string[] = [];
  const requests: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.route("**/*", (route) => {
    const u = route.request().url();
    if (u.startsWith("file:") || u.startsWith("data:") || allowed(u)) return route.continue();
    requests.push(u);
    return route.abort();
  });
  await page.goto(url, { waitUntil: "load" });
  return { page, errors, requests };
}

export async function waitMounted(page: Page, count: number): Promise<void> {
  await page.waitForFunction(
    (n) => {
      const forms = Array.from(document.querySelectorAll<HTMLFormElement>("form[data-calculator]"));
      return forms.length >= n && forms.every((f) => Number(f.dataset.renders ?? 0) >= 1);
    },
    count,
    { timeout: 60_000 },
  );
}

/** Sets the form's inputs by name (as a person would), fires one change, waits for the redraw. */
export async function setValues(page: Page, sel: string, values: LiveValues): Promise<void> {
  await page.evaluate(
    async ({ sel, values }) => {
      const form = document.querySelector<HTMLFormElement>(sel);
      if (!form) throw new Error(`no ${sel}`);
      const before = Number(form.dataset.renders ?? 0);
      let last: Element | null = null;
      for (const [k, v] of Object.entries(values)) {
        const e = form.elements.namedItem(k) as HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement | null;
        if (!e) throw new Error(`no input named ${k}`);
        if (e instanceof HTMLInputElement && e.type === "checkbox") e.checked = v === true;
        else e.value = String(v);
        last = e;
      }
      last?.dispatchEvent(new Event("change", { bubbles: true }));
      const t0 = performance.now();
      while (Number(form.dataset.renders ?? 0) <= before) {
        if (performance.now() - t0 > 30_000) throw new Error("no redraw within 30 s");
        await new Promise((r) => setTimeout(r, 5));
      }
    },
    { sel, values },
  );
}

export interface PageState {
  values: LiveValues;
  outputs: Record<string, number | null>;
  shown: string[];
  traces: { y: unknown }[];
  drawnTraces: number;
  error: string;
  redrawMs: number;
}

export async function readState(page: Page, sel: string, calc: Calculator): Promise<PageState> {
  return page.evaluate(
    ({ sel, inputs }) => {
      const form = document.querySelector<HTMLFormElement>(sel);
      if (!form) throw new Error(`no ${sel}`);
      const values: Record<string, number | string | boolean> = {};
      for (const i of inputs) {
        const e = form.elements.namedItem(i.name) as HTMLInputElement;
        values[i.name] = i.kind === "number" ? Number(e.value) : i.kind === "checkbox" ? e.checked : e.value;
      }
      const outputs: Record<string, number | null> = {};
      for (const o of Array.from(form.querySelectorAll("output"))) outputs[o.name] = o.value === "" ? null : Number(o.value);
      const gd = form.querySelector(".ibd-live-plot") as unknown as { data?: { y: unknown }[] } & HTMLElement;
      return {
        values,
        outputs,
        shown: Array.from(form.querySelectorAll(".ibd-live-shown")).map((s) => s.textContent ?? ""),
        traces: (gd.data ?? []).map((t) => ({ y: t.y })),
        drawnTraces: gd.querySelectorAll(".main-svg g.trace, .main-svg g.scatterlayer .trace").length,
        error: form.querySelector(".ibd-live-error")?.textContent ?? "",
        redrawMs: Number(form.dataset.redrawMs),
      };
    },
    { sel, inputs: calc.inputs.map((i) => ({ name: i.name, kind: i.kind })) },
  );
}

export function close(a: number | null, b: number | null): boolean {
  if (a === null || b === null) return a === b;
  return a === b || Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
}

export function numbersOf(y: unknown): number[] | undefined {
  if (Array.isArray(y) && y.every((v) => typeof v === "number")) return y as number[];
  if (y && typeof y === "object" && !Array.isArray(y)) {
    const vals = Object.values(y as Record<string, unknown>);
    if (vals.every((v) => typeof v === "number")) return vals as number[]; // a typed array through JSON
  }
  return undefined;
}

/** Compares what the page shows with Node's result for the values the page used. */
export function compare(state: PageState, expected: LiveResult, calc: Calculator): string[] {
  const bad: string[] = [];
  for (const o of calc.outputs) {
    const want = expected.outputs[o.name] ?? null;
    const got = state.outputs[o.name];
    if (!close(got ?? null, want)) bad.push(`${o.name}: page ${got}, Node ${want}`);
  }
  expected.figure.data.forEach((t, k) => {
    const want = numbersOf(t.y);
    const got = numbersOf(state.traces[k]?.y);
    if (want && (!got || got.length !== want.length || got.some((g, i) => !close(g, want[i])))) bad.push(`figure trace ${k} y differs`);
  });
  return bad;
}
