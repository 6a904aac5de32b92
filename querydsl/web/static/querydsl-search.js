// <querydsl-search>: a search box for querydsl's filter language. No framework, no build step.
//
//   <script type="module" src="/querydsl/querydsl-search.js"></script>
//   <form action="/operations">
//     <querydsl-search endpoint="/querydsl" name="q" tz="auto"></querydsl-search>
//   </form>
//
// Attributes: `endpoint` the base URL of querydsl's API (default: where this file was served from);
// `name` the form field; `tz` "auto" (the browser's zone) or a zone name, sent with every request;
// `value` the starting text; `placeholder`; `label` the accessible name (default "Search filter");
// `default-period` e.g. "30d", for compile; `delay` the quiet, in ms, before errors show (400).
// Events: `querydsl-submit` (Enter with the list closed; detail {text, payload} or
// {text, diagnostics}; cancelable: unless cancelled the enclosing form is submitted) and
// `querydsl-compiled` (each answer for the text as it stands: {text, ok, payload, canonical,
// explain, errors, warnings}).
//
// What is typed is drawn at once, by the browser: the answers only colour and underline it, and an
// answer for a text that is no longer in the box is dropped. Errors wait for a pause in typing
// (or Enter, or leaving the box) and never mark the word the caret is typing.
//
// The explain line never comes and goes: it keeps its room (a blank one too), and a changed text's
// explanation stays, dimmed and aria-busy, until the new one replaces it. While a mouse button is
// held down elsewhere on the page, what shows under the box waits for its release, so a button
// below the box (a form's Search) never moves from under a click.

const HERE = new URL(".", import.meta.url);
const CHECK_DELAY = 400;
const TOKEN_KINDS = new Set([
  "field",
  "keyword",
  "operator",
  "string",
  "number",
  "date",
  "value",
  "punctuation",
  "error",
]);

const STYLE = `
:host {
  display: block;
  --querydsl-font: 16px/24px "DejaVu Sans Mono", "Liberation Mono", Menlo, Consolas, monospace;
  --querydsl-ink: #1d2330;
  --querydsl-muted: #4f5768;
  --querydsl-stale: #6b7280;  /* an explanation waiting for its successor; 4.8:1 on white */
  --querydsl-line: #8c95a6;
  --querydsl-accent: #1f5fbf;
  --querydsl-error: #c62828;
  --querydsl-warning: #8a5a00;
  --querydsl-background: #fff;
  color: var(--querydsl-ink);
}
:host([hidden]) { display: none; }
* { box-sizing: border-box; }
.box { position: relative; }
/* The text area and the mirror share one grid cell: the mirror's text decides the height, so the
   box grows line by line instead of scrolling sideways. */
.field {
  display: grid;
  background: var(--querydsl-background);
  border: 1px solid var(--querydsl-line);
  border-radius: 8px;
}
.field:focus-within {
  border-color: var(--querydsl-accent);
  box-shadow: 0 0 0 3px rgba(31, 95, 191, .2);
}
.mirror, textarea {
  grid-area: 1 / 1;
  margin: 0;
  padding: 10px 12px;
  border: 0;
  font: var(--querydsl-font);
  letter-spacing: normal;
  tab-size: 4;
  white-space: pre-wrap;
  overflow-wrap: break-word;
  word-break: normal;
  max-height: calc(10 * 24px + 20px);
  overflow-x: hidden;
  scrollbar-gutter: stable;
}
.mirror { overflow-y: hidden; color: var(--querydsl-ink); }
.mirror::after { content: " "; }  /* a last empty line still has a height */
textarea {
  display: block;
  width: 100%;
  min-height: 44px;
  resize: none;
  overflow-y: auto;
  background: transparent;
  color: transparent;
  caret-color: var(--querydsl-ink);
  outline: none;
}
textarea::placeholder { color: #5f6673; }
textarea::selection { background: rgba(31, 95, 191, .28); color: transparent; }
.t-field { color: #0b57b8; }
.t-keyword { color: #7a1f90; }  /* no bold in the mirror: every glyph as wide as the text area's */
.t-operator { color: #9a4600; }
.t-string { color: #2b6e2f; }
.t-number { color: #00695c; }
.t-date { color: #a3195b; }
.t-value { color: #37474f; }
.t-punctuation { color: #595959; }
.t-error { color: var(--querydsl-error); }
.u-error, .u-warning {
  text-decoration-line: underline;
  text-decoration-skip-ink: none;
  text-underline-offset: 4px;
}
.u-error { text-decoration-style: wavy; text-decoration-color: var(--querydsl-error); }
.u-warning { text-decoration-style: dashed; text-decoration-color: var(--querydsl-warning); }
.point { position: relative; }
.point::after {
  content: "";
  position: absolute;
  left: 0;
  top: 21px;
  width: .7em;
  border-bottom: 2px solid var(--querydsl-error);
}
[role="listbox"] {
  position: absolute;
  z-index: 10;
  margin: 2px 0 0;
  padding: 4px 0;
  list-style: none;
  min-width: 18rem;
  max-width: 100%;
  max-height: 16rem;
  overflow-y: auto;
  background: var(--querydsl-background);
  border: 1px solid var(--querydsl-line);
  border-radius: 8px;
  box-shadow: 0 6px 20px rgba(20, 30, 50, .16);
}
[role="listbox"][hidden] { display: none; }
[role="option"] {
  display: flex;
  gap: 1rem;
  justify-content: space-between;
  padding: 2px 12px;
  cursor: pointer;
  font: var(--querydsl-font);
}
[role="option"] .detail { color: var(--querydsl-muted); font: 13px/24px system-ui, sans-serif; }
[role="option"][aria-selected="true"] { background: #dce8fb; }
.k-field .text { color: #0b57b8; }
.k-keyword .text { color: #7a1f90; font-weight: bold; }
.k-operator .text { color: #9a4600; font-weight: bold; }
.k-value .text { color: #a3195b; }
.messages { list-style: none; margin: 0; padding: 0; }
.messages li {
  margin: .4rem 0 0;
  padding: .35rem .7rem;
  border-left: 4px solid var(--querydsl-error);
  border-radius: 0 6px 6px 0;
  background: #fdf1f0;
  font: 14px/1.45 system-ui, sans-serif;
}
.messages.warnings li { border-color: var(--querydsl-warning); background: #fff7e0; }
.messages .code { font: bold 13px var(--querydsl-font); margin-right: .5rem; }
.messages.errors .code { color: var(--querydsl-error); }
.messages.warnings .code { color: var(--querydsl-warning); }
.messages .hint { display: block; color: var(--querydsl-muted); }
/* One line is always kept, empty or not: an explanation that comes or goes moves nothing below. */
.explain {
  margin: .5rem 0 0;
  min-height: 1.45em;
  font: 15px/1.45 system-ui, sans-serif;
  color: var(--querydsl-muted);
}
.explain[aria-busy="true"] { color: var(--querydsl-stale); }
`;

