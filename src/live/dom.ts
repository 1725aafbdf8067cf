/// <reference lib="dom" />
/**
 * The page side of a live calculator: draws the form of a {@link Calculator}
 * into an element and, on every change, calls the calculator's `compute`
 * (the library itself, bundled for the browser) and redraws the outputs, the
 * notes and the plotly figure. No kernel, no server, no network.
 *
 * Hand-written because the job is small and specific (a form from a typed
 * input list, `<output>` elements holding plain numbers, `Plotly.react`, the
 * URL hash): a UI framework would add more bytes than this file and still
 * need the same bindings. Runs only in a browser (it is excluded from nothing
 * else: Node never calls it).
 *
 * Page contract (issue 16): `<form data-calculator="NAME">`, inputs named as
 * the library's options, results in `<output name>` as plain numbers, the
 * formatted text in a visible sibling label. After each redraw the form gets
 * `data-renders` (a counter) and `data-redraw-ms` (input event to the end of
 * `Plotly.react`), which the browser tests read.
 */
import { formatOutput } from "./format";
import type { Calculator, LiveInput, LiveResult, LiveValues } from "./types";

/** What {@link mountCalculator} needs besides the calculator. */
export interface MountOptions {
  /** Initial values overriding the calculator's defaults (by input name). */
  values?: Record<string, unknown>;
  /** Keep the values in the URL hash (`#name.field=value&...`) and restore them on load. Default false. */
  hash?: boolean;
  /** Show the title and description above the form. Default true. */
  heading?: boolean;
  /** Base font size of the figure in px (a projector wants 18 or more). Default: the figure's own. */
  fontSize?: number;
}

type PlotlyLike = {
  react(gd: HTMLElement, data: unknown[], layout: unknown, config?: unknown): Promise<unknown>;
};

let idCounter = 0;
const SLIDER_STEPS = 1000;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Slider position (0..SLIDER_STEPS) of a number input's value, log-scaled when asked. */
function toSlider(input: Extract<LiveInput, { kind: "number" }>, v: number): number {
  const f = input.log
    ? (Math.log(v) - Math.log(input.min)) / (Math.log(input.max) - Math.log(input.min))
    : (v - input.min) / (input.max - input.min);
  return Math.round(Math.min(1, Math.max(0, f)) * SLIDER_STEPS);
}

/** The value at a slider position, rounded to the input's step. */
function fromSlider(input: Extract<LiveInput, { kind: "number" }>, pos: number): number {
  const f = pos / SLIDER_STEPS;
  const raw = input.log
    ? Math.exp(Math.log(input.min) + f * (Math.log(input.max) - Math.log(input.min)))
    : input.min + f * (input.max - input.min);
  const stepped = Math.round(raw / input.step) * input.step;
  const clamped = Math.min(input.max, Math.max(input.min, stepped));
  // strip floating noise of the multiplication (0.30000000000000004)
  return Number(clamped.toPrecision(12));
}

