import { describe, expect, it } from 'vitest';
import {
  ApertiumTranslation,
  apertiumLanguage,
  planApertiumRoute,
} from '../../../functions/providers/translation/apertium';
import { ConfigurationError, PermanentError } from '../../../functions/shared/errors';

describe('Class: ApertiumTranslation', () => {
  const provider = new ApertiumTranslation();

  it('translates en -> es keeping one text per segment, in order', async () => {
    // Act
    const result = await provider.translate({
      texts: ['I would like to buy a house.', '', 'my friend', 'The red', 'dog is big'],
      from: 'en',
      to: 'es',
    });

    // Assess
    expect(result.texts).toHaveLength(5);
    expect(result.texts[0]).toContain('casa');
    expect(result.texts[1]).toBe('');
    // Lower-case source stays lower-case although apertium capitalises after a boundary.
    expect(result.texts[2]).toBe('mi amigo');
    // Blank-line separation keeps an unfinished segment from merging with the next one.
    expect(result.texts[3]?.toLowerCase()).toContain('rojo');
    expect(result.texts[4]?.toLowerCase()).toContain('perro');
    expect(result.provenance).toMatchObject({ provider: 'apertium', model: 'eng-spa' });
    expect(result.provenance.model_version).toMatch(/^\d/);
    expect(result.provenance.latency_ms).toBeGreaterThan(0);
  });

  it('keeps a segment ending in an abbreviation apart from the next one', async () => {
    // Act: apertium reads "sep" as an abbreviation, which used to swallow the boundary
    const result = await provider.translate({
      texts: ['the red Sep', 'house is big'],
      from: 'en',
      to: 'es',
    });

    // Assess
    expect(result.texts[0]).not.toContain('casa');
    expect(result.texts[1]).toBe('la casa es grande');
  });

  it('translates lower-case recogniser output, "i" and weekdays included', async () => {
    // Act
    const result = await provider.translate({
      texts: ['i will send you the form by friday'],
      from: 'en',
      to: 'es',
    });

    // Assess
    expect(result.texts[0]).toMatch(/^te enviaré .*viernes$/);
  });

  it('keeps segments with nothing to translate unchanged', async () => {
    // Act
    const result = await provider.translate({
      texts: ['...', '  ', 'hello'],
      from: 'en',
      to: 'es',
    });

    // Assess
    expect(result.texts).toEqual(['...', '  ', 'hola']);
  });

  it('returns texts unchanged without apertium when the languages match', async () => {
    // Prepare: a binary that does not exist proves apertium is not called
    const offline = new ApertiumTranslation({ binary: '/nonexistent/apertium' });

    // Act
    const result = await offline.translate({ texts: ['one', ''], from: 'en', to: 'en-GB' });

    // Assess
    expect(result.texts).toEqual(['one', '']);
    expect(result.provenance).toEqual({ provider: 'apertium', model: 'identity', latency_ms: 0 });
  });

  it('throws unsupported-language-pair naming the pair and the installed pairs', async () => {
    // Act
    const attempt = provider.translate({ texts: ['Hallo'], from: 'de', to: 'fr' });

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(PermanentError);
    await expect(attempt).rejects.toMatchObject({
      code: 'unsupported-language-pair',
      message: expect.stringMatching(/de -> fr.*eng-spa/),
    });
  });

  it('throws a ConfigurationError with the install command when the binary is missing', async () => {
    // Prepare
    const missing = new ApertiumTranslation({ binary: '/nonexistent/apertium' });

    // Act
    const attempt = missing.translate({ texts: ['hello'], from: 'en', to: 'es' });

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(ConfigurationError);
    await expect(attempt).rejects.toThrow(/apt-get install apertium apertium-eng-spa/);
  });

  it('keeps 200 segments aligned through a round trip en -> es -> en', async () => {
    // Prepare
    const texts = Array.from({ length: 200 }, (_, i) =>
      i % 17 === 0 ? '' : `Segment ${i}: the citizen needs a new passport for house number ${i}`,
    );

    // Act
    const spanish = await provider.translate({ texts, from: 'en', to: 'es' });
    const back = await provider.translate({ texts: spanish.texts, from: 'es', to: 'en' });

    // Assess
    expect(back.texts).toHaveLength(200);
    back.texts.forEach((text, i) => {
      if (i % 17 === 0) expect(text).toBe('');
      else expect(text).toContain(String(i));
    });
    expect(spanish.texts[1]).toContain('pasaporte');
  });
});

describe('Function: planApertiumRoute', () => {
  it('uses the direct pair when installed', () => {
    expect(planApertiumRoute('en', 'es', ['eng-spa', 'spa-eng'])).toEqual(['eng-spa']);
  });

  it('pivots through Spanish when only the two legs exist', () => {
    // Prepare: pretend only eng-spa and spa-cat exist
    const installed = ['eng-spa', 'spa-cat'];

    // Act and assess
    expect(planApertiumRoute('en', 'ca', installed)).toEqual(['eng-spa', 'spa-cat']);
    expect(planApertiumRoute('ca', 'en', installed)).toBeUndefined();
  });

  it('pivots through English and accepts old two-letter mode names', () => {
    expect(planApertiumRoute('es', 'eo', ['spa-eng', 'en-eo'])).toEqual(['spa-eng', 'en-eo']);
  });

  it('ignores variant modes', () => {
    expect(planApertiumRoute('en', 'ca', ['eng-cat_valencia', 'eo-en-j'])).toBeUndefined();
  });

  it('maps ISO 639-1 and region tags to apertium codes', () => {
    expect(['en-GB', 'es', 'sh', 'eus'].map(apertiumLanguage)).toEqual([
      'eng',
      'spa',
      'hbs',
      'eus',
    ]);
  });
});

describe('Method: ApertiumTranslation.routeFor', () => {
  it('plans a pivot from an injected installed-pairs list', async () => {
    // Prepare
    const provider = new ApertiumTranslation({ installedPairs: ['eng-spa', 'spa-cat'] });

    // Act and assess
    await expect(provider.routeFor('en', 'ca')).resolves.toEqual(['eng-spa', 'spa-cat']);
    await expect(provider.routeFor('de', 'fr')).rejects.toMatchObject({
      code: 'unsupported-language-pair',
    });
  });
});
