/**
 * Writes functions/redaction/names/nameGazetteer.json: lower-case first and family names for
 * the offline name detector, from @faker-js/faker's locale data (de, en, tr, and uk and ru
 * transliterated to Latin script as ID documents and speech recognisers write them), plus
 * Arabic names in Latin script (functions/redaction/names/extraNames.ts: faker's ar locale is
 * in Arabic script only). Common words are left out so they never read as names.
 * Run: node --import tsx scripts/generate-name-gazetteer.ts
 */
import { writeFileSync } from 'node:fs';
import { allLocales } from '@faker-js/faker';
import {
  ARABIC_FAMILY_NAMES,
  ARABIC_GIVEN_NAMES,
  COMMON_GIVEN_NAMES,
} from '../functions/redaction/names/extraNames';
import { NOT_NAMES } from '../functions/redaction/names/notNames';
import { exitWithUsageIfAsked } from './usage';

exitWithUsageIfAsked(`Usage: npm run generate-name-gazetteer
Regenerates functions/redaction/names/nameGazetteer.json, the offline name gazetteer, from
faker's locale data (German, English, Turkish; Ukrainian and Russian transliterated).
  -h, --help   show this help and do nothing else`);

type NameList = string[] | Record<string, string[]> | undefined;
const flat = (list: NameList): string[] =>
  !list ? [] : Array.isArray(list) ? list : Object.values(list).flat();

/** Cyrillic to Latin; several spellings where transliteration systems differ. */
const CYRILLIC: Record<string, string[]> = {
  а: ['a'],
  б: ['b'],
  в: ['v'],
  г: ['h', 'g'],
  ґ: ['g'],
  д: ['d'],
  е: ['e'],
  є: ['ie', 'ye'],
  ё: ['e', 'yo'],
  ж: ['zh'],
  з: ['z'],
  и: ['y', 'i'],
  і: ['i'],
  ї: ['i', 'yi'],
  й: ['i', 'y'],
  к: ['k'],
  л: ['l'],
  м: ['m'],
  н: ['n'],
  о: ['o'],
  п: ['p'],
  р: ['r'],
  с: ['s'],
  т: ['t'],
  у: ['u'],
  ф: ['f'],
  х: ['kh'],
  ц: ['ts'],
  ч: ['ch'],
  ш: ['sh'],
  щ: ['shch'],
  ъ: [''],
  ы: ['y'],
  ь: [''],
  э: ['e'],
  ю: ['iu', 'yu'],
  я: ['ia', 'ya'],
  "'": [''],
  ʼ: [''],
  '’': [''],
};

function transliterate(word: string, russian: boolean): string[] {
  let variants = [''];
  for (const ch of word.toLowerCase()) {
    let options = CYRILLIC[ch] ?? [ch];
    // Russian г is g and и is i; Ukrainian г is h and и is y.
    if (russian && ch === 'г') options = ['g'];
    if (russian && ch === 'и') options = ['i'];
    variants = variants.flatMap((v) => options.map((o) => v + o));
    if (variants.length > 16) variants = variants.slice(0, 16);
  }
  // Endings as commonly written: Дмитрий -> Dmitri, Dmitry, Dmitriy, Dmitrii.
  const endings = variants.flatMap((v) =>
    /(ii|iy|yi)$/.test(v) ? [v, v.replace(/(ii|iy|yi)$/, 'i'), v.replace(/(ii|iy|yi)$/, 'y')] : [v],
  );
  return [...new Set(endings)].filter((v) => /^[a-z-]+$/.test(v));
}

const first = new Set<string>();
const last = new Set<string>();
for (const locale of ['de', 'en', 'tr', 'de_AT', 'de_CH', 'en_GB']) {
  const person = allLocales[locale as keyof typeof allLocales]?.person;
  for (const name of flat(person?.first_name as NameList)) first.add(name.toLowerCase());
  for (const name of flat(person?.last_name as NameList)) last.add(name.toLowerCase());
}
for (const locale of ['uk', 'ru'] as const) {
  const person = allLocales[locale]?.person;
  const russian = locale === 'ru';
  for (const name of flat(person?.first_name as NameList)) {
    for (const v of transliterate(name, russian)) first.add(v);
  }
  for (const name of flat(person?.last_name as NameList)) {
    for (const v of transliterate(name, russian)) last.add(v);
  }
}
for (const name of [...ARABIC_GIVEN_NAMES, ...COMMON_GIVEN_NAMES]) first.add(name.toLowerCase());
for (const name of ARABIC_FAMILY_NAMES) last.add(name.toLowerCase());

const keep = (name: string) => name.length >= 2 && !NOT_NAMES.has(name) && !/\s/.test(name);
const out = {
  source: '@faker-js/faker person locales de, en, tr, uk, ru (transliterated); extraNames.ts',
  first: [...first].filter(keep).sort(),
  last: [...last].filter(keep).sort(),
};
writeFileSync(
  new URL('../functions/redaction/names/nameGazetteer.json', import.meta.url),
  `${JSON.stringify(out)}\n`,
);
console.log(`${out.first.length} first names, ${out.last.length} family names`);
