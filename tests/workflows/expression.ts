/**
 * The part of GitHub Actions' expression language the workflows' `if:` conditions use, evaluated
 * the way GitHub documents it ("Evaluate expressions in workflows and actions"): `&&` and `||`
 * give one of their operands, `!` negates, `==` and `!=` compare strings ignoring case and
 * otherwise as numbers (null, '' and false are 0), a property that does not exist is null, and a
 * value is falsy when it is false, 0, '', null or NaN. Anything else (functions, indexes,
 * `<`, `>`) throws, so a condition the tests cannot read fails loudly instead of passing.
 */
export type Value = string | number | boolean | null | { [key: string]: Value };

type Token = { kind: "op"; text: string } | { kind: "value"; value: Value } | { kind: "path"; path: string[] };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /\s*(?:(&&|\|\||==|!=|!|\(|\))|'((?:[^']|'')*)'|(-?\d+(?:\.\d+)?)\b|([A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)*))/y;
  let at = 0;
  while (at < source.length) {
    if (/^\s*$/.test(source.slice(at))) break;
    pattern.lastIndex = at;
    const match = pattern.exec(source);
    if (!match) throw new Error(`cannot read the expression at ${JSON.stringify(source.slice(at))}`);
    at = pattern.lastIndex;
    const [, op, text, number, path] = match;
    if (op !== undefined) tokens.push({ kind: "op", text: op });
    else if (text !== undefined) tokens.push({ kind: "value", value: text.replaceAll("''", "'") });
    else if (number !== undefined) tokens.push({ kind: "value", value: Number(number) });
    else if (path === "true" || path === "false") tokens.push({ kind: "value", value: path === "true" });
    else if (path === "null") tokens.push({ kind: "value", value: null });
    else tokens.push({ kind: "path", path: path.split(".") });
  }
  return tokens;
}

export function truthy(value: Value): boolean {
  return !(value === false || value === null || value === "" || value === 0 || Number.isNaN(value));
}

function asNumber(value: Value): number {
  if (value === null || value === false || value === "") return 0;
  if (value === true) return 1;
  if (typeof value === "number") return value;
  if (typeof value === "string") return Number(value);
  return NaN;
}

function equal(a: Value, b: Value): boolean {
  if (typeof a === "string" && typeof b === "string") return a.toLowerCase() === b.toLowerCase();
  if (typeof a === "object" && a !== null) return a === b;
  return asNumber(a) === asNumber(b);
}

/** The value of an expression (with or without `${{ }}`) in a context such as `{ vars: {...} }`. */
export function evaluate(expression: string, context: Record<string, Value>): Value {
  const tokens = tokenize(expression.trim().replace(/^\$\{\{([\s\S]*)\}\}$/, "$1"));
  let next = 0;
  const peek = (text: string) => {
    const token = tokens[next];
    return token?.kind === "op" && token.text === text;
  };
  const lookup = (path: string[]): Value =>
    path.reduce<Value>((value, key) => (value !== null && typeof value === "object" ? (value[key] ?? null) : null), context);

  function primary(): Value {
    const token = tokens[next++];
    if (token === undefined) throw new Error(`the expression ends too soon: ${expression}`);
    if (token.kind === "value") return token.value;
    if (token.kind === "path") return lookup(token.path);
    if (token.text === "(") {
      const value = or();
      if (!peek(")")) throw new Error(`a ( is not closed: ${expression}`);
      next++;
      return value;
    }
    throw new Error(`unexpected ${token.text} in ${expression}`);
  }
  function comparison(): Value {
    const left = primary();
    if (peek("==") || peek("!=")) {
      const negate = (tokens[next++] as { text: string }).text === "!=";
      return equal(left, primary()) !== negate;
    }
    return left;
  }
  function unary(): Value {
    if (peek("!")) {
      next++;
      return !truthy(unary());
    }
    return comparison();
  }
  /** `a && b ...` gives its first falsy operand, `a || b ...` its first truthy one; else the last. */
  function chain(operator: "&&" | "||", operand: () => Value): Value {
    let value = operand();
    while (peek(operator)) {
      next++;
      const right = operand();
      value = truthy(value) === (operator === "&&") ? right : value;
    }
    return value;
  }
  function or(): Value {
    return chain("||", () => chain("&&", unary));
  }

  const value = or();
  if (next !== tokens.length) throw new Error(`cannot read the rest of ${expression}`);
  return value;
}

/** A string with `${{ }}` expressions in it, as GitHub fills in `env:` and `with:` values. */
export function interpolate(text: string, context: Record<string, Value>): string {
  return text.replace(/\$\{\{([\s\S]*?)\}\}/g, (_, expression: string) => {
    const value = evaluate(expression, context);
    return value === null ? "" : typeof value === "object" ? JSON.stringify(value) : String(value);
  });
}
