// querydsl playground: highlight, suggest and compile as you type, through the JSON endpoints.
"use strict";

const input = document.getElementById("query");
const mirror = document.getElementById("mirror");
const list = document.getElementById("suggestions");
const diagnosticsView = document.getElementById("diagnostics");
const explainView = document.getElementById("explain");
const canonicalView = document.getElementById("canonical");
const payloadView = document.getElementById("payload");
const periodBox = document.getElementById("period");

let suggestions = [];
let suggestedFor = ""; // the text the suggestions were computed for
let selected = 0;
let generation = 0; // answers to an older keystroke are dropped

// ---- Offsets: the server counts code points, the browser counts UTF-16 units -------------

function unitOffsets(text) {
  const units = [0];
  let unit = 0;
  for (const ch of text) {
    unit += ch.length;
    units.push(unit);
  }
  return units; // units[codePointIndex] = UTF-16 index
}

function codePointIndex(text, unitIndex) {
  return Array.from(text.slice(0, unitIndex)).length;
}

// ---- Talking to the server ----------------------------------------------------------------

async function post(path, body) {
  const response = await fetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!response.ok) {
    const error = new Error(`${path}: HTTP ${response.status}`);
    error.status = response.status;
    throw error;
  }
  return response.json();
}

async function update({ suggest = true } = {}) {
  const text = input.value;
  const cursor = codePointIndex(text, input.selectionStart ?? text.length);
  const mine = ++generation;
  const compileBody = { text };
  if (periodBox.checked) compileBody.default_period = "30d";
  try {
    const [tokenAnswer, completeAnswer, compileAnswer] = await Promise.all([
      post("/api/tokens", { text }),
      suggest ? post("/api/complete", { text, cursor }) : Promise.resolve(null),
      post("/api/compile", compileBody),
    ]);
    if (mine !== generation) return;
    renderMirror(text, tokenAnswer.tokens, compileAnswer.diagnostics);
    renderResults(compileAnswer);
    if (completeAnswer) showSuggestions(completeAnswer.suggestions, text);
  } catch (error) {
    if (mine !== generation) return;
    // Nothing of an older text may stay on this one: plain text, no results.
    renderMirror(text, [], []);
    renderResults({ diagnostics: [], explain: null, canonical: null, payload: null });
    const problem = error.status === 413
      ? item("diag", "limit_exceeded", "the text is too long to send to the server", "shorten the query")
      : item("offline", "server", `cannot reach the server (${error.message})`);
    diagnosticsView.replaceChildren(problem);
  }
}

// ---- Highlighting: the mirror under the transparent input ---------------------------------

function renderMirror(text, tokens, diagnostics) {
  const units = unitOffsets(text);
  const length = units.length - 1;
  const clamp = (n) => Math.max(0, Math.min(n, length));
  const marks = diagnostics
    .filter((d) => d.span)
    .map((d) => ({ start: clamp(d.span[0]), end: clamp(d.span[1]), message: d.message }));
  const cuts = new Set([0, length]);
  for (const t of tokens) { cuts.add(t.span[0]); cuts.add(t.span[1]); }
  for (const m of marks) { cuts.add(m.start); cuts.add(m.end); }
  const points = [...cuts].sort((a, b) => a - b);
  const kindAt = new Map(tokens.map((t) => [t.span[0], t]));
  const fragment = document.createDocumentFragment();
  let token = null;
  for (let i = 0; i < points.length; i++) {
    const start = points[i];
    for (const m of marks) {
      if (m.start === m.end && m.start === start) fragment.append(point(m.message));
    }
    if (i + 1 === points.length) break;
    const end = points[i + 1];
    if (kindAt.has(start)) token = kindAt.get(start);
    if (token && start >= token.span[1]) token = null;
    const span = document.createElement("span");
    span.textContent = text.slice(units[start], units[end]);
    if (token) span.className = `t-${token.kind}`;
    const hit = marks.find((m) => m.start < end && start < m.end);
    if (hit) {
      span.classList.add("u-diag");
      span.title = hit.message;
    }
    fragment.append(span);
  }
  mirror.replaceChildren(fragment);
  mirror.scrollLeft = input.scrollLeft;
}

function point(message) {
  const marker = document.createElement("span");
  marker.className = "diag-point u-diag-point";
  marker.title = message;
  return marker;
}

// ---- Results: diagnostics, explanation, canonical text, payload ---------------------------

function item(className, code, message, hint) {
  const li = document.createElement("li");
  li.className = className;
  const codeView = document.createElement("span");
  codeView.className = "code";
  codeView.textContent = code;
  li.append(codeView, document.createTextNode(message));
  if (hint) {
    const hintView = document.createElement("span");
    hintView.className = "hint";
    hintView.textContent = `hint: ${hint}`;
    li.append(hintView);
  }
  return li;
}

function renderResults(answer) {
  diagnosticsView.replaceChildren(
    ...answer.diagnostics.map((d) => item("diag", d.code, d.message, d.hint)),
  );
  setText(explainView, answer.explain);
  setText(canonicalView, answer.canonical);
  if (answer.payload) {
    payloadView.textContent = JSON.stringify(answer.payload, null, 2);
    payloadView.classList.remove("stale");
  } else {
    payloadView.textContent = input.value.trim() ? "— fix the errors above —" : "";
    payloadView.classList.add("stale");
  }
}

