/**
 * One self-contained HTML page for a {@link Report}: plotly.js inlined once
 * (plotlyScriptTag, from node_modules), every figure through figureHtml
 * (JSON via jsonForScript), every text through escapeHtml/tableHtml. A
 * Content-Security-Policy forbids any network request and any script other
 * than the inline ones, as a second line of defence.
 */
import { figureHtml, plotlyScriptTag } from "../plot/html";
import { escapeHtml, tableHtml } from "../plot/table";
import type { Report, ReportSection } from "./report";

const CSS = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;max-width:1100px;padding:1rem 1.5rem;color:#222;line-height:1.45}
h1{font-size:1.6rem}h2{font-size:1.3rem;border-bottom:1px solid #ccc;padding-bottom:.2rem;margin-top:2.2rem}
.disclaimer{background:#fff4e5;border-left:4px solid #e69f00;padding:.6rem .9rem}
.unavailable{background:#f3f3f3;border-left:4px solid #999;padding:.5rem .9rem}
table.ibd-table{border-collapse:collapse;margin:.8rem 0;font-size:.85rem}
table.ibd-table caption{text-align:left;font-weight:600;padding:.3rem 0}
table.ibd-table th,table.ibd-table td{border:1px solid #ddd;padding:.2rem .45rem;vertical-align:top;text-align:left}
table.ibd-table th{background:#f5f5f5}
nav ul{columns:2}
.note{color:#444}
`;

function sectionHtml(s: ReportSection): string {
  const parts: string[] = [`<section id="${escapeHtml(s.id)}"><h2>${escapeHtml(s.title)}</h2>`];
  if (!s.available) parts.push(`<p class="unavailable"><b>Not available.</b> ${s.notes.map(escapeHtml).join(" ")}</p>`);
  else for (const n of s.notes) parts.push(`<p class="note">${escapeHtml(n)}</p>`);
  for (const f of s.figures) parts.push(figureHtml(f));
  for (const t of s.tables) {
    parts.push(
      t.rows.length
        ? tableHtml(t.rows, { caption: t.caption, columns: t.columns, maxRows: t.maxRows ?? 50, digits: 4 })
        : `<p class="note">${escapeHtml(t.caption)}: none.</p>`,
    );
  }
  for (const d of s.details) {
    parts.push(`<h3>${escapeHtml(d.heading)}</h3><ul>${d.items.map((i) => `<li>${escapeHtml(i)}</li>`).join("")}</ul>`);
  }
  parts.push("</section>");
  return parts.join("\n");
}

/** The report as one offline HTML document. */
export function reportHtml(report: Report): string {
  const csp =
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: blob:; font-src data:; connect-src 'none'";
  const nav = report.sections
    .map((s) => `<li><a href="#${escapeHtml(s.id)}">${escapeHtml(s.title)}</a>${s.available ? "" : " (not available)"}</li>`)
    .join("");
  const inputs = report.inputs.map((i) => `<li>${escapeHtml(i.table)}: <code>${escapeHtml(i.file)}</code></li>`).join("");
  return [
    "<!doctype html>",
    `<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">`,
    `<meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(report.title)}</title><style>${CSS}</style>`,
    plotlyScriptTag(),
    "</head><body>",
    `<h1>${escapeHtml(report.title)}</h1>`,
    `<p class="disclaimer">${escapeHtml(report.disclaimer)}</p>`,
    `<p class="note">Generated ${escapeHtml(report.generatedAt)} by ibd-lab. Inputs:</p><ul>${inputs}</ul>`,
    `<nav><ul>${nav}</ul></nav>`,
    ...report.sections.map(sectionHtml),
    "</body></html>",
  ].join("\n");
}
