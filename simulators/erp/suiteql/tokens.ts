/**
 * Tokens of the SuiteQL subset (see parse.ts) and a cursor whose errors name what it found,
 * with its position, so a 400 tells the client exactly which part is unsupported.
 */

/**
 * Thrown for anything outside the subset; the route turns it into NetSuite's 400.
 *
 * @example throw new SuiteQlError("Unsupported 'OR' at position 31.")
 */
export class SuiteQlError extends Error {}

export type Token =
  | { kind: 'word'; text: string; at: number }
  | { kind: 'string'; text: string; at: number }
  | { kind: 'number'; text: string; at: number }
  | { kind: 'symbol'; text: string; at: number };

const TOKEN =
  /(?:([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?)|'((?:[^']|'')*)'|(-?\d+(?:\.\d+)?)|(<>|!=|<=|>=|[*,()=<>]))/y;

/**
 * Split a query into tokens; any other character is an error naming it.
 *
 * @example tokenize("id = 'a'").map((t) => t.text) // ['id', '=', 'a']
 */
export function tokenize(q: string): Token[] {
  const out: Token[] = [];
  let at = 0;
  for (;;) {
    while (at < q.length && /\s/.test(q[at]!)) at++;
    if (at >= q.length) return out;
    TOKEN.lastIndex = at;
    const m = TOKEN.exec(q);
    if (!m) throw new SuiteQlError(`Unsupported character '${q[at]}' at position ${at + 1}.`);
    if (m[1] !== undefined) out.push({ kind: 'word', text: m[1], at });
    else if (m[2] !== undefined) out.push({ kind: 'string', text: m[2].replace(/''/g, "'"), at });
    else if (m[3] !== undefined) out.push({ kind: 'number', text: m[3], at });
    else out.push({ kind: 'symbol', text: m[4]!, at });
    at = TOKEN.lastIndex;
  }
}

/**
 * A cursor over tokens with error messages that name what was found.
 *
 * @example const c = new Cursor(tokenize(q)); c.expectWord('SELECT')
 */
export class Cursor {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}
  peek(): Token | undefined {
    return this.tokens[this.i];
  }
  next(): Token | undefined {
    return this.tokens[this.i++];
  }
  isWord(word: string): boolean {
    const t = this.peek();
    return t?.kind === 'word' && t.text.toUpperCase() === word;
  }
  expectWord(word: string): void {
    if (!this.isWord(word)) this.unexpected(`${word}`);
    this.i++;
  }
  expectSymbol(symbol: string): void {
    const t = this.peek();
    if (t?.kind !== 'symbol' || t.text !== symbol) this.unexpected(`'${symbol}'`);
    this.i++;
  }
  unexpected(expected: string): never {
    const t = this.peek();
    if (!t) throw new SuiteQlError(`Unexpected end of query; expected ${expected}.`);
    throw new SuiteQlError(
      `Unsupported or unexpected '${t.text}' at position ${t.at + 1}; expected ${expected}. The simulator supports SELECT … FROM table [JOIN table ON …] [WHERE …] [GROUP BY …] [ORDER BY …].`,
    );
  }
}