function setText(view, text) {
  view.textContent = text ?? "—";
  view.classList.toggle("empty", text == null);
}

// ---- Suggestions --------------------------------------------------------------------------

function showSuggestions(items, text) {
  suggestions = items;
  suggestedFor = text;
  selected = 0;
  if (!items.length || document.activeElement !== input) {
    hideSuggestions();
    return;
  }
  list.replaceChildren(...items.map((s, i) => {
    const li = document.createElement("li");
    li.id = `suggestion-${i}`;
    li.role = "option";
    li.className = `k-${s.kind}`;
    const text = document.createElement("span");
    text.className = "text";
    text.textContent = s.text;
    const detail = document.createElement("span");
    detail.className = "detail";
    detail.textContent = s.detail;
    li.append(text, detail);
    li.addEventListener("mousedown", (event) => {
      event.preventDefault(); // keep the focus in the box
      accept(i);
    });
    return li;
  }));
  list.hidden = false;
  input.setAttribute("aria-expanded", "true");
  list.style.left = `${caretLeft(items[0].span[0])}px`;
  highlight();
}

function hideSuggestions() {
  list.hidden = true;
  input.setAttribute("aria-expanded", "false");
  input.removeAttribute("aria-activedescendant");
}

function highlight() {
  [...list.children].forEach((li, i) => li.setAttribute("aria-selected", String(i === selected)));
  const current = list.children[selected];
  if (current) {
    current.scrollIntoView({ block: "nearest" });
    input.setAttribute("aria-activedescendant", current.id);
  }
}

let measure = null;
function caretLeft(codePoint) {
  measure ??= document.createElement("canvas").getContext("2d");
  const style = getComputedStyle(input);
  measure.font = `${style.fontSize} ${style.fontFamily}`;
  const before = Array.from(input.value).slice(0, codePoint).join("");
  const x = parseFloat(style.paddingLeft) + measure.measureText(before).width - input.scrollLeft;
  return Math.max(0, Math.min(x, input.clientWidth - 200));
}

// What continues a bare word after the caret (the grammar's WORD: no `..` inside).
const WORD_REST = /^(?:[^\s()[\],"'=<>!:.]|\.(?!\.))*/u;

function accept(index) {
  const s = suggestions[index];
  if (!s) return;
  // The list may be a keystroke behind the box: replace from where the suggestion's word starts
  // to the caret, if the box still reads the same up to there and the word still fits.
  const text = input.value;
  const start = unitOffsets(suggestedFor)[Math.min(s.span[0], Array.from(suggestedFor).length)];
  const caret = input.selectionStart ?? text.length;
  const typed = text.slice(start, caret);
  const fold = (word) => word.toLowerCase().replaceAll("_", "");
  if (text.slice(0, start) !== suggestedFor.slice(0, start) || caret < start
      || !fold(s.text).startsWith(fold(typed))) {
    update();
    return;
  }
  const before = text.slice(0, start);
  // With the caret inside a word, a suggestion that ends as the word does replaces all of
  // it (`cre|ated_date`), as complete()'s span says; any other leaves the rest.
  const rest = start < caret ? text.slice(caret).match(WORD_REST)[0] : "";
  const whole = rest && s.text.toLowerCase().endsWith(rest.toLowerCase());
  const after = text.slice(whole ? caret + rest.length : caret);
  const lead = start === caret && /["')\]=<>]$/.test(before) ? " " : "";
  const glued = s.text === ".." || s.text === ":" || /^\s/.test(after);
  const inserted = lead + s.text + (glued ? "" : " ");
  input.value = before + inserted + after;
  const end = before.length + inserted.length;
  input.setSelectionRange(end, end);
  hideSuggestions();
  update();
}

// ---- Events -------------------------------------------------------------------------------

input.addEventListener("input", () => {
  hideSuggestions(); // the list was for the text before: its answer is on the way
  update();
});
input.addEventListener("focus", () => update());
input.addEventListener("blur", () => hideSuggestions());
input.addEventListener("scroll", () => { mirror.scrollLeft = input.scrollLeft; });
input.addEventListener("click", () => update());
periodBox.addEventListener("change", () => update({ suggest: false }));

input.addEventListener("keydown", (event) => {
  const open = !list.hidden && suggestions.length > 0;
  if (event.key === "ArrowDown" || event.key === "ArrowUp") {
    if (!open) {
      if (event.key === "ArrowDown") { event.preventDefault(); update(); }
      return;
    }
    event.preventDefault();
    const step = event.key === "ArrowDown" ? 1 : -1;
    selected = (selected + step + suggestions.length) % suggestions.length;
    highlight();
  } else if ((event.key === "Enter" || event.key === "Tab") && open) {
    event.preventDefault();
    accept(selected);
  } else if (event.key === "Escape" && open) {
    event.preventDefault();
    hideSuggestions();
  }
});

input.addEventListener("keyup", (event) => {
  if (["ArrowLeft", "ArrowRight", "Home", "End"].includes(event.key)) update();
  mirror.scrollLeft = input.scrollLeft;
});

for (const button of document.querySelectorAll("#examples button")) {
  button.addEventListener("click", () => {
    input.value = button.textContent;
    input.focus();
    input.setSelectionRange(input.value.length, input.value.length);
    update();
  });
}

update({ suggest: false });
