/**
 * The stylesheet of live calculators: large, high-contrast, keyboard-visible
 * focus, scoped to `.ibd-live` so it does not restyle the page around it
 * (a notebook, a slide deck, the `npm run live` site). Body text at least
 * 18 px in a page and larger on the projector site (which sets the root size).
 * Inside a reveal.js slide the exported decks' template
 * (scripts/nbconvert/ibd-slides/index.html.j2) lays the calculator out for one
 * 1280×800 slide at 24 px (inputs and outputs left, figure right); the
 * sizes it must meet are measured by tests/browser/slides.test.ts.
 */
export const LIVE_CSS = `
.ibd-live{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:#111;background:#fff;border:2px solid #0072B2;border-radius:8px;padding:0.8em 1em;margin:0.8em 0;font-size:18px;line-height:1.35;text-align:left}
.ibd-live-form{margin:0}
.ibd-live-title{margin:0 0 0.2em;font-size:1.3em}
.ibd-live-description{margin:0 0 0.6em;color:#333}
.ibd-live-inputs{display:grid;grid-template-columns:repeat(auto-fill,minmax(15em,1fr));gap:0.5em 1.2em;margin-bottom:0.6em}
.ibd-live-field{display:flex;flex-direction:column;gap:0.15em}
.ibd-live-field.ibd-live-checkbox{flex-direction:row;align-items:center;gap:0.5em}
.ibd-live-field label{font-weight:600}
.ibd-live-field input[type=number],.ibd-live-field select,.ibd-live-field input[type=text],.ibd-live-field textarea{font:inherit;font-size:1em;padding:0.2em 0.35em;border:2px solid #555;border-radius:4px;background:#fff;color:#111}
.ibd-live-field textarea{font-family:"DejaVu Sans Mono",monospace;font-size:0.9em}
.ibd-live-field input[type=range]{width:100%;accent-color:#0072B2}
.ibd-live-field input[type=checkbox]{width:1.2em;height:1.2em}
.ibd-live-help{color:#444;font-size:0.8em}
.ibd-live :focus-visible{outline:3px solid #D55E00;outline-offset:2px}
.ibd-live-outputs{display:flex;flex-wrap:wrap;gap:0.4em 1.4em;margin:0.4em 0;padding:0.4em 0.6em;background:#f2f6fa;border-radius:6px}
.ibd-live-result{display:flex;gap:0.4em;align-items:baseline}
.ibd-live-label{color:#333}
.ibd-live-shown{font-weight:700;font-size:1.15em}
.ibd-live-raw{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.ibd-live-error{color:#a00;font-weight:600;margin:0.3em 0}
.ibd-live-plot{width:100%;height:420px}
.ibd-live-notes{margin:0.3em 0 0;padding-left:1.2em;color:#222}
.ibd-live-static{color:#333}
`;
