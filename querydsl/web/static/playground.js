// The playground: one <querydsl-search>, a time-zone selector, and what the query compiles to.

const search = document.getElementById("search");
const zones = document.getElementById("tz");
const period = document.getElementById("period");
const explainView = document.getElementById("explain");
const canonicalView = document.getElementById("canonical");
const payloadView = document.getElementById("payload");
const submittedView = document.getElementById("submitted");

const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
document.getElementById("tz-auto").textContent = `this browser's (${browserZone})`;
const listed = new Set(["UTC"]);
for (const zone of Intl.supportedValuesOf?.("timeZone") ?? []) {
  if (listed.has(zone)) continue;
  listed.add(zone);
  const option = document.createElement("option");
  option.value = option.textContent = zone;
  zones.append(option);
}
zones.addEventListener("change", () => search.setAttribute("tz", zones.value));
period.addEventListener("change", () => {
  if (period.checked) search.setAttribute("default-period", "30d");
  else search.removeAttribute("default-period");
});

function show(view, text) {
  view.textContent = text ?? "—";
  view.classList.toggle("empty", text == null);
}

search.addEventListener("querydsl-compiled", ({ detail }) => {
  const blank = !detail.text.trim();
  show(explainView, blank ? null : detail.explain);
  show(canonicalView, blank ? null : detail.canonical);
  if (detail.ok) {
    payloadView.textContent = JSON.stringify(detail.payload, null, 2);
    payloadView.classList.remove("stale");
  } else {
    payloadView.textContent = blank
      ? ""
      : "— no payload: the query is not complete or has errors —";
    payloadView.classList.add("stale");
  }
});

search.addEventListener("input", () => {
  payloadView.classList.add("stale"); // until the answer for the new text comes
});

search.addEventListener("querydsl-submit", ({ detail }) => {
  const errors = detail.diagnostics?.length ?? 0;
  submittedView.textContent = detail.payload
    ? "Submitted: the payload beside the box is what the API would receive."
    : `Not submitted: ${errors} error${errors === 1 ? "" : "s"} to fix first.`;
});

for (const button of document.querySelectorAll("#examples button")) {
  button.addEventListener("click", () => {
    search.value = button.textContent;
    search.focus();
  });
}