let sharedSheet = null;

/** One constructed style sheet for every box (allowed where a CSP forbids inline styles). */
function styleSheet() {
  if (sharedSheet === null) {
    sharedSheet = new CSSStyleSheet();
    sharedSheet.replaceSync(STYLE);
  }
  return sharedSheet;
}

// ---- Offsets: the server counts code points, the browser UTF-16 units ---------------------------

/** Converts one text's offsets between code points and UTF-16 units. */
class Offsets {
  constructor(text) {
    this.length = text.length;
    this.units = null; // units[codePoint] = its UTF-16 offset; only for astral characters
    if (/[\uD800-\uDFFF]/.test(text)) {
      this.units = [0];
      let unit = 0;
      for (const character of text) {
        unit += character.length;
        this.units.push(unit);
      }
    }
  }

  unit(codePoint) {
    if (this.units === null) return Math.max(0, Math.min(codePoint, this.length));
    return this.units[Math.max(0, Math.min(codePoint, this.units.length - 1))];
  }

  codePoint(unit) {
    if (this.units === null) return unit;
    let low = 0;
    let high = this.units.length - 1;
    // The first code point at or after `unit`.
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.units[middle] < unit) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}

/** Where a span of `before` stands in `after` (the same text but for one edited stretch), or null
 * if the edit touches it: what the server said of it may no longer hold. */
function spanMover(before, after) {
  const shortest = Math.min(before.length, after.length);
  let head = 0;
  while (head < shortest && before[head] === after[head]) head++;
  let tail = 0;
  while (
    tail < shortest - head &&
    before[before.length - 1 - tail] === after[after.length - 1 - tail]
  ) {
    tail++;
  }
  const shift = after.length - before.length;
  const spaceAtEdit = /\s/.test(after[head] ?? "");
  return (start, end) => {
    if (end < head || (start < end && end === head && spaceAtEdit)) return [start, end];
    if (start > before.length - tail) return [start + shift, end + shift];
    return null;
  };
}

