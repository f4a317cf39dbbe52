import type { Provenance } from '../../shared/documents';

export interface TranslationRequest {
  /** Segments to translate; the result has exactly one text per segment, in order. */
  texts: string[];
  from: string;
  to: string;
  /** Terms to keep as they are (names, benefits), for providers with glossaries or prompts. */
  glossary?: readonly string[];
}

export interface TranslationResult {
  texts: string[];
  provenance: Provenance;
}

export interface TranslationProvider {
  readonly type: string;
  translate(request: TranslationRequest): Promise<TranslationResult>;
}
