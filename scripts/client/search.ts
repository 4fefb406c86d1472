// The search page's script: a search form and results list over Pagefind's JS API.
//
// Each source has its own Pagefind bundle (scripts/search/shards.ts). The page names its
// language's first bundle in `data-bundle` and the others in `data-merge-bundles`; this
// loads the first bundle's pagefind.js and merges the others, so one query searches every
// source of the language. Pagefind only proposes candidates: a word it does not know is
// answered with pages holding the longest prefix it knows, so every candidate's text is
// checked here (search-match.ts) and shown only when it holds every searched word. What
// Pagefind offered for a word no page holds becomes a labelled list of words that begin
// alike, never results. Everything comes from data attributes and this bundled module, so
// the site's Content-Security-Policy holds; every text is put in the page as text.
import {
  buildExcerpt,
  matchContent,
  parseQuery,
  suggestionsFor,
  WordMatcher,
  type Query,
  type Range,
  type Term,
} from "./search-match.ts";
import { loadStemmer } from "./stemmers.ts";

/** What a result's `data()` gives (Pagefind 1.6), the part used here. */
interface Fragment {
  url: string;
  content: string;
  meta: Record<string, string | undefined>;
}

interface PagefindResult {
  id: string;
  data(): Promise<Fragment>;
}

type Filters = Record<string, string>;

/** The part of a bundle's pagefind.js used here. */
interface Pagefind {
  options(options: { baseUrl: string }): Promise<void>;
  mergeIndex(bundlePath: string, options: { baseUrl: string }): Promise<void>;
  search(term: string, options: { filters: Filters }): Promise<{ results: PagefindResult[] }>;
  filters(): Promise<Record<string, Record<string, number>>>;
}

/** Results shown at first, and added by each "More results". */
export const PAGE_SIZE = 10;
/** Candidates checked at most before the page answers (the rest on "More results"). */
const CHECKS_PER_STEP = 200;
/** Candidates whose text is fetched at once. */
const BATCH = 20;
/** Quiet time after a keystroke before searching. */
const DEBOUNCE_MS = 300;

interface Hit {
  fragment: Fragment;
  ranges: Range[];
}

/** Candidates from Pagefind, checked in rank order, a few at a time. */
class Candidates {
  readonly hits: Hit[] = [];
  /** Texts of checked candidates that did not match, kept for suggestions. */
  readonly misses: string[] = [];
  private next = 0;

  constructor(
    private readonly results: readonly PagefindResult[],
    private readonly accept: (content: string) => Range[] | undefined,
  ) {}

  get checked(): number {
    return this.next;
  }
  get total(): number {
    return this.results.length;
  }
  get done(): boolean {
    return this.next >= this.results.length;
  }

  /** Checks candidates until `wanted` hits are known, all are checked, or `budget` are spent. */
  async fill(wanted: number, budget = CHECKS_PER_STEP): Promise<void> {
    const stop = this.next + budget;
    while (this.hits.length < wanted && !this.done && this.next < stop) {
      const batch = this.results.slice(this.next, Math.min(this.next + BATCH, stop));
      this.next += batch.length;
      const fragments = await Promise.all(batch.map((r) => r.data()));
      for (const fragment of fragments) {
        const ranges = this.accept(fragment.content);
        if (ranges) this.hits.push({ fragment, ranges });
        else if (this.misses.length < CHECKS_PER_STEP) this.misses.push(fragment.content);
      }
    }
  }
}

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className?: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

const quote = (text: string): string => `“${text}”`;