/** The run of non-space characters around `at` in `text`: the word being typed there. */
function wordAround(text, at) {
  let start = at;
  while (start > 0 && !/\s/.test(text[start - 1])) start--;
  let end = at;
  while (end < text.length && !/\s/.test(text[end])) end++;
  return [start, end];
}

class HttpError extends Error {
  constructor(path, status) {
    super(`${path}: HTTP ${status}`);
    this.status = status;
  }
}

// ---- The element --------------------------------------------------------------------------------

let boxes = 0; // each box's ids are its own

export class QuerydslSearch extends HTMLElement {
  static formAssociated = true;
  static observedAttributes = ["value", "placeholder", "label", "tz", "default-period", "disabled"];

  #internals = this.attachInternals();
  #input;
  #mirror;
  #list;
  #errorsView;
  #warningsView;
  #explainView;
  #text = ""; // the text the state below describes
  #tokens = []; // [{kind, start, end}] in UTF-16 units
  #diagnostics = []; // [{code, message, hint, severity, start, end}] (start null: no span)
  #problem = null; // why the server gave no answer for this text: a diagnostic with no span
  #explanation = ""; // the explain line: the last answer's for the text, or "" for none
  #explanationStale = false; // the text or its options changed since: a new one is on its way
  #pressedElsewhere = false; // a mouse button is down outside the box: nothing below it moves
  #pointerWatch = null; // an AbortController for the window's pointer listeners
  #typingAt = null; // the caret after the last keystroke, while it stays there
  #wantList = false; // the list may open when suggestions come (after typing, not on focus)
  #highlightFirst = false; // the list was asked for with an arrow: its first entry is chosen
  #suggestions = null; // {text, caret, items}: the list shown, for that text and caret
  #selected = -1;
  #checkTimer = 0;
  #checking = null; // {question, promise}: the compile request under way, and what it asks
  #lintMissing = false; // the server has no /api/lint: warnings are not asked for again
  #dirty = false; // the user changed the text: the value attribute no longer sets it
  #formDisabled = false; // a disabled fieldset around the box
  #ready = false; // connected: attribute changes ask the server again

