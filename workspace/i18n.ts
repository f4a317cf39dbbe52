import de from './locales/de.json' with { type: 'json' };
import en from './locales/en.json' with { type: 'json' };

export type Locale = 'de' | 'en';
export type MessageKey = keyof typeof de;
export const LOCALES: readonly Locale[] = ['de', 'en'];

const MESSAGES: Record<Locale, Record<MessageKey, string>> = { de, en };

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** Labels come from the language files only; a placeholder `{name}` takes params.name. */
export function translator(locale: Locale): Translate {
  const messages = MESSAGES[locale];
  return (key, params) =>
    messages[key].replace(/\{(\w+)\}/g, (whole, name: string) =>
      params && name in params ? String(params[name]) : whole,
    );
}

export function parseLocale(value: string | undefined): Locale {
  return value === 'en' ? 'en' : 'de';
}
