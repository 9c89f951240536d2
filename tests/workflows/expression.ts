/**
 * GitHub Actions' expressions, evaluated by GitHub's own implementation, `@actions/expressions`
 * (the language services' parser and evaluator), so that what the tests say an `if:` or an
 * `env:` value comes to is what GitHub's rules say, not a reading of them written here. The
 * package is ECMAScript modules only: `loadExpressions()` imports it once, in a `before` hook,
 * and `evaluate` refuses to run before that.
 */
import type * as Expressions from "@actions/expressions";

/** A context value as the workflows' tests write it: plain JSON. */
export type Value = string | number | boolean | null | Value[] | { [key: string]: Value };

/** The contexts every job has (empty where a test gives none), as GitHub provides them. */
const CONTEXTS = ["github", "env", "vars", "secrets", "inputs", "matrix", "strategy", "needs", "steps", "job", "runner"];

let library: { expressions: typeof Expressions; truthy: (value: Expressions.data.ExpressionData) => boolean } | undefined;

/** Imports `@actions/expressions`: await it in a `before` hook of every file that evaluates. */
export async function loadExpressions(): Promise<void> {
  const [expressions, result] = await Promise.all([import("@actions/expressions"), import("@actions/expressions/result")]);
  library = { expressions, truthy: result.truthy };
}

function loaded(): NonNullable<typeof library> {
  if (!library) throw new Error("call loadExpressions() in a before hook first");
  return library;
}

function evaluated(expression: string, context: Record<string, Value>): Expressions.data.ExpressionData {
  const { Evaluator, Lexer, Parser, data } = loaded().expressions;
  const source = expression.trim().replace(/^\$\{\{([\s\S]*)\}\}$/, "$1");
  const lexed = new Lexer(source).lex();
  const tree = new Parser(lexed.tokens, CONTEXTS, []).parse();
  const all = { ...Object.fromEntries(CONTEXTS.map((name) => [name, {}])), ...context };
  const dictionary = JSON.parse(JSON.stringify(all), data.reviver) as Expressions.data.Dictionary;
  return new Evaluator(tree, dictionary).evaluate();
}

/** The value of an expression (with or without `${{ }}`) in a context such as `{ vars: {...} }`. */
export function evaluate(expression: string, context: Record<string, Value>): Value {
  const { data } = loaded().expressions;
  return JSON.parse(JSON.stringify(evaluated(expression, context), data.replacer)) as Value;
}

/** Whether an `if:` condition holds, by GitHub's rules of truth. */
export function holds(condition: string, context: Record<string, Value>): boolean {
  return loaded().truthy(evaluated(condition, context));
}

/** A string with `${{ }}` expressions in it, as GitHub fills in `env:` and `with:` values. */
export function interpolate(text: string, context: Record<string, Value>): string {
  return text.replace(/\$\{\{([\s\S]*?)\}\}/g, (_, expression: string) => evaluated(expression, context).coerceString());
}
