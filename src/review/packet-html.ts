/**
 * The weekly shoot review packet as one self-contained HTML page (inline CSS, no scripts, fonts, images or
 * links), like the CompStat packet (src/compstat/render-html.ts, whose escaping and stylesheet it reuses):
 * it must open from an e-mail attachment or an offline laptop and print the same. `renderPdf` /
 * `renderPdfBuffer` (src/compstat/render-pdf.ts) print it to PDF.
 *
 * The agenda follows the data: the new shootings in score order, each with every factor and its
 * contribution; the open and overdue actions; the last shoot review meeting's next steps and where they
 * stand. The packet carries exact block addresses: it is for the review's participants (records:read).
 */

import { escapeHtml } from "../compstat/render-html.js";
import { formatLongDate } from "../compstat/render-layout.js";
import { HTML_STYLE } from "../compstat/render-style.js";
import type { ReviewShooting, ShootReview } from "./review.js";
import type { ReviewAction } from "./review-actions.js";

const e = (s: string | number | null | undefined): string =>
  escapeHtml(s === null || s === undefined ? "" : String(s));
const num = (v: number): string =>
  Number.isInteger(v) ? String(v) : v.toFixed(2).replace(/0+$/, "").replace(/\.$/, "");

const REVIEW_STYLE = `
.agenda ol { margin: 4px 0 0 18px; padding: 0; }
.shooting { border-top: 1pt solid #333; padding: 6px 0 8px; break-inside: avoid; page-break-inside: avoid; }
.shooting h3 { margin: 0 0 2px; }
.shooting .meta { margin: 0 0 4px; color: #333; }
.shooting caption { font-size: 9pt; font-weight: 600; color: #333; }
.shooting h4 { margin: 6px 0 2px; font-size: 9.5pt; }
.cols p, .cols ul { margin: 0; }
.score { font-size: 12pt; font-weight: 700; }
.cols { display: grid; grid-template-columns: 1fr 1fr; gap: 4px 18px; }
.cols ul { margin: 0; padding-left: 16px; }
table.factors td, table.factors th { padding: 1px 6px; }
.overdue { color: #8a1c1c; font-weight: 700; }
.none { color: #555; font-style: italic; }
`;

function actionRow(a: ReviewAction, extra = ""): string {
  const due = a.dueDate ?? "no due date";
  const state = a.overdue ? `<span class="overdue">overdue</span>` : e(a.status);
  const links = a.links.map((l) => `${l.kind} ${l.ref}`).join("; ");
  const people = a.personLinks > 0 ? `${links ? "; " : ""}${a.personLinks} person link(s), not shown` : "";
  return `<tr><td class="num">${a.id}</td><th scope="row">${e(a.title)}</th><td>${e(a.type)}</td><td>${e(a.agency)}${a.owner ? `<div class="small">${e(a.owner)}</div>` : ""}</td><td>${e(due)}</td><td>${state}${a.overdue ? ` <span class="small">(${e(a.status)})</span>` : ""}</td><td class="small">${e(links)}${e(people)}${extra}</td></tr>`;
}

function actionsTable(actions: readonly ReviewAction[], caption: string, empty: string): string {
  if (actions.length === 0) return `<p class="none">${e(empty)}</p>`;
  return `<table>
<caption>${e(caption)}</caption>
<thead><tr><th scope="col">#</th><th scope="col">Action</th><th scope="col">Type</th><th scope="col">Agency / owner</th><th scope="col">Due</th><th scope="col">Status</th><th scope="col">Links</th></tr></thead>
<tbody>
${actions.map((a) => actionRow(a)).join("\n")}
</tbody>
</table>`;
}

function list(items: readonly string[], empty: string): string {
  return items.length === 0
    ? `<p class="none">${e(empty)}</p>`
    : `<ul>${items.map((i) => `<li>${i}</li>`).join("")}</ul>`;
}

function where(s: ReviewShooting): string {
  const parts = [s.address ?? "no address", `district ${s.district ?? "Unknown"}`];
  if (s.focusAreas.length > 0) parts.push(`focus area ${s.focusAreas.join(", ")}`);
  return parts.join(" · ");
}