/** "“a”", "“a” or “b”", "“a”, “b” or “c”". */
function listOf(words: readonly string[], last: string): string {
  const quoted = words.map(quote);
  return quoted.length <= 1
    ? (quoted[0] ?? "")
    : `${quoted.slice(0, -1).join(", ")} ${last} ${quoted.at(-1)}`;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** A link only to the site's own pages or http(s) addresses. */
function safeHref(url: string): string {
  return /^(\/(?!\/)|https?:\/\/)/i.test(url) ? url : "#";
}

class SearchPage {
  private readonly input: HTMLInputElement;
  private readonly source: HTMLSelectElement;
  private readonly year: HTMLSelectElement;
  private readonly status: HTMLElement;
  private readonly suggestions: HTMLElement;
  private readonly list: HTMLOListElement;
  private readonly more: HTMLButtonElement;
  private readonly lang: string;
  private readonly ready: Promise<{ pagefind: Pagefind; matcher: WordMatcher }>;
  /** Each search's number: an answer to an older one is dropped. */
  private generation = 0;
  private timer: number | undefined;
  private current: { query: Query; candidates: Candidates; shown: number } | undefined;

  constructor(
    private readonly form: HTMLFormElement,
    private readonly output: HTMLElement,
  ) {
    this.input = form.querySelector<HTMLInputElement>("input[name=q]")!;
    this.source = form.querySelector<HTMLSelectElement>("select[name=source]")!;
    this.year = form.querySelector<HTMLSelectElement>("select[name=year]")!;
    this.status = output.querySelector<HTMLElement>(".search-status")!;
    this.suggestions = output.querySelector<HTMLElement>(".search-suggestions")!;
    this.list = output.querySelector<HTMLOListElement>(".search-results")!;
    this.more = output.querySelector<HTMLButtonElement>(".search-more")!;
    this.lang = form.lang || document.documentElement.lang || "en";
    this.ready = this.load();

    form.hidden = false;
    const params = new URLSearchParams(location.search);
    this.input.value = params.get("q") ?? "";
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.searchNow();
    });
    this.input.addEventListener("input", () => {
      window.clearTimeout(this.timer);
      this.timer = window.setTimeout(() => this.searchNow(), DEBOUNCE_MS);
    });
    for (const select of [this.source, this.year]) {
      select.addEventListener("change", () => this.searchNow());
    }
    this.more.addEventListener("click", () => void this.showMore());
    void this.ready.then(
      async ({ pagefind }) => {
        await this.fillFilters(pagefind, params);
        // A search shared by its address runs at once; one being typed runs when typing pauses.
        if (params.get("q")?.trim() && this.input.value === params.get("q")) this.searchNow();
      },
      (error: unknown) => {
        this.say(`Search could not start: ${error instanceof Error ? error.message : error}`);
      },
    );
  }

  /** Loads the primary bundle, merges the language's others, and the language's stemmer. */
  private async load(): Promise<{ pagefind: Pagefind; matcher: WordMatcher }> {
    const bundle = this.form.dataset.bundle ?? "";
    // A merged bundle does not inherit the primary's base URL: results would lose the base path.
    const baseUrl = this.form.dataset.baseUrl ?? "/";
    const merged = (this.form.dataset.mergeBundles ?? "").split(/\s+/).filter(Boolean);
    // A file of the built site, not a module of this bundle: esbuild leaves the import as it is.
    const api = `${bundle}pagefind.js`;
    const [pagefind, stemmer] = await Promise.all([
      import(api) as Promise<Pagefind>,
      loadStemmer(this.lang),
    ]);
    await pagefind.options({ baseUrl });
    await Promise.all(merged.map((path) => pagefind.mergeIndex(path, { baseUrl })));
    return { pagefind, matcher: new WordMatcher(stemmer) };
  }

  /** The source and year lists, from every merged bundle's filters. */
  private async fillFilters(pagefind: Pagefind, params: URLSearchParams): Promise<void> {
    const filters = await pagefind.filters();
    const fill = (select: HTMLSelectElement, values: string[], wanted: string | null) => {
      for (const value of values) {
        const option = element("option", undefined, value);
        option.value = value;
        select.append(option);
      }
      if (wanted && values.includes(wanted)) select.value = wanted;
    };
    const names = Object.keys(filters.source ?? {}).sort((a, b) => a.localeCompare(b));
    const years = Object.keys(filters.year ?? {}).sort((a, b) => b.localeCompare(a));
    fill(this.source, names, params.get("source"));
    fill(this.year, years, params.get("year"));
  }

  private filters(): Filters {
    const filters: Filters = {};
    if (this.source.value) filters.source = this.source.value;
    if (this.year.value) filters.year = this.year.value;
    return filters;
  }

  /** " (source: Ridge Ledger, year: 2024)" while a filter narrows the search. */
  private scope(): string {
    const parts = [
      this.source.value ? `source: ${this.source.value}` : "",
      this.year.value ? `year: ${this.year.value}` : "",
    ].filter(Boolean);
    return parts.length ? ` (${parts.join(", ")})` : "";
  }

  /** What was searched, for messages: the words as typed, without their quotes. */
  private shownQuery(): string {
    return this.input.value.replace(/"/g, " ").replace(/\s+/g, " ").trim();
  }

  private say(text: string): void {
    this.status.textContent = text;
  }

  private remember(): void {
    const params = new URLSearchParams();
    if (this.input.value.trim()) params.set("q", this.input.value.trim());
    if (this.source.value) params.set("source", this.source.value);
    if (this.year.value) params.set("year", this.year.value);
    const search = params.toString();
    history.replaceState(null, "", `${location.pathname}${search ? `?${search}` : ""}`);
  }

  private searchNow(): void {
    window.clearTimeout(this.timer);
    this.remember();
    void this.search().catch((error: unknown) => {
      console.error(error);
      this.say("The search failed. Try again, or reload the page.");
      this.list.removeAttribute("aria-busy");
    });
  }

  private clear(): void {
    this.list.replaceChildren();
    this.suggestions.replaceChildren();
    this.suggestions.hidden = true;
    this.more.hidden = true;
    this.current = undefined;
  }

  private async search(): Promise<void> {
    const generation = ++this.generation;
    const query = parseQuery(this.input.value);
    if (query.terms.length === 0) {
      this.clear();
      this.say("");
      this.answered(query);
      return;
    }
    this.list.setAttribute("aria-busy", "true");
    const { pagefind, matcher } = await this.ready;
    const filters = this.filters();
    const response = await pagefind.search(query.pagefind, { filters });
    if (generation !== this.generation) return;
    const accept = (content: string) =>
      matchContent(content, query.terms, matcher, this.lang)?.ranges;
    const candidates = new Candidates(response.results, accept);
    await candidates.fill(PAGE_SIZE);
    if (generation !== this.generation) return;
    this.clear();
    this.current = { query, candidates, shown: 0 };
    if (candidates.hits.length === 0 && candidates.done) {
      await this.explainNothing(query, candidates, pagefind, matcher, filters, generation);
    } else {
      this.showHits();
    }
    if (generation === this.generation) this.answered(query);
  }

  /** The search is over: the list is no longer busy, and the output names what it answers. */
  private answered(query: Query): void {
    this.list.removeAttribute("aria-busy");
    this.output.dataset.answered = query.terms
      .map((t) => (t.phrase ? `"${t.text}"` : t.text))
      .join(" ");
  }

  /** Appends the hits not shown yet (a page at most), then says how many there are. */
  private showHits(): HTMLAnchorElement | undefined {
    const current = this.current!;
    const { candidates } = current;
    const fresh = candidates.hits.slice(current.shown, current.shown + PAGE_SIZE);
    current.shown += fresh.length;
    const items = fresh.map((hit) => this.resultItem(hit));
    this.list.append(...items);
    const text = this.shownQuery();
    const more = current.shown < candidates.hits.length || !candidates.done;
    if (current.shown === 0) {
      this.say(
        `No article among the first ${candidates.checked} of ${candidates.total} pages checked contains ${quote(text)}${this.scope()}. More pages can be checked.`,
      );
      this.more.textContent = "Check more pages";
    } else {
      this.say(
        more
          ? `First ${plural(current.shown, "result", "results")} for ${quote(text)}${this.scope()}; more may follow.`
          : `${plural(current.shown, "result", "results")} for ${quote(text)}${this.scope()}.`,
      );
      this.more.textContent = "More results";
    }
    this.more.hidden = !more;
    return items[0]?.querySelector("a") ?? undefined;
  }

  private async showMore(): Promise<void> {
    const current = this.current;
    if (!current) return;
    const generation = this.generation;
    this.more.disabled = true;
    this.list.setAttribute("aria-busy", "true");
    try {
      await current.candidates.fill(current.shown + PAGE_SIZE);
      if (generation !== this.generation) return;
      if (current.candidates.hits.length === 0 && current.candidates.done) {
        const { pagefind, matcher } = await this.ready;
        this.more.hidden = true;
        await this.explainNothing(
          current.query,
          current.candidates,
          pagefind,
          matcher,
          this.filters(),
          generation,
        );
        return;
      }
      const first = this.showHits();
      // Keyboard readers carry on from the first new result (or the last one, if none was
      // found: the button they pressed is gone).
      (first ?? this.list.querySelector<HTMLAnchorElement>("li:last-child a"))?.focus();
    } finally {
      this.more.disabled = false;
      this.list.removeAttribute("aria-busy");
    }
  }

  /**
   * No candidate holds the query. Says which words no article contains (for several terms,
   * each is searched alone), or that they are never found together, and lists words of the
   * archive that begin like each missing word, apart from results and labelled as such.
   */
  private async explainNothing(
    query: Query,
    candidates: Candidates,
    pagefind: Pagefind,
    matcher: WordMatcher,
    filters: Filters,
    generation: number,
  ): Promise<void> {
    const missing: { term: Term; misses: readonly string[] }[] = [];
    if (query.terms.length === 1) {
      missing.push({ term: query.terms[0]!, misses: candidates.misses });
    } else {
      for (const term of query.terms) {
        const alone = await pagefind.search(term.words.join(" "), { filters });
        const check = new Candidates(
          alone.results,
          (content) => matchContent(content, [term], matcher, this.lang)?.ranges,
        );
        await check.fill(1);
        if (generation !== this.generation) return;
        if (check.hits.length === 0 && check.done) missing.push({ term, misses: check.misses });
      }
    }
    const scope = this.scope();
    this.say(
      missing.length > 0
        ? `No article contains ${listOf(
            missing.map((m) => m.term.text),
            "or",
          )}${scope}.`
        : `No article contains ${listOf(
            query.terms.map((t) => t.text),
            "and",
          )} together${scope}.`,
    );
    for (const { term, misses } of missing) {
      if (term.phrase) continue;
      const word = term.words[0]!;
      const found = suggestionsFor(word, misses);
      if (!found) continue;
      // Each bundle fell back on its own longest prefix: ask every bundle for the longest one
      // found, so that the list holds the words of every source that begin with it.
      const more = await pagefind.search(found.prefix, { filters });
      const texts = await Promise.all(more.results.slice(0, BATCH).map((r) => r.data()));
      if (generation !== this.generation) return;
      const all = suggestionsFor(word, [...misses, ...texts.map((f) => f.content)]);
      if (all) this.suggest(term, all.prefix, all.words);
    }
    this.suggestions.hidden = this.suggestions.childElementCount === 0;
    this.more.hidden = true;
  }

  /** "Words in the archive that begin with “inter”: interchange, interview" as buttons. */
  private suggest(term: Term, prefix: string, words: readonly string[]): void {
    const line = element("p", "search-suggestion");
    line.append(`Words in the archive that begin with ${quote(prefix)}: `);
    words.forEach((word, i) => {
      if (i > 0) line.append(", ");
      const button = element("button", "search-suggestion-word", word);
      button.type = "button";
      button.setAttribute("aria-label", `Search for ${word} instead of ${term.text}`);
      button.addEventListener("click", () => {
        this.input.value = replaceWord(this.input.value, term.text, word);
        this.input.focus();
        this.searchNow();
      });
      line.append(button);
    });
    this.suggestions.append(line);
  }

  private resultItem(hit: Hit): HTMLLIElement {
    const { fragment } = hit;
    const item = element("li", "search-result");
    const title = element("h2", "search-result-title");
    const link = element("a", "search-result-link", fragment.meta.title ?? fragment.url);
    link.href = safeHref(fragment.url);
    title.append(link);
    const meta = element(
      "p",
      "search-result-meta",
      [fragment.meta.kind, fragment.meta.source, fragment.meta.date].filter(Boolean).join(" · "),
    );
    const excerpt = element("p", "search-result-excerpt");
    for (const part of buildExcerpt(fragment.content, hit.ranges)) {
      excerpt.append(part.mark ? element("mark", undefined, part.text) : part.text);
    }
    item.append(title, meta, excerpt);
    return item;
  }
}

/** The query with its last occurrence of `word` (as a whole word) replaced. */
function replaceWord(query: string, word: string, by: string): string {
  const at = query.lastIndexOf(word);
  return at < 0 ? by : `${query.slice(0, at)}${by}${query.slice(at + word.length)}`;
}

const form = document.querySelector<HTMLFormElement>("form.search");
const output = document.querySelector<HTMLElement>(".search-output");
if (form && output) new SearchPage(form, output);