function readHash(prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  const params = new URLSearchParams(location.hash.replace(/^#/, ""));
  params.forEach((v, k) => {
    if (k.startsWith(`${prefix}.`)) out[k.slice(prefix.length + 1)] = v;
  });
  return out;
}

function writeHash(prefix: string, values: LiveValues): void {
  const params = new URLSearchParams(location.hash.replace(/^#/, ""));
  for (const [k, v] of Object.entries(values)) params.set(`${prefix}.${k}`, String(v));
  history.replaceState(null, "", `#${params.toString()}`);
}

function coerce(input: LiveInput, raw: unknown): number | string | boolean | undefined {
  if (raw === undefined || raw === null) return undefined;
  switch (input.kind) {
    case "number": {
      const n = typeof raw === "number" ? raw : Number(String(raw));
      return Number.isFinite(n) ? n : undefined;
    }
    case "checkbox":
      return raw === true || raw === "true" || raw === "1" || raw === 1;
    case "select": {
      const s = String(raw);
      return input.options.some((o) => o.value === s) ? s : undefined;
    }
    default:
      return String(raw);
  }
}

/**
 * Draws `calculator` into `container` and keeps it live. Returns a function
 * that recomputes now (the tests and the hash restore use it).
 */
export function mountCalculator(container: HTMLElement, calculator: Calculator, options: MountOptions = {}): () => void {
  const uid = `ibd-live-${++idCounter}`;
  const form = el("form", { "data-calculator": calculator.name, class: "ibd-live-form", novalidate: "", autocomplete: "off" });
  form.addEventListener("submit", (e) => e.preventDefault());
  if (options.heading !== false) {
    form.append(el("h3", { class: "ibd-live-title" }, calculator.title));
    form.append(el("p", { class: "ibd-live-description" }, calculator.description));
  }
  const fromHash = options.hash ? readHash(calculator.name) : {};
  const given = options.values ?? {};
  const fields = el("div", { class: "ibd-live-inputs" });
  const readers: Record<string, () => number | string | boolean> = {};

  for (const input of calculator.inputs) {
    const id = `${uid}-${input.name}`;
    const wrap = el("div", { class: `ibd-live-field ibd-live-${input.kind}` });
    const unit = input.kind === "number" && input.unit ? ` (${input.unit})` : "";
    const label = el("label", { for: id }, `${input.label}${unit}`);
    const initial = coerce(input, fromHash[input.name]) ?? coerce(input, given[input.name]) ?? input.value;
    if (input.kind === "number") {
      const box = el("input", {
        type: "number",
        id,
        name: input.name,
        min: String(input.min),
        max: String(input.max),
        step: String(input.step),
        value: String(initial),
        inputmode: "decimal",
      });
      const slider = el("input", {
        type: "range",
        min: "0",
        max: String(SLIDER_STEPS),
        step: "1",
        value: String(toSlider(input, Number(initial))),
        "aria-label": `${input.label} slider`,
        tabindex: "-1",
      });
      slider.addEventListener("input", () => {
        box.value = String(fromSlider(input, Number(slider.value)));
        box.dispatchEvent(new Event("input", { bubbles: true }));
      });
      box.addEventListener("input", () => {
        const v = Number(box.value);
        if (Number.isFinite(v)) slider.value = String(toSlider(input, v));
      });
      wrap.append(label, box, slider);
      readers[input.name] = () => (box.value.trim() === "" ? Number.NaN : Number(box.value));
    } else if (input.kind === "select") {
      const sel = el("select", { id, name: input.name });
      for (const o of input.options) {
        const opt = el("option", { value: o.value }, o.label);
        if (o.value === initial) opt.selected = true;
        sel.append(opt);
      }
      wrap.append(label, sel);
      readers[input.name] = () => sel.value;
    } else if (input.kind === "checkbox") {
      const box = el("input", { type: "checkbox", id, name: input.name });
      box.checked = initial === true;
      wrap.append(box, label);
      readers[input.name] = () => box.checked;
    } else {
      const rows = input.rows ?? 1;
      const attrs: Record<string, string> = { id, name: input.name, spellcheck: "false" };
      if (input.placeholder) attrs.placeholder = input.placeholder;
      const box = rows > 1 ? el("textarea", { ...attrs, rows: String(rows) }) : el("input", { ...attrs, type: "text" });
      box.value = String(initial);
      wrap.append(label, box);
      readers[input.name] = () => box.value;
    }
    if (input.help) {
      // described by its help text, which stays read out where the slide layout hides it
      wrap.append(el("small", { class: "ibd-live-help", id: `${id}-help` }, input.help));
      wrap.querySelector(`[name="${input.name}"]`)?.setAttribute("aria-describedby", `${id}-help`);
    }
    fields.append(wrap);
  }
  form.append(fields);

  const results = el("div", { class: "ibd-live-outputs", "aria-live": "polite" });
  const outs: Record<string, { raw: HTMLOutputElement; shown: HTMLElement }> = {};
  for (const o of calculator.outputs) {
    const row = el("div", { class: "ibd-live-result" });
    const raw = el("output", { name: o.name, class: "ibd-live-raw", id: `${uid}-out-${o.name}` });
    const shown = el("span", { class: "ibd-live-shown" });
    row.append(el("span", { class: "ibd-live-label" }, o.label), shown, raw);
    results.append(row);
    outs[o.name] = { raw, shown };
  }
  const error = el("p", { class: "ibd-live-error", role: "alert" });
  error.hidden = true;
  const plot = el("div", { class: "ibd-plot ibd-live-plot", id: `${uid}-plot` });
  const notes = el("ul", { class: "ibd-live-notes" });
  form.append(results, error, plot, notes);
  container.replaceChildren(form);

  let renders = 0;
  let pending = false;
  let started = 0;

  const values = (): LiveValues => {
    const v: LiveValues = {};
    for (const [k, read] of Object.entries(readers)) v[k] = read();
    return v;
  };

  const show = (result: LiveResult): Promise<unknown> => {
    for (const o of calculator.outputs) {
      const x = result.outputs[o.name];
      const value = typeof x === "number" && Number.isFinite(x) ? x : null;
      outs[o.name].raw.value = value === null ? "" : String(value);
      outs[o.name].shown.textContent = formatOutput(value, o);
    }
    notes.replaceChildren(...result.notes.map((n) => el("li", {}, n)));
    const Plotly = (globalThis as unknown as { Plotly?: PlotlyLike }).Plotly;
    if (!Plotly) {
      plot.textContent = "The figure needs plotly.js, which is not loaded on this page.";
      return Promise.resolve();
    }
    const config = { responsive: true, displaylogo: false, ...(result.figure.config ?? {}) };
    const layout = options.fontSize
      ? { ...result.figure.layout, font: { ...((result.figure.layout.font as object | undefined) ?? {}), size: options.fontSize } }
      : result.figure.layout;
    return Plotly.react(plot, result.figure.data, layout, config);
  };

  const update = (): void => {
    pending = false;
    const v = values();
    let result: LiveResult;
    try {
      result = calculator.compute(v);
    } catch (e) {
      error.textContent = (e as Error).message;
      error.hidden = false;
      plot.style.opacity = "0.35";
      for (const o of calculator.outputs) {
        outs[o.name].raw.value = "";
        outs[o.name].shown.textContent = "—";
      }
      form.dataset.error = "1";
      form.dataset.renders = String(++renders);
      return;
    }
    error.hidden = true;
    error.textContent = "";
    plot.style.opacity = "";
    delete form.dataset.error;
    if (options.hash) writeHash(calculator.name, v);
    const t0 = started;
    show(result).then(
      () => {
        form.dataset.redrawMs = String(performance.now() - t0);
        form.dataset.renders = String(++renders);
      },
      (e: unknown) => {
        error.textContent = `The figure could not be drawn: ${(e as Error)?.message ?? String(e)}`;
        error.hidden = false;
        form.dataset.renders = String(++renders);
      },
    );
  };

  const schedule = (): void => {
    if (pending) return;
    pending = true;
    started = performance.now();
    // one computation per animation frame however many input events arrive
    requestAnimationFrame(update);
  };
  let textTimer: ReturnType<typeof setTimeout> | undefined;
  form.addEventListener("input", (e) => {
    const t = e.target as HTMLElement;
    if (t instanceof HTMLTextAreaElement || (t instanceof HTMLInputElement && t.type === "text")) {
      // typing a list of levels: wait for a pause instead of fitting on every key
      if (textTimer) clearTimeout(textTimer);
      textTimer = setTimeout(schedule, 400);
      return;
    }
    if (t instanceof HTMLInputElement && t.type === "range") return; // its number box fires next
    schedule();
  });
  form.addEventListener("change", (e) => {
    const t = e.target as HTMLElement;
    if (t instanceof HTMLInputElement && t.type === "range") return;
    if (textTimer) clearTimeout(textTimer);
    schedule();
  });

  started = performance.now();
  update();
  return () => {
    started = performance.now();
    update();
  };
}