function shootingHtml(s: ReviewShooting): string {
  const v = s.victims;
  const victims = `${v.count} shot${v.killed > 0 ? `, ${v.killed} killed` : ""}; age ${v.ageBands.length > 0 ? v.ageBands.join(", ") : "not known"}`;
  const factors = s.score.factors
    .map(
      (f) =>
        `<tr><th scope="row">${e(f.label)}</th><td class="num">${num(f.value)}</td><td class="num">${num(f.weight)}</td><td class="num">${num(f.contribution)}</td><td class="small">${e(f.explanation)}</td></tr>`,
    )
    .join("\n");
  const detections = s.detections.map(
    (d) =>
      `${e(d.detectedAt)}: ${e(d.detectionType ?? "detection")}${d.rounds === null ? "" : `, ${d.rounds} rounds`}, ${num(d.distanceM)} m, ${d.minutesApart >= 0 ? "+" : ""}${num(d.minutesApart)} min`,
  );
  const nearby = (xs: ReviewShooting["priorShootings"]) =>
    xs.map(
      (p) =>
        `${e(p.occurredAt)} ${p.fatal ? "fatal" : "non-fatal"} (${e(p.incidentId)}), ${e(p.address ?? "no address")}, ${num(p.distanceM)} m, ${p.daysApart >= 0 ? "+" : ""}${num(p.daysApart)} days`,
    );
  const actions = s.openActions.map(
    (a) =>
      `#${a.id} ${e(a.title)} (${e(a.agency)}, ${a.overdue ? '<span class="overdue">overdue</span>' : e(a.status)}${a.dueDate ? `, due ${e(a.dueDate)}` : ""}) <span class="small">via ${e(a.matchedBy.map((m) => `${m.kind} ${m.ref}`).join("; "))}</span>`,
  );
  const note = s.reviewNote
    ? `<p class="small">Analyst note (${e(s.reviewNote.updatedBy)}, ${e(s.reviewNote.updatedAt.slice(0, 10))}): ${s.reviewNote.groupConflict ? "group conflict. " : ""}${e(s.reviewNote.note ?? "")}</p>`
    : "";
  return `<article class="shooting" id="shooting-${s.uid}">
<h3>${s.rank}. ${s.fatal ? "Fatal" : "Non-fatal"} shooting, ${e(s.occurredAt)} <span class="score">score ${num(s.score.score)}</span></h3>
<p class="meta">${e(where(s))} · ${e(victims)} · incident ${e(s.incidentId)} (uid ${s.uid})</p>
<table class="factors">
<caption>Impact score ${num(s.score.score)} (configuration version ${s.score.configVersion}): each factor's value x weight</caption>
<thead><tr><th scope="col">Factor</th><th scope="col">Value</th><th scope="col">Weight</th><th scope="col">Contribution</th><th scope="col">What was found</th></tr></thead>
<tbody>
${factors}
<tr class="total"><th scope="row">Score</th><td></td><td></td><td class="num">${num(s.score.score)}</td><td></td></tr>
</tbody>
</table>
${note}
<div class="cols">
<div><h4>Gunshot detections nearby</h4>${list(detections, s.location ? "none" : "no location")}</div>
<div><h4>Open actions linked</h4>${list(actions, "none")}</div>
<div><h4>Prior shootings nearby</h4>${list(nearby(s.priorShootings), s.location ? "none" : "no location")}</div>
<div><h4>Near-repeat window</h4>${list(nearby(s.nearRepeat), s.location ? "none" : "no location")}</div>
</div>
</article>`;
}

/** The whole packet. Pure: the same review gives the same bytes. */
export function renderReviewHtml(review: ShootReview): string {
  const title = `${review.city} shoot review, ${formatLongDate(review.reviewDate)}`;
  const a = review.agenda;
  const summary = review.shootings
    .map(
      (s) =>
        `<tr><td class="num">${s.rank}</td><td class="num">${num(s.score.score)}</td><td>${e(s.occurredAt)}</td><td>${s.fatal ? "fatal" : "non-fatal"}</td><th scope="row"><a href="#shooting-${s.uid}">${e(s.address ?? "no address")}</a></th><td>${e(s.district ?? "Unknown")}</td><td>${e(s.focusAreas.join(", "))}</td><td class="num">${s.victims.count}</td><td class="num">${s.detections.length}</td><td class="num">${s.priorShootings.length}</td><td class="num">${s.nearRepeat.length}</td><td class="num">${s.openActions.length}</td></tr>`,
    )
    .join("\n");
  const meeting = a.lastMeeting;
  const defs = Object.entries(review.definitions)
    .map(([k, v]) => `<dt>${e(k)}</dt><dd>${e(v)}</dd>`)
    .join("\n");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="PeaceStat">
<title>${e(title)}</title>
<style>${HTML_STYLE}${REVIEW_STYLE}</style>
</head>
<body>
<header class="packet-head">
<p class="kicker">Shoot review</p>
<h1>${e(review.city)}</h1>
<p class="asof">Shootings ${e(review.window.start)} to ${e(review.window.end)} (${review.window.days} days, ${e(review.timeZone)})</p>
<p class="small">Generated ${e(review.generatedAt)}; impact score configuration version ${review.config.version}. Restricted: exact places of individual incidents.</p>
</header>
<main>
<section class="agenda">
<h2>Agenda</h2>
<ol>
<li>New shootings, in score order: ${review.shootings.length}</li>
<li>Open actions: ${a.openActions.length}, of which overdue: ${a.overdue}; closed since ${e(review.window.start)}: ${a.closedInWindow.length}</li>
<li>Last meeting's next steps: ${meeting ? `${e(meeting.title)} (${e(meeting.heldOn)}), ${meeting.nextSteps.length}` : "no earlier shoot review meeting"}</li>
</ol>
</section>
<section>
<h2>1. New shootings</h2>
${
  review.shootings.length === 0
    ? '<p class="none">No shootings in the window.</p>'
    : `<table>
<caption>Shootings in score order</caption>
<thead><tr><th scope="col">#</th><th scope="col">Score</th><th scope="col">Time</th><th scope="col">Kind</th><th scope="col">Block</th><th scope="col">District</th><th scope="col">Focus area</th><th scope="col">Victims</th><th scope="col">Detections</th><th scope="col">Prior</th><th scope="col">Near-repeat</th><th scope="col">Open actions</th></tr></thead>
<tbody>
${summary}
</tbody>
</table>
${review.shootings.map(shootingHtml).join("\n")}`
}
<p class="small">${e(review.people.note)}</p>
</section>
<section>
<h2>2. Open and overdue actions</h2>
${actionsTable(a.openActions, `Open actions (${a.overdue} overdue against ${review.reviewDate})`, "No open actions.")}
${actionsTable(a.closedInWindow, `Closed since ${review.window.start}`, "No action closed since the window began.")}
</section>
<section>
<h2>3. Last meeting's next steps</h2>
${meeting ? actionsTable(meeting.nextSteps, `${meeting.title}, ${meeting.heldOn}`, "The last meeting recorded no next steps.") : '<p class="none">No earlier shoot review meeting.</p>'}
</section>
<section class="definitions">
<h2>Definitions</h2>
<dl>
${defs}
</dl>
</section>
</main>
</body>
</html>
`;
}
