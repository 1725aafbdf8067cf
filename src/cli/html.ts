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
import { groupBy } from "./report-patients";

const CSS = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;max-width:1100px;padding:1rem 1.5rem;color:#222;line-height:1.45}
h1{font-size:1.6rem;margin:.4rem 0}h2{font-size:1.3rem;border-bottom:1px solid #ccc;padding-bottom:.2rem;margin-top:2.2rem}
.disclaimer{background:#fff4e5;border-left:4px solid #e69f00;padding:.4rem .8rem;font-size:.9rem;margin:.4rem 0}
.unavailable{background:#f3f3f3;border-left:4px solid #999;padding:.5rem .9rem}
table.ibd-table{border-collapse:collapse;margin:.8rem 0;font-size:.85rem}
table.ibd-table caption{text-align:left;font-weight:600;padding:.3rem 0}
table.ibd-table th,table.ibd-table td{border:1px solid #ddd;padding:.2rem .45rem;vertical-align:top;text-align:left}
table.ibd-table th{background:#f5f5f5}
nav ul{columns:3;margin:.3rem 0;font-size:.9rem}
.note{color:#444}
#summary h2{margin-top:1rem}
.headline{font-size:1.1rem;margin:.5rem 0}
.headline b{font-size:1.25rem}
table.decisions{border-collapse:collapse;width:100%;font-size:.88rem}
table.decisions th,table.decisions td{border-bottom:1px solid #ddd;padding:.25rem .45rem;text-align:left;vertical-align:top}
table.decisions td.n{text-align:right;font-variant-numeric:tabular-nums;font-weight:600}
table.decisions tr.quiet td{color:#666}
details.group{margin:.35rem 0;border:1px solid #ddd;border-radius:4px;padding:.2rem .6rem}
details.group>summary{font-weight:600;cursor:pointer;padding:.2rem 0}
details.patient{margin:.15rem 0 .15rem .6rem}
details.patient>summary{cursor:pointer}
details.patient[open]{background:#fafafa;padding-bottom:.4rem}
.card{margin:.2rem 0 .2rem 1.4rem}
.card h4{margin:.5rem 0 .2rem;font-size:.95rem}
.card ul{margin:.1rem 0;padding-left:1.2rem}
.common{font-size:.9rem}
.why{color:#444}
@media print{
  @page{size:A4;margin:14mm 12mm}
  body{max-width:none;padding:0;font-size:10pt;line-height:1.3}
  nav,.noprint{display:none}
  h2{break-after:avoid;margin-top:1.2rem}
  h3,h4{break-after:avoid}
  tr,li,.ibd-plot,details.patient{break-inside:avoid}
  #patients,#cohort{break-before:page}
  table.ibd-table{font-size:8.5pt}
  a{color:inherit;text-decoration:none}
  details.group{border:none;padding:0}
  table.decisions{font-size:8.5pt}
  table.decisions .ex{display:none}
  .headline{font-size:10.5pt}
  .headline b{font-size:12pt}
}
`;

/** Opens a <details> addressed by the URL hash (and its group); in print, every group is opened so the patient list prints. */
const SCRIPT = `(function(){
function openTarget(){var id=decodeURIComponent(location.hash.slice(1));if(!id)return;var el=document.getElementById(id);
while(el){if(el.tagName==="DETAILS")el.open=true;el=el.parentElement;}}
window.addEventListener("hashchange",openTarget);document.addEventListener("DOMContentLoaded",openTarget);
var opened=[];function fit(w){if(!window.Plotly)return;document.querySelectorAll(".ibd-plot").forEach(function(gd){
if(gd.layout)Plotly.relayout(gd,w?{width:w}:{width:null,autosize:true});});}
function before(){document.querySelectorAll("details.group:not([open])").forEach(function(d){d.open=true;opened.push(d);});fit(680);}
function after(){opened.forEach(function(d){d.open=false;});opened=[];fit(0);}
window.addEventListener("beforeprint",before);window.addEventListener("afterprint",after);
})();`;

function sectionHtml(s: ReportSection): string {
  const parts: string[] = [`<section id="${escapeHtml(s.id)}" class="detail"><h2>${escapeHtml(s.title)}</h2>`];
  if (!s.available) parts.push(`<p class="unavailable"><b>Not available.</b> ${s.notes.map(escapeHtml).join(" ")}</p>`);
  else for (const n of s.notes) parts.push(`<p class="note">${escapeHtml(n)}</p>`);
  for (const f of s.figures) parts.push(figureHtml(f));
  for (const t of s.tables) {
    if (t.inPatients) {
      parts.push(
        `<p class="note">${escapeHtml(t.caption)}: ${t.rows.length} row(s), shown under each patient in <a href="#patients">Patients by decision</a>.</p>`,
      );
      continue;
    }
    parts.push(
      t.rows.length
        ? tableHtml(t.rows, { caption: t.caption, columns: t.columns, maxRows: t.maxRows ?? 50, digits: 4 })
        : `<p class="note">${escapeHtml(t.caption)}: none.</p>`,
    );
  }
  if (s.detailsInPatients && s.details.length) {
    parts.push(`<p class="note">The reasons of each fit are under the patient in <a href="#patients">Patients by decision</a>.</p>`);
  } else {
    for (const d of s.details) {
      parts.push(`<h3>${escapeHtml(d.heading)}</h3><ul>${d.items.map((i) => `<li>${escapeHtml(i)}</li>`).join("")}</ul>`);
    }
  }
  parts.push("</section>");
  return parts.join("\n");
}

const slug = (text: string): string => `d-${text.replace(/[^a-z0-9]+/gi, "-").replace(/^-|-$/g, "")}`;

function summaryHtml(report: Report, anchor: Map<string, string>): string {
  const m = report.summary;
  const diseases = Object.entries(m.byDisease)
    .map(([d, n]) => `${escapeHtml(d)} ${n}`)
    .join(", ");
  const headline = [
    `<b>${m.patients}</b> patients${diseases ? ` (${diseases})` : ""}`,
    `<b>${m.needAction}</b> need a decision`,
    m.notClassified ? `${m.notClassified} could not be classified` : "",
    `${m.discordantVisits} discordant patient-visits`,
    `${m.pkForecasts} PK forecasts`,
    `${m.rowsRejected} of ${m.rowsRead} rows rejected on load (<a href="#cohort">load report</a>)`,
  ].filter(Boolean);
  const rows = m.decisions.map((d) => {
    const driven = d.drivenBy
      .slice(0, 3)
      .map((x) => `${escapeHtml(x.label === "none" ? "no label" : x.label)} ${x.patients}`)
      .join(", ");
    const more = d.drivenBy.length > 3 ? ", ..." : "";
    const ex = d.examples
      .slice(0, 3)
      .map((id) => `<a href="#${anchor.get(id)}">${escapeHtml(id)}</a>`)
      .join(" ");
    const team = d.calledIn.length ? escapeHtml(d.calledIn.join(", ")) : d.decision === "not classified" ? "" : "treating team";
    return `<tr class="${d.needsAction ? "" : "quiet"}"><td><a href="#${slug(d.decision)}">${escapeHtml(d.decision)}</a></td><td class="n">${d.patients}</td><td>${driven}${more}</td><td>${team}</td><td class="ex">${ex}${d.patients > 3 ? " ..." : ""}</td></tr>`;
  });
  return [
    `<section id="summary"><h2>Summary</h2>`,
    `<p class="headline">${headline.join(" · ")}</p>`,
    `<table class="decisions"><thead><tr><th>Decision (most urgent first)</th><th>Patients</th><th>Driven by (label, patients)</th><th>Who joins</th><th class="ex">First patients</th></tr></thead><tbody>${rows.join("")}</tbody></table>`,
    `<p class="note">Generated ${escapeHtml(report.generatedAt)} by ibd-lab from ${report.inputs.length} file(s) (<a href="#inputs">listed below</a>). Each patient's reasons are under <a href="#patients">Patients by decision</a>; the cohort tables and figures follow. Who joins: roles of the IBD team in ECCO's quality-of-care standards (Fiorino 2020), a teaching map, not a referral rule.</p>`,
    "</section>",
  ].join("\n");
}

function patientsHtml(report: Report, anchor: Map<string, string>): string {
  const part = report.patients;
  const parts: string[] = [`<section id="patients"><h2>Patients by decision</h2>`];
  parts.push(
    `<p class="note">Click a decision, then a patient, to read why. Each sentence is said once per patient; those that apply to many patients are said once here and referred to by number.</p>`,
  );
  if (part.commonReasons.length) {
    parts.push(
      `<ol class="common">${part.commonReasons.map((c) => `<li>${escapeHtml(c.text)} <span class="note">(${c.patients} patients)</span></li>`).join("")}</ol>`,
    );
  }
  const groups = groupBy(part.patients, (p) => p.decision);
  for (const [decision, ps] of groups) {
    parts.push(`<details class="group" id="${slug(decision)}"><summary>${escapeHtml(decision)}: ${ps.length} patient(s)</summary>`);
    for (const p of ps) {
      const labels = p.labels.length ? ` · ${escapeHtml(p.labels.join(", "))}` : "";
      parts.push(
        `<details class="patient" id="${anchor.get(p.patientId)}"><summary><b>${escapeHtml(p.patientId)}</b> ${escapeHtml(p.disease ?? "")} · <span class="why">${escapeHtml(p.why)}</span>${labels}</summary><div class="card">`,
      );
      for (const b of p.blocks) {
        parts.push(`<h4>${escapeHtml(b.heading)}</h4>`);
        if (b.items.length) parts.push(`<ul>${b.items.map((i) => `<li>${escapeHtml(i)}</li>`).join("")}</ul>`);
      }
      if (p.commonReasons.length) parts.push(`<p class="note">Also: common reason(s) ${p.commonReasons.join(", ")} above.</p>`);
      parts.push("</div></details>");
    }
    parts.push("</details>");
  }
  parts.push("</section>");
  return parts.join("\n");
}

/**
 * The report as one offline HTML document: the summary first (one screen), then every patient grouped by
 * decision (collapsed; a click opens one), then the cohort sections. Printing opens the groups so the patient
 * list is on paper; patients opened by hand print with their reasons.
 */
export function reportHtml(report: Report): string {
  const csp =
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: blob:; font-src data:; connect-src 'none'";
  const anchor = new Map(report.patients.patients.map((p, i) => [p.patientId, `p-${i + 1}`]));
  const nav = [
    `<li><a href="#summary">Summary</a></li>`,
    `<li><a href="#patients">Patients by decision</a></li>`,
    ...report.sections.map(
      (s) => `<li><a href="#${escapeHtml(s.id)}">${escapeHtml(s.title)}</a>${s.available ? "" : " (not available)"}</li>`,
    ),
    `<li><a href="#inputs">Input files</a></li>`,
  ].join("");
  const inputs = report.inputs.map((i) => `<li>${escapeHtml(i.table)}: <code>${escapeHtml(i.file)}</code></li>`).join("");
  return [
    "<!doctype html>",
    `<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">`,
    `<meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(report.title)}</title><style>${CSS}</style>`,
    plotlyScriptTag(),
    `<script type="text/javascript">${SCRIPT}</script>`,
    "</head><body>",
    `<h1>${escapeHtml(report.title)}</h1>`,
    `<p class="disclaimer">${escapeHtml(report.disclaimer)}</p>`,
    summaryHtml(report, anchor),
    `<nav><ul>${nav}</ul></nav>`,
    patientsHtml(report, anchor),
    ...report.sections.map(sectionHtml),
    `<section id="inputs" class="detail"><h2>Input files</h2><ul>${inputs}</ul></section>`,
    "</body></html>",
  ].join("\n");
}