  constructor() {
    super();
    const id = `querydsl-search-${++boxes}`;
    const root = this.attachShadow({ mode: "open", delegatesFocus: true });
    root.adoptedStyleSheets = [styleSheet()];
    const box = element("div", { class: "box" });
    const field = element("div", { class: "field" });
    this.#mirror = element("div", { class: "mirror", "aria-hidden": "true" });
    this.#input = element("textarea", {
      rows: "1",
      role: "combobox",
      "aria-autocomplete": "list",
      "aria-expanded": "false",
      "aria-controls": `${id}-list`,
      "aria-describedby": `${id}-errors ${id}-warnings ${id}-explain`,
      spellcheck: "false",
      autocomplete: "off",
      autocapitalize: "off",
      autocorrect: "off",
      enterkeyhint: "search",
      part: "input",
    });
    this.#list = element("ul", {
      id: `${id}-list`,
      role: "listbox",
      "aria-label": "Suggestions",
      part: "list",
      hidden: "",
    });
    this.#errorsView = element("ul", {
      id: `${id}-errors`,
      class: "messages errors",
      "aria-live": "polite",
      part: "errors",
    });
    this.#warningsView = element("ul", {
      id: `${id}-warnings`,
      class: "messages warnings",
      "aria-live": "polite",
      part: "warnings",
    });
    // A live region: aria-busy while the explanation is stale, so the new one is what is read.
    this.#explainView = element("p", {
      id: `${id}-explain`,
      class: "explain",
      "aria-live": "polite",
      part: "explain",
    });
    field.append(this.#mirror, this.#input);
    box.append(field, this.#list);
    root.append(box, this.#errorsView, this.#warningsView, this.#explainView);
    this.#listen();
  }

  connectedCallback() {
    this.#ready = true;
    this.#watchPointer();
    this.#applyAttributes();
    if (!this.#dirty && this.hasAttribute("value")) this.#setText(this.getAttribute("value"));
    else this.#setText(this.#input.value);
  }

  disconnectedCallback() {
    this.#ready = false;
    clearTimeout(this.#checkTimer);
    this.#pointerWatch?.abort();
    this.#pointerWatch = null;
    this.#pressedElsewhere = false;
  }

  attributeChangedCallback(name, _old, value) {
    if (name === "value") {
      if (!this.#dirty && this.#ready) this.#setText(value ?? "");
    } else if (name === "tz" || name === "default-period") {
      if (this.#ready) {
        this.#explanationStale = true; // its dates may read otherwise
        this.#paint();
        this.#checkNow();
      }
    } else {
      this.#applyAttributes();
    }
  }

  /** The text in the box. */
  get value() {
    return this.#input.value;
  }

  set value(text) {
    this.#setText(String(text ?? ""));
  }

  get name() {
    return this.getAttribute("name");
  }

  get form() {
    return this.#internals.form;
  }

  /** What Enter with the list closed does: dispatches `querydsl-submit` with the compile answer
   * for the text as it stands ({text, payload} or {text, diagnostics}), then, unless a listener
   * cancels it, submits the enclosing form. Shows every error, the word at the caret's too. */
  async submit() {
    clearTimeout(this.#checkTimer);
    this.#checkTimer = 0;
    this.#typingAt = null;
    this.#closeList();
    const text = this.#input.value;
    const answer = await this.#check(text);
    const detail = answer.ok
      ? { text, payload: answer.payload }
      : { text, diagnostics: answer.errors };
    this.#paint();
    const event = new CustomEvent("querydsl-submit", {
      detail,
      bubbles: true,
      composed: true,
      cancelable: true,
    });
    if (this.dispatchEvent(event) && this.#internals.form) this.#internals.form.requestSubmit();
    return detail;
  }

  formResetCallback() {
    this.#dirty = false;
    this.#setText(this.getAttribute("value") ?? "");
  }

  formStateRestoreCallback(state) {
    if (typeof state === "string") this.#setText(state);
  }

  formDisabledCallback(disabled) {
    this.#formDisabled = disabled;
    this.#applyAttributes();
  }

  // ---- Attributes -------------------------------------------------------------------------------

  #applyAttributes() {
    const placeholder = this.getAttribute("placeholder");
    if (placeholder === null) this.#input.removeAttribute("placeholder");
    else this.#input.setAttribute("placeholder", placeholder);
    this.#input.setAttribute("aria-label", this.getAttribute("label") ?? "Search filter");
    this.#input.disabled = this.hasAttribute("disabled") || this.#formDisabled;
  }

  #zone() {
    const tz = this.getAttribute("tz");
    if (tz === null || tz === "") return null;
    return tz === "auto" ? Intl.DateTimeFormat().resolvedOptions().timeZone : tz;
  }

  #delay() {
    const delay = Number.parseInt(this.getAttribute("delay") ?? "", 10);
    return Number.isFinite(delay) && delay >= 0 ? delay : CHECK_DELAY;
  }

  // ---- Talking to the server --------------------------------------------------------------------

  async #post(name, body) {
    const endpoint = this.getAttribute("endpoint");
    const base =
      endpoint === null ? HERE : new URL(endpoint.replace(/\/?$/, "/"), document.baseURI);
    const zone = this.#zone();
    const response = await fetch(new URL(`api/${name}`, base), {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(zone === null ? body : { ...body, tz: zone }),
    });
    if (!response.ok) throw new HttpError(`/api/${name}`, response.status);
    return response.json();
  }

  /** Asks for the colours of the text as it stands, and for suggestions if the list may open. */
  #askForAnswers() {
    const text = this.#input.value;
    const offsets = new Offsets(text);
    this.#post("tokens", { text }).then(
      (answer) => this.#takeTokens(text, offsets, answer.tokens),
      (error) => this.#takeFailure(text, error),
    );
    if (this.#wantList) this.#askForSuggestions();
  }

  #askForSuggestions() {
    const text = this.#input.value;
    const caret = this.#input.selectionEnd ?? text.length;
    const offsets = new Offsets(text);
    this.#post("complete", { text, cursor: offsets.codePoint(caret) }).then(
      (answer) => this.#takeSuggestions(text, caret, offsets, answer.suggestions),
      (error) => this.#takeFailure(text, error),
    );
  }

  /** The compile answer (and the warnings) for `text`; one request at a time for one question. */
  #check(text) {
    const question = JSON.stringify([text, this.#zone(), this.getAttribute("default-period")]);
    if (this.#checking?.question === question) return this.#checking.promise;
    const promise = this.#askCompiler(text);
    this.#checking = { question, promise };
    promise.then(() => {
      if (this.#checking?.promise === promise) this.#checking = null;
    });
    return promise;
  }

  /** Never rejects: a server that cannot answer gives an answer with one error saying so. */
  async #askCompiler(text) {
    const offsets = new Offsets(text);
    const spanned = (d) => ({
      code: d.code,
      message: d.message,
      hint: d.hint ?? null,
      severity: d.severity ?? "error",
      span: d.span ?? null,
      start: d.span ? offsets.unit(d.span[0]) : null,
      end: d.span ? offsets.unit(d.span[1]) : null,
    });
    const body = { text };
    const period = this.getAttribute("default-period");
    if (period) body.default_period = period;
    let answer;
    let problem = null;
    try {
      const [compiled, warnings] = await Promise.all([
        this.#post("compile", body),
        this.#askForWarnings(text),
      ]);
      answer = {
        text,
        ok: compiled.ok,
        payload: compiled.payload,
        canonical: compiled.canonical,
        explain: compiled.explain,
        errors: compiled.diagnostics.map(spanned),
        warnings: warnings.filter((d) => d.severity === "warning").map(spanned),
      };
    } catch (error) {
      problem = this.#failure(error);
      answer = {
        text,
        ok: false,
        payload: null,
        canonical: null,
        explain: null,
        errors: [problem],
        warnings: [],
      };
    }
    const detail = {
      ...answer,
      errors: answer.errors.map(plain),
      warnings: answer.warnings.map(plain),
    };
    if (text === this.#input.value) {
      this.#problem = problem;
      this.#diagnostics = problem ? [] : [...answer.errors, ...answer.warnings];
      if (problem) this.#tokens = [];
      this.#explanation = text.trim() ? (answer.explain ?? "") : "";
      this.#explanationStale = false;
      this.#paint();
      this.dispatchEvent(
        new CustomEvent("querydsl-compiled", { detail, bubbles: true, composed: true }),
      );
    }
    return detail;
  }

  async #askForWarnings(text) {
    if (this.#lintMissing || !text.trim()) return [];
    try {
      return (await this.#post("lint", { text })).diagnostics;
    } catch (error) {
      if (error instanceof HttpError && (error.status === 404 || error.status === 405)) {
        this.#lintMissing = true;
      }
      return []; // warnings are extra: their absence never hides the rest
    }
  }

  #takeTokens(text, offsets, tokens) {
    if (text !== this.#input.value) return; // an answer for an older text
    this.#tokens = tokens
      .filter((t) => TOKEN_KINDS.has(t.kind))
      .map((t) => ({ kind: t.kind, start: offsets.unit(t.span[0]), end: offsets.unit(t.span[1]) }));
    this.#paint();
  }

  #takeSuggestions(text, caret, offsets, items) {
    if (text !== this.#input.value || caret !== this.#input.selectionEnd) return;
    if (!this.#wantList || !this.#focused()) return;
    if (!items.length) {
      this.#closeList();
      return;
    }
    this.#suggestions = {
      text,
      caret,
      items: items.map((s) => ({
        ...s,
        start: offsets.unit(s.span[0]),
        end: offsets.unit(s.span[1]),
      })),
    };
    // Inside a word the first suggestion completes it; between words nothing is chosen yet, so
    // Enter still submits.
    const first = this.#suggestions.items[0];
    this.#selected = this.#highlightFirst || first.start < first.end ? 0 : -1;
    this.#highlightFirst = false;
    this.#showList();
  }

  #takeFailure(text, error) {
    if (text !== this.#input.value) return;
    this.#problem = this.#failure(error);
    this.#tokens = [];
    this.#diagnostics = [];
    this.#explanation = "";
    this.#explanationStale = false;
    this.#closeList();
    this.#paint();
  }

  /** Why the server gave no answer, as an error with no span. */
  #failure(error) {
    const [code, message, hint] =
      error instanceof HttpError && error.status === 413
        ? ["limit_exceeded", "the text is too long to send to the server", "shorten the query"]
        : ["unreachable", `cannot reach the server (${error.message})`, null];
    return { code, message, hint, severity: "error", span: null, start: null, end: null };
  }

  // ---- Changes to the text ----------------------------------------------------------------------

  /** Sets the text from outside (attribute, property, form): no list, errors at once. */
  #setText(text) {
    if (this.#input.value !== text) this.#input.value = text;
    this.#typingAt = null;
    this.#closeList();
    this.#changed();
    this.#scheduleCheck(0);
  }

  /** After any change of the text: draw it now, keep what still holds of the answers, ask anew. */
  #changed() {
    const text = this.#input.value;
    this.#internals.setFormValue(text);
    if (text !== this.#text) {
      const move = spanMover(this.#text, text);
      this.#tokens = moved(this.#tokens, move);
      this.#diagnostics = moved(
        this.#diagnostics.filter((d) => d.start !== null),
        move,
      );
      this.#problem = null;
      // The explanation stays, marked stale, until the answer for the new text replaces it; a
      // blank text has none, and needs no answer to say so.
      if (text.trim()) this.#explanationStale = true;
      else [this.#explanation, this.#explanationStale] = ["", false];
      this.#text = text;
    }
    this.#paint();
    this.#askForAnswers();
  }

  #onInput() {
    this.#dirty = true;
    this.#typingAt = this.#input.selectionEnd;
    this.#wantList = true;
    this.#hideList(); // the list was for the text before: the new one is on its way
    this.#changed();
    this.#scheduleCheck(this.#delay());
  }

  #scheduleCheck(delay) {
    clearTimeout(this.#checkTimer);
    this.#checkTimer = setTimeout(() => this.#checkNow(), delay);
  }

  #checkNow() {
    clearTimeout(this.#checkTimer);
    this.#checkTimer = 0;
    this.#check(this.#input.value);
  }

  #accept(index) {
    const suggestion = this.#suggestions?.items[index];
    if (!suggestion || this.#suggestions.text !== this.#input.value) return;
    const text = this.#input.value;
    const before = text.slice(0, suggestion.start);
    const after = text.slice(suggestion.end);
    const lead = suggestion.start === suggestion.end && /["')\]=<>]$/.test(before) ? " " : "";
    const glued = suggestion.text === ".." || suggestion.text === ":" || /^\s/.test(after);
    const inserted = lead + suggestion.text + (glued ? "" : " ");
    const caret = before.length + inserted.length;
    this.#input.value = before + inserted + after;
    this.#input.setSelectionRange(caret, caret);
    this.#onInput();
  }

  // ---- Events -----------------------------------------------------------------------------------

  #listen() {
    const input = this.#input;
    input.addEventListener("input", () => this.#onInput());
    input.addEventListener("keydown", (event) => this.#onKeyDown(event));
    input.addEventListener("keyup", () => this.#caretMayHaveMoved());
    input.addEventListener("pointerup", () => this.#caretMayHaveMoved());
    input.addEventListener("select", () => this.#caretMayHaveMoved());
    input.addEventListener("blur", () => {
      this.#closeList();
      this.#typingAt = null;
      if (this.#checkTimer) this.#checkNow(); // leaving the box is a pause too
      this.#paint();
    });
    input.addEventListener("scroll", () => {
      this.#mirror.scrollTop = input.scrollTop;
    });
    this.#list.addEventListener("mousedown", (event) => {
      const option = event.target.closest("[role='option']");
      if (!option) return;
      event.preventDefault(); // the focus stays in the box
      this.#accept(Number(option.dataset.index));
    });
  }

  /** Follows the mouse buttons on the whole page: a press outside the box holds what shows under
   * it until the release (a page's button there must not move between mousedown and mouseup). */
  #watchPointer() {
    this.#pointerWatch?.abort();
    this.#pointerWatch = new AbortController();
    const options = { capture: true, signal: this.#pointerWatch.signal };
    window.addEventListener(
      "pointerdown",
      (event) => {
        this.#pressedElsewhere = !event.composedPath().includes(this);
      },
      options,
    );
    const release = () => {
      if (!this.#pressedElsewhere) return;
      this.#pressedElsewhere = false;
      setTimeout(() => this.#paint()); // after the click the release makes
    };
    window.addEventListener("pointerup", release, options);
    window.addEventListener("pointercancel", release, options);
    // A release the page never saw (a dialog opened on the press, say) ends at the next move.
    window.addEventListener(
      "pointermove",
      (event) => {
        if (event.buttons === 0) release();
      },
      options,
    );
  }

  #onKeyDown(event) {
    if (event.isComposing) return;
    const open = this.#listOpen();
    const key = event.key;
    if (open && (key === "ArrowDown" || key === "ArrowUp")) {
      event.preventDefault();
      const count = this.#suggestions.items.length;
      if (key === "ArrowDown")
        this.#selected = this.#selected + 1 >= count ? 0 : this.#selected + 1;
      else this.#selected = this.#selected <= 0 ? count - 1 : this.#selected - 1;
      this.#markSelected();
    } else if (
      open &&
      (key === "Enter" || key === "Tab") &&
      this.#selected >= 0 &&
      !event.shiftKey
    ) {
      event.preventDefault();
      this.#accept(this.#selected);
    } else if (key === "Enter") {
      event.preventDefault(); // Enter never edits the text
      this.submit();
    } else if (key === "Escape") {
      if (open) {
        event.preventDefault();
        event.stopPropagation();
      }
      this.#closeList(); // a list on its way does not open either
    } else if (!open && this.#asksForList(event)) {
      event.preventDefault();
      this.#wantList = true;
      this.#highlightFirst = true;
      this.#askForSuggestions();
    }
  }

  /** Alt+↓ or Ctrl+Space, or ↓ in a box of one line, opens the list. */
  #asksForList(event) {
    if (event.key === "ArrowDown" && event.altKey) return true;
    if (event.key === " " && event.ctrlKey) return true;
    if (event.key !== "ArrowDown" || event.ctrlKey || event.metaKey || event.shiftKey) return false;
    return this.#lineCount() <= 1; // in a box of several lines ↓ moves the caret
  }

  #lineCount() {
    const style = getComputedStyle(this.#mirror);
    const padding = parseFloat(style.paddingTop) + parseFloat(style.paddingBottom);
    return Math.round((this.#mirror.scrollHeight - padding) / parseFloat(style.lineHeight));
  }

  /** A caret moved away from where it typed closes the list and lets its word be checked. */
  #caretMayHaveMoved() {
    const { selectionStart, selectionEnd } = this.#input;
    if (
      this.#suggestions &&
      (selectionStart !== selectionEnd || selectionEnd !== this.#suggestions.caret)
    ) {
      this.#closeList();
    }
    if (
      this.#typingAt !== null &&
      (selectionStart !== selectionEnd || selectionEnd !== this.#typingAt)
    ) {
      this.#typingAt = null;
      this.#wantList = false;
      this.#paint();
    }
  }

  #focused() {
    return this.shadowRoot.activeElement === this.#input;
  }

  // ---- The list ---------------------------------------------------------------------------------

  #listOpen() {
    return !this.#list.hidden && this.#suggestions !== null;
  }

  #showList() {
    const options = this.#suggestions.items.map((s, index) => {
      const option = element("li", {
        id: `${this.#list.id}-${index}`,
        role: "option",
        class: `k-${s.kind}`,
        part: "option",
      });
      option.dataset.index = String(index);
      option.append(
        element("span", { class: "text" }, s.text),
        element("span", { class: "detail" }, s.detail ?? ""),
      );
      return option;
    });
    this.#list.replaceChildren(...options);
    this.#list.hidden = false;
    this.#input.setAttribute("aria-expanded", "true");
    this.#placeList(this.#suggestions.items[0].start);
    this.#markSelected();
  }

  #markSelected() {
    for (const [index, option] of [...this.#list.children].entries()) {
      option.setAttribute("aria-selected", String(index === this.#selected));
    }
    const chosen = this.#list.children[this.#selected];
    if (chosen) {
      chosen.scrollIntoView({ block: "nearest" });
      this.#input.setAttribute("aria-activedescendant", chosen.id);
    } else {
      this.#input.removeAttribute("aria-activedescendant");
    }
  }

  /** Hides the list until the answer for the new text comes. */
  #hideList() {
    this.#suggestions = null;
    this.#selected = -1;
    this.#list.hidden = true;
    this.#list.replaceChildren();
    this.#input.setAttribute("aria-expanded", "false");
    this.#input.removeAttribute("aria-activedescendant");
  }

  /** Closes the list until the user types again (or asks with ↓). */
  #closeList() {
    this.#wantList = false;
    this.#highlightFirst = false;
    this.#hideList();
  }

  /** Puts the list under the line where the replaced word starts. */
  #placeList(offset) {
    const place = this.#pointAt(offset);
    const box = this.#list.parentElement.getBoundingClientRect();
    const room = box.width - Math.min(this.#list.offsetWidth, box.width);
    this.#list.style.left = `${Math.max(0, Math.min(place.left - box.left, room))}px`;
    this.#list.style.top = `${place.bottom - box.top}px`;
  }

  #pointAt(offset) {
    let seen = 0;
    for (const node of this.#mirror.childNodes) {
      const text = node.nodeType === Node.TEXT_NODE ? node : node.firstChild;
      const length = text?.nodeType === Node.TEXT_NODE ? text.data.length : 0;
      if (length && offset <= seen + length) {
        const range = document.createRange();
        range.setStart(text, offset - seen);
        range.setEnd(text, offset - seen);
        const rect = range.getClientRects()[0] ?? range.getBoundingClientRect();
        if (rect.height) return rect;
      }
      seen += length;
    }
    const rect = this.#mirror.getBoundingClientRect();
    const style = getComputedStyle(this.#mirror);
    const left = rect.left + parseFloat(style.paddingLeft);
    return { left, bottom: rect.top + parseFloat(style.paddingTop) + parseFloat(style.lineHeight) };
  }

  // ---- Drawing ----------------------------------------------------------------------------------

  /** The diagnostics shown now: none for a blank text, none yet on the word being typed. */
  #shownDiagnostics() {
    const text = this.#input.value;
    if (this.#problem) return [this.#problem];
    if (!text.trim()) return [];
    if (this.#typingAt === null) return this.#diagnostics;
    const [start, end] = wordAround(text, this.#typingAt);
    return this.#diagnostics.filter((d) => d.start === null || d.end < start || d.start > end);
  }

  #paint() {
    const text = this.#input.value;
    const shown = this.#shownDiagnostics();
    this.#mirror.replaceChildren(drawText(text, this.#problem ? [] : this.#tokens, shown));
    this.#mirror.scrollTop = this.#input.scrollTop;
    if (this.#pressedElsewhere) return; // drawn when the mouse button is released
    const errors = shown.filter((d) => d.severity !== "warning");
    this.#errorsView.replaceChildren(...errors.map(messageItem));
    this.#warningsView.replaceChildren(
      ...shown.filter((d) => d.severity === "warning").map(messageItem),
    );
    if (errors.length) this.#input.setAttribute("aria-invalid", "true");
    else this.#input.removeAttribute("aria-invalid");
    // Only a new text is written: a live region would read the same one again.
    if (this.#explainView.textContent !== this.#explanation) {
      this.#explainView.textContent = this.#explanation;
    }
    if (this.#explanationStale) this.#explainView.setAttribute("aria-busy", "true");
    else this.#explainView.removeAttribute("aria-busy");
  }
}

/** The text as spans: each token's colour, each diagnostic's underline, its message as a title. */
function drawText(text, tokens, diagnostics) {
  const fragment = document.createDocumentFragment();
  const marks = diagnostics
    .filter((d) => d.start !== null)
    .map((d) => ({
      ...d,
      start: Math.min(d.start, text.length),
      end: Math.min(d.end, text.length),
    }));
  const cuts = new Set([0, text.length]);
  for (const t of tokens) if (t.end <= text.length) cuts.add(t.start).add(t.end);
  for (const m of marks) cuts.add(m.start).add(m.end);
  const points = [...cuts].sort((a, b) => a - b);
  let next = 0; // tokens are in order and do not overlap
  for (let i = 0; i < points.length; i++) {
    const start = points[i];
    for (const m of marks) {
      if (m.start === m.end && m.start === start) {
        fragment.append(element("span", { class: `point u-${m.severity}`, title: m.message }));
      }
    }
    if (i + 1 === points.length) break;
    const end = points[i + 1];
    while (next < tokens.length && tokens[next].end <= start) next++;
    const token = tokens[next] && tokens[next].start <= start ? tokens[next] : null;
    const mark = marks.find((m) => m.start < end && start < m.end);
    const piece = text.slice(start, end);
    if (!token && !mark) {
      fragment.append(piece);
      continue;
    }
    const classes = [];
    if (token) classes.push(`t-${token.kind}`);
    if (mark) classes.push(`u-${mark.severity}`);
    const span = element("span", { class: classes.join(" ") }, piece);
    if (mark) span.title = mark.message;
    fragment.append(span);
  }
  return fragment;
}

function messageItem(diagnostic) {
  const item = element(
    "li",
    {},
    element("span", { class: "code" }, diagnostic.code),
    diagnostic.message,
  );
  if (diagnostic.hint) item.append(element("span", { class: "hint" }, `hint: ${diagnostic.hint}`));
  return item;
}

function moved(items, move) {
  const kept = [];
  for (const item of items) {
    const span = move(item.start, item.end);
    if (span) kept.push({ ...item, start: span[0], end: span[1] });
  }
  return kept;
}

/** A diagnostic as the server gave it (its span in code points), for events. */
function plain({ code, message, hint, severity, span }) {
  return { code, message, hint, severity, span };
}

function element(tag, attributes = {}, ...children) {
  const made = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) made.setAttribute(name, value);
  made.append(...children);
  return made;
}

if (!customElements.get("querydsl-search"))
  customElements.define("querydsl-search", QuerydslSearch);
