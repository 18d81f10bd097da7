/**
 * Word wrapping of mixed-style text (runs of regular, bold, italic text) for a given width.
 * Pure: it only needs a function that measures a string in a style.
 */

export interface TextStyle {
  bold?: boolean;
  italic?: boolean;
}

interface TextRun extends TextStyle {
  text: string;
}

/** Plain text, or runs of styled text drawn one after another. */
export type RichText = string | readonly TextRun[];

interface LaidOutSegment extends TextStyle {
  text: string;
  width: number;
}

export interface LaidOutLine {
  segments: LaidOutSegment[];
  width: number;
}

export type MeasureText = (text: string, style: TextStyle) => number;

function toRuns(text: RichText, base: TextStyle = {}): TextRun[] {
  if (typeof text === 'string') return [{ text, ...base }];
  return text.map((run) => ({ ...base, ...run }));
}

interface Token extends TextStyle {
  text: string;
  space: boolean;
}

function tokenize(runs: readonly TextRun[]): Token[][] {
  // One token list per hard line break.
  const paragraphs: Token[][] = [[]];
  for (const run of runs) {
    const parts = run.text.normalize('NFC').split(/(\n|\s+)/u);
    for (const part of parts) {
      if (part === '') continue;
      if (part === '\n') {
        paragraphs.push([]);
        continue;
      }
      const current = paragraphs[paragraphs.length - 1];
      current?.push({
        text: /^\s+$/u.test(part) ? ' ' : part,
        space: /^\s+$/u.test(part),
        bold: run.bold,
        italic: run.italic,
      });
    }
  }
  return paragraphs;
}

function sameStyle(a: TextStyle, b: TextStyle): boolean {
  return Boolean(a.bold) === Boolean(b.bold) && Boolean(a.italic) === Boolean(b.italic);
}

function appendSegment(line: LaidOutLine, token: TextStyle & { text: string }, width: number): void {
  const last = line.segments[line.segments.length - 1];
  if (last && sameStyle(last, token)) {
    last.text += token.text;
    last.width += width;
  } else {
    line.segments.push({ text: token.text, width, bold: token.bold, italic: token.italic });
  }
  line.width += width;
}

function trimTrailingSpace(line: LaidOutLine, measure: MeasureText): void {
  const last = line.segments[line.segments.length - 1];
  if (!last?.text.endsWith(' ')) return;
  const trimmed = last.text.replace(/ +$/u, '');
  const newWidth = measure(trimmed, last);
  line.width -= last.width - newWidth;
  last.text = trimmed;
  last.width = newWidth;
  if (trimmed === '') line.segments.pop();
}

/** Splits a word longer than the line (a URL, a long code) at character boundaries. */
function splitLongWord(token: Token, maxWidth: number, measure: MeasureText): Token[] {
  const pieces: Token[] = [];
  let piece = '';
  for (const char of Array.from(token.text)) {
    if (piece !== '' && measure(piece + char, token) > maxWidth) {
      pieces.push({ ...token, text: piece });
      piece = '';
    }
    piece += char;
  }
  if (piece !== '') pieces.push({ ...token, text: piece });
  return pieces;
}

/** Greedy line breaking at spaces; explicit "\n" starts a new line. */
export function layoutRichText(
  text: RichText,
  maxWidth: number,
  measure: MeasureText,
  base: TextStyle = {},
): LaidOutLine[] {
  const lines: LaidOutLine[] = [];
  for (const tokens of tokenize(toRuns(text, base))) {
    let line: LaidOutLine = { segments: [], width: 0 };
    for (const token of tokens) {
      if (token.space) {
        if (line.segments.length > 0) appendSegment(line, token, measure(token.text, token));
        continue;
      }
      const pieces = measure(token.text, token) > maxWidth ? splitLongWord(token, maxWidth, measure) : [token];
      for (const piece of pieces) {
        const width = measure(piece.text, piece);
        if (line.segments.length > 0 && line.width + width > maxWidth) {
          trimTrailingSpace(line, measure);
          lines.push(line);
          line = { segments: [], width: 0 };
        }
        appendSegment(line, piece, width);
      }
    }
    trimTrailingSpace(line, measure);
    lines.push(line);
  }
  return lines;
}
