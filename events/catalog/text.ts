/**
 * Text people type that others will read: names and reasons may not carry characters that hide
 * or disguise what they say — control characters (NUL, bell, escape …), bidirectional overrides
 * and isolates that reorder what is shown, or lone UTF-16 surrogates that are no character at all.
 * Checked where a request is validated (the API's schemas), so events written earlier still read.
 */
import type { z } from 'zod';

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
/** In text of several lines, line breaks and tabs are fine. */
const CONTROL_BUT_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

export function isCleanLine(text: string): boolean {
  return text.isWellFormed() && !CONTROL.test(text) && !BIDI.test(text);
}

export function isCleanText(text: string): boolean {
  return text.isWellFormed() && !CONTROL_BUT_LINES.test(text) && !BIDI.test(text);
}

/** A name (one line) refused, with the field's error `invalidCharacters`, when it holds such characters. */
export const cleanLine = <T extends z.ZodType<string>>(schema: T) => schema.refine(isCleanLine, { error: 'invalidCharacters' });
/** Text of one or more lines, the same. */
export const cleanText = <T extends z.ZodType<string>>(schema: T) => schema.refine(isCleanText, { error: 'invalidCharacters' });
