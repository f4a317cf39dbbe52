/**
 * Helpers over resolved CloudFormation JSON (a template, or a resource resolved with
 * `Stack.resolve`). Shared by the rules and the report, so both read a template the same way.
 */

export type JsonObject = { readonly [key: string]: unknown };

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asArray(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** `obj.a.b.c` for plain JSON, undefined as soon as a step is missing. */
export function pick(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (!isObject(current)) return undefined;
    current = current[key];
  }
  return current;
}

/** Placeholder for a non-literal part when an `Fn::Join` is flattened to text. */
export const TOKEN_PLACEHOLDER = '{token}';

/**
 * Visits every string leaf with its path. Each `Fn::Join` is also visited once as the joined
 * text (non-literal parts become `{token}`), so `["arn:", "aws", ":s3:::x"]` is seen whole.
 */
export function walkStrings(
  value: unknown,
  visit: (text: string, path: readonly string[]) => void,
  path: readonly string[] = [],
): void {
  if (typeof value === 'string') {
    visit(value, path);
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => {
      walkStrings(item, visit, [...path, String(index)]);
    });
  } else if (isObject(value)) {
    const joined = joinedText(value);
    if (joined !== undefined) visit(joined, [...path, 'Fn::Join']);
    for (const [key, item] of Object.entries(value)) walkStrings(item, visit, [...path, key]);
  }
}

function joinedText(value: JsonObject): string | undefined {
  const join = value['Fn::Join'];
  if (!Array.isArray(join) || typeof join[0] !== 'string' || !Array.isArray(join[1])) {
    return undefined;
  }
  const [delimiter, parts] = join as [string, unknown[]];
  return parts
    .map((part) =>
      typeof part === 'string' ? part : (joinedText(asObject(part)) ?? TOKEN_PLACEHOLDER),
    )
    .join(delimiter);
}

function asObject(value: unknown): JsonObject {
  return isObject(value) ? value : {};
}

/** The logical id when `value` is exactly `{Ref: X}` or `{Fn::GetAtt: [X, attr]}`. */
export function directReference(value: unknown): string | undefined {
  if (!isObject(value)) return undefined;
  const ref = value.Ref;
  if (typeof ref === 'string' && !ref.startsWith('AWS::')) return ref;
  const getAtt = value['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return getAtt[0];
  if (typeof getAtt === 'string') return getAtt.split('.')[0];
  return undefined;
}

/** Every logical id referenced anywhere in `value` (Ref, GetAtt, `${X}` in Fn::Sub), sorted. */
export function referencedLogicalIds(value: unknown): string[] {
  const ids = new Set<string>();
  const visit = (item: unknown): void => {
    if (Array.isArray(item)) {
      item.forEach(visit);
      return;
    }
    if (!isObject(item)) return;
    const direct = directReference(item);
    if (direct) ids.add(direct);
    const sub = item['Fn::Sub'];
    const template = Array.isArray(sub) ? sub[0] : sub;
    if (typeof template === 'string') {
      for (const match of template.matchAll(/\$\{([A-Za-z0-9]+)(?:\.[A-Za-z0-9.]+)?\}/g)) {
        if (match[1]) ids.add(match[1]);
      }
    }
    Object.values(item).forEach(visit);
  };
  visit(value);
  return [...ids].sort();
}

/** Policy statements of a policy document, whatever shape `Statement` has. */
export function statementsOf(document: unknown): JsonObject[] {
  return asArray(pick(document, 'Statement')).filter(isObject);
}

/** Strings of a string-or-array field, e.g. a statement's `Action`. */
export function stringsOf(value: unknown): string[] {
  return asArray(value).filter((item): item is string => typeof item === 'string');
}
