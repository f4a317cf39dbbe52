import { isObject, TOKEN_PLACEHOLDER } from '../cfnJson';

/** Code-point order: the same on every machine and locale, unlike localeCompare. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort(compareText);
}

export function sortBy<T>(items: Iterable<T>, key: (item: T) => string): T[] {
  return [...items].sort((a, b) => compareText(key(a), key(b)));
}

/** A template value as short text: `{Ref:X}`, `{X.Arn}`, Fn::Join flattened. */
export function renderValue(value: unknown): string {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  if (Array.isArray(value)) return value.map(renderValue).join(', ');
  if (!isObject(value)) return TOKEN_PLACEHOLDER;
  if (typeof value.Ref === 'string') return `{Ref:${value.Ref}}`;
  const getAtt = value['Fn::GetAtt'];
  if (Array.isArray(getAtt)) return `{${getAtt.map(String).join('.')}}`;
  const join = value['Fn::Join'];
  if (Array.isArray(join) && Array.isArray(join[1])) {
    return join[1].map(renderValue).join(String(join[0]));
  }
  if (typeof value['Fn::ImportValue'] === 'string') return `{Import:${value['Fn::ImportValue']}}`;
  return TOKEN_PLACEHOLDER;
}

/** Construct path without the leading slash and the trailing `/Resource` of L2 constructs. */
export function displayPath(path: string): string {
  // CDK leaves `Default` out of logical ids; CallbriefStack holds its pipeline under that id.
  return path
    .replace(/^\//, '')
    .replace(/\/Default(?=\/)/g, '')
    .replace(/\/(Resource|Default)$/, '');
}
